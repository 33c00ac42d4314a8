"""Each indicator on small stores whose answers are known, and each refusal."""

from __future__ import annotations

import pytest

from tests.indicators.conftest import FactsFactory, row
from tradepulse.errors import DataNotFound, InvalidComparison
from tradepulse.indicators import (
    Series,
    acceleration,
    balance,
    contribution,
    implied_rate,
    level,
    mom,
    ranking,
    record,
    share,
    streak,
    vs_base_year,
    yoy,
    yoy_change,
)
from tradepulse.model import Period

P = Period.parse


def test_yoy_computed_beside_published_and_flagged(make_facts: FactsFactory) -> None:
    facts = make_facts(
        [
            row("total", "2019-11", 2.0e12, resolution=1e8),
            row("total", "2020-11", 2.2e12, resolution=1e8),
            row("total", "2020-11", 9.0, measure="yoy_pct_published", resolution=0.1),
        ]
    )
    r = yoy(facts, Series(), P("2020-11"))
    assert r.value == 9.0 and r.published == 9.0
    assert r.computed == pytest.approx(10.0)
    assert "differs from published" in r.flag
    assert {i.period for i in r.inputs} == {"2019-11", "2020-11"}


def test_yoy_within_rounding_is_not_flagged(make_facts: FactsFactory) -> None:
    facts = make_facts(
        [
            row("total", "2019-11", 2.87e12, resolution=1e10),
            row("total", "2020-11", 3.09e12, resolution=1e10),
            row("total", "2020-11", 7.8, measure="yoy_pct_published", resolution=0.1),
        ]
    )
    r = yoy(facts, Series(), P("2020-11"))
    assert r.computed == pytest.approx(7.665, abs=1e-3) and r.flag == ""


def test_missing_base_is_refused_unless_published(make_facts: FactsFactory) -> None:
    facts = make_facts(
        [
            row("export", "2020-11", 1.8e12),
            row("import", "2020-11", 1.3e12),
            row("import", "2020-11", -0.8, measure="yoy_pct_published"),
        ]
    )
    with pytest.raises(InvalidComparison, match="missing base"):
        yoy(facts, Series(flow="export"), P("2020-11"))
    r = yoy(facts, Series(flow="import"), P("2020-11"))
    assert r.value == -0.8 and r.computed is None and "missing base" in r.note


def test_january_february_month_is_refused(make_facts: FactsFactory) -> None:
    facts = make_facts(
        [row("total", "2021-02", 5.4e12, kind="ytd"), row("total", "2020-02", 4.1e12, kind="ytd")]
    )
    with pytest.raises(InvalidComparison, match="January and February"):
        yoy(facts, Series(), P("2021-02"))
    assert yoy(facts, Series(period_kind="ytd"), P("2021-02")).value == pytest.approx(
        100 * (5.4 / 4.1 - 1)
    )
    with pytest.raises(InvalidComparison):
        mom(facts, Series(), P("2021-03"))


def test_group_membership_change_is_refused(make_facts: FactsFactory) -> None:
    facts = make_facts(
        [
            row("total", "2019-03", 1.1e12, partner="EU", kind="ytd"),
            row("total", "2020-03", 0.9e12, partner="EU", kind="ytd"),
            row("total", "2021-03", 1.2e12, partner="EU", kind="ytd"),
        ]
    )
    with pytest.raises(InvalidComparison, match="EU changed membership"):
        yoy(facts, Series(partner="EU", period_kind="ytd"), P("2020-03"))
    # both years EU27: valid
    assert yoy(facts, Series(partner="EU", period_kind="ytd"), P("2021-03")).value == pytest.approx(
        100 * (1.2 / 0.9 - 1)
    )
    with pytest.raises(InvalidComparison):
        contribution(facts, Series(partner="EU", period_kind="ytd"), P("2020-03"))


def test_published_yoy_across_membership_change_is_kept_with_reason(
    make_facts: FactsFactory,
) -> None:
    facts = make_facts(
        [
            row("total", "2019-03", 1.1e12, partner="EU", kind="ytd"),
            row("total", "2020-03", 0.9e12, partner="EU", kind="ytd"),
            row("total", "2020-03", -10.4, partner="EU", kind="ytd", measure="yoy_pct_published"),
        ]
    )
    r = yoy(facts, Series(partner="EU", period_kind="ytd"), P("2020-03"))
    assert r.value == -10.4 and r.computed is None and "membership" in r.note


def test_total_is_derived_from_flows_when_not_published(make_facts: FactsFactory) -> None:
    facts = make_facts(
        [
            row("export", "2020-11", 268.1e9, currency="USD", resolution=1e8),
            row("import", "2020-11", 192.7e9, currency="USD", resolution=1e8),
        ]
    )
    r = level(facts, Series(currency="USD"), P("2020-11"))
    assert r.value == pytest.approx(460.8e9) and r.note == "exports + imports"
    assert len(r.inputs) == 2


def test_january_alone_is_the_year_to_date(make_facts: FactsFactory) -> None:
    facts = make_facts([row("total", "2019-01", 2.73e12)])
    assert level(facts, Series(period_kind="ytd"), P("2019-01")).value == 2.73e12


def test_change_in_level_stored_or_implied_by_the_published_rate(
    make_facts: FactsFactory,
) -> None:
    facts = make_facts(
        [
            row("total", "2023-12", 41.7568e12, kind="ytd", resolution=1e8),
            row("total", "2024-12", 43.85e12, kind="ytd", resolution=1e10),
            row("export", "2024-12", 25.45e12, kind="ytd", resolution=1e10),
            row("export", "2024-12", 7.1, kind="ytd", measure="yoy_pct_published", resolution=0.1),
            row("import", "2024-02", 2.0e12, kind="ytd"),
        ]
    )
    stored = yoy_change(facts, Series(period_kind="ytd"), P("2024-12"))
    assert stored.value == pytest.approx(2.0932e12) and stored.params["base"] == 41.7568e12
    implied = yoy_change(facts, Series(flow="export", period_kind="ytd"), P("2024-12"))
    assert implied.value == pytest.approx(25.45e12 * 7.1 / 107.1)
    # the rate's ±0.05 pp and the value's rounding leave a spread of about ±12 billion
    assert 15e9 < implied.resolution < 35e9
    with pytest.raises(InvalidComparison, match="no published rate"):
        yoy_change(facts, Series(flow="import", period_kind="ytd"), P("2024-02"))
    with pytest.raises(InvalidComparison, match="January and February"):
        yoy_change(facts, Series(flow="import"), P("2024-02"))


def test_mom_and_base_year_growth(make_facts: FactsFactory) -> None:
    facts = make_facts(
        [
            row("export", "2019-09", 100.0),
            row("export", "2021-09", 121.0),
            row("export", "2021-10", 110.0),
        ]
    )
    assert mom(facts, Series(flow="export"), P("2021-10")).value == pytest.approx(
        100 * (110 / 121 - 1)
    )
    r = vs_base_year(facts, Series(flow="export"), P("2021-09"), 2019)
    assert r.value == pytest.approx(21.0) and r.params["average_annual_pct"] == pytest.approx(10.0)
    with pytest.raises(InvalidComparison):
        vs_base_year(facts, Series(flow="export"), P("2021-09"), 2022)


def test_acceleration(make_facts: FactsFactory) -> None:
    facts = make_facts(
        [
            row("total", "2020-10", 1.1, kind="ytd", measure="yoy_pct_published"),
            row("total", "2020-11", 1.8, kind="ytd", measure="yoy_pct_published"),
        ]
    )
    r = acceleration(facts, Series(period_kind="ytd"), P("2020-11"))
    assert r.value == pytest.approx(0.7) and r.params["previous_yoy"] == 1.1


def test_share_rank_contribution(make_facts: FactsFactory) -> None:
    rows = []
    for year, vals in (
        ("2019", {"WLD": 100.0, "ASEAN": 14.0, "EU": 16.0, "USA": 13.0}),
        ("2021", {"WLD": 120.0, "ASEAN": 18.0, "EU": 17.0, "USA": 15.0}),
    ):
        for partner, v in vals.items():
            rows.append(row("total", f"{year}-11", v * 1e11, partner=partner, kind="ytd"))
    for partner, v in {"WLD": 110.0, "ASEAN": 16.0, "EU": 15.0, "USA": 14.0}.items():
        rows.append(row("total", "2020-11", v * 1e11, partner=partner, kind="ytd"))
    facts = make_facts(rows)
    s = Series(partner="ASEAN", period_kind="ytd")
    sh = share(facts, s, P("2021-11"))
    assert sh.value == pytest.approx(15.0)
    assert sh.params["change_pp"] == pytest.approx(15.0 - 16 / 110 * 100)
    ranked, _res = ranking(
        facts, Series(period_kind="ytd"), P("2021-11"), among=["ASEAN", "EU", "USA"]
    )
    assert [r.code for r in ranked] == ["ASEAN", "EU", "USA"]
    assert ranked[0].previous_rank == 1  # ASEAN already led in 2020
    c = contribution(facts, s, P("2021-11"))
    assert c.value == pytest.approx(100 * (18 - 16) / 110)


def test_balance_and_implied_rate(make_facts: FactsFactory) -> None:
    facts = make_facts(
        [
            row("export", "2020-11", 1.80e12),
            row("import", "2020-11", 1.29e12),
            row("export", "2019-11", 1.55e12),
            row("import", "2019-11", 1.32e12),
            row("total", "2020-11", 3.09e12),
            row("total", "2020-11", 460.7e9, currency="USD"),
        ]
    )
    b = balance(facts, P("2020-11"))
    assert b.value == pytest.approx(0.51e12)
    assert b.params["change_pct"] == pytest.approx(100 * (0.51 / 0.23 - 1))
    assert implied_rate(facts, P("2020-11")).value == pytest.approx(3.09e12 / 460.7e9)


def test_streak_and_record(make_facts: FactsFactory) -> None:
    rows = []
    base = {m: 100.0 for m in range(1, 13)}
    for m in range(1, 13):
        rows.append(row("export", f"2018-{m:02d}", base[m]))
    growth = [-2, -1, 3, 4, 5, -1, 2, 3, 4, 6, 7, 8]
    for m, g in enumerate(growth, start=1):
        rows.append(row("export", f"2019-{m:02d}", base[m] * (1 + g / 100)))
    facts = make_facts(rows)
    r = streak(facts, Series(flow="export"), P("2019-12"))
    assert r.value == 6 and r.params["direction"] == "growth"
    assert r.params["since"] == "2019-07" and r.params["at_least"] is False
    r = streak(facts, Series(flow="export"), P("2019-06"))
    assert r.value == 1 and r.params["direction"] == "decline"
    rec = record(facts, Series(flow="export"), P("2019-12"))
    assert rec.params["kind"] == "highest" and rec.params["record_of_history"] is True
    with pytest.raises(DataNotFound):
        streak(facts, Series(flow="import"), P("2019-12"))
