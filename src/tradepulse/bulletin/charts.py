"""Charts as Altair/Vega-Lite specs (reusable by the web layer), rendered offline."""

from __future__ import annotations

from typing import Any

import altair as alt

from ..indicators import Facts, Series
from ..indicators.panel import monthly_flows
from ..indicators.structure import ranking, share
from ..model import Period
from ..store.db import fetch_arrow

WINDOW_MONTHS = 36
FLOW_LABEL = {"export": "Exports", "import": "Imports"}


def _best_currency(facts: Facts, start: str, end: str) -> str:
    counts = {
        cur: monthly_flows(facts.store, cur, start, end, facts.as_of).num_rows
        for cur in ("USD", "CNY")
    }
    return max(counts, key=lambda c: counts[c])


def trade_trend(facts: Facts, period: Period) -> dict[str, Any] | None:
    """Monthly exports and imports (bars) and their YoY (lines), last 36 months."""
    start = str(period.shift_months(-(WINDOW_MONTHS - 1)))
    cur = _best_currency(facts, start, str(period))
    rows = monthly_flows(facts.store, cur, start, str(period), facts.as_of).to_pylist()
    if len(rows) < 4:
        return None
    scale = 1e9
    data = [
        {
            "month": r["period"],
            "flow": FLOW_LABEL[r["flow"]],
            "value_bn": None if r["value"] is None else round(r["value"] / scale, 2),
            "yoy_pct": None if r["yoy_pct"] is None else round(r["yoy_pct"], 1),
        }
        for r in rows
    ]
    unit = "billion dollars" if cur == "USD" else "billion yuan"
    base = alt.Chart(alt.Data(values=data)).encode(
        x=alt.X("month:O", title=None, axis=alt.Axis(labelAngle=-60))
    )
    bars = base.mark_bar(opacity=0.6).encode(
        xOffset="flow:N",
        y=alt.Y("value_bn:Q", title=unit),
        color=alt.Color("flow:N", title=None),
        tooltip=["month:O", "flow:N", "value_bn:Q", "yoy_pct:Q"],
    )
    lines = base.mark_line(point=True).encode(
        y=alt.Y("yoy_pct:Q", title="year on year, %"),
        color=alt.Color("flow:N", title=None),
        strokeDash=alt.StrokeDash("flow:N", legend=None),
    )
    chart = (
        alt.layer(bars, lines)
        .resolve_scale(y="independent")
        .properties(
            width=720,
            height=300,
            title=f"Monthly exports and imports ({unit}) and their year-on-year change",
        )
    )
    return chart.to_dict()


def partner_shares(facts: Facts, period: Period) -> dict[str, Any] | None:
    kind = "ytd" if period.month > 1 else "month"
    base = Series(period_kind=kind, currency="CNY")
    try:
        ranked, _ = ranking(facts, base, period)
    except Exception:
        return None
    data = []
    for r in ranked[:8]:
        s = share(facts, base.with_(partner=r.code), period)
        data.append({"partner": r.code, "share_pct": round(s.value, 1)})
    chart = (
        alt.Chart(alt.Data(values=data))
        .mark_bar()
        .encode(
            x=alt.X("share_pct:Q", title="share of China's trade, %"),
            y=alt.Y("partner:N", sort="-x", title=None),
            tooltip=["partner:N", "share_pct:Q"],
        )
        .properties(width=480, height=220, title=f"Largest partners, {period} {kind}")
    )
    return chart.to_dict()


def commodity_movers(facts: Facts, period: Period) -> dict[str, Any] | None:
    kind = "ytd" if period.month > 1 else "month"
    rows = fetch_arrow(
        facts.store.con,
        f"""SELECT flow, breakdown_label AS commodity, value AS yoy_pct, currency
           FROM {facts.view}
           WHERE breakdown_kind = 'commodity' AND measure = 'yoy_pct_published'
             AND period = ? AND period_kind = ?
           ORDER BY currency, flow, value DESC""",
        [str(period), kind],
    ).to_pylist()
    if len(rows) < 4:
        return None
    cur = rows[0]["currency"]
    data = [
        {"commodity": f"{r['commodity']} ({r['flow']})", "yoy_pct": r["yoy_pct"]}
        for r in rows
        if r["currency"] == cur
    ]
    chart = (
        alt.Chart(alt.Data(values=data))
        .mark_bar()
        .encode(
            x=alt.X("yoy_pct:Q", title=f"year on year, % ({cur})"),
            y=alt.Y("commodity:N", sort="-x", title=None),
            color=alt.condition("datum.yoy_pct >= 0", alt.value("#2a7"), alt.value("#c44")),
            tooltip=["commodity:N", "yoy_pct:Q"],
        )
        .properties(
            width=480, height=max(120, 14 * len(data)), title=f"Commodities, {period} {kind}"
        )
    )
    return chart.to_dict()


def build_charts(facts: Facts, period: Period) -> dict[str, dict[str, Any]]:
    charts = {
        "trade_trend": trade_trend(facts, period),
        "partner_shares": partner_shares(facts, period),
        "commodity_movers": commodity_movers(facts, period),
    }
    return {name: spec for name, spec in charts.items() if spec is not None}


def to_svg(spec: dict[str, Any]) -> str:
    import vl_convert

    return str(vl_convert.vegalite_to_svg(spec))


def to_png(spec: dict[str, Any]) -> bytes:
    import vl_convert

    return bytes(vl_convert.vegalite_to_png(spec, scale=1.5))
