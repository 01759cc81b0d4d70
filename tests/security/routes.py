"""What the security tests share: every HTTP route of the app with what the rights table expects of it,
sample values for path parameters, signed-in clients and a small HTML reader.

The routes come from `app.routes`, so a route added anywhere is checked the moment it exists. Its
expected access comes from the handler's `opt` (`public`, `rights`) and `portal.rights.RIGHTS`, the same
single source the guard reads; there is no second table here.

A route with a path parameter needs a sample value: add the parameter's name to PATH_SAMPLES with a
factory that creates a row of the given organisation (visible to every account of the tenant: put it at
`tenant.location`) and returns the value for the URL. Until then the suite fails and names the route.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import httpx
from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.routes import ASGIRoute, HTTPRoute

from portal.domain.notifications import notify
from portal.domain.sessions import COOKIE_NAME
from portal.rights import ADMIN, RIGHTS, ROLES, Right
from portal.tables import TABLES, Account, Asset, Department, Location, Organisation, ServiceRequest
from tests import asset_factories, factories, shop_factories
from tests.helpers import login

# Routes the suite does not walk, each with where it is tested instead. The tests assert that exactly
# these are skipped, so nothing else can slip out of the matrix unnoticed.
SKIPPED_ROUTES: dict[str, str] = {
    "/admin": "piccolo-admin mount for HartingBank staff, with its own sign-in and CSRF: tests/admin",
    "/static/{file_path:path}": "static files, public by design: headers checked in test_headers.py",
}
# Methods Litestar answers by itself (CORS preflight) or that change nothing; every other method is
# treated as state-changing and must carry a CSRF token.
IGNORED_METHODS = frozenset({"OPTIONS", "HEAD"})
PAGE_METHOD = "GET"

SIGN_IN_PATH = "/inloggen"
DENIED_TITLE = "Geen toegang"
DENIED_MESSAGE = "Uw rol geeft geen toegang tot deze pagina."
CSRF_MESSAGE = "Het formulier is verlopen of ongeldig."
NOT_FOUND_TITLE = "Pagina niet gevonden"
MAX_REDIRECTS = 5


# --- The routes -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    """One method of one route, with the handler that answers it."""

    method: str
    path: str  # the route's path template, e.g. "/wachtwoord-instellen/{token:str}"
    path_format: str  # the same with bare names, e.g. "/wachtwoord-instellen/{token}"
    params: tuple[tuple[str, str], ...]  # (name, type) of each path parameter
    handler: HTTPRouteHandler

    def __str__(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def public(self) -> bool:
        return bool(self.handler.opt.get("public"))

    @property
    def rights(self) -> tuple[Right, ...]:
        rights = self.handler.opt.get("rights", ())
        return (rights,) if isinstance(rights, Right) else tuple(rights)

    def allows(self, role: str) -> bool:
        """What RIGHTS says: a route without rights is open to every signed-in account."""
        return self.public or not self.rights or any(right in RIGHTS[role] for right in self.rights)

    @property
    def changes_state(self) -> bool:
        return self.method != PAGE_METHOD

    def url(self, values: dict[str, str]) -> str:
        def fill(match: re.Match) -> str:
            name = match.group(1)
            kind = dict(self.params)[name]
            return quote(str(values[name]), safe="/" if kind == "path" else "")

        return re.sub(r"\{(\w+)\}", fill, self.path_format)

    def matches(self, path: str) -> bool:
        """Whether a concrete path (no query) is answered by this route; trailing slashes do not count,
        as in Litestar's router."""
        pattern = ""
        for piece in re.split(r"(\{\w+\})", self.path_format.rstrip("/") or "/"):
            if piece.startswith("{"):
                kind = dict(self.params)[piece[1:-1]]
                pattern += ".+" if kind == "path" else "[^/]+"
            else:
                pattern += re.escape(piece)
        return re.fullmatch(pattern, path.rstrip("/") or "/") is not None


@dataclass
class Walk:
    endpoints: list[Endpoint]
    skipped: list[str]
    unexpected: list[str]  # routes of a kind the suite cannot check (websockets, other mounts)


def walk(app: Litestar) -> Walk:
    endpoints: list[Endpoint] = []
    skipped: list[str] = []
    unexpected: list[str] = []
    for route in app.routes:
        if route.path in SKIPPED_ROUTES:
            skipped.append(route.path)
            continue
        if not isinstance(route, HTTPRoute):
            kind = "mount" if isinstance(route, ASGIRoute) else type(route).__name__
            unexpected.append(f"{route.path} ({kind})")
            continue
        # `full` is "name:type" as written in the route, e.g. "account_id:int".
        params = tuple((name, definition.full.partition(":")[2]) for name, definition in route.path_parameters.items())
        for handler in route.route_handlers:
            for method in sorted(handler.http_methods - IGNORED_METHODS):
                endpoints.append(Endpoint(method, route.path, route.path_format, params, handler))
    return Walk(sorted(endpoints, key=lambda e: (e.path, e.method)), skipped, unexpected)


def pages(endpoints: list[Endpoint]) -> list[Endpoint]:
    return [endpoint for endpoint in endpoints if not endpoint.changes_state]


def state_changing(endpoints: list[Endpoint]) -> list[Endpoint]:
    return [endpoint for endpoint in endpoints if endpoint.changes_state]


def endpoint_for(endpoints: list[Endpoint], method: str, path: str) -> Endpoint | None:
    """The endpoint that answers a concrete path; a route without parameters wins, as in the router."""
    found = [endpoint for endpoint in endpoints if endpoint.method == method and endpoint.matches(path)]
    found.sort(key=lambda endpoint: len(endpoint.params))
    return found[0] if found else None


# --- Test data: a tenant with one account per role, and sample path parameters -----------------------


@dataclass
class Tenant:
    """An organisation with one location and department, and one account of every role assigned to them."""

    organisation: Organisation
    location: Location
    department: Department
    accounts: dict[str, Account]
    samples: dict[str, str] = field(default_factory=dict)

    async def sample(self, name: str, viewer: Account | None = None) -> str:
        """A value for the parameter; a personal one (a notification) is made for `viewer` (default: the
        tenant's administrator, or its first account)."""
        sample = PATH_SAMPLES[name]
        if not sample.personal:
            key = name
        else:
            viewer = viewer or self.accounts.get(ADMIN) or next(iter(self.accounts.values()))
            key = f"{name}:{viewer.id}"
        if key not in self.samples:
            self.samples[key] = str(await (sample.make(self, viewer) if sample.personal else sample.make(self)))
        return self.samples[key]

    async def url(self, endpoint: Endpoint, viewer: Account | None = None) -> str:
        """The endpoint's URL with sample values, as `viewer` would follow it."""
        return endpoint.url({name: await self.sample(name, viewer) for name, _kind in endpoint.params})

    async def in_another_department(self) -> Tenant:
        """The same organisation, location and accounts, with samples made in a department of the location
        that no account has ticked: a department-scoped account may not see them."""
        other = await factories.department(self.location, name=f"Andere afdeling van {self.organisation.name}")
        return Tenant(self.organisation, self.location, other, self.accounts)


async def make_tenant(roles: tuple[str, ...] = ROLES) -> Tenant:
    organisation = await factories.organisation()
    location = await factories.location(organisation)
    department = await factories.department(location)
    accounts = {
        role: await factories.account(
            organisation, role, locations=[location], departments=[department],
            name=f"Rol {role} van {organisation.name}",
        )
        for role in roles
    }
    return Tenant(organisation, location, department, accounts)


@dataclass(frozen=True)
class Sample:
    """A value for a path parameter. `scoped`: the value is a row of an organisation, so a user of another
    organisation must get 404 for it."""

    make: Callable[..., Awaitable[object]]  # (tenant) or, when personal, (tenant, account)
    scoped: bool
    # The row stands in the tenant's department, so only accounts that may see that department see it.
    in_department: bool = False
    # The row belongs to one account (a notification): made for the account that follows the link.
    personal: bool = False


async def _unknown_token(tenant: Tenant) -> str:
    # One-time links are not rows anyone may see; an unknown one answers the "link is invalid" page.
    return "onbekende-link-0123456789"


async def _colleague(tenant: Tenant) -> int:
    colleague = await factories.account(
        tenant.organisation, "4", locations=[tenant.location], departments=[tenant.department],
        name=f"Collega van {tenant.organisation.name}",
    )
    return colleague.id


async def _location(tenant: Tenant) -> int:
    return tenant.location.id


async def _aid(tenant: Tenant) -> str:
    category = await asset_factories.category()
    product_type = await asset_factories.product_type(await asset_factories.subcategory(category))
    aid = await asset_factories.asset(tenant.organisation, tenant.location, product_type, department=tenant.department)
    return aid.object_number


async def _service_request_of_the_aid(tenant: Tenant) -> str:
    aid = await Asset.objects().get(Asset.object_number == await tenant.sample("object_number"))
    return (await asset_factories.service_request(aid)).number


async def _order(tenant: Tenant, account: Account) -> str:
    """An order the viewer sees: their own (roles that buy), or one tied to a service they authorise (role 6)."""
    from portal.rights import has_right
    from tests import order_factories

    if has_right(account.role, Right.VIEW_ORDERS):
        return (await order_factories.order(account, tenant.location, department=tenant.department)).number
    aid = await Asset.objects().get(Asset.object_number == await tenant.sample("object_number"))
    service = await asset_factories.service_request(aid)
    await ServiceRequest.update({ServiceRequest.authoriser: account.id}).where(ServiceRequest.id == service.id)
    buyer = tenant.accounts.get(ADMIN) or account
    return (await order_factories.order(buyer, tenant.location, department=tenant.department,
                                        service_request=service)).number


async def _template(tenant: Tenant, account: Account) -> int:
    from tests import order_factories, shop_factories

    return (await order_factories.template(account, f"Template van {account.name}",
                                           [(await shop_factories.product(), 2)])).id


async def _quote(tenant: Tenant, account: Account) -> str:
    """A quote of the viewer's own (Mijn offertes), answered and valid, so every action on it can be taken."""
    from tests.quotes.conftest import quote

    return (await quote(account, tenant.location, (await shop_factories.product(), 1, "10.00"),
                        department=tenant.department)).number


async def _notification(tenant: Tenant, account: Account) -> int:
    return (await notify(account.id, f"Melding voor {account.name}", link="/hulpmiddelen")).id


async def _contact_request(tenant: Tenant, account: Account) -> str:
    """Mijn verzoeken: one's own contact request, sent through the form's domain function."""
    from portal.domain.contact import forms, requests

    sent = await requests.send_contact(account, forms.ContactInput(
        subject=f"Vraag van {account.name}", message="Hoe werkt de planning?", email=account.email, reach_by="email"))
    return sent.request.number


async def _category_slug(tenant: Tenant) -> str:
    # The catalogue is HartingBank's, shared by every customer: a category is no row of an organisation.
    category = await asset_factories.category()
    await shop_factories.product(category)
    return category.slug


async def _article_number(tenant: Tenant) -> str:
    return (await shop_factories.product()).article_number


async def _invoice(tenant: Tenant) -> str:
    from tests import invoice_factories

    return (await invoice_factories.invoice(tenant.location)).number
async def _rental_category_slug(tenant: Tenant) -> str:
    # A category of the rental catalogue: one with a product for rent (HartingBank's, like the shop's).
    category = await asset_factories.category()
    await shop_factories.product(category, rentable=True, daily_rent="4.50")
    return category.slug


async def _rental_article_number(tenant: Tenant) -> str:
    return (await shop_factories.product(rentable=True, daily_rent="4.50")).article_number
async def _chat_thread(tenant: Tenant) -> int:
    # A conversation for the staff's desk: staff see every customer's, so it is no row a customer opens.
    from portal.domain.conversations.threads import send_chat_message

    writer = tenant.accounts.get(ADMIN) or next(iter(tenant.accounts.values()))
    return (await send_chat_message(writer, f"Een vraag van {writer.name}")).thread.id


# One name means one kind of row in every route: a new route whose parameter is another kind of row
# names it after that row (e.g. order_number), or it would get a value that does not exist.
PATH_SAMPLES: dict[str, Sample] = {
    "token": Sample(_unknown_token, scoped=False),
    "account_id": Sample(_colleague, scoped=True),
    "location_id": Sample(_location, scoped=True),
    "object_number": Sample(_aid, scoped=True, in_department=True),
    "number": Sample(_service_request_of_the_aid, scoped=True, in_department=True),  # /hulpmiddelen/{object_number}/historie/{number}
    "notification_id": Sample(_notification, scoped=True, personal=True),
    "order_number": Sample(_order, scoped=True, personal=True),  # Mijn orders: one's own orders
    "quote_number": Sample(_quote, scoped=True, personal=True),  # Mijn offertes: one's own quotes
    "template_id": Sample(_template, scoped=True, personal=True),
    "request_number": Sample(_contact_request, scoped=True, personal=True),  # Mijn verzoeken: one's own
    "category_slug": Sample(_category_slug, scoped=False),  # /alle-producten/{category_slug}
    "article_number": Sample(_article_number, scoped=False),  # /alle-producten/product/{article_number}
    "invoice_number": Sample(_invoice, scoped=True),  # /facturen/{invoice_number}: an invoice at the location
    "rental_category_slug": Sample(_rental_category_slug, scoped=False),  # /huur/{rental_category_slug}
    "rental_article_number": Sample(_rental_article_number, scoped=False),  # /huur/product/{rental_article_number}
    "thread_id": Sample(_chat_thread, scoped=False),  # /medewerkers/chat/{thread_id}: the staff's desk
}


def missing_samples(endpoints: list[Endpoint]) -> list[str]:
    return sorted(
        f"{endpoint}: path parameter '{name}' has no sample value. Add '{name}' to PATH_SAMPLES in "
        f"tests/security/routes.py with a factory that creates a row of the given organisation."
        for endpoint in endpoints
        for name, _kind in endpoint.params
        if name not in PATH_SAMPLES
    )


def is_scoped(endpoint: Endpoint) -> bool:
    return any(PATH_SAMPLES[name].scoped for name, _kind in endpoint.params if name in PATH_SAMPLES)


def is_department_bound(endpoint: Endpoint) -> bool:
    return any(PATH_SAMPLES[name].in_department for name, _kind in endpoint.params if name in PATH_SAMPLES)


# --- Clients ----------------------------------------------------------------------------------------


async def signed_in(make_client: Callable[[], httpx.AsyncClient], account: Account) -> httpx.AsyncClient:
    client = make_client()
    await login(client, account.email, factories.PASSWORD)
    return client


async def keep_signed_in(client: httpx.AsyncClient, account: Account) -> None:
    """After a state-changing request, sign in again if it ended the session (signing out does). Should a
    route end the session without deleting the cookie, the next request shows it as a redirect."""
    if COOKIE_NAME not in client.cookies:
        await login(client, account.email, factories.PASSWORD)


async def token_to_send(client: httpx.AsyncClient, token: str, path: str = "/mijn-account") -> str:
    """The token for the next request: signing in or out drops the CSRF cookie, and the page a browser
    lands on then carries a new token."""
    return token if "portal_csrf" in client.cookies else await form_token(client, path)


async def form_token(client: httpx.AsyncClient, path: str = "/mijn-account") -> str:
    """The `_csrf_token` of the first form on a page."""
    page = await client.get(path)
    inputs = [node for node in parse_html(page.text).iter("input") if node.attrs.get("name") == "_csrf_token"]
    assert inputs, f"no _csrf_token field on {path} ({page.status_code})"
    return inputs[0].attrs["value"]


async def htmx_token(client: httpx.AsyncClient, path: str = "/mijn-account") -> str:
    """The token htmx sends as X-CSRFToken: the one in `<body hx-headers>`."""
    page = await client.get(path)
    body = next(parse_html(page.text).iter("body"), None)
    assert body is not None and "hx-headers" in body.attrs, f"no <body hx-headers> on {path}"
    return json.loads(body.attrs["hx-headers"])["X-CSRFToken"]


async def snapshot() -> dict[str, list[dict]]:
    """Every row of every table: to prove a refused request stored nothing."""
    rows = await asyncio.gather(*(table.select().order_by(table._meta.primary_key).run() for table in TABLES))
    return {table._meta.tablename: table_rows for table, table_rows in zip(TABLES, rows, strict=True)}


# --- Answers ----------------------------------------------------------------------------------------


def internal_path(location: str) -> str | None:
    """The path (with query) of a Location within the portal, or None for anywhere else."""
    parts = urlsplit(location)
    if parts.scheme and (parts.scheme, parts.netloc) != ("http", "testserver"):
        return None
    if not parts.scheme and (parts.netloc or not parts.path.startswith("/")):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


async def follow(client: httpx.AsyncClient, response: httpx.Response) -> tuple[httpx.Response, list[str]]:
    """Follows redirects within the portal; returns the last answer and the paths passed through. A
    redirect out of the portal ends the walk with that redirect."""
    hops: list[str] = []
    while response.is_redirect and len(hops) < MAX_REDIRECTS:
        target = internal_path(response.headers["location"])
        if target is None:
            break
        hops.append(target)
        response = await client.get(target)
    return response, hops


def sign_in_url(path: str) -> str:
    return f"{SIGN_IN_PATH}?volgende={quote(path, safe='')}"


def denied_problem(response: httpx.Response) -> str | None:
    if response.status_code != 403:
        return f"expected 403 Geen toegang, got {response.status_code}"
    if DENIED_TITLE not in response.text or DENIED_MESSAGE not in response.text:
        return "403 without the Dutch 'Geen toegang' page"
    return None


def csrf_refusal_problem(response: httpx.Response) -> str | None:
    if response.status_code != 403:
        return f"expected 403 (CSRF), got {response.status_code}"
    if CSRF_MESSAGE not in response.text:
        return "403 without the Dutch message 'Het formulier is verlopen of ongeldig…'"
    return None


def report(problems: list[str]) -> str:
    return f"{len(problems)} problem(s):\n  " + "\n  ".join(problems)


# --- Reading HTML -----------------------------------------------------------------------------------

VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def iter(self, tag: str | None = None) -> Iterator[Node]:
        if tag is None or self.tag == tag:
            yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter(tag)

    def text(self) -> str:
        return "".join(child if isinstance(child, str) else child.text() for child in self.children)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID_ELEMENTS:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(text: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def is_html(response: httpx.Response) -> bool:
    return response.headers.get("content-type", "").startswith("text/html")


def local_links(document: Node) -> set[str]:
    """Every `href` and `src` that points into the portal (starts with one slash)."""
    found = set()
    for node in document.iter():
        for name in ("href", "src"):
            value = node.attrs.get(name, "")
            if value.startswith("/") and not value.startswith("//"):
                found.add(value.split("#")[0])
    return found
