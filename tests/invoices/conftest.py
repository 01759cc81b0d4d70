"""Set-up for Mijn facturen: an organisation with two locations (De Linde, Het Baken), its administrator,
a manager (role 1) assigned to De Linde only, a nurse (role 2, no invoices), and another organisation with
an invoice of its own."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests import factories, invoice_factories
from tests.shop.conftest import shown, signed_in  # noqa: F401  (the shop's: sign in, read amounts as shown)


@dataclass
class World:
    org: object
    linde: object
    baken: object
    admin: object
    manager: object  # role 1, De Linde only
    nurse: object  # role 2: no Right.INVOICES
    other_admin: object
    other_invoice: object


@pytest.fixture
async def world() -> World:
    org = await factories.organisation("Zorggroep De Linde")
    linde = await factories.location(org, "De Linde", city="Utrecht")
    baken = await factories.location(org, "Het Baken", city="Zeist")
    admin = await factories.account(org, "admin", name="Anja Administrator", email="anja@delinde.nl")
    manager = await factories.account(org, "1", name="Mia Manager", email="mia@delinde.nl", locations=[linde])
    nurse = await factories.account(org, "2", name="Nina Verpleegkundige", email="nina@delinde.nl", locations=[linde])
    other = await factories.organisation("Zorgpunt Noord")
    other_location = await factories.location(other, "Noorderhof")
    other_admin = await factories.account(other, "admin", email="admin@zorgpunt.nl")
    other_invoice = await invoice_factories.invoice(other_location, number="FAC-2026-000999")
    return World(org, linde, baken, admin, manager, nurse, other_admin, other_invoice)

