"""Reader for GACC release pages saved from the English (or Chinese) customs site."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import lxml.etree
import lxml.html

from ..errors import NoDataError, ParseError
from .base import ParsedRelease
from .gacc_table import NUMBER_RE, Grid, interpret, table_kind

GACC_MARKERS = (b"customs.gov.cn", b"General Administrat", b"GACC", b"\xe6\xb5\xb7\xe5\x85\xb3")
TITLE_RE = re.compile(r"^\s*\(\d+\)|china'?s\s+(total|major)", re.I)
UNIT_RE = re.compile(r"^\s*(value\s+)?unit\s*[:：]", re.I)


def _cell_text(cell: lxml.html.HtmlElement) -> str:
    return " ".join(cell.text_content().replace("\xa0", " ").split())


#: Bounds on a table as published: GACC's widest span is 10 columns, its tables hold under
#: 50 rows of at most 12 cells. The bounds are far above that and far below what would
#: let a hostile page spend minutes or gigabytes expanding spans.
MAX_COLSPAN = 64
MAX_ROWSPAN = 1000
MAX_COLUMNS = 256
MAX_ROWS = 5000
MAX_CELLS = 200_000
MAX_NESTING = 8
SPAN_RE = re.compile(r"^\s*\d{1,9}\s*$")


def _table_label(table: lxml.html.HtmlElement, index: int) -> str:
    for cell in table.iter("td", "th"):
        text = _cell_text(cell)
        if text:
            return text[:80]
    return f"table {index} of the page"


#: file, table, row and column of a cell, for the message that refuses it
Where = tuple[str, str, int, int]


def _span(cell: lxml.html.HtmlElement, name: str, limit: int, where: Where) -> int:
    raw = cell.get(name)
    if raw is None or not raw.strip():
        return 1
    if not SPAN_RE.match(raw) or not 1 <= int(raw) <= limit:
        file, table, row, col = where
        raise ParseError(
            f"{name} {raw!r} in column {col} is not a whole number from 1 to {limit}",
            file=file,
            table=table,
            row=row,
        )
    return int(raw)


def expand(table: lxml.html.HtmlElement, file: str = "", index: int = 1) -> list[list[str]]:
    """The table as a rectangular list of rows, spans repeated into every cell they cover.

    Spans, rows, columns and the expanded cell count are bounded (see MAX_*): a table
    beyond them is refused, naming its row and column, before any of it is expanded.
    """
    label = _table_label(table, index)
    grid: list[list[str]] = []
    pending: dict[tuple[int, int], str] = {}
    budget = MAX_CELLS
    for r, tr in enumerate(table.iter("tr")):
        if r >= MAX_ROWS:
            raise ParseError(f"the table has more than {MAX_ROWS} rows", file=file, table=label)
        row: list[str] = []
        c = 0
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            while (r, c) in pending:
                row.append(pending.pop((r, c)))
                c += 1
            where = (file, label, r + 1, c + 1)
            colspan = _span(cell, "colspan", MAX_COLSPAN, where)
            rowspan = _span(cell, "rowspan", MAX_ROWSPAN, where)
            budget -= colspan * rowspan
            if budget < 0 or c + colspan > MAX_COLUMNS:
                raise ParseError(
                    f"the cell in column {c + 1} takes the table past {MAX_COLUMNS} columns "
                    f"or {MAX_CELLS:,} cells",
                    file=file,
                    table=label,
                    row=r + 1,
                )
            text = _cell_text(cell)
            for dc in range(colspan):
                row.append(text)
                for dr in range(1, rowspan):
                    pending[(r + dr, c + dc)] = text
            c += colspan
        while (r, c) in pending:
            row.append(pending.pop((r, c)))
            c += 1
        grid.append(row)
    return grid


def _nesting_depth(doc: lxml.html.HtmlElement) -> int:
    deepest = 0
    for table in doc.iter("table"):
        depth, parent = 0, table.getparent()
        while parent is not None and depth <= MAX_NESTING:
            depth += parent.tag == "table"
            parent = parent.getparent()
        deepest = max(deepest, depth)
    return deepest


def _published(doc: lxml.html.HtmlElement, where: str) -> date | None:
    texts = [_cell_text(e) for e in doc.find_class("atcl-date")]
    metas = doc.xpath("//meta[@name='PubDate']/@content")
    for text in [*texts, *metas]:
        m = re.search(r"(\d{4})[/-](\d{1,2})[/-](\d{1,2})", text)
        if m:
            return _date(int(m.group(1)), int(m.group(2)), int(m.group(3)), text, where)
        m = re.search(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
        if m:  # the English site printed dates month-first before 2020
            return _date(int(m.group(3)), int(m.group(1)), int(m.group(2)), text, where)
    return None


def _date(year: int, month: int, day: int, text: str, where: str) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ParseError(
            f"publication date {text.strip()[:40]!r} is not a real date", file=where
        ) from exc


def _is_body_row(row: list[str]) -> bool:
    if not row or not row[0].strip() or UNIT_RE.match(row[0]):
        return False
    # Header cells can be bare month numbers ("3"); figures carry a decimal point.
    numbers = sum(
        1 for c in row[1:] if NUMBER_RE.match(c.replace(" ", "")) and ("." in c or "," in c)
    )
    return numbers >= 1 and len(set(row)) > 1


def _is_note_row(row: list[str]) -> bool:
    distinct = {c for c in row if c.strip()}
    if len(distinct) != 1:
        return False
    text = next(iter(distinct))
    return bool(re.match(r"^\s*(note|\d+\s*[.、]|\*)", text, re.I)) or len(text) > 120


def grid_from_rows(rows: list[list[str]], where: str, published: date | None) -> Grid | None:
    """Split an expanded table into title, unit, header and body; None if not a data table."""
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        return None
    title = rows[0][0]
    if len(set(rows[0])) != 1 or not TITLE_RE.search(title):
        return None
    unit: str | None = None
    header: list[list[str]] = []
    body: list[list[str]] = []
    notes: list[str] = []
    for row in rows[1:]:
        if unit is None and not header and len(set(row)) == 1 and UNIT_RE.match(row[0]):
            unit = re.sub(r"^\s*(value\s+)?unit\s*[:：]\s*", "", row[0], flags=re.I)
            continue
        if _is_note_row(row):
            notes.append(row[0])
            continue
        if not body and not _is_body_row(row):
            header.append(row)
            continue
        body.append(row)
    return Grid(
        title=title,
        unit=unit,
        header=header,
        body=body,
        source=where,
        published=published,
        notes="\n".join(notes),
        source_format="gacc-html",
    )


#: Tables that GACC always closes with notes (group members for (4); the starred groups
#: for (5) and (6)), in every page we hold from 2019 to 2026: a table of these kinds that
#: stops without them was cut short, even when the page was closed by hand after the cut.
NOTED_KINDS = ("partner", "exports", "imports")


def _require_notes(grid: Grid, where: str) -> None:
    if grid.notes or not grid.body or table_kind(grid.title, where).code not in NOTED_KINDS:
        return
    raise ParseError(
        "the table stops without the notes GACC prints under it: the page was cut short "
        "(a truncated table)",
        file=where,
        table=grid.title,
        row=f"{len(grid.body)} (the last, {grid.body[-1][0]!r})",
        hint="Fetch the page again; nothing was stored",
    )


class GaccHtmlReader:
    name = "gacc-html"

    def sniff(self, path: Path, data: bytes) -> bool:
        head = data[:4096].lower()
        return (b"<html" in head or b"<!doctype html" in head) and any(
            m.lower() in data.lower() for m in GACC_MARKERS
        )

    def read(self, path: Path, data: bytes) -> list[ParsedRelease]:
        return parse_page(data, str(path))


def parse_page(data: bytes, where: str) -> list[ParsedRelease]:
    """A release page's tables; `where` names it (a file, or the URL it was fetched from)."""
    text = data.decode("utf-8", errors="replace")
    opened = len(re.findall(r"<table\b", text, re.I))
    closed = len(re.findall(r"</table>", text, re.I))
    if opened > closed or not re.search(r"</html>\s*$", text.strip()[-200:] + "\n", re.I):
        raise ParseError("the page is truncated (a table or the page is not closed)", file=where)
    try:
        doc = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ParseError(f"the page cannot be parsed as HTML: {exc}", file=where) from exc
    if _nesting_depth(doc) > MAX_NESTING:
        raise ParseError(f"tables nested more than {MAX_NESTING} deep", file=where)
    published = _published(doc, where)
    releases = []
    damaged: str | None = None  # a table with a unit row but no title we know
    for index, table in enumerate(doc.iter("table"), start=1):
        if table.xpath("ancestor::table"):
            continue
        rows = expand(table, where, index)
        grid = grid_from_rows(rows, where, published)
        if grid is not None:
            _require_notes(grid, where)
            releases.append(interpret(grid))
        elif damaged is None and any(UNIT_RE.match(c) for r in rows[:6] for c in r[:1]):
            damaged = _table_label(table, index)
    if not releases and damaged is not None:
        # a data table whose title row was lost or moved: broken, not a page without data
        raise ParseError(
            "a table has a unit row but no title tradepulse recognises above it (a damaged page?)",
            file=where,
            table=damaged,
        )
    if not releases:
        page_title = " ".join((doc.findtext(".//title") or "").split())
        raise NoDataError(
            f"page {page_title!r} holds no data table (index page, or the table is "
            "published as an attachment or loaded separately)",
            file=where,
        )
    return releases
