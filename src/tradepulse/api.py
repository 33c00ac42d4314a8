"""Library entry points: what the CLI (and later the web layer) calls, one function each."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa

from .data.build import Progress, load_embedded
from .errors import StoreError, UsageError
from .sources.base import ParsedRelease
from .sources.registry import read_all
from .store import plausibility
from .store.db import IngestReport, Store, default_db_path
from .store.queries import SeriesQuery, releases, series
from .validate import Violation, validate

Notify = Callable[[str], None]


def resolve_db(db: Path | str | None) -> Path:
    return Path(db) if db is not None else default_db_path()


def ensure_data(
    db: Path | str | None = None, progress: Progress | None = None, notify: Notify | None = None
) -> bool:
    """Load the embedded dataset when the store is empty (first run). True if loaded."""
    path = resolve_db(db)
    if path.exists():
        try:
            with Store.reader(path) as store:
                if not store.is_empty():
                    return False
        except StoreError:
            pass  # not yet migrated: the writer below migrates it
    with Store.writer(path) as store:
        if not store.is_empty():
            return False
        if notify:
            notify(f"First run: loading the embedded official dataset into {path}")
        load_embedded(store, progress=progress)
    return True


@contextmanager
def reading(
    db: Path | str | None = None,
    *,
    autoload: bool = True,
    progress: Progress | None = None,
    notify: Notify | None = None,
) -> Iterator[Store]:
    """A read-only store, loading the embedded data first if the store is empty."""
    if autoload:
        ensure_data(db, progress=progress, notify=notify)
    with Store.reader(resolve_db(db)) as store:
        yield store


def ingest(
    paths: Iterable[Path | str], db: Path | str | None = None, *, accept_outliers: bool = False
) -> IngestReport:
    """Read every input first, check its figures are plausible (store/plausibility.py),
    then store them all in one transaction; an implausible figure refuses the whole batch
    before anything is written. Outliers pass with `accept_outliers`, listed as warnings."""
    result = read_all(Path(p) for p in paths)
    with Store.writer(resolve_db(db)) as store:
        report = ingest_releases(store, result.releases, accept_outliers=accept_outliers)
    report.no_data = result.no_data
    return report


def ingest_releases(
    store: Store, releases: list[ParsedRelease], *, accept_outliers: bool = False
) -> IngestReport:
    """The door every parsed release goes through: plausibility, then the store's writer."""
    accepted = plausibility.check(releases, store, accept_outliers=accept_outliers)
    report = store.ingest(releases)
    report.warnings.extend(f"outlier accepted: {f.describe()}" for f in accepted)
    return report


def reload_data(db: Path | str | None = None, progress: Progress | None = None) -> IngestReport:
    with Store.writer(resolve_db(db)) as store:
        return load_embedded(store, replace=True, progress=progress)


def get_series(query: SeriesQuery, db: Path | str | None = None) -> pa.Table:
    with reading(db) as store:
        return series(store, query)


def list_releases(db: Path | str | None = None) -> list[dict[str, Any]]:
    with reading(db) as store:
        return releases(store)


def run_validation(db: Path | str | None = None, as_of: date | None = None) -> list[Violation]:
    with reading(db) as store:
        return validate(store, as_of)


def bulletin(
    period: str | None = None,
    *,
    currency: str = "both",
    fmt: str = "md",
    out: Path | None = None,
    db: Path | str | None = None,
    as_of: date | None = None,
) -> str:
    """Write the month's bulletin (the latest month by default); returns the text, and
    writes it (with chart images for Markdown) when `out` is given."""
    from .bulletin import make_bulletin, render
    from .model import Period

    with reading(db) as store:
        b = make_bulletin(store, Period.parse(period) if period else None, currency, as_of)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
    text = render(b, fmt, out)
    if out is not None:
        out.write_text(text, encoding="utf-8")
    return text


def check_article(
    data: bytes,
    *,
    source: str = "<stdin>",
    article_date: date | None = None,
    db: Path | str | None = None,
) -> tuple[str, dict[str, Any]]:
    """Check an article's numeric claims; returns the article text as read and the result
    in the documented JSON shape (docs/claims.md)."""
    from .claims import check_text, to_json_dict

    with reading(db) as store:
        report = check_text(store, data, source, article_date)
    return report.article.text, to_json_dict(report)


EXPORT_FORMATS = ("csv", "parquet", "xlsx")


def export(
    fmt: str, out: Path, db: Path | str | None = None, query: SeriesQuery | None = None
) -> int:
    """Write the figures in force (with their release) to CSV, Parquet or Excel."""
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"--format {fmt!r} is not one of {', '.join(EXPORT_FORMATS)}")
    table = get_series(query or SeriesQuery(), db)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        import pyarrow.parquet as pq

        pq.write_table(table, out)
    elif fmt == "csv":
        import pyarrow.csv as pacsv

        pacsv.write_csv(table, out)
    else:
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("observations")
        ws.append(table.column_names)
        for row in table.to_pylist():
            ws.append([v.isoformat() if isinstance(v, date) else v for v in row.values()])
        wb.save(out)
    return table.num_rows
