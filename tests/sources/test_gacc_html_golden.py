"""Golden tests: every figure of every fixture page, typed from the page as printed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tradepulse.sources.gacc_html import GaccHtmlReader
from tradepulse.sources.registry import read_path

T, E, M = "total", "export", "import"
V, Q, Y, QY = "value", "quantity", "yoy_pct_published", "quantity_yoy_pct_published"


def _num(text: str) -> float:
    return float(text.replace(",", ""))


def check_golden(
    path: Path,
    *,
    currency: str,
    scale: float,
    columns: list[tuple[Any, ...]],
    rows: dict[str, list[str]],
    partners: dict[str, str] | None = None,
    qty_units: dict[str, tuple[float, str] | None] | None = None,
    published: str | None = None,
) -> None:
    (release,) = read_path(path)
    obs = release.observations
    if published:
        assert release.meta.published is not None
        assert release.meta.published.isoformat() == published
    by_cell = {(o["source_row"], o["source_col"]): o for o in obs}
    assert len(by_cell) == len(obs), "one observation per cell"
    expected_count = 0
    first = 3 if qty_units is not None else 2  # 1-based column of the first figure
    for label, printed in rows.items():
        assert len(printed) == len(columns), label
        pairs = zip(printed, columns, strict=True)
        for k, (text, (flow, period, kind, measure)) in enumerate(pairs):
            cell = by_cell.get((label, first + k))
            if text in ("-", "—"):
                assert cell is None, (label, k)
                continue
            if measure == Q and qty_units is not None and qty_units[label] is None:
                assert cell is None, (label, k)  # no published unit: not stated
                continue
            expected_count += 1
            assert cell is not None, (label, k, text)
            assert cell["currency"] == currency
            assert (cell["flow"], cell["period"], cell["period_kind"], cell["measure"]) == (
                flow,
                period,
                kind,
                measure,
            ), (label, k)
            if partners is not None:
                assert cell["partner"] == partners[label]
            if measure == V:
                assert cell["value"] == pytest.approx(_num(text) * scale)
                assert cell["unit"] == ("yuan" if currency == "CNY" else "dollar")
            elif measure == Q:
                assert qty_units is not None
                unit = qty_units[label]
                assert unit is not None
                assert cell["value"] == pytest.approx(_num(text) * unit[0])
                assert cell["unit"] == unit[1]
            else:
                assert cell["value"] == pytest.approx(_num(text))
                assert cell["unit"] == "percent"
    assert len(obs) == expected_count


def test_partner_table_month_and_cumulative(fixtures: Path) -> None:
    m, c = ("2026-03", "month"), ("2026-03", "ytd")
    check_golden(
        fixtures / "gacc/s4_partner_2026-03_cny.html",
        currency="CNY",
        scale=1e8,
        published="2026-04-08",
        columns=[
            (T, *m, V),
            (T, *c, V),
            (E, *m, V),
            (E, *c, V),
            (M, *m, V),
            (M, *c, V),
            (T, *c, Y),
            (E, *c, Y),
            (M, *c, Y),
        ],
        rows={
            "Total": [
                "41,046.4",
                "118,380.0",
                "22,297.0",
                "68,466.7",
                "18,749.4",
                "49,913.3",
                "15.0",
                "11.9",
                "19.6",
            ],
            "European Union": [
                "4,873.2",
                "14,862.2",
                "3,248.9",
                "10,344.0",
                "1,624.3",
                "4,518.2",
                "14.6",
                "18.0",
                "7.6",
            ],
            "of which: Germany": [
                "1,243.6",
                "3,752.6",
                "711.8",
                "2,240.9",
                "531.7",
                "1,511.7",
                "12.7",
                "21.2",
                "2.1",
            ],
            "Netherlands": [
                "655.4",
                "1,926.2",
                "531.2",
                "1,634.3",
                "124.3",
                "291.9",
                "9.8",
                "12.1",
                "-1.7",
            ],
            "United States (US)": [
                "2,921.1",
                "9,016.7",
                "2,045.0",
                "6,777.6",
                "876.1",
                "2,239.0",
                "-18.7",
                "-18.3",
                "-19.7",
            ],
            "ASEAN": [
                "7,240.5",
                "19,666.6",
                "4,377.0",
                "12,300.2",
                "2,863.5",
                "7,366.4",
                "15.4",
                "17.5",
                "12.1",
            ],
            "of which: Vietnam": [
                "2,003.0",
                "5,374.3",
                "1,372.5",
                "3,569.5",
                "630.4",
                "1,804.8",
                "18.3",
                "17.9",
                "19.0",
            ],
            "Japan": [
                "2,269.8",
                "5,962.7",
                "998.7",
                "2,837.0",
                "1,271.2",
                "3,125.7",
                "14.9",
                "4.2",
                "26.8",
            ],
            "Hong Kong, China": [
                "3,168.0",
                "7,944.7",
                "2,730.9",
                "6,922.9",
                "437.1",
                "1,021.8",
                "49.5",
                "36.4",
                "323.2",
            ],
            "Taiwan, China": [
                "2,272.5",
                "5,968.8",
                "630.5",
                "1,648.0",
                "1,642.0",
                "4,320.8",
                "17.9",
                "27.8",
                "14.5",
            ],
            "Regional Comprehensive Economic Partnership": [
                "13,917.3",
                "37,301.1",
                "6,926.3",
                "19,550.9",
                "6,991.0",
                "17,750.3",
                "20.2",
                "16.0",
                "25.0",
            ],
            "Jointly build the countries along Belt and Road Routes": [
                "20,309.0",
                "60,551.7",
                "10,981.6",
                "34,658.6",
                "9,327.3",
                "25,893.1",
                "14.2",
                "15.1",
                "13.2",
            ],
        },
        partners={
            "Total": "WLD",
            "European Union": "EU",
            "of which: Germany": "DEU",
            "Netherlands": "NLD",
            "United States (US)": "USA",
            "ASEAN": "ASEAN",
            "of which: Vietnam": "VNM",
            "Japan": "JPN",
            "Hong Kong, China": "HKG",
            "Taiwan, China": "TWN",
            "Regional Comprehensive Economic Partnership": "RCEP",
            "Jointly build the countries along Belt and Road Routes": "BRI",
        },
    )


def test_partner_table_january_february_combined(fixtures: Path) -> None:
    c = ("2025-02", "ytd")
    check_golden(
        fixtures / "gacc/s4_partner_2025-02_ytd_cny.html",
        currency="CNY",
        scale=1e8,
        published="2025-03-11",
        columns=[(T, *c, V), (E, *c, V), (M, *c, V), (T, *c, Y), (E, *c, Y), (M, *c, Y)],
        rows={
            "Total": ["65,363.6", "38,812.1", "26,551.5", "-1.2", "3.4", "-7.3"],
            "European Union": ["8,333.4", "5,682.6", "2,650.8", "-0.2", "1.8", "-4.3"],
            "United States (US)": ["7,336.7", "5,431.3", "1,905.4", "3.5", "3.4", "3.8"],
            "ASEAN": ["10,333.3", "6,266.8", "4,066.5", "4.0", "6.8", "-0.2"],
            "of which: Vietnam": ["2,709.6", "1,787.0", "922.7", "8.2", "15.7", "-3.7"],
            "Latin America": ["5,607.5", "3,043.3", "2,564.2", "-5.2", "4.4", "-14.5"],
            "Africa": ["3,266.7", "2,052.8", "1,213.9", "-3.3", "0.9", "-9.7"],
        },
        partners={
            "Total": "WLD",
            "European Union": "EU",
            "United States (US)": "USA",
            "ASEAN": "ASEAN",
            "of which: Vietnam": "VNM",
            "Latin America": "LATAM",
            "Africa": "AFRICA",
        },
    )


def test_exports_2019_layout_with_prior_year_columns(fixtures: Path) -> None:
    m, c, p = ("2019-05", "month"), ("2019-05", "ytd"), ("2018-05", "ytd")
    check_golden(
        fixtures / "gacc/s5_exports_2019-05_cny.html",
        currency="CNY",
        scale=1e8,
        published="2019-06-10",
        columns=[
            (E, *m, Q),
            (E, *m, V),
            (E, *c, Q),
            (E, *c, V),
            (E, *p, Q),
            (E, *p, V),
            (E, *c, QY),
            (E, *c, Y),
        ],
        rows={
            "Rare Earth": [
                "3,639.5",
                "2.4",
                "19,265.8",
                "12.6",
                "20,769.8",
                "13.3",
                "-7.2",
                "-5.1",
            ],
            "Textile Yarn, Fabrics Products": [
                "-",
                "781.6",
                "-",
                "3,276.8",
                "-",
                "3,052.6",
                "-",
                "7.3",
            ],
            "Steel Products": [
                "574.3",
                "331.7",
                "2,909.3",
                "1,589.3",
                "2,839.4",
                "1,574.0",
                "2.5",
                "1.0",
            ],
            "Ships": ["492", "111.8", "2,547", "554.2", "2,627", "708.9", "-3.0", "-21.8"],
            "*Electrical-Mechanical Products": [
                "-",
                "8,292.7",
                "-",
                "37,973.5",
                "-",
                "36,116.9",
                "-",
                "5.1",
            ],
            "*Hi-Tech Products": ["-", "3,925.4", "-", "18,707.8", "-", "18,171.0", "-", "3.0"],
        },
        qty_units={
            "Rare Earth": (1.0, "tonne"),
            "Textile Yarn, Fabrics Products": None,
            "Steel Products": (1e4, "tonne"),
            "Ships": (1.0, "ship"),
            "*Electrical-Mechanical Products": None,
            "*Hi-Tech Products": None,
        },
    )


def test_exports_usd_rows_without_quantity_unit_cell(fixtures: Path) -> None:
    m, c, p = ("2025-04", "month"), ("2025-04", "ytd"), ("2024-04", "ytd")
    path = fixtures / "gacc/s5_exports_2025-04_usd.html"
    check_golden(
        path,
        currency="USD",
        scale=1e6,
        published="2025-05-09",
        columns=[
            (E, *m, Q),
            (E, *m, V),
            (E, *c, Q),
            (E, *c, V),
            (E, *p, Q),
            (E, *p, V),
            (E, *c, QY),
            (E, *c, Y),
        ],
        rows={
            "Agricultural products*": [
                "-",
                "8,472.4",
                "-",
                "32,810.9",
                "-",
                "31,250.9",
                "-",
                "5.0",
            ],
            "Rare earth": [
                "4,784.8",
                "21.7",
                "18,962.3",
                "149.4",
                "18,049.5",
                "176.3",
                "5.1",
                "-15.3",
            ],
            "Mechanical and electrical products*": [
                "-",
                "190,583.6",
                "-",
                "702,107.0",
                "-",
                "648,138.0",
                "-",
                "8.3",
            ],
            "Integrated circuits": [
                "308.8",
                "15,574.8",
                "1,062.9",
                "56,439.9",
                "885.7",
                "49,724.6",
                "20.0",
                "13.5",
            ],
        },
        # the page drops the quantity-unit cell: quantities cannot be stated, rates can
        qty_units={
            "Agricultural products*": None,
            "Rare earth": None,
            "Mechanical and electrical products*": None,
            "Integrated circuits": None,
        },
    )
    (release,) = read_path(path)
    assert any("quantity unit missing" in w for w in release.warnings)


def test_imports_prior_year_header_slip_is_read_as_previous_year(fixtures: Path) -> None:
    m, c, p = ("2026-05", "month"), ("2026-05", "ytd"), ("2025-05", "ytd")
    path = fixtures / "gacc/s6_imports_2026-05_cny.html"
    check_golden(
        path,
        currency="CNY",
        scale=1e8,
        published="2026-06-10",
        columns=[
            (M, *m, Q),
            (M, *m, V),
            (M, *c, Q),
            (M, *c, V),
            (M, *p, Q),
            (M, *p, V),
            (M, *c, QY),
            (M, *c, Y),
        ],
        rows={
            "Soya beans": [
                "1,179.1",
                "377.5",
                "3,694.2",
                "1,223.8",
                "3,710.6",
                "1,198.1",
                "-0.4",
                "2.1",
            ],
            "Iron ores and concentrates": [
                "9,771.1",
                "691.8",
                "51,625.8",
                "3,635.6",
                "48,560.0",
                "3,425.9",
                "6.3",
                "6.1",
            ],
            "Crude petroleum oils": [
                "3,308.1",
                "1,832.9",
                "21,836.4",
                "8,904.9",
                "22,945.7",
                "8,892.5",
                "-4.8",
                "0.1",
            ],
            "Natural gases": [
                "1,010.8",
                "331.2",
                "4,660.0",
                "1,393.1",
                "4,899.0",
                "1,601.2",
                "-4.9",
                "-13.0",
            ],
            "Mechanical and electrical products *": [
                "-",
                "7,875.0",
                "-",
                "35,425.1",
                "-",
                "28,273.4",
                "-",
                "25.3",
            ],
            "Electronic integrated circuits": [
                "496.9",
                "3,883.0",
                "2,510.4",
                "16,557.5",
                "2,314.7",
                "11,259.6",
                "8.5",
                "47.1",
            ],
        },
        qty_units={
            "Soya beans": (1e4, "tonne"),
            "Iron ores and concentrates": (1e4, "tonne"),
            "Crude petroleum oils": (1e4, "tonne"),
            "Natural gases": (1e4, "tonne"),
            "Mechanical and electrical products *": None,
            "Electronic integrated circuits": (1e8, "piece"),
        },
    )
    (release,) = read_path(path)
    assert any("names 2024; read as 2025" in w for w in release.warnings)


def test_commodity_codes_are_canonical_across_years(fixtures: Path) -> None:
    codes = {}
    for name in (
        "s5_exports_2019-05_cny.html",
        "s5_exports_2025-04_usd.html",
        "s6_imports_2026-05_cny.html",
    ):
        (release,) = read_path(fixtures / "gacc" / name)
        codes.update({o["source_row"]: o["breakdown_code"] for o in release.observations})
    assert codes["*Electrical-Mechanical Products"] == "mech_elec"
    assert codes["Mechanical and electrical products*"] == "mech_elec"
    assert codes["*Hi-Tech Products"] == "high_tech"
    assert (
        codes["Integrated circuits"]
        == codes["Electronic integrated circuits"]
        == "integrated_circuits"
    )
    assert codes["Crude petroleum oils"] == "crude_oil"
    assert codes["Soya beans"] == "soybeans"


def test_release_metadata(fixtures: Path) -> None:
    (release,) = GaccHtmlReader().read(
        fixtures / "gacc/s4_partner_2026-03_cny.html",
        (fixtures / "gacc/s4_partner_2026-03_cny.html").read_bytes(),
    )
    meta = release.meta
    assert meta.publisher == "GACC"
    assert meta.table_id == "gacc:prelim:4:partner:CNY:2026-03"
    assert meta.authority == 0
    assert "ASEAN" in meta.notes and "Brunei" in meta.notes
    assert len(meta.content_hash) == 64
