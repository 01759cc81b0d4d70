"""Every route against the rights table (ROLE-1…9): each role, signed out, and a user of another
organisation. Routes come from the app and expectations from the handlers' `opt` and RIGHTS, so a new
route is checked without touching this file (see tests/security/routes.py)."""

from __future__ import annotations

import pytest

from portal.links import routes
from portal.navigation import FOOTER, MENU, menu_for
from portal.rights import ADMIN, RIGHT_LABELS, RIGHTS, ROLES, Right, role_label
from tests import factories
from tests.helpers import login
from tests.security.routes import (
    NOT_FOUND_TITLE,
    SIGN_IN_PATH,
    SKIPPED_ROUTES,
    denied_problem,
    endpoint_for,
    follow,
    form_token,
    is_department_bound,
    is_scoped,
    keep_signed_in,
    make_tenant,
    missing_samples,
    pages,
    parse_html,
    report,
    sign_in_url,
    signed_in,
    state_changing,
    token_to_send,
    walk,
)

ROLE_IDS = [role if role == ADMIN else f"rol-{role}" for role in ROLES]


@pytest.fixture
def endpoints(app):
    found = walk(app)
    missing = missing_samples(found.endpoints)
    if missing:
        pytest.fail(report(missing), pytrace=False)
    return found.endpoints


def test_only_the_listed_routes_are_left_out_of_the_matrix(app):
    found = walk(app)
    assert found.unexpected == [], (
        "routes the matrix cannot walk; test them and list them in SKIPPED_ROUTES with the reason: "
        f"{found.unexpected}"
    )
    assert sorted(found.skipped) == sorted(SKIPPED_ROUTES)
    assert {endpoint.method for endpoint in found.endpoints} >= {"GET", "POST"}


def test_every_path_parameter_has_a_sample_value(app):
    assert missing_samples(walk(app).endpoints) == []


@pytest.mark.parametrize("role", ROLES, ids=ROLE_IDS)
async def test_each_page_opens_exactly_for_the_roles_the_rights_table_allows(role, endpoints, make_client):
    tenant = await make_tenant()
    client = await signed_in(make_client, tenant.accounts[role])
    problems = []
    for endpoint in pages(endpoints):
        url = await tenant.url(endpoint, tenant.accounts[role])
        response = await client.get(url)
        if not endpoint.allows(role):
            if problem := denied_problem(response):
                problems.append(f"{url}: {problem}")
            continue
        final, hops = await follow(client, response)
        if final.status_code != 200:
            via = f" via {' -> '.join(hops)}" if hops else ""
            problems.append(f"{url}: role {role} may open it, got {final.status_code}{via}")
        elif any(hop.startswith(SIGN_IN_PATH) for hop in hops):
            problems.append(f"{url}: signed in, yet sent to sign in via {hops}")
    assert not problems, report(problems)


@pytest.mark.parametrize("role", ROLES, ids=ROLE_IDS)
async def test_each_state_changing_route_refuses_roles_without_the_right(role, endpoints, make_client):
    tenant = await make_tenant()
    account = tenant.accounts[role]
    client = await signed_in(make_client, account)
    token = await form_token(client)
    problems = []
    for endpoint in state_changing(endpoints):
        url = await tenant.url(endpoint, account)
        response = await client.request(endpoint.method, url, data={"_csrf_token": token})
        if not endpoint.allows(role):
            if problem := denied_problem(response):
                problems.append(f"{endpoint.method} {url}: {problem}")
        elif response.status_code in (403, 500):
            problems.append(f"{endpoint.method} {url}: role {role} may use it, got {response.status_code}")
        await keep_signed_in(client, account)
        token = await token_to_send(client, token)
    assert not problems, report(problems)


async def test_signed_out_visitors_are_sent_to_sign_in_except_on_public_routes(endpoints, client):
    tenant = await make_tenant(roles=(ADMIN,))
    token = await form_token(client, SIGN_IN_PATH)
    problems = []
    for endpoint in endpoints:
        url = await tenant.url(endpoint)
        data = {"_csrf_token": token} if endpoint.changes_state else None
        response = await client.request(endpoint.method, url, data=data)
        if endpoint.public and endpoint.changes_state:
            if response.status_code in (403, 404, 500):
                problems.append(f"{endpoint.method} {url} is public, got {response.status_code}")
            token = await token_to_send(client, token, SIGN_IN_PATH)
            continue
        if endpoint.public:
            final, hops = await follow(client, response)
            if final.status_code != 200:
                problems.append(f"{url} is public, got {final.status_code} via {hops}")
            continue
        if response.status_code != 303 or response.headers.get("location") != sign_in_url(url):
            problems.append(
                f"{endpoint.method} {url}: expected 303 to {sign_in_url(url)}, got {response.status_code} "
                f"{response.headers.get('location', '')}"
            )
        if not endpoint.changes_state:
            # htmx does not follow a 303 into a page: it gets HX-Redirect instead.
            htmx = await client.get(url, headers={"HX-Request": "true"})
            if htmx.headers.get("hx-redirect") != sign_in_url(url):
                problems.append(f"{url} via htmx: expected HX-Redirect to sign in, got {htmx.status_code}")
    assert not problems, report(problems)


async def test_a_user_of_another_organisation_gets_404_for_ids_of_the_first(endpoints, make_client):
    with_ids = [endpoint for endpoint in endpoints if is_scoped(endpoint)]
    if not with_ids:
        pytest.skip("no route takes the id of an organisation's row yet")
    first = await make_tenant(roles=(ADMIN,))
    other = await make_tenant(roles=(ADMIN,))
    # The administrator holds every right, so a 403 cannot hide a leak.
    client = await signed_in(make_client, other.accounts[ADMIN])
    token = await form_token(client)
    problems = []
    for endpoint in with_ids:
        data = {"_csrf_token": token} if endpoint.changes_state else None
        foreign_url = await first.url(endpoint)
        response = await client.request(endpoint.method, foreign_url, data=data)
        if response.status_code != 404 or NOT_FOUND_TITLE not in response.text:
            problems.append(
                f"{endpoint.method} {foreign_url} (first organisation): expected 404, got {response.status_code}"
            )
        if not endpoint.changes_state:
            own_url = await other.url(endpoint)
            own, _hops = await follow(client, await client.get(own_url))
            if own.status_code != 200:
                problems.append(f"GET {own_url} (own organisation): expected 200, got {own.status_code}")
        await keep_signed_in(client, other.accounts[ADMIN])
    assert not problems, report(problems)


@pytest.mark.parametrize("role", [role for role in ROLES if role != ADMIN], ids=ROLE_IDS[1:])
async def test_a_department_scoped_account_gets_404_for_rows_of_a_department_it_has_not_ticked(
        role, endpoints, make_client):
    """Every account of the tenant has its one department ticked; rows made in another department of the
    same location are not theirs, while the administrator sees them."""
    bound = [endpoint for endpoint in pages(endpoints) if is_department_bound(endpoint)]
    assert bound, "no page takes a row placed in a department"
    tenant = await make_tenant(roles=(ADMIN, role))
    elsewhere = await tenant.in_another_department()
    nurse = await signed_in(make_client, tenant.accounts[role])
    admin = await signed_in(make_client, tenant.accounts[ADMIN])
    problems = []
    for endpoint in bound:
        if not endpoint.allows(role):
            continue
        own, foreign = await tenant.url(endpoint), await elsewhere.url(endpoint)
        if (await follow(nurse, await nurse.get(own)))[0].status_code != 200:
            problems.append(f"{own}: role {role} may see its own department, got another answer")
        response = await nurse.get(foreign)
        if response.status_code != 404 or NOT_FOUND_TITLE not in response.text:
            problems.append(f"{foreign} (another department): expected 404 for role {role}, got {response.status_code}")
        if (await follow(admin, await admin.get(foreign)))[0].status_code != 200:
            problems.append(f"{foreign}: the administrator sees every department, got another answer")
    assert not problems, report(problems)


@pytest.mark.parametrize("role", ROLES, ids=ROLE_IDS)
async def test_the_menu_shows_exactly_the_pages_the_role_may_open(role, app, endpoints, make_client):
    paths = {item: routes(app).path(item.route) for item in (*MENU, *FOOTER)}
    routed = {item: endpoint_for(endpoints, "GET", path) for item, path in paths.items()}
    assert [item.label for item, endpoint in routed.items() if endpoint is None] == [], "menu items without a page"

    may_open = [paths[item] for item in MENU if routed[item].allows(role)]
    assert [link.path for link in menu_for(app, role)] == may_open
    # The footer is shown to everyone, so each of its pages must be open to everyone.
    assert [item.label for item in FOOTER if not routed[item].allows(role)] == []

    tenant = await make_tenant(roles=(role,))
    client = await signed_in(make_client, tenant.accounts[role])
    # Every page for the administrator, who sees the whole menu; one page for the other roles.
    for path in may_open if role == ADMIN else may_open[:1]:
        page = parse_html((await client.get(path)).text)
        # The desktop menu bar and the phone menu: the same items, the open page marked.
        menus = [nav for nav in page.iter("nav") if nav.attrs.get("aria-label") == "Hoofdmenu"]
        assert menus, f"no menu on {path}"
        for menu in menus:
            assert [link.attrs["href"] for link in menu.iter("a")] == may_open
            assert [link.attrs["href"] for link in menu.iter("a") if link.attrs.get("aria-current") == "page"] == [path]


async def test_rollen_en_rechten_marks_exactly_what_the_rights_table_says(client):
    tenant = await make_tenant(roles=("4",))
    await login(client, tenant.accounts["4"].email, factories.PASSWORD)
    assert set(RIGHT_LABELS) == set(Right), "every right needs a row on the page"

    response = await client.get("/profile/permissionoverview")
    assert response.status_code == 200
    table = next(parse_html(response.text).iter("table"))
    header = [cell.text().strip() for cell in next(table.iter("thead")).iter("th")]
    assert header == ["Recht", *(role_label(role) for role in ROLES)]
    shown = {}
    for row in next(table.iter("tbody")).iter("tr"):
        label = next(row.iter("th")).text().strip()
        shown[label] = ["✔" in cell.text() for cell in row.iter("td")]
    assert list(shown) == list(RIGHT_LABELS.values())
    for right, label in RIGHT_LABELS.items():
        assert shown[label] == [right in RIGHTS[role] for role in ROLES], label


def test_the_menu_marks_the_section_of_a_sub_page(app):
    from portal.navigation import active_path

    items = menu_for(app, ADMIN)
    assert active_path(items, "/accountbeheer/12/bewerken") == "/accountbeheer"
    assert active_path(items, "/hulpmiddelen/OBJ-1") == "/hulpmiddelen"
    assert active_path(items, "/profile/orders/") == "/profile/orders"
    assert active_path(items, "/profile/") == "/profile"
    assert active_path(items, "/inloggen") is None
