"""Levels the indicator layer derives where no release printed them: the base a later
growth rate implies, a year to date summed from such months, and the growth rates these
allow — each with the spread its inputs' rounding (and, against a first print, revision)
leaves, and never a base that only returns the rate it came from."""

from __future__ import annotations

import pytest

from tests.indicators.conftest import FactsFactory, row
from tradepulse.data.coverage import SeriesSpec, _derivation
from tradepulse.indicators import Series, share, yoy
from tradepulse.indicators.facts import IMPLIED_BASE, IMPLIED_BASE_REVISION_SHARE, YTD_FROM_MONTHS
from tradepulse.model import Period

P = Period.parse


def test_a_later_rate_implies_the_revised_base(make_facts: FactsFactory) -> None:
    facts = make_facts(
        [
            row("export", "2021-11", 2.06e12, resolution=1e10),
            row("export", "2021-11", 16.6, measure="yoy_pct_published", resolution=0.1),
        ]
    )
    base = facts.find(Series(flow="export"), P("2020-11"))
    assert base is not None and base.derived == IMPLIED_BASE
    assert base.value == pytest.approx(2.06e12 / 1.166)
    # rounding: the level's ±0.5e10 and the rate's ±0.05 points, as a full width
    assert base.rounding == pytest.approx(1e10 / 1.166 + base.value * 0.1 / 100 / 1.166)
    # against the figure first published it may lie further off: GACC revises a year
    assert base.resolution == pytest.approx(
        base.rounding + 2 * IMPLIED_BASE_REVISION_SHARE * base.value
    )
    assert {(i.period, i.series.split()[-1]) for i in base.inputs} == {
        ("2021-11", "value"),
        ("2021-11", "yoy_pct_published"),
    }


def test_a_base_implied_by_the_rate_itself_is_no_computation(make_facts: FactsFactory) -> None:
    facts = make_facts(
        [
            row("export", "2021-11", 2.06e12, resolution=1e10),
            row("export", "2021-11", 16.6, measure="yoy_pct_published", resolution=0.1),
        ]
    )
    r = yoy(facts, Series(flow="export"), P("2021-11"))
    assert r.value == 16.6 and r.computed is None and "missing base" in r.note


def test_total_growth_from_the_bases_the_flows_rates_imply(make_facts: FactsFactory) -> None:
    # no total rate published, nor last year's levels: exports' and imports' rates imply
    # both bases, and the total's rate follows (the same revised bases GACC divided by)
    x, m, gx, gm = 233.0e9, 171.0e9, 9.9, 4.3
    facts = make_facts(
        [
            row("export", "2018-11", x, currency="USD", resolution=1e8),
            row("import", "2018-11", m, currency="USD", resolution=1e8),
            row("export", "2018-11", gx, currency="USD", measure="yoy_pct_published"),
            row("import", "2018-11", gm, currency="USD", measure="yoy_pct_published"),
        ]
    )
    r = yoy(facts, Series(currency="USD"), P("2018-11"))
    expected = 100 * ((x + m) / (x / (1 + gx / 100) + m / (1 + gm / 100)) - 1)
    assert r.published is None and r.computed == pytest.approx(expected)
    # printed rates of ±0.05 and levels to 0.1 bn leave about ±0.1 point, not the
    # several points a first print's revision would allow
    assert r.resolution < 0.3


def test_a_year_to_date_summed_from_implied_months(make_facts: FactsFactory) -> None:
    months = [(1, 250.0e9, 1.5), (2, 190.0e9, 60.6), (3, 250.0e9, 24.0)]
    rows = []
    for month, value, rate in months:
        p = f"2021-{month:02d}"
        rows += [
            row("export", p, value, currency="USD", resolution=1e8),
            row("export", p, rate, currency="USD", measure="yoy_pct_published"),
        ]
    rows.append(row("export", "2021-03", 690.0e9, kind="ytd", currency="USD", resolution=1e8))
    facts = make_facts(rows)
    ytd = Series(flow="export", period_kind="ytd", currency="USD")
    base = facts.find(ytd, P("2020-03"))
    assert base is not None and base.derived == YTD_FROM_MONTHS
    assert base.value == pytest.approx(sum(v / (1 + g / 100) for _, v, g in months))
    assert len(base.inputs) == 6 and base.rounding is not None
    r = yoy(facts, ytd, P("2021-03"))
    assert r.computed == pytest.approx(100 * (690.0e9 / base.value - 1))
    assert r.resolution < 0.3


def test_first_prints_and_revised_bases_are_not_mixed_as_exact(make_facts: FactsFactory) -> None:
    # May's year to date as first printed, June's implied by next year's rate: June alone
    # from the two would carry the whole of May's later revision
    facts = make_facts(
        [
            row("export", "2018-05", 957.0e9, kind="ytd", currency="USD", resolution=1e9),
            row("export", "2019-06", 1171.0e9, kind="ytd", currency="USD", resolution=1e9),
            row("export", "2019-06", 0.1, kind="ytd", currency="USD", measure="yoy_pct_published"),
        ]
    )
    june = facts.find(Series(flow="export", currency="USD"), P("2018-06"))
    assert june is not None and june.rounding is None
    assert june.resolution > 2 * IMPLIED_BASE_REVISION_SHARE * 1000e9


def test_no_base_is_implied_across_a_changing_group(make_facts: FactsFactory) -> None:
    # Belt and Road countries: the 2023 rate is on the 2023 list, not 2022's
    facts = make_facts(
        [
            row("total", "2023-12", 19.47e12, partner="BRI", kind="ytd", resolution=1e10),
            row("total", "2023-12", 2.8, partner="BRI", kind="ytd", measure="yoy_pct_published"),
        ]
    )
    assert facts.find(Series(partner="BRI", period_kind="ytd"), P("2022-12")) is None


def test_a_share_of_derived_levels_carries_their_spread(make_facts: FactsFactory) -> None:
    facts = make_facts(
        [
            row("export", "2023-12", 13.92e12, bk="commodity", bc="mech_elec", kind="ytd"),
            row("total", "2023-12", 41.76e12, kind="ytd", resolution=1e10),
            row("import", "2024-12", 18.39e12, kind="ytd", resolution=1e10),
            row("import", "2024-12", 2.3, kind="ytd", measure="yoy_pct_published"),
        ]
    )
    part = Series(flow="export", breakdown_kind="commodity", breakdown_code="mech_elec")
    r = share(facts, part.with_(period_kind="ytd"), P("2023-12"))
    # exports are the total less imports implied by 2024's rate (a revised base beside a
    # first print): the share may lie several points either way, too wide to judge by
    assert r.published is None and r.resolution > 2


def test_coverage_counts_a_derived_figure_only_when_it_is_determined(
    make_facts: FactsFactory,
) -> None:
    facts = make_facts(
        [
            # month from two years to date printed to 0.1 trillion: ±0.1 of 2.6 trillion
            row("total", "2019-05", 12.1e12, kind="ytd", resolution=1e11),
            row("total", "2019-06", 14.7e12, kind="ytd", resolution=1e11),
            row("total", "2020-06", 2.0e12, resolution=1e10),
            # exports a year later with their rate: the base is held to rounding
            row("export", "2020-06", 1.53e12, resolution=1e10),
            row("export", "2020-06", 4.3, measure="yoy_pct_published"),
        ]
    )

    def spec(flow: str, measure: str) -> SeriesSpec:
        return SeriesSpec("t", flow, "WLD", "", "", "month", "CNY", measure)

    assert _derivation(facts, spec("total", "value"), P("2019-06")) is None
    assert _derivation(facts, spec("total", "yoy_pct_published"), P("2020-06")) is None
    assert _derivation(facts, spec("export", "value"), P("2019-06")) == IMPLIED_BASE
