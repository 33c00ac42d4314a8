"""Interpretation of a GACC preliminary-release table once its cells are known.

Both the HTML reader and the text reader reduce a page to a `Grid` (title, unit, header
rows, body rows); this module turns a grid into observations. Column meaning is read from
the header text of each column (flow, month or cumulative, value / quantity / YoY, prior
year), so the layout differences between years need no per-year code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..errors import ParseError
from ..model import (
    GROUP_CODES,
    MONTH_NAMES,
    REPORTER,
    BreakdownKind,
    Flow,
    Measure,
    Period,
    PeriodKind,
    Unit,
    breakdown_code,
    decimals_of,
    is_of_which,
    money_unit,
    normalise_label,
    partner_code,
    quantity_unit,
)
from .base import OFFICIAL_TABLE, ParsedRelease, ReleaseMeta, content_hash
from .tiers import TABLE

EMPTY_CELLS = {"", "-", "—", "–", "－", "…"}
NUMBER_RE = re.compile(r"^[-+]?\d{1,3}(,\d{3})*(\.\d+)?$|^[-+]?\d+(\.\d+)?$")


def short(text: str, limit: int = 80) -> str:
    """A cell's text cut for a one-line message (a hostile cell can be megabytes long)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class Grid:
    """A table as cells: header rows and body rows share one column index."""

    title: str
    unit: str | None
    header: list[list[str]]
    body: list[list[str]]
    source: str
    published: date | None
    notes: str = ""
    source_format: str = "gacc-html"
    warnings: list[str] = field(default_factory=list)
    release_series: str = "prelim"  # prelim (preliminary release) | bulletin (monthly bulletin)
    kind_override: str | None = None  # for tables split from a two-way table


@dataclass(frozen=True)
class TableKind:
    code: str  # total | partner | trade_mode | enterprise | exports | imports
    number: str  # GACC's table number as printed, e.g. "4"


@dataclass(frozen=True)
class Column:
    index: int
    flow: Flow | None
    kind: PeriodKind
    measure: Measure
    years_back: int  # 0, or 1 for "same period last year" columns


def table_kind(title: str, where: str) -> TableKind:
    t = title.lower()
    number_match = re.match(r"^\s*\((\d+)\)", title)
    number = number_match.group(1) if number_match else ""
    if "country" in t or "region" in t:
        return TableKind("partner", number or "4")
    if "major exports" in t:
        return TableKind("exports", number or "5")
    if "major imports" in t:
        return TableKind("imports", number or "6")
    if "enterprise" in t:
        return TableKind("enterprise", number or "3")
    if "trade mode" in t or "customs regime" in t:
        return TableKind("trade_mode", number or "2")
    if "total export" in t and "import" in t:
        return TableKind("total", number or "1")
    raise ParseError(
        f"unknown table {short(title)!r}",
        file=where,
        hint="tradepulse reads GACC preliminary-release tables (1)-(6); this one is not among "
        "them and nothing was stored",
    )


@dataclass(frozen=True)
class TitlePeriod:
    period: Period
    only_month: bool  # "(Only August ...)"
    cumulative_only: bool  # "January-May 2020", "January-February 2025"


def title_period(title: str, where: str) -> TitlePeriod:
    t = title.lower().replace("–", "-").replace(".", " ")
    months = "|".join(sorted(MONTH_NAMES, key=len, reverse=True))
    only = "only" in t
    m = re.search(r"\b(\d{1,2})\s*-\s*(\d{1,2})\s*,?\s*(\d{4})\b", t)
    if m and 1 <= int(m.group(2)) <= 12:  # bulletin style "1-5.2024"
        return TitlePeriod(Period(int(m.group(3)), int(m.group(2))), False, True)
    m = re.search(rf"\b({months})\s*-\s*({months})\s*,?\s*(\d{{4}})", t)
    if m:
        return TitlePeriod(Period(int(m.group(3)), MONTH_NAMES[m.group(2)]), False, True)
    m = re.search(rf"\b({months})\s*,?\s*(\d{{4}})", t)
    if m:
        return TitlePeriod(Period(int(m.group(2)), MONTH_NAMES[m.group(1)]), only, False)
    m = re.search(r"\b(\d{1,2})\s*(\d{4})\b", t)
    if m and 1 <= int(m.group(1)) <= 12:
        return TitlePeriod(Period(int(m.group(2)), int(m.group(1))), only, False)
    raise ParseError(f"no period in table title {short(title)!r}", file=where)


def _column_kind(text: str, tp: TitlePeriod) -> PeriodKind | None:
    t = text.lower()
    cumulative = r"1\s*-\s*(to\s*-?\s*)?\d|1\s*to\s*\d|jan\w*\s*-|in total|\btotal\b|cumulative"
    if re.search(cumulative, t):
        return PeriodKind.YTD
    months = "|".join(sorted(MONTH_NAMES, key=len, reverse=True))
    if re.search(rf"^\s*(\d{{1,2}})\s*$|\b({months})\b|only", t.split("|")[0]) or re.search(
        rf"(^|\|)\s*(\d{{1,2}}|{months})\s*($|\|)", t
    ):
        return PeriodKind.MONTH
    if tp.cumulative_only:
        return PeriodKind.YTD
    if tp.only_month:
        return PeriodKind.MONTH
    return None


def _column_flow(text: str) -> Flow | None:
    t = text.lower()
    if re.search(r"export\s*(&|and)\s*import|import\s*(&|and)\s*export|total trade", t):
        return Flow.TOTAL
    if "export" in t:
        return Flow.EXPORT
    if "import" in t:
        return Flow.IMPORT
    return None


def _years_back(text: str, tp: TitlePeriod, grid: Grid) -> int:
    years = [int(y) for y in re.findall(r"\b(20\d{2})\b", text)]
    earlier = [y for y in years if y < tp.period.year]
    if not earlier:
        return 0
    if earlier[0] != tp.period.year - 1:
        # GACC has printed the wrong prior year in a header (e.g. "1-5 Total, 2024" in a
        # May 2026 table): the column is the same period of the previous year.
        grid.warnings.append(
            f"header {text!r} names {earlier[0]}; read as {tp.period.year - 1}, the year "
            "before the release"
        )
    return 1


def columns(grid: Grid, kind: TableKind, tp: TitlePeriod, first: int, where: str) -> list[Column]:
    width = max((len(r) for r in grid.header + grid.body), default=0)
    out: list[Column] = []
    for j in range(first, width):
        parts = [row[j] for row in grid.header if j < len(row) and row[j].strip()]
        text = " | ".join(parts)
        if not text:
            continue
        is_yoy = bool(re.search(r"year-on-year|yoy|±|\(%\)|%", text, re.I))
        period_kind = _column_kind(text, tp)
        if period_kind is None:
            raise ParseError(
                f"cannot tell month from cumulative in column {short(text)!r}",
                file=where,
                table=grid.title,
            )
        if kind.code in ("exports", "imports"):
            flow = Flow.EXPORT if kind.code == "exports" else Flow.IMPORT
            is_qty = "quantity" in text.lower()
            if is_yoy:
                measure = Measure.QUANTITY_YOY if is_qty else Measure.YOY
            else:
                measure = Measure.QUANTITY if is_qty else Measure.VALUE
        else:
            found = _column_flow(text)
            if found is None:
                raise ParseError(
                    f"column {short(text)!r} names no flow", file=where, table=grid.title
                )
            flow = found
            measure = Measure.YOY if is_yoy else Measure.VALUE
        out.append(Column(j, flow, period_kind, measure, _years_back(text, tp, grid)))
    return out


def parse_number(cell: str, where: str, table: str, row: str, col: int) -> tuple[float, int] | None:
    text = cell.strip().replace("\xa0", "").replace(" ", "")
    if text in EMPTY_CELLS:
        return None
    if not NUMBER_RE.match(text):
        raise ParseError(
            f"cell {short(cell)!r} in column {col + 1} is not a number",
            file=where,
            table=table,
            row=row,
        )
    return float(text.replace(",", "")), decimals_of(text)


def _row_subject(kind: TableKind, label: str, where: str, table: str) -> dict[str, Any]:
    clean = re.sub(r"^\s*of which\s*:?\s*", "", label, flags=re.I).replace("*", "").strip()
    norm = normalise_label(clean)
    if kind.code == "partner":
        code = partner_code(clean)
        if code is None:
            raise ParseError(
                f"unknown partner {short(clean)!r}",
                file=where,
                table=table,
                row=label,
                hint="add the name to tradepulse.model.PARTNER_NAMES; nothing was stored",
            )
        return {
            "partner": code,
            "breakdown_kind": "",
            "breakdown_scheme": "",
            "breakdown_code": "",
            "breakdown_label": "",
        }
    headline = norm in {"total", "total value", "total values"}
    if headline:
        return {
            "partner": "WLD",
            "breakdown_kind": "",
            "breakdown_scheme": "",
            "breakdown_code": "",
            "breakdown_label": "",
        }
    bkind = {
        "trade_mode": BreakdownKind.TRADE_MODE,
        "enterprise": BreakdownKind.ENTERPRISE_TYPE,
        "exports": BreakdownKind.COMMODITY,
        "imports": BreakdownKind.COMMODITY,
    }.get(kind.code)
    if bkind is None:
        raise ParseError(
            f"unexpected row {short(clean)!r} in a totals table", file=where, table=table, row=label
        )
    return {
        "partner": "WLD",
        "breakdown_kind": str(bkind),
        "breakdown_scheme": "gacc-major" if bkind is BreakdownKind.COMMODITY else "gacc",
        "breakdown_code": breakdown_code(bkind, clean),
        "breakdown_label": clean,
    }


def interpret(grid: Grid) -> ParsedRelease:
    """Turn a grid into one release with its observations."""
    where = grid.source
    kind = table_kind(grid.title, where)
    if grid.kind_override:
        kind = TableKind(grid.kind_override, kind.number)
    tp = title_period(grid.title, where)
    if not grid.unit:
        raise ParseError(
            "the table has no unit row",
            file=where,
            table=grid.title,
            hint="a table without its unit cannot be scaled; nothing was stored",
        )
    money: Unit = money_unit(grid.unit)
    if money.currency is None:
        raise ParseError(
            f"unit {short(grid.unit)!r} names no currency", file=where, table=grid.title
        )
    title_cur = re.search(r"in (CNY|USD)", grid.title, re.I)
    if title_cur and title_cur.group(1).upper() != money.currency:
        raise ParseError(
            f"title says {title_cur.group(1)} but the unit says {short(grid.unit)!r}",
            file=where,
            table=grid.title,
        )
    if not grid.header and not grid.body:
        raise ParseError(
            "the table stops after its unit row (truncated page?)", file=where, table=grid.title
        )
    commodity = kind.code in ("exports", "imports")
    first = 2 if commodity else 1
    cols = columns(grid, kind, tp, first, where)
    if not cols:
        raise ParseError("no data columns found in the header", file=where, table=grid.title)
    if not grid.body:
        raise ParseError(
            "the table has no data rows (truncated page?)", file=where, table=grid.title
        )
    observations: list[dict[str, Any]] = []
    seen: set[tuple[Any, ...]] = set()
    width = max(c.index for c in cols) + 1
    parent = ""  # the subject an "of which" row is part of (for plausibility's part rule)
    for raw in grid.body:
        row = list(raw)
        label = row[0].strip() if row else ""
        if not label:
            continue
        qty_unit_text = ""
        if commodity:
            # Some USD tables (e.g. April 2025) drop the quantity-unit cell from every body
            # row and pad the end instead: realign so the figures meet their headers.
            if (
                len(row) >= 2
                and (NUMBER_RE.match(row[1].replace(" ", "")) or row[1].strip() in EMPTY_CELLS)
                and row[-1].strip() == ""
                and len(row) == width
            ):
                row = [row[0], "", *row[1:-1]]
                grid.warnings.append(f"row {label!r}: quantity unit missing; quantities skipped")
            qty_unit_text = row[1].strip() if len(row) > 1 else ""
        if len(row) < width:
            raise ParseError(
                f"row has {len(row)} cells, the header {width}",
                file=where,
                table=grid.title,
                row=label,
            )
        subject = _row_subject(kind, label, where, grid.title)
        part_of = parent if is_of_which(label) else ""
        # "of which" rows belong to the group above them; an indented country after them
        # (its indent lost with the cell's spaces) must not become a parent
        if not part_of and (kind.code != "partner" or subject["partner"] in GROUP_CODES):
            parent = f"{subject['partner']}|{subject['breakdown_code']}"
        qty_unit = quantity_unit(qty_unit_text) if commodity and qty_unit_text else None
        for col in cols:
            parsed = parse_number(row[col.index], where, grid.title, label, col.index)
            if parsed is None:
                continue
            number, decimals = parsed
            resolution = 10.0**-decimals
            if col.measure is Measure.VALUE:
                value, unit, resolution = number * money.scale, money.base, resolution * money.scale
            elif col.measure is Measure.QUANTITY:
                if qty_unit is None:
                    continue  # quantity without a published unit cannot be stated
                value, unit = number * qty_unit.scale, qty_unit.base
                resolution *= qty_unit.scale
            else:
                value, unit = number, "percent"
            period = tp.period.shift_years(-col.years_back)
            obs = {
                "reporter": REPORTER,
                "flow": str(col.flow),
                **subject,
                "period": str(period),
                "period_kind": str(col.kind),
                "currency": money.currency,
                "measure": str(col.measure),
                "unit": unit,
                "value": value,
                "resolution": resolution,
                "source_row": label,
                "source_col": col.index + 1,
                "part_of": part_of,
            }
            key = (
                obs["flow"],
                obs["partner"],
                obs["breakdown_code"],
                obs["period"],
                obs["period_kind"],
                obs["measure"],
            )
            if key in seen:
                if is_of_which(label):
                    continue
                raise ParseError(
                    f"figure given twice: {key}", file=where, table=grid.title, row=label
                )
            seen.add(key)
            observations.append(obs)
    if not observations:
        raise ParseError("the table holds no figures", file=where, table=grid.title)
    # The figures define the release, not their rendering: the HTML page and a text copy
    # of the same table are one release, and a changed figure makes a new vintage.
    figures = sorted(
        f"{o['flow']}|{o['partner']}|{o['breakdown_code']}|{o['period']}|"
        f"{o['period_kind']}|{o['measure']}|{o['value']!r}"
        for o in observations
    )
    canonical = "\n".join([" ".join(grid.title.split()), grid.unit.strip(), *figures])
    suffix = ":month" if tp.only_month else ":ytd" if tp.cumulative_only else ""
    table_id = (
        f"gacc:{grid.release_series}:{kind.number}:{kind.code}:{money.currency}:{tp.period}{suffix}"
    )
    meta = ReleaseMeta(
        publisher="GACC",
        table_id=table_id,
        title=" ".join(grid.title.split()),
        source=grid.source,
        published=grid.published,
        content_hash=content_hash(canonical),
        source_format=grid.source_format,
        authority=OFFICIAL_TABLE,
        notes=grid.notes,
        tier=TABLE,
        source_identity="GACC",
        source_kind="publisher",
    )
    return ParsedRelease(meta, observations, list(grid.warnings))
