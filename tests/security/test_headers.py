"""Security headers on every answer, and HTML that lets the CSP hold: no inline script, no inline
styles, no event-handler attributes (DESIGN, security baseline; STACK-NOTES: htmx with allowEval=false)."""

from __future__ import annotations

import httpx
import pytest

from portal.rights import ADMIN
from tests.security.routes import (
    Node,
    follow,
    is_html,
    make_tenant,
    missing_samples,
    pages,
    parse_html,
    report,
    signed_in,
    state_changing,
    walk,
)

SAFE_REFERRER_POLICIES = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
# Pages that are not routes: what a visitor of a mistyped or old address gets. "/administratie" must not
# be mistaken for the staff admin, which has a CSP of its own.
MISSING_PAGES = ("/bestaat-niet", "/administratie", "/profile/bestaat-niet/")
STATIC_FILES = (
    "/static/portal.css", "/static/portal.js", "/static/vendor/htmx-2.0.11.min.js", "/static/bestaat-niet.css",
)


def header_problems(response: httpx.Response) -> list[str]:
    headers = response.headers
    problems = []
    if headers.get("x-content-type-options") != "nosniff":
        problems.append("X-Content-Type-Options is not nosniff")
    if headers.get("x-frame-options") != "DENY":
        problems.append("X-Frame-Options is not DENY")
    if headers.get("referrer-policy") not in SAFE_REFERRER_POLICIES:
        problems.append(f"Referrer-Policy is {headers.get('referrer-policy')!r}")
    policy = headers.get("content-security-policy")
    if not policy:
        return [*problems, "no Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    for name in ("default-src", "script-src", "style-src", "frame-ancestors", "object-src", "base-uri"):
        if name not in directives:
            problems.append(f"CSP lacks {name}")
    for name, sources in directives.items():
        for source in sources:
            if source in ("'unsafe-eval'", "'unsafe-inline'", "*", "data:", "http:", "https:") and not (
                name == "img-src" and source == "data:"
            ):
                problems.append(f"CSP allows {source} in {name}")
    return problems


def inline_problems(document: Node) -> list[str]:
    """What a CSP without 'unsafe-inline' and 'unsafe-eval' would block, so the page would break."""
    problems = []
    for node in document.iter():
        if node.tag == "script" and node.text().strip():
            problems.append("inline <script> content")
        elif node.tag == "script" and "src" not in node.attrs:
            problems.append("<script> without src")
        if node.tag == "style":
            problems.append("<style> element")
        for name, value in node.attrs.items():
            if name == "style":
                problems.append(f"style= on <{node.tag}>")
            elif name.startswith("on"):
                problems.append(f"{name}= on <{node.tag}>")
            elif name.removeprefix("data-").startswith("hx-on"):
                problems.append(f"{name}= on <{node.tag}> (htmx evaluates it as script)")
            elif value.strip().lower().startswith(("javascript:", "js:")):
                problems.append(f"{name}={value[:30]!r} on <{node.tag}>")
    return problems


@pytest.fixture
def endpoints(app):
    found = walk(app).endpoints
    if missing := missing_samples(found):
        pytest.fail(report(missing), pytrace=False)
    return found


async def test_every_answer_carries_the_security_headers(endpoints, make_client):
    tenant = await make_tenant(roles=(ADMIN, "4"))
    visitor = make_client()
    admin = await signed_in(make_client, tenant.accounts[ADMIN])
    role_4 = await signed_in(make_client, tenant.accounts["4"])
    answers: list[tuple[str, httpx.Response]] = []
    for endpoint in pages(endpoints):
        url = await tenant.url(endpoint)
        answers.append((f"{url} signed out", await visitor.get(url)))
        answers.append((f"{url} as administrator", await admin.get(url)))
        if not endpoint.allows("4"):
            answers.append((f"{url} as role 4", await role_4.get(url)))  # the 403 page
    for endpoint in state_changing(endpoints):  # refused for want of a token
        url = await tenant.url(endpoint)
        answers.append((f"{endpoint.method} {url} without token", await admin.request(endpoint.method, url)))
    for path in (*MISSING_PAGES, *STATIC_FILES):
        answers.append((f"{path} signed out", await visitor.get(path)))
        answers.append((f"{path} as administrator", await admin.get(path)))
    statuses = {response.status_code for _what, response in answers}
    assert {200, 303, 403, 404} <= statuses, f"the sample lacks some kind of answer: {statuses}"

    problems = [f"{what} ({response.status_code}): {problem}"
                for what, response in answers for problem in header_problems(response)]
    # Pages carry the CSRF token and personal data: no cache may keep them.
    problems += [f"{what}: Cache-Control is {response.headers.get('cache-control')!r}"
                 for what, response in answers
                 if not what.startswith("/static/") and "no-store" not in response.headers.get("cache-control", "")]
    assert not problems, report(problems)


async def test_no_page_has_inline_script_style_or_event_handlers(endpoints, make_client):
    tenant = await make_tenant(roles=(ADMIN, "4"))
    visitor = make_client()
    admin = await signed_in(make_client, tenant.accounts[ADMIN])
    role_4 = await signed_in(make_client, tenant.accounts["4"])
    answers: list[tuple[str, httpx.Response]] = []
    for endpoint in pages(endpoints):
        url = await tenant.url(endpoint)
        answers.append((f"{url} (administrator)", (await follow(admin, await admin.get(url)))[0]))
        answers.append((f"{url} (administrator, htmx)", await admin.get(url, headers={"HX-Request": "true"})))
        if endpoint.public:
            answers.append((f"{url} (signed out)", (await follow(visitor, await visitor.get(url)))[0]))
    denied = next(endpoint for endpoint in pages(endpoints) if not endpoint.allows("4"))
    answers.append(("403 page", await role_4.get(await tenant.url(denied))))
    answers += [(f"{path} (404 page)", await admin.get(path)) for path in MISSING_PAGES]

    html = [(what, response) for what, response in answers if is_html(response)]
    assert len(html) > len(pages(endpoints)), "too few HTML pages checked"
    problems = [
        f"{what}: {problem}" for what, response in html for problem in inline_problems(parse_html(response.text))
    ]
    assert not problems, report(problems)


async def test_the_checks_catch_inline_script_and_handlers():
    """The HTML check itself: each kind of inline code is reported."""
    page = parse_html(
        '<div style="color:red" onclick="go()"><script>alert(1)</script><style>p{}</style>'
        '<a href="javascript:go()" hx-on:click="go()">x</a><script src="/static/portal.js"></script></div>'
    )
    assert len(inline_problems(page)) == 6
    assert inline_problems(parse_html('<script src="/static/portal.js" defer></script><p class="x">ok</p>')) == []


async def test_pages_that_answer_full_page_and_partial_vary_on_hx_request(endpoints, make_client):
    tenant = await make_tenant(roles=(ADMIN,))
    admin = await signed_in(make_client, tenant.accounts[ADMIN])
    full_pages = {}
    for endpoint in pages(endpoints):
        url = await tenant.url(endpoint)
        full_pages[url] = await admin.get(url)
    # What htmx itself asks for: every hx-get on the pages.
    for response in list(full_pages.values()):
        if response.status_code == 200 and is_html(response):
            for node in parse_html(response.text).iter():
                if node.attrs.get("hx-get", "").startswith("/") and node.attrs["hx-get"] not in full_pages:
                    full_pages[node.attrs["hx-get"]] = await admin.get(node.attrs["hx-get"])
    with_partial, problems = [], []
    for url, full in sorted(full_pages.items()):
        if full.status_code != 200 or not is_html(full):
            continue
        partial = await admin.get(url, headers={"HX-Request": "true"})
        # A URL that only ever answers a fragment (a row htmx appends) has nothing to vary on.
        if full.status_code != 200 or "<html" not in full.text.lower() or "<html" in partial.text.lower():
            continue
        with_partial.append(url)
        for kind, response in (("full page", full), ("partial", partial)):
            vary = [value.strip().lower() for value in response.headers.get("vary", "").split(",")]
            if "hx-request" not in vary:
                problems.append(f"{url} ({kind}): no Vary: HX-Request")
    assert with_partial, "no page answers with a partial; the check found nothing to check"
    assert not problems, report(problems)

