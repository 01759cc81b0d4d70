"""piccolo-admin at /admin for HartingBank's own staff (STAFF-1, STAFF-2).

Staff are Piccolo `BaseUser`s (`python -m portal create-staff-user`, see portal.domain.staff). The admin
signs them in with its own session cookie (`id`) and its own CSRF cookie (`csrftoken`); the portal's are
`portal_session` and `portal_csrf`, so one browser can use both side by side.

What staff see and may change is decided here, not in the tables:
- customers' password hashes and one-time-link hashes are not in the admin at all (`staff_tables`);
- the audit trail is read-only, and every change staff make through the admin is written to it
  (`audit_trail`);
- whole-row replacement (PUT) is refused: the admin's own screens use PATCH, which the audit sees
  (`refusals`);
- no answer of the admin carries a live invitation or reset link (`asgi`, portal.domain.mail); staff
  send a fresh invitation with a form instead (`forms`);
- a change the database refuses is told in Dutch, naming the field (`db_errors`).

The package: `site` builds the admin and `asgi` mounts it; `menu` lists every table, configured per menu
group in `customers`, `catalogue`, `assets`, `orders`, `invoices`, `messages` and `system` with the
helper in `config`; `translation` holds the Dutch texts of its screens.
"""

from portal.admin.asgi import StaffAdmin
from portal.admin.audit_trail import audit_hooks
from portal.admin.config import ASSORTIMENT, BERICHTEN, FACTUREN, HULPMIDDELEN, KLANTEN, ORDERS, OVERIG, SYSTEEM
from portal.admin.menu import table_configs
from portal.admin.refusals import AUDIT_READ_ONLY, NO_PUT
from portal.admin.site import SIDEBAR_LINKS, create_staff_admin
from portal.admin.staff_tables import READABLE, StaffAccount, StaffAccountToken
from portal.admin.translation import DUTCH

__all__ = [
    "ASSORTIMENT", "AUDIT_READ_ONLY", "BERICHTEN", "DUTCH", "FACTUREN", "HULPMIDDELEN", "KLANTEN", "NO_PUT",
    "ORDERS", "OVERIG", "READABLE", "SIDEBAR_LINKS", "SYSTEEM", "StaffAccount", "StaffAccountToken", "StaffAdmin",
    "audit_hooks", "create_staff_admin", "table_configs",
]
