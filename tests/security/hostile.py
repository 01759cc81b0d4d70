"""What the hostile-input suite shares: finding every route's query parameters and form fields the way a
visitor would (reading the pages' links and forms, and the fields an htmx button adds to a form), hostile
values for each, sending them, and what an answer may not contain.

Nothing here names a route or a field: a new page, filter or form is found and probed by itself."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, quote, urlsplit

import httpx
from hypothesis import strategies as st

from tests.security.routes import Endpoint, Node, Tenant, endpoint_for, is_html, parse_html

CSRF_FIELD = "_csrf_token"
UNKNOWN_PARAMETER = "hb_onbekend"
MARKER = "hbx9"  # in every markup probe: its unescaped form must never come back
MARKUP_PROBES = (f"\"'></textarea><script>{MARKER}()</script><img src=x id={MARKER}>",)
# Text a database driver or engine puts in its errors; a page that shows it leaks how the query is made.
DATABASE_ERROR = re.compile(
    r"sqlite3?\.|psycopg|asyncpg|syntax error|constraint|OperationalError|IntegrityError|ProgrammingError"
    r"|DataError|Traceback \(most recent", re.IGNORECASE,
)
LONG = 100_000
URL_BUDGET = 60_000  # a query cannot carry 100 KB (httpx stops at 64 KB, servers and proxies sooner)
MAX_BASELINES = 10  # queries or forms per route, each as found on a page
MAX_FRAGMENTS = 4
MAX_PAGES_PER_ROUTE = 12  # a page's links to itself (sorted another way, the next page) read as well
DOWNLOAD = re.compile(r"\.\w+$")  # htmx fragments a form may add fields from

LONE_SURROGATES = "\ud800a\udfff"
# Every field gets each of these once (spread over a few requests, see `sharp_requests`).
SHARP_COMMON = (
    "A" * LONG,
    "a\x00b\x01\x08\x0b\x1b[2J\x7f\r\nSet-Cookie: x=1",
    *MARKUP_PROBES,
    "' OR '1'='1' --; DROP TABLE account; -- %_\\%",
    f"{LONE_SURROGATES}\u202e\u200b\ufeff😀\U0010ffff",
)
SHARP_NUMBERS = ("NaN", "-NaN", "Infinity", "1e999999", "9" * 40, "-1", "9223372036854775808", "1.5", "١٢٣")
SHARP_IDS = ("-1", "9" * 40, "NaN", "١٢٣")  # a number chosen, not typed (a select's option, a link's id)
SHARP_DATES = ("2026-02-30", "0000-00-00", "99999-12-31", "31-13-2026", "9" * 30)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def decode_cursor(value: str) -> object | None:
    """The JSON inside a base64 position token (a pager's `na=`), or None if the value is not one."""
    if len(value) < 4 or not re.fullmatch(r"[A-Za-z0-9_-]+", value):
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
    except ValueError:
        return None
    return data if isinstance(data, (list, dict)) else None


def _replace_leaves(data: object, leaf: object) -> object:
    if isinstance(data, list):
        return [_replace_leaves(item, leaf) for item in data]
    if isinstance(data, dict):
        return {key: _replace_leaves(item, leaf) for key, item in data.items()}
    return leaf


def _leaf_paths(data: object, path: tuple = ()) -> list[tuple]:
    if isinstance(data, list):
        return [leaf for index, item in enumerate(data) for leaf in _leaf_paths(item, (*path, index))]
    return [path]


def _with_leaf(data: object, path: tuple, leaf: object) -> object:
    if not path:
        return leaf
    copy = list(data)  # type: ignore[call-overload]
    copy[path[0]] = _with_leaf(copy[path[0]], path[1:], leaf)
    return copy


def hostile_cursors(data: object) -> list[str]:
    """A real position token bent out of shape: each value in turn an integer past 64 bits, a lone
    surrogate or deep nesting (the rest as it was, so the token still fits the list), then floats, other
    shapes, broken base64 and JSON."""
    deep = "[" * 5000 + "]" * 5000
    bent = [
        json.dumps(_with_leaf(data, path, leaf))
        for path in _leaf_paths(data)[:6]
        for leaf in (10**22, -(10**22), "\ud800")
    ]
    return [
        *(_b64(text.encode()) for text in bent),
        _b64(json.dumps(_replace_leaves(data, 1e308)).encode()),
        _b64(json.dumps(_replace_leaves(data, [[None]])).encode()),
        _b64(f"[{deep}, [1]]".encode()),
        _b64(b'[1, [NaN, {"a": 1}]]'),
        _b64(b"[1, [2, 3"),
        _b64(b"\xff\xfe\x00"),
        "!!!not-base64!!!",
    ]


@dataclass
class Target:
    """One route as a visitor reaches it, with the queries or forms found for it."""

    method: str
    url: str  # a concrete path, without a query
    endpoint: Endpoint
    baselines: list[list[tuple[str, str]]] = field(default_factory=list)
    kinds: dict[str, str] = field(default_factory=dict)  # field name -> "number" | "date" | "cursor"

    def __str__(self) -> str:
        return f"{self.method} {self.url}"

    @property
    def names(self) -> list[str]:
        return sorted({name for baseline in self.baselines for name, _value in baseline})

    def add(self, pairs: Iterable[tuple[str, str]]) -> None:
        """A query or form as found; one per set of names (and shape of the positions it holds: a list
        sorted another way positions by other values)."""
        pairs = [(name, value) for name, value in pairs if name != CSRF_FIELD]
        if len(self.baselines) >= MAX_BASELINES or any(_shape(b) == _shape(pairs) for b in self.baselines):
            return
        self.baselines.append(pairs)
        for name, value in pairs:
            if decode_cursor(value) is not None:
                self.kinds[name] = "cursor"


def _skeleton(data: object) -> object:
    if isinstance(data, list):
        return tuple(_skeleton(item) for item in data)
    return type(data).__name__


def _shape(pairs: list[tuple[str, str]]) -> frozenset:
    return frozenset((name, _skeleton(decode_cursor(value))) for name, value in pairs)


def _split(url: str) -> tuple[str, list[tuple[str, str]]] | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    return parts.path, parse_qsl(parts.query, keep_blank_values=True)


def _field_kind(node: Node) -> str | None:
    kind, mode = node.attrs.get("type", "text").lower(), node.attrs.get("inputmode", "").lower()
    if kind == "number" or mode in ("decimal", "numeric"):
        return "number"
    if kind in ("date", "datetime-local", "month", "week", "time"):
        return "date"
    return None


def _form_fields(form: Node) -> tuple[list[tuple[str, str]], list[tuple[str, str]], dict[str, str]]:
    """A form's fields as it would be sent (first option of a select, every checkbox ticked), its named
    buttons (each sends its own value) and the kind of each typed field."""
    pairs: list[tuple[str, str]] = []
    buttons: list[tuple[str, str]] = []
    kinds: dict[str, str] = {}
    for node in form.iter():
        name = node.attrs.get("name")
        if not name:
            continue
        if node.tag == "button" or (node.tag == "input" and node.attrs.get("type", "").lower() in ("submit", "image")):
            buttons.append((name, node.attrs.get("value", "")))
        elif node.tag == "input":
            pairs.append((name, node.attrs.get("value", "")))
            if kind := _field_kind(node):
                kinds[name] = kind
        elif node.tag == "select":
            options = list(node.iter("option"))
            chosen = next((o for o in options if "selected" in o.attrs), options[0] if options else None)
            pairs.append((name, chosen.attrs.get("value", chosen.text()) if chosen else ""))
        elif node.tag == "textarea":
            pairs.append((name, node.text()))
    return pairs, buttons, kinds


async def discover(client: httpx.AsyncClient, tenant: Tenant, endpoints: list[Endpoint]) -> list[Target]:
    """Every route with the queries and forms its pages show: each GET page is read as the client sees
    it; links and htmx attributes give query parameters, forms give fields (with what their htmx
    buttons add). A route no page shows still gets a target, probed with unknown parameters."""
    # One target per route, at its sample URL: a link to another aid's page adds to the same one.
    targets: dict[Endpoint, Target] = {}
    for endpoint in endpoints:
        targets[endpoint] = Target(endpoint.method, await tenant.url(endpoint), endpoint, [[]])

    def target_for(method: str, path: str) -> Target | None:
        endpoint = endpoint_for(endpoints, method, path)
        return targets.get(endpoint) if endpoint else None

    fragments_read: dict[str, list[Node]] = {}
    # A path with a file suffix is a download (PDF, Excel, QR), not a page with links: not read.
    to_read = [(endpoint, await tenant.url(endpoint)) for endpoint in endpoints
               if not endpoint.changes_state and not DOWNLOAD.search(endpoint.path)]
    read: dict[Endpoint, set[str]] = {}
    while to_read:
        endpoint, page_url = to_read.pop(0)
        seen = read.setdefault(endpoint, set())
        if page_url in seen or len(seen) >= MAX_PAGES_PER_ROUTE:
            continue
        seen.add(page_url)
        response = await client.get(page_url)
        if response.status_code != 200 or not is_html(response):
            continue
        document = parse_html(response.text)
        for node in document.iter():
            for attribute, method in (("href", "GET"), ("hx-get", "GET"), ("hx-post", "POST")):
                split = _split(node.attrs.get(attribute, ""))
                if split and (target := target_for(method, split[0])):
                    target.add(split[1])
                    if method == "GET" and target.endpoint == endpoint and split[1]:
                        to_read.append((endpoint, node.attrs[attribute]))
        for form in document.iter("form"):
            method = form.attrs.get("method", "get").upper()
            split = _split(form.attrs.get("action") or page_url)
            if method not in ("GET", "POST") or not split or not (target := target_for(method, split[0])):
                continue
            pairs, buttons, kinds = _form_fields(form)
            # An htmx button or field that fetches more fields into the form (a new budget tier row).
            for node in form.iter():
                fragment = _split(node.attrs.get("hx-get", ""))
                if fragment and fragment[0] != split[0] and len(fragments_read) < 50:
                    key = node.attrs["hx-get"]
                    if key not in fragments_read:
                        answer = await client.get(key, headers={"HX-Request": "true"})
                        fragments_read[key] = [parse_html(answer.text)] if answer.status_code == 200 else []
                    for extra in fragments_read[key][:MAX_FRAGMENTS]:
                        more, _buttons, more_kinds = _form_fields(extra)
                        pairs += [pair for pair in more if pair not in pairs]
                        kinds.update(more_kinds)
            target.kinds.update(kinds)
            target.add(split[1] + pairs)
            for button in buttons[:3]:
                target.add(split[1] + pairs + [button])
    return sorted(targets.values(), key=lambda t: (t.url, t.method))


# --- Values ----------------------------------------------------------------------------------------


def sharp_values(kind: str | None, value: str) -> list[str]:
    """The values a field of this kind is known to break on, beyond what every field gets."""
    if kind == "cursor":
        return hostile_cursors(decode_cursor(value))
    if kind == "number":
        return list(SHARP_NUMBERS)
    if re.fullmatch(r"-?\d+([.,]\d+)?", value or "x"):
        return list(SHARP_IDS)
    if kind == "date" or re.fullmatch(r"\d{1,4}-\d{1,2}-\d{1,4}", value or "x"):
        return list(SHARP_DATES)
    return []


def sharp_requests(target: Target) -> Iterable[list[tuple[str, str]]]:
    """The fixed corpus. Every common probe reaches every field found (and an unknown one) in
    len(SHARP_COMMON) requests: request i gives field j probe i + j. Then each kind's own probes, one
    field at a time with the others as found, so a bent cursor reaches the query it positions; and each
    field twice."""
    names = [*target.names, UNKNOWN_PARAMETER]
    for shift in range(len(SHARP_COMMON)):
        yield [(name, SHARP_COMMON[(shift + index) % len(SHARP_COMMON)]) for index, name in enumerate(names)]
    probed: set[str] = set()
    for baseline in target.baselines:
        for index, (name, value) in enumerate(baseline):
            kind = target.kinds.get(name)
            if name in probed and kind != "cursor":  # a position is probed in each shape it comes in
                continue
            probed.add(name)
            for probe in sharp_values(target.kinds.get(name), value):
                yield baseline[:index] + [(name, probe)] + baseline[index + 1:]
        if baseline:
            yield baseline + [(name, MARKUP_PROBES[0]) for name, _value in baseline]


def hostile_text(kind: str | None, value: str) -> st.SearchStrategy[str]:
    printable_or_not = st.characters(codec=None, categories=None)  # surrogates and controls included
    return st.one_of(
        st.sampled_from([*SHARP_COMMON, *sharp_values(kind, value)]),
        st.text(printable_or_not, max_size=40),
        st.integers(min_value=-(2**80), max_value=2**80).map(str),
        st.text(st.sampled_from("<>\"'&;%_\\-=/*()[]{}0123456789"), min_size=1, max_size=30),
        st.integers(min_value=1, max_value=LONG).map(lambda n: "é" * n),
    )


@st.composite
def hostile_request(draw, target: Target) -> tuple[list[tuple[str, str]], bool]:
    """A query or form of the target with some of its fields hostile, maybe an unknown or repeated one;
    and whether it comes as an htmx request."""
    baseline = draw(st.sampled_from(target.baselines))
    pairs = list(baseline)
    if pairs:
        chosen = draw(st.sets(st.sampled_from(range(len(pairs))), min_size=1))
        for index in chosen:
            name, value = pairs[index]
            pairs[index] = (name, draw(hostile_text(target.kinds.get(name), value)))
    if not pairs or draw(st.booleans()):
        pairs.append((draw(st.sampled_from([UNKNOWN_PARAMETER, *[n for n, _v in baseline]])),
                      draw(hostile_text(None, ""))))
    return pairs, draw(st.booleans())


# --- Sending and judging -------------------------------------------------------------------------------


def encode(pairs: Iterable[tuple[str, str]]) -> str:
    """Percent-encoded as a browser would, except that a lone surrogate goes as the bytes it would be
    (a browser cannot send one; an attacker can)."""
    def one(text: str) -> str:
        return quote(text.encode("utf-8", "surrogatepass"), safe="")

    return "&".join(f"{one(name)}={one(value)}" for name, value in pairs)


async def send(client: httpx.AsyncClient, target: Target, pairs: list[tuple[str, str]], *,
               token: str | None, htmx: bool = False) -> httpx.Response:
    headers = {"HX-Request": "true"} if htmx else {}
    if target.method == "GET":
        query = encode(pairs)
        while len(query) > URL_BUDGET:  # halve the longest value until the address fits
            longest = max(range(len(pairs)), key=lambda index: len(pairs[index][1]))
            pairs = [*pairs[:longest], (pairs[longest][0], pairs[longest][1][: len(pairs[longest][1]) // 2]),
                     *pairs[longest + 1:]]
            query = encode(pairs)
        return await client.get(f"{target.url}?{query}" if query else target.url, headers=headers)
    body = encode(([(CSRF_FIELD, token)] if token else []) + pairs)
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return await client.request(target.method, target.url, content=body.encode(), headers=headers)


def answer_problems(response: httpx.Response) -> list[str]:
    """What a hostile request may never get back."""
    problems = []
    if response.status_code >= 500:
        problems.append(f"answered {response.status_code}")
    for name, value in response.headers.items():
        if "\r" in value or "\n" in value:
            problems.append(f"header {name} carries a line break")
    content_type = response.headers.get("content-type", "")
    if content_type.startswith("text/") or "json" in content_type:
        text = response.text
        for probe in MARKUP_PROBES:
            if probe in text:
                problems.append(f"echoed {probe!r} unescaped")
        if match := DATABASE_ERROR.search(text):
            start = max(0, match.start() - 60)
            problems.append(f"shows a database error: …{text[start:match.end() + 60]!r}…")
    return problems


def describe(pairs: list[tuple[str, str]]) -> str:
    def short(text: str) -> str:
        return repr(text if len(text) <= 40 else f"{text[:12]}…({len(text)} characters)")

    return "&".join(f"{name}={short(value)}" for name, value in pairs) or "(no parameters)"
