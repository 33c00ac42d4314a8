"""Reader for a workbook of GACC's monthly figures by region (CNY 10 thousand, 万元).

The workbook (海关统计数据汇总.xlsx, gathered from GACC's statistics by a public
dashboard project) has one sheet per region — 全国 (the whole country), provinces and
province-level cities (北京市, 上海市, 浙江省) and prefecture cities (深圳市, 杭州市 …) — and
columns 时间 (YYYY-MM), then for 进出口 / 进口 / 出口 the month (当月) and the year to date
(年初至今), each followed by a year-on-year column.

Two quirks, handled here:

- its 进口 (imports) and 出口 (exports) labels are swapped. The national sheet proves it:
  China ran a trade surplus in every month GACC has published since 2018, so the column
  that is larger every month is exports. The reader decides from the national sheet and
  refuses the file when the months disagree (neither reading holds throughout);
- its YoY columns are the compiler's own computations, not GACC's: they are not read.

The figures are GACC's; GACC is cited as their publisher, never the compilation. Provinces
and province-level cities are stored with breakdown `province`; prefecture cities are
left out (the data model has no city breakdown).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from ..errors import ParseError
from ..model import REPORTER, BreakdownKind, Flow, Measure, Period
from .base import OFFICIAL_TABLE, ParsedRelease, ReleaseMeta, content_hash

NATIONAL = "全国"
#: province-level regions the workbook holds, with their codes
PROVINCES = {"北京市": "beijing", "上海市": "shanghai", "浙江省": "zhejiang"}
LABEL_FLOWS = {"进出口": Flow.TOTAL, "进口": Flow.IMPORT, "出口": Flow.EXPORT}
KINDS = {"当月": "month", "年初至今": "ytd"}
HEADER_RE = re.compile(r"^(进出口|进口|出口)_(当月|年初至今)$")
WAN_YUAN = 1e4
PUBLISHER_TIER = 1


def _rows(data: bytes, where: str) -> dict[str, list[tuple[Any, ...]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ParseError(f"not a readable workbook: {exc}", file=where) from exc
    try:
        return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}
    finally:
        book.close()


def _columns(header: tuple[Any, ...], where: str, sheet: str) -> dict[int, tuple[Flow, str]]:
    """Column index -> (flow as labelled, period kind) for the value columns."""
    cols = {}
    for i, cell in enumerate(header):
        m = HEADER_RE.match(str(cell or "").strip())
        if m:
            cols[i] = (LABEL_FLOWS[m.group(1)], KINDS[m.group(2)])
    if len(cols) != 6 or str(header[0] or "").strip() != "时间":
        raise ParseError(
            "the header is not 时间 then 进出口/进口/出口 _当月/_年初至今 columns",
            file=where,
            table=sheet,
        )
    return cols


def labels_swapped(national: list[tuple[Any, ...]], where: str) -> bool:
    """True when the national sheet's 进口 column is the larger one every month.

    China's exports exceeded its imports in every month published since 2018, so the
    larger column is exports; a file where the months disagree cannot be read safely.
    """
    cols = _columns(national[0], where, NATIONAL)
    by_label = {(flow, kind): i for i, (flow, kind) in cols.items()}
    imp, exp = by_label[(Flow.IMPORT, "month")], by_label[(Flow.EXPORT, "month")]
    larger = [
        float(r[imp]) > float(r[exp])
        for r in national[1:]
        if r and r[imp] is not None and r[exp] is not None
    ]
    if not larger:
        raise ParseError("the national sheet holds no months", file=where, table=NATIONAL)
    if all(larger):
        return True
    if not any(larger):
        return False
    raise ParseError(
        "the national sheet's 进口 column is larger in some months and smaller in others: "
        "cannot tell exports from imports",
        file=where,
        table=NATIONAL,
    )


def _sheet_observations(
    rows: list[tuple[Any, ...]], sheet: str, where: str, swapped: bool
) -> list[dict[str, Any]]:
    cols = _columns(rows[0], where, sheet)
    code = PROVINCES.get(sheet, "")
    observations = []
    for line, row in enumerate(rows[1:], start=2):
        if not row or row[0] is None:
            continue
        try:
            period = str(Period.parse(str(row[0])))
        except Exception as exc:
            raise ParseError(f"时间 {row[0]!r} is not YYYY-MM", file=where, row=line) from exc
        for i, (labelled, kind) in cols.items():
            value = row[i]
            if value is None:
                continue
            flow = labelled
            if swapped and labelled is not Flow.TOTAL:
                flow = Flow.EXPORT if labelled is Flow.IMPORT else Flow.IMPORT
            observations.append(
                {
                    "reporter": REPORTER,
                    "flow": str(flow),
                    "partner": "WLD",
                    "breakdown_kind": str(BreakdownKind.PROVINCE) if code else "",
                    "breakdown_scheme": "gacc-region" if code else "",
                    "breakdown_code": code,
                    "breakdown_label": sheet if code else "",
                    "period": period,
                    "period_kind": kind,
                    "currency": "CNY",
                    "measure": str(Measure.VALUE),
                    "unit": "yuan",
                    "value": float(value) * WAN_YUAN,
                    "resolution": WAN_YUAN,
                    "source_row": f"{sheet} row {line}",
                    "source_col": i + 1,
                }
            )
    return observations


def parse_workbook(data: bytes, where: str) -> list[ParsedRelease]:
    sheets = _rows(data, where)
    if NATIONAL not in sheets:
        raise ParseError(f"no {NATIONAL} (national) sheet", file=where)
    swapped = labels_swapped(sheets[NATIONAL], where)
    name = Path(where).name
    releases: list[ParsedRelease] = []
    left_out = [s for s in sheets if s != NATIONAL and s not in PROVINCES]
    notes = [
        "GACC's monthly figures by region (CNY 10 thousand) as compiled in a workbook; "
        "its YoY columns (the compiler's own computations) are not read",
    ]
    if swapped:
        notes.append("the workbook's 进口/出口 labels are swapped: corrected")
    for sheet in [NATIONAL, *(s for s in sheets if s in PROVINCES)]:
        by_period: dict[str, list[dict[str, Any]]] = {}
        for o in _sheet_observations(sheets[sheet], sheet, where, swapped):
            by_period.setdefault(o["period"], []).append(o)
        region = "China" if sheet == NATIONAL else f"{sheet} ({PROVINCES[sheet]})"
        # one release per row: each row is one month's release (its month as first
        # published, its year to date with the earlier months as revised by then)
        for period, observations in by_period.items():
            warnings = []
            if sheet == NATIONAL and not releases and left_out:
                warnings.append(
                    f"{name}: cities left out (no city breakdown): {', '.join(left_out)}"
                )
            meta = ReleaseMeta(
                publisher="GACC",
                table_id=f"gacc:region:{sheet}:{period}",
                title=f"GACC: imports and exports of {region}, {period} (CNY 10 thousand)",
                source=name,
                published=None,  # the workbook does not say when GACC published them
                content_hash=content_hash("gacc-region-workbook", sheet, repr(observations)),
                source_format="region-workbook",
                authority=OFFICIAL_TABLE,
                cites="GACC",
                notes="; ".join(notes),
                tier=PUBLISHER_TIER,
            )
            releases.append(ParsedRelease(meta, observations, warnings))
    return releases


class RegionWorkbookReader:
    name = "region-workbook"

    def sniff(self, path: Path, data: bytes) -> bool:
        if not data.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                return "xl/workbook.xml" in z.namelist() and any(
                    NATIONAL.encode() in z.read(n)
                    for n in z.namelist()
                    if n in ("xl/workbook.xml", "xl/sharedStrings.xml")
                )
        except zipfile.BadZipFile:
            return False

    def read(self, path: Path, data: bytes) -> list[ParsedRelease]:
        return parse_workbook(data, str(path))
