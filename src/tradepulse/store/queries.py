"""Read queries over the store: releases, series (latest vintage or as of a date)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pyarrow as pa

from ..errors import UsageError
from ..model import BreakdownKind, Currency, Flow, Measure, Period, PeriodKind
from .db import Store, fetch_arrow


@dataclass(frozen=True)
class SeriesQuery:
    """Filters for `series`; None means any."""

    flow: str | None = None
    partner: str | None = None
    commodity: str | None = None
    trade_mode: str | None = None
    enterprise_type: str | None = None
    no_breakdown: bool = False
    period: str | None = None
    start: str | None = None
    end: str | None = None
    kind: str | None = None
    currency: str | None = None
    measure: str | None = None
    as_of: date | None = None

    def validate(self) -> None:
        choices = (
            ("flow", self.flow, [f.value for f in Flow]),
            ("kind", self.kind, [k.value for k in PeriodKind]),
            ("currency", self.currency, [c.value for c in Currency]),
            ("measure", self.measure, [m.value for m in Measure]),
        )
        for name, value, allowed in choices:
            if value is not None and value not in allowed:
                raise UsageError(f"--{name} {value!r} is not one of {', '.join(allowed)}")
        for value in (self.period, self.start, self.end):
            if value is not None:
                Period.parse(value)
        if self.period and (self.start or self.end):
            raise UsageError("give --period or --from/--to, not both")


def series(store: Store, q: SeriesQuery) -> pa.Table:
    """Observations in force (lowest tier, then latest vintage, or as of `q.as_of`) matching
    the query, each with its release's tier and how many independent sources agree."""
    q.validate()
    where: list[str] = []
    args: list[Any] = [q.as_of]
    for column, value in (
        ("flow", q.flow),
        ("partner", q.partner.upper() if q.partner else None),
        ("period_kind", q.kind),
        ("currency", q.currency),
        ("measure", q.measure),
        ("period", q.period),
    ):
        if value is not None:
            where.append(f"{column} = ?")
            args.append(value)
    if q.start:
        where.append("period >= ?")
        args.append(q.start)
    if q.end:
        where.append("period <= ?")
        args.append(q.end)
    breakdowns = [
        (BreakdownKind.COMMODITY, q.commodity),
        (BreakdownKind.TRADE_MODE, q.trade_mode),
        (BreakdownKind.ENTERPRISE_TYPE, q.enterprise_type),
    ]
    given = [(k, v) for k, v in breakdowns if v is not None]
    if len(given) > 1:
        raise UsageError("give at most one of --commodity, --trade-mode, --enterprise-type")
    if given:
        kind, code = given[0]
        where.append("breakdown_kind = ?")
        args.append(str(kind))
        if code not in ("", "*", "all"):
            where.append("(breakdown_code = ? OR lower(breakdown_label) = lower(?))")
            args.extend([code, code])
    elif q.no_breakdown:
        where.append("breakdown_kind = ''")
    sql = "SELECT * FROM latest(?::DATE)"
    if where:
        sql += " WHERE " + " AND ".join(where)
    # every key column, so the order is total and an export is the same from run to run
    sql += (
        " ORDER BY period, period_kind, partner, breakdown_kind, breakdown_scheme, "
        "breakdown_code, flow, currency, measure, reporter, release_id"
    )
    return fetch_arrow(store.con, sql, args)


def series_records(table: pa.Table) -> list[dict[str, Any]]:
    """The JSON shape of `tradepulse series --json`."""
    out = []
    for row in table.to_pylist():
        out.append(
            {
                "reporter": row["reporter"],
                "flow": row["flow"],
                "partner": row["partner"],
                "breakdown": None
                if not row["breakdown_kind"]
                else {
                    "kind": row["breakdown_kind"],
                    "scheme": row["breakdown_scheme"],
                    "code": row["breakdown_code"],
                    "label": row["breakdown_label"],
                },
                "period": row["period"],
                "period_kind": row["period_kind"],
                "currency": row["currency"],
                "measure": row["measure"],
                "value": row["value"],
                "unit": row["unit"],
                "resolution": row["resolution"],
                "release": {
                    "id": row["release_id"],
                    "publisher": row["publisher"],
                    "title": row["title"],
                    "url": row["source"],
                    "published": row["published"].isoformat() if row["published"] else None,
                    "status": row["status"],
                    "cites": row["cites"],
                    "tier": row["tier"],
                    "source_identity": row["source_identity"],
                    "corroboration": row["corroboration"],
                },
            }
        )
    return out


def releases(store: Store) -> list[dict[str, Any]]:
    rows = fetch_arrow(
        store.con,
        """SELECT r.release_id, r.publisher, r.table_id, r.title, r.source, r.published,
                  r.status, r.authority, r.tier, r.source_identity, r.source_kind, r.cites,
                  r.embedded, r.content_hash,
                  count(o.release_id) AS observations
           FROM releases r LEFT JOIN observations o USING (release_id)
           GROUP BY ALL ORDER BY r.published NULLS FIRST, r.release_id""",
    ).to_pylist()
    for row in rows:
        row["published"] = row["published"].isoformat() if row["published"] else None
    return rows
