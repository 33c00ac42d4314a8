"""Growth: level, year on year (computed beside published) and its change in level, month
on month, growth against a base year with its average annual rate, and acceleration against
the previous period."""

from __future__ import annotations

from ..errors import InvalidComparison
from ..model import GROUPS, Period, membership_at
from .facts import Fact, Facts, Series, combined_jan_feb
from .result import Result

#: Published rates are printed to 0.1: they may differ from an exact computation by 0.05.
RATE_ROUNDING = 0.05


def level(facts: Facts, s: Series, period: Period) -> Result:
    fact = facts.get(s, period)
    params: dict[str, object] = {}
    inputs = fact.inputs
    if not fact.derived:
        first = facts.first_reported(s, period)
        if first is not None:
            params.update(first_reported=first.value, first_release=first.release_title)
            inputs = (*inputs, first)
    return Result(
        "level",
        fact.value,
        _unit(fact),
        s.describe(),
        str(period),
        inputs,
        params,
        note=fact.derived,
        resolution=fact.resolution,
    )


def _unit(fact: Fact) -> str:
    return fact.inputs[0].unit if fact.inputs else ""


def membership_changed(partner: str, a: Period, b: Period) -> str | None:
    """Why a growth rate between a and b would compare different groups, or None."""
    if partner not in GROUPS:
        return None
    ma, mb = membership_at(partner, a), membership_at(partner, b)
    if ma is None or mb is None:
        return f"{partner} is not defined for {a if ma is None else b}"
    if ma != mb:
        return f"{partner} changed membership between {b} and {a} ({mb.note} -> {ma.note})"
    return None


def _rate_resolution(cur: Fact, base: Fact) -> float:
    """How far apart (pp) the rates the rounded inputs allow can lie: 13.7 over 12.6 (each
    rounded to 0.1) may be anything from 7.9% to 9.6%."""
    ratio = cur.value / base.value
    return (
        2
        * 100
        * ratio
        * (cur.resolution / 2 / abs(cur.value) + base.base_resolution / 2 / abs(base.value))
    )


def _rate_tolerance(cur: Fact, base: Fact) -> float:
    return RATE_ROUNDING + _rate_resolution(cur, base) / 2


def _base(facts: Facts, s: Series, period: Period) -> Fact | None:
    """The figure a year before `period`, unless only this period's own published rate
    implies it (a rate computed on that base would just return the rate)."""
    base = facts.as_base(s, period.shift_years(-1))
    rate = s.with_(measure="yoy_pct_published").describe()
    if base is not None and any(i.series == rate and i.period == str(period) for i in base.inputs):
        return None
    return base


def yoy(facts: Facts, s: Series, period: Period) -> Result:
    """Year-on-year % change: computed from stored values and, beside it, the published rate.

    The result's value is the published rate where GACC published one (it is computed on
    revised bases), else tradepulse's computation. A computation across a January-February
    combined month, a missing base or a group membership change is refused; a published
    rate is still returned then, with the reason in `note`.
    """
    if s.measure != "value":
        raise InvalidComparison("year-on-year growth applies to values")
    base_period = period.shift_years(-1)
    published_fact = facts.find(s.with_(measure="yoy_pct_published"), period)
    if s.period_kind == "month" and combined_jan_feb(period):
        raise InvalidComparison(
            f"{period} alone is not published (January and February come out combined)",
            hint="compare the January-February year to date instead",
        )
    reason = None
    computed = None
    computed_resolution = 0.0
    inputs: tuple = ()
    flag = ""
    changed = membership_changed(s.partner, period, base_period)
    cur = facts.find(s, period)
    base = _base(facts, s, period)
    if changed:
        reason = changed
    elif cur is None:
        reason = f"no figure for {s.describe()} {period}"
    elif base is None:
        reason = f"missing base: no figure for {s.describe()} {base_period}"
    elif base.value <= 0:
        reason = f"base {s.describe()} {base_period} is not positive"
    else:
        computed = 100 * (cur.value / base.value - 1)
        computed_resolution = _rate_resolution(cur, base)
        inputs = cur.inputs + base.inputs
        if published_fact is not None:
            gap = abs(computed - published_fact.value)
            if gap > _rate_tolerance(cur, base) + published_fact.resolution / 2:
                flag = (
                    f"computed {computed:.2f}% differs from published "
                    f"{published_fact.value:g}% beyond rounding (revised base?)"
                )
    if published_fact is None and computed is None:
        raise InvalidComparison(f"no year-on-year rate for {s.describe()} {period}: {reason}")
    published = published_fact.value if published_fact else None
    if published_fact is not None:
        inputs = inputs + published_fact.inputs
    value = published if published is not None else computed
    assert value is not None
    params: dict[str, object] = {"base_period": str(base_period)}
    if published_fact is not None:
        first = facts.first_reported(s.with_(measure="yoy_pct_published"), period)
        if first is not None:
            params.update(first_reported=first.value, first_release=first.release_title)
            inputs = (*inputs, first)
    return Result(
        "yoy_pct",
        value,
        "percent",
        s.describe(),
        str(period),
        inputs,
        params,
        computed,
        published,
        flag,
        note=f"computation refused: {reason}" if reason else "",
        resolution=published_fact.resolution if published_fact else computed_resolution,
    )


def yoy_change(facts: Facts, s: Series, period: Period) -> Result:
    """Year-on-year change in level ("trade grew by 2.1 trillion yuan"): this period's value
    less the same period's a year before; where that base is not stored, the base GACC's
    published rate implies (cur / (1 + rate)), with the spread its rounding allows."""
    if s.measure != "value":
        raise InvalidComparison("a change in level applies to values")
    if s.period_kind == "month" and combined_jan_feb(period):
        raise InvalidComparison(
            f"{period} alone is not published (January and February come out combined)",
            hint="compare the January-February year to date instead",
        )
    base_period = period.shift_years(-1)
    changed = membership_changed(s.partner, period, base_period)
    if changed:
        raise InvalidComparison(changed)
    cur = facts.get(s, period)
    stored = _base(facts, s, period)
    params: dict[str, object] = {"base_period": str(base_period)}
    if stored is not None:
        base, inputs, spread = stored.value, cur.inputs + stored.inputs, stored.base_resolution
        spread += cur.resolution
    else:
        rate = facts.find(s.with_(measure="yoy_pct_published"), period)
        if rate is None:
            raise InvalidComparison(
                f"no change in level for {s.describe()} {period}: no figure for {base_period} "
                "and no published rate to imply it"
            )
        base, inputs = cur.value / (1 + rate.value / 100), cur.inputs + rate.inputs
        params["note"] = "last year's value implied by the published rate"
        # the implied base moves with the current value's rounding and the rate's
        change = cur.value - base
        spread = cur.resolution * abs(change / cur.value) + base * rate.resolution / 100 / (
            1 + rate.value / 100
        )
    value = cur.value - base
    return Result(
        "yoy_change",
        value,
        _unit(cur),
        s.describe(),
        str(period),
        inputs,
        {**params, "base": base},
        computed=value,
        resolution=spread,
    )


def mom(facts: Facts, s: Series, period: Period) -> Result:
    """Month-on-month % change of a month series."""
    if s.period_kind != "month":
        raise InvalidComparison("month-on-month change applies to single months")
    prev = period.shift_months(-1)
    for p in (period, prev):
        if combined_jan_feb(p):
            raise InvalidComparison(
                f"{p} alone is not published (January and February come out combined)"
            )
    cur, base = facts.get(s, period), facts.get(s, prev)
    value = 100 * (cur.value / base.value - 1)
    return Result(
        "mom_pct",
        value,
        "percent",
        s.describe(),
        str(period),
        cur.inputs + base.inputs,
        {"base_period": str(prev)},
        computed=value,
        resolution=_rate_resolution(cur, base),
    )


def vs_base_year(facts: Facts, s: Series, period: Period, base_year: int) -> Result:
    """Growth against the same period of a chosen base year, and its average annual rate."""
    years = period.year - base_year
    if years <= 0:
        raise InvalidComparison(f"base year {base_year} is not before {period.year}")
    base_period = Period(base_year, period.month)
    changed = membership_changed(s.partner, period, base_period)
    if changed:
        raise InvalidComparison(changed)
    cur, base = facts.get(s, period), facts.get(s, base_period)
    growth = 100 * (cur.value / base.value - 1)
    cagr = 100 * ((cur.value / base.value) ** (1 / years) - 1)
    return Result(
        "growth_vs_base_year_pct",
        growth,
        "percent",
        s.describe(),
        str(period),
        cur.inputs + base.inputs,
        {"base_period": str(base_period), "average_annual_pct": cagr, "years": years},
        computed=growth,
        resolution=_rate_resolution(cur, base),
    )


def acceleration(facts: Facts, s: Series, period: Period) -> Result:
    """YoY at `period` minus YoY at the previous period, in percentage points."""
    if period.month == 1 and s.period_kind == "ytd":
        raise InvalidComparison("January's year to date has no shorter one to compare with")
    prev = period.shift_months(-1)
    if s.period_kind == "ytd" and combined_jan_feb(prev) and prev.month == 1:
        raise InvalidComparison(
            f"{prev} year to date is not published (January and February come out combined)"
        )
    now, before = yoy(facts, s, period), yoy(facts, s, prev)
    diff = now.value - before.value
    return Result(
        "acceleration_pp",
        diff,
        "pp",
        s.describe(),
        str(period),
        now.inputs + before.inputs,
        {"previous_period": str(prev), "previous_yoy": before.value, "yoy": now.value},
        computed=diff,
    )
