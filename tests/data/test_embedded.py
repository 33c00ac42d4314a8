"""The embedded official dataset: spot checks of known figures, package, coverage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tradepulse.data.build import package_dir, source_files
from tradepulse.data.coverage import coverage
from tradepulse.data.describe import build_descriptor
from tradepulse.data.exceptions import FILE, key
from tradepulse.indicators import Facts, Series
from tradepulse.indicators.growth import yoy
from tradepulse.model import Period
from tradepulse.store.db import Store
from tradepulse.store.queries import SeriesQuery, series
from tradepulse.validate import validate


def one(db: Path, **q: object) -> dict[str, object]:
    with Store.reader(db) as store:
        rows = series(store, SeriesQuery(**q)).to_pylist()  # type: ignore[arg-type]
    assert len(rows) == 1, rows
    return rows[0]


@pytest.mark.parametrize(
    ("query", "value"),
    [
        # November 2020: total trade 3.09 trillion yuan, +7.8%
        (
            {
                "period": "2020-11",
                "kind": "month",
                "flow": "total",
                "currency": "CNY",
                "measure": "value",
            },
            3.09e12,
        ),
        (
            {
                "period": "2020-11",
                "kind": "month",
                "flow": "total",
                "currency": "CNY",
                "measure": "yoy_pct_published",
            },
            7.8,
        ),
        # January-November 2020: 29.04 trillion yuan, +1.8%
        (
            {
                "period": "2020-11",
                "kind": "ytd",
                "flow": "total",
                "currency": "CNY",
                "measure": "value",
            },
            29.04e12,
        ),
        (
            {
                "period": "2020-11",
                "kind": "ytd",
                "flow": "total",
                "currency": "CNY",
                "measure": "yoy_pct_published",
            },
            1.8,
        ),
        # exports in November 2020 +21.1% in dollar terms
        (
            {
                "period": "2020-11",
                "kind": "month",
                "flow": "export",
                "currency": "USD",
                "measure": "yoy_pct_published",
            },
            21.1,
        ),
        # March 2026, CNY, EU exports in the month: 3,248.9 x 10^8 yuan (GACC table (4))
        (
            {
                "period": "2026-03",
                "kind": "month",
                "flow": "export",
                "partner": "EU",
                "currency": "CNY",
                "measure": "value",
            },
            3248.9e8,
        ),
    ],
)
def test_known_official_figures(embedded_db: Path, query: dict[str, object], value: float) -> None:
    row = one(embedded_db, partner=query.pop("partner", "WLD"), no_breakdown=True, **query)
    assert row["value"] == pytest.approx(value)
    assert row["source"] and row["title"]


def test_package_lists_exactly_the_files_present() -> None:
    base = package_dir()
    on_disk = json.loads((base / "datapackage.json").read_text())
    assert on_disk["resources"] == build_descriptor(base)["resources"], (
        "run `python -m tradepulse.data.describe`"
    )
    assert all(p.exists() for p in source_files())


def test_validation_finds_only_listed_exceptions(embedded_db: Path) -> None:
    listed = {key(e) for e in json.loads((package_dir() / FILE).read_text())}
    with Store.reader(embedded_db) as store:
        found = {f"{v.check}|{v.key}" for v in validate(store)}
    assert found <= listed, f"unexplained: {sorted(found - listed)[:5]}"


def test_misprints_are_kept_but_never_in_force(embedded_db: Path) -> None:
    with Store.reader(embedded_db) as store:
        kept = store.con.execute("SELECT count(*) FROM releases WHERE authority = 3").fetchall()[0][
            0
        ]
        in_force = store.con.execute(
            "SELECT count(*) FROM latest(NULL) WHERE authority = 3"
        ).fetchall()[0][0]
    assert kept > 0 and in_force == 0
    # GACC's own review printed "22.28 billion" for January-September 2018: not in force
    row = one(
        embedded_db,
        period="2018-09",
        kind="ytd",
        flow="total",
        currency="CNY",
        measure="value",
        partner="WLD",
        no_breakdown=True,
    )
    assert row["value"] == pytest.approx(22.28e12)


def test_coverage_shape_and_combined_january_february(embedded_db: Path) -> None:
    with Store.reader(embedded_db) as store:
        rows = coverage(store)
    by_name = {r.name: r for r in rows}
    total = by_name["headline total ytd CNY value"]
    assert total.months_expected > 90
    assert "2021-01" in total.not_published and "2021-01" not in total.missing
    assert "2019-01" not in total.not_published  # January was published alone in 2019
    d = total.as_dict()
    assert {"name", "months_expected", "months_present", "missing"} <= d.keys()
    assert d["months_present"] == d["months_expected"] - len(d["missing"])


def test_coverage_names_months_the_indicators_can_derive(embedded_db: Path) -> None:
    with Store.reader(embedded_db) as store:
        rows = {r.name: r for r in coverage(store)}
        facts = Facts(store)
        for name, flow in (
            ("headline total month CNY value", "total"),
            ("headline import month CNY value", "import"),
        ):
            r = rows[name]
            assert r.derivable and set(r.derivable) <= set(r.missing)
            for month in r.derivable:  # each one the indicator layer really computes
                fact = facts.find(Series(flow=flow, currency="CNY"), Period.parse(month))
                assert fact is not None and fact.derived, (name, month)
        # a rate is derivable where both levels are held: the indicator computes it
        for name, flow, kind in (
            ("headline total month CNY yoy", "total", "month"),
            ("headline total ytd USD yoy", "total", "ytd"),
        ):
            r = rows[name]
            assert r.derivable and set(r.derivable) <= set(r.missing)
            currency = name.split()[3]
            for month in r.derivable:
                s = Series(flow=flow, period_kind=kind, currency=currency)
                assert yoy(facts, s, Period.parse(month)).computed is not None, (name, month)


def test_no_figure_in_force_is_an_uncorroborated_outlet(embedded_db: Path) -> None:
    with Store.reader(embedded_db) as store:
        (bad,) = store.con.execute(
            "SELECT count(*) FROM latest(NULL) WHERE tier = 4 AND corroboration < 2"
        ).fetchall()[0]
        (reported,) = store.con.execute(
            "SELECT count(*) FROM vintages(NULL) WHERE standing = 'reported'"
        ).fetchall()[0]
        refused = store.con.execute(
            "SELECT count(*) FROM releases WHERE publisher ILIKE '%aggregator%' "
            "OR source ILIKE '%allmind.ai%'"
        ).fetchall()[0][0]
    assert bad == 0 and reported > 1000 and refused == 0


def test_latest_bulletin_cites_tiers_1_to_3(embedded_db: Path) -> None:
    from tradepulse.bulletin import make_bulletin, render

    with Store.reader(embedded_db) as store:
        data = json.loads(render(make_bulletin(store, None, charts=False), "json"))
    tiers = {
        i["tier"]
        for s in data["sections"]
        for sent in s["sentences"]
        for n in sent["numbers"]
        for i in n["inputs"]
    }
    assert tiers and tiers <= {1, 2, 3}


def test_coverage_by_tier_gives_every_missing_month_a_reason(embedded_db: Path) -> None:
    with Store.reader(embedded_db) as store:
        rows = {r.name: r for r in coverage(store)}
    r = rows["headline total ytd CNY value"]
    assert sum(len(m) for m in r.held_by_tier.values()) == r.months_present
    assert set(r.held_by_tier) <= {"1", "2", "3", "4"} and "1" in r.held_by_tier
    assert set(r.missing_reasons) == set(r.missing)
    assert all(r.missing_reasons.values())
