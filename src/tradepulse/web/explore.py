"""The series explorer's query (shared by /explorer and /api/series) and its chart."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Literal

import altair as alt
import pyarrow as pa
from pydantic import BaseModel, ConfigDict, Field, model_validator

from .. import api
from ..errors import UsageError
from ..store.queries import SeriesQuery, series_records
from ..vitals import tier_label

Breakdown = Literal["none", "any", "commodity", "trade_mode", "enterprise_type"]


class ExploreQuery(BaseModel):
    """Filters of a series view; each one is a query-string parameter (the permalink)."""

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    flow: Literal["export", "import", "total"] | None = Field(None, description="Trade flow.")
    partner: str | None = Field(
        None, max_length=12, pattern=r"^[A-Za-z_]+$", description="ISO alpha-3 or group."
    )
    breakdown: Breakdown = Field(
        "any", description="none: headline rows only; or a breakdown kind."
    )
    code: str | None = Field(None, max_length=80, description="Breakdown code or label.")
    period: str | None = Field(None, description="One month, YYYY-MM.")
    from_: str | None = Field(None, alias="from", description="First month, YYYY-MM.")
    to: str | None = Field(None, description="Last month, YYYY-MM.")
    kind: Literal["month", "ytd"] | None = Field(None, description="Month or year to date.")
    currency: Literal["CNY", "USD"] | None = None
    measure: str | None = Field(None, max_length=40, description="value, yoy_pct_published…")
    as_of: str | None = Field(None, description="Figures as published by this date.")

    @model_validator(mode="before")
    @classmethod
    def _blank_is_none(cls, data: Any) -> Any:
        """A form's empty field (e.g. `from=`) means "any", as if it were absent."""
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if v not in ("", None)}
        return data

    def series_query(self, measure: str | Literal[False] | None = False) -> SeriesQuery:
        as_of = None
        if self.as_of:
            try:
                as_of = date.fromisoformat(self.as_of)
            except ValueError as exc:
                raise UsageError(f"as_of {self.as_of!r} is not a date (YYYY-MM-DD)") from exc
        kinds = {"commodity": "commodity", "trade_mode": "trade_mode"}
        kinds["enterprise_type"] = "enterprise_type"
        breakdown: dict[str, str | None] = dict.fromkeys(kinds)
        if self.breakdown in kinds:
            breakdown[self.breakdown] = self.code or "*"
        elif self.code:
            raise UsageError("code needs breakdown=commodity, trade_mode or enterprise_type")
        q = SeriesQuery(
            flow=self.flow,
            partner=self.partner,
            commodity=breakdown["commodity"],
            trade_mode=breakdown["trade_mode"],
            enterprise_type=breakdown["enterprise_type"],
            no_breakdown=self.breakdown == "none",
            period=self.period,
            start=self.from_,
            end=self.to,
            kind=self.kind,
            currency=self.currency,
            measure=self.measure if measure is False else measure,
            as_of=as_of,
        )
        q.validate()
        return q

    def params(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.model_dump(by_alias=True).items() if v not in (None, "")}

    def filename(self) -> str:
        parts = [self.flow, self.partner, self.code, self.kind, self.currency, self.measure]
        return "-".join(["tradepulse", *(p for p in parts if p)]).replace(" ", "_")


def series_table(db: Path, query: SeriesQuery) -> pa.Table:
    return api.get_series(query, db)


def with_tiers(table: pa.Table) -> list[dict[str, Any]]:
    """`tradepulse series --json` records, each release with its tier."""
    records = series_records(table)
    tiers = table.select([c for c in ("authority", "tier") if c in table.column_names])
    for record, row in zip(records, tiers.to_pylist(), strict=True):
        record["release"]["tier"] = tier_label(row)
    return records


def explorer_view(table: pa.Table) -> dict[str, Any]:
    """One row per period (level, YoY, release, tier) and the chart over them."""
    levels: dict[str, dict[str, Any]] = {}
    yoys: dict[str, float] = {}
    level_measure = "value" if "value" in table.column("measure").to_pylist() else "quantity"
    cols = [
        "period",
        "measure",
        "value",
        "unit",
        "title",
        "published",
        "authority",
        "tier",
        "source",
    ]
    for r in table.select(cols).to_pylist():
        if r["measure"] == level_measure:
            levels[r["period"]] = r
        elif (
            r["measure"] == f"{'quantity_' if level_measure == 'quantity' else ''}yoy_pct_published"
        ):
            yoys[r["period"]] = r["value"]
    periods = sorted(set(levels) | set(yoys))
    rows = []
    for p in periods:
        lv = levels.get(p)
        rows.append(
            {
                "period": p,
                "value": lv["value"] if lv else None,
                "unit": lv["unit"] if lv else "",
                "yoy_pct": yoys.get(p),
                "release": lv["title"] if lv else "",
                "url": lv["source"] if lv else "",
                "published": lv["published"].isoformat() if lv and lv["published"] else "",
                "tier": tier_label(lv) if lv else "",
            }
        )
    return {"rows": rows, "chart": chart_spec(rows) if rows else None}


def _scale(rows: list[dict[str, Any]]) -> tuple[float, str]:
    unit = next((r["unit"] for r in rows if r["unit"]), "")
    top = max((abs(r["value"]) for r in rows if r["value"] is not None), default=0)
    names = {"yuan": "yuan", "dollar": "dollars"}
    base = names.get(unit, unit)
    for factor, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if top >= factor:
            return factor, f"{word} {base}".strip()
    return 1.0, base


def chart_spec(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Level as bars and YoY as a line, hover giving value, release and tier."""
    factor, unit = _scale(rows)
    data = [
        {
            "month": r["period"],
            "level": None if r["value"] is None else round(r["value"] / factor, 3),
            "yoy": None if r["yoy_pct"] is None else round(r["yoy_pct"], 1),
            "release": r["release"],
            "tier": r["tier"],
        }
        for r in rows
    ]
    tooltip = [
        alt.Tooltip("month:O", title="month"),
        alt.Tooltip("level:Q", title=unit, format=",.2f"),
        alt.Tooltip("yoy:Q", title="YoY %"),
        alt.Tooltip("release:N"),
        alt.Tooltip("tier:N"),
    ]
    base = alt.Chart(alt.Data(values=data)).encode(
        x=alt.X("month:O", title=None, axis=alt.Axis(labelAngle=-60, labelOverlap=True))
    )
    layers = []
    if any(d["level"] is not None for d in data):
        layers.append(
            base.mark_bar(color="#4c78a8", opacity=0.75).encode(
                y=alt.Y("level:Q", title=unit), tooltip=tooltip
            )
        )
    if any(d["yoy"] is not None for d in data):
        layers.append(
            base.mark_line(color="#e45756", point=alt.OverlayMarkDef(color="#e45756")).encode(
                y=alt.Y("yoy:Q", title="year on year, %"), tooltip=tooltip
            )
        )
    chart = alt.layer(*layers).resolve_scale(y="independent")
    return chart.properties(width="container", height=320).to_dict()
