"""Library entry points: what the CLI (and later the web layer) calls, one function each."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import pyarrow as pa

from . import outputs
from .data.build import Progress, read_embedded
from .errors import StoreError, UsageError
from .sources.registry import read_all
from .store.db import IngestReport, Store, default_db_path
from .store.queries import SeriesQuery, releases, series
from .validate import Violation, validate

if TYPE_CHECKING:
    from .claims.batch import ArticleInput

Notify = Callable[[str], None]


def resolve_db(db: Path | str | None) -> Path:
    return Path(db) if db is not None else default_db_path()


def ensure_data(
    db: Path | str | None = None, progress: Progress | None = None, notify: Notify | None = None
) -> bool:
    """Load the embedded dataset when the store is empty (first run). True if loaded.

    Looks through a read-only connection first; opens the store for writing only to create
    it, load it or upgrade its schema, never because another process holds it (a reader
    waits for that instead).
    """
    path = resolve_db(db)
    pending: list[str] = []
    if path.exists():
        with Store.reader(path, require_migrated=False) as store:
            pending = store.pending_migrations()
            empty = store.is_empty()
        if not pending and not empty:
            return False
    else:
        empty = True
    releases = None
    if empty:
        if notify:
            notify(f"First run: loading the embedded official dataset into {path}")
        releases, _ = read_embedded(progress=progress)  # parsed before taking the store
    with Store.writer(path) as store:
        if releases is None or not store.is_empty():
            if pending and notify:
                notify(f"Upgraded the store's schema at {path}: {', '.join(pending)}")
            return False
        store.ingest(releases, embedded=True)
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
    path = resolve_db(db)
    if autoload:
        # one connection when the store holds data (the usual case): opening one costs
        # more than a small check, so the writer is reached only for an empty store
        with contextlib.ExitStack() as stack:
            try:
                store = stack.enter_context(Store.reader(path))
                ready = not store.is_empty()
            except StoreError:
                ready = False
            if ready:
                yield store
                return
        ensure_data(db, progress=progress, notify=notify)
    with Store.reader(path) as store:
        yield store


def ingest(paths: Iterable[Path | str], db: Path | str | None = None) -> IngestReport:
    """Read every input first, then store them all in one transaction."""
    result = read_all(Path(p) for p in paths)
    with Store.writer(resolve_db(db)) as store:
        report = store.ingest(result.releases)
    report.no_data = result.no_data
    return report


def update(
    db: Path | str | None = None,
    *,
    sources: tuple[str, ...] | None = None,
    transport: Any = None,
    cache_dir: Path | None = None,
    retries: int | None = None,
    year: int | None = None,
) -> Any:
    """Fetch new releases from the official sites and store them in one transaction.

    `year` reads GACC's index of that year's releases instead of the current one.
    `transport` (an httpx transport) replaces the network, e.g. in tests. Raises
    FetchError, with the store unchanged, when any source cannot be fetched or read.
    """
    from .fetch.http import RETRIES, Fetcher
    from .fetch.update import SOURCES
    from .fetch.update import update as run

    ensure_data(db)
    tries = RETRIES if retries is None else retries
    with Fetcher(transport=transport, cache_dir=cache_dir, retries=tries) as fetcher:
        return run(resolve_db(db), fetcher, sources or SOURCES, year)


def reload_data(db: Path | str | None = None, progress: Progress | None = None) -> IngestReport:
    """Replace the embedded dataset in one transaction (a crash leaves the old one whole);
    the package is parsed before the store is opened, so the writer holds it briefly."""
    releases, _ = read_embedded(progress=progress)
    with Store.writer(resolve_db(db)) as store:
        return store.replace_embedded(releases)


def refused_sources() -> list[dict[str, Any]]:
    """The embedded dataset's pages the tier policy refuses, with their reasons."""
    from .data.build import refused

    return refused()


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
    if out is None:
        return render(b, fmt, None)
    outputs.prepare(out)
    # chart images go beside a file, never beside a device such as /dev/full
    with outputs.mapped(out):
        text = render(b, fmt, out if outputs.is_regular_target(out) else None)
    outputs.write_text(out, text)
    return text


def write_output(path: Path, text: str) -> None:
    """Write a text output (e.g. `check --html`): the whole file, or a one-line error."""
    outputs.write_text(path, text)


def check_article(
    data: bytes,
    *,
    source: str = "<stdin>",
    article_date: date | None = None,
    url: str | None = None,
    db: Path | str | None = None,
) -> tuple[str, dict[str, Any]]:
    """Check an article's numeric claims; returns the article text as read and the result
    in the documented JSON shape (docs/claims.md). `url` is the article's page (an HTML
    page's canonical URL otherwise): figures the store quoted from it are not used."""
    from .claims import check_text, to_json_dict

    with reading(db) as store:
        report = check_text(store, data, source, article_date, url)
    return report.article.text, to_json_dict(report)


def check_articles(
    articles: Iterable[ArticleInput], db: Path | str | None = None
) -> Iterator[dict[str, Any]]:
    """Check many articles in one process (files, folders or JSON Lines: see
    `tradepulse.claims.batch`), yielding one result or error per article as it is done."""
    from .claims.batch import check_many

    with reading(db) as store:
        yield from check_many(store, articles)


EXPORT_FORMATS = ("csv", "parquet", "xlsx")


def export(
    fmt: str, out: Path, db: Path | str | None = None, query: SeriesQuery | None = None
) -> int:
    """Write the figures in force (with their release) to CSV, Parquet or Excel."""
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"--format {fmt!r} is not one of {', '.join(EXPORT_FORMATS)}")
    table = get_series(query or SeriesQuery(), db)

    def write(f: BinaryIO) -> None:
        if fmt == "parquet":
            import pyarrow.parquet as pq

            pq.write_table(table, f)
        elif fmt == "csv":
            import pyarrow.csv as pacsv

            pacsv.write_csv(table, f)
        else:
            from openpyxl import Workbook

            wb = Workbook(write_only=True)
            ws = wb.create_sheet("observations")
            ws.append(table.column_names)
            for row in table.to_pylist():
                ws.append([v.isoformat() if isinstance(v, date) else v for v in row.values()])
            buffer = io.BytesIO()  # a failed write must not leave openpyxl's zip half open
            wb.save(buffer)
            f.write(buffer.getvalue())

    outputs.write_with(out, write)
    return table.num_rows
