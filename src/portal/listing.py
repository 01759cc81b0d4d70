"""The listing kit: what every list of the portal is made of (DESIGN: Lists).

A list declares its columns once — label, sort key, how the table shows the cell, what Excel and PDF
write, and how much the column matters on a small screen. The table header with its sort links, the
"Sorteren" choices, the pager and the download columns all come from that one declaration. Nothing here
knows URLs: a page position is a change to the list's query, and the web layer (portal.links) turns the
declaration and the changes into links from route names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from portal.i18n import _

# How much a column matters where space is short: 1 everywhere (phone cards included); 2 from a desktop
# width; 3 only on wide screens. The rest is on the object page and in the downloads.
ALWAYS, DESKTOP, WIDE = 1, 2, 3
DOWNLOADS_ONLY = 0


@dataclass(frozen=True)
class Column:
    """One column. The cell shows the text of `key`, as a link when `link` names a route (its path
    parameters filled from the row's keys of the same name, or as `link_params` maps them), as a badge
    when `badge` names its class (and "status-<the row's badge_key>"), or through a macro of the list's
    template when `cell` names one (for the few cells that are more than that)."""

    key: str  # the row's key the cell shows (and the downloads write, unless `export` says otherwise)
    label: str
    sort: str | None = None  # the list's sort key for this column, None when it cannot be sorted on
    priority: int = ALWAYS
    link: str | None = None
    link_params: tuple[tuple[str, str], ...] = ()  # (path parameter, row key); default: both `key`
    badge: str = ""
    badge_key: str = ""
    cell: str = ""
    export: str | None = None  # the row key the downloads write; None: `key`; '': not in the downloads
    width: int = 16  # the Excel column width, in characters
    nowrap: bool = False
    hidden_label: bool = False  # a column of icons: the header names it for screen readers only

    @property
    def export_key(self) -> str:
        return self.key if self.export is None else self.export

    @property
    def href_key(self) -> str:
        """Where the web layer puts the link of a row's cell (the domain writes no URLs)."""
        return f"href:{self.key}"

    @cached_property
    def css(self) -> str:
        return " ".join(filter(None, (f"col-p{self.priority}" if self.priority > ALWAYS else "",
                                      "nowrap" if self.nowrap else "")))


@dataclass(frozen=True)
class Sort:
    key: str
    descending: bool = False

    @property
    def param(self) -> str:
        return ("-" if self.descending else "") + self.key

    def toggled_for(self, key: str) -> Sort:
        """Clicking a header sorts by it; clicking the current one turns the order round."""
        return Sort(key, descending=key == self.key and not self.descending)

    def aria(self, key: str) -> str | None:
        if key != self.key:
            return None
        return "descending" if self.descending else "ascending"


@dataclass(frozen=True)
class Listing:
    id: str  # the list's name, and the DOM id of the fragment htmx swaps
    caption: str
    columns: tuple[Column, ...]
    default_sort: Sort
    # Every sort the list offers, key -> label ("Sorteren"); by default the sortable columns.
    sorts: Mapping[str, str] = field(default_factory=dict)
    sort_param: str = "sorteren"

    def __post_init__(self) -> None:
        if not self.sorts:
            object.__setattr__(self, "sorts", {c.sort: c.label for c in self.columns if c.sort})

    @property
    def table_columns(self) -> tuple[Column, ...]:
        return tuple(column for column in self.columns if column.priority != DOWNLOADS_ONLY)

    @property
    def export_columns(self) -> tuple[Column, ...]:
        return tuple(column for column in self.columns if column.export_key)

    def parse_sort(self, raw: str) -> tuple[Sort, str | None]:
        """The sort of a query value ("-naam" is descending); an unknown one gives the default and says so."""
        raw = raw.strip()
        descending = raw.startswith("-")
        key = raw.lstrip("-")
        if not key:
            return self.default_sort, None
        if key not in self.sorts:
            message = _("Op '%(value)s' kan niet worden gesorteerd; de lijst is gesorteerd op %(default)s.") % {
                "value": raw[:40], "default": self.sorts[self.default_sort.key].lower()}
            return self.default_sort, message
        return Sort(key, descending), None

    def sort_query(self, sort: Sort) -> dict[str, str]:
        """The query parameter of a sort; the default sort needs none."""
        return {} if sort == self.default_sort else {self.sort_param: sort.param}

    def describe_sort(self, sort: Sort) -> str:
        return self.sorts[sort.key] + (" " + _("(aflopend)") if sort.descending else "")


@dataclass(frozen=True)
class Pager:
    """Where the neighbouring pages of a list start, as changes to its query (None: there is no such
    page, or it is the one shown), the query of the page shown, and its summary ("Pagina 2 van 5")."""

    first: Mapping[str, str] | None = None
    previous: Mapping[str, str] | None = None
    next: Mapping[str, str] | None = None
    last: Mapping[str, str] | None = None
    position: Mapping[str, str] = field(default_factory=dict)
    summary: str = ""
    # The labels of the links: a timeline pages "Nieuwere" / "Oudere".
    labels: tuple[str, str, str, str] = ("", "", "", "")

    @property
    def is_needed(self) -> bool:
        return any(link is not None for link in (self.first, self.previous, self.next, self.last))


PAGE_PARAM = "pagina"
COUNT_CAP = 2_000  # an exact count costs a read per row: past this a keyset list says "more than"


class CappedCount:
    """For a page of a keyset list whose `total` was counted up to `count_cap` + 1."""

    total: int
    count_cap: int

    @property
    def total_capped(self) -> bool:
        return self.total > self.count_cap


def numbered_pager(page: int, pages: int, *, labels: tuple[str, str, str, str] = ("", "", "", "")) -> Pager:
    """The pager of a counted list (OFFSET paging): pages 1…`pages`, `page` shown."""

    def at(number: int) -> dict[str, str]:
        return {PAGE_PARAM: str(number)} if number > 1 else {}

    return Pager(
        first=at(1) if page > 2 else None,
        previous=at(page - 1) if page > 1 else None,
        next=at(page + 1) if page < pages else None,
        last=at(pages) if page < pages - 1 else None,
        position=at(page),
        summary=_("Pagina %(page)s van %(pages)s") % {"page": page, "pages": pages} if pages > 1 else "",
        labels=labels,
    )


def page_number(raw: str, limit: int = 100_000) -> tuple[int, bool]:
    """A page number from the URL: (number, valid). Anything else is page 1."""
    if raw.isascii() and raw.isdigit() and 0 < len(raw) < 7 and 0 < int(raw) <= limit:
        return int(raw), True
    return 1, not raw
