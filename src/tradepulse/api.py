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
from .sources.registry import read_all
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


def ingest(paths: Iterable[Path | str], db: Path | str | None = None) -> IngestReport:
    """Read every input first, then store them all in one transaction."""
    result = read_all(Path(p) for p in paths)
    with Store.writer(resolve_db(db)) as store:
        report = store.ingest(result.releases)
    report.no_data = result.no_data
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
    write_table(table, fmt, out)
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
    """Write an Arrow table as CSV, Parquet or Excel to a path or binary file object."""
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
        wb.save(sink)


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
