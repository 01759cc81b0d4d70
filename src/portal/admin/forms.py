"""The admin's own forms: staff actions that are no table edit."""

from __future__ import annotations

from piccolo_admin.endpoints import FormConfig
from pydantic import BaseModel, Field
from starlette.requests import Request

from portal.admin.audit_trail import client_ip, staff_label
from portal.admin.config import KLANTEN
from portal.admin.contact_forms import CONTACT_FORMS
from portal.admin.invoice_forms import INVOICE_FORMS
from portal.admin.order_forms import ORDER_FORMS
from portal.admin.quote_forms import QUOTE_FORMS
from portal.admin.service_forms import SERVICE_FORMS
from portal.domain.invitations import resend_invitation
from portal.i18n import _


class InvitationAgain(BaseModel):
    email: str = Field(title="E-mailadres", description="Het e-mailadres waarmee het account is aangemaakt.")


async def send_invitation_again(request: Request, data: InvitationAgain) -> str:
    # A refusal is a ValueError (InvitationRefused): piccolo-admin shows its message on the form.
    resent = await resend_invitation(data.email, staff_label=staff_label(request), ip_address=client_ip(request))
    values = {"email": resent.account.email}
    if resent.sent_now:
        message = _("Er is een nieuwe uitnodiging verstuurd naar %(email)s.") % values
    else:
        message = _(
            "Er is een nieuwe uitnodiging voor %(email)s klaargezet in de mail-outbox. Er is geen mailserver "
            "ingesteld: verstuur hem met python -m portal send-mail."
        ) % values
    return message + " " + _("Eerdere uitnodigingslinks van dit account werken niet meer.")


FORMS = [
    FormConfig(
        name="Uitnodiging opnieuw versturen",
        pydantic_model=InvitationAgain,
        endpoint=send_invitation_again,
        description=(
            "Stuurt een account dat nog geen wachtwoord heeft een nieuwe uitnodiging, altijd naar het e-mailadres "
            "van het account zelf. De link in de e-mail ziet u niet; eerdere uitnodigingslinks werken daarna niet meer."
        ),
        form_group=KLANTEN,
    ),
    *SERVICE_FORMS,
    *ORDER_FORMS,
    *INVOICE_FORMS,
    *CONTACT_FORMS,
    *QUOTE_FORMS,
]
