"""Checking an article: read, extract, interpret, verify; then the JSON shape of the result."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..errors import ClaimError
from ..indicators import Facts
from ..store.db import Store
from .article import Article, read_article
from .extract import find_mentions
from .interpret import Claim, ClaimPeriod, interpret
from .tables import read_tables
from .verify import Check, Verifier, describe, fmt, tolerance

VERDICTS = ("supported", "refuted", "misdated", "unverifiable", "restored", "out_of_scope")


@dataclass
class Report:
    article: Article
    claims: list[Claim]
    checks: list[Check]

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(VERDICTS, 0)
        for c in self.checks:
            out[c.verdict] += 1
        return out


def _sibling_misdating(claims: list[Claim], checks: list[Check], verifier: Verifier) -> None:
    """A figure refuted for its stated period but right for the period its neighbours were
    found to belong to ("28.33 trillion yuan, up 22.7%": both January-September 2021)."""
    found: dict[tuple[int, int], ClaimPeriod] = {}
    for i, (claim, check) in enumerate(zip(claims, checks, strict=True)):
        if check.verdict == "misdated" and check.misdated_to is not None:
            found.setdefault(claim.sentence_span, check.misdated_to)
            continue
        source = checks[claim.converts] if claim.converts is not None else None
        converts_misdated = source is not None and source.verdict == "misdated"
        if (
            check.verdict not in ("refuted", "unverifiable") and not converts_misdated
        ) or claim.period is None:
            continue
        target = found.get(claim.sentence_span)
        if converts_misdated and source is not None:
            target = source.misdated_to
        if target is None and i and claims[i - 1].period == claim.period:
            # the sentence before describes the same period and was found misdated
            target = found.get(claims[i - 1].sentence_span)
        if target is None or target == claim.period:
            continue
        shifted = _shift(claim.period, target)
        results = verifier.official(claim, check.matched_currency or claim.currency, shifted)
        hit = verifier.match(claim, results)
        if hit is None:
            continue
        r, value = hit
        claimed = claim.claimed_value or 0.0
        checks[i] = Check(
            "misdated",
            value,
            r.unit,
            r,
            tolerance(claim),
            f"{fmt(claimed, r.unit)} is the figure for {describe(shifted)}, not "
            f"{describe(claim.period)}",
            check.matched_currency,
            shifted,
        )
        found.setdefault(claim.sentence_span, shifted)


def _shift(period: ClaimPeriod, target: ClaimPeriod) -> ClaimPeriod:
    """The claim's period moved to the target's year (the period kind stays)."""
    years = target.end.year - period.end.year
    return ClaimPeriod(period.start.shift_years(years), period.end.shift_years(years), period.kind)


def check_text(
    store: Store, data: bytes, source: str = "<stdin>", given_date: date | None = None
) -> Report:
    article = read_article(data, source, given_date)
    mentions = find_mentions(article.text)
    claims = read_tables(
        article.text, interpret(article.text, mentions, article.date), article.date
    )
    latest = Facts(store)
    dated = Facts(store, article.date) if article.date else None
    verifier = Verifier(latest, dated, article.date)
    checks = [verifier.check(c, claims) for c in claims]
    _sibling_misdating(claims, checks, verifier)
    in_scope = [c for c in checks if c.verdict != "out_of_scope"]
    if not in_scope:
        raise ClaimError(
            "no numeric claims about China's goods trade were found",
            file=source,
            hint="nothing to check",
        )
    return Report(article, claims, checks)


def to_json_dict(report: Report) -> dict[str, Any]:
    a = report.article
    claims = []
    for c, k in zip(report.claims, report.checks, strict=True):
        sentence_start, sentence_end = c.sentence_span
        r = k.result
        release = None
        if r is not None and r.inputs:
            i = r.inputs[0]
            release = {"title": i.release_title, "url": i.release_url, "published": i.published}
        claims.append(
            {
                "span": [c.mention.start, c.mention.end],
                "sentence": " ".join(a.text[sentence_start:sentence_end].split()),
                "text": c.mention.text,
                "metric": c.metric,
                "flow": c.flow,
                "subject": {
                    "partner": c.partner,
                    "commodity": c.commodity,
                    "trade_mode": c.trade_mode,
                    "enterprise_type": c.enterprise_type,
                },
                "period": c.period.as_dict() if c.period else None,
                "currency": k.matched_currency or c.currency,
                "claimed": {
                    "value": c.claimed_value,
                    "unit": c.mention.unit,
                    "approx": c.mention.approx or None,
                },
                "official": None
                if k.official is None
                else {"value": k.official, "unit": k.official_unit, "release": release},
                "tolerance": k.tolerance,
                "verdict": k.verdict,
                "explanation": k.explanation,
            }
        )
    return {
        "article": {
            "date": a.date.isoformat() if a.date else None,
            "date_source": a.date_source,
            "chars": len(a.text),
            "source": a.source,
        },
        "summary": report.counts(),
        "claims": claims,
    }
