"""Readers for the Ministry of Commerce's (MOFCOM) republication of GACC's national totals.

Two formats, both as MOFCOM's servers answer:

- the data centre's monthly goods-trade query (`datamofcom/front/totalmonth/query`, behind
  data.mofcom.gov.cn/hwmy/imexmonth.shtml): a JSON list of month records in USD 100
  million — total, exports, imports and balance (`imexgap`), the month and the year to date
  (`*_lj_*`), the month's YoY in % (`*_per`); January and February apart;
- the FDI site's reprints of GACC's CNY total table (come-datatongji-con.html?id=N): a
  JSON envelope whose `content` is the table's HTML.

The figures are GACC's; MOFCOM republishes them (tier 2), and the data centre carries
GACC's later revisions, so its rows are a later vintage of GACC's series, not a conflict.
Each data-centre month is its own release, so fetching the same answer again changes
nothing and a revised month lands as a new vintage of that month alone.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import lxml.html

from ..errors import ParseError
from ..model import REPORTER, Flow, Measure, Period
from .base import OFFICIAL_TABLE, ParsedRelease, ReleaseMeta, content_hash

TOTALMONTH_URL = "https://data.mofcom.gov.cn/datamofcom/front/totalmonth/query"
TOTALMONTH_PAGE = "https://data.mofcom.gov.cn/hwmy/imexmonth.shtml"
REPRINT_URL = "https://fdi.mofcom.gov.cn/come-datatongji-con.html?id={id}"
DATA_CENTRE = "MOFCOM data centre (republishing GACC)"
GACC = "GACC"
REPUBLICATION_TIER = 2

#: JSON field prefix -> flow; the balance is published as its own figure
FLOW_FIELDS = (
    ("total", Flow.TOTAL),
    ("export", Flow.EXPORT),
    ("import", Flow.IMPORT),
    ("imexgap", Flow.BALANCE),
)
#: every record must carry these, or the endpoint changed its layout
REQUIRED_FIELDS = ("trade_date", "total_value", "export_value", "import_value", "imexgap_value")
USD_100M = Decimal("1e8")
#: rates are printed to 0.1 %, trailing zeros dropped (25 is 25.0)
RATE_RESOLUTION = 0.1


@dataclass(frozen=True)
class Retrieval:
    """Where and when a recorded answer was fetched (a sidecar file, or the fetcher)."""

    url: str
    retrieved: date | None


def sidecar(path: Path) -> dict[str, Any]:
    """The `<name>.meta.json` beside a recorded answer, if any: url and retrieval date."""
    meta = path.with_name(path.name.removesuffix(".json") + ".meta.json")
    if not meta.exists():
        return {}
    try:
        data: dict[str, Any] = json.loads(meta.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ParseError(f"the sidecar {meta.name} is not JSON: {exc}", file=str(path)) from exc
    return data


def _retrieval(path: Path, default_url: str) -> Retrieval:
    meta = sidecar(path)
    text = meta.get("retrieved") or meta.get("fetched_at") or ""
    try:
        retrieved = date.fromisoformat(text[:10]) if text else None
    except ValueError as exc:
        raise ParseError(f"retrieved {text!r} is not a date", file=str(path)) from exc
    return Retrieval(meta.get("url") or meta.get("source_url") or default_url, retrieved)


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _observation(
    flow: Flow, period: str, kind: str, currency: str, measure: Measure, value: float, **extra: Any
) -> dict[str, Any]:
    money = measure is Measure.VALUE
    return {
        "reporter": REPORTER,
        "flow": str(flow),
        "partner": "WLD",
        "breakdown_kind": "",
        "breakdown_scheme": "",
        "breakdown_code": "",
        "breakdown_label": "",
        "period": period,
        "period_kind": kind,
        "currency": currency,
        "measure": str(measure),
        "unit": ("yuan" if currency == "CNY" else "dollar") if money else "percent",
        "value": value,
        **extra,
    }


# --- the data centre's monthly query ------------------------------------------------------


def _records(data: bytes, where: str) -> list[dict[str, Any]]:
    try:
        doc = json.loads(data.decode("utf-8"), parse_float=Decimal)
    except (UnicodeDecodeError, ValueError) as exc:
        raise ParseError(f"not JSON: {exc}", file=where) from exc
    # the endpoint answers [[month records], [chart settings]]
    if not (isinstance(doc, list) and doc and isinstance(doc[0], list)):
        raise ParseError(
            "the MOFCOM answer is not a list of month records: its layout changed",
            file=where,
            hint="nothing was stored; the reader needs updating to the new layout",
        )
    records = [r for r in doc[0] if isinstance(r, dict)]
    for r in records:
        missing = [f for f in REQUIRED_FIELDS if f not in r]
        if missing:
            raise ParseError(
                f"a MOFCOM month record lacks {', '.join(missing)}: the layout changed",
                file=where,
                row=str(r.get("trade_date", "?")),
                hint="nothing was stored; the reader needs updating to the new layout",
            )
    if not records:
        raise ParseError("the MOFCOM answer holds no month records", file=where)
    return records


def _period(text: Any, where: str) -> str:
    m = re.fullmatch(r"(\d{4})(\d{2})", str(text))
    if not m:
        raise ParseError(f"trade_date {text!r} is not YYYYMM", file=where)
    return str(Period(int(m.group(1)), int(m.group(2))))


def _row_resolution(rec: dict[str, Any]) -> Decimal:
    """The precision a record prints its values to (USD 100 million).

    The data centre drops trailing zeros (17134 is 17,134.00), so the text of one figure
    does not tell its precision, but a row's figures together do: most rows give some
    figure to 0.01, while a few (2026-05) give every figure to 0.1.
    """
    places = [
        -int(d.as_tuple().exponent)
        for name, value in rec.items()
        if name.endswith("_value") and (d := _decimal(value)) is not None
    ]
    return Decimal(1).scaleb(-(max(places) or 2))


def _check_identities(
    rec: dict[str, Any], period: str, where: str, suffix: str, resolution: Decimal
) -> None:
    """Total = exports + imports and balance = exports - imports, to the printed rounding."""
    t, e, i, b = (
        _decimal(rec.get(f"{p}{suffix}")) for p in ("total", "export", "import", "imexgap")
    )
    tolerance = resolution * Decimal("1.5")  # three figures each rounded to `resolution`
    if t is not None and e is not None and i is not None and abs(t - (e + i)) > tolerance:
        raise ParseError(
            f"total {t} is not exports {e} + imports {i}", file=where, row=f"{period}{suffix}"
        )
    if b is not None and e is not None and i is not None and abs(b - (e - i)) > tolerance:
        raise ParseError(
            f"balance {b} is not exports {e} - imports {i}", file=where, row=f"{period}{suffix}"
        )


def parse_totalmonth(data: bytes, retrieval: Retrieval, where: str) -> list[ParsedRelease]:
    """One release per month of the data centre's answer, each citing GACC."""
    releases = []
    for rec in _records(data, where):
        period = _period(rec["trade_date"], where)
        places = _row_resolution(rec)
        _check_identities(rec, period, where, "_value", places)
        _check_identities(rec, period, where, "_lj_value", places)
        observations: list[dict[str, Any]] = []
        fields = list(rec)
        for prefix, flow in FLOW_FIELDS:
            for suffix, kind, measure in (
                ("_value", "month", Measure.VALUE),
                ("_lj_value", "ytd", Measure.VALUE),
                ("_per", "month", Measure.YOY),
                ("_lj_per", "ytd", Measure.YOY),
            ):
                name = prefix + suffix
                number = _decimal(rec.get(name))
                if number is None:
                    continue
                money = measure is Measure.VALUE
                observations.append(
                    _observation(
                        flow,
                        period,
                        kind,
                        "USD",
                        measure,
                        float(number * USD_100M) if money else float(number),
                        resolution=float(places * USD_100M) if money else RATE_RESOLUTION,
                        source_row=f"trade_date {rec['trade_date']}",
                        source_col=fields.index(name) + 1,
                    )
                )
        figures = sorted(
            (o["flow"], o["period_kind"], o["measure"], o["value"]) for o in observations
        )
        meta = ReleaseMeta(
            publisher=DATA_CENTRE,
            table_id=f"mofcom:totalmonth:{period}",
            title=f"MOFCOM data centre: goods imports and exports, {period} (USD 100 million)",
            source=retrieval.url,
            published=retrieval.retrieved,
            # the same figures fetched again are the same release
            content_hash=content_hash("mofcom-totalmonth", period, repr(figures)),
            source_format="mofcom-totalmonth",
            # an official table of GACC's figures with GACC's later revisions: among official
            # tables the later vintage wins, so a month's flows come from one vintage
            authority=OFFICIAL_TABLE,
            status="revised",
            cites=GACC,
            notes=f"GACC's figures as MOFCOM republishes them ({TOTALMONTH_PAGE})",
            tier=REPUBLICATION_TIER,
        )
        releases.append(ParsedRelease(meta, observations))
    return releases


class MofcomTotalMonthReader:
    name = "mofcom-totalmonth"

    def sniff(self, path: Path, data: bytes) -> bool:
        head = data[:4096]
        return head.lstrip().startswith(b"[[") and b'"trade_date"' in head and b"imexgap" in head

    def read(self, path: Path, data: bytes) -> list[ParsedRelease]:
        return parse_totalmonth(data, _retrieval(path, TOTALMONTH_URL), str(path))


# --- reprints of GACC's CNY total table ----------------------------------------------------

#: row label -> flow, as GACC's Chinese total table prints them
ROW_FLOWS = {
    "进出口总值": Flow.TOTAL,
    "出口总值": Flow.EXPORT,
    "进口总值": Flow.IMPORT,
    "进出口差额": Flow.BALANCE,
}
TITLE_RE = re.compile(r"(\d{4})年(\d{1,2})月全国进出口总值表（(人民币|美元)值）")
UNITS = {"亿元人民币": ("CNY", Decimal("1e8")), "亿美元": ("USD", Decimal("1e8"))}


def _column_meaning(header: str, month: int) -> tuple[str, Measure] | None:
    """(period kind, measure) of a header cell; None for columns the model does not hold."""
    h = header.replace(" ", "")
    if "环比" in h:
        return None  # change on the previous month: not a published series tradepulse keeps
    ytd = "累计" in h or f"1至{month}月" in h or f"1-{month}月" in h
    yoy = "同比" in h
    if not ytd and not yoy and h != f"{month}月":
        return None
    return ("ytd" if ytd else "month", Measure.YOY if yoy else Measure.VALUE)


def parse_reprint(data: bytes, where: str, source: str | None = None) -> list[ParsedRelease]:
    try:
        doc = json.loads(data.decode("utf-8"))
        item = doc["data"]
        title, html = str(item["name"]), str(item["content"])
    except (UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise ParseError(f"not a MOFCOM table reprint: {exc}", file=where) from exc
    m = TITLE_RE.search(title)
    if not m:
        raise ParseError(f"title {title!r} is not GACC's national total table", file=where)
    year, month = int(m.group(1)), int(m.group(2))
    period = str(Period(year, month))
    rows = [
        [" ".join(td.text_content().split()) for td in tr.iter("td", "th")]
        for tr in lxml.html.fromstring(html).iter("tr")
    ]
    unit = next((u for row in rows for cell in row for u in UNITS if u in cell), None)
    if unit is None:
        raise ParseError("the table has no unit row", file=where, table=title)
    currency, scale = UNITS[unit]
    header = next((r for r in rows if r and r[0].replace(" ", "") == "项目"), None)
    if header is None:
        raise ParseError("the table has no 项目 header row: its layout changed", file=where)
    columns = {c: _column_meaning(h, month) for c, h in enumerate(header) if c}
    observations = []
    for row in rows:
        flow = ROW_FLOWS.get(row[0].replace(" ", "")) if row else None
        if flow is None:
            continue
        if len(row) != len(header):
            raise ParseError(
                f"row has {len(row)} cells, the header {len(header)}", file=where, row=row[0]
            )
        for c, meaning in columns.items():
            number = _decimal(row[c].replace(",", ""))
            if meaning is None or number is None:
                continue
            kind, measure = meaning
            money = measure is Measure.VALUE
            resolution = Decimal(1).scaleb(number.as_tuple().exponent)  # type: ignore[arg-type]
            observations.append(
                _observation(
                    flow,
                    period,
                    kind,
                    currency,
                    measure,
                    float(number * scale) if money else float(number),
                    resolution=float(resolution * scale) if money else float(resolution),
                    source_row=row[0],
                    source_col=c + 1,
                )
            )
    if not observations:
        raise ParseError("the table holds no figures", file=where, table=title)
    issued = str(item.get("issueDate") or "")
    url = source or REPRINT_URL.format(id=item.get("id", ""))
    meta = ReleaseMeta(
        publisher=GACC,
        table_id=f"gacc:zh:total:{currency}:{period}",
        title=f"GACC: {title}, as republished by MOFCOM",
        source=url,
        published=date.fromisoformat(issued[:10])
        if re.match(r"\d{4}-\d{2}-\d{2}", issued)
        else None,
        content_hash=content_hash("mofcom-reprint", url, title, repr(observations)),
        source_format="mofcom-reprint",
        authority=OFFICIAL_TABLE,
        cites=GACC,
        notes=f"GACC's table (source printed: {item.get('source', '')}) republished by MOFCOM",
        tier=REPUBLICATION_TIER,
    )
    return [ParsedRelease(meta, observations)]


class MofcomReprintReader:
    name = "mofcom-reprint"

    def sniff(self, path: Path, data: bytes) -> bool:
        head = data[:2048].decode("utf-8", errors="ignore")
        return (
            head.lstrip().startswith("{")
            and '"content"' in data.decode("utf-8", errors="ignore")
            and "进出口总值表" in head
        )

    def read(self, path: Path, data: bytes) -> list[ParsedRelease]:
        meta = sidecar(path)
        return parse_reprint(data, str(path), meta.get("url") or meta.get("source_url"))
