"""The month's account, written from the indicators, with charts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..errors import DataNotFound, UsageError
from ..indicators import Facts
from ..model import Period
from ..store.db import Store, fetch_one
from .charts import build_charts
from .compose import Bulletin, compose
from .render import to_html, to_json, to_markdown

FORMATS = ("md", "html", "json")
CURRENCIES = {"CNY": ("CNY",), "USD": ("USD",), "both": ("CNY", "USD")}


def latest_month(store: Store, as_of: date | None = None) -> Period:
    row = fetch_one(
        store.con,
        "SELECT max(period) FROM latest(?::DATE) WHERE partner = 'WLD' "
        "AND breakdown_kind = '' AND measure IN ('value', 'yoy_pct_published')",
        [as_of],
    )
    if not row or not row[0]:
        raise DataNotFound("the store holds no headline figures")
    return Period.parse(row[0])


def make_bulletin(
    store: Store,
    period: Period | None = None,
    currency: str = "both",
    as_of: date | None = None,
    charts: bool = True,
) -> Bulletin:
    if currency not in CURRENCIES:
        raise UsageError(f"--currency {currency!r} is not one of CNY, USD, both")
    period = period or latest_month(store, as_of)
    # the month's account cites the record itself, agencies and wires (tiers 1-3): an
    # outlet's figure, even corroborated, is evidence for checking, not a source to cite
    facts = Facts(store, as_of, max_tier=3)
    bulletin = compose(facts, period, CURRENCIES[currency])
    if charts:
        bulletin.charts = build_charts(facts, period)
    return bulletin


def render(bulletin: Bulletin, fmt: str, out: Path | None = None) -> str:
    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt!r} is not one of {', '.join(FORMATS)}")
    if fmt == "md":
        return to_markdown(bulletin, out)
    if fmt == "html":
        return to_html(bulletin)
    return to_json(bulletin)


__all__ = ["Bulletin", "latest_month", "make_bulletin", "render"]
