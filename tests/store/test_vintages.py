"""The store keeps every release: re-ingest is a no-op, a revision adds a vintage."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from tradepulse import api
from tradepulse.errors import ParseError, StoreError
from tradepulse.store.db import Store
from tradepulse.store.migrations import MIGRATIONS
from tradepulse.store.queries import SeriesQuery, series

PAGE = "gacc/s4_partner_2026-03_cny.html"
EU_EXPORT_MARCH = SeriesQuery(
    partner="EU", flow="export", period="2026-03", kind="month", measure="value"
)


def _value(db: Path, query: SeriesQuery = EU_EXPORT_MARCH) -> float:
    with Store.reader(db) as store:
        rows = series(store, query).to_pylist()
    assert len(rows) == 1
    return float(rows[0]["value"])


def _revised_copy(fixtures: Path, tmp_path: Path, published: str) -> Path:
    text = (fixtures / PAGE).read_text(encoding="utf-8")
    # EU exports revised up by 1.2, and the EU total with them (plausibility: they add up)
    text = text.replace("3,248.9", "3,250.1").replace("4,873.2", "4,874.4")
    text = text.replace("2026/04/08", published)
    path = tmp_path / "revised.html"
    path.write_text(text, encoding="utf-8")
    return path


def test_ingest_then_reingest_is_a_no_op(db_path: Path, fixtures: Path) -> None:
    first = api.ingest([fixtures / PAGE], db_path)
    assert (first.added, first.inserted, first.new_vintage) == (1, 108, 0)
    with Store.reader(db_path) as store:
        before = store.fingerprint()
    again = api.ingest([fixtures / PAGE], db_path)
    assert (again.added, again.inserted, again.new_vintage, again.unchanged) == (0, 0, 0, 108)
    with Store.reader(db_path) as store:
        assert store.fingerprint() == before
    assert _value(db_path) == pytest.approx(3248.9e8)


def test_revision_adds_a_vintage_and_as_of_reads_the_old_one(
    db_path: Path, fixtures: Path, tmp_path: Path
) -> None:
    api.ingest([fixtures / PAGE], db_path)
    report = api.ingest([_revised_copy(fixtures, tmp_path, "2026/05/20")], db_path)
    assert (report.added, report.new_vintage, report.unchanged) == (1, 2, 106)
    assert _value(db_path) == pytest.approx(3250.1e8)
    as_of = SeriesQuery(**{**EU_EXPORT_MARCH.__dict__, "as_of": date(2026, 4, 30)})
    assert _value(db_path, as_of) == pytest.approx(3248.9e8)
    before_any = SeriesQuery(**{**EU_EXPORT_MARCH.__dict__, "as_of": date(2026, 4, 1)})
    with Store.reader(db_path) as store:
        assert series(store, before_any).num_rows == 0
        rows = store.con.execute(
            "SELECT status, count(*) FROM releases GROUP BY status ORDER BY status"
        ).fetchall()
        assert rows == [("preliminary", 1), ("revised", 1)]
        kept = store.con.execute(
            "SELECT count(*) FROM observations WHERE partner = 'EU' AND flow = 'export' "
            "AND period = '2026-03' AND period_kind = 'month' AND measure = 'value'"
        ).fetchone()
        assert kept == (2,)  # nothing overwritten


def test_failed_ingest_leaves_store_exactly_as_it_was(
    db_path: Path, fixtures: Path, tmp_path: Path
) -> None:
    api.ingest([fixtures / PAGE], db_path)
    with Store.reader(db_path) as store:
        before = store.fingerprint()
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(fixtures / "gacc/s5_exports_2019-05_cny.html", folder / "a_good.html")
    (folder / "b_broken.html").write_text(
        (fixtures / PAGE).read_text().replace("Unit: CNY 100 Million", "")
    )
    with pytest.raises(ParseError, match=r"b_broken\.html"):
        api.ingest([folder], db_path)
    with Store.reader(db_path) as store:
        assert store.fingerprint() == before


def test_write_failure_mid_batch_rolls_back(db_path: Path, fixtures: Path) -> None:
    from tradepulse.sources.registry import read_path

    good = read_path(fixtures / PAGE)
    bad = read_path(fixtures / "gacc/s5_exports_2019-05_cny.html")
    bad[0].observations[3]["flow"] = "re-export"  # violates the schema's CHECK
    with Store.writer(db_path) as store:
        before = store.fingerprint()
        with pytest.raises(StoreError, match=r"rolled back.*(CHECK|Constraint)"):
            store.ingest([*good, *bad])
        assert store.fingerprint() == before


def test_migrations_are_named_ordered_and_recorded(db_path: Path) -> None:
    names = [name for name, _ in MIGRATIONS]
    assert names == sorted(names) and len(set(names)) == len(names)
    with Store.writer(db_path) as store:
        assert store.applied_migrations() == names
        assert store.migrate() == []  # idempotent


def test_reader_is_read_only(db_path: Path, fixtures: Path) -> None:
    api.ingest([fixtures / PAGE], db_path)
    with Store.reader(db_path) as store, pytest.raises(Exception, match=r"read-only|read only"):
        store.con.execute("DELETE FROM observations")


def test_reader_on_missing_db_says_what_to_do(tmp_path: Path) -> None:
    with (
        pytest.raises(StoreError, match="tradepulse ingest"),
        Store.reader(tmp_path / "none.duckdb"),
    ):
        pass


def test_official_table_wins_over_news_quote(db_path: Path, fixtures: Path, tmp_path: Path) -> None:
    records = tmp_path / "quotes.csv"
    records.write_text(
        "period,period_kind,flow,partner,breakdown,currency,measure,value,unit,approx,"
        "source_url,outlet,published,note\n"
        "2026-03,month,export,EU,,CNY,value,325,billion yuan,,https://example.org/a,"
        "Example News,2026-05-01,\n"
    )
    api.ingest([fixtures / PAGE, records], db_path)
    assert _value(db_path) == pytest.approx(3248.9e8)
    with Store.reader(db_path) as store:
        n = store.con.execute(
            "SELECT count(*) FROM vintages(NULL) WHERE partner = 'EU' AND "
            "flow = 'export' AND period_kind = 'month' AND "
            "measure = 'value'"
        ).fetchone()
    assert n == (2,)  # both stay visible


def test_a_later_republication_of_older_figures_is_a_new_vintage(
    db_path: Path, fixtures: Path, tmp_path: Path
) -> None:
    api.ingest([fixtures / PAGE], db_path)  # 8 April: 3,248.9
    api.ingest([_revised_copy(fixtures, tmp_path, "2026/05/20")], db_path)  # 20 May: 3,250.1
    restored = tmp_path / "restored.html"
    restored.write_text((fixtures / PAGE).read_text().replace("2026/04/08", "2026/06/30"))
    report = api.ingest([restored], db_path)  # 30 June: the April figures again
    # EU exports and the EU total return to their April figures
    assert (report.added, report.new_vintage, report.unchanged) == (1, 2, 106)
    assert _value(db_path) == pytest.approx(3248.9e8)
    june = SeriesQuery(**{**EU_EXPORT_MARCH.__dict__, "as_of": date(2026, 6, 1)})
    assert _value(db_path, june) == pytest.approx(3250.1e8)
    with Store.reader(db_path) as store:
        before = store.fingerprint()
        assert before[0] == 3
    for page in (restored, fixtures / PAGE):  # identical input, same date: nothing changes
        again = api.ingest([page], db_path)
        assert (again.added, again.inserted, again.new_vintage) == (0, 0, 0)
    with Store.reader(db_path) as store:
        assert store.fingerprint() == before


def test_the_same_release_twice_in_one_batch_is_stored_once(
    db_path: Path, fixtures: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.html"
    shutil.copy(fixtures / PAGE, copy)
    report = api.ingest([fixtures / PAGE, copy], db_path)
    assert [r.status for r in report.releases] == ["added", "unchanged"]
    with Store.reader(db_path) as store:
        assert store.fingerprint()[:2] == (1, 108)
