"""Plausibility at the door: each rule refuses its figure by name, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from tradepulse import api
from tradepulse.cli import app
from tradepulse.data.plausibility_exceptions import current_exceptions, key, listed
from tradepulse.errors import ImplausibleError, TradepulseError
from tradepulse.sources.registry import read_path
from tradepulse.store import plausibility
from tradepulse.store.db import Store
from tradepulse.store.queries import SeriesQuery, series

PAGE = "gacc/s4_partner_2026-03_cny.html"
HEADER = "flow,partner,period,period_kind,currency,measure,value,unit,resolution,title\n"


def _tidy(tmp_path: Path, rows: list[str], name: str = "user.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "\n".join(rows) + "\n")
    return path


def _fingerprint(db: Path) -> tuple[int, int, float] | None:
    if not db.exists():
        return None
    with Store.reader(db) as store:
        return store.fingerprint()


def _refused(paths: list[Path], db: Path, rule: str, *needles: str) -> str:
    before = _fingerprint(db)
    with pytest.raises(ImplausibleError) as info:
        api.ingest(paths, db)
    message = info.value.one_line()
    assert f"rule {rule} " in message, message
    for needle in needles:
        assert needle in message, message
    assert "\n" not in message
    if before is not None:
        assert _fingerprint(db) == before  # the store is unchanged
    return message


def _page(fixtures: Path, tmp_path: Path, *edits: tuple[str, str], name: str = "p.html") -> Path:
    text = (fixtures / PAGE).read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("value", "detail"),
    [("inf", "infinite"), ("1e400", "infinite"), ("-inf", "infinite"), ("1e308", "beyond")],
)
def test_values_that_are_no_numbers(tmp_path: Path, db_path: Path, value: str, detail: str) -> None:
    path = _tidy(tmp_path, [f"export,USA,2026-06,month,CNY,value,{value},yuan,0,T"])
    _refused([path], db_path, "finite", detail, "export USA 2026-06 month CNY value", "'T'")


def test_nan_in_parquet(tmp_path: Path, db_path: Path) -> None:
    path = tmp_path / "nan.parquet"
    table = {
        "flow": ["export"],
        "partner": ["USA"],
        "period": ["2026-06"],
        "period_kind": ["month"],
        "currency": ["CNY"],
        "measure": ["value"],
        "unit": ["yuan"],
        "value": [float("nan")],
    }
    pq.write_table(pa.table(table), path)
    _refused([path], db_path, "finite", "not a number")


def test_negative_level(tmp_path: Path, db_path: Path) -> None:
    path = _tidy(tmp_path, ["export,USA,2026-06,month,CNY,value,-2e12,yuan,0,T"])
    _refused([path], db_path, "non_negative", "-2e+12")


def test_negative_growth_is_fine_but_not_below_minus_100(tmp_path: Path, db_path: Path) -> None:
    fine = _tidy(tmp_path, ["export,USA,2026-06,month,CNY,yoy_pct_published,-35.5,percent,0.1,T"])
    assert api.ingest([fine], db_path).inserted == 1
    bad = _tidy(
        tmp_path, ["export,USA,2026-07,month,CNY,yoy_pct_published,-190.9,percent,0.1,T"], "b.csv"
    )
    _refused([bad], db_path, "yoy_floor", "-190.9")


def test_growth_over_1000_percent_is_an_outlier(tmp_path: Path, db_path: Path) -> None:
    path = _tidy(tmp_path, ["export,USA,2026-06,month,CNY,yoy_pct_published,1500,percent,0.1,T"])
    message = _refused([path], db_path, "yoy_ceiling", "1500")
    assert "--accept-outliers" in message
    report = api.ingest([path], db_path, accept_outliers=True)
    assert report.inserted == 1
    assert any("outlier accepted" in w and "yoy_ceiling" in w for w in report.warnings)


def test_share_outside_0_100(tmp_path: Path, db_path: Path) -> None:
    path = _tidy(tmp_path, ["export,USA,2026-06,month,CNY,share_pct_published,120,percent,0.1,T"])
    _refused([path], db_path, "share_range", "120")


def test_flows_must_add_up_within_their_rounding(tmp_path: Path, db_path: Path) -> None:
    rows = [
        "total,USA,2026-06,month,CNY,value,3.09e12,yuan,1e10,T",
        "export,USA,2026-06,month,CNY,value,1.80e12,yuan,1e10,T",
        "import,USA,2026-06,month,CNY,value,{},yuan,1e10,T",
    ]
    rounded = _tidy(tmp_path, [*rows[:2], rows[2].format("1.30e12")])  # off by 0.01e12: fine
    assert api.ingest([rounded], db_path).inserted == 3
    rows = [r.replace("2026-06", "2026-07") for r in rows]
    bad = _tidy(tmp_path, [*rows[:2], rows[2].format("1.39e12")], "bad.csv")
    _refused([bad], db_path, "flows_add_up", "total USA 2026-07 month CNY", "3.19e+12")


def test_flows_without_resolution_get_a_small_relative_allowance(
    tmp_path: Path, db_path: Path
) -> None:
    rows = [
        "total,WLD,2026-06,month,CNY,value,3.0e12,yuan,0,T",
        "export,WLD,2026-06,month,CNY,value,1.7e12,yuan,0,T",
        "import,WLD,2026-06,month,CNY,value,{},yuan,0,T",
    ]
    assert api.ingest([_tidy(tmp_path, [*rows[:2], rows[2].format("1.3001e12")])], db_path).added
    rows = [r.replace("2026-06", "2026-07") for r in rows]
    _refused(
        [_tidy(tmp_path, [*rows[:2], rows[2].format("1.31e12")], "b.csv")], db_path, "flows_add_up"
    )


def test_mistyped_total_in_a_page_is_refused(tmp_path: Path, db_path: Path, fixtures: Path) -> None:
    # the probe report's "4,873.2" typed as "4.873": 1000x too small, stored today
    path = _page(fixtures, tmp_path, ("4,873.2", "4.873"))
    _refused([path], db_path, "flows_add_up", "total EU 2026-03 month CNY", "Mar 2026")


def test_of_which_row_above_its_group(tmp_path: Path, db_path: Path, fixtures: Path) -> None:
    # Germany's exports made larger than the EU's, with its total kept adding up
    path = _page(fixtures, tmp_path, ("711.8", "3,711.8"), ("1,243.6", "4,243.5"))
    _refused([path], db_path, "parts_within_total", "export EU 2026-03 month CNY")


def test_group_members_above_the_group(tmp_path: Path, db_path: Path) -> None:
    path = _tidy(
        tmp_path,
        [
            "export,EU,2026-06,month,CNY,value,3.0e11,yuan,1e7,T",
            "export,DEU,2026-06,month,CNY,value,2.0e11,yuan,1e7,T",
            "export,FRA,2026-06,month,CNY,value,1.5e11,yuan,1e7,T",
        ],
    )
    _refused([path], db_path, "parts_within_total", "2 part(s)", "export EU 2026-06")


def test_members_of_a_group_before_they_joined_are_not_its_parts(
    tmp_path: Path, db_path: Path
) -> None:
    # the UK was in GACC's EU until January 2020, not after
    rows = [
        "export,EU,{p},month,CNY,value,3.0e11,yuan,1e7,T",
        "export,DEU,{p},month,CNY,value,2.0e11,yuan,1e7,T",
        "export,GBR,{p},month,CNY,value,1.5e11,yuan,1e7,T",
    ]
    after = _tidy(tmp_path, [r.format(p="2021-06") for r in rows])
    assert api.ingest([after], db_path).inserted == 3
    before = _tidy(tmp_path, [r.format(p="2019-06") for r in rows], "b.csv")
    _refused([before], db_path, "parts_within_total", "export EU 2019-06")


def test_partner_above_the_world(tmp_path: Path, db_path: Path) -> None:
    path = _tidy(
        tmp_path,
        [
            "total,WLD,2021-03,month,CNY,value,3.0e12,yuan,1e10,T",
            "total,EU,2021-03,month,CNY,value,3.5e12,yuan,1e10,T",
        ],
    )
    _refused([path], db_path, "parts_within_total", "total WLD EU 2021-03")


@pytest.mark.parametrize(
    ("row", "rule", "detail"),
    [
        ("export,USA,2026-06,month,CNY,value,1e9,bananas,0,T", "unit_known", "unit bananas"),
        ("export,USA,2026-06,month,USD,value,1e9,yuan,0,T", "unit_known", "unit yuan"),
        ("export,USA,2026-06,month,CNY,yoy_pct_published,5,yuan,0,T", "unit_known", "unit yuan"),
        ("export,ZZZZZZ,2026-06,month,CNY,value,1e9,yuan,0,T", "partner_known", "ZZZZZZ"),
        ("export,usa,2026-06,month,CNY,value,1e9,yuan,0,T", "partner_known", "partner usa"),
    ],
)
def test_unknown_units_and_partners(
    tmp_path: Path, db_path: Path, row: str, rule: str, detail: str
) -> None:
    _refused([_tidy(tmp_path, [row])], db_path, rule, detail)


def test_any_iso_country_is_a_known_partner(tmp_path: Path, db_path: Path) -> None:
    path = _tidy(tmp_path, ["export,DNK,2026-06,month,CNY,value,1e9,yuan,0,T"])
    assert api.ingest([path], db_path).inserted == 1


def test_the_same_figure_twice_in_one_input(tmp_path: Path, db_path: Path) -> None:
    path = _tidy(
        tmp_path,
        [
            "export,USA,2026-06,month,CNY,value,1.0e11,yuan,0,T",
            "export,USA,2026-06,month,CNY,value,1.2e11,yuan,0,T",
        ],
    )
    _refused([path], db_path, "duplicate_key", "given 2 times", "1e+11, 1.2e+11")


def test_jump_against_stored_neighbours(tmp_path: Path, db_path: Path, fixtures: Path) -> None:
    api.ingest([fixtures / PAGE], db_path)
    # April's EU exports typed in the wrong unit: 1000x below March's
    row = "export,EU,2026-04,month,CNY,value,{},yuan,1e5,April"
    bad = _tidy(tmp_path, [row.format("3.3e8")])
    message = _refused([bad], db_path, "magnitude_jump", "export EU 2026-04", "--accept-outliers")
    assert "3.2489e+11" in message  # the neighbour it was compared with
    fine = _tidy(tmp_path, [row.format("3.3e11")], "fine.csv")
    assert api.ingest([fine], db_path).inserted == 1
    report = api.ingest([bad], db_path, accept_outliers=True)
    assert report.new_vintage == 1
    assert any("magnitude_jump" in w for w in report.warnings)


def test_jump_within_the_same_batch(tmp_path: Path, db_path: Path) -> None:
    a = _tidy(tmp_path, ["export,USA,2026-05,month,CNY,value,3.0e11,yuan,1e8,A"], "a.csv")
    b = _tidy(tmp_path, ["export,USA,2026-06,month,CNY,value,3.0e13,yuan,1e8,B"], "b.csv")
    _refused(
        [a, b], db_path, "magnitude_jump", "export USA 2026-0", "(and 1 more: magnitude_jump 1)"
    )


def test_small_figures_near_their_rounding_are_not_compared(tmp_path: Path, db_path: Path) -> None:
    a = _tidy(tmp_path, ["export,USA,2026-05,month,CNY,value,1e7,yuan,1e7,A"], "a.csv")
    b = _tidy(tmp_path, ["export,USA,2026-06,month,CNY,value,9e8,yuan,1e7,B"], "b.csv")
    assert api.ingest([a, b], db_path).inserted == 2


def test_reingest_of_a_stored_release_is_not_judged_again(
    tmp_path: Path, db_path: Path, fixtures: Path
) -> None:
    page = fixtures / PAGE
    api.ingest([page], db_path)
    bad = _tidy(tmp_path, ["export,EU,2026-04,month,CNY,value,3.3e8,yuan,1e5,April"])
    api.ingest([bad], db_path, accept_outliers=True)
    assert api.ingest([page], db_path).unchanged == 108


def test_truncated_revision_of_a_stored_table(
    tmp_path: Path, db_path: Path, fixtures: Path
) -> None:
    api.ingest([fixtures / PAGE], db_path)
    text = (fixtures / PAGE).read_text(encoding="utf-8")
    start = text.index("<tr", text.index("Netherlands") - 400)
    end = text.index("</tr>", text.index("Netherlands")) + len("</tr>")
    path = tmp_path / "cut.html"
    path.write_text(text[:start] + text[end:].replace("2026/04/08", "2026/05/01"))
    _refused([path], db_path, "truncated_table", "holds 11 of the 12 rows", "NLD")


def test_page_cut_and_closed_by_hand_is_refused(tmp_path: Path, fixtures: Path) -> None:
    text = (fixtures / PAGE).read_text(encoding="utf-8")
    path = tmp_path / "cut.html"
    path.write_text(text[: text.index("Netherlands")] + "</td></tr></table></body></html>")
    with pytest.raises(TradepulseError, match="cut short"):
        read_path(path)


def test_clean_fixtures_pass_every_rule(fixtures: Path) -> None:
    releases = [r for p in sorted((fixtures / "gacc").iterdir()) for r in read_path(p)]
    releases += [r for p in sorted((fixtures / "text").iterdir()) for r in read_path(p)]
    releases += read_path(fixtures / "tidy/user_series.csv")
    assert plausibility.findings(releases) == []


def test_embedded_data_breaks_only_the_listed_rules() -> None:
    found = {key(e) for e in current_exceptions()}
    expected = {key(e) for e in listed()}
    assert found - expected == set(), "new implausible embedded figures: list them with a cause"
    assert expected - found == set(), "listed exceptions no longer found: regenerate the list"
    assert all(e["cause"] and e["cause"] != "see the release named" for e in listed())


def test_cli_accept_outliers(tmp_path: Path, db_path: Path) -> None:
    path = _tidy(tmp_path, ["export,USA,2026-06,month,CNY,yoy_pct_published,1500,percent,0.1,T"])
    runner = CliRunner()
    refused = runner.invoke(app, ["--db", str(db_path), "ingest", str(path)])
    assert refused.exit_code == 1
    assert not db_path.exists() or _fingerprint(db_path) == (0, 0, 0.0)
    accepted = runner.invoke(app, ["--db", str(db_path), "ingest", "--accept-outliers", str(path)])
    assert accepted.exit_code == 0, accepted.output
    with Store.reader(db_path) as store:
        (row,) = series(store, SeriesQuery(partner="USA")).to_pylist()
    assert row["value"] == 1500


def test_one_implausible_file_refuses_the_whole_batch(
    tmp_path: Path, db_path: Path, fixtures: Path
) -> None:
    bad = _tidy(tmp_path, ["export,USA,2026-06,month,CNY,value,-1e9,yuan,0,T"])
    message = _refused([fixtures / PAGE, bad], db_path, "non_negative")
    assert _fingerprint(db_path) == (0, 0, 0.0)  # the good page was not stored either
    assert "more" not in message


def test_the_refusal_counts_the_other_findings_by_rule(
    tmp_path: Path, db_path: Path, fixtures: Path
) -> None:
    # the EU total typed 1000x too small: it no longer adds up, and Germany exceeds it
    path = _page(fixtures, tmp_path, ("4,873.2", "4.873"))
    message = _refused([path], db_path, "flows_add_up")
    assert "(and 1 more: parts_within_total 1)" in message
