"""Streaks of year-on-year growth or decline, and records ("highest since").

Both run as one window query over the whole stored series (gaps and islands), not as a
loop over months.
"""

from __future__ import annotations

from ..errors import DataNotFound, InvalidComparison
from ..model import Period
from ..store.db import fetch_arrow
from .facts import COMBINED_JAN_FEB_FROM, Facts, Series
from .result import Result

_SERIES_FILTER = """flow = $flow AND partner = $partner AND breakdown_kind = $bk
    AND breakdown_code = $bc AND currency = $currency"""

# Monthly YoY signs: the published rate where there is one, else the computed one; in years
# with a combined January-February release its YoY stands for both months.
YOY_SIGNS_SQL = f"""
WITH l AS (SELECT * FROM {{view}} WHERE {_SERIES_FILTER}),
val AS (SELECT period, value FROM l WHERE measure = 'value' AND period_kind = 'month'),
pub AS (SELECT period, value FROM l WHERE measure = 'yoy_pct_published'
        AND period_kind = 'month'),
comp AS (
    SELECT a.period, 100 * (a.value / b.value - 1) AS yoy
    FROM val a JOIN val b
      ON b.period = printf('%04d', CAST(substr(a.period, 1, 4) AS INT) - 1)
                    || substr(a.period, 5)
    WHERE b.value > 0),
ytdval AS (SELECT period, value FROM l WHERE measure = 'value' AND period_kind = 'ytd'),
janfeb AS (
    SELECT a.period,
           coalesce((SELECT p.value FROM l p WHERE p.measure = 'yoy_pct_published'
                     AND p.period_kind = 'ytd' AND p.period = a.period),
                    100 * (a.value / b.value - 1)) AS yoy
    FROM ytdval a LEFT JOIN ytdval b
      ON b.period = printf('%04d', CAST(substr(a.period, 1, 4) AS INT) - 1) || '-02'
    WHERE a.period LIKE '%-02'
      AND CAST(substr(a.period, 1, 4) AS INT) >= {COMBINED_JAN_FEB_FROM}),
months AS (
    SELECT coalesce(p.period, c.period) AS period, coalesce(p.value, c.yoy) AS yoy,
           p.value IS NOT NULL AS is_published
    FROM pub p FULL OUTER JOIN comp c ON p.period = c.period
    UNION ALL SELECT substr(period, 1, 5) || '01', yoy, TRUE FROM janfeb WHERE yoy IS NOT NULL
    UNION ALL SELECT period, yoy, TRUE FROM janfeb WHERE yoy IS NOT NULL),
idx AS (
    SELECT period, yoy, is_published, sign(yoy) AS sg,
           CAST(substr(period, 1, 4) AS INT) * 12 + CAST(substr(period, 6, 2) AS INT) AS mi
    FROM months WHERE yoy IS NOT NULL),
isl AS (SELECT *, mi - row_number() OVER (PARTITION BY sg ORDER BY mi) AS grp FROM idx)
SELECT period, yoy, sg, mi,
       row_number() OVER (PARTITION BY sg, grp ORDER BY mi) AS run,
       min(mi) OVER (PARTITION BY sg, grp) AS island_start
FROM isl ORDER BY mi
"""


def _params(s: Series, as_of: object) -> dict[str, object]:
    return {
        "flow": s.flow,
        "partner": s.partner,
        "bk": s.breakdown_kind,
        "bc": s.breakdown_code,
        "currency": s.currency,
    }


def streak(facts: Facts, s: Series, period: Period) -> Result:
    """How many consecutive months, ending at `period`, YoY has kept its sign.

    `params.direction` is growth or decline; `params.at_least` is true when the run starts
    right after a month the store lacks (the true streak may be longer).
    """
    if s.period_kind != "month":
        raise InvalidComparison("streaks count single months")
    sql = YOY_SIGNS_SQL.format(view=facts.view)
    rows = fetch_arrow(facts.store.con, sql, _params(s, facts.as_of)).to_pylist()
    by_period = {r["period"]: r for r in rows}
    row = by_period.get(str(period))
    if row is None:
        raise DataNotFound(f"no year-on-year rate for {s.describe()} {period}")
    if row["sg"] == 0:
        raise InvalidComparison("growth was exactly zero: no streak")
    start_mi = row["island_start"]
    present = {r["mi"] for r in rows}
    at_least = (start_mi - 1) not in present
    first = Period(int((start_mi - 1) // 12), int((start_mi - 1) % 12) + 1)
    inputs = facts.get(s, period).inputs if facts.find(s, period) else ()
    return Result(
        "streak_months",
        float(row["run"]),
        "months",
        s.describe(),
        str(period),
        inputs,
        {
            "direction": "growth" if row["sg"] > 0 else "decline",
            "since": str(first),
            "at_least": at_least,
            "yoy": row["yoy"],
        },
        note="January-February combined counts as two months"
        if period.year >= COMBINED_JAN_FEB_FROM
        else "",
    )


RECORD_SQL = """
WITH v AS (SELECT period, value FROM {view}
           WHERE flow = $flow AND partner = $partner AND breakdown_kind = $bk
             AND breakdown_code = $bc AND currency = $currency AND measure = 'value'
             AND period_kind = $kind
             AND ($kind = 'month' OR substr(period, 6, 2) = substr($period, 6, 2))),
cur AS (SELECT value FROM v WHERE period = $period)
SELECT
  (SELECT max(period) FROM v, cur WHERE v.period < $period AND v.value >= cur.value) AS higher,
  (SELECT max(period) FROM v, cur WHERE v.period < $period AND v.value <= cur.value) AS lower,
  (SELECT min(period) FROM v) AS first_period,
  (SELECT count(*) FROM v WHERE period < $period) AS n_before,
  (SELECT value FROM cur) AS value
"""


def record(facts: Facts, s: Series, period: Period) -> Result:
    """Highest or lowest since: the last earlier period at least as high (or as low).

    For a year to date, only the same months of other years are compared. `params.kind` is
    "highest", "lowest" or "neither"; `params.since` the period it is the highest since,
    or the first stored period when it is a record of the stored history.
    """
    params = {**_params(s, facts.as_of), "kind": s.period_kind, "period": str(period)}
    (row,) = fetch_arrow(facts.store.con, RECORD_SQL.format(view=facts.view), params).to_pylist()
    if row["value"] is None:
        raise DataNotFound(f"no figure for {s.describe()} {period}")
    if not row["n_before"]:
        raise DataNotFound(f"no earlier figure for {s.describe()} to compare {period} with")
    out: dict[str, object] = {"first_stored": row["first_period"]}
    if row["higher"] is None:
        out.update(kind="highest", since=row["first_period"], record_of_history=True)
    elif row["lower"] is None:
        out.update(kind="lowest", since=row["first_period"], record_of_history=True)
    else:
        # the more distant of the two bounds is the notable one
        higher, lower = row["higher"], row["lower"]
        kind, since = ("highest", higher) if higher < lower else ("lowest", lower)
        out.update(kind=kind, since=since, record_of_history=False)
    fact = facts.get(s, period)
    return Result(
        "record",
        float(row["value"]),
        fact.inputs[0].unit,
        s.describe(),
        str(period),
        fact.inputs,
        out,
        resolution=fact.resolution,
    )
