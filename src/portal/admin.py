"""piccolo-admin at /admin for HartingBank's own staff (STAFF-1, STAFF-2).

Staff are Piccolo `BaseUser`s (`python -m portal create-staff-user`, see portal.domain.staff). The admin
signs them in with its own session cookie (`id`) and its own CSRF cookie (`csrftoken`); the portal's are
`portal_session` and `portal_csrf`, so one browser can use both side by side.

What staff see and may change is decided here, not in the tables:
- customers' password hashes and one-time-link hashes are not in the admin at all: it works on copies
  of those two tables without that column, so it can neither show nor overwrite them (piccolo-admin
  hides only `secret=True` columns from its API, and its edit form would still send them back empty);
- the audit trail is read-only, and every change staff make through the admin is written to it;
- whole-row replacement (PUT) is refused: the admin's own screens use PATCH, which the audit sees.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlparse

from piccolo.apps.user.tables import BaseUser
from piccolo.columns import Column
from piccolo.columns.readable import Readable
from piccolo.table import Table, create_table_class
from piccolo_admin.endpoints import TableConfig, create_admin
from piccolo_admin.translations.data import ENGLISH
from piccolo_admin.translations.models import Translation
from piccolo_api.crud.endpoints import OrderBy
from piccolo_api.crud.hooks import Hook, HookType
from piccolo_api.crud.validators import Validators
from piccolo_api.rate_limiting.middleware import InMemoryLimitProvider
from piccolo_api.session_auth.tables import SessionsBase
from starlette.exceptions import HTTPException
from starlette.requests import Request

from portal.domain import audit, location_requests
from portal.domain.accounts import normalise_email
from portal.domain.sessions import on_staff_patch_account, on_staff_patch_organisation
from portal.domain.staff import staff_password_problem
from portal.settings import Settings
from portal.tables import (
    TABLES,
    Account,
    AccountDepartment,
    AccountLocation,
    AccountToken,
    Asset,
    AuditEvent,
    Basket,
    BasketLine,
    BudgetTier,
    Category,
    ChatMessage,
    ChatThread,
    ContactRequest,
    ContractPrice,
    CoreAssortment,
    Department,
    Depot,
    FaqItem,
    InstructionVideo,
    Invoice,
    InvoiceLine,
    Location,
    LocationRequest,
    MailOutbox,
    Notification,
    NumberSequence,
    Order,
    OrderApproval,
    OrderEvent,
    OrderLine,
    OrderTemplate,
    OrderTemplateLine,
    Organisation,
    Product,
    ProductType,
    Quote,
    QuoteLine,
    RelatedProduct,
    RentalReference,
    ServiceAuthoriser,
    ServiceRequest,
    ServiceRequestEvent,
    Subcategory,
)

# ---------------------------------------------------------------------------------------------------
# Tables as staff see them


def _without(table: type[Table], *hidden: str) -> type[Table]:
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


StaffAccount = _without(Account, "password_hash", "sessions_ended_at")
StaffAccountToken = _without(AccountToken, "token_hash")

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

# ---------------------------------------------------------------------------------------------------
# Audit trail and refusals


def _staff_label(request: Request) -> str:
    user = getattr(request.user, "user", None)
    return f"staff:{user.username}" if user is not None else "staff"


def _ip(request: Request) -> str:
    return request.client.host if request.client else ""


def _masked(table: type[Table], changes: dict[str, Any]) -> dict[str, Any]:
    secret = {column._meta.name for column in table._meta.secret_columns}
    return {name: ["***", "***"] if name in secret else change for name, change in changes.items()}


def _organisation_of(table: type[Table], row: dict[str, Any]) -> int | None:
    value = row.get("id") if table is Organisation else row.get("organisation")
    return value if isinstance(value, int) else None


NORMALISE: dict[str, Callable[[Any], Any]] = {"email": lambda value: normalise_email(value) if isinstance(value, str) else value}


def _normalised(values: dict[Column, Any]) -> dict[Column, Any]:
    """E-mail addresses are stored lower-case (that is how sign-in finds them)."""
    return {column: NORMALISE.get(column._meta.name, lambda v: v)(value) for column, value in values.items()}


def _kept(old: Any, new: Any) -> Any:
    """The admin's date-time fields hold whole seconds: a form saved as it was would cut the rest off
    every timestamp on it. Such a value keeps what it was."""
    if isinstance(old, datetime) and isinstance(new, datetime) and new.microsecond == 0 and old.replace(microsecond=0) == new:
        return old
    return new


def _check_staff_password(table: type[Table], values: dict[Column, Any]) -> None:
    if table is not BaseUser:
        return
    password = next((value for column, value in values.items() if column._meta.name == "password"), None)
    if password and (problem := staff_password_problem(password)):
        raise HTTPException(status_code=400, detail=problem)


def _audit_hooks(table: type[Table]) -> list[Hook]:
    """Every row staff create, change or delete, in the audit trail: who, when, from where, what.

    piccolo-admin only has hooks that run before the write, so a change the database then refuses
    (a duplicate e-mail address, say) leaves its event behind; no change goes unrecorded."""
    tablename = table._meta.tablename
    primary_key = table._meta.primary_key

    async def created(row: Table, request: Request) -> Table:
        for name, normalise in NORMALISE.items():
            if hasattr(row, name):
                setattr(row, name, normalise(getattr(row, name)))
        values = {c._meta.name: getattr(row, c._meta.name) for c in table._meta.columns if c is not primary_key}
        await audit.record(
            "admin_created", actor_label=_staff_label(request), organisation_id=_organisation_of(table, values),
            object_type=tablename, changes=_masked(table, {k: [None, v] for k, v in values.items()}),
            ip_address=_ip(request),
        )
        return row

    async def changed(row_id: Any, values: dict[Column, Any], request: Request) -> dict[Column, Any]:
        values = _normalised(values)
        _check_staff_password(table, values)
        columns = [*values, *([table.organisation] if hasattr(table, "organisation") else [])]  # type: ignore[attr-defined]
        before = await table.select(*columns).where(primary_key == row_id).first() or {}
        values = {column: _kept(before.get(column._meta.name), value) for column, value in values.items()}
        changes = audit.diff(before, {column._meta.name: value for column, value in values.items()})
        if changes:
            await audit.record(
                "admin_changed", actor_label=_staff_label(request),
                organisation_id=_organisation_of(table, {"id": row_id, **before}), object_type=tablename,
                object_id=row_id, changes=_masked(table, changes), ip_address=_ip(request),
            )
        return values

    async def deleted(row_id: Any, request: Request) -> None:
        # The whole row goes into the event: after the delete it is the only trace of it.
        before = await table.select().where(primary_key == row_id).first() or {}
        await audit.record(
            "admin_deleted", actor_label=_staff_label(request), organisation_id=_organisation_of(table, {"id": row_id, **before}),
            object_type=tablename, object_id=row_id, ip_address=_ip(request),
            changes=_masked(table, {name: [value, None] for name, value in before.items() if name != primary_key._meta.name}),
        )

    return [
        Hook(hook_type=HookType.pre_save, callable=created),
        Hook(hook_type=HookType.pre_patch, callable=changed),
        Hook(hook_type=HookType.pre_delete, callable=deleted),
    ]


def _with_audit_patch(table: type[Table], hook: Callable[..., Any]) -> list[Hook]:
    """A pre_patch hook to run after the audit's. piccolo-api groups hooks with itertools.groupby and
    keeps the last run of each type, so a pre_patch hook listed after the audit hooks would replace
    the audit's: it must bring that one along."""
    audit_patch = [h for h in _audit_hooks(table) if h.hook_type is HookType.pre_patch]
    return [*audit_patch, Hook(hook_type=HookType.pre_patch, callable=hook)]


def _refuse(message: str) -> Callable[..., None]:
    def refuse(piccolo_crud: Any, request: Request) -> None:
        raise HTTPException(status_code=405, detail=message)

    return refuse


AUDIT_READ_ONLY = "Het auditlog kan niet worden gewijzigd."
NO_PUT = "Wijzig een rij met het bewerkscherm (PATCH); vervangen met PUT komt niet in het auditlog."


def _validators(*, create: str | None = None, change: str | None = None, delete: str | None = None) -> Validators:
    """Refusals with the message staff see; PUT is always refused, see the module docstring."""
    return Validators(
        post_single=[_refuse(create)] if create else [],
        put_single=[_refuse(change or NO_PUT)],
        patch_single=[_refuse(change)] if change else [],
        delete_single=[_refuse(delete)] if delete else [],
        delete_all=[_refuse(delete or NO_PUT)],
    )


# ---------------------------------------------------------------------------------------------------
# What each table looks like in the admin

KLANTEN = "Klanten"
ASSORTIMENT = "Assortiment"
HULPMIDDELEN = "Hulpmiddelen en services"
ORDERS = "Orders en offertes"
FACTUREN = "Facturen"
BERICHTEN = "Berichten"
SYSTEEM = "Systeem"
OVERIG = "Overig"


def _config(
    table: type[Table],
    group: str,
    columns: Sequence[Column],
    filters: Sequence[Column] = (),
    *,
    link: Column | None = None,
    newest_first: Column | None = None,
    order: Sequence[Column] = (),
    validators: Validators | None = None,
    audited: bool = True,
    extra_hooks: Sequence[Hook] = (),
) -> TableConfig:
    order_by = [OrderBy(newest_first, ascending=False)] if newest_first is not None else [OrderBy(c) for c in order]
    return TableConfig(
        table_class=table,
        menu_group=group,
        visible_columns=list(columns),
        visible_filters=list(filters) or None,
        link_column=link,
        order_by=order_by or None,
        validators=validators or _validators(),
        hooks=[*(_audit_hooks(table) if audited else []), *extra_hooks] or None,
    )


def _configs() -> list[TableConfig]:
    A, T = StaffAccount, StaffAccountToken  # noqa: N806  (the admin's copies, see _without)
    o, loc, d, dep, acc = Organisation, Location, Department, Depot, A
    return [
        # Klanten
        _config(o, KLANTEN, [o.name, o.customer_number, o.active, o.created_at], [o.name, o.customer_number, o.active],
                link=o.name, order=[o.name],
                extra_hooks=_with_audit_patch(o, on_staff_patch_organisation)),  # switched off: sessions end
        _config(loc, KLANTEN, [loc.name, loc.organisation, loc.address, loc.postal_code, loc.city, loc.active],
                [loc.organisation, loc.name, loc.city, loc.postal_code, loc.active], link=loc.name, order=[loc.name]),
        _config(d, KLANTEN, [d.name, d.location, d.active], [d.location, d.name, d.active], link=d.name, order=[d.name]),
        _config(dep, KLANTEN, [dep.name, dep.organisation, dep.address, dep.city], [dep.organisation, dep.name],
                link=dep.name, order=[dep.name]),
        _config(acc, KLANTEN, [acc.name, acc.email, acc.organisation, acc.role, acc.active, acc.last_login_at],  # type: ignore[attr-defined]
                [acc.organisation, acc.email, acc.name, acc.role, acc.active, acc.may_authorise_orders,  # type: ignore[attr-defined]
                 acc.has_budget_limit], link=acc.email, order=[acc.name],  # type: ignore[attr-defined]
                extra_hooks=_with_audit_patch(acc, on_staff_patch_account)),  # switched off: sessions end
        _config(AccountLocation, KLANTEN, [AccountLocation.id, AccountLocation.account, AccountLocation.location],
                [AccountLocation.account, AccountLocation.location]),
        _config(AccountDepartment, KLANTEN, [AccountDepartment.id, AccountDepartment.account, AccountDepartment.department],
                [AccountDepartment.account, AccountDepartment.department]),
        _config(ServiceAuthoriser, KLANTEN,
                [ServiceAuthoriser.id, ServiceAuthoriser.account, ServiceAuthoriser.kind, ServiceAuthoriser.authoriser],
                [ServiceAuthoriser.account, ServiceAuthoriser.kind, ServiceAuthoriser.authoriser]),
        _config(BudgetTier, KLANTEN, [BudgetTier.id, BudgetTier.account, BudgetTier.from_amount, BudgetTier.authoriser],
                [BudgetTier.account, BudgetTier.authoriser]),
        # One-time links are made by the portal and can only be withdrawn (deleted) here.
        _config(T, KLANTEN, [T.id, T.account, T.purpose, T.created_at, T.expires_at, T.used_at],  # type: ignore[attr-defined]
                [T.account, T.purpose, T.created_at, T.used_at], newest_first=T.created_at,  # type: ignore[attr-defined]
                validators=_validators(create="Uitnodigingen en resetlinks maakt het portaal zelf aan.",
                                       change="Een uitnodiging of resetlink kan niet worden gewijzigd, alleen verwijderd.")),
        # ADM-4/ADM-5: the queue of location requests staff carry out; see also the sidebar link.
        _config(LocationRequest, KLANTEN,
                [LocationRequest.id, LocationRequest.created_at, LocationRequest.organisation, LocationRequest.kind,
                 LocationRequest.location, LocationRequest.name, LocationRequest.city, LocationRequest.status,
                 LocationRequest.handled_at],
                [LocationRequest.status, LocationRequest.kind, LocationRequest.organisation, LocationRequest.created_at,
                 LocationRequest.handled_at], newest_first=LocationRequest.created_at,
                # Setting the status to "done" or "rejected" carries the request out (ADM-4, ADM-5).
                extra_hooks=[Hook(hook_type=HookType.pre_patch, callable=location_requests.on_staff_patch)]),
        # Assortiment
        _config(Category, ASSORTIMENT, [Category.name, Category.slug, Category.position], [Category.name],
                link=Category.name, order=[Category.position]),
        _config(Subcategory, ASSORTIMENT, [Subcategory.name, Subcategory.category], [Subcategory.category, Subcategory.name],
                link=Subcategory.name, order=[Subcategory.name]),
        _config(ProductType, ASSORTIMENT, [ProductType.name, ProductType.supplier, ProductType.subcategory],
                [ProductType.subcategory, ProductType.name, ProductType.supplier], link=ProductType.name, order=[ProductType.name]),
        _config(Product, ASSORTIMENT,
                [Product.article_number, Product.name, Product.category, Product.list_price, Product.purchasable,
                 Product.rentable, Product.daily_rent, Product.active],
                [Product.article_number, Product.name, Product.category, Product.product_type, Product.purchasable,
                 Product.rentable, Product.active], link=Product.article_number, order=[Product.article_number]),
        _config(RelatedProduct, ASSORTIMENT, [RelatedProduct.id, RelatedProduct.product, RelatedProduct.related],
                [RelatedProduct.product, RelatedProduct.related]),
        _config(ContractPrice, ASSORTIMENT, [ContractPrice.id, ContractPrice.organisation, ContractPrice.product, ContractPrice.price],
                [ContractPrice.organisation, ContractPrice.product]),
        _config(CoreAssortment, ASSORTIMENT, [CoreAssortment.id, CoreAssortment.organisation, CoreAssortment.product],
                [CoreAssortment.organisation, CoreAssortment.product]),
        # Hulpmiddelen en services
        _config(Asset, HULPMIDDELEN,
                [Asset.object_number, Asset.organisation, Asset.product_type, Asset.location, Asset.department,
                 Asset.status, Asset.ownership, Asset.rental_start],
                [Asset.object_number, Asset.organisation, Asset.category, Asset.subcategory, Asset.product_type,
                 Asset.location, Asset.status, Asset.ownership, Asset.rental_start, Asset.serial_number],
                link=Asset.object_number, order=[Asset.object_number]),
        _config(RentalReference, HULPMIDDELEN,
                [RentalReference.reference, RentalReference.organisation, RentalReference.location, RentalReference.start_date],
                [RentalReference.organisation, RentalReference.location, RentalReference.reference, RentalReference.start_date],
                link=RentalReference.reference, newest_first=RentalReference.created_at),
        _config(ServiceRequest, HULPMIDDELEN,
                [ServiceRequest.number, ServiceRequest.created_at, ServiceRequest.organisation, ServiceRequest.asset,
                 ServiceRequest.kind, ServiceRequest.status, ServiceRequest.requested_date, ServiceRequest.planned_date,
                 ServiceRequest.executed_date],
                [ServiceRequest.number, ServiceRequest.status, ServiceRequest.kind, ServiceRequest.organisation,
                 ServiceRequest.location, ServiceRequest.asset, ServiceRequest.performed_by, ServiceRequest.created_at,
                 ServiceRequest.planned_date, ServiceRequest.executed_date],
                link=ServiceRequest.number, newest_first=ServiceRequest.created_at),
        _config(ServiceRequestEvent, HULPMIDDELEN,
                [ServiceRequestEvent.id, ServiceRequestEvent.service_request, ServiceRequestEvent.status,
                 ServiceRequestEvent.at, ServiceRequestEvent.by_label],
                [ServiceRequestEvent.service_request, ServiceRequestEvent.status, ServiceRequestEvent.at],
                newest_first=ServiceRequestEvent.at),
        # Orders en offertes
        _config(Order, ORDERS,
                [Order.number, Order.created_at, Order.organisation, Order.kind, Order.status, Order.location,
                 Order.total, Order.delivery_date],
                [Order.number, Order.status, Order.kind, Order.organisation, Order.location, Order.account,
                 Order.created_at, Order.delivery_date, Order.shipping_date],
                link=Order.number, newest_first=Order.created_at),
        _config(OrderLine, ORDERS, [OrderLine.id, OrderLine.order, OrderLine.article_number, OrderLine.name,
                                    OrderLine.quantity, OrderLine.line_total],
                [OrderLine.order, OrderLine.product, OrderLine.article_number]),
        _config(OrderApproval, ORDERS, [OrderApproval.id, OrderApproval.order, OrderApproval.tier_amount,
                                        OrderApproval.authoriser, OrderApproval.decision, OrderApproval.decided_at],
                [OrderApproval.order, OrderApproval.decision, OrderApproval.authoriser]),
        _config(OrderEvent, ORDERS, [OrderEvent.id, OrderEvent.order, OrderEvent.status, OrderEvent.at, OrderEvent.by_label],
                [OrderEvent.order, OrderEvent.status, OrderEvent.at], newest_first=OrderEvent.at),
        _config(Quote, ORDERS,
                [Quote.number, Quote.created_at, Quote.organisation, Quote.status, Quote.location, Quote.total,
                 Quote.valid_until],
                [Quote.number, Quote.status, Quote.organisation, Quote.location, Quote.account, Quote.created_at,
                 Quote.valid_until],
                link=Quote.number, newest_first=Quote.created_at),
        _config(QuoteLine, ORDERS, [QuoteLine.id, QuoteLine.quote, QuoteLine.article_number, QuoteLine.name,
                                    QuoteLine.quantity, QuoteLine.line_total],
                [QuoteLine.quote, QuoteLine.product, QuoteLine.article_number]),
        _config(Basket, ORDERS, [Basket.id, Basket.account, Basket.kind, Basket.updated_at], [Basket.account, Basket.kind],
                newest_first=Basket.updated_at),
        _config(BasketLine, ORDERS, [BasketLine.id, BasketLine.basket, BasketLine.product, BasketLine.quantity,
                                     BasketLine.location, BasketLine.added_at],
                [BasketLine.basket, BasketLine.product], newest_first=BasketLine.added_at),
        _config(OrderTemplate, ORDERS, [OrderTemplate.name, OrderTemplate.account, OrderTemplate.created_at],
                [OrderTemplate.account, OrderTemplate.name], link=OrderTemplate.name, newest_first=OrderTemplate.created_at),
        _config(OrderTemplateLine, ORDERS, [OrderTemplateLine.id, OrderTemplateLine.template, OrderTemplateLine.product,
                                            OrderTemplateLine.quantity],
                [OrderTemplateLine.template, OrderTemplateLine.product]),
        # Facturen
        _config(Invoice, FACTUREN,
                [Invoice.number, Invoice.invoice_date, Invoice.organisation, Invoice.kind, Invoice.location,
                 Invoice.total_incl_vat, Invoice.status, Invoice.due_date],
                [Invoice.number, Invoice.kind, Invoice.status, Invoice.organisation, Invoice.location, Invoice.order,
                 Invoice.service_request, Invoice.invoice_date, Invoice.due_date],
                link=Invoice.number, newest_first=Invoice.invoice_date),
        _config(InvoiceLine, FACTUREN, [InvoiceLine.id, InvoiceLine.invoice, InvoiceLine.description, InvoiceLine.quantity,
                                        InvoiceLine.unit_price, InvoiceLine.vat_rate, InvoiceLine.line_total],
                [InvoiceLine.invoice, InvoiceLine.description]),
        # Berichten
        _config(ChatThread, BERICHTEN, [ChatThread.id, ChatThread.created_at, ChatThread.organisation, ChatThread.account,
                                        ChatThread.subject, ChatThread.status],
                [ChatThread.status, ChatThread.organisation, ChatThread.account, ChatThread.created_at],
                newest_first=ChatThread.created_at),
        _config(ChatMessage, BERICHTEN, [ChatMessage.id, ChatMessage.created_at, ChatMessage.thread, ChatMessage.from_staff,
                                         ChatMessage.author, ChatMessage.body],
                [ChatMessage.thread, ChatMessage.from_staff, ChatMessage.created_at], newest_first=ChatMessage.created_at),
        _config(ContactRequest, BERICHTEN,
                [ContactRequest.id, ContactRequest.created_at, ContactRequest.organisation, ContactRequest.kind,
                 ContactRequest.subject, ContactRequest.preferred_date, ContactRequest.status],
                [ContactRequest.status, ContactRequest.kind, ContactRequest.organisation, ContactRequest.created_at,
                 ContactRequest.preferred_date], newest_first=ContactRequest.created_at),
        # Every e-mail the portal sent or still has to send; see also the sidebar link.
        _config(MailOutbox, BERICHTEN,
                [MailOutbox.id, MailOutbox.created_at, MailOutbox.to_address, MailOutbox.subject, MailOutbox.status,
                 MailOutbox.attempts, MailOutbox.sent_at],
                [MailOutbox.status, MailOutbox.to_address, MailOutbox.subject, MailOutbox.created_at, MailOutbox.sent_at],
                newest_first=MailOutbox.created_at),
        _config(Notification, BERICHTEN, [Notification.id, Notification.created_at, Notification.account, Notification.title,
                                          Notification.read_at],
                [Notification.account, Notification.created_at, Notification.read_at], newest_first=Notification.created_at),
        _config(FaqItem, BERICHTEN, [FaqItem.question, FaqItem.position], [FaqItem.question], link=FaqItem.question,
                order=[FaqItem.position]),
        _config(InstructionVideo, BERICHTEN, [InstructionVideo.title, InstructionVideo.url, InstructionVideo.position],
                [InstructionVideo.title], link=InstructionVideo.title, order=[InstructionVideo.position]),
        # Systeem
        _config(AuditEvent, SYSTEEM,
                [AuditEvent.id, AuditEvent.at, AuditEvent.actor_label, AuditEvent.organisation, AuditEvent.action,
                 AuditEvent.object_type, AuditEvent.object_id, AuditEvent.ip_address],
                [AuditEvent.action, AuditEvent.actor_label, AuditEvent.actor, AuditEvent.organisation,
                 AuditEvent.object_type, AuditEvent.object_id, AuditEvent.at, AuditEvent.ip_address],
                newest_first=AuditEvent.at, audited=False,
                validators=_validators(create=AUDIT_READ_ONLY, change=AUDIT_READ_ONLY, delete=AUDIT_READ_ONLY)),
        _config(NumberSequence, SYSTEEM, [NumberSequence.id, NumberSequence.kind, NumberSequence.year, NumberSequence.last_value],
                [NumberSequence.kind, NumberSequence.year], order=[NumberSequence.kind, NumberSequence.year]),
        # Staff themselves: piccolo-admin lets only superusers change these rows; new staff come from the
        # command line, where the password rules and the audit apply.
        _config(BaseUser, SYSTEEM, [BaseUser.username, BaseUser.email, BaseUser.active, BaseUser.superuser, BaseUser.last_login],
                [BaseUser.username, BaseUser.email, BaseUser.active, BaseUser.superuser], link=BaseUser.username,
                order=[BaseUser.username],
                validators=_validators(create="Maak medewerkers aan met: python -m portal create-staff-user")),
    ]


def table_configs() -> list[TableConfig]:
    """Every table of the portal, configured; one added later without a configuration still shows up
    (under "Overig") rather than being left out."""
    configs = _configs()
    configured = {config.table_class._meta.tablename for config in configs}
    for table in TABLES:
        if table._meta.tablename not in configured:
            configs.append(TableConfig(table_class=table, menu_group=OVERIG, validators=_validators(),
                                       hooks=_audit_hooks(table)))
    return configs


# ---------------------------------------------------------------------------------------------------
# The admin itself

SIDEBAR_LINKS = {
    "Openstaande locatieverzoeken": "/admin/#/location_request/?status=open",
    "Mail: nog niet verzonden": "/admin/#/mail_outbox/?status=queued",
    "Mail: mislukt": "/admin/#/mail_outbox/?status=failed",
    "Open chats": "/admin/#/chat_thread/?status=open",
    "Naar het portaal": "/",
}

DUTCH = Translation(
    language_name="Nederlands",
    language_code="nl",
    translations={
        "About": "Over",
        "Add Row": "Rij toevoegen",
        "Add": "Toevoegen",
        "Apply": "Toepassen",
        "Ascending": "Oplopend",
        "Back to home page": "Terug naar de startpagina",
        "Back": "Terug",
        "Change Password": "Wachtwoord wijzigen",
        "Clear filters": "Filters wissen",
        "Close": "Sluiten",
        "Comma": "Komma",
        "Create": "Aanmaken",
        "Current password": "Huidig wachtwoord",
        "Dark Mode": "Donkere modus",
        "Days": "Dagen",
        "Delete": "Verwijderen",
        "Delimiter": "Scheidingsteken",
        "Descending": "Aflopend",
        "Download": "Downloaden",
        "Download failed": "Downloaden mislukt",
        "Download successful": "Downloaden gelukt",
        "Edit": "Bewerken",
        "Export CSV": "CSV exporteren",
        "Filter": "Filteren",
        "For timestamps which are timezone aware, they will be displayed in this timezone by default.":
            "Tijdstippen met een tijdzone worden standaard in deze tijdzone getoond.",
        "Form submitted": "Formulier verzonden",
        "Forms": "Formulieren",
        "Hide Filters": "Filters verbergen",
        "Hide referencing tables": "Verwijzende tabellen verbergen",
        "Home": "Start",
        "Hours": "Uren",
        "Light Mode": "Lichte modus",
        "Links": "Snelkoppelingen",
        "Loading": "Bezig met laden",
        "Log Out": "Uitloggen",
        "Login": "Inloggen",
        "MFA Code": "MFA-code",
        "MFA Setup": "MFA instellen",
        "Minutes": "Minuten",
        "New password confirmation": "Herhaal het nieuwe wachtwoord",
        "New password": "Nieuw wachtwoord",
        "New value": "Nieuwe waarde",
        "No results found": "Geen resultaten gevonden",
        "Note: Large data sets may take a while.": "Let op: grote hoeveelheden gegevens kunnen even duren.",
        "Note: They are converted to UTC when stored in the database.":
            "Let op: ze worden in UTC opgeslagen in de database.",
        "of": "van",
        "page": "pagina",
        "Password": "Wachtwoord",
        "result(s)": "resultaat/resultaten",
        "rows": "rijen",
        "Save": "Opslaan",
        "Seconds": "Seconden",
        "Select a column to update": "Kies een kolom om bij te werken",
        "Select a Column": "Kies een kolom",
        "Select a table in the sidebar to get started.": "Kies links een tabel om te beginnen.",
        "selected result(s) on": "geselecteerde resultaten op",
        "Semicolon": "Puntkomma",
        "Set Timezone": "Tijdzone instellen",
        "Show Filters": "Filters tonen",
        "Show referencing tables": "Verwijzende tabellen tonen",
        "Showing": "Getoond",
        "Sort by": "Sorteren op",
        "Sort": "Sorteren",
        "Submit": "Versturen",
        "Tables": "Tabellen",
        "Timezone": "Tijdzone",
        "Thanks for using Piccolo Admin.": "Bedankt voor het gebruik van Piccolo Admin.",
        "Update": "Bijwerken",
        "Use again": "Opnieuw gebruiken",
        "Username": "Gebruikersnaam",
        "Version": "Versie",
        "Weeks": "Weken",
        "Welcome to": "Welkom bij",
        "with a matching": "met een overeenkomende",
    },
)


class StaffAdmin:
    """The admin as Litestar mounts it at /admin.

    Litestar hands a mounted app the path after the mount, and the same "/" for "/admin" and
    "/admin/"; only `raw_path` still tells them apart. The admin loads its files by relative URLs, so
    "/admin" must first become "/admin/". Its answers carry customer data: no browser cache for them.

    Building piccolo-admin takes seconds, so it is built on the first staff request, not at start-up."""

    def __init__(self, build: Callable[[], Any]) -> None:
        self._build = build
        self._app: Any = None

    @property
    def app(self) -> Any:
        if self._app is None:
            self._app = self._build()
        return self._app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope.get("raw_path") == b"/admin":
            query = scope.get("query_string", b"")
            location = b"/admin/" + (b"?" + query if query else b"")
            await send({"type": "http.response.start", "status": 308,
                        "headers": [(b"location", location), (b"content-length", b"0")]})
            await send({"type": "http.response.body", "body": b""})
            return
        is_asset = scope["path"].startswith("/assets/")

        async def send_uncached(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start" and not is_asset:
                headers = list(message.get("headers", []))
                if not any(name.lower() == b"cache-control" for name, _ in headers):
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_uncached)


def create_staff_admin(settings: Settings) -> StaffAdmin:
    host = urlparse(settings.base_url).hostname or "localhost"
    return StaffAdmin(
        lambda: create_admin(
            tables=table_configs(),
            auth_table=BaseUser,
            session_table=SessionsBase,
            # The same lengths as a customer's session: signed out after half an hour without use.
            session_expiry=timedelta(minutes=settings.session_idle_minutes),
            increase_expiry=timedelta(minutes=settings.session_idle_minutes),
            max_session_expiry=timedelta(hours=settings.session_absolute_hours),
            # piccolo-admin's default blocks an address for good (until a restart) after 20 tries.
            rate_limit_provider=InMemoryLimitProvider(limit=20, timespan=300, block_duration=900),
            site_name="HartingBank back office",
            # Secure cookies; and under HTTPS its CSRF check also wants the Origin/Referer to be this host.
            production=settings.cookie_secure,
            allowed_hosts=[host],
            default_language_code="nl",
            translations=[DUTCH, ENGLISH],
            # Every table is configured above; the default would add a second, unconfigured "account"
            # (the real one, with its password hashes) next to the admin's copy.
            auto_include_related=False,
            sidebar_links=SIDEBAR_LINKS,
            debug=settings.debug,
        )
    )
