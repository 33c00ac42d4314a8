"""MOFCOM's republication of GACC's totals and the regional workbook, on recorded inputs."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tradepulse.errors import ParseError
from tradepulse.sources.mofcom import TOTALMONTH_URL
from tradepulse.sources.region_workbook import labels_swapped, parse_workbook
from tradepulse.sources.registry import read_path
from tradepulse.store.db import Store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MOFCOM = FIXTURES / "mofcom"
WORKBOOK = FIXTURES / "workbooks" / "customs-summary-by-region-2024-2025.xlsx"


def figures(releases: list, **key: str) -> dict[tuple[str, str, str, str], float]:
    out = {}
    for r in releases:
        for o in r.observations:
            if all(o[k] == v for k, v in key.items()):
                out[(o["flow"], o["period"], o["period_kind"], o["measure"])] = o["value"]
    return out


def test_the_recorded_answer_is_the_servers_byte_for_byte() -> None:
    data = (MOFCOM / "totalmonth-2026-09-26.json").read_bytes()
    assert hashlib.sha256(data).hexdigest().startswith("2df0c6a4f4b2d24a")
    for name, digest in (("reprint-16721.json", "11f7ea21"), ("reprint-16771.json", "470069dd")):
        assert hashlib.sha256((MOFCOM / name).read_bytes()).hexdigest().startswith(digest)


def test_mofcom_data_centre_months_cite_gacc_as_tier_two() -> None:
    releases = read_path(MOFCOM / "totalmonth-2026-09-26.json")
    assert len(releases) == 68  # 2021-01 to 2026-08, one release a month
    periods = sorted(r.observations[0]["period"] for r in releases)
    assert periods[0] == "2021-01" and periods[-1] == "2026-08"
    meta = releases[0].meta
    assert (meta.publisher, meta.cites, meta.tier) == (
        "MOFCOM data centre (republishing GACC)",
        "GACC",
        2,
    )
    assert meta.source == TOTALMONTH_URL and meta.published is not None
    got = figures(releases)
    # 2021: USD 6,051.489 billion (the official $6.05 trillion)
    assert got[("total", "2021-12", "ytd", "value")] == pytest.approx(60514.89e8)
    # the published balance is its own series; January and February apart
    assert got[("balance", "2026-08", "month", "value")] == pytest.approx(1190.85e8)
    assert got[("export", "2026-02", "month", "value")] == pytest.approx(2998.78e8)
    assert got[("export", "2024-11", "month", "yoy_pct_published")] == pytest.approx(6.6)
    # every month: total = exports + imports, balance = exports - imports (to the cent)
    for (flow, period, kind, measure), value in got.items():
        if flow == "total" and kind == "month" and measure == "value":
            e = got[("export", period, kind, measure)]
            i = got[("import", period, kind, measure)]
            assert abs(value - (e + i)) <= 0.015e8, period
            assert abs(got[("balance", period, kind, measure)] - (e - i)) <= 0.015e8, period


def test_mofcom_reprints_are_gacc_tables_republished() -> None:
    (feb,) = read_path(MOFCOM / "reprint-16721.json")
    assert feb.meta.publisher == "GACC" and feb.meta.tier == 2
    assert feb.meta.source == "https://fdi.mofcom.gov.cn/come-datatongji-con.html?id=16721"
    got = figures([feb])
    assert got[("total", "2026-02", "ytd", "value")] == pytest.approx(77320.9e8)
    assert got[("balance", "2026-02", "month", "value")] == pytest.approx(6375.5e8)
    assert got[("import", "2026-02", "ytd", "yoy_pct_published")] == pytest.approx(17.1)
    assert not any(m == "mom" for *_, m in got)  # month-on-month columns are not kept


def test_a_mofcom_answer_whose_totals_do_not_add_up_is_refused(tmp_path: Path) -> None:
    data = (MOFCOM / "totalmonth-2026-09-26.json").read_bytes()
    bad = tmp_path / "answer.json"
    bad.write_bytes(data.replace(b'"total_value":6837.97', b'"total_value":6937.97'))
    with pytest.raises(ParseError, match="is not exports"):
        read_path(bad)


def test_workbook_labels_are_swapped_and_corrected() -> None:
    releases = read_path(WORKBOOK)
    national = figures(releases, breakdown_kind="")
    # GACC: 2024 exports 25.45 trillion yuan, imports 18.39, total 43.85
    assert national[("export", "2024-12", "ytd", "value")] == pytest.approx(25.45e12, rel=1e-3)
    assert national[("import", "2024-12", "ytd", "value")] == pytest.approx(18.39e12, rel=1e-3)
    assert national[("total", "2024-12", "ytd", "value")] == pytest.approx(43.85e12, rel=1e-3)
    # May 2025: 3.81 / 2.28 / 1.53 trillion yuan
    assert national[("export", "2025-05", "month", "value")] == pytest.approx(2.28e12, rel=2e-3)
    # exports above imports in every month of 2024: the surplus GACC published
    for m in range(1, 13):
        p = f"2024-{m:02d}"
        assert national[("export", p, "month", "value")] > national[("import", p, "month", "value")]
    # the compiler's own YoY columns are not taken as published
    assert not any(k[3] != "value" for k in national)
    assert {r.meta.publisher for r in releases} == {"GACC"}
    assert not any("github" in r.meta.source.lower() for r in releases)


def test_workbook_provinces_stored_cities_left_out() -> None:
    releases = read_path(WORKBOOK)
    codes = {o["breakdown_code"] for r in releases for o in r.observations}
    assert codes == {"", "beijing", "shanghai", "zhejiang"}
    assert any("cities left out" in w for r in releases for w in r.warnings)
    beijing = figures(releases, breakdown_code="beijing")
    # Beijing runs a deficit: with the labels corrected, its imports exceed its exports
    assert (
        beijing[("import", "2024-12", "ytd", "value")]
        > beijing[("export", "2024-12", "ytd", "value")]
    )


def test_a_workbook_whose_months_disagree_is_refused() -> None:
    header = ("时间", "进出口_当月", "x", "进出口_年初至今", "x", "进口_当月", "x", "进口_年初至今",
              "x", "出口_当月", "x", "出口_年初至今", "x")  # fmt: skip
    rows = [header, ("2024-01", 3, None, 3, None, 2, None, 2, None, 1, None, 1, None),
            ("2024-02", 3, None, 6, None, 1, None, 3, None, 2, None, 3, None)]  # fmt: skip
    with pytest.raises(ParseError, match="cannot tell exports from imports"):
        labels_swapped(rows, "w.xlsx")
    assert labels_swapped(rows[:2], "w.xlsx") is True


def test_workbook_and_mofcom_files_store_in_one_ingest() -> None:
    releases = read_path(WORKBOOK) + read_path(MOFCOM / "totalmonth-2026-09-26.json")
    with Store.memory() as store:
        report = store.ingest(releases)
        n = store.con.execute("SELECT count(*) FROM observations WHERE flow = 'balance'").fetchall()
    assert report.added == len(releases) and n[0][0] == 68


def test_parse_workbook_refuses_a_file_without_a_national_sheet(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "北京市"  # type: ignore[union-attr]
    path = tmp_path / "w.xlsx"
    book.save(path)
    with pytest.raises(ParseError, match="national"):
        parse_workbook(path.read_bytes(), str(path))
