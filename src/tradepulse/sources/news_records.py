"""Reader for figures quoted by news outlets from GACC (the embedded records CSV).

Each row is one published figure with its source. Rows from one article form one release
whose publisher is the outlet, citing GACC, so an outlet's figure that differs from GACC's
own table stays visible while the table wins by default (lower tier). The page's tier and
source identity come from sources/tiers.py; a page the tier policy refuses (aggregator,
AI-written, blog …) is returned marked `excluded` with its reason and is never stored.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ..errors import ParseError
from ..model import (
    REPORTER,
    BreakdownKind,
    Currency,
    Flow,
    Measure,
    Period,
    PeriodKind,
    decimals_of,
    money_unit,
    quantity_unit,
)
from . import tiers
from .base import ERRATUM, NEWS, OFFICIAL_QUOTE, ParsedRelease, ReleaseMeta, content_hash

HEADER = [
    "period",
    "period_kind",
    "flow",
    "partner",
    "breakdown",
    "currency",
    "measure",
    "value",
    "unit",
    "approx",
    "source_url",
    "outlet",
    "published",
    "note",
]
MEASURES = {
    "value": Measure.VALUE,
    "yoy_pct": Measure.YOY,
    "share_pct": Measure.SHARE,
    "quantity": Measure.QUANTITY,
}
OFFICIAL_OUTLETS = {"gacc", "scio", "state council", "mofcom"}
BREAKDOWN_KINDS = {k.value for k in BreakdownKind if k.value}
PERCENT_UNITS = {
    "percent",
    "%",
    "per cent",
    "pct",
    "percentage",
    "prozent",
    "por ciento",
    "pour cent",
    "per cento",
    "percentage points",
    "проц.",
    "процента",
}


def _row_observation(row: dict[str, str], line: int, where: str) -> dict[str, Any]:
    def fail(message: str) -> ParseError:
        return ParseError(message, file=where, row=line)

    try:
        period = Period.parse(row["period"])
    except Exception as exc:
        raise fail(f"period {row['period']!r} is not YYYY-MM") from exc
    if row["period_kind"] not in {k.value for k in PeriodKind}:
        raise fail(f"period_kind {row['period_kind']!r} is not month or ytd")
    if row["flow"] not in {f.value for f in Flow}:
        raise fail(f"flow {row['flow']!r} is not total, export or import")
    measure = MEASURES.get(row["measure"])
    if measure is Measure.YOY and row["currency"] == "":
        measure = Measure.QUANTITY_YOY  # a volume growth rate has no currency basis
    if row["currency"] not in {c.value for c in Currency} and not (
        measure in (Measure.QUANTITY, Measure.QUANTITY_YOY) and row["currency"] == ""
    ):
        raise fail(f"currency {row['currency']!r} is not CNY or USD")
    if measure is None:
        raise fail(f"measure {row['measure']!r} is not one of {', '.join(MEASURES)}")
    text = row["value"].strip().replace(",", "")
    if not re.fullmatch(r"[-+]?\d+(\.\d+)?", text):
        raise fail(f"value {row['value']!r} is not a number")
    number = float(text)
    resolution = 10.0 ** -decimals_of(text)
    unit_text = row["unit"].strip()
    if measure in (Measure.YOY, Measure.SHARE, Measure.QUANTITY_YOY):
        if (
            unit_text.lower() not in PERCENT_UNITS
            and "%" not in unit_text
            and "percent" not in unit_text.lower()
        ):
            raise fail(f"unit {unit_text!r} is not a percentage")
        value, unit = number, "percent"
    elif measure is Measure.QUANTITY:
        qty = quantity_unit(unit_text)
        if qty is None:
            raise fail("quantity without a unit")
        value, unit, resolution = number * qty.scale, qty.base, resolution * qty.scale
    else:
        money = money_unit(unit_text, row["currency"])
        if money.currency != row["currency"]:
            raise fail(f"unit {unit_text!r} is not in {row['currency']}")
        value, unit, resolution = number * money.scale, money.base, resolution * money.scale
    if row.get("approx", "").strip():
        resolution *= 2  # "about 4.44 trillion": looser than its printed digits
    kind, _, code = row["breakdown"].partition(":")
    if kind and kind not in BREAKDOWN_KINDS:
        raise fail(f"breakdown {row['breakdown']!r} is not kind:code")
    return {
        "reporter": REPORTER,
        "flow": row["flow"],
        "partner": row["partner"].strip().upper(),
        "breakdown_kind": kind,
        "breakdown_scheme": ("tradepulse" if kind else ""),
        "breakdown_code": code,
        "breakdown_label": code.replace("_", " "),
        "period": str(period),
        "period_kind": row["period_kind"],
        "currency": row["currency"],
        "measure": str(measure),
        "unit": unit,
        "value": value,
        "resolution": resolution,
        "source_row": f"line {line}",
        "source_col": HEADER.index("value") + 1,
    }


def _month_end(period: str) -> date:
    year, month = int(period[:4]), int(period[5:7])
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


class NewsRecordsReader:
    name = "news-records"

    def sniff(self, path: Path, data: bytes) -> bool:
        first = data.split(b"\n", 1)[0].decode("utf-8", errors="replace").strip()
        return [c.strip() for c in first.split(",")] == HEADER

    def read(self, path: Path, data: bytes) -> list[ParsedRelease]:
        where = str(path)
        reader = csv.DictReader(io.StringIO(data.decode("utf-8")))
        groups: dict[tuple[str, str, str, bool], list[dict[str, Any]]] = {}
        notes: dict[tuple[str, str], set[str]] = {}
        for line, row in enumerate(reader, start=2):
            if None in row or any(v is None for v in row.values()):
                raise ParseError("row has the wrong number of fields", file=where, row=line)
            # a figure the maintainers marked as a misprint stays stored, ranked below all
            erratum = row.get("note", "").strip().lower().startswith("erratum")
            key = (
                row["source_url"].strip(),
                row["outlet"].strip(),
                row["published"].strip(),
                erratum,
            )
            if not key[0] or not key[1]:
                raise ParseError("source_url and outlet are required", file=where, row=line)
            groups.setdefault(key, []).append(_row_observation(row, line, where))
            notes.setdefault(key[:2], set()).add(row.get("note", "").strip())
        releases = []
        for (url, outlet, published_text, erratum), observations in groups.items():
            try:
                published = date.fromisoformat(published_text) if published_text else None
            except ValueError as exc:
                raise ParseError(
                    f"published {published_text!r} is not YYYY-MM-DD", file=where
                ) from exc
            # One figure per key per article: keep the first, the rest would be ambiguous.
            # A figure for a month not yet over when the page appeared is a misdated record.
            seen: set[tuple[Any, ...]] = set()
            unique = []
            warnings = []
            for obs in observations:
                if published is not None and _month_end(obs["period"]) > published:
                    warnings.append(
                        f"{where} {obs['source_row']}: {outlet} dated {published} gives a "
                        f"figure for {obs['period']}, before that month ended: not stored"
                    )
                    continue
                k = (
                    obs["flow"],
                    obs["partner"],
                    obs["breakdown_kind"],
                    obs["breakdown_code"],
                    obs["period"],
                    obs["period_kind"],
                    obs["currency"],
                    obs["measure"],
                )
                if k not in seen:
                    seen.add(k)
                    unique.append(obs)
            official = outlet.lower() in OFFICIAL_OUTLETS
            source = tiers.classify(outlet, url, " | ".join(sorted(notes[(url, outlet)])))
            # An agency reports a release on its day: the figures on the page for the months
            # that release covers are tier 3; those for earlier months it mentions (last
            # month's rate, a year-earlier level) are retold, tier 4, a release of their own.
            parts: list[tuple[str, list[dict[str, Any]], int]] = [("", unique, source.tier)]
            if source.tier == tiers.AGENCY:
                day = [o for o in unique if tiers.on_release(published, o["period"])]
                retold = [o for o in unique if not tiers.on_release(published, o["period"])]
                parts = [("", day, tiers.AGENCY), (":retold", retold, tiers.OUTLET)]
            for suffix, figures, tier in parts:
                if not figures and (suffix or len(parts) > 1):
                    continue
                meta = ReleaseMeta(
                    publisher=outlet,
                    table_id=f"quote:{outlet}:{url}" + (":erratum" if erratum else "") + suffix,
                    title=f"{outlet}, figures quoted from GACC"
                    + (f" ({published.isoformat()})" if published else "")
                    + (" [misprints, kept for the record]" if erratum else "")
                    + (" [earlier months, retold]" if suffix else ""),
                    source=url,
                    published=published,
                    content_hash=content_hash(
                        "quote",
                        url,
                        outlet,
                        published_text,
                        str(erratum),
                        repr(sorted(map(repr, figures))),
                    ),
                    source_format="news-records",
                    authority=ERRATUM if erratum else OFFICIAL_QUOTE if official else NEWS,
                    cites="GACC",
                    tier=tier,
                    source_identity=source.identity,
                    source_kind=source.kind,
                )
                excluded = source.excluded or (
                    None
                    if figures
                    else "misdated: every figure is for a month not over when published"
                )
                releases.append(ParsedRelease(meta, figures, warnings, excluded=excluded))
        if not releases:
            raise ParseError("the records file has no rows", file=where)
        return releases
