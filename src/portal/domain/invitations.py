"""HartingBank staff send an invitation again (ACC-2), from the back office.

Staff never see a one-time link (see portal.domain.mail); when a customer lost or never got the
invitation, staff send a fresh one to the account's own address. The links sent before stop working, so
an invitation that went to a wrong or old mailbox cannot be used any more."""

from __future__ import annotations

from dataclasses import dataclass

from portal.domain import audit, mail
from portal.domain.accounts import MAX_EMAIL_LENGTH, normalise_email, send_invitation
from portal.i18n import _
from portal.tables import Account, AccountToken, Organisation


class InvitationRefused(ValueError):
    """The invitation cannot be sent; the message tells staff why and what helps instead."""


@dataclass
class Resent:
    account: Account
    withdrawn_links: int
    sent_now: bool  # False: kept in the outbox until `send-mail` (no SMTP server configured)


async def resend_invitation(email: str, *, staff_label: str, ip_address: str = "") -> Resent:
    """A fresh invitation for the account with this address, which has not chosen a password yet and
    can sign in once it has (active, of an active organisation). Earlier unused invitation links are
    withdrawn. Raises InvitationRefused otherwise."""
    address = normalise_email(email)
    if not address:
        raise InvitationRefused(_("Vul het e-mailadres van het account in."))
    account = None
    if len(address) <= MAX_EMAIL_LENGTH:
        account = await Account.objects().where(Account.email == address).first()
    if account is None:
        raise InvitationRefused(_("Er is geen account met het e-mailadres %(email)s.") % {"email": address})
    # An invitation is for choosing the first password. Someone who has one resets it themself, so the
    # link only ever reaches the account's own mailbox by its owner's doing.
    if account.password_hash is not None:
        raise InvitationRefused(_(
            "Dit account heeft al een wachtwoord. Een nieuw wachtwoord vraagt de gebruiker zelf aan met "
            "'Wachtwoord vergeten' op de inlogpagina van het portaal."
        ))
    # The link of an inactive account does not open (accounts.check_token): say so instead of sending it.
    if not account.active:
        raise InvitationRefused(_(
            "Dit account is niet actief; een uitnodiging zou niet werken. Laat de administrator van de klant "
            "het account eerst activeren."
        ))
    organisation = await Organisation.select(Organisation.active).where(Organisation.id == account.organisation).first()
    if not (organisation and organisation["active"]):
        raise InvitationRefused(_("De organisatie van dit account is niet actief; een uitnodiging zou niet werken."))

    withdrawn = await AccountToken.delete().where(
        (AccountToken.account == account.id) & (AccountToken.purpose == "invite") & AccountToken.used_at.is_null()
    ).returning(AccountToken.id)
    await send_invitation(account)
    await audit.record(
        "invitation_resent", actor_label=staff_label, organisation_id=account.organisation, object_type="account",
        object_id=account.id, changes={"email": account.email, "withdrawn_links": len(withdrawn)}, ip_address=ip_address,
    )
    return Resent(account=account, withdrawn_links=len(withdrawn), sent_now=mail.sending_enabled())
