"""Honest verdicts: a figure is called wrong (refuted, misdated) only when the elements
that decide the comparison were stated, or carried from a stated source with no
competing reading. Otherwise the competing readings are tried: one that the data support
makes the claim supported under it; one the data cannot settle makes it unverifiable,
naming the readings. For a fact-checker a false accusation is the worst outcome."""

from __future__ import annotations

from dataclasses import replace

from .discourse import Reading
from .interpret import Claim
from .verify import Check, Verifier, describe

ACCUSING = ("refuted", "misdated")


def _unverifiable(check: Check, why: str) -> Check:
    return replace(check, verdict="unverifiable", explanation=f"{check.explanation}; {why}")


def honest(claims: list[Claim], checks: list[Check], verifier: Verifier) -> None:
    """Revise, in place, the refuted and misdated verdicts whose reading is not settled."""
    for i, (claim, check) in enumerate(zip(claims, checks, strict=True)):
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
        if check.verdict not in ACCUSING:
            continue
        period = claim.readings.get("period")
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
