"""What a list declares to get its Excel and PDF downloads: a source.

A source names the list's rows (for a scope and the list's filters, in the list's order, in batches),
their count, the filters in words for the head of a PDF, and the list's declared columns (the listing
kit's export columns). Mijn hulpmiddelen declares one in portal.domain.assets.downloads; Planning and
Mijn acties declare theirs the same way and get the same caps, background jobs and progress.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from portal.domain.exports.work import ExportColumn
from portal.domain.scope import Scope
from portal.listing import Listing


class Filters(Protocol):
    def query(self) -> dict[str, str]:
        """The filters and sort as the list's query string (stored with a background job)."""


@dataclass(frozen=True)
class Labels:
    """A label sheet of the rows: each label's QR code opens the row's own page (`route`, its path
    parameter filled from the row's `key`), and shows `fields` under the number."""

    route: str
    parameter: str
    key: str
    fields: tuple[str, ...]
    title: str


@dataclass(frozen=True)
class ExportSource:
    name: str  # stored with a background job: the registry below finds the source again
    listing: Listing
    title: str  # the head of the PDF
    unit: str  # what a row is, in the plural ("hulpmiddelen")
    file_stem: str  # "hulpmiddelen-2026-12-01.xlsx"
    list_route: str  # the list the download was asked from
    parse: Callable[[Scope, Mapping[str, str]], Awaitable[Filters]]
    rows: Callable[[Scope, Any, int], AsyncIterator[list[dict]]]
    count: Callable[[Scope, Any, int], Awaitable[int]]  # up to the cap + 1
    describe: Callable[[Any], Awaitable[list[tuple[str, str]]]]
    labels: Labels | None = None

    @property
    def kinds(self) -> tuple[str, ...]:
        return ("xlsx", "pdf", "labels") if self.labels else ("xlsx", "pdf")

    @property
    def columns(self) -> list[ExportColumn]:
        return [ExportColumn(column.label, column.key, column.export_key, column.width)
                for column in self.listing.export_columns]

    def keys(self, kind: str) -> tuple[str, ...]:
        """The row keys the worker needs: only those cross to the other process."""
        if kind == "labels" and self.labels:
            return (self.labels.key, *self.labels.fields)
        columns = self.columns
        return tuple({key: None for column in columns for key in (column.key, column.export_key)})

    def title_for(self, kind: str) -> str:
        return self.labels.title if kind == "labels" and self.labels else self.title


SOURCES: dict[str, ExportSource] = {}


def register(source: ExportSource) -> ExportSource:
    SOURCES[source.name] = source
    return source
