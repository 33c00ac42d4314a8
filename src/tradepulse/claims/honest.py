"""Honest verdicts: a figure is called wrong (refuted, misdated) only when the elements
that decide the comparison were stated, or carried from a stated source with no
competing reading. Otherwise the competing readings are tried: one that the data support
makes the claim supported under it; one the data cannot settle makes it unverifiable,
naming the readings. For a fact-checker a false accusation is the worst outcome."""

from __future__ import annotations

import re
from dataclasses import replace

from .discourse import Reading
from .interpret import Claim, ClaimPeriod, other_currency
from .verify import (
    TOO_COARSE,
    Check,
    Verifier,
    describe,
    fmt,
    matches,
    significant_digits,
    tolerance,
)

ACCUSING = ("refuted", "misdated")
#: A figure published after the article may be a later revision of the one the article
#: quoted: MOFCOM's data centre, for one, carries revised months (rates moved by up to
#: about a point, levels by a percent or two). Within these, such a figure cannot refute.
LATER_REVISION_PP = 1.0
LATER_REVISION_SHARE = 0.02
#: A figure matched to another period, when the data hold none for its own, is evidence
#: of misdating only if it is too precise to recur by chance ("11%" does, "$58.34 bn" not).
MISDATED_ALONE_DIGITS = 4


#: A sentence that gives its figures by sub-period ("broken down into quarterly figures,
#: … A, B, C and D respectively"): a figure in it whose period is only carried is for one
#: of those sub-periods, which the sentence does not name.
BY_SUB_PERIOD = re.compile(
    r"\b(?:quarterly|monthly|(?:by|per|each|every)\s+(?:quarter|month)|"
    r"quarter[- ](?:by|on)[- ]quarter|month[- ](?:by|on)[- ]month|"
    r"(?:the\s+)?(?:four|three|two)\s+quarters)\b",
    re.I,
)


def _unverifiable(check: Check, why: str) -> Check:
    return replace(check, verdict="unverifiable", explanation=f"{check.explanation}; {why}")


def _one(verifier: Verifier, claim: Claim, currency: str) -> float | None:
    found = verifier.official(claim, currency)
    if not found:
        return None
    r = found[0]
    return r.published if r.published is not None else r.value


def implied_base(claim: Claim, verifier: Verifier) -> float | None:
    """The prior year's figure the current official figures imply: value ÷ (1 + growth),
    per flow for a balance. A release quotes its comparison figures revised, so this, not
    the figure first published a year before, is what a quoted base is checked against."""
    if claim.period is None or claim.metric not in ("value", "balance"):
        return None
    p = claim.period
    now = replace(
        claim,
        period=ClaimPeriod(p.start.shift_years(1), p.end.shift_years(1), p.kind),
        base_of=False,
    )
    currency = claim.currency or "CNY"
    flows = ("export", "import") if claim.metric == "balance" else (claim.flow,)
    bases = []
    for flow in flows:
        level = _one(verifier, replace(now, metric="value", flow=flow), currency)
        growth = _one(verifier, replace(now, metric="yoy", flow=flow, sign=1), currency)
        if level is None or growth is None or growth <= -100:
            return None
        bases.append(level / (1 + growth / 100))
    return bases[0] - bases[1] if claim.metric == "balance" else bases[0]


def _published_after(check: Check, verifier: Verifier) -> bool:
    """Every figure of the claim's own period behind the official value was published
    after the article (or on an unknown date): none is what the article could quote."""
    day = verifier.article_date
    r = check.result
    if day is None or r is None or not r.inputs:
        return False
    own = [i for i in r.inputs if i.period == r.period] or list(r.inputs)  # not its bases
    return all(i.published is None or i.published > day.isoformat() for i in own)


def _close(claimed: float, official: float, unit: str) -> bool:
    """Within what a later revision may move a figure."""
    if unit == "percent":
        return abs(claimed - official) <= LATER_REVISION_PP
    return abs(claimed - official) <= LATER_REVISION_SHARE * abs(official)


def _how(reading: Reading) -> str:
    return f"{reading.how} from {reading.source}" if reading.source else reading.how


def _evidence_too_weak(claim: Claim, check: Check, verifier: Verifier) -> str | None:
    """Why an accusation rests on evidence that cannot carry it, else None."""
    claimed, official = claim.claimed_value, check.official
    if (
        check.verdict == "misdated"
        and not check.own_period_held
        and significant_digits(claim) < MISDATED_ALONE_DIGITS
    ):
        return (
            "but a figure this round can recur in another period by chance, and the "
            f"data hold none for {describe(claim.period) if claim.period else 'its own'}"
        )
    if (
        check.verdict == "refuted"
        and claim.metric in ("yoy", "growth_vs_base")
        and claimed is not None
        and official is not None
        and check.result is not None
        and check.result.published is None
        and abs(claimed - official) <= LATER_REVISION_PP + 1e-9
    ):
        # a rate tradepulse computed from the prior year's level as first published; GACC
        # computes on the revised base, which moves an annual rate by up to about a point
        return (
            "but that rate is computed from the prior year's first-published level, and "
            "GACC's own (on the revised base) may differ by this much: not called wrong"
        )
    if (
        check.verdict == "refuted"
        and claimed is not None
        and official is not None
        and _close(claimed, official, check.official_unit)
        and _published_after(check, verifier)
    ):
        return (
            "but the official figure was published after the article and may revise "
            "the one it quoted, which the data do not hold: not called wrong"
        )
    return None


def _reading_unsettled(
    claim: Claim, check: Check, verifier: Verifier, retold: frozenset[str] = frozenset()
) -> str | None:
    """Why a misdating rests on a reading the sentence does not settle, else None: the
    element that moves it elsewhere was carried, not stated, or its own period's figure
    may be a revision of what it quoted."""
    claimed = claim.claimed_value
    if check.verdict == "misdated" and check.sibling == "flow":
        # "They increased 9.1 percent": a flow the sentence does not state was read; the
        # flow the figure matches may be the one it speaks of (a partner matched by a
        # four-digit amount stays evidence: one of two hundred does not agree by chance)
        read = claim.readings.get("flow")
        if read is not None and read.how != "stated":
            return (
                f"but its flow is not stated in its sentence ({_how(read)}), so the figure "
                "may be about that flow: not called wrong"
            )
    if check.verdict == "misdated" and not check.sibling:
        read = claim.readings.get("period")
        if (
            read is not None
            and read.how != "stated"
            and significant_digits(claim) < MISDATED_ALONE_DIGITS
            # unless a precise figure of the article is misdated to the same period: then
            # the article retells that period's figures, and the round ones with them
            and (check.misdated_to is None or describe(check.misdated_to) not in retold)
        ):
            # the period was carried, not stated: the carried period may be the misreading
            return (
                f"but its period is not stated in its sentence ({_how(read)}), and a figure "
                "this round can recur in another period by chance: not called wrong"
            )
        own = check.own
        if (
            own is not None
            and claimed is not None
            and _close(claimed, own.value, own.unit)
            and _published_after(replace(check, result=own), verifier)
        ):
            # "$292.5 billion" when the data hold a later revision of 291.95 for its own
            # month: the first print it quoted is not held, so no other period can claim it
            return (
                f"but the figure for its own period ({fmt(own.value, own.unit)}) was published "
                "after the article and may revise the one it quoted: not called wrong"
            )
    return None


#: beyond the exchange-rate effect, how far a series' growth in the two bases may differ
#: (the months' weights, rounding)
OTHER_BASIS_SLACK_PP = 1.0


def _other_basis_fits(claim: Claim, check: Check, verifier: Verifier) -> bool:
    """Whether a rate refuted on the one basis held would fit the other: the two bases'
    growth differs by the exchange rate's change, which China's total trade shows for the
    same period ((1 + g_cny) = (1 + g_usd)(1 + fx))."""
    held = check.matched_currency
    if held is None or check.official is None or claim.claimed_value is None:
        return False
    whole = replace(claim, partner="WLD", commodity=None, trade_mode=None, enterprise_type=None)
    mine, theirs = _one(verifier, whole, held), _one(verifier, whole, other_currency(held))
    if mine is None or theirs is None or mine <= -100:
        return False
    expected = ((1 + check.official / 100) * (1 + theirs / 100) / (1 + mine / 100) - 1) * 100
    return abs(claim.claimed_value - expected) <= tolerance(claim) + OTHER_BASIS_SLACK_PP


def honest(claims: list[Claim], checks: list[Check], verifier: Verifier) -> None:
    """Revise, in place, the refuted and misdated verdicts whose reading is not settled."""
    retold = frozenset(
        describe(check.misdated_to)
        for claim, check in zip(claims, checks, strict=True)
        if check.verdict == "misdated"
        and check.misdated_to is not None
        and not check.sibling
        and significant_digits(claim) >= MISDATED_ALONE_DIGITS
    )
    for i, (claim, check) in enumerate(zip(claims, checks, strict=True)):
        if check.verdict in ACCUSING and (weak := _evidence_too_weak(claim, check, verifier)):
            checks[i] = _unverifiable(check, weak)
            continue
        if (
            claim.subject_text
            and claim.ambiguous
            and claim.metric != "conversion"  # checked as a conversion, whatever it is of
            and check.verdict in ("supported", *ACCUSING)
        ):
            # a subject the data do not cover is never China's total, either way
            checks[i] = Check(
                "unverifiable",
                explanation=f"the figure is about {claim.subject_text!r}, which the data do "
                "not cover",
            )
            continue
        if (
            check.verdict == "unverifiable"
            # no prior-year figure, or only one derived too loosely to confirm it
            and (check.official is None or check.explanation.endswith(TOO_COARSE))
            and claim.base_of
            and (base := implied_base(claim, verifier)) is not None
            and matches(claim, claim.claimed_value or 0.0, base, tolerance(claim) + 0.005 * base)
        ):
            # no prior-year figure stored, but the current one and its growth imply it
            unit = "yuan" if claim.currency == "CNY" else "dollar"
            checks[i] = replace(
                check,
                verdict="supported",
                official=base,
                official_unit=unit,
                explanation=f"the prior year's figure the current one and its growth imply is "
                f"{fmt(base, unit)} (revised)",
            )
            continue
        if check.verdict not in ACCUSING:
            continue
        if claim.base_of and (base := implied_base(claim, verifier)) is not None:
            claimed = claim.claimed_value or 0.0
            unit = check.official_unit or ("yuan" if claim.currency == "CNY" else "dollar")
            implied = (
                f"the prior year's figure the current one and its growth imply is "
                f"{fmt(base, unit)} (revised); first published: {fmt(check.official or 0.0, unit)}"
            )
            if matches(claim, claimed, base, tolerance(claim) + 0.005 * abs(base)):
                checks[i] = replace(check, verdict="supported", official=base, explanation=implied)
                continue
            if abs(claimed - base) <= 0.05 * abs(base):
                checks[i] = _unverifiable(check, f"but {implied}: too close to call wrong")
                continue
        if (
            check.verdict == "refuted"
            and not claim.currency_stated
            and claim.article_basis
            and check.matched_currency
            and check.matched_currency != claim.article_basis
        ):
            # a rate with no basis of its own, in an article that speaks in one currency, is
            # not refuted on the other currency's figure
            checks[i] = _unverifiable(
                check,
                f"but the article speaks in {claim.article_basis} and only the "
                f"{check.matched_currency} figure could be compared",
            )
            continue
        if (
            check.verdict == "refuted"
            and not claim.currency_stated
            and claim.metric in ("yoy", "growth_vs_base")
            and check.matched_currency
            and "; likely" not in check.explanation
            and not verifier.official(claim, other_currency(check.matched_currency))
            and _other_basis_fits(claim, check, verifier)
        ):
            # a rate that states no basis, judged on the one basis the data hold: the
            # article may speak in the other ("up 8 percent" in yuan, 7.0 in dollars)
            checks[i] = _unverifiable(
                check,
                f"but the rate states no currency basis and the data hold no "
                f"{other_currency(check.matched_currency)} figure to compare",
            )
            continue
        subject = claim.readings.get("subject")
        if subject is not None and subject.how == "defaulted" and not claim.alternatives:
            # no subject stated, carried or competing: "trade between the two countries"
            # may be a partner the reading missed, so China's total is not held against it
            checks[i] = _unverifiable(
                check,
                "but no subject is stated for it (read as China's total by default), so it "
                "is not called wrong",
            )
            continue
        period = claim.readings.get("period")
        if (
            period is not None
            and period.how != "stated"
            and claim.period is not None
            and BY_SUB_PERIOD.search(claim.sentence)
        ):
            checks[i] = _unverifiable(
                check,
                "but its sentence gives figures by quarter or month and names no period for "
                f"this one (read as {describe(claim.period)}), so it is not called wrong",
            )
            continue
        if period is not None and period.how == "defaulted" and claim.period is not None:
            checks[i] = _unverifiable(
                check,
                f"but no period is stated for it (read as {describe(claim.period)} by "
                "default), so it is not called wrong",
            )
            continue
        tried: list[tuple[str, Check]] = []
        for changes, what in claim.alternatives:
            element = "period" if "period" in changes else "subject"
            alt = replace(claim, **changes)
            alt.readings = {
                **claim.readings,
                element: Reading("carried", what, None, "a competing reading"),
            }
            result = verifier.check(alt, claims)
            if result.verdict == "supported":
                claims[i] = alt
                checks[i] = replace(
                    result,
                    explanation=f"{result.explanation} (read as {what}: the sentence states "
                    f"no {element} of its own)",
                )
                break
            tried.append((what, result))
        else:
            unsettled = [(what, r) for what, r in tried if r.verdict not in ACCUSING]
            if unsettled:
                readings = "; ".join(f"as {what}, {r.verdict}" for what, r in unsettled)
                checks[i] = _unverifiable(
                    check,
                    f"but the figure may also be read {readings}: not called wrong",
                )
        if checks[i].verdict == "misdated" and (
            unsettled_why := _reading_unsettled(claims[i], checks[i], verifier, retold)
        ):
            checks[i] = _unverifiable(checks[i], unsettled_why)
