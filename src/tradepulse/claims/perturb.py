"""Perturbed copies of an article around one supported claim, each of which should make
the claim false: a number changed, a decimal shifted, a unit swapped, yuan for dollars, and
the claim's period shifted by a year, as when last year's figure is reused ("in November"
to "in November 2019", "the first 11 months" to "the first 11 months of 2019", "2020" to
"2019")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..errors import TradepulseError
from ..indicators import Series, level, yoy
from ..model import Period
from .extract import find_mentions
from .interpret import PeriodHit, find_periods, sentences

if TYPE_CHECKING:
    from ..indicators import Facts
    from .evaluate import Label

NUM_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


def _format_like(original: str, value: float) -> str:
    """`value` printed as `original` is, with more decimals if that would hide the change
    ("1" times 1.37 is "1.37", not "1" again)."""
    decimals = len(original.split(".")[1]) if "." in original else 0
    old = float(original.replace(",", ""))
    while round(value, decimals) == round(old, decimals) and decimals < 4:
        decimals += 1
    return f"{value:,.{decimals}f}" if "," in original else f"{value:.{decimals}f}"


def perturbations(
    text: str, lab: Label, facts: Facts | None = None
) -> list[tuple[str, str, tuple[int, int]]]:
    """Perturbed copies of an article around one supported claim: (kind, text, new span).
    With `facts`, a period shift whose new period's figure is still about the claimed one
    ("imports 1.21 trillion yuan" in July 2018 and July 2019 alike) is left out: it would
    not make the claim false."""
    token = text[lab.start : lab.end]
    m = NUM_RE.search(token)
    if not m:
        return []
    number = float(m.group(0).replace(",", ""))
    out = []

    def replaced(new_token: str, kind: str) -> None:
        new_text = text[: lab.start] + new_token + text[lab.end :]
        out.append((kind, new_text, (lab.start, lab.start + len(new_token))))

    def with_number(value: float) -> str:
        return token[: m.start()] + _format_like(m.group(0), value) + token[m.end() :]

    is_rate = "%" in token or "percent" in token.lower() or "per cent" in token.lower()
    changed = number + 3.3 if is_rate else number * 1.37
    replaced(with_number(changed), "number changed")
    if number >= 1:
        shifted = number / 10 if number >= 10 or not is_rate else number * 10
        replaced(with_number(shifted), "decimal shift")
    lower = token.lower()
    if "trillion" in lower:
        replaced(re.sub("trillion", "billion", token, flags=re.I), "unit swapped")
    elif "billion" in lower:
        replaced(re.sub("billion", "trillion", token, flags=re.I), "unit swapped")
    if "yuan" in lower:
        replaced(re.sub("yuan", "U.S. dollars", token, flags=re.I), "yuan for dollars")
    elif "dollar" in lower or "$" in token:
        swapped = re.sub(r"U\.?S\.?\s?dollars?|dollars?", "yuan", token, flags=re.I)
        swapped = re.sub(r"(?:US|U\.S\.)?\s?\$\s?([\d.,]+)\s*(\w+)", r"\1 \2 yuan", swapped)
        if swapped != token:
            replaced(swapped, "yuan for dollars")
    moved = _period_shifted(text, lab)
    if moved is not None:
        moved_text, moved_span, year = moved
        if facts is None or not _still_close(facts, lab, year):
            out.append(("period shifted", moved_text, moved_span))
    return out


def _still_close(facts: Facts, lab: Label, year: int) -> bool:
    """Whether the labelled series, in the shifted year, is still about the claimed figure
    (within the claim's rounding and 0.5 point for a rate, 1% for an amount): such a
    shift would not clearly make the claim false."""
    mention = next(iter(find_mentions(lab.text)), None)
    if lab.period is None or mention is None or mention.number is None:
        return True
    period = Period(year, Period.parse(lab.period["end"]).month)
    sub = lab.subject
    kind, code = next(
        ((k, str(sub[k])) for k in ("enterprise_type", "trade_mode", "commodity") if sub.get(k)),
        ("", ""),
    )
    rounding = 0.5 * 10**-mention.decimals
    for currency in ("CNY", "USD"):
        s = Series(
            flow=str(sub.get("flow") or "total"),
            partner=str(sub.get("partner") or "WLD"),
            breakdown_kind=kind,
            breakdown_code=code,
            period_kind="month" if lab.period["kind"] == "month" else "ytd",
            currency=currency,
        )
        try:
            if lab.metric == "yoy":
                rate = yoy(facts, s, period).value
                if abs(abs(rate) - mention.number) <= rounding + 0.5:
                    return True
            else:
                value = level(facts, s, period).value / mention.scale
                if abs(value - mention.number) <= max(rounding, 0.01 * mention.number):
                    return True
        except TradepulseError:
            continue
    return False


def _shift_phrase(phrase: str, year: int) -> str | None:
    """The period phrase moved to `year`: its own year replaced ("in 2020", "November
    2020", "of this year"), else the year added ("in November" -> "in November 2019",
    "the first 11 months" -> "the first 11 months of 2019")."""
    if re.search(r"month period", phrase, re.I):
        return None  # "the 10-month period": no place for a year
    if re.search(r"\b(?:this|the) year\b", phrase, re.I):
        return re.sub(r"\b(?:this|the) year\b", str(year), phrase, count=1, flags=re.I)
    if re.search(r"\b20\d\d\b", phrase):
        return re.sub(r"\b20\d\d\b", str(year), phrase, count=1)
    head, tail = (phrase[:-7], phrase[-7:]) if phrase.endswith(" period") else (phrase, "")
    if re.search(r"\bmonths|\bhalf|\bquarters?\b", head, re.I):
        return f"{head} of {year}{tail}"
    return f"{head} {year}{tail}"


_APPROX_BEFORE = re.compile(
    r"(?:about|around|nearly|near(?:ing|ly)?|over|more than|exceed\w*|almost|some|roughly|"
    r"approximately|at least|less than|under|above|below|top(?:ped|s)?)\s*(?:RMB|US\$|\$)?\s*$",
    re.I,
)


def _names_labelled_period(hit: PeriodHit, period: dict[str, str]) -> bool:
    """Whether a period phrase is the one the label gives the claim: same end month (and
    year, where the phrase names one) and a compatible kind."""
    end_year, end_month = int(period["end"][:4]), int(period["end"][5:7])
    kinds = {"month": {"month"}, "ytd": {"ytd"}, "year": {"ytd", "year"}}
    return (
        hit.month == end_month
        and (hit.year is None or hit.year == end_year)
        and hit.kind in kinds.get(period["kind"], set())
    )


def _period_shifted(text: str, lab: Label) -> tuple[str, tuple[int, int], int] | None:
    """The article with the claim's own period phrase shifted: the phrase in its sentence
    that names the labelled period (right after the claim, else the nearest before it).
    None where the sentence names none, for measures other than values and growth rates,
    and for bounds ("over 60%" may hold in another year too)."""
    if lab.period is None or lab.metric not in ("value", "yoy"):
        return None  # a conversion stays one; points and balances match many measures
    if _APPROX_BEFORE.search(text[max(0, lab.start - 25) : lab.start]):
        return None
    span = next(((a, b) for a, b in sentences(text) if a <= lab.start < b), None)
    if span is None:
        return None
    hits = [
        h
        for h in find_periods(text[span[0] : span[1]], span[0])
        if _names_labelled_period(h, lab.period)
    ]
    # the phrase must be the claim's own: no full stop or line break between them
    after = [
        h
        for h in hits
        if 0 <= h.start - lab.end <= 40 and not re.search(r"[.;\n]", text[lab.end : h.start])
    ]
    before = [h for h in hits if h.end <= lab.start and "\n" not in text[h.end : lab.start]]
    hit = after[0] if after else (before[-1] if before else None)
    if hit is None:
        return None
    end = hit.end
    if tail := re.match(r"\s+of (?:the|this) year\b", text[end : end + 20], re.I):
        end += tail.end()  # "in the first half of the year"
    phrase = text[hit.start : end]
    labelled_year = int(lab.period["end"][:4])
    # the year before (the data begin in 2018: there, the year after)
    year = labelled_year - 1 if labelled_year > 2018 else labelled_year + 1
    new = _shift_phrase(phrase, year)
    if new is None:
        return None
    new_text = text[: hit.start] + new + text[end:]
    delta = len(new) - len(phrase) if end <= lab.start else 0
    return new_text, (lab.start + delta, lab.end + delta), year
