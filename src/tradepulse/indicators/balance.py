"""Balance (exports minus imports) and its change; the implied CNY/USD rate of a period."""

from __future__ import annotations

from ..model import Period
from .facts import Facts, Series
from .result import Result


def balance(
    facts: Facts,
    period: Period,
    *,
    kind: str = "month",
    currency: str = "CNY",
    partner: str = "WLD",
) -> Result:
    """Exports minus imports (positive: surplus), with the change against a year earlier."""
    s = Series(partner=partner, period_kind=kind, currency=currency)
    e, i = facts.get(s.with_(flow="export"), period), facts.get(s.with_(flow="import"), period)
    value = e.value - i.value
    params: dict[str, object] = {}
    inputs = e.inputs + i.inputs
    prev = period.shift_years(-1)
    pe, pi = facts.find(s.with_(flow="export"), prev), facts.find(s.with_(flow="import"), prev)
    if pe is not None and pi is not None:
        before = pe.value - pi.value
        params.update(previous=before, previous_period=str(prev), change=value - before)
        if before > 0:
            params["change_pct"] = 100 * (value / before - 1)
        inputs += pe.inputs + pi.inputs
    return Result(
        "balance",
        value,
        e.inputs[0].unit,
        f"balance {partner} {kind} {currency}",
        str(period),
        inputs,
        params,
        computed=value,
        resolution=e.resolution + i.resolution,
    )


def implied_rate(
    facts: Facts, period: Period, *, kind: str = "month", flow: str = "total"
) -> Result:
    """Yuan per dollar implied by the same figure published in both currencies."""
    s = Series(flow=flow, period_kind=kind)
    cny, usd = facts.get(s, period), facts.get(s.with_(currency="USD"), period)
    value = cny.value / usd.value
    return Result(
        "implied_cny_per_usd",
        value,
        "rate",
        s.describe(),
        str(period),
        cny.inputs + usd.inputs,
        computed=value,
    )
