"""Claim-check output: a Rich table for the terminal and an annotated HTML page."""

from __future__ import annotations

import html
from typing import Any

from rich.table import Table

from .check import VERDICTS

COLOURS = {
    "supported": "#2a7d2a",
    "refuted": "#c0392b",
    "misdated": "#d68910",
    "unverifiable": "#7f8c8d",
    "restored": "#2471a3",
    "out_of_scope": "#bbbbbb",
}
RICH = {
    "supported": "green",
    "refuted": "red",
    "misdated": "yellow",
    "unverifiable": "dim",
    "restored": "cyan",
    "out_of_scope": "dim",
}


def table(result: dict[str, Any], show_out_of_scope: bool = False) -> Table:
    a = result["article"]
    date_note = a["date"] or "unknown (periods resolved without it)"
    t = Table(title=f"{a['source']} · dated {date_note} ({a['date_source']})")
    for col in ("claim", "reads as", "period", "verdict", "official / explanation"):
        t.add_column(col, overflow="fold")
    for c in result["claims"]:
        if c["verdict"] == "out_of_scope" and not show_out_of_scope:
            continue
        subject = next((v for v in c["subject"].values() if v and v != "WLD"), "")
        reads = " ".join(
            x for x in (c["metric"], c["flow"] or "", subject, c["currency"] or "") if x
        )
        period = c["period"]["end"] + " " + c["period"]["kind"] if c["period"] else "?"
        text = c["text"].strip() or "(lost)"
        rel = (c.get("official") or {}).get("release") or {}
        explanation = c["explanation"] + (f" [tier {rel['tier']}]" if rel.get("tier") else "")
        t.add_row(text, reads, period, f"[{RICH[c['verdict']]}]{c['verdict']}[/]", explanation)
    return t


def reading_note(claim: dict[str, Any]) -> str:
    """How the claim's elements were read, as a line for the HTML hover text:
    "period stated ('in the first ten months'); flow carried from an earlier figure"."""
    parts = []
    for element, r in claim.get("reading", {}).items():
        how = r["how"]
        if how == "stated":
            said = f" ({r['text']!r})" if r.get("text") else ""
        elif how == "carried":
            said = f" from {r.get('from', 'earlier')}" + (
                f" ({r['text']!r})" if r.get("text") else ""
            )
        else:
            said = f" ({r['text']})" if r.get("text") else ""
        parts.append(f"{element} {how}{said}")
    return "\nread: " + "; ".join(parts) if parts else ""


def summary_line(result: dict[str, Any]) -> str:
    counts = result["summary"]
    return ", ".join(f"{counts[v]} {v.replace('_', ' ')}" for v in VERDICTS if counts[v])


def to_html(text: str, result: dict[str, Any]) -> str:
    """The article with each claim highlighted by verdict; official figure on hover."""
    pieces = []
    pos = 0
    for c in sorted(result["claims"], key=lambda c: c["span"][0]):
        a, b = c["span"]
        if a < pos:
            continue
        pieces.append(html.escape(text[pos:a]))
        official = c["official"]
        source = ""
        if official and official.get("release"):
            rel = official["release"]
            tier = f", tier {rel['tier']}" if rel.get("tier") else ""
            source = f" — {rel['title']} ({rel.get('published') or 'date unknown'}{tier})"
        tip = html.escape(
            f"{c['verdict']}: {c['explanation']}{source}{reading_note(c)}", quote=True
        )
        shown = html.escape(text[a:b]) if text[a:b].strip() else "&#9647;"
        pieces.append(f'<mark class="{c["verdict"]}" title="{tip}">{shown}</mark>')
        pos = b
    pieces.append(html.escape(text[pos:]))
    body = "".join(pieces).replace("\n\n", "</p><p>")
    style = "".join(
        f"mark.{v}{{background:{col}22;border-bottom:2px solid {col};cursor:help}}"
        for v, col in COLOURS.items()
    )
    legend = " ".join(f'<mark class="{v}">{v.replace("_", " ")}</mark>' for v in VERDICTS)
    a = result["article"]
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>tradepulse check: {html.escape(a['source'])}</title><style>"
        "body{font-family:Georgia,serif;max-width:820px;margin:2em auto;line-height:1.6}"
        f".summary{{background:#f4f4f4;padding:1em}}{style}</style></head><body>"
        f'<div class="summary"><strong>{html.escape(summary_line(result))}</strong><br>'
        f"Article date: {html.escape(a['date'] or 'unknown')} ({a['date_source']}). "
        f"Hover a figure for the official figure and its source.<br>{legend}</div>"
        f"<p>{body}</p></body></html>\n"
    )
