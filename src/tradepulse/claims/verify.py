"""Verdicts: each claim against the official figures, with the tolerance its rounding allows.

supported · refuted (with the likely slip) · misdated (right for another period, named) ·
unverifiable (what is missing) · restored (a lost number put back) · out_of_scope.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..errors import DataNotFound, InvalidComparison
from ..indicators import (
    Facts,
    Result,
    Series,
    balance,
    level,
    mom,
    share,
    vs_base_year,
    yoy,
    yoy_change,
)
from ..model import MONTH_TITLES, Period
from .interpret import Claim, ClaimPeriod, other_currency

APPROX_LOOSE = {"about", "around", "roughly", "approximately", "some"}
APPROX_BELOW = {"nearly", "almost", "close to"}
APPROX_ABOVE = {"over", "more than", "above", "exceeding", "exceeded", "at least"}
APPROX_UNDER = {"under", "less than"}
#: GACC computes growth against revised bases; a rate tradepulse computes from stored
#: preliminary figures may differ from the published one by this much.
COMPUTED_RATE_ALLOWANCE = 0.5
#: A balance is exports less imports; GACC revises a month's flows by a few hundredths of
#: a percent in later releases, which moves the balance by this share of the two flows.
BALANCE_REVISION_SHARE = 0.0003
#: A rate computed from inputs so coarsely rounded that it could lie anywhere in a range
#: wider than this (pp, or this share of the rate itself) can neither support nor refute
#: a claim: 4.4 over 3.6 (rounded to 0.1) allows 19% to 25%, which still decides "20.2%";
#: a month derived from two rounded year-to-date totals may allow -30% to +30%, which not.
#: A conversion more than this far from the figure it converts, at every rate of the
#: time, is wrong (rates implied by monthly figures lag the day's rate by a few percent)
CONVERSION_REFUTE_SHARE = 0.1
#: … and one within this share of a rate of the time is a conversion at that rate
CONVERSION_SUPPORT_SHARE = 0.05
MAX_RATE_SPREAD = 3.0
MAX_RATE_SPREAD_SHARE = 0.3
#: A computed rate supports a claim only if its rounding spread (± pp) is within this (or
#: the claim's own tolerance); wider, a match is only consistency.
MAX_SUPPORT_SPREAD = 1.5
#: Likewise an amount derived from rounded totals ("5.6 trillion" less 5.5 trillion) whose
#: range is wider than this share of itself and far wider than the claim's own rounding.
MAX_AMOUNT_SPREAD_SHARE = 0.1
#: An amount whose ± spread exceeds this share of itself (and 4× the claim's rounding)
#: shows only consistency: 570 ± 20 billion cannot confirm "586.81 billion".
MAX_SUPPORT_SPREAD_SHARE = 0.025
MEASURE_OF = {
    "value": "value",
    "conversion": "value",
    "yoy": "yoy_pct_published",
    "share": "share_pct_published",
    "quantity": "quantity",
}


@dataclass
class Check:
    verdict: str
    official: float | None = None
    official_unit: str = ""
    result: Result | None = None
    tolerance: float | None = None
    explanation: str = ""
    matched_currency: str | None = None
    misdated_to: ClaimPeriod | None = None
    alternatives: list[str] = field(default_factory=list)
    #: False when a figure is misdated by a match elsewhere, the data holding none for
    #: the period it states (weaker evidence: see honest.py)
    own_period_held: bool = True
    #: the official figure for the claim's own period, when it is misdated to another
    own: Result | None = None
    #: misdated to a sibling series of the same period, not to another period: the
    #: element that differs ("flow" or "subject")
    sibling: str = ""


def series_for(c: Claim, currency: str | None = None, measure: str = "value") -> Series:
    kind, code = "", ""
    if c.enterprise_type:
        kind, code = "enterprise_type", c.enterprise_type
    elif c.trade_mode:
        kind, code = "trade_mode", c.trade_mode
    elif c.commodity:
        kind, code = "commodity", c.commodity
    flow = c.flow if c.flow in ("total", "export", "import") else "total"
    assert c.period is not None
    return Series(
        flow=flow,
        partner=c.partner,
        breakdown_kind=kind,
        breakdown_code=code,
        period_kind=c.period.series_kind,
        currency=currency or c.currency or "CNY",
        measure=measure,
    )


def significant_digits(c: Claim) -> int:
    """How precisely a figure is stated: '478.4 billion' has four digits, '1.53' three."""
    number = re.search(r"\d[\d,.]*", c.mention.text)
    return len(re.sub(r"\D", "", number.group(0)).lstrip("0")) if number else 0


def tolerance(c: Claim) -> float:
    m = c.mention
    if (
        m.kind in ("quantity", "amount")
        and m.decimals == 0
        and m.number is not None
        and abs(m.number) >= 1000
        and m.number == int(m.number)
    ):
        # "55,400 tons" is rounded to the hundred: its trailing zeros are no digits
        digits = str(abs(int(m.number)))
        zeros = min(len(digits) - len(digits.rstrip("0")), len(digits) - 2)
        return 0.5 * 10.0**zeros * m.scale
    return 0.5 * 10.0**-m.decimals * m.scale


def matches(c: Claim, claimed: float, official: float, tol: float) -> bool:
    approx = c.mention.approx
    if approx and claimed < 0:
        # "a decline of over 10%": bounds apply to the size of the fall
        if official > tol:
            return False
        claimed, official = -claimed, -official
    if approx in APPROX_ABOVE:
        return official >= claimed - tol and official <= abs(claimed) * 1.25 + tol
    if approx in APPROX_UNDER:
        return official <= claimed + tol and official >= claimed * 0.75 - tol
    if approx in APPROX_BELOW:
        return claimed - max(0.03 * abs(claimed), tol) - tol <= official <= claimed + tol
    if approx in APPROX_LOOSE:
        return abs(official - claimed) <= max(tol, 0.03 * abs(claimed))
    if (
        c.mention.kind == "amount"
        and claimed > 0
        and claimed - tolerance(c) <= official <= claimed + 3 * tolerance(c)
    ):
        return True  # amounts are often truncated, not rounded ("$656.5 billion" for 656.58)
    return abs(official - claimed) <= tol + 1e-9 * max(1.0, abs(official))


GAP_WORDS = re.compile(
    r"(?:faster|slower|higher|lower|more|less) than (?:the |china's |the nation's |the "
    r"country's )?(?:average|overall|national|total)[^.;]{0,30}(?:growth|rate)|"
    r"(?:exceed\w*|outpac\w*|above) (?:the |china's |the nation's |the country's )?"
    r"(?:average|overall|national|total)[^.;]{0,30}growth",
    re.I,
)
SHARE_WORDS = re.compile(
    r"account\w* for|\bshare\b|proportion|tak(?:ing|es|en) up|took up|ma(?:de|king|kes) up|"
    r"represent\w*",
    re.I,
)


TOO_COARSE = "too coarse to confirm"


def _cannot_confirm(r: Result, tol: float) -> bool:
    """The official figure's own rounding is much coarser than the claim's: a match shows
    only consistency ("1 trillion yuan" cannot confirm "1.4 trillion yuan")."""
    if r.unit == "percent":
        return r.resolution / 2 > max(tol, MAX_SUPPORT_SPREAD)
    return r.resolution / 2 > max(4 * tol, MAX_SUPPORT_SPREAD_SHARE * abs(r.value))


def _too_coarse(r: Result, c: Claim) -> bool:
    if r.unit == "percent":
        return r.resolution > max(MAX_RATE_SPREAD, MAX_RATE_SPREAD_SHARE * abs(r.value))
    # an amount: too coarse both for itself and for the precision the claim states
    return r.resolution > MAX_AMOUNT_SPREAD_SHARE * abs(r.value) and r.resolution > 20 * tolerance(
        c
    )


def _attempt(fn: Callable[..., Result], *args: Any, **kwargs: Any) -> Result | None:
    try:
        return fn(*args, **kwargs)
    except (DataNotFound, InvalidComparison):
        return None


def _published_share(facts: Facts, part: Series, period: Period) -> Result | None:
    """A published share where a level it divides is not held (mechanical and electrical
    products, state-owned firms): it stands on its own."""
    published = facts.find(part.with_(measure="share_pct_published"), period)
    if published is None:
        return None
    return Result(
        "share_pct",
        published.value,
        "percent",
        part.describe(),
        str(period),
        published.inputs,
        {"note": "published share (a level it is computed from is not held)"},
        published=published.value,
        resolution=published.resolution,
    )


class Verifier:
    def __init__(self, facts: Facts, dated: Facts | None, article_date: date | None) -> None:
        self.facts = facts  # latest vintages
        self.dated = dated  # as of the article's date, when known
        self.article_date = article_date

    # --- official figures --------------------------------------------------------------

    def official(
        self, c: Claim, currency: str | None, period: ClaimPeriod | None = None
    ) -> list[Result]:
        """The official figure(s) for what the claim says: as of the article's date first,
        then the latest vintage."""
        c_period = period or c.period
        assert c_period is not None
        probe = Claim(**{**c.__dict__, "period": c_period})
        end = c_period.end
        out: list[Result] = []
        for facts in (self.dated, self.facts):
            if facts is None:
                continue
            s = series_for(probe, currency)
            r: Result | None = None
            if c_period.kind == "quarter" and c.metric in ("value", "conversion", "yoy"):
                r = _quarter(facts, s, end, c.metric)
            elif c.metric in ("value", "conversion"):
                r = _attempt(level, facts, s, end)
            elif c.metric == "change" and c.flow == "balance":
                r = _balance_change(facts, s, end, c.partner, "change")
            elif c.metric == "change":
                r = _attempt(yoy_change, facts, s, end)
            elif c.metric == "yoy" and c.flow == "balance":
                r = _balance_change(facts, s, end, c.partner, "change_pct")
            elif c.metric == "yoy" and c.volume:
                q = s.with_(measure="quantity")
                for cur in ("", "CNY", "USD"):
                    pub = facts.find(
                        q.with_(currency=cur, measure="quantity_yoy_pct_published"), end
                    )
                    if pub is not None:
                        r = Result(
                            "quantity_yoy_pct",
                            pub.value,
                            "percent",
                            q.describe(),
                            str(end),
                            pub.inputs,
                            published=pub.value,
                        )
                        break
            elif c.metric == "yoy":
                r = _attempt(yoy, facts, s, end)
            elif c.metric == "share":
                if s.partner == "WLD" and not s.breakdown_kind:
                    return []  # a share of what is not clear from the text
                r = _attempt(share, facts, s, end) or _published_share(facts, s, end)
            elif c.metric == "balance":
                r = _attempt(
                    balance, facts, end, kind=s.period_kind, currency=s.currency, partner=c.partner
                )
            elif c.metric == "mom":
                r = _attempt(mom, facts, s, end)
            elif c.metric == "growth_vs_base" and c.base_year:
                r = _attempt(vs_base_year, facts, s, end, c.base_year)
            elif c.metric == "quantity":
                for cur in ("", "CNY", "USD"):
                    r = _attempt(level, facts, s.with_(currency=cur, measure="quantity"), end)
                    if r is not None:
                        break
            if r is not None and not _too_coarse(r, c):
                out.append(r)
        return out

    def earlier_vintages(self, c: Claim, currency: str | None) -> list[tuple[float, str]]:
        """Other stored vintages of the claimed figure that were public when the article
        appeared (or whose date is unknown): the figure may have been revised since."""
        measure = MEASURE_OF.get(c.metric)
        if measure is None or c.period is None or c.period.kind == "quarter":
            return []  # a quarter alone is derived, never stored: no vintages of its own
        s = series_for(c, currency, measure)
        return [
            (i.value, f"as reported by {i.release_title} (tier {i.tier})")
            for i in self.facts.other_vintages(s, c.period.end, self.article_date)
        ]

    @staticmethod
    def allowance(c: Claim, r: Result, how: str) -> float:
        """Extra tolerance for a growth rate tradepulse computed (no published rate)."""
        computed_only = r.published is None or how == "computed from stored values"
        if c.metric == "balance" and len(r.inputs) >= 2:
            # the flows it is computed from may have been revised since the article
            return BALANCE_REVISION_SHARE * (abs(r.inputs[0].value) + abs(r.inputs[1].value))
        return (
            COMPUTED_RATE_ALLOWANCE
            if computed_only and c.metric in ("yoy", "growth_vs_base")
            else 0.0
        )

    def match(self, c: Claim, results: list[Result]) -> tuple[Result, float] | None:
        claimed = c.claimed_value
        if claimed is None:
            return None
        for r in results:
            for value, how in self.candidates(r):
                if matches(
                    c,
                    claimed,
                    value,
                    max(tolerance(c), r.resolution / 2) + self.allowance(c, r, how),
                ):
                    return r, value
        return None

    @staticmethod
    def candidates(r: Result) -> list[tuple[float, str]]:
        vals = [(r.value, "")]
        # where GACC published a rate, tradepulse's own computation is no candidate: it
        # differs only by rounding or by a revised base, and would only loosen the match;
        # the published figure always is one (a share's value may be the computed one)
        if r.published is not None and abs(r.published - r.value) > 1e-9:
            vals.append((r.published, "as published"))

        first = r.params.get("first_reported")
        if isinstance(first, float):
            vals.append((first, "the figure first published"))
        return vals

    # --- verdicts ----------------------------------------------------------------------

    def check(self, c: Claim, claims: list[Claim]) -> Check:
        if c.out_of_scope:
            return Check("out_of_scope", explanation=c.out_of_scope)
        if c.metric == "pp" and c.period is not None:
            return self.check_points(c)
        if c.metric in ("other", "pp"):
            what = (
                "a change in percentage points"
                if c.metric == "pp"
                else f"a volume in {c.mention.unit} (the data hold tonnes)"
                if c.mention.kind == "quantity"
                else "a multiple, which may state the new level or the increase"
                if c.mention.kind == "multiple"
                else f"an amount in {c.mention.unit}, a currency the data do not hold"
                if c.mention.kind == "foreign"
                else "a round mark in words, too coarse to judge"
                if c.mention.kind == "round"
                else "a figure tradepulse cannot place"
            )
            return Check("unverifiable", explanation=f"{what}: not checked")
        if c.period is None:
            return Check(
                "unverifiable",
                explanation="no period could be resolved (give the article's date with --date)",
            )
        if c.mention.kind == "missing":
            return self.restore(c)
        if c.metric == "conversion":
            return self.check_conversion(c, claims)
        claimed = c.claimed_value
        assert claimed is not None
        tol = tolerance(c)
        # unstated: the article's one currency, else the basis carried from context (a guess)
        first = c.article_basis or c.currency or "CNY"
        currencies = (
            [c.currency]
            if c.currency_stated or c.metric in ("value", "balance")
            else [first, other_currency(first)]
        )
        officials: list[tuple[str | None, Result]] = []
        coarse: tuple[float, Result] | None = None
        for cur in currencies:
            if (
                c.article_basis
                and not c.currency_stated
                and cur != c.article_basis
                and any(not _cannot_confirm(r, tol) for _, r in officials)
            ):
                # an article whose amounts are all in one currency speaks in that basis: its
                # unstated rate is that basis's when the data can say (the other basis is
                # tried only where they cannot)
                break
            for r in self.official(c, cur):
                officials.append((cur, r))
                for value, how in self.candidates(r) + self.earlier_vintages(c, cur):
                    if matches(
                        c, claimed, value, max(tol, r.resolution / 2) + self.allowance(c, r, how)
                    ):
                        if _cannot_confirm(r, tol):
                            coarse = coarse or (value, r)
                            continue  # consistent, but the inputs cannot confirm it
                        basis = (
                            ""
                            if c.currency_stated
                            or c.volume
                            or c.metric in ("value", "balance", "quantity")
                            else f"; the basis is not stated: it matches the {cur} figure"
                        )
                        extra = f" ({how})" if how else ""
                        return Check(
                            "supported",
                            value,
                            r.unit,
                            r,
                            tol,
                            f"official {fmt(value, r.unit)}{extra}{basis}",
                            matched_currency=cur,
                        )
        if coarse is not None:
            value, r = coarse
            half = r.resolution / 2
            spread = f"{half:.1f} points" if r.unit == "percent" else fmt(half, r.unit)
            return Check(
                "unverifiable",
                value,
                r.unit,
                r,
                tol,
                f"consistent with {fmt(value, r.unit)} computed from rounded figures, which "
                f"allow anything within ±{spread}: {TOO_COARSE}",
            )
        if not officials:
            return self.unverifiable_or_misdated(c, claimed, tol)
        cur, best = officials[0]
        if c.ambiguous:
            what = (
                f"the figure is about {c.subject_text!r}, which the data do not cover"
                if c.subject_text
                else "its sentence names other partners or goods, so the subject is uncertain"
            )
            return Check(
                "unverifiable",
                best.value,
                best.unit,
                best,
                tol,
                f"{what} (China's total would be {fmt(best.value, best.unit)})",
                matched_currency=cur,
            )
        slip = self.slip(c, claimed, tol, best, cur)
        bases = [cur] if c.currency_stated else [cur, other_currency(cur)]
        moved = next(
            (m for b in bases if (m := self.misdated(c, claimed, tol, b)) is not None), None
        )
        if moved is not None and not slip:
            period, r = moved
            return Check(
                "misdated",
                r.value,
                r.unit,
                r,
                tol,
                f"{fmt(claimed, best.unit)} is the figure for "
                f"{describe(period)}, not {describe(c.period)} "
                f"(official for {describe(c.period)}: {fmt(best.value, best.unit)})",
                matched_currency=cur,
                misdated_to=period,
                own=best,
            )
        return Check(
            "refuted",
            best.value,
            best.unit,
            best,
            tol,
            f"official {fmt(best.value, best.unit)}" + (f"; likely {slip}" if slip else ""),
            matched_currency=cur,
        )

    def check_points(self, c: Claim) -> Check:
        """A change in percentage points: a change in share, a growth rate's gap to the
        total's, or a change in a growth rate against the shorter period before."""
        assert c.period is not None and c.mention.number is not None
        claimed = abs(c.mention.number)
        tol = tolerance(c) + 0.1  # two rounded rates or shares lie behind a gap
        end = c.period.end
        found: list[tuple[float, str, Result]] = []
        for cur in [c.currency] if c.currency else ["CNY", "USD"]:
            s = series_for(c, cur)
            if s.partner != "WLD" or s.breakdown_kind:
                sh = _attempt(share, self.facts, s, end)
                if sh is not None and isinstance(sh.params.get("change_pp"), float):
                    found.append((float(sh.params["change_pp"]), "the change in share", sh))
                own = _attempt(yoy, self.facts, s, end)
                whole = _attempt(
                    yoy,
                    self.facts,
                    Series(flow=s.flow, period_kind=s.period_kind, currency=cur),
                    end,
                )
                if own is not None and whole is not None:
                    found.append((own.value - whole.value, "the gap to total trade's growth", own))
                    if sh is not None and "change_pp" not in sh.params and own.value > -100:
                        # last year's share as this year's share and both growth rates imply
                        share_ly = sh.value * (1 + whole.value / 100) / (1 + own.value / 100)
                        found.append(
                            (
                                sh.value - share_ly,
                                "the change in share implied by the growth rates",
                                sh,
                            )
                        )
            if c.period.kind != "month" and end.month > 2:
                now = _attempt(yoy, self.facts, s, end)
                before = _attempt(yoy, self.facts, s, end.shift_months(-1))
                if now is not None and before is not None:
                    found.append((now.value - before.value, "the change in growth", now))
        for value, what, r in found:
            if abs(abs(value) - claimed) <= tol:
                return Check("supported", value, "pp", r, tol, f"{what}: {value:+.1f} points")
        listed = "; ".join(f"{what} {value:+.1f}" for value, what, _ in found)
        gaps = [(value, what, r) for value, what, r in found if "gap to total" in what]
        if gaps and GAP_WORDS.search(c.sentence):
            # "2.7 percentage points faster than the average growth rate": the gap it states
            value, what, r = gaps[0]
            return Check("refuted", value, "pp", r, tol, f"{what}: {value:+.1f} points ({listed})")
        shares = [(value, what, r) for value, what, r in found if "change in share" in what]
        if shares and SHARE_WORDS.search(c.sentence[: c.mention.start - c.sentence_span[0]][-120:]):
            # the points follow a share ("accounting for 59%, 2.3 points higher"): that is
            # the change they state, and the data give another
            value, what, r = shares[0]
            return Check("refuted", value, "pp", r, tol, f"{what}: {value:+.1f} points ({listed})")
        return Check(
            "unverifiable",
            tolerance=tol,
            explanation="a change in percentage points that matches no share change "
            "or growth gap the data give" + (f" ({listed})" if listed else ""),
        )

    def unverifiable_or_misdated(self, c: Claim, claimed: float, tol: float) -> Check:
        if c.currency_stated and c.currency and c.metric in ("value", "balance"):
            other = other_currency(c.currency)
            for r in self.official(c, other):
                if matches(
                    c, claimed, r.value, max(tol, r.resolution / 2) + self.allowance(c, r, "")
                ):
                    names = {"CNY": "yuan", "USD": "dollar"}
                    return Check(
                        "refuted",
                        r.value,
                        r.unit,
                        r,
                        tol,
                        f"the {names[other]} figure given in {names[c.currency]}s; "
                        f"no {c.currency} figure is stored",
                        matched_currency=other,
                    )
        for cur in [c.currency] if c.currency else ["CNY", "USD"]:
            moved = self.misdated(c, claimed, tol, cur)
            if moved is not None:
                period, r = moved
                return Check(
                    "misdated",
                    r.value,
                    r.unit,
                    r,
                    tol,
                    f"the figure is the one for {describe(period)}; the data hold "
                    f"none for {describe(c.period)}",
                    matched_currency=cur,
                    misdated_to=period,
                    own_period_held=False,
                )
        assert c.period is not None
        return Check(
            "unverifiable",
            tolerance=tol,
            explanation=f"the data hold no {c.metric} figure for "
            f"{series_for(c).describe()} in {describe(c.period)}",
        )

    def slip(self, c: Claim, claimed: float, tol: float, r: Result, cur: str | None) -> str:
        official = r.value
        if claimed and official:
            for factor, name in (
                (10, "a decimal shift"),
                (0.1, "a decimal shift"),
                (1000, "a unit error (billion for trillion)"),
                (0.001, "a unit error (trillion for billion)"),
            ):
                if abs(claimed * factor - official) <= tol * abs(factor) + 1e-9:
                    return name
            if abs(-claimed - official) <= tol:
                return "a wrong sign (rise for fall)"
        if c.metric == "yoy" and c.period and c.period.kind == "month":
            m = _attempt(mom, self.facts, series_for(c, cur), c.period.end)
            if m is not None and matches(c, claimed, m.value, tol):
                return "a month-on-month change reported as year on year"
        other = other_currency(cur)
        for r2 in self.official(c, other):
            if matches(c, claimed, r2.value, tol):
                names = {"CNY": "yuan", "USD": "dollar"}
                return f"the {names[other]}-terms figure given for {names.get(cur or '', '')} terms"
        return ""

    def misdated(
        self, c: Claim, claimed: float, tol: float, cur: str | None
    ) -> tuple[ClaimPeriod, Result] | None:
        """Another period (or the other period kind) whose official figure is the claim's."""
        assert c.period is not None
        end = c.period.end
        s = series_for(c, cur)
        if c.mention.approx in APPROX_ABOVE | APPROX_UNDER:
            return None  # "over 29 trillion" does not pin a period
        measure = {
            "value": "value",
            "yoy": "yoy_pct_published",
            "share": "share_pct_published",
            "balance": None,
        }.get(c.metric)
        if measure is None:
            return None
        rows = [
            r
            for r in self.facts.near(
                s.with_(measure=measure), claimed, tol * (2 if c.mention.approx else 1) + 1e-9
            )
            if r["period"] != str(end) or r["period_kind"] != s.period_kind
        ]
        if c.metric != "value":
            # a rate or share repeats by chance: only the same months of another year count,
            # or the month alone for its year to date ("down 1.1% in the first ten months")
            rows = [
                r
                for r in rows
                if r["period"][5:] == f"{end.month:02d}"
                and (r["period_kind"] == s.period_kind or r["period"] == str(end))
            ]
        rows = [r for r in rows if abs(int(r["period"][:4]) - end.year) <= 6]
        if c.metric == "value" and significant_digits(c) < 4:
            # "1.53 trillion" recurs by chance among months years apart: only the same
            # year or the same months of another year count
            rows = [
                r
                for r in rows
                if int(r["period"][:4]) == end.year
                or (r["period"][5:] == f"{end.month:02d}" and r["period_kind"] == s.period_kind)
            ]
        # a coarsely rounded figure ("283 billion") matches only within the claim's year:
        # a month's slip, not a chance agreement years apart
        rows = [
            r
            for r in rows
            if abs(float(r["value"]) - claimed) <= tol * (2 if c.mention.approx else 1) + 1e-9
            or int(r["period"][:4]) == end.year
        ]
        if not rows:
            return None
        rows.sort(
            key=lambda r: abs(
                Period.parse(r["period"]).year * 12
                + Period.parse(r["period"]).month
                - (end.year * 12 + end.month)
            )
        )
        best = rows[0]
        p = Period.parse(best["period"])
        kind = (
            best["period_kind"] if not (best["period_kind"] == "ytd" and p.month == 12) else "year"
        )
        start = p if kind == "month" else Period(p.year, 1)
        period = ClaimPeriod(start, p, kind)
        probe = Claim(**{**c.__dict__, "period": period})
        found = self.official(probe, cur)
        if not found:
            return None
        return period, found[-1]

    def check_conversion(self, c: Claim, claims: list[Claim]) -> Check:
        """An amount in brackets converting another: GACC's own figure in that currency, or
        a conversion at the exchange rate of the time."""
        claimed = c.claimed_value
        assert claimed is not None and c.period is not None
        tol = tolerance(c)
        for r in self.official(c, c.currency):
            if matches(c, claimed, r.value, tol):
                return Check(
                    "supported", r.value, r.unit, r, tol, f"official {fmt(r.value, r.unit)}"
                )
        src = claims[c.converts] if c.converts is not None else None
        for rate in self.rates_at_article() if src is not None and src.claimed_value else []:
            assert src is not None and src.claimed_value is not None
            converted = (
                src.claimed_value / rate if c.currency == "USD" else src.claimed_value * rate
            )
            if abs(converted - claimed) <= max(2 * tol, CONVERSION_SUPPORT_SHARE * abs(claimed)):
                officials = self.official(c, c.currency)
                note = (
                    (
                        f"; GACC's own {c.currency} figure is "
                        f"{fmt(officials[0].value, officials[0].unit)}"
                    )
                    if officials
                    else ""
                )
                return Check(
                    "supported",
                    claimed,
                    "dollar" if c.currency == "USD" else "yuan",
                    None,
                    tol,
                    f"a conversion at about {rate:.2f} yuan per dollar{note}",
                )
        officials = self.official(c, c.currency)
        if officials:
            return Check(
                "refuted",
                officials[0].value,
                officials[0].unit,
                officials[0],
                tol,
                f"official {fmt(officials[0].value, officials[0].unit)}",
            )
        rates = self.rates_at_article()
        if src is not None and src.claimed_value and rates:
            # no official figure in that currency, but the conversion itself is wrong: the
            # figure it converts, at any rate of the time, is far from it
            at_rates = [
                src.claimed_value / r if c.currency == "USD" else src.claimed_value * r
                for r in rates
            ]
            nearest = min(at_rates, key=lambda v: abs(v - claimed))
            unit = "dollar" if c.currency == "USD" else "yuan"
            if abs(nearest - claimed) <= CONVERSION_REFUTE_SHARE * abs(nearest):
                return Check(
                    "unverifiable",
                    tolerance=tol,
                    explanation="no official figure in that currency; the conversion is "
                    f"near the rates of the time ({fmt(nearest, unit)}) but not within 5%",
                )
            return Check(
                "refuted",
                nearest,
                unit,
                None,
                tol,
                f"at the exchange rate of the time ({min(rates):.2f}-{max(rates):.2f} yuan per "
                f"dollar) the figure it converts is {fmt(nearest, unit)}",
            )
        return Check(
            "unverifiable",
            tolerance=tol,
            explanation="no official figure in that currency to compare with",
        )

    def rates_at_article(self) -> list[float]:
        """Yuan per dollar implied by the three latest months published before the article
        (a journalist converts at the day's rate, which moves within a few months)."""
        if self.article_date is None:
            return []
        last = f"{self.article_date.year:04d}-{self.article_date.month:02d}"
        exports = Series(flow="export", period_kind="month")
        cny = self.facts.values(exports)
        usd = self.facts.values(exports.with_(currency="USD"))
        months = sorted((p for p in cny.keys() & usd.keys() if p <= last), reverse=True)[:3]
        return [cny[p] / usd[p] for p in months]

    def restore(self, c: Claim) -> Check:
        """A number lost from the text: the official figure that belongs there."""
        assert c.period is not None
        if c.metric == "period_months":
            n = c.period.end.month
            return Check(
                "restored",
                float(n),
                "months",
                None,
                0,
                f"the first {n} months (the latest period published before the article's date)",
            )
        currencies = [c.currency] if c.currency_stated else ["CNY", "USD"]
        for cur in currencies:
            for r in self.official(c, cur):
                value = r.value
                shown = abs(value) if c.metric == "yoy" and value < 0 else value
                basis = "" if c.currency_stated else f" ({cur} basis; the text does not say)"
                return Check(
                    "restored",
                    value,
                    r.unit,
                    r,
                    None,
                    f"{fmt(shown, r.unit)}{basis}",
                    matched_currency=cur,
                )
        return Check(
            "unverifiable",
            explanation=f"the lost number is a {c.metric} of "
            f"{series_for(c).describe()} in {describe(c.period)}, which "
            "the data do not hold",
        )


#: a figure with its rounding and the observations it rests on
Part = tuple[float, float, tuple[Any, ...]]


def _stored_ytd(facts: Any, s: Series) -> Callable[[Period], Part | None]:
    def ytd(p: Period) -> Part | None:
        f = facts.find(s, p)
        return (f.value, f.resolution, f.inputs) if f is not None else None

    return ytd


def _quarter_value(ytd: Callable[[Period], Part | None], end: Period) -> Part | None:
    """A quarter alone: its year to date minus the year to date three months shorter."""
    now = ytd(end)
    if now is None or end.month == 3:
        return now
    before = ytd(end.shift_months(-3))
    if before is None:
        return None
    return now[0] - before[0], now[1] + before[1], now[2] + before[2]


def _balance_change(facts: Any, s: Series, end: Period, partner: str, key: str) -> Result | None:
    """The balance's change against a year earlier: in level ("change") or in % ("change_pct",
    with the spread its rounded inputs allow)."""
    b = _attempt(balance, facts, end, kind=s.period_kind, currency=s.currency, partner=partner)
    moved = b.params.get(key) if b is not None else None
    if b is None or not isinstance(moved, float):
        return None
    pct = key == "change_pct"
    return Result(
        "balance_change_pct" if pct else "balance_change",
        moved,
        "percent" if pct else b.unit,
        b.series,
        b.period,
        b.inputs,
        b.params,
        computed=moved,
        resolution=_balance_change_spread(b) if pct else 2 * b.resolution,
    )


def _balance_change_spread(b: Result) -> float:
    """How far the % change of a balance computed from rounded flows may lie (full width):
    a small balance is the difference of two large figures, so its rounding weighs."""
    uncertainty = b.params.get("change_pct_uncertainty")
    if isinstance(uncertainty, float):
        return 2 * uncertainty
    prev = b.params.get("previous")
    if not isinstance(prev, float) or prev == 0 or b.value == 0:
        return 0.0
    half = b.resolution / 2
    return 2 * 100 * abs(b.value / prev) * (half / abs(b.value) + half / abs(prev))


def _implied_ytd_last_year(facts: Any, s: Series, end: Period) -> Part | None:
    """Last year's year to date as this year's published growth implies it: value / (1 +
    rate), with the spread the rounding of both allows (GACC's rates are on comparable
    bases, so this is the base GACC itself used)."""
    now = facts.find(s, end)
    rate = facts.find(s.with_(measure="yoy_pct_published"), end)
    if now is None or rate is None or rate.value <= -100:
        return None
    k = 1 + rate.value / 100
    value = now.value / k
    resolution = now.resolution / k + now.value * (rate.resolution / 100) / k**2
    return value, resolution, now.inputs + rate.inputs


def _quarter(facts: Any, s: Series, end: Period, metric: str) -> Result | None:
    """A quarter's value, or its growth on the same quarter a year earlier (computed)."""
    stored = _stored_ytd(facts, s)
    q = _quarter_value(stored, end)
    if q is None:
        return None
    value, res, inputs = q
    if metric != "yoy":
        return Result(
            "quarter_level",
            value,
            inputs[0].unit,
            s.describe(),
            str(end),
            inputs,
            {"derived": "year to date minus the year to date a quarter shorter"},
            computed=value,
            resolution=res,
        )
    # last year's quarter as stored, else as this year's published rates imply it
    base = _quarter_value(stored, end.shift_years(-1)) or _quarter_value(
        lambda p: _implied_ytd_last_year(facts, s, p), end
    )
    if base is None or base[0] <= 0:
        return None
    growth = 100 * (value / base[0] - 1)
    spread = 100 * (value / base[0]) * (res / 2 / value + base[1] / 2 / base[0])
    return Result(
        "quarter_yoy_pct",
        growth,
        "percent",
        s.describe(),
        str(end),
        inputs + base[2],
        computed=growth,
        resolution=2 * spread,
    )


def describe(p: ClaimPeriod | None) -> str:
    if p is None:
        return "an unresolved period"
    months = MONTH_TITLES
    if p.kind == "month":
        return f"{months[p.end.month - 1]} {p.end.year}"
    if p.kind == "year":
        return f"the year {p.end.year}"
    return f"January-{months[p.end.month - 1]} {p.end.year}"


def fmt(value: float, unit: str) -> str:
    if unit in ("percent",):
        return f"{value:.1f}%"
    if unit == "pp":
        return f"{value:.1f} points"
    if unit in ("yuan", "dollar"):
        v = abs(value)
        scale, name = (
            (1e12, "trillion") if v >= 1e12 else (1e9, "billion") if v >= 1e9 else (1e6, "million")
        )
        number = f"{value / scale:.2f}"
        return f"${number} {name}" if unit == "dollar" else f"{number} {name} yuan"
    if unit == "months":
        return f"{value:.0f} months"
    return f"{value:,.4g} {unit}"
