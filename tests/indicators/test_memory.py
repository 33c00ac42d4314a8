"""The in-memory index answers what the store's own SQL answers: the figures in force for
any date, with any releases withheld, and lookups by series and period."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa
import pytest

from tradepulse.indicators import Facts, Series
from tradepulse.indicators.memory import MAX_STATES, FactIndex, period_key, period_of
from tradepulse.model import Period
from tradepulse.store.db import Store, fetch_arrow

KEY = [
    "reporter",
    "flow",
    "partner",
    "breakdown_kind",
    "breakdown_scheme",
    "breakdown_code",
    "period",
    "period_kind",
    "currency",
    "measure",
]


def _in_force_sql(store: Store, as_of: date | None, withheld: tuple[int, ...]) -> set[tuple]:
    keys = ", ".join(KEY)
    table = fetch_arrow(
        store.con,
        f"""SELECT {keys}, release_id, value FROM (
               SELECT *, row_number() OVER (PARTITION BY {keys} ORDER BY vintage_rank) AS r
               FROM vintages(NULL)
               WHERE (?::DATE IS NULL OR published <= ?::DATE)
                 AND NOT list_contains(?::INTEGER[], release_id)
                 -- a lone tier-4 report is never in force; corroboration is counted over
                 -- every stored source, also those published after the date
                 AND vintage_rank IS NOT NULL)
            WHERE r = 1""",
        [as_of, as_of, list(withheld)],
    )
    return set(zip(*(table[c].to_pylist() for c in table.column_names), strict=True))


def _same(memory: set[tuple], sql: set[tuple]) -> bool:
    """The same keys in force, each with one of the store's figures for it (a key held
    under two breakdown schemes has two rows in force in SQL; Facts answers with one)."""

    def key(row: tuple) -> tuple:
        return tuple(v for i, v in enumerate(row[: len(KEY)]) if KEY[i] != "breakdown_scheme")

    return memory <= sql and {key(r) for r in memory} == {key(r) for r in sql}


def _in_force_memory(facts: Facts) -> set[tuple]:
    t = facts.index.table.filter(pa.array(facts.state.in_force)).select(
        [*KEY, "release_id", "value"]
    )
    return set(zip(*(t[c].to_pylist() for c in t.column_names), strict=True))


@pytest.mark.parametrize("as_of", [None, date(2019, 1, 15), date(2021, 6, 30), date(2025, 3, 1)])
def test_in_force_matches_the_store_for_any_date(embedded_db: Path, as_of: date | None) -> None:
    with Store.reader(embedded_db) as store:
        assert _same(_in_force_memory(Facts(store, as_of)), _in_force_sql(store, as_of, ()))


def test_withheld_releases_are_as_if_never_stored(embedded_db: Path) -> None:
    with Store.reader(embedded_db) as store:
        # the releases behind China's total trade in force for 2019, withheld
        latest = Facts(store)
        s = Series(flow="total", period_kind="ytd", currency="CNY")
        facts = [latest.find(s, Period(2019, m)) for m in range(1, 13)]
        withheld = tuple(sorted({i.release_id for f in facts if f for i in f.inputs}))
        assert withheld
        facts_without = Facts(store, date(2020, 6, 1), frozenset(withheld))
        assert _same(
            _in_force_memory(facts_without), _in_force_sql(store, date(2020, 6, 1), withheld)
        )
        for m in range(1, 13):
            fact = facts_without.find(s, Period(2019, m))
            assert fact is None or not {i.release_id for i in fact.inputs} & set(withheld)
        held = [facts_without.withheld(s, Period(2019, m)) for m in range(1, 13)]
        assert any(held)
        assert all(i.release_id in withheld for inputs in held for i in inputs)


def test_series_lookups_agree_with_sql(embedded_db: Path) -> None:
    with Store.reader(embedded_db) as store:
        facts = Facts(store)
        s = Series(flow="export", period_kind="month", currency="USD")
        rows = fetch_arrow(
            store.con,
            f"""SELECT period, value FROM {facts.view} WHERE flow = 'export'
               AND partner = 'WLD' AND breakdown_kind = '' AND currency = 'USD'
               AND measure = 'value' AND period_kind = 'month' ORDER BY period""",
        )
        assert facts.values(s) == dict(
            zip(rows["period"].to_pylist(), rows["value"].to_pylist(), strict=True)
        )
        latest = facts.latest_period(s)
        assert latest is not None and str(latest) == rows["period"].to_pylist()[-1]
        one = next(iter(facts.values(s).items()))
        near = facts.near(s, one[1], 0.0)
        assert {"period": one[0], "period_kind": "month"}.items() <= near[0].items()


def test_period_keys_round_trip() -> None:
    assert period_of(period_key("2024-07", "ytd")) == ("2024-07", "ytd")
    assert (
        period_key("2024-07", "month")
        < period_key("2024-07", "ytd")
        < period_key("2024-08", "month")
    )


def test_index_is_read_once_per_unchanged_file(embedded_db: Path) -> None:
    with Store.reader(embedded_db) as a:
        first = FactIndex.of(a)
    with Store.reader(embedded_db) as b:
        assert FactIndex.of(b) is first
        Facts(b).view  # noqa: B018 - registers the view on this connection
        assert fetch_arrow(b.con, f"SELECT count(*) AS n FROM {Facts(b).view}")["n"][0].as_py()


def test_states_are_bounded_and_the_latest_stays(embedded_db: Path) -> None:
    with Store.reader(embedded_db) as store:
        index = FactIndex.of(store)
        latest = index.state(None, frozenset())
        for day in range(1, MAX_STATES + 10):
            index.state(date(2020, 1, 1) + timedelta(days=day), frozenset({day}))
        assert len(index._states) <= MAX_STATES
        assert index.state(None, frozenset()) is latest
