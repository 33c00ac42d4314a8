"""Reader for GACC tables kept as text (a table as a web page's text renders it).

The embedded dataset keeps GACC tables found as text: a small header (source_url,
published, retrieved, truncated) and `---`, then the table as printed: title, unit, header
lines, then rows of a label followed by figures. Text loses cell boundaries, so the
columns are rebuilt from the table type and the count of figures per row (a known layout
per type), then the same interpreter as the HTML reader reads them.

Two monthly-bulletin layouts are read as well: "Imports and Exports by Customs Regime"
and "Exports/Imports by Type Enterprise and by Customs Regime", which print each row's
year-on-year rates on the line below its values.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path

from ..errors import ParseError
from .base import ParsedRelease
from .gacc_table import Grid, interpret, table_kind, title_period

FIGURE_RE = re.compile(r"^([-+]?\d{1,3}(,\d{3})+(\.\d+)?|[-+]?\d+(\.\d+)?|-|—|–)$")
UNIT_LINE_RE = re.compile(r"^\s*(value\s+)?unit\s*[:：]\s*(.+)$", re.I)
QTY_UNIT_TAIL = re.compile(
    r"\s+((?:10,000|100 million|10000)?\s*(?:tons?|pcs|sets?|pairs?|autos?|cars?|ships?|"
    r"crafts?|cbm|kg|t)|—|-|–)\s*$",
    re.I,
)


def _split_header(text: str, where: str) -> tuple[dict[str, str], list[str]]:
    head, sep, body = text.partition("\n---\n")
    if not sep:
        raise ParseError("no '---' line between the header and the table", file=where)
    meta = {}
    for line in head.splitlines():
        key, _, value = line.partition(":")
        meta[key.strip().lower()] = value.strip()
    lines = []
    for line in body.splitlines():
        if line.strip().startswith("|"):  # a markdown rendering: cells between pipes
            line = "  ".join(c.strip() for c in line.strip().strip("|").split("|"))
        lines.append(line.rstrip())
    return meta, lines


def _figures(line: str) -> tuple[str, list[str]]:
    """Split a line into its label and the figures that end it."""
    tokens = line.split()
    figures: list[str] = []
    while tokens and FIGURE_RE.match(tokens[-1]):
        figures.insert(0, tokens.pop())
    return " ".join(tokens), figures


def _is_figure_line(line: str) -> bool:
    label, figures = _figures(line)
    return not label and bool(figures)


def _header_rows(cols: list[str]) -> list[list[str]]:
    return [["", *cols]]


def _prelim_columns(
    kind: str, n: int, ytd: bool, cumulative_only: bool, month: int, where: str, title: str
) -> list[str]:
    m, c = str(month), f"1-to-{month}"
    flows = ["Export & Import", "Export", "Import"]
    if kind in ("trade_mode", "enterprise", "total") and n == 6:
        p = c if ytd or cumulative_only else m
        return [f"{p} | {f}" for f in flows] + [f"{p} | Year-on-Year | {f}" for f in flows]
    if kind == "partner" and n == 9:
        return [f"{f} | {p}" for f in flows for p in (m, c)] + [
            f"{c} | Year-on-Year | {f}" for f in flows
        ]
    if kind == "partner" and n == 6 and cumulative_only:
        return [f"{c} | {f}" for f in flows] + [f"{c} | Year-on-Year | {f}" for f in flows]
    if kind in ("exports", "imports") and n == 8:
        return [
            f"{p} | {q}" for p in (m, c, f"{c} last year 1900") for q in ("Quantity", "Value")
        ] + [f"{c} | Year-on-Year | {q}" for q in ("Quantity", "Value")]
    if kind in ("exports", "imports") and n == 6 and cumulative_only:
        return [f"{p} | {q}" for p in (c, f"{c} last year 1900") for q in ("Quantity", "Value")] + [
            f"{c} | Year-on-Year | {q}" for q in ("Quantity", "Value")
        ]
    raise ParseError(
        f"a {kind} table with {n} figures per row is not a layout tradepulse knows",
        file=where,
        table=title,
    )


def _prior_year_fix(cols: list[str], year: int) -> list[str]:
    return [c.replace("1900", str(year - 1)) for c in cols]


class GaccTextReader:
    name = "gacc-text"

    def sniff(self, path: Path, data: bytes) -> bool:
        head = data[:2048].decode("utf-8", errors="replace")
        return "\n---\n" in head and bool(re.search(r"^source_url\s*:", head, re.M))

    def read(self, path: Path, data: bytes) -> list[ParsedRelease]:
        where = str(path)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ParseError(
                f"byte {exc.start:,} is not UTF-8 (the text is damaged or mixes encodings)",
                file=where,
                hint="Save the table as UTF-8 and ingest again; nothing was stored",
            ) from exc
        meta, lines = _split_header(text, where)
        published: date | None = None
        if meta.get("published"):
            try:
                published = date.fromisoformat(meta["published"])
            except ValueError as exc:
                raise ParseError(
                    f"published {meta['published']!r} is not YYYY-MM-DD", file=where
                ) from exc
        source = meta.get("source_url") or where
        lines = [ln for ln in lines if ln.strip()]
        if not lines:
            raise ParseError("no table after the header", file=where)
        title = lines[0].strip()
        unit: str | None = None
        header_lines: list[str] = []
        rows: list[str] = []
        notes: list[str] = []
        for line in lines[1:]:
            um = UNIT_LINE_RE.match(line)
            if um and unit is None and not rows:
                unit = um.group(2).strip()
            elif rows and not _figures(line)[1]:
                notes.append(line.strip())  # notes follow the rows and carry no figures
            elif rows or (
                _figures(line)[1] and any("." in f or "," in f for f in _figures(line)[1])
            ):
                rows.append(line)
            else:
                header_lines.append(line)
        if unit is None and meta.get("unit"):
            # The kept copy lost its unit row; the package states the series' unit, with
            # the evidence, in the file header (see datapackage.json notes).
            unit = meta["unit"].split("(")[0].strip()
            notes.append(f"unit from the file header: {meta['unit']}")
        kind = table_kind(title, where)
        low = title.lower()
        if "customs regime" in low and "enterprise" not in low:
            return [self._regime(title, unit, rows, where, source, published, notes)]
        if "enterprise" in low and "customs regime" in low:
            return self._enterprise_regime(
                title, unit, rows, header_lines, where, source, published
            )
        tp = title_period(title, where)
        counts = Counter(len(_figures(r)[1]) for r in rows)
        if not counts:
            raise ParseError("the table has no rows of figures", file=where, table=title)
        n = counts.most_common(1)[0][0]
        header_text = " ".join(header_lines).lower()
        ytd = bool(re.search(r"1\s*-\s*to|jan\w*\s*-|1-\d", header_text)) or tp.cumulative_only
        cols = _prior_year_fix(
            _prelim_columns(kind.code, n, ytd, tp.cumulative_only, tp.period.month, where, title),
            tp.period.year,
        )
        commodity = kind.code in ("exports", "imports")
        body: list[list[str]] = []
        for line in rows:
            label, figures = _figures(line)
            if len(figures) > n and commodity:  # "10,000 Tons" ends in a number-like token
                extra = figures[: len(figures) - n]
                label, figures = " ".join([label, *extra]), figures[len(figures) - n :]
            if len(figures) != n:
                raise ParseError(
                    f"row has {len(figures)} figures, the table {n}",
                    file=where,
                    table=title,
                    row=label or line.strip()[:40],
                )
            if commodity:
                um = QTY_UNIT_TAIL.search(label)
                qty = um.group(1).strip() if um else ""
                label = label[: um.start()].strip() if um else label
                qty = "10,000 Tons" if qty.lower() in ("10000t",) else qty
                body.append([label, qty, *figures])
            else:
                body.append([label, *figures])
        header = [["", "Quantity Unit", *cols]] if commodity else _header_rows(cols)
        grid = Grid(
            title=title,
            unit=unit,
            header=header,
            body=body,
            source=source,
            published=published,
            notes="\n".join(notes),
            source_format="gacc-text",
        )
        if meta.get("truncated", "").lower() == "yes":
            grid.warnings.append(f"{where}: the kept copy of this table is truncated")
        return [interpret(grid)]

    # --- monthly-bulletin layouts --------------------------------------------------------

    def _pairs(
        self, rows: list[str], n: int, where: str, title: str, warnings: list[str]
    ) -> list[tuple[str, list[str], list[str]]]:
        """Rows printed as a line of values followed by a line of YoY rates.

        Text loses empty cells, so a row whose count falls short cannot be placed: it is
        left out with a warning (never guessed); the TOTAL row must be whole.
        """
        out = []
        i = 0
        while i < len(rows):
            label, values = _figures(rows[i])
            if not label:
                raise ParseError(
                    "a line of rates without its row",
                    file=where,
                    table=title,
                    row=rows[i].strip()[:40],
                )
            if i + 1 >= len(rows) or not _is_figure_line(rows[i + 1]):
                raise ParseError(
                    "row has no line of year-on-year rates under it (truncated copy?)",
                    file=where,
                    table=title,
                    row=label,
                )
            _, rates = _figures(rows[i + 1])
            i += 2
            if len(values) != n or len(rates) != n:
                if label.strip().upper() == "TOTAL":
                    raise ParseError(
                        f"row has {len(values)} values and {len(rates)} rates, the table {n}",
                        file=where,
                        table=title,
                        row=label,
                    )
                warnings.append(
                    f"{where}: row {label!r} has empty cells lost in the text copy; left out"
                )
                continue
            out.append((label, values, rates))
        return out

    def _regime(
        self,
        title: str,
        unit: str | None,
        rows: list[str],
        where: str,
        source: str,
        published: date | None,
        notes: list[str],
    ) -> ParsedRelease:
        tp = title_period(title, where)
        m = tp.period.month
        cols = [f"Export | {m}", f"Export | 1-to-{m}", f"Import | {m}", f"Import | 1-to-{m}"]
        cols += [f"{c} | Year-on-Year" for c in cols]
        # a dangling last row of a truncated copy is dropped, the rest read
        complete = rows if len(rows) % 2 == 0 else rows[:-1]
        warnings: list[str] = []
        body = [
            [label, *values, *rates]
            for label, values, rates in self._pairs(complete, 4, where, title, warnings)
        ]
        grid = Grid(
            title=title,
            unit=unit,
            header=_header_rows(cols),
            body=body,
            source=source,
            published=published,
            notes="\n".join(notes),
            source_format="gacc-text",
            warnings=warnings,
        )
        grid.release_series = "bulletin"
        return interpret(grid)

    def _enterprise_regime(
        self,
        title: str,
        unit: str | None,
        rows: list[str],
        header_lines: list[str],
        where: str,
        source: str,
        published: date | None,
    ) -> list[ParsedRelease]:
        names = re.findall(r"\b(Total|SOE|FIE|POE|Other)\b", " ".join(header_lines))
        if names != ["Total", "SOE", "FIE", "POE", "Other"]:
            raise ParseError(
                "enterprise columns are not Total, SOE, FIE, POE, Other", file=where, table=title
            )
        complete = rows if len(rows) % 2 == 0 else rows[:-1]
        warnings: list[str] = []
        pairs = self._pairs(complete, 5, where, title, warnings)
        tp = title_period(title, where)
        flow = "Export" if title.lower().lstrip("(0123456789) ").startswith("export") else "Import"
        p = f"1-to-{tp.period.month}" if tp.cumulative_only else str(tp.period.month)
        cols = [f"{flow} | {p}", f"{flow} | {p} | Year-on-Year"]
        total = next((pr for pr in pairs if pr[0].strip().upper() == "TOTAL"), None)
        if total is None:
            raise ParseError("no TOTAL row", file=where, table=title)
        by_type = [[name, total[1][k], total[2][k]] for k, name in enumerate(names)]
        by_regime = [[label, values[0], rates[0]] for label, values, rates in pairs]
        out = []
        for suffix, body in (("by type of enterprise", by_type), ("by customs regime", by_regime)):
            grid = Grid(
                title=f"{title} [{suffix}]",
                unit=unit,
                header=_header_rows(cols),
                body=body,
                source=source,
                published=published,
                source_format="gacc-text",
                warnings=list(warnings),
            )
            grid.release_series = "bulletin"
            grid.kind_override = "enterprise" if "enterprise" in suffix else "trade_mode"
            out.append(interpret(grid))
        return out


__all__ = ["GaccTextReader"]
