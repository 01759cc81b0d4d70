"""How much export work the portal takes on at once, and how large one download may be (README: Export
limits). Measured on the 2-core benchmark machine: xhtml2pdf takes 5-7 ms per list row and about 8 ms
per label with its QR code; openpyxl about 80 µs per row of nine columns.

The numbers are read at call time (`limits.X`), so a test can lower one.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from portal.i18n import _

# While the user waits: a few seconds of work at most.
SYNC_PDF_ROWS = 500
SYNC_LABELS = 210  # ten sheets of 21 labels
SYNC_EXCEL_ROWS = 20_000  # about 1.6 s of openpyxl

# The most one download may hold. A list PDF of 5,000 rows is about 125 pages and half a minute of work;
# 2,100 labels are 100 sheets (the 100,000 labels of one organisation made a 235 MB file nobody prints).
# Excel holds up to 1,048,576 rows; 250,000 is more than the largest organisation has.
MAX_PDF_ROWS = 5_000
MAX_LABELS = 2_100
MAX_EXCEL_ROWS = 250_000

# A background PDF is made in parts: progress after each, memory bounded by one part.
PART_ROWS = 500
PART_LABELS = 210
ROW_BATCH = 500  # rows fetched at a time: turning them into dicts runs on the event loop, in short turns

# Worker processes per app process: the CPU work of every download runs there, never on the event
# loop. Two on a two-core machine; each runs at a lower priority than the process answering requests.
POOL_SIZE = max(1, min(2, os.cpu_count() or 1))
# Background jobs running at once per app process: a long job of one user leaves the other slot free,
# and the queue takes the smallest job first, so a 501-row PDF does not wait for 5,000 labels.
JOB_SLOTS = 2
# Downloads made while the user waits, at once: per account, and per app process (running or waiting for
# a worker). More is answered with a message, not queued without end.
SYNC_PER_ACCOUNT = 2
SYNC_PER_PROCESS = 32


def sync_limit(kind: str) -> int:
    return {"labels": SYNC_LABELS, "xlsx": SYNC_EXCEL_ROWS}.get(kind, SYNC_PDF_ROWS)


def max_rows(kind: str) -> int:
    return {"labels": MAX_LABELS, "xlsx": MAX_EXCEL_ROWS}.get(kind, MAX_PDF_ROWS)


def too_large_message(kind: str, unit: str) -> str:
    """Why a selection cannot be downloaded, and how to make it smaller (the count stops at the maximum)."""
    values = {"max": f"{max_rows(kind):,}".replace(",", "."), "unit": unit}
    if kind == "labels":
        text = _("Etiketten kunnen voor hoogstens %(max)s %(unit)s tegelijk worden gemaakt; deze selectie bevat "
                 "er meer. Kies een locatie, afdeling, categorie of status om de selectie kleiner te maken.")
    elif kind == "xlsx":
        text = _("Een Excel-lijst kan hoogstens %(max)s %(unit)s bevatten; deze selectie bevat er meer. "
                 "Kies een locatie, afdeling of categorie om de selectie kleiner te maken.")
    else:
        text = _("Een PDF kan hoogstens %(max)s %(unit)s bevatten; deze selectie bevat er meer. "
                 "Kies een locatie, afdeling, categorie of status om de selectie kleiner te maken, "
                 "of download de Excel-lijst.")
    return text % values


class ExportRefused(Exception):
    """A download that is not made now; `message` tells the user why (shown on the page)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SyncSlots:
    """Downloads being made while their users wait, counted per account and in all."""

    def __init__(self) -> None:
        self.by_account: Counter[int] = Counter()

    @property
    def total(self) -> int:
        return sum(self.by_account.values())

    @asynccontextmanager
    async def hold(self, account_id: int) -> AsyncIterator[None]:
        if self.by_account[account_id] >= SYNC_PER_ACCOUNT:
            raise ExportRefused(_("U heeft al een download in voorbereiding. Wacht tot die klaar is en "
                                  "probeer het dan opnieuw."))
        if self.total >= SYNC_PER_PROCESS:
            raise ExportRefused(_("Er worden nu veel downloads tegelijk gemaakt. Probeer het over een "
                                  "minuut opnieuw."))
        self.by_account[account_id] += 1
        try:
            yield
        finally:
            self.by_account[account_id] -= 1
            if not self.by_account[account_id]:
                del self.by_account[account_id]


sync_slots = SyncSlots()
