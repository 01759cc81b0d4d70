"""HTTP as the standard says it (issue 8, item 8): HEAD answers like GET without a body on every page,
OPTIONS and 405 name every method of the route, 405 and 413 are the Dutch error page, and no answer
doubles its charset. The routes come from the app (tests/security/routes.py), so a new page is covered
the moment it exists."""

from __future__ import annotations

from collections import defaultdict

import httpx
import pytest
from litestar import get

from portal.app import create_app
from portal.http_methods import allow_value
from portal.rights import ADMIN
from tests.security.routes import (
    SIGN_IN_PATH,
    form_token,
    is_html,
    make_tenant,
    missing_samples,
    pages,
    report,
    signed_in,
    walk,
)

# Headers that differ between any two answers of the same page (the clock, a fresh cookie, the file a
# download was just written to) or that HEAD may leave out (Content-Length, RFC 9110 9.3.2).
VOLATILE_HEADERS = frozenset({"date", "set-cookie", "content-length", "etag", "last-modified"})
TOO_LARGE = 11 * 1024 * 1024  # Litestar's default body limit is 10 MB


@pytest.fixture
def endpoints(app):
    found = walk(app).endpoints
    if missing := missing_samples(found):
        pytest.fail(report(missing), pytrace=False)
    return found


def comparable(response: httpx.Response) -> dict[str, str]:
    return {name: value for name, value in response.headers.items() if name not in VOLATILE_HEADERS}


async def test_head_answers_like_get_without_a_body_on_every_page(endpoints, make_client):
    tenant = await make_tenant(roles=(ADMIN,))
    admin = await signed_in(make_client, tenant.accounts[ADMIN])
    visitor = make_client()
    problems = []
    for endpoint in pages(endpoints):
        url = await tenant.url(endpoint)
        for who, client in (("administrator", admin), ("signed out", visitor)):
            head = await client.head(url)
            got = await client.get(url)
            if head.status_code != got.status_code:
                problems.append(f"HEAD {url} ({who}): {head.status_code}, GET answers {got.status_code}")
                continue
            if head.content:
                problems.append(f"HEAD {url} ({who}): a body of {len(head.content)} bytes")
            if comparable(head) != comparable(got):
                differ = sorted(set(comparable(head).items()) ^ set(comparable(got).items()))
                problems.append(f"HEAD {url} ({who}): headers differ from GET: {differ}")
            if "content-length" in head.headers and not head.headers["content-length"].isdigit():
                problems.append(f"HEAD {url} ({who}): Content-Length {head.headers['content-length']!r}")
    assert not problems, report(problems)


async def test_head_of_a_static_file_and_of_a_missing_page(client):
    for path, status in (("/static/portal.css", 200), ("/bestaat-niet", 404), ("/static/bestaat-niet.css", 404)):
        head, got = await client.head(path), await client.get(path)
        assert (head.status_code, head.content) == (status, b"")
        assert comparable(head) == comparable(got), path


async def test_options_names_every_method_of_the_route(endpoints, make_client):
    methods: dict[str, set[str]] = defaultdict(set)
    for endpoint in endpoints:
        methods[endpoint.path].add(endpoint.method)
    tenant = await make_tenant(roles=(ADMIN,))
    client = await signed_in(make_client, tenant.accounts[ADMIN])  # a private route sends visitors to sign in
    urls = {endpoint.path: await tenant.url(endpoint) for endpoint in endpoints}
    problems = []
    for path, found in sorted(methods.items()):
        response = await client.options(urls[path])
        expected = allow_value({*found, "OPTIONS"})
        if response.status_code != 204 or response.headers.get("allow") != expected:
            problems.append(f"OPTIONS {urls[path]}: {response.status_code} Allow "
                            f"{response.headers.get('allow')!r}, expected {expected!r}")
    assert not problems, report(problems)


async def test_options_of_the_sign_in_page_lists_get(client):
    response = await client.options(SIGN_IN_PATH)
    assert response.status_code == 204
    assert {"GET", "HEAD", "POST"} <= {method.strip() for method in response.headers["allow"].split(",")}


async def test_a_method_the_page_does_not_take_answers_405_with_the_dutch_page(client):
    response = await client.put(SIGN_IN_PATH, headers={"Accept": "text/html"})
    assert response.status_code == 405
    assert is_html(response)
    assert "Niet toegestaan" in response.text and "<html" in response.text
    assert response.headers["allow"] == "GET, HEAD, OPTIONS, POST"
    assert response.headers["content-type"] == "text/html; charset=utf-8"


async def test_a_body_above_the_limit_answers_413_with_the_dutch_page(client):
    token = await form_token(client, SIGN_IN_PATH)
    response = await client.post(
        SIGN_IN_PATH, content=f"_csrf_token={token}&email=".encode() + b"a" * TOO_LARGE,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html"},
    )
    assert response.status_code == 413
    assert is_html(response) and "Te veel gegevens" in response.text
    assert response.headers["content-type"] == "text/html; charset=utf-8"


async def test_a_missing_static_file_names_its_charset_once(client):
    response = await client.get("/static/bestaat-niet.css")
    assert response.status_code == 404
    assert response.headers["content-type"] == "text/plain; charset=utf-8"


async def test_an_error_answer_names_its_charset_once(settings):
    @get("/kapot", opt={"public": True}, sync_to_thread=False)
    def broken() -> str:
        raise RuntimeError("planted")

    app = create_app(settings)
    app.register(broken)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as http:
        response = await http.get("/kapot")
    assert response.status_code == 500
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert "Er ging iets mis" in response.text
