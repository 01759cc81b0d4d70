"""A change the database refuses, told to staff in Dutch.

piccolo-api answers a refused write with `{"db_error": <the database's own text>}`: SQL words, table and
constraint names, different on SQLite and PostgreSQL, and piccolo-admin puts "Database error:" before it.
Staff get instead what is wrong, with the field named as the admin's form names it, and what to do."""

from __future__ import annotations

import re

from piccolo.apps.user.tables import BaseUser
from piccolo.table import Table

from portal.i18n import _
from portal.tables import TABLES

_TABLES: dict[str, type[Table]] = {table._meta.tablename: table for table in (*TABLES, BaseUser)}

# SQLite's texts, then PostgreSQL's (asyncpg's exception message).
_NOT_NULL = (re.compile(r"NOT NULL constraint failed: \w+\.(\w+)"), re.compile(r'null value in column "(\w+)"'))
_UNIQUE_SQLITE = re.compile(r"UNIQUE constraint failed: \w+\.(\w+)")
_UNIQUE_POSTGRES = re.compile(r'duplicate key value violates unique constraint "(\w+)"')
_STILL_REFERENCED_POSTGRES = re.compile(r'update or delete on table "\w+" violates foreign key constraint "\w+" on table "(\w+)"')
_MISSING_REFERENCE_POSTGRES = re.compile(r'insert or update on table "(\w+)" violates foreign key constraint "(\w+)"')
_FOREIGN_KEY = ("FOREIGN KEY constraint failed", "violates foreign key constraint")
_CHECK = ("CHECK constraint failed", "violates check constraint")


def label(name: str) -> str:
    """A column or table as the admin shows it (pydantic's title: "customer_number" -> "Customer Number")."""
    return name.replace("_", " ").title()


def _column(tablename: str, name: str) -> str | None:
    table = _TABLES.get(tablename)
    if table is None or name not in {column._meta.name for column in table._meta.columns}:
        return None
    return name


def _constraint_column(tablename: str, constraint: str, suffix: str) -> str | None:
    """The column of a PostgreSQL constraint named as it names them: <table>_<column>_key, _fkey."""
    prefix = f"{tablename}_"
    if not (constraint.startswith(prefix) and constraint.endswith(suffix)):
        return None
    return _column(tablename, constraint[len(prefix):-len(suffix)])


def staff_message(db_error: str, *, tablename: str, method: str) -> str:
    """The Dutch message for the database's refusal `db_error` of a `method` request on `tablename`."""
    for pattern in _NOT_NULL:
        if match := pattern.search(db_error):
            if column := _column(tablename, match.group(1)):
                return _('Het veld "%(field)s" is verplicht. Vul het in en sla opnieuw op.') % {"field": label(column)}
            return _("Een verplicht veld is leeg. Vul alle verplichte velden in en sla opnieuw op.")

    column = None
    if match := _UNIQUE_SQLITE.search(db_error):
        column = _column(tablename, match.group(1))
    elif match := _UNIQUE_POSTGRES.search(db_error):
        column = _constraint_column(tablename, match.group(1), "_key")
    if match:
        if column:
            return _('De waarde van "%(field)s" bestaat al bij een andere rij. Kies een andere waarde.') % {
                "field": label(column)}
        return _("Deze waarde bestaat al bij een andere rij. Kies een andere waarde.")

    if any(text in db_error for text in _FOREIGN_KEY):
        referencing = _STILL_REFERENCED_POSTGRES.search(db_error)
        if referencing or (method == "DELETE" and _FOREIGN_KEY[0] in db_error):  # SQLite does not say which
            where = _(' (in "%(table)s")') % {"table": label(referencing.group(1))} if referencing else ""
            return _(
                "Deze rij kan niet worden verwijderd: andere gegevens verwijzen ernaar%(where)s. Verwijder of wijzig "
                "die eerst, of zet deze rij op inactief als dat kan."
            ) % {"where": where}
        missing = _MISSING_REFERENCE_POSTGRES.search(db_error)
        column = _constraint_column(missing.group(1), missing.group(2), "_fkey") if missing else None
        if column and missing and missing.group(1) == tablename:
            return _('Een gekozen verwijzing bestaat niet (meer). Kies bij "%(field)s" een bestaande rij.') % {
                "field": label(column)}
        return _("Een gekozen verwijzing bestaat niet (meer). Kies een bestaande rij en sla opnieuw op.")

    if any(text in db_error for text in _CHECK):
        return _("Een ingevulde waarde is niet toegestaan. Controleer de velden en sla opnieuw op.")
    return _("De database heeft de wijziging geweigerd. Controleer de ingevulde velden en probeer het opnieuw.")
