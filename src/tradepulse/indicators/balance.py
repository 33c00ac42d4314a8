"""Balance (exports minus imports) and its change; the implied CNY/USD rate of a period."""

from __future__ import annotations

from ..model import Period
from .facts import Facts, Input, Series
from .result import Result


def _level(
    facts: Facts, s: Series, period: Period
) -> tuple[float, float, tuple[Input, ...]] | None:
    """The balance as published (MOFCOM, GACC's total table), else exports minus imports."""
    published = facts.find(s.with_(flow="balance"), period)
    if published is not None:
        return published.value, published.resolution, published.inputs
    e, i = facts.find(s.with_(flow="export"), period), facts.find(s.with_(flow="import"), period)
    if e is None or i is None:
        return None
    return e.value - i.value, e.resolution + i.resolution, e.inputs + i.inputs


def balance(
    facts: Facts,
    period: Period,
    *,
    kind: str = "month",
    currency: str = "CNY",
    partner: str = "WLD",
) -> Result:
    """Exports minus imports (positive: surplus), with the change against a year earlier.

    A balance its source publishes is used as published; otherwise it is computed.
    """
    s = Series(partner=partner, period_kind=kind, currency=currency)
    level = _level(facts, s, period)
    if level is None:
        facts.get(s.with_(flow="export"), period)  # says which figure is missing
        facts.get(s.with_(flow="import"), period)
    assert level is not None
    value, resolution, inputs = level
    params: dict[str, object] = {}
    prev = period.shift_years(-1)
    # GACC's growth rates are against last year's revised figures: where both flows'
    # published rates are held, the balance's change is taken against the base they imply
    # (a balance is a small difference of large flows, so first-published bases move its
    # change by several points); else against last year's stored balance.
    e, i = (
        facts.find(s.with_(flow="export"), period),
        facts.find(s.with_(flow="import"), period),
    )
    implied = _implied_change(facts, s, period, e.value, i.value) if e and i else None
    before_level = _level(facts, s, prev)
    if before_level is not None:
        before = before_level[0]
        params.update(previous=before, previous_period=str(prev), change=value - before)
        if before > 0 and implied is None:
            params["change_pct"] = 100 * (value / before - 1)
        inputs += before_level[2]
    if implied is not None:
        change, uncertainty, used = implied
        params.update(
            change_pct=change,
            change_pct_uncertainty=uncertainty,
            note="last year's balance implied by the published growth rates",
        )
        inputs += used
    return Result(
        "balance",
        value,
        inputs[0].unit,
        f"balance {partner} {kind} {currency}",
        str(period),
        inputs,
        params,
        computed=value,
        resolution=resolution,
    )


def _implied_change(
    facts: Facts, s: Series, period: Period, exports: float, imports: float
) -> tuple[float, float, tuple[Input, ...]] | None:
    """The balance's % change when last year's figures are not stored but this year's
    published growth rates imply them; with the spread the rates' rounding allows."""
    ge = facts.find(s.with_(flow="export", measure="yoy_pct_published"), period)
    gi = facts.find(s.with_(flow="import", measure="yoy_pct_published"), period)
    if ge is None or gi is None:
        return None
    outcomes = []
    for de in (-ge.resolution / 2, ge.resolution / 2):
        for di in (-gi.resolution / 2, gi.resolution / 2):
            before = exports / (1 + (ge.value + de) / 100) - imports / (1 + (gi.value + di) / 100)
            if before <= 0:
                return None
            outcomes.append(100 * ((exports - imports) / before - 1))
    mid = (max(outcomes) + min(outcomes)) / 2
    return mid, (max(outcomes) - min(outcomes)) / 2, ge.inputs + gi.inputs


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
