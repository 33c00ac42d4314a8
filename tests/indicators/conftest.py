from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tradepulse import api
from tradepulse.indicators import Facts
from tradepulse.store.db import Store

FIELDS = [
    "flow",
    "partner",
    "period",
    "period_kind",
    "currency",
    "measure",
    "value",
    "unit",
    "breakdown_kind",
    "breakdown_code",
    "resolution",
    "publisher",
    "title",
    "source",
    "published",
]


def row(
    flow: str,
    period: str,
    value: float,
    *,
    partner: str = "WLD",
    kind: str = "month",
    currency: str = "CNY",
    measure: str = "value",
    bk: str = "",
    bc: str = "",
    resolution: float = 0.0,
    published: str = "2030-01-01",
) -> dict[str, object]:
    unit = "percent" if measure != "value" else ("yuan" if currency == "CNY" else "dollar")
    return {
        "flow": flow,
        "partner": partner,
        "period": period,
        "period_kind": kind,
        "currency": currency,
        "measure": measure,
        "value": value,
        "unit": unit,
        "breakdown_kind": bk,
        "breakdown_code": bc,
        "resolution": resolution,
        "publisher": "Test",
        "title": f"test release {published}",
        "source": f"https://example.org/{published}",
        "published": published,
    }


FactsFactory = Callable[[list[dict[str, object]]], Facts]


@pytest.fixture
def make_facts(tmp_path: Path) -> Iterator[FactsFactory]:
    opened: list[object] = []

    def build(rows: list[dict[str, object]]) -> Facts:
        path = tmp_path / f"data{len(opened)}.csv"
        with path.open("w", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=FIELDS)
            writer.writeheader()
            writer.writerows(rows)
        db = tmp_path / f"db{len(opened)}.duckdb"
        api.ingest([path], db)
        ctx = Store.reader(db)
        store = ctx.__enter__()
        opened.append(ctx)
        return Facts(store)

    yield build
    for ctx in opened:
        ctx.__exit__(None, None, None)  # type: ignore[attr-defined]
