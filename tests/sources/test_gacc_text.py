"""The text reader: GACC tables as a page's text renders them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tradepulse.errors import ParseError
from tradepulse.sources.registry import read_path


def _cells(path: Path) -> dict[tuple[str, str, str, str, str], float]:
    out = {}
    for release in read_path(path):
        for o in release.observations:
            code = o["breakdown_code"] or o["partner"]
            out[(code, o["flow"], o["period"], o["period_kind"], o["measure"])] = o["value"]
    return out


def test_trade_mode_cumulative_text_table(fixtures: Path) -> None:
    (release,) = read_path(fixtures / "text/s3_trade_mode_2020-05_ytd_cny.txt")
    assert release.meta.table_id == "gacc:prelim:3:trade_mode:CNY:2020-05:ytd"
    assert release.meta.source.startswith("http://english.customs.gov.cn/Statics/")
    assert release.meta.source_format == "gacc-text"
    cells = _cells(fixtures / "text/s3_trade_mode_2020-05_ytd_cny.txt")
    p = ("2020-05", "ytd")
    expected = {
        ("WLD", "total", *p, "value"): 115_380.7e8,
        ("WLD", "export", *p, "value"): 61_989.4e8,
        ("WLD", "import", *p, "value"): 53_391.3e8,
        ("WLD", "total", *p, "yoy_pct_published"): -4.9,
        ("WLD", "export", *p, "yoy_pct_published"): -4.7,
        ("WLD", "import", *p, "yoy_pct_published"): -5.2,
        ("general", "total", *p, "value"): 69_131.1e8,
        ("general", "export", *p, "value"): 36_482.5e8,
        ("general", "import", *p, "value"): 32_648.6e8,
        ("general", "total", *p, "yoy_pct_published"): -4.7,
        ("general", "export", *p, "yoy_pct_published"): -4.3,
        ("general", "import", *p, "yoy_pct_published"): -5.1,
        ("other_donated_materials", "total", *p, "value"): 43.6e8,
        ("other_donated_materials", "export", *p, "value"): 17.6e8,
        ("other_donated_materials", "import", *p, "value"): 26.0e8,
        ("processing_imported", "total", *p, "value"): 23_582.9e8,
        ("processing_imported", "export", *p, "value"): 15_509.9e8,
        ("processing_imported", "import", *p, "value"): 8_073.0e8,
        ("processing_imported", "total", *p, "yoy_pct_published"): -7.7,
        ("processing_imported", "export", *p, "yoy_pct_published"): -9.1,
        ("processing_imported", "import", *p, "yoy_pct_published"): -5.1,
        ("processing_trade_imported_equipment", "total", *p, "value"): 8.4e8,
        ("processing_trade_imported_equipment", "import", *p, "value"): 8.4e8,
        ("processing_trade_imported_equipment", "total", *p, "yoy_pct_published"): -24.4,
        ("processing_trade_imported_equipment", "import", *p, "yoy_pct_published"): -24.4,
    }
    assert cells.keys() == expected.keys()
    for key, value in expected.items():
        assert cells[key] == pytest.approx(value), key


def test_bulletin_regime_table_with_rates_below_values(fixtures: Path) -> None:
    path = fixtures / "text/b5_regime_2019-12_usd.txt"
    (release,) = read_path(path)
    assert release.meta.table_id.startswith("gacc:bulletin:5:trade_mode:USD:2019-12")
    cells = _cells(path)
    m, c = ("2019-12", "month"), ("2019-12", "ytd")
    expected = {
        ("WLD", "export", *m, "value"): 238_267_589e3,
        ("WLD", "export", *c, "value"): 2_499_028_927e3,
        ("WLD", "import", *m, "value"): 191_057_245e3,
        ("WLD", "import", *c, "value"): 2_077_097_114e3,
        ("WLD", "export", *m, "yoy_pct_published"): 7.9,
        ("WLD", "export", *c, "yoy_pct_published"): 0.5,
        ("WLD", "import", *m, "yoy_pct_published"): 16.5,
        ("WLD", "import", *c, "yoy_pct_published"): -2.7,
        ("general", "export", *m, "value"): 135_884_403e3,
        ("general", "export", *c, "value"): 1_443_951_374e3,
        ("general", "import", *m, "value"): 115_929_063e3,
        ("general", "import", *c, "value"): 1_256_736_513e3,
        ("general", "export", *m, "yoy_pct_published"): 7.9,
        ("general", "export", *c, "yoy_pct_published"): 3.1,
        ("general", "import", *m, "yoy_pct_published"): 22.3,
        ("general", "import", *c, "yoy_pct_published"): -1.4,
        ("equipment_for_processing_trade", "import", *m, "value"): 38_356e3,
        ("equipment_for_processing_trade", "import", *c, "value"): 394_088e3,
        ("equipment_for_processing_trade", "import", *m, "yoy_pct_published"): 4.4,
        ("equipment_for_processing_trade", "import", *c, "yoy_pct_published"): -62.9,
        ("contracting_projects", "export", *m, "value"): 1_413_683e3,
        ("contracting_projects", "export", *c, "value"): 14_143_475e3,
        ("contracting_projects", "export", *m, "yoy_pct_published"): 0.0,
        ("contracting_projects", "export", *c, "yoy_pct_published"): -16.8,
    }
    # "Goods on Lease" lost its line of rates at the cut: it is left out, not guessed
    assert cells.keys() == expected.keys()
    for key, value in expected.items():
        assert cells[key] == pytest.approx(value), key


def test_text_table_without_unit_is_refused(tmp_path: Path, fixtures: Path) -> None:
    text = (fixtures / "text/s3_trade_mode_2020-05_ytd_cny.txt").read_text()
    broken = tmp_path / "nounit.txt"
    broken.write_text(text.replace("Unit: CNY 100 Million\n", ""))
    with pytest.raises(ParseError, match="no unit row"):
        read_path(broken)


def test_text_row_with_lost_cells_is_refused(tmp_path: Path, fixtures: Path) -> None:
    text = (fixtures / "text/s3_trade_mode_2020-05_ytd_cny.txt").read_text()
    broken = tmp_path / "short.txt"
    broken.write_text(text.replace("69,131.1  36,482.5  32,648.6", "69,131.1  36,482.5"))
    with pytest.raises(ParseError, match="Ordinary Trade") as info:
        read_path(broken)
    assert "row has 5 figures, the table 6" in str(info.value)
