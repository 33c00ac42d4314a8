"""Checking an article: read, extract, interpret, verify; then the JSON shape of the result."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from ..errors import ClaimError
from ..indicators import Facts
from ..store.db import Store
from .article import Article, read_article
from .extract import find_mentions
from .honest import honest
from .interpret import Claim, ClaimPeriod, interpret
from .own_source import page_url, releases_from
from .tables import read_tables
from .verify import (
    MEASURE_OF,
    Check,
    Verifier,
    describe,
    fmt,
    series_for,
    significant_digits,
    tolerance,
)

VERDICTS = ("supported", "refuted", "misdated", "unverifiable", "restored", "out_of_scope")


@dataclass
class Report:
    article: Article
    claims: list[Claim]
    checks: list[Check]
    url: str | None = None  # the article's page, whose own figures were withheld
    withheld_releases: int = 0

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


_FLOW_WORDS = {"total": "total trade", "export": "exports", "import": "imports"}
_WITH = {"total": "trade with", "export": "exports to", "import": "imports from"}


def _series_name(c: Claim) -> str:
    flow = c.flow or "total"
    if c.partner == "WLD":
        return f"China's {_FLOW_WORDS.get(flow, flow)}"
    return f"{_WITH.get(flow, flow)} {c.partner}"


def _partners_matching(verifier: Verifier, claim: Claim, currency: str) -> list[str]:
    """Partners whose stored value for the claim's flow and period is the claimed one."""
    assert claim.period is not None and claim.claimed_value is not None
    return verifier.facts.partners_near(
        series_for(claim, currency), claim.period.end, claim.claimed_value, tolerance(claim) + 1e-9
    )


def _series_misdating(claims: list[Claim], checks: list[Check], verifier: Verifier) -> None:
    """A figure refuted for the series it names but right, for the same period, for a
    sibling: another flow of its partner ("foreign trade rose 27.1%" when exports did), or
    another partner when the amount is precise to four digits, and then for the rates of
    its sentence too ("exports rose 11.3 percent to $478.4 billion": exports to the US)."""
    moved: dict[tuple[int, int], str] = {}
    values_first = sorted(range(len(claims)), key=lambda i: claims[i].metric != "value")
    for i in values_first:
        claim, check = claims[i], checks[i]
        if (
            check.verdict != "refuted"
            or "; likely" in check.explanation
            or claim.period is None
            or claim.metric not in ("value", "yoy")
            or claim.flow not in _FLOW_WORDS
            or claim.mention.approx
        ):
            continue
        probes = [replace(claim, flow=f) for f in _FLOW_WORDS if f != claim.flow]
        currencies = (
            [claim.currency] if claim.currency_stated and claim.currency else ["CNY", "USD"]
        )
        breakdown = claim.commodity or claim.trade_mode or claim.enterprise_type
        if claim.partner == "WLD" and not breakdown:
            if claim.sentence_span in moved:
                probes.append(replace(claim, partner=moved[claim.sentence_span]))
            elif claim.metric == "value" and significant_digits(claim) >= 4:
                probes += [
                    replace(claim, partner=p)
                    for cur in currencies
                    for p in _partners_matching(verifier, claim, cur)
                ]
        for probe in probes:
            hit = next(
                (
                    (h, cur)
                    for cur in currencies
                    if (h := verifier.match(probe, verifier.official(probe, cur))) is not None
                ),
                None,
            )
            if hit is None:
                continue
            (r, value), cur = hit
            checks[i] = Check(
                "misdated",
                value,
                r.unit,
                r,
                tolerance(claim),
                f"{fmt(claim.claimed_value or 0.0, r.unit)} is the figure for "
                f"{_series_name(probe)}, not {_series_name(claim)} ({describe(claim.period)}; "
                f"official: {fmt(check.official or 0.0, check.official_unit or r.unit)})",
                cur,
                claim.period,
                sibling="flow" if probe.flow != claim.flow else "subject",
            )
            if probe.partner != claim.partner:
                moved[claim.sentence_span] = probe.partner
            break


def _shift(period: ClaimPeriod, target: ClaimPeriod) -> ClaimPeriod:
    """The claim's period moved to the target's year (the period kind stays)."""
    years = target.end.year - period.end.year
    return ClaimPeriod(period.start.shift_years(years), period.end.shift_years(years), period.kind)


WITHHELD_NOTE = "the store's figure for this series was quoted from this article and is not used"


def _note_withheld(claims: list[Claim], checks: list[Check], facts: Facts) -> None:
    """Say where a figure for the claim's own series was withheld as the article's own."""
    if not facts.withhold:
        return
    for c, k in zip(claims, checks, strict=True):
        if c.period is None or k.verdict == "out_of_scope":
            continue
        currencies = [k.matched_currency or c.currency] if k.matched_currency or c.currency else []
        measures = {MEASURE_OF.get(c.metric, "value"), "value"}
        # a balance is judged from the two flows
        balance = c.metric == "balance" or c.flow == "balance"
        flows = ("export", "import") if balance else (None,)
        found = [
            i
            for cur in (currencies or ["CNY", "USD"])
            for m in measures
            for f in flows
            for i in facts.withheld(
                series_for(c, cur, m).with_(**({"flow": f} if f else {})), c.period.end
            )
        ]
        if found:
            k.explanation += f" ({WITHHELD_NOTE}: {found[0].release_url})"


def check_text(
    store: Store,
    data: bytes,
    source: str = "<stdin>",
    given_date: date | None = None,
    url: str | None = None,
) -> Report:
    """Check one article. `url` is its page (else an HTML page's canonical URL): figures
    the store quotes from that page are withheld, so the article never confirms itself."""
    article = read_article(data, source, given_date)
    url = url or page_url(data)
    withhold = releases_from(store, url)
    mentions = find_mentions(article.text, source)
    claims = read_tables(
        article.text, interpret(article.text, mentions, article.date), article.date
    )
    latest = Facts(store, withhold=withhold)
    dated = Facts(store, article.date, withhold=withhold) if article.date else None
    verifier = Verifier(latest, dated, article.date)
    checks = [verifier.check(c, claims) for c in claims]
    _sibling_misdating(claims, checks, verifier)
    _series_misdating(claims, checks, verifier)
    _note_withheld(claims, checks, latest)
    honest(claims, checks, verifier)  # no accusation where the reading is not settled
    in_scope = [c for c in checks if c.verdict != "out_of_scope"]
    if not in_scope:
        raise ClaimError(
            "no numeric claims about China's goods trade were found",
            file=source,
            hint="nothing to check",
        )
    return Report(article, claims, checks, url, len(withhold))


def to_json_dict(report: Report) -> dict[str, Any]:
    a = report.article
    claims = []
    for c, k in zip(report.claims, report.checks, strict=True):
        sentence_start, sentence_end = c.sentence_span
        r = k.result
        release = None
        if r is not None and r.inputs:
            i = r.inputs[0]
            release = {
                "title": i.release_title,
                "url": i.release_url,
                "published": i.published,
                "tier": i.tier,
            }
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
                # how each element was read: stated (with its words), carried, defaulted
                "reading": {name: r.as_dict() for name, r in c.readings.items()},
            }
        )
    return {
        "article": {
            "date": a.date.isoformat() if a.date else None,
            "date_source": a.date_source,
            "chars": len(a.text),
            "source": a.source,
            "url": report.url,
            "withheld_releases": report.withheld_releases,
        },
        "summary": report.counts(),
        "claims": claims,
    }
