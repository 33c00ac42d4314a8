"""Published balances as their own series; a year to date derived from the month."""

from __future__ import annotations

import pytest

from tests.indicators.conftest import FactsFactory, row
from tradepulse.indicators import Series, balance, level
from tradepulse.model import Period

P = Period.parse


def test_year_to_date_is_the_shorter_one_plus_the_month(make_facts: FactsFactory) -> None:
    facts = make_facts(
        [
            row("export", "2024-04", 2919.49e8, currency="USD", kind="ytd", resolution=0.01e8),
            row(
                "export",
                "2024-05",
                3017.8e8,
                currency="USD",
                resolution=0.1e8,
                published="2030-02-01",
            ),
        ]
    )
    fact = facts.find(Series(flow="export", period_kind="ytd", currency="USD"), P("2024-05"))
    assert fact is not None
    assert fact.value == pytest.approx(2919.49e8 + 3017.8e8)
    assert fact.derived == "the year to date a month shorter plus the month"
    # both roundings, and the revision the shorter year to date may have had since
    assert fact.resolution == pytest.approx(0.01e8 + 0.1e8 + 2 * 0.001 * 2919.49e8)
    assert [i.period for i in fact.inputs] == ["2024-04", "2024-05"]
    r = level(facts, Series(flow="export", period_kind="ytd", currency="USD"), P("2024-05"))
    assert r.value == pytest.approx(5937.29e8)


def test_year_to_date_is_not_derived_from_derived_figures(make_facts: FactsFactory) -> None:
    facts = make_facts(
        [
            row("export", "2024-03", 1.0e12, kind="ytd"),
            row("export", "2024-05", 0.3e12),
        ]
    )
    # April's year to date is missing, so May's cannot be built from it
    assert facts.find(Series(flow="export", period_kind="ytd"), P("2024-05")) is None


def test_a_published_balance_is_used_as_published(make_facts: FactsFactory) -> None:
    facts = make_facts(
        [
            row("export", "2026-08", 4014.41e8, currency="USD", resolution=0.01e8),
            row("import", "2026-08", 2823.56e8, currency="USD", resolution=0.01e8),
            row("balance", "2026-08", 1190.85e8, currency="USD", resolution=0.01e8),
            row("balance", "2025-08", 1016.35e8, currency="USD", resolution=0.01e8),
        ]
    )
    b = balance(facts, P("2026-08"), currency="USD")
    assert b.value == pytest.approx(1190.85e8)
    assert b.resolution == pytest.approx(0.01e8)  # one published figure, not two
    assert b.params["change_pct"] == pytest.approx(100 * (1190.85 / 1016.35 - 1))
    assert all("balance" in i.series for i in b.inputs)
