"""The tables as staff see them: copies without the secret columns, and how rows are named.

Customers' password hashes and one-time-link hashes are not in the admin at all: it works on copies of
those two tables without that column, so it can neither show nor overwrite them (piccolo-admin hides only
`secret=True` columns from its API, and its edit form would still send them back empty)."""

from __future__ import annotations

from piccolo.columns.readable import Readable
from piccolo.table import Table, create_table_class

from portal.tables import (
    Account,
    AccountToken,
    Asset,
    Category,
    ChatThread,
    Department,
    Depot,
    Invoice,
    Location,
    Order,
    OrderTemplate,
    Organisation,
    Product,
    ProductType,
    Quote,
    RentalReference,
    ServiceRequest,
    Subcategory,
)


def without(table: type[Table], *hidden: str) -> type[Table]:
    """`table` without the `hidden` columns, on the same database table."""
    view = create_table_class(
        f"{table.__name__}ForStaff",
        bases=(table,),
        class_kwargs={"tablename": table._meta.tablename},
        class_members=dict.fromkeys(hidden),  # a column overridden by None is no column
    )
    # Defining the copy registered its foreign keys with the tables they point at; without this the
    # admin would list "account" twice under "referencing tables" of an organisation.
    for foreign_key in view._meta.foreign_key_columns:
        target = foreign_key._foreign_key_meta.resolved_references._meta
        target._foreign_key_references[:] = [c for c in target._foreign_key_references if c is not foreign_key]
    # …and the rows pointing at an account are those pointing at the real table.
    view._meta._foreign_key_references = table._meta._foreign_key_references
    return view


StaffAccount = without(Account, "password_hash", "sessions_ended_at")
StaffAccountToken = without(AccountToken, "token_hash")

# How a row is named where another row points at it (piccolo-admin shows ids otherwise). Installed
# only where a table has no get_readable of its own, so one defined on the table wins.
READABLE: dict[type[Table], tuple[str, tuple[str, ...]]] = {
    Organisation: ("%s (%s)", ("name", "customer_number")),
    Location: ("%s", ("name",)),
    Department: ("%s", ("name",)),
    Depot: ("%s", ("name",)),
    Account: ("%s <%s>", ("name", "email")),
    Category: ("%s", ("name",)),
    Subcategory: ("%s", ("name",)),
    ProductType: ("%s", ("name",)),
    Product: ("%s %s", ("article_number", "name")),
    RentalReference: ("%s", ("reference",)),
    Asset: ("%s", ("object_number",)),
    ServiceRequest: ("%s", ("number",)),
    Order: ("%s", ("number",)),
    OrderTemplate: ("%s", ("name",)),
    Quote: ("%s", ("number",)),
    Invoice: ("%s", ("number",)),
    ChatThread: ("%s", ("subject",)),
}


def _install_readables() -> None:
    for table, (template, names) in READABLE.items():
        if "get_readable" in table.__dict__:
            continue

        def get_readable(cls: type[Table], template: str = template, names: tuple[str, ...] = names) -> Readable:
            return Readable(template=template, columns=[getattr(cls, name) for name in names])

        table.get_readable = classmethod(get_readable)  # type: ignore[method-assign,assignment]


_install_readables()
