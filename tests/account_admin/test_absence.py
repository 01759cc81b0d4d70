"""Absence with a substitute (SRV-3): in "Account bewerken" the administrator sets for an authoriser
"Afwezig van … tot en met …, vervanger …"; the rules hold whatever the form sends; "Mijn account" shows it."""

from __future__ import annotations

import re
from datetime import date

import pytest

from portal.tables import Account
from tests.account_admin.test_account_form import edit_url, signed_in_admin, valid_form
from tests.helpers import login, post_form


def tom_form(o, **changes) -> dict:
    return valid_form(o, **{"name": "Tom Teamleider", "role": "3", "has_budget_limit": None, "tier_amount": None,
                            "tier_authoriser": None, "location": [str(o.linde.id)], "department": None, **changes})


def error(html: str, name: str) -> str:
    match = re.search(rf'<small id="e-{name}" class="field-error">([^<]+)<', html)
    return match.group(1) if match else ""


async def test_the_administrator_sets_an_absence_with_a_substitute(client, make_client):
    o = await signed_in_admin(client)
    response = await post_form(client, edit_url(o.teamleader), tom_form(
        o, away_from="2026-12-20", away_until="3-1-2027", substitute=str(o.manager.id)), token_from=edit_url(o.teamleader))
    assert response.status_code == 303
    tom = await Account.objects().get(Account.id == o.teamleader.id)
    assert (tom.away_from, tom.away_until, tom.substitute) == (date(2026, 12, 20), date(2027, 1, 3), o.manager.id)
    form = (await client.get(edit_url(o.teamleader))).text
    assert 'value="2026-12-20"' in form and 'value="2027-01-03"' in form
    own = make_client()
    await login(own, o.teamleader.email)
    assert "Afwezig van 20-12-2026 tot en met 3-1-2027; vervanger: Mia Manager" in (await own.get("/mijn-account")).text
    # Emptying the three fields ends it.
    await post_form(client, edit_url(o.teamleader), tom_form(o, away_from="", away_until="", substitute=""),
                    token_from=edit_url(o.teamleader))
    tom = await Account.objects().get(Account.id == o.teamleader.id)
    assert (tom.away_from, tom.away_until, tom.substitute) == (None, None, None)


@pytest.mark.parametrize("changes, field, message", [
    ({"away_from": "2026-12-20", "away_until": "", "substitute": "manager"}, "away_until", "Vul de laatste dag"),
    ({"away_from": "morgen", "away_until": "2027-01-03", "substitute": "manager"}, "away_from", "Vul de eerste dag"),
    ({"away_from": "2027-01-03", "away_until": "2026-12-20", "substitute": "manager"}, "away_until", "De laatste dag ligt vóór de eerste."),
    ({"away_from": "2026-12-20", "away_until": "2027-01-03", "substitute": ""}, "substitute", "Kies een actieve collega"),
    ({"away_from": "2026-12-20", "away_until": "2027-01-03", "substitute": "carer"}, "substitute", "Kies een actieve collega"),
    ({"away_from": "2026-12-20", "away_until": "2027-01-03", "substitute": "self"}, "substitute", "Kies een actieve collega"),
    ({"away_from": "2026-12-20", "away_until": "2027-01-03", "substitute": "stranger"}, "substitute", "Kies een actieve collega"),
    ({"role": "4", "away_from": "2026-12-20", "away_until": "2027-01-03", "substitute": "manager"}, "away_from",
     "Alleen wie serviceaanvragen van anderen autoriseert"),
])
async def test_the_absence_rules_hold_whatever_the_form_sends(client, changes, field, message):
    from tests import factories

    o = await signed_in_admin(client)
    stranger = await factories.account(await factories.organisation(), "3")
    ids = {"manager": o.manager.id, "carer": o.carer.id, "self": o.teamleader.id, "stranger": stranger.id}
    sent = {key: str(ids.get(value, value)) for key, value in changes.items()}
    response = await post_form(client, edit_url(o.teamleader), tom_form(o, **sent), token_from=edit_url(o.teamleader))
    assert response.status_code == 200
    assert error(response.text, field).startswith(message), response.text[-2000:]
    assert (await Account.objects().get(Account.id == o.teamleader.id)).away_from is None
