"""The "vital signs" of the latest month and what the latest release changed.

Four headline figures (total trade, exports, imports, balance), each with its level, its
year-on-year change, a 24-month sparkline and its source (release, publisher, tier,
publication date); and, for the newest publication date in the store, which figures it
added and which earlier figures it revised (one set-based query over the vintages).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .bulletin import latest_month
from .errors import DataNotFound, InvalidComparison
from .indicators import Facts, Result, Series, balance, level, yoy
from .indicators.panel import monthly_flows
from .model import Period
from .store.db import Store, fetch_arrow

SPARK_MONTHS = 24
#: What each source tier stands for (sources/tiers.py; docs/data-model.md)
TIER_NAMES = {
    1: "official table",
    2: "official statement",
    3: "state agency or wire",
    4: "other outlets, corroborated",
}


def tier_label(row: dict[str, Any]) -> str:
    """A release's tier for display ("tier 1 · official table"); a misprint kept for the
    record says so."""
    if int(row.get("authority") or 0) >= 3:
        return "erratum · never in force"
    tier = int(row["tier"])
    return f"tier {tier} · {TIER_NAMES[tier]}"


def release_rows(store: Store, ids: list[int]) -> dict[int, dict[str, Any]]:
    """Releases by id, every stored column (so a `tier` column shows once it exists)."""
    if not ids:
        return {}
    rows = fetch_arrow(
        store.con, "SELECT * FROM releases WHERE list_contains(?, release_id)", [ids]
    ).to_pylist()
    out = {}
    for r in rows:
        out[r["release_id"]] = {
            "id": r["release_id"],
            "publisher": r["publisher"],
            "title": r["title"],
            "url": r["source"],
            "published": r["published"].isoformat() if r["published"] else None,
            "status": r["status"],
            "authority": r["authority"],
            "tier": tier_label(r),
        }
    return out


def _sparkline(store: Store, currency: str, end: Period, as_of: date | None) -> dict[str, list]:
    start = str(end.shift_months(-(SPARK_MONTHS - 1)))
    rows = monthly_flows(store, currency, start, str(end), as_of).to_pylist()
    months: dict[str, dict[str, float]] = {}
    for r in rows:
        if r["value"] is not None:
            months.setdefault(r["period"], {})[r["flow"]] = r["value"]
    out: dict[str, list] = {"total": [], "export": [], "import": [], "balance": []}
    for period in sorted(months):
        m = months[period]
        if "export" in m and "import" in m:
            out["total"].append([period, m["export"] + m["import"]])
            out["balance"].append([period, m["export"] - m["import"]])
        for flow in ("export", "import"):
            if flow in m:
                out[flow].append([period, m[flow]])
    return out


def _sign(result: Result | None) -> dict[str, Any] | None:
    return None if result is None else {"value": result.value, "unit": result.unit}


def vital_signs(store: Store, currency: str = "USD", as_of: date | None = None) -> dict[str, Any]:
    """The latest month's headline figures with YoY, sparkline and provenance (the latest
    month stored in `currency`: the two editions are not always published together)."""
    period = latest_in(store, currency, as_of) or latest_month(store, as_of)
    facts = Facts(store, as_of)
    spark = _sparkline(store, currency, period, as_of)
    signs: list[dict[str, Any]] = []
    release_ids: set[int] = set()
    for flow in ("total", "export", "import", "balance"):
        s = Series(flow=flow if flow != "balance" else "total", currency=currency)
        try:
            if flow == "balance":
                lv = balance(facts, period, currency=currency)
                change = lv.params.get("change_pct")
                yoy_pct = float(change) if isinstance(change, int | float) else None
                yoy_res = None
            else:
                lv = level(facts, s, period)
                yoy_res = _attempt_yoy(facts, s, period)
                yoy_pct = yoy_res.value if yoy_res else None
        except DataNotFound:
            continue
        inputs = [i for i in lv.inputs if i.period == str(period)]
        release_ids.update(i.release_id for i in inputs)
        signs.append(
            {
                "flow": flow,
                "period": str(period),
                "currency": currency,
                "value": lv.value,
                "unit": lv.unit,
                "yoy_pct": yoy_pct,
                "yoy": _sign(yoy_res),
                "note": lv.note or (yoy_res.note if yoy_res else ""),
                "release_ids": sorted({i.release_id for i in inputs}),
                "sparkline": spark[flow],
            }
        )
    releases = release_rows(store, sorted(release_ids))
    for sign in signs:
        sign["sources"] = [releases[i] for i in sign.pop("release_ids") if i in releases]
        dates = [r["published"] for r in sign["sources"] if r["published"]]
        sign["as_of"] = max(dates) if dates else None
    return {
        "period": str(period),
        "currency": currency,
        "signs": signs,
        "changes": latest_changes(store),
    }


def latest_in(store: Store, currency: str, as_of: date | None = None) -> Period | None:
    rows = fetch_arrow(
        store.con,
        "SELECT max(period) AS p FROM latest(?::DATE) WHERE partner = 'WLD' "
        "AND breakdown_kind = '' AND period_kind = 'month' AND measure = 'value' "
        "AND currency = ? AND flow IN ('export', 'import')",
        [as_of, currency],
    ).to_pylist()
    return Period.parse(rows[0]["p"]) if rows and rows[0]["p"] else None


def _attempt_yoy(facts: Facts, s: Series, period: Period) -> Result | None:
    try:
        return yoy(facts, s, period)
    except (DataNotFound, InvalidComparison):
        return None


CHANGES_SQL = """
WITH v AS (SELECT * FROM vintages(NULL)),
pub AS (SELECT DISTINCT published FROM v WHERE published IS NOT NULL
        ORDER BY published DESC LIMIT 2),
newest AS (
    SELECT * FROM v WHERE published = (SELECT max(published) FROM pub)
    QUALIFY row_number() OVER (
        PARTITION BY reporter, flow, partner, breakdown_kind, breakdown_scheme,
                     breakdown_code, period, period_kind, currency, measure
        ORDER BY vintage_rank) = 1
),
earlier AS (
    SELECT * FROM v WHERE published < (SELECT max(published) FROM pub)
    QUALIFY row_number() OVER (
        PARTITION BY reporter, flow, partner, breakdown_kind, breakdown_scheme,
                     breakdown_code, period, period_kind, currency, measure
        ORDER BY authority, published DESC, release_id DESC) = 1
)
SELECT n.flow, n.partner, n.breakdown_kind, n.breakdown_code, n.breakdown_label, n.period,
       n.period_kind, n.currency, n.measure, n.unit, n.value, n.release_id,
       e.value AS previous_value, e.release_id AS previous_release_id,
       (SELECT max(published) FROM pub) AS newest, (SELECT min(published) FROM pub) AS before
FROM newest n LEFT JOIN earlier e
  ON e.reporter = n.reporter AND e.flow = n.flow AND e.partner = n.partner
 AND e.breakdown_kind = n.breakdown_kind AND e.breakdown_scheme = n.breakdown_scheme
 AND e.breakdown_code = n.breakdown_code AND e.period = n.period
 AND e.period_kind = n.period_kind AND e.currency = n.currency AND e.measure = n.measure
WHERE e.value IS NULL OR abs(e.value - n.value) > greatest(n.resolution, e.resolution)
ORDER BY (n.partner = 'WLD' AND n.breakdown_kind = '') DESC, n.period DESC, n.flow,
         n.currency, n.measure
"""


def latest_changes(store: Store, limit: int = 12) -> dict[str, Any]:
    """What the newest publication date brought: figures added and figures revised."""
    rows = fetch_arrow(store.con, CHANGES_SQL).to_pylist()
    if not rows:
        return {"published": None, "previous": None, "added": 0, "revised": 0, "periods": []}
    revised = [r for r in rows if r["previous_value"] is not None]
    added = [r for r in rows if r["previous_value"] is None]

    def item(r: dict[str, Any]) -> dict[str, Any]:
        return {
            "flow": r["flow"],
            "partner": r["partner"],
            "breakdown": r["breakdown_label"] or r["breakdown_code"] or None,
            "period": r["period"],
            "period_kind": r["period_kind"],
            "currency": r["currency"],
            "measure": r["measure"],
            "unit": r["unit"],
            "value": r["value"],
            "previous_value": r["previous_value"],
        }

    return {
        "published": rows[0]["newest"].isoformat(),
        "previous": rows[0]["before"].isoformat(),
        "added": len(added),
        "revised": len(revised),
        "periods": sorted({r["period"] for r in added}, reverse=True),
        "revisions": [item(r) for r in revised[:limit]],
        "additions": [item(r) for r in added[:limit]],
    }
