"""Hypothesis: any plausible tidy series goes through the store and comes back unchanged.

Levels are drawn so that no partner exceeds the world and no series jumps 50x, and only
export and import figures are drawn (no total to add up): the plausibility rules have
their own tests.
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradepulse import api
from tradepulse.store.db import Store
from tradepulse.store.queries import SeriesQuery, series

row = st.fixed_dictionaries(
    {
        "flow": st.sampled_from(["export", "import"]),
        "partner": st.sampled_from(["WLD", "EU", "USA", "ASEAN", "JPN"]),
        "period": st.builds(
            lambda y, m: f"{y}-{m:02d}", st.integers(2000, 2040), st.integers(1, 12)
        ),
        "period_kind": st.sampled_from(["month", "ytd"]),
        "currency": st.sampled_from(["CNY", "USD"]),
        "measure": st.sampled_from(["value", "yoy_pct_published"]),
        "value": st.floats(1e11, 1e12, allow_nan=False, allow_infinity=False),
    }
)


def _plausible(r: dict[str, object]) -> dict[str, object]:
    value = float(r["value"])  # type: ignore[arg-type]
    if r["measure"] == "yoy_pct_published":
        value = round(value / 1e12 * 200 - 100, 3)  # within -100 ... +100%
    elif r["partner"] == "WLD":
        value *= 20  # the world above any partner
    return {**r, "value": value}


def _key(r: dict[str, object]) -> tuple[object, ...]:
    return (r["flow"], r["partner"], r["period"], r["period_kind"], r["currency"], r["measure"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(row.map(_plausible), min_size=1, max_size=30, unique_by=_key))
def test_tidy_roundtrip(rows: list[dict[str, object]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "series.csv"
        with src.open("w", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=[*rows[0].keys(), "unit"])
            writer.writeheader()
            for r in rows:
                unit = (
                    "percent"
                    if r["measure"] == "yoy_pct_published"
                    else {"CNY": "yuan", "USD": "dollar"}[str(r["currency"])]
                )
                writer.writerow({**r, "value": repr(r["value"]), "unit": unit})
        db = Path(tmp) / "t.duckdb"
        report = api.ingest([src], db)
        assert report.inserted == len(rows)
        assert api.ingest([src], db).added == 0  # idempotent
        with Store.reader(db) as store:
            back = series(store, SeriesQuery()).to_pylist()
        assert {_key(r): r["value"] for r in back} == {_key(r): r["value"] for r in rows}
