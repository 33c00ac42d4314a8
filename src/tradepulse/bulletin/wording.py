"""Words that follow the data: verbs by size and sign, amounts, periods, ordinals."""

from __future__ import annotations

import math

from ..model import MONTH_TITLES, Period

MONTHS = MONTH_TITLES
ORDINALS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
]
NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]
PARTNER_NAMES = {
    "ASEAN": "ASEAN",
    "EU": "the European Union",
    "USA": "the United States",
    "JPN": "Japan",
    "KOR": "South Korea",
    "HKG": "Hong Kong",
    "TWN": "Taiwan",
    "AUS": "Australia",
    "RUS": "Russia",
    "IND": "India",
    "GBR": "the United Kingdom",
    "DEU": "Germany",
    "VNM": "Vietnam",
    "BRA": "Brazil",
    "BRI": "Belt and Road countries",
    "RCEP": "the other RCEP members",
    "LATAM": "Latin America",
    "AFRICA": "Africa",
}


def growth_verb(pct: float) -> str:
    """rose / edged up / surged / dipped / fell / slumped, by size and sign."""
    if pct >= 15:
        return "surged"
    if pct >= 1:
        return "rose"
    if pct > 0:
        return "edged up"
    if pct == 0:
        return "was flat"
    if pct > -1:
        return "dipped"
    if pct > -15:
        return "fell"
    return "slumped"


def change_phrase(pct: float) -> str:
    """'up 7.8%' / 'down 0.8%' / 'unchanged'."""
    if round(pct, 1) == 0:
        return "unchanged"
    return f"{'up' if pct > 0 else 'down'} {abs(pct):.1f}%"


def rate(pct: float) -> str:
    return f"{abs(pct):.1f}%"


def amount(value: float, currency: str, resolution: float = 0.0) -> str:
    """3.09 trillion yuan / $268.07 billion, as trade reports print them, never with more
    digits than the figures behind it allow (`resolution`, in base units)."""
    sign = "-" if value < 0 else ""
    v = abs(value)
    if v >= 1e12:
        factor, scale, decimals = 1e12, "trillion", 2
    elif v >= 1e9:
        factor, scale, decimals = 1e9, "billion", 1 if v >= 1e11 else 2
    else:
        factor, scale, decimals = 1e6, "million", 1
    if resolution > 0:
        allowed = max(0, -math.floor(math.log10(resolution / factor) + 1e-9))
        decimals = min(decimals, allowed)
    number = f"{v / factor:.{decimals}f}"
    if currency == "USD":
        return f"{sign}${number} {scale}"
    return f"{sign}{number} {scale} yuan"


def period_name(period: Period, kind: str) -> str:
    """'November 2020' or 'the first 11 months of 2020' / 'January-February 2025'."""
    if kind == "month":
        return f"{MONTHS[period.month - 1]} {period.year}"
    return f"{short_period(period, kind)} of {period.year}".replace("the year of", "the whole of")


def short_period(period: Period, kind: str) -> str:
    if kind == "month":
        return MONTHS[period.month - 1]
    named = {
        1: "January",
        2: "January-February",
        3: "the first quarter",
        6: "the first half",
        9: "the first three quarters",
        12: "the year",
    }
    return named.get(period.month, f"the first {period.month} months")


def ordinal(n: int) -> str:
    if 1 <= n <= len(ORDINALS):
        return ORDINALS[n - 1]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def partner_name(code: str) -> str:
    return PARTNER_NAMES.get(code, code)
