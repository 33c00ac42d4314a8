"""Partner tables in news text: the Reuters layout of a month's trade by partner.

Reuters follows a release with a small table, flattened to text by the time it reaches
us::

    April  Exports Imports Balance Exports +/- Imports +/- Exports +/- Imports +/- %
    ($bln) ($bln) ($bln) % y/y % y/y % m/m m/m
    Japan 13.7 14.7 -1.1 33.0% -5.1% 8.6% -0.1%

Prose rules cannot read such rows (no verbs, no units on most cells), so the header is
read once into columns (flow and measure) and every row's cells are mapped onto them.
A row marked with an asterisk whose footnote says its year-on-year figures are not
comparable (the EU after Brexit) carries only its month-on-month rates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from . import vocabulary as v
from .extract import Mention
from .interpret import Claim, ClaimPeriod, find_periods, resolve

_FLOW_WORDS = {"exports": "export", "imports": "import", "balance": "balance"}
_HEADER_FLOWS = re.compile(r"\b(Exports|Imports|Balance)\b")
_HEADER_UNITS = re.compile(r"\(\$\s?bl?n\)|%?\s*y/y|%?\s*m/m", re.I)
_CELL = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?%?(?![\w.])")
_ROW = re.compile(r"^(?P<name>[A-Z][A-Za-z .'*-]*?)\s+(?P<cells>-?\d[\d.%\s-]*)$")


@dataclass(frozen=True)
class Column:
    flow: str
    metric: str  # value | balance | yoy | mom


@dataclass
class _Table:
    columns: list[Column]
    period: ClaimPeriod | None
    start: int  # first row line
    footnote_no_yoy: bool


def _columns(flows_line: str, units_text: str) -> list[Column] | None:
    flows = [_FLOW_WORDS[w.lower()] for w in _HEADER_FLOWS.findall(flows_line)]
    units = _HEADER_UNITS.findall(units_text)
    if len(flows) < 3 or len(flows) != len(units):
        return None
    columns = []
    for flow, unit in zip(flows, units, strict=True):
        if "y/y" in unit:
            metric = "yoy"
        elif "m/m" in unit:
            metric = "mom"
        else:
            metric = "balance" if flow == "balance" else "value"
        columns.append(Column(flow, metric))
    return columns


def _find_tables(text: str, article_date: date | None) -> list[_Table]:
    tables = []
    lines = [(m.start(), m.group(0)) for m in re.finditer(r"[^\n]*", text)]
    for i, (pos, line) in enumerate(lines):
        if len(_HEADER_FLOWS.findall(line)) < 3:
            continue
        unit_lines = [ln for _, ln in lines[i : i + 5] if _HEADER_UNITS.search(ln)]
        columns = _columns(line, " ".join(unit_lines))
        if not columns:
            continue
        context = text[max(0, pos - 300) : pos + len(line)]
        hits = [h for h in find_periods(context, 0) if h.kind == "month"]
        period = resolve(hits[-1], article_date, None) if hits else None
        after = text[pos:]
        foot = re.search(r"^\*[^\n]*(?:\n+[^\n]+){0,3}", after, re.M)
        no_yoy = bool(foot and re.search(r"year-on-year|y/y", foot.group(0), re.I))
        tables.append(_Table(columns, period, pos + len(line), no_yoy))
    return tables


def _partner(name: str) -> str | None:
    for code, pattern in v.PARTNERS:
        if re.search(pattern, name, re.I):
            return code
    return None


def read_tables(text: str, claims: list[Claim], article_date: date | None) -> list[Claim]:
    """The claims with every partner-table cell read by its column (new claims for cells
    prose extraction missed, such as bare values), in text order."""
    tables = _find_tables(text, article_date)
    if not tables:
        return claims
    by_start = {c.mention.start: c for c in claims}
    added: list[Claim] = []
    for table in tables:
        rows = list(re.finditer(r"[^\n]+", text[table.start :]))
        seen_row = False
        for k, row in enumerate(rows):
            line = row.group(0).strip()
            m = _ROW.match(line)
            if not m:
                if seen_row and not re.search(r"\d", line) and len(line) < 25:
                    continue  # a wrapped name ("Union*")
                if seen_row:
                    break
                continue
            seen_row = True
            name = m.group("name")
            nxt = rows[k + 1].group(0).strip() if k + 1 < len(rows) else ""
            partner = _partner(name)
            if partner is None and nxt and not re.search(r"\d", nxt):
                partner = _partner(f"{name} {nxt}")
                name = f"{name} {nxt}"
            if partner is None:
                continue
            columns = table.columns
            if "*" in name and table.footnote_no_yoy:
                columns = [c for c in columns if c.metric != "yoy"]
            base = table.start + row.start() + (len(row.group(0)) - len(row.group(0).lstrip()))
            cells_at = base + m.start("cells")
            for column, cell in zip(columns, _CELL.finditer(m.group("cells")), strict=False):
                a, b = cells_at + cell.start(), cells_at + cell.end()
                claim = by_start.get(a)
                if claim is None:
                    claim = _new_claim(text, a, b, column)
                    added.append(claim)
                _apply(claim, column, partner, table.period)
    out = sorted([*claims, *added], key=lambda c: c.mention.start)
    index = {id(c): i for i, c in enumerate(out)}
    for c in out:  # keep conversion links pointing at the same claims
        if c.converts is not None:
            c.converts = index[id(claims[c.converts])]
    return out


def _new_claim(text: str, a: int, b: int, column: Column) -> Claim:
    token = text[a:b]
    percent = token.endswith("%")
    number = float(token.rstrip("%"))
    decimals = len(token.rstrip("%").split(".", 1)[1]) if "." in token else 0
    mention = Mention(
        a,
        b,
        token,
        "percent" if percent else "amount",
        number,
        decimals,
        1.0 if percent else 1e9,
        None if percent else "USD",
        "percent" if percent else "dollar",
        "",
    )
    line_start = text.rfind("\n", 0, a) + 1
    line_end = text.find("\n", b)
    line_end = len(text) if line_end < 0 else line_end
    return Claim(mention, (line_start, line_end), text[line_start:line_end])


def _apply(claim: Claim, column: Column, partner: str, period: ClaimPeriod | None) -> None:
    claim.metric = column.metric
    claim.flow = column.flow
    claim.partner = partner
    claim.commodity = claim.trade_mode = claim.enterprise_type = None
    claim.period = period
    claim.currency, claim.currency_stated = "USD", True
    claim.sign = 1  # the cell carries its own sign
    claim.ambiguous = False
    claim.out_of_scope = ""
    claim.notes.append("read from a partner table")


__all__ = ["Column", "read_tables"]
