"""Set-based indicator suites over whole panels, in one DuckDB query each.

`suite_sql` computes, for every series of a panel (any relation with key columns, a month
index and a value): YoY for the month, the year-to-date value and its YoY, the share in its
group, the rank in its group and the contribution to the group's growth. Window frames do
the cumulative and group work, and one hash join on the month twelve back finds last year's
figures (measured faster than RANGE frames: see bench/).
"""

from __future__ import annotations

from datetime import date

import pyarrow as pa

from ..store.db import Store, fetch_arrow


def _cols(names: list[str]) -> str:
    return ", ".join(names)


def suite_sql(source: str, keys: list[str], group_keys: list[str]) -> str:
    """SQL for the indicator suite of `source`.

    `source` must have the columns `keys`, `mi` (month index: year * 12 + month - 1) and
    `value`; `group_keys` (a subset of `keys`) define the whole a series is a share of
    (e.g. partner, flow: the share of each commodity in a partner's trade). Last year's
    figures come from a hash join on the exact month twelve back (a missing month gives
    NULL, never a wrong base); a year to date is stated only when all its months exist.
    """
    k, g = _cols(keys), _cols(group_keys)
    same = " AND ".join(f"b.{c} = a.{c}" for c in keys)
    return f"""
    WITH base AS (
        SELECT {k}, mi, value,
            sum(value) OVER ytd AS ytd_value,
            count(*) OVER ytd AS ytd_months,
            sum(value) OVER (PARTITION BY {g}, mi) AS group_value,
            rank() OVER (PARTITION BY {g}, mi ORDER BY value DESC) AS rank
        FROM {source}
        WINDOW ytd AS (PARTITION BY {k}, mi // 12 ORDER BY mi
                       ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
    ),
    j AS (
        SELECT a.*, b.value AS value_ly, b.ytd_value AS ytd_ly, b.ytd_months AS ytd_months_ly
        FROM base a LEFT JOIN base b ON {same} AND b.mi = a.mi - 12
    ),
    g AS (SELECT {g}, mi, sum(value_ly) AS group_value_ly FROM j GROUP BY {g}, mi)
    SELECT {", ".join(f"j.{c}" for c in keys)}, j.mi, j.value,
        CASE WHEN value_ly > 0 THEN 100 * (value / value_ly - 1) END AS yoy_pct,
        CASE WHEN ytd_months = j.mi % 12 + 1 THEN ytd_value END AS ytd_value,
        CASE WHEN ytd_months = j.mi % 12 + 1 AND ytd_months_ly = ytd_months AND ytd_ly > 0
             THEN 100 * (ytd_value / ytd_ly - 1) END AS ytd_yoy_pct,
        100 * value / group_value AS share_pct,
        rank,
        CASE WHEN value_ly IS NOT NULL AND group_value_ly > 0
             THEN 100 * (value - value_ly) / group_value_ly END AS contribution_pp
    FROM j JOIN g USING ({g}, mi)
    """


def suite(con: object, source: str, keys: list[str], group_keys: list[str]) -> pa.Table:
    """Run the suite (see `suite_sql`) and return it as an Arrow table."""
    return fetch_arrow(con, suite_sql(source, keys, group_keys))  # type: ignore[arg-type]


MONTHLY_FLOWS_SQL = """
WITH l AS (SELECT * FROM latest($as_of::DATE)
           WHERE partner = 'WLD' AND breakdown_kind = '' AND period_kind = 'month'
             AND currency = $currency AND flow IN ('export', 'import')
             AND period BETWEEN $start AND $end_),
v AS (SELECT flow, period, value FROM l WHERE measure = 'value'),
p AS (SELECT flow, period, value FROM l WHERE measure = 'yoy_pct_published'),
b AS (SELECT flow, period, value FROM latest($as_of::DATE)
      WHERE partner = 'WLD' AND breakdown_kind = '' AND period_kind = 'month'
        AND currency = $currency AND measure = 'value')
SELECT coalesce(v.flow, p.flow) AS flow, coalesce(v.period, p.period) AS period,
       v.value, coalesce(p.value, 100 * (v.value / b.value - 1)) AS yoy_pct
FROM v FULL OUTER JOIN p ON v.flow = p.flow AND v.period = p.period
LEFT JOIN b ON b.flow = v.flow
    AND b.period = printf('%04d', CAST(substr(v.period, 1, 4) AS INT) - 1) || substr(v.period, 5)
ORDER BY period, flow
"""


def monthly_flows(
    store: Store, currency: str, start: str, end: str, as_of: date | None = None
) -> pa.Table:
    """Monthly exports and imports with their YoY (published, else computed)."""
    return fetch_arrow(
        store.con,
        MONTHLY_FLOWS_SQL,
        {"as_of": as_of, "currency": currency, "start": start, "end_": end},
    )
