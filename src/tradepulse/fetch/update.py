"""`tradepulse update`: fetch what the official sites published since the last update.

Every source is fetched and read before anything is written; the new releases then land
in one transaction through the store's single writer, as new vintages where they revise
a stored figure. Any failure (no network, a block page, a changed layout) raises
FetchError before the store is touched, so a failed update changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UsageError
from ..sources.base import ParsedRelease
from ..store import plausibility
from ..store.db import IngestReport, Store
from . import gacc, mofcom
from .http import Fetcher

SOURCES = ("gacc", "mofcom")


@dataclass
class SourceReport:
    name: str
    where: str
    checked: int  # pages or months looked at
    fetched: int  # requests that returned content
    releases: int  # releases read (stored or already held)
    notes: list[str] = field(default_factory=list)


@dataclass
class UpdateReport:
    sources: list[SourceReport]
    ingest: IngestReport
    requests: int


def known_sources(store: Store) -> set[str]:
    return {r[0] for r in store.con.execute("SELECT DISTINCT source FROM releases").fetchall()}


def collect(
    fetcher: Fetcher,
    known: set[str],
    sources: tuple[str, ...] = SOURCES,
    year: int | None = None,
) -> tuple[list[ParsedRelease], list[SourceReport]]:
    unknown = [s for s in sources if s not in SOURCES]
    if unknown:
        raise UsageError(f"unknown source {unknown[0]!r}: choose from {', '.join(SOURCES)}")
    releases: list[ParsedRelease] = []
    reports = []
    if "gacc" in sources:
        found, outcome = gacc.fetch_new_tables(fetcher, known, year)
        releases += found
        reports.append(
            SourceReport(
                "gacc",
                outcome.index,
                outcome.links,
                outcome.fetched,
                len(found),
                [f"no table in page: {x}" for x in outcome.no_table or []],
            )
        )
    if "mofcom" in sources:
        months = mofcom.fetch_months(fetcher)
        releases += months
        reports.append(SourceReport("mofcom", mofcom.TOTALMONTH_URL, len(months), 1, len(months)))
    return releases, reports


def update(
    path: Path, fetcher: Fetcher, sources: tuple[str, ...] = SOURCES, year: int | None = None
) -> UpdateReport:
    """Fetch and read every source, then store what is new in one transaction.

    The store is only read until everything has been fetched and read, and opened for
    writing only to store it: a failed fetch leaves the database file as it was.
    """
    with Store.reader(path) as store:
        known = known_sources(store)
    releases, reports = collect(fetcher, known, sources, year)
    with Store.writer(path) as store:
        plausibility.check(releases, store)  # fetched figures pass the same door as files
        report = store.ingest(releases)
    return UpdateReport(reports, report, fetcher.requests)
