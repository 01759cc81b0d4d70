"""Downloads built in the background (AST-4): a PDF too large to build while the user waits."""

from piccolo.columns import ForeignKey, Integer, OnDelete, Text, Timestamptz, Varchar
from piccolo.table import Table

from portal.tables.accounts import Account
from portal.tables.organisations import Organisation


class ExportJob(Table):
    # The id in URLs: random, so one account cannot guess another's download.
    token = Varchar(length=40, unique=True)
    account = ForeignKey(Account, null=False, on_delete=OnDelete.cascade, index=True)
    organisation = ForeignKey(Organisation, null=False, on_delete=OnDelete.cascade, index=True)
    # The list it was asked from (a registered export source) and what was asked: xlsx | pdf | labels.
    source = Varchar(length=40, default="fleet")
    kind = Varchar(length=10)
    # The filters and sort of the list it was asked from, as the list's query string.
    query = Text(default="")
    status = Varchar(length=10, default="queued")  # queued | running | done | failed
    total = Integer(default=0)
    done = Integer(default=0)
    file_name = Varchar(length=200, default="")
    file_path = Text(default="")
    error = Text(default="")
    created_at = Timestamptz()
    # The heartbeat: moves while the job works; a running job that stopped moving died with its process.
    # At most one queued or running job per account (a partial unique index, see the migrations).
    updated_at = Timestamptz()
    finished_at = Timestamptz(null=True, default=None)
