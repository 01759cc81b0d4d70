"""What the benchmarks' reports share: the data-set options, the verdict, the growth figures and where the
report is written."""

from __future__ import annotations

import argparse
import json
import os
import statistics
from pathlib import Path

from bench import data as datasets


def add_data_arguments(parser: argparse.ArgumentParser) -> None:
    """The options that choose the engines and the cached data sets (bench/data.py)."""
    parser.add_argument("--engines", default="sqlite,postgres")
    parser.add_argument("--aids", type=int, default=1_000_000)
    parser.add_argument("--per-org", type=int, default=100_000)
    parser.add_argument("--history", type=float, default=5.0)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--rebuild", action="store_true", help="build the data sets again")
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL",
                                                                 "postgresql://postgres@127.0.0.1:5432/"))


def verdict(ok: bool) -> str:
    return "gehaald" if ok else "**niet gehaald**"


def _ratio(row: dict) -> float:
    return row["big_p50"] / row["small_p50"]


def growth(rows: list[dict]) -> tuple[float, dict]:
    """The median growth of p50 from the small data set to the big one, and the row that grew most."""
    return statistics.median(_ratio(row) for row in rows), max(rows, key=_ratio)


def growth_summary(rows: list[dict]) -> str:
    median, worst = growth(rows)
    return f"{median:.2f}× (slechtste: {worst['name']} {_ratio(worst):.2f}×)"


def growth_table(rows: list[dict], small: str, big: str) -> list[str]:
    return [
        f"| Groei per combinatie (eerste pagina) | p50 {small} | p50 {big} | × |",
        "|---|---:|---:|---:|",
        *[f"| {row['name']} | {row['small_p50']:.1f} | {row['big_p50']:.1f} | {_ratio(row):.2f} |" for row in rows],
        "",
    ]


def save(name: str, text: str, results: list) -> Path:
    """bench/out/<name>.md (the report) and <name>.json (the figures); prints the report."""
    datasets.OUT.mkdir(parents=True, exist_ok=True)
    out = datasets.OUT / f"{name}.md"
    out.write_text(text + "\n")
    (datasets.OUT / f"{name}.json").write_text(json.dumps([r.__dict__ for r in results], indent=2, default=str))
    print("\n" + text)
    print(f"\nWritten to {out}")
    return out
