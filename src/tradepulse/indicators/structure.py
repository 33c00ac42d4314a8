"""Structure: shares and their change, ranks and their change, contributions to growth."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import DataNotFound, InvalidComparison
from ..model import ASEAN10, EU27, GROUPS, Period
from .facts import Fact, Facts, Series
from .growth import membership_changed
from .result import Result

#: Partners ranked against each other in "largest trading partners": blocs GACC reports as
#: one partner (ASEAN, EU) and economies outside them; overlapping groupings are not ranked.
NOT_RANKED = {"WLD", "RCEP", "BRI", "LATAM", "AFRICA", "APEC"}


def whole_of(part: Series) -> Series:
    """The total a part is a share of: all partners, or no breakdown, same flow."""
    if part.breakdown_kind:
        return part.with_(breakdown_kind="", breakdown_code="")
    return part.with_(partner="WLD")


def share(facts: Facts, part: Series, period: Period, whole: Series | None = None) -> Result:
    """Share of `part` in `whole` (default: the same flow's total), with the change in share
    against the same period a year earlier in percentage points where the data allow."""
    whole = whole or whole_of(part)
    p, w = facts.get(part, period), facts.get(whole, period)
    value = 100 * p.value / w.value
    published = facts.find(part.with_(measure="share_pct_published"), period)
    params: dict[str, object] = {"whole": whole.describe()}
    inputs = p.inputs + w.inputs
    prev = period.shift_years(-1)
    pp_, pw = facts.find(part, prev), facts.find(whole, prev)
    if pp_ is not None and pw is not None and not membership_changed(part.partner, period, prev):
        before = 100 * pp_.value / pw.value
        params.update(previous_share=before, change_pp=value - before, previous_period=str(prev))
        inputs += pp_.inputs + pw.inputs
    flag = ""
    # how far apart the shares the rounded levels allow can lie (a level derived from
    # other figures, such as a base a later rate implies, may allow several points)
    spread = 2 * value * (p.resolution / 2 / abs(p.value) + w.resolution / 2 / abs(w.value))
    if published is not None:
        tol = (
            0.05
            + published.resolution / 2
            + value * (p.resolution / 2 / p.value + w.resolution / 2 / w.value)
        )
        if abs(published.value - value) > tol:
            flag = f"computed {value:.2f}% differs from published {published.value:g}%"
        inputs += published.inputs
    return Result(
        "share_pct",
        value,
        "percent",
        part.describe(),
        str(period),
        inputs,
        params,
        computed=value,
        published=published.value if published else None,
        flag=flag,
        resolution=published.resolution if published is not None else spread,
    )


@dataclass(frozen=True)
class Ranked:
    code: str
    value: float
    rank: int
    previous_rank: int | None


def rankable_partners() -> list[str]:
    members = EU27 | ASEAN10 | {"GBR"}
    from ..model import PARTNER_NAMES

    codes = sorted(set(PARTNER_NAMES.values()))
    return [c for c in codes if c not in NOT_RANKED and (c not in members or c in GROUPS)]


def ranking(
    facts: Facts, base: Series, period: Period, among: list[str] | None = None, by: str = "partner"
) -> tuple[list[Ranked], Result]:
    """Rank partners (or breakdown codes) by value, with last year's rank for each.

    Returns the ranked list and a Result whose value is the number ranked; its inputs are
    every figure compared. Parts missing in the data are left out of the ranking, and the
    result's note says which.
    """
    among = among or (rankable_partners() if by == "partner" else [])
    values: dict[str, Fact] = {}
    before: dict[str, float] = {}
    prev = period.shift_years(-1)
    for code in among:
        s = base.with_(partner=code) if by == "partner" else base.with_(breakdown_code=code)
        fact = facts.find(s, period)
        if fact is not None:
            values[code] = fact
            last = facts.find(s, prev)
            if last is not None:
                before[code] = last.value
    if len(values) < 2:
        raise DataNotFound(f"fewer than two {by}s to rank for {base.describe()} {period}")
    order = sorted(values, key=lambda c: values[c].value, reverse=True)
    # last year's rank among the partners present in both years: comparable only when
    # the leaders this year were all reported last year too
    prev_order = sorted(before, key=lambda c: before[c], reverse=True)
    complete_before = all(c in before for c in order[:3])
    ranked = [
        Ranked(
            c,
            values[c].value,
            i + 1,
            prev_order.index(c) + 1 if complete_before and c in before else None,
        )
        for i, c in enumerate(order)
    ]
    missing = [c for c in among if c not in values]
    inputs = tuple(i for c in order for i in values[c].inputs)
    result = Result(
        "rank",
        float(len(ranked)),
        "rank",
        base.describe(),
        str(period),
        inputs,
        {"order": order, "previous_order": prev_order if complete_before else None},
        note=f"not in the data: {', '.join(missing)}" if missing else "",
    )
    return ranked, result


def contribution(facts: Facts, part: Series, period: Period, whole: Series | None = None) -> Result:
    """Contribution of a part to the whole's year-on-year growth, in percentage points:
    the part's change over the whole's value a year earlier."""
    whole = whole or whole_of(part)
    prev = period.shift_years(-1)
    changed = membership_changed(part.partner, period, prev)
    if changed:
        raise InvalidComparison(changed)
    now, then, base = facts.get(part, period), facts.get(part, prev), facts.get(whole, prev)
    value = 100 * (now.value - then.value) / base.value
    return Result(
        "contribution_pp",
        value,
        "pp",
        part.describe(),
        str(period),
        now.inputs + then.inputs + base.inputs,
        {"whole": whole.describe(), "base_period": str(prev)},
        computed=value,
    )
