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
from .data.build import Progress, package_version, read_embedded
from .errors import StoreError, UsageError
from .sources.base import ParsedRelease
from .sources.registry import read_all
from .store import plausibility
from .store.db import IngestReport, Store, default_db_path
from .store.queries import SeriesQuery, releases, series
from .validate import Violation, validate

if TYPE_CHECKING:
    from .claims.batch import ArticleInput

Notify = Callable[[str], None]


def resolve_db(db: Path | str | None) -> Path:
    return Path(db) if db is not None else default_db_path()


EMBEDDED_VERSION = "embedded_version"  # data.build.load_embedded writes it too


def _stored_version(store: Store, current: str) -> str | None:
    """The version of the embedded dataset a store holds; a store made by a user's own
    ingest holds none and counts as current (it is left so)."""
    return store.meta(EMBEDDED_VERSION) if store.has_embedded() else current


def ensure_data(
    db: Path | str | None = None, progress: Progress | None = None, notify: Notify | None = None
) -> bool:
    """Load the embedded dataset when the store is empty (first run), or reload it when the
    store holds another version of it (tradepulse was upgraded). True if (re)loaded.

    Looks through a read-only connection first; opens the store for writing only to create
    it, load or reload it or upgrade its schema, never because another process holds it (a
    reader waits for that instead). A reload keeps the user's own releases.
    """
    path = resolve_db(db)
    version = package_version()
    pending: list[str] = []
    stored: str | None = None
    if path.exists():
        with Store.reader(path, require_migrated=False) as store:
            pending = store.pending_migrations()
            empty = store.is_empty()
            stored = _stored_version(store, version)
        if not pending and not empty and stored == version:
            return False
    else:
        empty = True
    releases = None
    if empty or stored != version:
        if notify:
            notify(
                f"First run: loading the embedded official dataset into {path}"
                if empty
                else f"The embedded dataset changed since {path} was loaded: reloading it "
                "(your own releases are kept)"
            )
        releases, _ = read_embedded(progress=progress)  # parsed before taking the store
    with Store.writer(path) as store:
        if pending and notify:
            notify(f"Upgraded the store's schema at {path}: {', '.join(pending)}")
        if releases is None or store.meta(EMBEDDED_VERSION) == version:
            return False
        if store.is_empty():
            store.ingest(releases, embedded=True)
        else:
            store.replace_embedded(releases)
        store.set_meta(EMBEDDED_VERSION, version)
    return True


@contextmanager
def reading(
    db: Path | str | None = None,
    *,
    autoload: bool = True,
    progress: Progress | None = None,
    notify: Notify | None = None,
) -> Iterator[Store]:
    """A read-only store, loading the embedded data first if the store is empty or holds
    an older version of it."""
    path = resolve_db(db)
    if autoload:
        # one connection when the store holds data (the usual case): opening one costs
        # more than a small check, so the writer is reached only for an empty store
        with contextlib.ExitStack() as stack:
            try:
                store = stack.enter_context(Store.reader(path))
                # an empty store, or one holding another version of the embedded data
                # (tradepulse was upgraded), is (re)loaded first, as by every other command
                current = package_version()
                ready = not store.is_empty() and _stored_version(store, current) == current
            except StoreError:
                ready = False
            if ready:
                yield store
                return
        ensure_data(db, progress=progress, notify=notify)
    with Store.reader(path) as store:
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


def ingest_releases(
    store: Store, releases: list[ParsedRelease], *, accept_outliers: bool = False
) -> IngestReport:
    """The door every parsed release goes through: plausibility, then the store's writer."""
    accepted = plausibility.check(releases, store, accept_outliers=accept_outliers)
    report = store.ingest(releases)
    report.warnings.extend(f"outlier accepted: {f.describe()}" for f in accepted)
    return report


def reload_data(db: Path | str | None = None, progress: Progress | None = None) -> IngestReport:
    """Replace the embedded dataset in one transaction (a crash leaves the old one whole);
    the package is parsed before the store is opened, so the writer holds it briefly."""
    releases, _ = read_embedded(progress=progress)
    with Store.writer(resolve_db(db)) as store:
        report = store.replace_embedded(releases)
        store.set_meta(EMBEDDED_VERSION, package_version())
        return report


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
        write_table(table, fmt, f)

    outputs.write_with(out, write)
    return table.num_rows


# --- for the web layer (the site and its JSON API call these, as the CLI calls the above) --


def store_version(db: Path | str | None = None) -> str:
    """A token that changes whenever the store file does (its size and mtime): the key of
    the web layer's caches and ETags."""
    st = resolve_db(db).stat()
    return f"{st.st_mtime_ns:x}-{st.st_size:x}"


def vital_signs(
    db: Path | str | None = None, currency: str = "USD", as_of: date | None = None
) -> dict[str, Any]:
    """The latest month's total trade, exports, imports and balance (level, YoY,
    24-month sparkline, sources), and what the newest release added or revised."""
    from .model import Currency
    from .vitals import vital_signs as signs

    if currency not in {c.value for c in Currency}:
        raise UsageError(f"currency {currency!r} is not one of CNY, USD")
    with reading(db) as store:
        return signs(store, currency, as_of)


def bulletin_data(
    period: str | None = None,
    *,
    currency: str = "both",
    db: Path | str | None = None,
    as_of: date | None = None,
) -> dict[str, Any]:
    """The month's bulletin as data: sections of sentences whose numbers carry their
    results and sources, the charts as Vega-Lite specs, and the months available."""
    from .bulletin import make_bulletin
    from .bulletin.render import to_json_dict
    from .model import Period

    with reading(db) as store:
        b = make_bulletin(store, Period.parse(period) if period else None, currency, as_of)
        months = bulletin_months(store)
    data = to_json_dict(b)
    for section, sec in zip(b.sections, data["sections"], strict=True):
        for sentence, sent in zip(section.sentences, sec["sentences"], strict=True):
            sent["template"] = sentence.template  # "{}" marks each number, in order
    return {**data, "months": months}


def bulletin_months(store: Store) -> list[str]:
    """Months with headline figures, newest first (the bulletin's month picker)."""
    from .store.db import fetch_arrow

    rows = fetch_arrow(
        store.con,
        "SELECT DISTINCT period FROM latest(NULL) WHERE partner = 'WLD' AND "
        "breakdown_kind = '' AND measure IN ('value', 'yoy_pct_published') "
        "ORDER BY period DESC",
    )
    return [str(p) for p in rows.column("period").to_pylist()]


def series_choices(db: Path | str | None = None) -> dict[str, Any]:
    """What the series explorer can offer: partners and groups, and each breakdown's codes
    with their labels, as stored."""
    from .store.db import fetch_arrow

    with reading(db) as store:
        partners = fetch_arrow(
            store.con,
            "SELECT partner, count(*) AS n FROM latest(NULL) GROUP BY partner "
            "ORDER BY partner = 'WLD' DESC, partner",
        ).to_pylist()
        codes = fetch_arrow(
            store.con,
            "SELECT breakdown_kind AS kind, breakdown_code AS code, "
            "any_value(breakdown_label) AS label FROM latest(NULL) "
            "WHERE breakdown_kind <> '' GROUP BY ALL ORDER BY kind, label",
        ).to_pylist()
    breakdowns: dict[str, list[dict[str, str]]] = {}
    for c in codes:
        breakdowns.setdefault(c["kind"], []).append({"code": c["code"], "label": c["label"]})
    return {"partners": [p["partner"] for p in partners], "breakdowns": breakdowns}


def coverage_rows(db: Path | str | None = None) -> list[dict[str, Any]]:
    """Months present and missing for each series (as `tradepulse data coverage`)."""
    from .data.coverage import coverage

    with reading(db) as store:
        return [r.as_dict() for r in coverage(store)]


def write_table(table: pa.Table, fmt: str, sink: Any) -> None:
    """Write an Arrow table as CSV, Parquet or Excel to a binary file object (or a path:
    never a device path, since pyarrow removes the target of a failed write)."""
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"format {fmt!r} is not one of {', '.join(EXPORT_FORMATS)}")
    if fmt == "parquet":
        import pyarrow.parquet as pq

        pq.write_table(table, sink)
    elif fmt == "csv":
        import pyarrow.csv as pacsv

        pacsv.write_csv(table, sink)
    else:
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("observations")
        ws.append(table.column_names)
        for row in table.to_pylist():
            ws.append([v.isoformat() if isinstance(v, date) else v for v in row.values()])
        buffer = io.BytesIO()  # a failed write must not leave openpyxl's zip half open
        wb.save(buffer)
        if isinstance(sink, str | Path):
            Path(sink).write_bytes(buffer.getvalue())
        else:
            sink.write(buffer.getvalue())


def release_figures(release_id: int, db: Path | str | None = None) -> dict[str, Any]:
    """One release with its provenance and every figure it gave, each marked whether it
    is the figure in force today (a later or more authoritative release may prevail)."""
    from .errors import DataNotFound
    from .store.db import fetch_arrow
    from .vitals import release_rows

    with reading(db) as store:
        release = release_rows(store, [release_id]).get(release_id)
        if release is None:
            raise DataNotFound(f"no release {release_id} in the store")
        figures = fetch_arrow(
            store.con,
            """WITH f AS (SELECT * FROM latest(NULL) WHERE release_id = $id)
               SELECT o.flow, o.partner, o.breakdown_kind, o.breakdown_code,
                      o.breakdown_label, o.period, o.period_kind, o.currency, o.measure,
                      o.unit, o.value, o.source_row, o.source_col,
                      f.release_id IS NOT NULL AS in_force
               FROM observations o LEFT JOIN f
                 ON f.flow = o.flow AND f.partner = o.partner
                AND f.breakdown_kind = o.breakdown_kind AND f.breakdown_code = o.breakdown_code
                AND f.breakdown_scheme = o.breakdown_scheme AND f.period = o.period
                AND f.period_kind = o.period_kind AND f.currency = o.currency
                AND f.measure = o.measure AND f.reporter = o.reporter
               WHERE o.release_id = $id
               ORDER BY o.period, o.period_kind, o.partner, o.breakdown_kind,
                        o.breakdown_code, o.flow, o.currency, o.measure""",
            {"id": release_id},
        ).to_pylist()
    return {**release, "figures": figures}
