"""Links from route names: the one way the portal writes a path of its own (in handlers, and in templates
as `url("assets:show", object_number=…)`), the one query-string builder, and the listing kit's web half
that turns a list's declaration and pager into header and page links."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from urllib.parse import quote, urlencode

from litestar import Litestar, Request
from markupsafe import Markup, escape

from portal.i18n import _
from portal.listing import Column, Listing, Pager, Sort
from portal.settings import get_settings

_PARAMETER = re.compile(r"\{(\w+)(?::\w+)?\}")


class Routes:
    """Path templates by route name, read once from the app (Litestar's own reverse lookup sorts and
    checks every time; a list page writes a link per row)."""

    def __init__(self, app: Litestar) -> None:
        self._app = app
        self._templates: dict[str, str] = {}

    def template(self, name: str) -> str:
        """The route's path with `{name}` where each parameter goes."""
        template = self._templates.get(name)
        if template is None:
            index = self._app.get_handler_index_by_name(name)
            if index is None:
                raise LookupError(f"no route is named {name!r}")
            template = self._templates[name] = _PARAMETER.sub(r"{\1}", min(index["paths"], key=len))
        return template

    def path(self, name: str, **params: Any) -> str:
        template = self.template(name)
        return template.format(**{key: _segment(value) for key, value in params.items()}) if params else template


def _segment(value: Any) -> str:
    return quote(str(value), safe="")


def routes(app: Litestar) -> Routes:
    found = app.state.get("routes")
    if found is None:
        found = app.state["routes"] = Routes(app)
    return found


_process_routes: Routes | None = None


def install(app: Litestar) -> None:
    """The app whose routes links outside a request use (e-mails, background work, commands)."""
    global _process_routes
    _process_routes = routes(app)


def path_for(name: str, query: Mapping[str, Any] | None = None, /, **params: Any) -> str:
    """A link outside a request (a notification, background work), from a route name like every other.
    The app (or a command, see portal.cli) installs its routes first."""
    if _process_routes is None:
        raise RuntimeError("no app has installed its routes: call portal.links.install(app) first")
    return with_query(_process_routes.path(name, **params), query)


def absolute(name: str, query: Mapping[str, Any] | None = None, /, **params: Any) -> str:
    """A full link (with PORTAL_BASE_URL) for an e-mail."""
    return get_settings().base_url + path_for(name, query, **params)


def with_query(path: str, query: Mapping[str, Any] | None = None) -> str:
    """`path` with the non-empty values of `query` (the one query-string builder)."""
    values = {key: str(value) for key, value in (query or {}).items() if value not in (None, "")}
    return f"{path}?{urlencode(values)}" if values else path


def url(request: Request, name: str, query: Mapping[str, Any] | None = None, /, **params: Any) -> str:
    return with_query(routes(request.app).path(name, **params), query)


def template_url(context: Mapping[str, Any], name: str, query: Mapping[str, Any] | None = None, /,
                 **params: Any) -> str:
    """`url(…)` in templates (registered in create_app)."""
    return url(context["request"], name, query, **params)


# The listing kit's links ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class HeaderCell:
    column: Column
    url: str | None  # the link that sorts by this column, None when it cannot be sorted on
    aria_sort: str | None


@dataclass(frozen=True)
class PageLink:
    label: str
    url: str | None  # None: this is the page shown, or there is none
    rel: str


@dataclass(frozen=True)
class ListView:
    """A list as its template draws it: the header with sort links, the pager and the URL of what is
    shown (pushed into the address bar after an htmx swap)."""

    listing: Listing
    header: tuple[HeaderCell, ...]
    pages: tuple[PageLink, ...]
    summary: str
    url: str
    path: str  # the list's own path, without a query
    query: Mapping[str, str]  # its filters (the sort form carries them along)
    sort: Sort

    @property
    def sort_choices(self) -> tuple[tuple[str, str], ...]:
        """Every sort both ways, for "Sorteren" (a phone has no header to click)."""
        return tuple(
            (Sort(key, descending).param, f"{label} ({_('aflopend') if descending else _('oplopend')})")
            for key, label in self.listing.sorts.items() for descending in (False, True)
        )

    @property
    def id(self) -> str:
        return self.listing.id

    @cached_property
    def columns(self) -> tuple[Column, ...]:
        return self.listing.table_columns

    @cached_property
    def _cells(self) -> tuple[tuple[str, str, str, str, str, str], ...]:
        """Per column what a row's cell is made of: (opening tag, kind, key, extra, lead, closing tag),
        worked out once (kinds: text, link, badge, macro)."""
        specs = []
        for index, column in enumerate(self.columns):
            tag = "th" if index == 0 else "td"
            scope = ' scope="row"' if index == 0 else ""
            css = f' class="{escape(column.css)}"' if column.css else ""
            opening = f'<{tag}{scope} data-label="{escape(column.label)}"{css}>'
            if column.link:
                specs.append((opening, "link", column.key, column.href_key, "", f"</{tag}>"))
            elif column.badge:
                specs.append((opening, "badge", column.key, column.badge_key, f'<span class="{escape(column.badge)} status-',
                              f"</{tag}>"))
            elif column.cell:
                specs.append((opening, "macro", column.key, column.cell, "", f"</{tag}>"))
            else:
                specs.append((opening, "text", column.key, "", "", f"</{tag}>"))
        return tuple(specs)

    def row(self, row: Mapping[str, Any], cells: Mapping[str, Any] | None = None) -> Markup:
        """One row of the table: its cells as the columns say (a text, a link, a badge), or drawn by the
        list template's macro named in the column (`cells`). Written here rather than in a Jinja loop:
        a page of 50 rows with 9 columns cost 2 ms more there, most of it escaping."""
        parts = ['<tr class="', escape(row["row_class"]), '">'] if row.get("row_class") else ["<tr>"]
        for opening, kind, key, extra, lead, closing in self._cells:
            value = row[key]
            if kind == "text":
                content = escape(value) if value not in (None, "") else "–"
            elif kind == "link":
                content = f'<a href="{escape(row[extra])}">{escape(value)}</a>'
            elif kind == "badge":
                content = f'{lead}{escape(row[extra])}">{escape(value)}</span>'
            else:
                content = (cells or {})[extra](row)
            parts += (opening, content, closing)
        parts.append("</tr>")
        return Markup("".join(parts))


PAGE_LABELS = (_("Eerste"), _("Vorige"), _("Volgende"), _("Laatste"))


def _add_links(paths: Routes, column: Column, rows: list[dict], page_params: Mapping[str, Any]) -> None:
    """Every row's link for `column`, from the route's path with the page's own parameters filled in once
    (a list writes a link per row: this is the fast way)."""
    template = paths.template(column.link)
    for name, value in page_params.items():
        template = template.replace("{" + name + "}", _segment(value))
    mapping = column.link_params or ((column.key, column.key),)
    needed = [(name, key) for name, key in mapping if "{" + name + "}" in template]
    target = column.href_key
    for row in rows:
        row[target] = template.format(**{name: _segment(row[key]) for name, key in needed})


def list_view(request: Request, listing: Listing, route: str, *, query: Mapping[str, str], sort: Sort,
              pager: Pager, rows: list[dict] = (), **path_params: Any) -> ListView:
    """Links for a list at route `route`: `query` holds its filters (without sort and position). The
    rows' link cells get their links here (`row[column.href_key]`); `path_params` fill the parameters the
    page itself has (the aid of a history)."""
    paths = routes(request.app)
    path = paths.path(route, **path_params)
    for column in listing.table_columns:
        if column.link:
            _add_links(paths, column, rows, path_params)
    sorted_query = {**query, **listing.sort_query(sort)}
    header = tuple(
        HeaderCell(
            column,
            with_query(path, {**query, **listing.sort_query(sort.toggled_for(column.sort))}) if column.sort else None,
            sort.aria(column.sort) if column.sort else None,
        )
        for column in listing.table_columns
    )
    pages: tuple[PageLink, ...] = ()
    if pager.is_needed:
        labels = tuple(mine or default for mine, default in zip(pager.labels, PAGE_LABELS))
        targets = (pager.first, pager.previous, pager.next, pager.last)
        pages = tuple(
            PageLink(label, with_query(path, {**sorted_query, **target}) if target is not None else None, rel)
            for label, target, rel in zip(labels, targets, ("first", "prev", "next", "last"))
        )
    return ListView(listing, header, pages, pager.summary, with_query(path, {**sorted_query, **pager.position}),
                    path, query, sort)
