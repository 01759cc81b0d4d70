"""The monthly inspection mail (issue 9, item 5): once a month every administrator and role-1 account gets
one e-mail listing the aids in their scope whose inspection is overdue or due within 30 days.

A scheduler runs `python -m portal inspection-reminders`, as often as it likes: an account's mail of a
month is recorded (InspectionReminder, unique per account and month) before it is queued, so a second run
in the same month sends nothing. An account with nothing due gets no mail (and can get one later that
month when something becomes due)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

from portal.domain.assets import inspections
from portal.domain.mail import queue_mail
from portal.domain.scope import scope_for
from portal.i18n import _, format_day
from portal.links import absolute
from portal.rights import ADMIN
from portal.tables import Account, Asset, InspectionReminder, Organisation

RECIPIENT_ROLES = (ADMIN, "1")
LISTED_AT_MOST = 200  # one mail stays readable; the link opens the whole list


@dataclass
class ReminderRun:
    month: str
    sent: int = 0  # mails queued now
    already: int = 0  # accounts that had this month's mail already
    nothing_due: int = 0


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


async def due_aids(account: Account, on: date, limit: int = LISTED_AT_MOST + 1) -> list[dict]:
    """The aids in the account's scope that are overdue or due within 30 days, soonest first."""
    scope = await scope_for(account)
    _today, last = inspections.due_window(on)
    return await Asset.select(
        Asset.object_number, Asset.next_inspection, Asset.product_type.name.as_alias("type_name"),
        Asset.location.name.as_alias("location_name"), Asset.department.name.as_alias("department_name"),
    ).where(
        scope.where(Asset.organisation, Asset.location, Asset.department)
        & Asset.next_inspection.is_not_null() & (Asset.next_inspection <= last)
    ).order_by(Asset.next_inspection).order_by(Asset.object_number).limit(limit)


def _body(account: Account, rows: list[dict], on: date) -> tuple[str, str]:
    overdue = [row for row in rows if inspections.due_state(row["next_inspection"], on) == inspections.OVERDUE]
    soon = [row for row in rows if row not in overdue]

    def lines(part: list[dict]) -> str:
        return "\n".join(
            f"- {row['object_number']}  {row['type_name']}  {row['location_name']}"
            + (f", {row['department_name']}" if row["department_name"] else "")
            + f"  {_('keuring')} {format_day(row['next_inspection'])}" for row in part)

    sections = []
    if overdue:
        sections.append(_("Keuring verlopen (%(count)s):") % {"count": len(overdue)} + "\n" + lines(overdue))
    if soon:
        sections.append(_("Keuring binnen 30 dagen (%(count)s):") % {"count": len(soon)} + "\n" + lines(soon))
    more = ""
    if len(rows) > LISTED_AT_MOST:
        more = "\n\n" + _("Dit zijn de eerste %(count)s hulpmiddelen; de hele lijst staat in Mijn HartingBank.") % {
            "count": LISTED_AT_MOST}
    subject = _("Keuringen: %(count)s hulpmiddelen verlopen of binnen 30 dagen") % {
        "count": f"{LISTED_AT_MOST}+" if len(rows) > LISTED_AT_MOST else len(rows)}
    body = _(
        "Beste %(name)s,\n\nDeze hulpmiddelen van uw organisatie moeten binnenkort gekeurd worden, of hadden dat al "
        "moeten zijn:\n\n%(sections)s%(more)s\n\nBekijk ze in Mijn HartingBank:\n%(overdue)s\n%(soon)s\n\n"
        "Wilt u een keuring laten inplannen? Neem contact op met HartingBank.\n\n"
        "Met vriendelijke groet,\nOnline klantenservice HartingBank\n088 124 82 11"
    ) % {
        "name": account.name, "sections": "\n\n".join(sections), "more": more,
        "overdue": _("Verlopen: %(link)s") % {"link": absolute("assets:list", {"keuring": inspections.OVERDUE})},
        "soon": _("Binnen 30 dagen: %(link)s") % {"link": absolute("assets:list", {"keuring": inspections.DUE_SOON})},
    }
    return subject, body


async def recipients() -> list[Account]:
    """Active administrators and role-1 accounts of active organisations."""
    active_orgs = Organisation.select(Organisation.id).where(Organisation.active == True)  # noqa: E712
    return await Account.objects().where(
        Account.role.is_in(list(RECIPIENT_ROLES)) & (Account.active == True)  # noqa: E712
        & Account.organisation.is_in(active_orgs)
    ).order_by(Account.id)


async def send_inspection_reminders(on: date | None = None) -> ReminderRun:
    """This month's mail to every recipient who has not had it yet and has aids due."""
    day = on or inspections.today()
    run = ReminderRun(month_of(day))
    for account in await recipients():
        if await InspectionReminder.exists().where(
                (InspectionReminder.account == account.id) & (InspectionReminder.month == run.month)):
            run.already += 1
            continue
        rows = await due_aids(account, day)
        if not rows:
            run.nothing_due += 1
            continue
        try:
            # The record first: a second run at the same moment fails on the unique index and sends nothing.
            await InspectionReminder(account=account.id, month=run.month, aids=len(rows),
                                     sent_at=datetime.now(timezone.utc)).save()
        except Exception as error:
            if "unique" in str(error).lower() or type(error).__name__ in {"UniqueViolationError", "IntegrityError"}:
                run.already += 1
                continue
            raise
        subject, body = _body(account, rows, day)
        await queue_mail(account.email, subject, body)
        run.sent += 1
    return run
