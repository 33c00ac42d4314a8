"""How figures read on the pages: amounts, percentages, sparklines, verdict badges."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment
from markupsafe import Markup, escape

from ..model import MONTH_TITLES, Period

SYMBOL = {"USD": "$", "CNY": "¥"}
UNIT_CURRENCY = {"dollar": "USD", "yuan": "CNY"}
FLOW_NAME = {"total": "Total trade", "export": "Exports", "import": "Imports", "balance": "Balance"}

#: Every verdict has a word and an icon besides its colour.
VERDICT = {
    "supported": ("✓", "supported"),
    "refuted": ("✗", "refuted"),
    "misdated": ("⏱", "misdated"),
    "unverifiable": ("?", "unverifiable"),
    "restored": ("↺", "restored"),
    "out_of_scope": ("–", "out of scope"),
}


#: Where the checker found the article's date (docs/claims.md)
DATE_SOURCE = {
    "option": "as you gave it",
    "metadata": "from the page's metadata",
    "metadata_month": "month from the page's metadata",
    "text": "from the article's text",
    "none": "periods read without it",
}


def amount(value: float | None, unit: str = "", currency: str | None = None) -> str:
    """$359.4 bn, ¥2.53 trn, 3.4 m tonne."""
    if value is None:
        return "–"
    currency = currency or UNIT_CURRENCY.get(unit)
    sign = "−" if value < 0 else ""
    v = abs(value)
    for factor, word in ((1e12, "trn"), (1e9, "bn"), (1e6, "m")):
        if v >= factor:
            text = f"{v / factor:,.{2 if v / factor < 10 else 1}f} {word}"
            break
    else:
        text = f"{v:,.0f}"
    if currency in SYMBOL:
        return f"{sign}{SYMBOL[currency]}{text}"
    tail = f" {unit}" if unit and unit not in UNIT_CURRENCY else ""
    return f"{sign}{text}{tail}"


def pct(value: float | None, signed: bool = True) -> str:
    if value is None:
        return "–"
    text = f"{abs(value):.1f}%"
    if not signed:
        return text
    return ("+" if value > 0 else "−" if value < 0 else "±") + text


def month_name(period: str) -> str:
    p = Period.parse(period)
    return f"{MONTH_TITLES[p.month - 1]} {p.year}"


def sparkline(points: list[list[Any]], width: int = 160, height: int = 40) -> Markup:
    """A small inline SVG line (no script), with a readable label for screen readers."""
    if len(points) < 2:
        return Markup('<span class="muted">not enough months for a sparkline</span>')
    values = [float(v) for _, v in points]
    lo, hi = min(values), max(values)
    span = (hi - lo) or 1.0
    step = (width - 4) / (len(values) - 1)
    xy = [(2 + i * step, 2 + (height - 4) * (1 - (v - lo) / span)) for i, v in enumerate(values)]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
    label = escape(f"{len(points)} months, {points[0][0]} to {points[-1][0]}")
    zero = ""
    if lo < 0 < hi:
        zy = 2 + (height - 4) * (1 - (0 - lo) / span)
        zero = f'<line x1="0" x2="{width}" y1="{zy:.1f}" y2="{zy:.1f}" class="zero"/>'
    return Markup(
        f'<svg class="spark" viewBox="0 0 {width} {height}" preserveAspectRatio="none" '
        f'role="img" aria-label="{label}">{zero}<polyline points="{path}"/></svg>'
    )


def verdict_badge(verdict: str) -> Markup:
    icon, word = VERDICT.get(verdict, ("•", verdict))
    return Markup(
        f'<span class="badge v-{escape(verdict)}"><span aria-hidden="true">{icon}</span> '
        f"{escape(word)}</span>"
    )


def segments(text: str, claims: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any] | None]]:
    """The article cut into plain text and claims (in order, overlaps dropped)."""
    out: list[tuple[str, dict[str, Any] | None]] = []
    pos = 0
    for c in sorted(claims, key=lambda c: c["span"][0]):
        a, b = c["span"]
        if a < pos:
            continue
        out.append((text[pos:a], None))
        out.append((text[a:b], c))
        pos = b
    out.append((text[pos:], None))
    return out


def inline_code(text: str) -> Markup:
    """The OpenAPI descriptions' `backticks` as <code>, everything else escaped."""
    parts = str(escape(text)).split("`")
    return Markup("".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts)))


def register(env: Environment) -> None:
    env.filters.update(
        amount=amount,
        pct=pct,
        month_name=month_name,
        sparkline=sparkline,
        verdict_badge=verdict_badge,
        inline_code=inline_code,
    )
    env.globals.update(
        FLOW_NAME=FLOW_NAME, VERDICT=VERDICT, DATE_SOURCE=DATE_SOURCE, segments=segments
    )
