"""Consistency checks over the figures in force. Each violation names its releases.

Tolerances come from how each figure was printed: a value printed to 0.1 (in 100 million
yuan) may be off by half of that, so a sum of three printed values may be off by the sum
of their half-resolutions.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from .store.db import Store, fetch_arrow

#: GACC computes a year's YoY against the prior year's revised figures, while the store may
#: hold that year's preliminary ones; revisions of up to about a point are routine.
REVISION_ALLOWANCE_PP = 1.0

#: Plausible CNY per USD for the years tradepulse covers (2018-2026 ran 6.27-7.35).
RATE_BOUNDS = (6.0, 7.6)


@dataclass(frozen=True)
class Violation:
    check: str
    key: str
    message: str
    releases: list[str]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


_VKEY = (
    "reporter, flow, partner, breakdown_kind, breakdown_scheme, breakdown_code, period, "
    "period_kind, currency, measure"
)
_KEY = "partner, breakdown_kind, breakdown_scheme, breakdown_code, period, period_kind, currency"

CHECKS: dict[str, str] = {
    # exports + imports = total
    "flows_add_up": f"""
        WITH v AS (SELECT * FROM latest(?::DATE) WHERE measure = 'value')
        SELECT t.partner, t.breakdown_code, t.period, t.period_kind, t.currency,
               t.value AS total, e.value + i.value AS parts,
               t.resolution / 2 + e.resolution / 2 + i.resolution / 2
                   + 1e-9 * abs(t.value) AS tol,
               list_distinct([t.title, e.title, i.title]) AS releases
        FROM v t JOIN v e USING ({_KEY}) JOIN v i USING ({_KEY})
        WHERE t.flow = 'total' AND e.flow = 'export' AND i.flow = 'import'
          AND abs(t.value - (e.value + i.value)) > t.resolution / 2 + e.resolution / 2
              + i.resolution / 2 + 1e-9 * abs(t.value)
    """,
    # months add up to the year to date (Jan-Feb may be published only as a YTD figure)
    "months_sum_to_ytd": """
        WITH v AS (SELECT * FROM latest(?::DATE) WHERE measure = 'value'),
        y AS (SELECT *, CAST(substr(period, 1, 4) AS INT) AS yr,
                        CAST(substr(period, 6, 2) AS INT) AS mo FROM v WHERE period_kind = 'ytd'),
        m AS (SELECT *, CAST(substr(period, 1, 4) AS INT) AS yr,
                        CAST(substr(period, 6, 2) AS INT) AS mo FROM v WHERE period_kind = 'month')
        SELECT y.flow, y.partner, y.breakdown_code, y.period, y.currency, y.value AS ytd,
               sum(m.value) AS months, count(m.value) AS n,
               y.resolution / 2 + sum(m.resolution) / 2 + 1e-9 * abs(y.value) AS tol,
               list_distinct(list(m.title) || [y.title]) AS releases
        FROM y JOIN m ON m.yr = y.yr AND m.mo <= y.mo AND m.flow = y.flow
            AND m.partner = y.partner AND m.breakdown_kind = y.breakdown_kind
            AND m.breakdown_code = y.breakdown_code AND m.currency = y.currency
        GROUP BY y.flow, y.partner, y.breakdown_kind, y.breakdown_code, y.period, y.currency,
                 y.value, y.resolution, y.title, y.mo
        HAVING count(m.value) = y.mo
           AND abs(y.value - sum(m.value)) > y.resolution / 2 + sum(m.resolution) / 2
               + 1e-9 * abs(y.value)
    """,
    # published YoY agrees with the YoY computed from the stored prior-year figure
    "published_yoy_matches": f"""
        WITH v AS (SELECT * FROM latest(?::DATE)),
        cur AS (SELECT * FROM v WHERE measure = 'value'),
        pub AS (SELECT * FROM v WHERE measure = 'yoy_pct_published')
        SELECT c.flow, c.partner, c.breakdown_code, c.period, c.period_kind, c.currency,
               p.value AS published,
               round(100 * (c.value / b.value - 1), 2) AS computed,
               {REVISION_ALLOWANCE_PP} + p.resolution / 2 + 100 * (c.value / b.value)
                   * (c.resolution / 2 / c.value + b.resolution / 2 / b.value) AS tol,
               list_distinct([c.title, b.title, p.title]) AS releases
        FROM cur c
        JOIN cur b ON b.flow = c.flow AND b.partner = c.partner
            AND b.breakdown_kind = c.breakdown_kind AND b.breakdown_code = c.breakdown_code
            AND b.period_kind = c.period_kind AND b.currency = c.currency
            AND b.period = printf('%04d', CAST(substr(c.period, 1, 4) AS INT) - 1)
                           || substr(c.period, 5)
        JOIN pub p ON p.flow = c.flow AND p.partner = c.partner
            AND p.breakdown_kind = c.breakdown_kind AND p.breakdown_code = c.breakdown_code
            AND p.period = c.period AND p.period_kind = c.period_kind
            AND p.currency = c.currency
        WHERE b.value > 0 AND c.value > 0
          AND abs(p.value - 100 * (c.value / b.value - 1)) > {REVISION_ALLOWANCE_PP}
              + p.resolution / 2
              + 100 * (c.value / b.value) * (c.resolution / 2 / c.value
                                             + b.resolution / 2 / b.value)
    """,
    # no partner exceeds the world
    "partner_within_world": """
        WITH v AS (SELECT * FROM latest(?::DATE) WHERE measure = 'value' AND breakdown_kind = '')
        SELECT p.flow, p.partner, p.period, p.period_kind, p.currency, p.value AS partner_value,
               w.value AS world, list_distinct([p.title, w.title]) AS releases
        FROM v p JOIN v w ON w.partner = 'WLD' AND w.flow = p.flow AND w.period = p.period
            AND w.period_kind = p.period_kind AND w.currency = p.currency
        WHERE p.partner <> 'WLD' AND p.value > w.value + w.resolution / 2 + p.resolution / 2
    """,
    # reports of one release in the tier in force disagree: the figure in force was chosen
    # by the number of independent sources agreeing, then by kind (docs/data-model.md)
    "tier_conflict": f"""
        WITH v AS (SELECT * FROM vintages(?::DATE) WHERE standing <> 'reported'),
        f AS (SELECT * FROM v WHERE standing = 'in_force')
        SELECT f.flow, f.partner, f.breakdown_code, f.period, f.period_kind, f.currency,
               f.measure, f.tier, f.value AS chosen, f.corroboration AS chosen_sources,
               f.title AS chosen_title, list_distinct(list(o.value)) AS others,
               max(o.corroboration) AS other_sources,
               list_distinct(list(o.title) || [f.title]) AS releases
        FROM f JOIN v o USING ({_VKEY})
        WHERE o.standing = 'superseded' AND o.tier = f.tier
          AND date_trunc('month', o.published) IS NOT DISTINCT FROM
              date_trunc('month', f.published)
          AND abs(o.value - f.value) > (o.resolution + f.resolution) / 2 + 1e-9 * abs(f.value)
        GROUP BY f.flow, f.partner, f.breakdown_code, f.period, f.period_kind, f.currency,
                 f.measure, f.tier, f.value, f.corroboration, f.title, f.breakdown_kind
    """,
    # an agency's or outlet's figure that GACC's (or another official) figure of the same
    # release contradicts: the quote is never in force, but it is listed
    "quote_contradicts_official": f"""
        WITH v AS (SELECT * FROM vintages(?::DATE) WHERE standing <> 'reported'),
        f AS (SELECT * FROM v WHERE standing = 'in_force' AND tier <= 2)
        SELECT f.flow, f.partner, f.breakdown_code, f.period, f.period_kind, f.currency,
               f.measure, f.tier, f.value AS chosen, f.title AS chosen_title,
               list_distinct(list(o.value)) AS others,
               list_distinct(list(o.title) || [f.title]) AS releases
        FROM f JOIN v o USING ({_VKEY})
        WHERE o.tier >= 3
          AND date_trunc('month', o.published) = date_trunc('month', f.published)
          AND abs(o.value - f.value) > (o.resolution + f.resolution) / 2 + 1e-9 * abs(f.value)
        GROUP BY f.flow, f.partner, f.breakdown_code, f.period, f.period_kind, f.currency,
                 f.measure, f.tier, f.value, f.corroboration, f.title, f.breakdown_kind
    """,
    # the implied CNY/USD rate of a month is plausible
    "implied_rate_plausible": f"""
        WITH v AS (SELECT * FROM latest(?::DATE) WHERE measure = 'value' AND partner = 'WLD'
                   AND breakdown_kind = '' AND period_kind = 'month')
        SELECT c.flow, c.period, c.value / u.value AS rate,
               list_distinct([c.title, u.title]) AS releases
        FROM v c JOIN v u ON u.flow = c.flow AND u.period = c.period
        WHERE c.currency = 'CNY' AND u.currency = 'USD'
          AND NOT (c.value / u.value BETWEEN {RATE_BOUNDS[0]} AND {RATE_BOUNDS[1]})
          AND c.value > 1e11 AND u.value > 1e10
    """,
    # every figure belongs to a stored release (the store has no foreign key since 0003:
    # the single writer deletes a release's figures with it, in one transaction)
    "figures_have_a_release": """
        SELECT o.release_id, count(*) AS n, [] AS releases
        FROM observations o ANTI JOIN releases r USING (release_id)
        WHERE ?::DATE IS NULL OR TRUE
        GROUP BY o.release_id
    """,
}


def _describe(check: str, row: dict[str, Any]) -> tuple[str, str]:
    def b(x: float) -> str:
        return f"{x / 1e8:,.1f}e8"

    if check == "flows_add_up":
        key = (
            f"{row['partner']} {row['breakdown_code'] or ''} {row['period']} "
            f"{row['period_kind']} {row['currency']}".replace("  ", " ")
        )
        return key, (
            f"exports + imports = {b(row['parts'])} but total = {b(row['total'])} "
            f"(tolerance {b(row['tol'])})"
        )
    if check == "months_sum_to_ytd":
        key = (
            f"{row['flow']} {row['partner']} {row['breakdown_code'] or ''} {row['period']} "
            f"{row['currency']}".replace("  ", " ")
        )
        return key, (
            f"{row['n']} months sum to {b(row['months'])} but the year to date is "
            f"{b(row['ytd'])} (tolerance {b(row['tol'])})"
        )
    if check == "published_yoy_matches":
        key = (
            f"{row['flow']} {row['partner']} {row['breakdown_code'] or ''} {row['period']} "
            f"{row['period_kind']} {row['currency']}".replace("  ", " ")
        )
        return key, (
            f"published YoY {row['published']}% but stored figures give "
            f"{row['computed']}% (tolerance {row['tol']:.2f} pp)"
        )
    if check in ("tier_conflict", "quote_contradicts_official"):
        key = (
            f"{row['flow']} {row['partner']} {row['breakdown_code'] or ''} {row['period']} "
            f"{row['period_kind']} {row['currency']} {row['measure']}".replace("  ", " ")
        )

        def fig(x: float) -> str:
            return f"{x / 1e8:,.3f}e8" if abs(x) >= 1e6 else f"{x:g}"

        others = ", ".join(fig(x) for x in sorted(row["others"]))
        if check == "tier_conflict":
            return key, (
                f"tier-{row['tier']} reports of one release disagree: {fig(row['chosen'])} "
                f"({row['chosen_sources']} source(s) agree, in force: {row['chosen_title']}) "
                f"against {others} (at most {row['other_sources']} source(s))"
            )
        return key, (
            f"quoted {others} but the tier-{row['tier']} figure of the same release is "
            f"{fig(row['chosen'])} ({row['chosen_title']})"
        )
    if check == "partner_within_world":
        key = (
            f"{row['flow']} {row['partner']} {row['period']} {row['period_kind']} {row['currency']}"
        )
        return key, f"partner {b(row['partner_value'])} exceeds the world {b(row['world'])}"
    if check == "figures_have_a_release":
        key = f"release {row['release_id']}"
        return key, f"{row['n']} stored figure(s) belong to release {row['release_id']}, not stored"
    key = f"{row['flow']} {row['period']}"
    return key, f"implied CNY/USD rate {row['rate']:.3f} is outside {RATE_BOUNDS}"


def validate(
    store: Store, as_of: date | None = None, checks: list[str] | None = None
) -> list[Violation]:
    out: list[Violation] = []
    for name, sql in CHECKS.items():
        if checks and name not in checks:
            continue
        table = fetch_arrow(store.con, sql, [as_of])
        for row in table.to_pylist():
            key, message = _describe(name, row)
            out.append(Violation(name, key, message, sorted(row["releases"])))
    return out
