"""Links from route names: the one way the portal writes a path of its own (in handlers, and in templates
as `url("assets:show", object_number=…)`), the one query-string builder, and the listing kit's web half
that turns a list's declaration and pager into header and page links."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from litestar import Litestar, Request

from portal.i18n import _
from portal.listing import Column, Listing, Pager, Sort

_PARAMETER = re.compile(r"\{(\w+)(?::\w+)?\}")


class Routes:
    """Path templates by route name, read once from the app (Litestar's own reverse lookup sorts and
    checks every time; a list page writes a link per row)."""

    def __init__(self, app: Litestar) -> None:
        self._app = app
        self._templates: dict[str, str] = {}

    def path(self, name: str, **params: Any) -> str:
        template = self._templates.get(name)
        if template is None:
            index = self._app.get_handler_index_by_name(name)
            if index is None:
                raise LookupError(f"no route is named {name!r}")
            template = self._templates[name] = _PARAMETER.sub(r"{\1}", min(index["paths"], key=len))
        if not params:
            return template
        return template.format(**{key: quote(str(value), safe="") for key, value in params.items()})


def routes(app: Litestar) -> Routes:
    found = app.state.get("routes")
    if found is None:
        found = app.state["routes"] = Routes(app)
    return found


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

    @property
    def columns(self) -> tuple[Column, ...]:
        return self.listing.table_columns


PAGE_LABELS = (_("Eerste"), _("Vorige"), _("Volgende"), _("Laatste"))


def list_view(request: Request, listing: Listing, route: str, *, query: Mapping[str, str], sort: Sort,
              pager: Pager, **path_params: Any) -> ListView:
    """Links for a list at route `route`: `query` holds its filters (without sort and position)."""
    path = routes(request.app).path(route, **path_params)
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
