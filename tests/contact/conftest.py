"""Set-up for the contact tests: a care organisation with a nurse who buys (role 2, Nina), a colleague
who does not (role 4, Karel), the shop's hoist, and another organisation's administrator."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

import pytest

from portal.domain.contact import forms, requests
from portal.tables import ContactRequest
from tests import factories, shop_factories
from tests.helpers import login


@dataclass
class World:
    org: object
    linde: object
    nurse: object  # role 2: every right of the shop
    colleague: object  # role 4: no shop
    hoist: object
    other_admin: object


@pytest.fixture
async def world() -> World:
    org = await factories.organisation("Zorggroep De Linde")
    linde = await factories.location(org, "De Linde")
    nurse = await factories.account(org, "2", name="Nina Verpleegkundige", email="nina@delinde.nl", locations=[linde])
    colleague = await factories.account(org, "4", name="Karel Collega", email="karel@delinde.nl", locations=[linde])
    hoist = await shop_factories.product(name="Tillift Birdie", article_number="240100", list_price="2450.00")
    other = await factories.organisation("Zorgpunt Noord")
    other_admin = await factories.account(other, "admin", name="Olga Noord", email="olga@zorgpunt.nl")
    return World(org, linde, nurse, colleague, hoist, other_admin)


async def signed_in(client, account):
    await login(client, account.email)
    return client


async def token(client, path: str = "/contactformulier") -> str:
    page = await client.get(path)
    return re.search(r'name="_csrf_token" value="([^"]+)"', page.text).group(1)


async def post(client, path: str, data: dict, token_from: str = "/contactformulier", **kwargs):
    """A form as the browser sends it; a list value is a group of ticked boxes of one name."""
    return await client.post(path, data={"_csrf_token": await token(client, token_from), **data}, **kwargs)


async def sent_contact(account, subject: str = "Vraag over de planning", **fields) -> ContactRequest:
    """A contact request sent through the form's domain function."""
    values = {"message": "Wanneer komt de monteur?", "email": account.email, "reach_by": "email", **fields}
    sent = await requests.send_contact(account, forms.ContactInput(subject=subject, **values))
    assert sent.request is not None, sent.errors
    return sent.request


def field_error(html: str, name: str) -> str | None:
    """The message next to field `name` (its <small id="e-name">), or None; the field is aria-invalid."""
    found = re.search(rf'<small id="e-{name}" class="field-error">([^<]*)</small>', html)
    return unescape(found.group(1)) if found else None


def value_of(html: str, name: str) -> str:
    """What an input or textarea shows."""
    area = re.search(rf'<textarea id="f-{name}"[^>]*>([^<]*)</textarea>', html)
    if area:
        return unescape(area.group(1))
    found = re.search(rf'<input id="f-{name}" name="{name}"[^>]* value="([^"]*)"', html)
    return unescape(found.group(1)) if found else ""
