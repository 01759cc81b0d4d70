"""The addresses the Dutch manual names keep working: signed out they lead to "Inloggen" and, once signed
in, back to where the visitor wanted to go, a real page with its own heading. No link on any page leads nowhere."""

from __future__ import annotations

from collections import deque
from urllib.parse import urlsplit

import httpx
import pytest

from portal.rights import ADMIN
from tests import factories
from tests.security.routes import (
    SIGN_IN_PATH,
    follow,
    is_html,
    local_links,
    make_tenant,
    missing_samples,
    pages,
    parse_html,
    report,
    sign_in_url,
    signed_in,
    walk,
)

MANUAL_PATHS = (
    "/",
    "/mijn-account",
    "/profile/change-password",
    "/accountbeheer",
    "/profile/permissionoverview",
    "/hulpmiddelen",
    "/acties",
    "/profile/planning",
    "/alle-producten/",
    "/winkelwagen",
    "/shop/basket",
    "/profile/ordertemplates/",
    "/profile/orders/",
    "/profile/orders/?page=rental",
    "/profile/orders/?page=financial",
    "/profile/quotes/",
    "/huur",
    "/shop/rentalbasket",
    "/profile/",
    "/contactformulier",
    "/veelgestelde-vragen",
    "/videos-portal",
)
# Enough for every page an account can reach; a crawl that grows past it is following an endless
# chain of generated links, itself a fault.
MAX_PAGES = 400


@pytest.mark.parametrize("path", MANUAL_PATHS)
async def test_a_manual_path_leads_through_sign_in_back_to_the_page(path, client):
    tenant = await make_tenant(roles=(ADMIN,))

    response = await client.get(path)
    assert response.status_code == 303
    assert response.headers["location"] == sign_in_url(path)

    login_page = await client.get(response.headers["location"])
    assert login_page.status_code == 200
    form = next(form for form in parse_html(login_page.text).iter("form") if form.attrs.get("action") == SIGN_IN_PATH)
    fields = {node.attrs["name"]: node.attrs.get("value", "") for node in form.iter("input") if "name" in node.attrs}
    assert fields["next"] == path
    fields.update(email=tenant.accounts[ADMIN].email, password=factories.PASSWORD)

    response = await client.post(SIGN_IN_PATH, data=fields)
    assert response.status_code == 303
    assert response.headers["location"] == path
    final, hops = await follow(client, await client.get(path))
    assert final.status_code == 200, f"{path} via {hops}: {final.status_code}"
    assert not any(hop.startswith(SIGN_IN_PATH) for hop in hops)
    # A real page behind every path of the manual (step 8): its heading, and no "coming soon" text.
    headings = [" ".join(node.text().split()) for node in parse_html(final.text).iter("h1")]
    assert len(headings) == 1 and headings[0], f"{path}: headings {headings}"
    assert "binnenkort beschikbaar" not in final.text, f"{path} is still a coming-soon page"


def crawl_key(url: str) -> str:
    """Files (a PDF, a spreadsheet) are costly to make and carry no links: one of each kind is enough, not
    one per sort order. Pages are opened for every query."""
    parts = urlsplit(url)
    if "." not in parts.path.rsplit("/", 1)[-1]:
        return url
    return parts.path + "?" + "&".join(sorted(pair.split("=")[0] for pair in parts.query.split("&") if pair))


async def crawl(client: httpx.AsyncClient, start: set[str]) -> tuple[int, list[str]]:
    """Opens every local link (href, src, hx-get) reachable from `start`; reports the ones that answer 404
    or 500, with the page that links to them."""
    queue = deque((url, "(start)") for url in sorted(start))
    seen = {crawl_key(url) for url in start}
    problems = []
    while queue:
        url, source = queue.popleft()
        response, hops = await follow(client, await client.get(url))
        if response.status_code == 404 or response.status_code >= 500:
            via = f" via {' -> '.join(hops)}" if hops else ""
            problems.append(f"{url}{via} (linked from {source}): {response.status_code}")
            continue
        path = urlsplit(str(response.url)).path
        if response.status_code != 200 or not is_html(response) or path.startswith(("/static/", "/admin")):
            continue
        document = parse_html(response.text)
        links = local_links(document) | {
            node.attrs["hx-get"] for node in document.iter() if node.attrs.get("hx-get", "").startswith("/")
        }
        for link in sorted(links):
            if crawl_key(link) not in seen:
                seen.add(crawl_key(link))
                queue.append((link, url))
        assert len(seen) <= MAX_PAGES, f"more than {MAX_PAGES} links: an endless chain? last from {url}"
    return len(seen), problems


async def test_no_link_on_any_page_of_the_administrator_leads_to_404_or_500(app, make_client):
    endpoints = walk(app).endpoints
    assert missing_samples(endpoints) == []
    tenant = await make_tenant(roles=(ADMIN,))
    admin = await signed_in(make_client, tenant.accounts[ADMIN])
    start = {await tenant.url(endpoint) for endpoint in pages(endpoints)} | set(MANUAL_PATHS)
    opened, problems = await crawl(admin, start)
    assert opened > len(start), "the crawl found no links"
    assert not problems, report(problems)


async def test_no_link_for_a_signed_out_visitor_leads_to_404_or_500(client):
    opened, problems = await crawl(client, {SIGN_IN_PATH})
    assert opened > 3, "the crawl found no links"
    assert not problems, report(problems)
