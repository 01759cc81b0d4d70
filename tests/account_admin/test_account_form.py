"""Nieuw account maken and Account bewerken (ADM-2): every field, the rules that hold whatever the form
sends (forged values included), the invitation, the audit trail, and an invalid form that comes back
with the messages next to the fields and everything typed still filled in."""

from __future__ import annotations

import re
from decimal import Decimal

from portal.domain import mail
from portal.domain.service_requests import REQUESTABLE_KINDS
from portal.money import to_money
from portal.tables import (
    Account,
    AccountDepartment,
    AccountLocation,
    AuditEvent,
    BudgetTier,
    MailOutbox,
    ServiceAuthoriser,
)
from tests import factories
from tests.helpers import login, post_form

NEW = "/accountbeheer/nieuw"


def edit_url(account) -> str:
    return f"/accountbeheer/{account.id}/bewerken"


class Org:
    """An organisation with an administrator, colleagues who may authorise, and two locations."""

    async def build(self):
        self.org = await factories.organisation()
        self.linde = await factories.location(self.org, name="Zorgcentrum De Linde")
        self.baken = await factories.location(self.org, name="Verpleeghuis Het Baken")
        self.linde_west = await factories.department(self.linde, name="Afdeling West")
        self.linde_oost = await factories.department(self.linde, name="Afdeling Oost")
        self.baken_dep = await factories.department(self.baken, name="Revalidatie")
        self.admin = await factories.account(self.org, "admin", name="Anja Administrator")
        self.teamleader = await factories.account(  # authorises services (role 3) and orders
            self.org, "3", name="Tom Teamleider", locations=[self.linde], may_authorise_orders=True
        )
        self.manager = await factories.account(  # role 6 authorises services, not orders
            self.org, "6", name="Mia Manager", locations=[self.baken]
        )
        self.carer = await factories.account(self.org, "4", name="Kees Verzorger", locations=[self.linde])
        return self


def valid_form(o: Org, **changes) -> dict:
    form = {
        "name": "Sanne de Vries",
        "email": "Sanne.de.Vries@Zorggroep.nl",
        "role": "2",
        "active": "1",
        "may_authorise_orders": "1",
        "has_budget_limit": "1",
        "tier_amount": ["500", "2.500,50"],
        "tier_authoriser": [str(o.teamleader.id), str(o.admin.id)],
        "location": [str(o.linde.id), str(o.baken.id)],
        "department": [str(o.linde_west.id)],
        **{f"authoriser_{kind}": "self" for kind in REQUESTABLE_KINDS},
        "authoriser_repair": str(o.teamleader.id),
        "authoriser_relocation": str(o.manager.id),
    }
    form.update(changes)
    return {key: value for key, value in form.items() if value is not None}


async def signed_in_admin(client) -> Org:
    o = await Org().build()
    await login(client, o.admin.email)
    return o


def error_next_to(html: str, field: str) -> str:
    """The message shown under a field (the form macro writes it as <small id="e-field">)."""
    match = re.search(rf'<(?:small|p) id="e-{field}" class="field-error"[^>]*>([^<]+)<', html)
    assert match, f"no error next to {field}"
    return match.group(1)


async def account_count() -> int:
    return await Account.count()


# --- the form and a successful save ---------------------------------------------------------------


async def test_the_new_account_form_has_every_field_of_the_manual(client):
    o = await signed_in_admin(client)

    page = await client.get(NEW)

    assert page.status_code == 200
    assert "<h1>Nieuw account maken</h1>" in page.text
    for label in ("Naam", "E-mailadres", "Rol", "Actief", "Mag orders autoriseren", "Heeft een budgetlimiet",
                  "Toevoegen", "Verzenden", "Details", "Toegewezen locaties", *REQUESTABLE_KINDS.values()):
        assert label in page.text, label
    # Service authorisers: the person themself, and active colleagues whose role authorises services.
    assert "Tom Teamleider" in page.text and "Mia Manager" in page.text
    repair = re.search(r'<select id="f-authoriser_repair".*?</select>', page.text, re.S).group(0)
    assert "Kees Verzorger" not in repair
    # Order approvers: the administrator and colleagues with "Mag orders autoriseren".
    approvers = re.search(r'name="tier_authoriser".*?</select>', page.text, re.S).group(0)
    assert "Anja Administrator" in approvers and "Tom Teamleider" in approvers and "Mia Manager" not in approvers
    for location in (o.linde, o.baken):
        assert f'name="location" value="{location.id}"' in page.text
    assert f'name="department" value="{o.linde_west.id}"' in page.text
    assert '<script src="/static/account-form.js" defer></script>' in page.text


async def test_the_administrator_creates_an_account_with_everything_and_it_gets_the_invitation(client, smtp_server):
    o = await signed_in_admin(client)

    response = await post_form(client, NEW, valid_form(o))

    assert response.status_code == 303 and response.headers["location"] == "/accountbeheer"
    sanne = await Account.objects().where(Account.name == "Sanne de Vries").first()
    assert sanne.email == "sanne.de.vries@zorggroep.nl"  # stored lower-case
    assert (sanne.organisation, sanne.role, sanne.active, sanne.may_authorise_orders, sanne.has_budget_limit) == (
        o.org.id, "2", True, True, True)
    assert sanne.password_hash is None
    tiers = await BudgetTier.select().where(BudgetTier.account == sanne.id).order_by(BudgetTier.from_amount)
    assert [(to_money(t["from_amount"]), t["authoriser"]) for t in tiers] == [
        (Decimal("500.00"), o.teamleader.id), (Decimal("2500.50"), o.admin.id)]
    authorisers = {r["kind"]: r["authoriser"] for r in await ServiceAuthoriser.select().where(ServiceAuthoriser.account == sanne.id)}
    assert authorisers == {"repair": o.teamleader.id, "relocation": o.manager.id, "to_depot": sanne.id,
                           "from_depot": sanne.id, "rental_pickup": sanne.id}
    assert {r["location"] for r in await AccountLocation.select().where(AccountLocation.account == sanne.id)} == {o.linde.id, o.baken.id}
    assert [r["department"] for r in await AccountDepartment.select().where(AccountDepartment.account == sanne.id)] == [o.linde_west.id]

    list_page = await client.get("/accountbeheer")
    assert "Het account van Sanne de Vries is aangemaakt" in list_page.text

    await mail.drain()
    assert [m["To"] for m in smtp_server.messages] == ["sanne.de.vries@zorggroep.nl"]
    assert "/wachtwoord-instellen/" in smtp_server.messages[0].get_content()


async def test_the_invitation_link_lets_the_new_user_choose_a_password_and_sign_in(client, make_client):
    o = await signed_in_admin(client)
    await post_form(client, NEW, valid_form(o))

    outbox = await MailOutbox.objects().where(MailOutbox.to_address == "sanne.de.vries@zorggroep.nl").first()
    link = re.search(r"http://testserver(/wachtwoord-instellen/\S+)", outbox.body_text).group(1)
    newcomer = make_client()
    assert (await post_form(newcomer, link, {"password": "Tillift-Zeist-24", "repeat": "Tillift-Zeist-24"})).status_code == 303
    await login(newcomer, "sanne.de.vries@zorggroep.nl", "Tillift-Zeist-24")
    assert "Sanne de Vries" in (await newcomer.get("/mijn-account")).text


async def test_every_account_change_lands_in_the_audit_trail_with_what_changed(client):
    o = await signed_in_admin(client)
    await post_form(client, NEW, valid_form(o))
    sanne = await Account.objects().where(Account.name == "Sanne de Vries").first()

    await post_form(client, edit_url(sanne), valid_form(
        o, name="Sanne Jansen", role="3", tier_amount=["750"], tier_authoriser=[str(o.teamleader.id)],
        location=[str(o.linde.id)], department=[]))

    created, changed = await AuditEvent.objects().where(
        AuditEvent.object_id == str(sanne.id)).order_by(AuditEvent.id).output(load_json=True)
    assert (created.action, created.actor, created.organisation) == ("account_created", o.admin.id, o.org.id)
    assert created.changes["email"] == [None, "sanne.de.vries@zorggroep.nl"]
    assert changed.action == "account_changed" and changed.actor == o.admin.id
    changes = changed.changes
    assert changes["name"] == ["Sanne de Vries", "Sanne Jansen"]
    assert changes["role"] == ["2", "3"]
    assert changes["budget_tiers"][1] == [f"€\xa0750,00 → Tom Teamleider (#{o.teamleader.id})"]
    assert changes["locations"][1] == [f"Zorgcentrum De Linde (#{o.linde.id})"]
    assert "email" not in changes and "active" not in changes


async def test_the_edit_form_shows_what_is_stored(client):
    o = await signed_in_admin(client)
    await post_form(client, NEW, valid_form(o))
    sanne = await Account.objects().where(Account.name == "Sanne de Vries").first()

    page = await client.get(edit_url(sanne))

    assert "<h1>Account bewerken</h1>" in page.text
    assert 'value="sanne.de.vries@zorggroep.nl"' in page.text and "readonly" in page.text
    assert "onlineklantenservice@harting-bank.nl" in page.text  # where to send a new address
    assert 'value="500"' in page.text and 'value="2500,50"' in page.text
    assert f'<option value="{o.teamleader.id}" selected>Tom Teamleider</option>' in page.text
    assert f'name="location" value="{o.linde.id}" data-location="{o.linde.id}" checked' in page.text
    assert f'name="location" value="{o.baken.id}" data-location="{o.baken.id}" checked' in page.text
    assert f'value="{o.linde_west.id}" data-department-of="{o.linde.id}" checked' in page.text
    assert f'value="{o.linde_oost.id}" data-department-of="{o.linde.id}">' in page.text
    assert '<option value="2" selected>' in page.text
    # Sanne is not offered as her own order approver.
    approvers = re.search(r'name="tier_authoriser".*?</select>', page.text, re.S).group(0)
    assert "Sanne de Vries" not in approvers


# --- bad input: the form comes back, with the message next to the field and everything typed --------


async def test_a_duplicate_email_in_other_capitals_comes_back_with_everything_typed(client):
    o = await signed_in_admin(client)
    taken = await factories.account(await factories.organisation(), "2", email="bezet@zorggroep.nl")

    response = await post_form(client, NEW, valid_form(o, email="  BEZET@Zorggroep.NL "))

    assert response.status_code == 200
    assert error_next_to(response.text, "email") == "Er bestaat al een account met dit e-mailadres."
    assert 'aria-invalid="true" aria-describedby="e-email"' in response.text
    assert await account_count() == 5  # the four of the organisation and the one elsewhere: nothing new
    # Everything typed is still there: name, tiers, authorisers, ticked locations and departments.
    text = response.text
    assert 'value="Sanne de Vries"' in text and 'value="BEZET@Zorggroep.NL"' in text
    assert 'value="500"' in text and 'value="2.500,50"' in text
    assert f'<option value="{o.teamleader.id}" selected>Tom Teamleider</option>' in text
    assert f'<option value="{o.manager.id}" selected>Mia Manager</option>' in text
    assert f'value="{o.baken.id}" data-location="{o.baken.id}" checked' in text
    assert f'value="{o.linde_west.id}" data-department-of="{o.linde.id}" checked' in text
    assert 'name="has_budget_limit" value="1" id="f-has_budget_limit" checked' in text
    assert 'name="may_authorise_orders" value="1" checked' in text
    assert taken.email == "bezet@zorggroep.nl"


async def test_invalid_email_and_missing_name_are_refused(client):
    o = await signed_in_admin(client)
    for email in ("", "sanne", "sanne@", "sanne @zorggroep.nl", "a" * 250 + "@zorggroep.nl"):
        response = await post_form(client, NEW, valid_form(o, email=email, name=""))
        assert response.status_code == 200
        assert error_next_to(response.text, "email")
        assert error_next_to(response.text, "name") == "Vul de naam van de medewerker in."
    assert await account_count() == 4


async def test_control_characters_never_reach_the_database(client):
    o = await signed_in_admin(client)
    response = await post_form(client, NEW, valid_form(
        o, name="Sanne\x00 de Vries\x07", email="sanne\x00@zorggroep.nl", tier_amount=["5\x0000"],
        tier_authoriser=[str(o.admin.id)]))
    assert response.status_code == 303
    sanne = await Account.objects().where(Account.email == "sanne@zorggroep.nl").first()
    assert sanne.name == "Sanne de Vries"
    assert to_money((await BudgetTier.select().first())["from_amount"]) == Decimal("500.00")


async def test_a_forged_authoriser_of_another_organisation_is_refused_and_never_stored(client):
    o = await signed_in_admin(client)
    other = await factories.organisation()
    stranger = await factories.account(other, "3", may_authorise_orders=True, name="Vreemde Autorisator")

    response = await post_form(client, NEW, valid_form(o, authoriser_repair=str(stranger.id)))

    assert response.status_code == 200
    assert error_next_to(response.text, "authoriser_repair").startswith("Kies een actieve collega")
    assert "Vreemde Autorisator" not in response.text  # not even their name leaks
    assert await account_count() == 5
    assert await ServiceAuthoriser.count().where(ServiceAuthoriser.authoriser == stranger.id) == 0


async def test_service_authorisers_must_be_active_colleagues_whose_role_authorises(client):
    o = await signed_in_admin(client)
    retired = await factories.account(o.org, "3", name="Oud Collega", active=False)
    for forged in (str(o.carer.id), str(retired.id), "abc", "99999999999999999999", "-1"):
        response = await post_form(client, NEW, valid_form(o, authoriser_to_depot=forged))
        assert response.status_code == 200, forged
        assert error_next_to(response.text, "authoriser_to_depot"), forged
    assert await Account.count().where(Account.name == "Sanne de Vries") == 0


async def test_tier_approvers_must_be_colleagues_who_may_authorise_orders(client):
    o = await signed_in_admin(client)
    stranger = await factories.account(await factories.organisation(), "admin")
    # Roles 4 and 6 never reach the shop: even with "Mag orders autoriseren" they are not offered.
    nurse = await factories.account(o.org, "4", name="Verpleegkundige Met Vinkje", locations=[o.linde],
                                    may_authorise_orders=True)
    from portal.domain.account_admin.form import form_options
    from portal.domain.scope import scope_for

    offered = [choice.label for choice in (await form_options(await scope_for(o.admin))).order_approvers]
    assert "Tom Teamleider" in offered and "Verpleegkundige Met Vinkje" not in offered
    for forged in (str(o.manager.id), str(o.carer.id), str(stranger.id), str(nurse.id), ""):
        response = await post_form(client, NEW, valid_form(o, tier_amount=["500"], tier_authoriser=[forged]))
        assert response.status_code == 200, forged
        assert error_next_to_tier(response.text, "authoriser", 0).startswith("Kies een actieve collega"), forged
    assert await BudgetTier.count() == 0


def error_next_to_tier(html: str, field: str, index: int) -> str:
    match = re.search(rf'<small id="e-tier_{field}_{index}" class="field-error">([^<]+)<', html)
    assert match, f"no error next to tier {field} {index}"
    return match.group(1)


async def test_tier_amounts_must_be_positive_amounts_and_differ(client):
    o = await signed_in_admin(client)
    t, a = str(o.teamleader.id), str(o.admin.id)
    cases = {
        "0": "Het bedrag moet groter zijn dan € 0.",
        "-5": "Het bedrag moet groter zijn dan € 0.",
        "vijfhonderd": "Vul een bedrag in, bijvoorbeeld 500 of 1250,50.",
        "": "Vul een bedrag in, bijvoorbeeld 500 of 1250,50.",
        "100000000000": "Dit bedrag is te hoog.",
        # Decimal reads these as numbers that are not amounts; comparing a NaN used to raise (a 500).
        "NaN": "Vul een bedrag in, bijvoorbeeld 500 of 1250,50.",
        "nan": "Vul een bedrag in, bijvoorbeeld 500 of 1250,50.",
        "-NaN": "Vul een bedrag in, bijvoorbeeld 500 of 1250,50.",
        "sNaN": "Vul een bedrag in, bijvoorbeeld 500 of 1250,50.",
        "Infinity": "Vul een bedrag in, bijvoorbeeld 500 of 1250,50.",
        "1e999999": "Vul een bedrag in, bijvoorbeeld 500 of 1250,50.",
    }
    for amount, message in cases.items():
        response = await post_form(client, NEW, valid_form(o, tier_amount=["100", amount], tier_authoriser=[t, a]))
        assert response.status_code == 200, amount
        assert error_next_to_tier(response.text, "amount", 1) == message, amount
        assert 'value="Sanne de Vries"' in response.text  # the form comes back as it was typed
    # "500" and "500,00" are the same amount: overlapping tiers.
    response = await post_form(client, NEW, valid_form(o, tier_amount=["500", "500,00"], tier_authoriser=[t, a]))
    assert error_next_to_tier(response.text, "amount", 1) == "Dit bedrag staat er al; elke budgetlimiet heeft een eigen bedrag."
    assert 'value="500,00"' in response.text
    assert await BudgetTier.count() == 0 and await Account.count().where(Account.name == "Sanne de Vries") == 0


async def test_amounts_are_read_the_dutch_way(client):
    o = await signed_in_admin(client)
    amounts = ["2.500", "€ 1.250,50", "750", "99,95", "12.345.678"]
    response = await post_form(client, NEW, valid_form(o, tier_amount=amounts, tier_authoriser=[str(o.admin.id)] * 5))
    assert response.status_code == 303
    stored = [to_money(t["from_amount"]) for t in await BudgetTier.select().order_by(BudgetTier.from_amount)]
    assert stored == [Decimal("99.95"), Decimal("750.00"), Decimal("1250.50"), Decimal("2500.00"), Decimal("12345678.00")]


async def test_a_budget_limit_needs_at_least_one_tier(client):
    o = await signed_in_admin(client)
    response = await post_form(client, NEW, valid_form(o, tier_amount=[""], tier_authoriser=[""]))
    assert "Voeg minstens één budgetlimiet toe" in error_next_to(response.text, "tiers")


async def test_empty_tier_rows_are_ignored(client):
    o = await signed_in_admin(client)
    response = await post_form(client, NEW, valid_form(
        o, tier_amount=["", "500", ""], tier_authoriser=["", str(o.admin.id), ""]))
    assert response.status_code == 303
    assert await BudgetTier.count() == 1


async def test_a_budget_limit_only_for_roles_that_may_have_one(client):
    o = await signed_in_admin(client)
    for role in ("admin", "1", "4", "6"):
        response = await post_form(client, NEW, valid_form(o, role=role))
        assert error_next_to(response.text, "has_budget_limit") == "Een budgetlimiet kan alleen bij rol 2, 3, 5 en 7.", role
    for role in ("3", "5", "7"):
        response = await post_form(client, NEW, valid_form(o, role=role, email=f"rol{role}@zorggroep.nl"))
        assert response.status_code == 303, role


async def test_without_the_tick_box_the_tiers_are_not_stored(client):
    o = await signed_in_admin(client)
    await post_form(client, NEW, valid_form(o))
    sanne = await Account.objects().where(Account.name == "Sanne de Vries").first()

    response = await post_form(client, edit_url(sanne), valid_form(o, has_budget_limit=None))

    assert response.status_code == 303
    assert await BudgetTier.count().where(BudgetTier.account == sanne.id) == 0
    assert not (await Account.objects().where(Account.id == sanne.id).first()).has_budget_limit
    # A role without budget limits may then be chosen, tiers or no tiers in the form.
    response = await post_form(client, edit_url(sanne), valid_form(o, role="4", has_budget_limit=None))
    assert response.status_code == 303


async def test_an_unknown_role_is_refused(client):
    o = await signed_in_admin(client)
    for role in ("", "8", "staff", "ADMIN"):
        response = await post_form(client, NEW, valid_form(o, role=role, has_budget_limit=None))
        assert error_next_to(response.text, "role") == "Kies een rol.", role


async def test_roles_1_to_7_need_a_location_and_the_form_opens_on_that_tab(client):
    o = await signed_in_admin(client)

    response = await post_form(client, NEW, valid_form(o, location=None, department=None, _tab="details"))

    assert error_next_to(response.text, "locations") == "Kies minstens één locatie waarvoor de medewerker zaken mag regelen."
    assert 'id="tab-locaties" class="tab-radio" checked' in response.text
    assert await Account.count().where(Account.name == "Sanne de Vries") == 0
    # The administrator sees every location anyway.
    response = await post_form(client, NEW, valid_form(o, role="admin", has_budget_limit=None, location=None, department=None))
    assert response.status_code == 303


async def test_departments_only_of_ticked_locations(client):
    o = await signed_in_admin(client)

    response = await post_form(client, NEW, valid_form(o, location=[str(o.linde.id)], department=[str(o.baken_dep.id)]))

    assert error_next_to(response.text, "locations") == (
        "Vink ook de locatie Verpleeghuis Het Baken aan, of vink haar afdelingen uit.")
    assert f'value="{o.baken_dep.id}" data-department-of="{o.baken.id}" checked' in response.text
    assert await AccountDepartment.count() == 0


async def test_forged_locations_and_departments_of_another_organisation_are_never_stored(client):
    o = await signed_in_admin(client)
    other = await factories.organisation()
    foreign = await factories.location(other, name="Elders Zorg")
    foreign_dep = await factories.department(foreign, name="Elders Afdeling")
    gone = await factories.location(o.org, name="Gesloten Locatie")
    gone.active = False
    await gone.save()

    for changes in (
        {"location": [str(o.linde.id), str(foreign.id)]},
        {"department": [str(foreign_dep.id)]},
        {"location": [str(gone.id)]},
        {"location": ["abc"]},
        {"department": ["99999999999999999999"]},
    ):
        response = await post_form(client, NEW, valid_form(o, **changes))
        assert response.status_code == 200, changes
        assert error_next_to(response.text, "locations"), changes
        assert "Elders" not in response.text
    assert await AccountLocation.count().where(AccountLocation.location.is_in([foreign.id, gone.id])) == 0
    assert await AccountDepartment.count() == 0


async def test_the_email_address_cannot_be_changed_afterwards(client):
    o = await signed_in_admin(client)

    response = await post_form(client, edit_url(o.carer), valid_form(
        o, email="nieuw@elders.nl", role="4", has_budget_limit=None, name="Kees de Verzorger"))

    assert response.status_code == 303
    carer = await Account.objects().where(Account.id == o.carer.id).first()
    assert carer.name == "Kees de Verzorger" and carer.email == o.carer.email
    # Nor can an invalid form show a different address than the stored one.
    response = await post_form(client, edit_url(o.carer), valid_form(o, email="nieuw@elders.nl", name="", role="4"))
    assert f'value="{o.carer.email}"' in response.text and "nieuw@elders.nl" not in response.text


async def test_accounts_of_another_organisation_and_nonsense_ids_are_not_found(client):
    o = await signed_in_admin(client)
    stranger = await factories.account(await factories.organisation(), "2", name="Vreemde")

    for path in (edit_url(stranger), "/accountbeheer/abc/bewerken", "/accountbeheer/0/bewerken",
                 "/accountbeheer/99999999999999999999/bewerken"):
        assert (await client.get(path)).status_code == 404, path
    response = await post_form(client, edit_url(stranger), valid_form(o, name="Overgenomen"), token_from=NEW)
    assert response.status_code == 404
    assert (await Account.objects().where(Account.id == stranger.id).first()).name == "Vreemde"


async def test_a_colleague_and_another_organisation_cannot_use_the_form(make_client):
    o = await Org().build()
    manager = await factories.account(o.org, "1", locations=[o.linde])
    as_manager = make_client()
    await login(as_manager, manager.email)
    other_admin = await factories.account(await factories.organisation(), "admin")
    as_other = make_client()
    await login(as_other, other_admin.email)

    assert (await as_manager.get(edit_url(o.carer))).status_code == 403
    response = await post_form(as_manager, edit_url(o.carer), {"name": "Gehackt", "role": "admin"}, token_from="/mijn-account")
    assert response.status_code == 403
    response = await post_form(as_manager, NEW, valid_form(o), token_from="/mijn-account")
    assert response.status_code == 403
    assert (await as_other.get(edit_url(o.carer))).status_code == 404
    response = await post_form(as_other, edit_url(o.carer), {"name": "Gehackt", "role": "admin"}, token_from=NEW)
    assert response.status_code == 404
    carer = await Account.objects().where(Account.id == o.carer.id).first()
    assert (carer.name, carer.role) == ("Kees Verzorger", "4")
    assert await Account.count().where(Account.name == "Sanne de Vries") == 0


# --- the last administrator ---------------------------------------------------------------------------


async def test_the_last_active_administrator_cannot_be_demoted_or_deactivated(client):
    o = await signed_in_admin(client)
    admin_form = dict(name="Anja Administrator", role="admin", has_budget_limit=None, location=None, department=None)

    demoted = await post_form(client, edit_url(o.admin), valid_form(o, **{**admin_form, "role": "1", "location": [str(o.linde.id)]}))
    assert error_next_to(demoted.text, "role").startswith("Dit is de laatste actieve administrator")
    deactivated = await post_form(client, edit_url(o.admin), valid_form(o, **{**admin_form, "active": None}))
    assert error_next_to(deactivated.text, "active").startswith("Dit is de laatste actieve administrator")
    admin = await Account.objects().where(Account.id == o.admin.id).first()
    assert (admin.role, admin.active) == ("admin", True)

    # An inactive second administrator does not count; an active one does.
    second = await factories.account(o.org, "admin", name="Bas Beheerder", active=False)
    demoted = await post_form(client, edit_url(o.admin), valid_form(o, **{**admin_form, "role": "1", "location": [str(o.linde.id)]}))
    assert demoted.status_code == 200
    second.active = True
    await second.save()
    demoted = await post_form(client, edit_url(o.admin), valid_form(o, **{**admin_form, "role": "1", "location": [str(o.linde.id)]}))
    assert demoted.status_code == 303
    assert (await Account.objects().where(Account.id == o.admin.id).first()).role == "1"
    # ... and the former administrator is signed in no longer with the administrator's rights.
    assert (await client.get("/accountbeheer")).status_code == 403


async def test_another_organisations_administrators_do_not_count(client):
    o = await signed_in_admin(client)
    await factories.account(await factories.organisation(), "admin")

    response = await post_form(client, edit_url(o.admin), valid_form(
        o, name="Anja", role="admin", active=None, has_budget_limit=None))

    assert error_next_to(response.text, "active").startswith("Dit is de laatste actieve administrator")


# --- changes take effect on the user's next request -------------------------------------------------


async def test_a_new_role_takes_effect_on_the_users_next_request(client, make_client):
    o = await signed_in_admin(client)
    buyer = await factories.account(o.org, "2", locations=[o.linde], name="Bea Koper")
    as_buyer = make_client()
    await login(as_buyer, buyer.email)
    assert (await as_buyer.get("/alle-producten/")).status_code == 200

    await post_form(client, edit_url(buyer), valid_form(o, name="Bea Koper", role="4", has_budget_limit=None))

    assert (await as_buyer.get("/alle-producten/")).status_code == 403
    assert "Rol 4" in (await as_buyer.get("/mijn-account")).text


async def test_new_locations_take_effect_on_the_users_next_request(client, make_client):
    o = await signed_in_admin(client)
    as_carer = make_client()
    await login(as_carer, o.carer.email)
    assert "Verpleeghuis Het Baken" not in (await as_carer.get("/mijn-account?tab=locaties")).text

    await post_form(client, edit_url(o.carer), valid_form(
        o, name="Kees Verzorger", role="4", has_budget_limit=None, location=[str(o.baken.id)], department=[]))

    page = await as_carer.get("/mijn-account?tab=locaties")
    assert "Verpleeghuis Het Baken" in page.text and "Zorgcentrum De Linde" not in page.text


# --- budget tiers without reloading the page ----------------------------------------------------------


async def test_toevoegen_gets_a_new_tier_row_from_htmx_with_this_organisations_approvers(client):
    o = await signed_in_admin(client)
    stranger = await factories.account(await factories.organisation(), "admin", name="Vreemde Beheerder")

    row = await client.get(f"/accountbeheer/budgetregel?account={o.teamleader.id}", headers={"HX-Request": "true"})

    assert row.status_code == 200
    assert 'class="tier-row"' in row.text and "<html" not in row.text
    assert 'name="tier_amount"' in row.text and 'name="tier_authoriser"' in row.text
    assert "Anja Administrator" in row.text
    assert "Tom Teamleider" not in row.text  # not their own approver
    assert "Vreemde Beheerder" not in row.text and str(stranger.email) not in row.text
    assert (await client.get("/accountbeheer/budgetregel?account=abc")).status_code == 404
    assert (await client.get(f"/accountbeheer/budgetregel?account={stranger.id}")).status_code == 404
    assert (await client.get("/accountbeheer/budgetregel?account=")).status_code == 200  # a new account


async def test_without_script_toevoegen_and_the_bin_post_the_form_back_without_saving(client):
    o = await signed_in_admin(client)

    added = await post_form(client, NEW, valid_form(o, _action="tier_add"))
    assert added.status_code == 200
    assert added.text.count('class="tier-row"') == 3
    assert 'value="500"' in added.text and 'value="2.500,50"' in added.text
    removed = await post_form(client, NEW, valid_form(o, _action="tier_remove_0"))
    assert removed.text.count('class="tier-row"') == 1
    assert 'value="500"' not in removed.text and 'value="2.500,50"' in removed.text
    nonsense = await post_form(client, NEW, valid_form(o, _action="tier_remove_99999999999999999"))
    assert nonsense.status_code == 200 and nonsense.text.count('class="tier-row"') == 2
    assert await Account.count().where(Account.name == "Sanne de Vries") == 0


async def test_an_authoriser_who_left_is_shown_and_must_be_replaced_not_silently_dropped(client):
    o = await signed_in_admin(client)
    await post_form(client, NEW, valid_form(o))
    sanne = await Account.objects().where(Account.name == "Sanne de Vries").first()
    await Account.update({Account.active: False}).where(Account.id == o.manager.id)  # Mia leaves

    page = await client.get(edit_url(sanne))
    assert f'<option value="{o.manager.id}" selected>Mia Manager (mag niet autoriseren)</option>' in page.text

    response = await post_form(client, edit_url(sanne), valid_form(o))
    assert error_next_to(response.text, "authoriser_relocation").startswith("Kies een actieve collega")
    stored = await ServiceAuthoriser.select().where(
        (ServiceAuthoriser.account == sanne.id) & (ServiceAuthoriser.kind == "relocation")).first()
    assert stored["authoriser"] == o.manager.id  # unchanged until the administrator chooses
