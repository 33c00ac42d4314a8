"""The source-tier policy: who wrote a figure, its tier, and what is refused; the figure in
force by tier, corroboration and kind."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tradepulse import api
from tradepulse.sources import tiers
from tradepulse.store.db import Store


@pytest.mark.parametrize(
    ("outlet", "identity", "kind", "tier"),
    [
        ("Reuters (via Financial Post)", "Reuters", "wire", 3),
        ("eLive Brescia (Xinhua)", "Xinhua", "state_agency", 3),
        ("CGTN Japanese (AFPBB)", "CGTN", "state_agency", 3),
        ("People's Daily (Japanese; via kantsuu)", "People's Daily", "state_agency", 3),
        ("Al Bawaba (citing Reuters)", "Reuters", "wire", 4),  # retold, not reprinted
        ("SCIO", "SCIO", "official", 2),
        ("MOFCOM", "MOFCOM", "official", 2),
        ("Global Times via Asian Lite", "Global Times", "outlet", 4),
        ("ECNS", "China News Service", "state_agency", 3),
    ],
)
def test_identity_kind_and_tier(outlet: str, identity: str, kind: str, tier: int) -> None:
    s = tiers.classify(outlet, "https://example.org/x")
    assert (s.identity, s.kind, s.tier, s.excluded) == (identity, kind, tier, None)


@pytest.mark.parametrize(
    ("outlet", "url", "note", "reason"),
    [
        ("AllMind AI (aggregator)", "https://allmind.ai/news/1", "", "AI-written site"),
        ("Trading Economics", "https://tradingeconomics.com/x", "", "aggregator"),
        ("jqknews", "https://www.jqknews.com/x", "", "machine-translated copy"),
        ("blog (qdeastop)", "https://www.qdeastop.com/x", "", "blog"),
        ("SCMP", "https://defence.pk/x", "SCMP text reposted on forum", "forum post"),
        ("unknown (mirror)", "https://x.example/y", "", "page does not name its outlet"),
    ],
)
def test_refused_sources(outlet: str, url: str, note: str, reason: str) -> None:
    assert tiers.classify(outlet, url, note).excluded == reason


def test_an_agency_is_tier_3_only_on_release_day() -> None:
    xinhua = tiers.classify("Xinhua")
    assert tiers.news_tier(xinhua, date(2024, 4, 12), "2024-03") == 3
    assert tiers.news_tier(xinhua, date(2024, 9, 1), "2024-03") == 4  # a later retelling
    assert tiers.news_tier(xinhua, None, "2024-03") == 4  # the day cannot be shown


HEADER = (
    "period,period_kind,flow,partner,breakdown,currency,measure,value,unit,approx,"
    "source_url,outlet,published,note\n"
)


def _ingest(tmp_path: Path, db: Path, rows: list[tuple[str, str, str]]) -> None:
    """rows: (value, outlet, url) for China's April 2022 import growth in dollars."""
    lines = [
        f"2022-04,month,import,WLD,,USD,yoy_pct,{v},%,,{url},{outlet},2022-05-09,"
        for v, outlet, url in rows
    ]
    path = tmp_path / "records.csv"
    path.write_text(HEADER + "\n".join(lines) + "\n")
    api.ingest([path], db)


def _in_force(db: Path) -> list[dict[str, object]]:
    with Store.reader(db) as store:
        return store.con.execute(
            "SELECT value, tier, corroboration, source_identity, standing FROM vintages(NULL) "
            "ORDER BY standing, value"
        ).fetchall()


def test_a_lone_outlet_is_reported_never_in_force(tmp_path: Path, db_path: Path) -> None:
    _ingest(tmp_path, db_path, [("0.7", "Some Daily", "https://a.example/1")])
    assert _in_force(db_path) == [(0.7, 4, 1, "Some Daily", "reported")]


def test_two_independent_outlets_put_a_figure_in_force(tmp_path: Path, db_path: Path) -> None:
    _ingest(
        tmp_path,
        db_path,
        [
            ("0.7", "Some Daily", "https://a.example/1"),
            ("0.7", "Other Times", "https://b.example/2"),
            # a wire reprinted twice is one source: it corroborates nothing by itself
            ("1.5", "Reuters (via Site A)", "https://c.example/3"),
            ("1.5", "Reuters (via Site B)", "https://d.example/4"),
        ],
    )
    rows = _in_force(db_path)
    assert (1.5, 3, 1, "Reuters", "in_force") in rows  # tier 3 beats tier 4
    assert (0.7, 4, 2, "Some Daily", "superseded") in rows or (
        0.7,
        4,
        2,
        "Other Times",
        "superseded",
    ) in rows


def test_agreement_then_state_agency_decide_within_a_tier(tmp_path: Path, db_path: Path) -> None:
    _ingest(
        tmp_path,
        db_path,
        [
            ("0.7", "AP", "https://a.example/1"),
            ("0.0", "Bloomberg", "https://b.example/2"),
            ("0.0", "Xinhua", "https://c.example/3"),
        ],
    )
    with Store.reader(db_path) as store:
        (row,) = store.con.execute(
            "SELECT value, source_identity, corroboration FROM latest(NULL)"
        ).fetchall()
        assert row == (0.0, "Xinhua", 2)  # two sources agree; the state agency first
        from tradepulse.validate import validate

        (conflict,) = validate(store, checks=["tier_conflict"])
    assert "0.7" in conflict.message and "2 source(s) agree" in conflict.message


def test_refused_pages_are_not_stored(tmp_path: Path, db_path: Path) -> None:
    _ingest(tmp_path, db_path, [("0.7", "AllMind AI (aggregator)", "https://allmind.ai/n/1")])
    with Store.reader(db_path) as store:
        assert store.con.execute("SELECT count(*) FROM releases").fetchall() == [(0,)]


def test_an_agency_page_keeps_earlier_months_apart_as_retold(tmp_path: Path) -> None:
    from tradepulse.sources.news_records import NewsRecordsReader

    rows = [
        "2025-12,month,export,WLD,,USD,yoy_pct,6.6,%,,https://a.example/1,AP,2026-01-14,",
        "2025-11,month,export,WLD,,USD,yoy_pct,5.9,%,,https://a.example/1,AP,2026-01-14,",
    ]
    path = tmp_path / "records.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n")
    got = NewsRecordsReader().read(path, path.read_bytes())
    by_tier = {r.meta.tier: [o["period"] for o in r.observations] for r in got}
    assert by_tier == {3: ["2025-12"], 4: ["2025-11"]}
    assert {r.meta.source_identity for r in got} == {"AP"}  # one source, not two


def test_a_store_from_before_tiers_is_migrated_and_backfilled(tmp_path: Path) -> None:
    import duckdb

    from tradepulse.store.migrations import MIGRATIONS

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP)")
    for name, sql in MIGRATIONS[:2]:
        con.execute(sql)
        con.execute("INSERT INTO schema_migrations (name) VALUES (?)", [name])
    con.execute(
        "INSERT INTO releases (publisher, table_id, title, source, published, status, "
        "content_hash, source_format, authority) VALUES "
        "('GACC', 't1', 'table', 'u1', '2024-04-12', 'preliminary', 'h1', 'gacc-text', 0), "
        "('Some Daily', 't2', 'quote', 'u2', '2024-04-12', 'preliminary', 'h2', 'news', 2)"
    )
    con.execute(
        "INSERT INTO observations SELECT release_id, 'CHN', 'export', 'WLD', '', '', '', '', "
        "'2024-03', 'month', 'USD', 'value', 'dollar', 2.8e11, 1e8, '1', 1 FROM releases"
    )
    con.close()
    with Store.writer(path) as store:
        rows = store.con.execute(
            "SELECT publisher, tier, source_identity, source_kind FROM releases ORDER BY 1"
        ).fetchall()
        assert rows == [("GACC", 1, "GACC", "publisher"), ("Some Daily", 4, "Some Daily", "outlet")]
        (in_force,) = store.con.execute(
            "SELECT publisher, corroboration FROM latest(NULL)"
        ).fetchall()
        assert in_force == ("GACC", 2)  # the outlet agrees with the table
        assert store.con.execute("SELECT count(*) FROM observations").fetchall() == [(2,)]
