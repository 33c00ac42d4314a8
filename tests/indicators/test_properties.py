"""Hypothesis properties of the indicators (set-based suite and store-backed)."""

from __future__ import annotations

import itertools

import duckdb
import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.indicators.conftest import FactsFactory, row
from tradepulse.indicators import Series, streak, yoy
from tradepulse.indicators.panel import suite
from tradepulse.model import Period

values = st.floats(1.0, 1e6, allow_nan=False, allow_infinity=False)


@st.composite
def panels(draw: st.DrawFn) -> pa.Table:
    n_items = draw(st.integers(1, 5))
    n_groups = draw(st.integers(1, 3))
    months = draw(st.integers(13, 30))
    start = 2018 * 12
    rows = {"item": [], "grp": [], "mi": [], "value": []}
    for item in range(n_items):
        for grp in range(n_groups):
            for m in range(months):
                rows["item"].append(item)
                rows["grp"].append(grp)
                rows["mi"].append(start + m)
                rows["value"].append(draw(values))
    return pa.table(rows)


def _suite(table: pa.Table) -> list[dict[str, float]]:
    con = duckdb.connect()
    con.register("panel", table)
    return suite(con, "panel", ["grp", "item"], ["grp"]).to_pylist()


@settings(max_examples=40, deadline=None)
@given(panels())
def test_shares_of_a_complete_breakdown_sum_to_100(table: pa.Table) -> None:
    sums: dict[tuple[int, int], float] = {}
    for r in _suite(table):
        key = (r["grp"], r["mi"])
        sums[key] = sums.get(key, 0.0) + r["share_pct"]
    assert all(abs(v - 100) < 1e-6 for v in sums.values())


@settings(max_examples=40, deadline=None)
@given(panels())
def test_contributions_sum_to_total_growth(table: pa.Table) -> None:
    rows = _suite(table)
    totals: dict[tuple[int, int], float] = {}
    for r in table.to_pylist():
        totals[(r["grp"], r["mi"])] = totals.get((r["grp"], r["mi"]), 0.0) + r["value"]
    contrib: dict[tuple[int, int], float] = {}
    for r in rows:
        if r["contribution_pp"] is not None:
            key = (r["grp"], r["mi"])
            contrib[key] = contrib.get(key, 0.0) + r["contribution_pp"]
    assert contrib, "panels span more than a year"
    for (grp, mi), c in contrib.items():
        growth = 100 * (totals[(grp, mi)] / totals[(grp, mi - 12)] - 1)
        assert abs(c - growth) < 1e-6 * max(1.0, abs(growth))


@settings(max_examples=40, deadline=None)
@given(panels())
def test_ranks_follow_values(table: pa.Table) -> None:
    by_key: dict[tuple[int, int], list[tuple[float, int]]] = {}
    for r in _suite(table):
        by_key.setdefault((r["grp"], r["mi"]), []).append((r["value"], r["rank"]))
    for entries in by_key.values():
        entries.sort(key=lambda e: -e[0])
        assert entries[0][1] == 1
        assert all(a[1] <= b[1] for a, b in itertools.pairwise(entries))


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(values, min_size=12, max_size=12))
def test_yoy_of_a_series_against_itself_is_zero(
    make_facts: FactsFactory, monthly: list[float]
) -> None:
    rows = [
        row("export", f"{y}-{m:02d}", v)
        for y in (2018, 2019)
        for m, v in enumerate(monthly, start=1)
    ]
    facts = make_facts(rows)
    for m in range(1, 13):
        r = yoy(facts, Series(flow="export"), Period(2019, m))
        assert r.computed is not None and abs(r.computed) < 1e-9


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.sampled_from([-3.0, -1.0, 2.0, 5.0]), min_size=12, max_size=24))
def test_streak_lengths_agree_with_yoy_signs(make_facts: FactsFactory, growth: list[float]) -> None:
    rows = [row("export", f"2016-{m:02d}", 100.0) for m in range(1, 13)]
    rows += [row("export", f"2017-{m:02d}", 100.0) for m in range(1, 13)]
    level: dict[int, float] = {m: 100.0 for m in range(12)}
    for k, g in enumerate(growth):
        y, m = 2018 + k // 12, k % 12 + 1
        value = level[k % 12] * (1 + g / 100) if k >= 12 else 100.0 * (1 + g / 100)
        level[k % 12] = value
        rows.append(row("export", f"{y}-{m:02d}", value))
    facts = make_facts(rows)
    signs = [1 if g > 0 else -1 for g in growth]
    k = len(growth) - 1
    expected = 1
    while k - expected >= 0 and signs[k - expected] == signs[k]:
        expected += 1
    # the 2017 months (growth 0 against 2016) end any run
    period = Period(2018 + k // 12, k % 12 + 1)
    r = streak(facts, Series(flow="export"), period)
    assert int(r.value) == expected
    assert r.params["direction"] == ("growth" if signs[k] > 0 else "decline")
