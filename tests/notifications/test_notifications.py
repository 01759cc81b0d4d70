"""Meldingen: the header's count (loaded after the page and every minute), the list, newest first, and
opening one, which marks it read and leads on; nobody opens another's."""

from __future__ import annotations

from portal.domain.notifications import notify
from portal.tables import Notification
from tests import factories
from tests.helpers import login


async def test_the_count_the_list_and_opening_a_notification(client):
    org = await factories.organisation()
    nina = await factories.account(org, "4", locations=[await factories.location(org)])
    first = await notify(nina.id, "Uw aanvraag SRV-2026-000001 is goedgekeurd", "Tom keurde haar goed.", "/acties/SRV-2026-000001")
    await notify(nina.id, "Uw aanvraag SRV-2026-000002 is ingepland", link="/acties/SRV-2026-000002")
    await login(client, nina.email)

    page = (await client.get("/hulpmiddelen")).text
    assert 'hx-get="/meldingen/teller" hx-trigger="load"' in page and 'href="/meldingen"' in page
    count = await client.get("/meldingen/teller", headers={"HX-Request": "true"})
    assert '<span class="badge"' in count.text and ">2</span>" in count.text
    assert 'hx-trigger="every 60s"' in count.text and "Te autoriseren" not in count.text  # role 4 authorises nothing

    listing = (await client.get("/meldingen")).text
    assert listing.index("SRV-2026-000002") < listing.index("SRV-2026-000001")
    assert listing.count('class="unread"') == 2

    opened = await client.get(f"/meldingen/{first.id}")
    assert opened.status_code == 303 and opened.headers["location"] == "/acties/SRV-2026-000001"
    assert (await Notification.objects().get(Notification.id == first.id)).read_at is not None
    assert ">1</span>" in (await client.get("/meldingen/teller")).text
    assert (await client.get("/meldingen")).text.count('class="unread"') == 1


async def test_another_accounts_notification_is_not_found(client):
    org = await factories.organisation()
    nina = await factories.account(org, "4")
    tom = await factories.account(org, "3")
    theirs = await notify(tom.id, "Voor Tom", link="/acties/SRV-2026-000003")
    await login(client, nina.email)
    for path in (f"/meldingen/{theirs.id}", "/meldingen/abc", "/meldingen/99999999999"):
        assert (await client.get(path)).status_code == 404, path
    assert (await Notification.objects().get(Notification.id == theirs.id)).read_at is None
