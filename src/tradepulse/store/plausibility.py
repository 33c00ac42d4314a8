"""Plausibility at the door: rules every release must pass before anything is written.

Readers check that an input is well formed; these rules check that its figures can be
true. They run on the whole batch at once, as DuckDB queries over one Arrow table of the
incoming observations (and, for the rules that need them, the figures already in force),
so their cost grows with the batch, not with a Python loop per figure.

Two kinds of rule:

- impossible figures (a level below zero, a fall of more than 100%, exports and imports
  that do not add up to their total, an unknown unit or partner, the same figure twice, a
  table cut short) are always refused;
- outliers (a jump of 50x or more against the series' stored neighbours, a rise of more
  than 1,000%) are refused unless the caller accepts outliers (`ingest
  --accept-outliers`): they are possible, but far likelier to be a typo or a wrong unit.

Each refusal names the release, the figure (its key and value) and the rule.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import duckdb
import pyarrow as pa

from ..errors import ImplausibleError
from ..model import GROUP_CODES, GROUPS, PARTNER_NAMES, QUANTITY_BASES
from ..sources.base import ParsedRelease
from .db import KEY_COLUMNS, Store

#: A figure larger than this is no trade statistic (China's yearly trade is about 4.4e13
#: yuan; the largest stored quantity about 5e11 pieces).
MAX_MAGNITUDE = 1e15
YOY_FLOOR, YOY_CEILING = -100.0, 1000.0
JUMP_FACTOR = 50.0
#: A figure within this many rounding steps of zero is too coarse to compare by ratio.
JUMP_MIN_STEPS = 20
#: Without a stated resolution, a sum may be off by this share of the total.
UNSTATED_ROUNDING = 5e-4
#: Formats whose tables have a fixed layout: a revision repeats every row of the table.
FIXED_LAYOUT_FORMATS = ("gacc-html", "gacc-text")

RULES: dict[str, str] = {
    "finite": f"a figure is a finite number within ±{MAX_MAGNITUDE:.0e} with a finite, "
    "non-negative resolution",
    "non_negative": "a level (value or quantity) is not negative",
    "yoy_floor": "a year-on-year change is not below -100%",
    "share_range": "a published share is between 0 and 100%",
    "flows_add_up": "exports + imports = total, within the rounding of the three figures",
    "parts_within_total": "an 'of which' row, a group's members, a partner or a breakdown "
    "is not larger than its total, within rounding",
    "unit_known": "the unit is the one its measure and currency take (yuan, dollar, percent, "
    "or a known quantity unit)",
    "partner_known": "the partner is an ISO 3166 alpha-3 code or a known group code",
    "duplicate_key": "one input gives each figure once",
    "truncated_table": "a revision of a fixed-layout table has every row its earlier release had",
    "yoy_ceiling": "a year-on-year change is not above +1,000% (outlier)",
    "magnitude_jump": f"a level is within {JUMP_FACTOR:.0f}x of the same series' stored "
    "adjacent months and same month of adjacent years (outlier)",
}
OUTLIER_RULES = frozenset({"yoy_ceiling", "magnitude_jump"})

INCOMING_SCHEMA = pa.schema(
    [
        ("rel", pa.int32()),
        ("reporter", pa.string()),
        ("flow", pa.string()),
        ("partner", pa.string()),
        ("breakdown_kind", pa.string()),
        ("breakdown_scheme", pa.string()),
        ("breakdown_code", pa.string()),
        ("period", pa.string()),
        ("period_kind", pa.string()),
        ("currency", pa.string()),
        ("measure", pa.string()),
        ("unit", pa.string()),
        ("value", pa.float64()),
        ("resolution", pa.float64()),
        ("part_of", pa.string()),
    ]
)
_KEY = ", ".join(KEY_COLUMNS)
_SIBLING = ", ".join(k for k in KEY_COLUMNS if k != "flow")
_LABEL = (
    "concat_ws(' ', flow, partner, nullif(breakdown_code, ''), period, period_kind, "
    "nullif(currency, ''), measure)"
)
_MONTH_INDEX = (
    "(TRY_CAST(substr(period, 1, 4) AS INT) * 12 + TRY_CAST(substr(period, 6, 2) AS INT))"
)

#: Each rule as one query over `inc` (incoming observations) and `rels` (their releases);
#: each returns rel, key, value and a detail for every figure that breaks it.
CHECKS: dict[str, str] = {
    "finite": f"""
        SELECT rel, {_LABEL} AS key, value,
               CASE WHEN value IS NULL OR isnan(value) THEN 'not a number'
                    WHEN NOT isfinite(value) THEN 'infinite'
                    WHEN abs(value) > {MAX_MAGNITUDE} THEN 'beyond ±{MAX_MAGNITUDE:.0e}'
                    ELSE 'resolution ' || resolution::VARCHAR END AS detail
        FROM inc
        WHERE value IS NULL OR isnan(value) OR NOT isfinite(value)
           OR abs(value) > {MAX_MAGNITUDE}
           OR resolution IS NULL OR isnan(resolution) OR NOT isfinite(resolution)
           OR resolution < 0""",
    "non_negative": f"""
        SELECT rel, {_LABEL} AS key, value, 'a negative level' AS detail FROM inc
        WHERE measure IN ('value', 'quantity') AND flow <> 'balance' AND value < 0""",
    "yoy_floor": f"""
        SELECT rel, {_LABEL} AS key, value, 'a fall of more than 100%' AS detail FROM inc
        WHERE measure LIKE '%yoy%' AND value < {YOY_FLOOR}""",
    "yoy_ceiling": f"""
        SELECT rel, {_LABEL} AS key, value, 'a rise of more than 1,000%' AS detail FROM inc
        WHERE measure LIKE '%yoy%' AND value > {YOY_CEILING}""",
    "share_range": f"""
        SELECT rel, {_LABEL} AS key, value, 'a share outside 0-100%' AS detail FROM inc
        WHERE measure LIKE 'share%' AND (value < 0 OR value > 100)""",
    "flows_add_up": f"""
        WITH t AS (SELECT * FROM inc WHERE flow = 'total' AND measure = 'value'),
             e AS (SELECT * FROM inc WHERE flow = 'export' AND measure = 'value'),
             i AS (SELECT * FROM inc WHERE flow = 'import' AND measure = 'value')
        SELECT t.rel, concat_ws(' ', 'total', t.partner, nullif(t.breakdown_code, ''),
                                t.period, t.period_kind, t.currency) AS key, t.value,
               format('exports {{:.6g}} + imports {{:.6g}} = {{:.6g}}', e.value, i.value,
                      e.value + i.value)
                   AS detail
        FROM t JOIN e USING (rel, {_SIBLING}) JOIN i USING (rel, {_SIBLING})
        WHERE abs(t.value - (e.value + i.value)) > CASE
            WHEN least(t.resolution, e.resolution, i.resolution) = 0
                THEN {UNSTATED_ROUNDING} * abs(t.value)
            ELSE (t.resolution + e.resolution + i.resolution) / 2 + 1e-9 * abs(t.value) END""",
    "parts_within_total": f"""
        WITH v AS (SELECT * FROM inc WHERE measure = 'value' AND isfinite(value)),
        parts AS (
            -- "of which" rows under the row they belong to
            SELECT p.rel, p.flow, p.period, p.period_kind, p.currency,
                   w.partner || '|' || w.breakdown_code AS whole,
                   p.partner || '|' || p.breakdown_code AS part, p.value, p.resolution
            FROM v p JOIN v w ON w.rel = p.rel AND w.flow = p.flow AND w.period = p.period
                AND w.period_kind = p.period_kind AND w.currency = p.currency
                AND w.partner || '|' || w.breakdown_code = p.part_of
            UNION
            -- a dated group's listed members under the group
            SELECT p.rel, p.flow, p.period, p.period_kind, p.currency, g.grp || '|',
                   p.partner || '|', p.value, p.resolution
            FROM v p JOIN members g ON g.member = p.partner
                AND p.period BETWEEN g.start_period AND g.end_period
            WHERE p.breakdown_kind = ''
            UNION
            -- each partner, and each breakdown row, under the world's total
            SELECT rel, flow, period, period_kind, currency,
                   'WLD|' || partner || '|' || breakdown_code,
                   partner || '|' || breakdown_code, value, resolution
            FROM v WHERE partner <> 'WLD' OR breakdown_kind <> ''),
        totals AS (
            SELECT rel, flow, period, period_kind, currency,
                   partner || '|' || breakdown_code AS whole, value, resolution FROM v
            UNION ALL
            SELECT w.rel, w.flow, w.period, w.period_kind, w.currency,
                   'WLD|' || p.part, w.value, w.resolution
            FROM v w JOIN (SELECT DISTINCT rel, partner || '|' || breakdown_code AS part
                           FROM v WHERE partner <> 'WLD' OR breakdown_kind <> '') p
                USING (rel)
            WHERE w.partner = 'WLD' AND w.breakdown_kind = ''),
        summed AS (
            SELECT rel, flow, period, period_kind, currency, whole, sum(value) AS parts,
                   sum(resolution) / 2 AS slack, min(resolution) AS finest, count(*) AS n
            FROM parts GROUP BY ALL)
        SELECT s.rel, concat_ws(' ', s.flow, split_part(s.whole, '|', 1),
                                nullif(split_part(s.whole, '|', 2), ''),
                                nullif(split_part(s.whole, '|', 3), ''), s.period,
                                s.period_kind, s.currency) AS key,
               s.parts AS value,
               format('{{}} part(s) sum to {{:.6g}}, over their total {{:.6g}}', s.n, s.parts,
                      t.value)
                   AS detail
        FROM summed s JOIN totals t USING (rel, flow, period, period_kind, currency, whole)
        WHERE s.parts > t.value + CASE
            WHEN least(s.finest, t.resolution) = 0 THEN {UNSTATED_ROUNDING} * abs(t.value)
            ELSE s.slack + t.resolution / 2 + 1e-9 * abs(t.value) END""",
    "unit_known": f"""
        SELECT rel, {_LABEL} AS key, value, 'unit ' || unit AS detail FROM inc
        WHERE NOT CASE
            WHEN measure = 'value' THEN (currency = 'CNY' AND unit = 'yuan')
                                     OR (currency = 'USD' AND unit = 'dollar')
            WHEN measure = 'quantity' THEN unit IN (SELECT unit FROM quantity_units)
            WHEN measure LIKE '%pct%' THEN unit = 'percent'
            ELSE false END""",
    "partner_known": f"""
        SELECT rel, {_LABEL} AS key, value, 'partner ' || partner AS detail FROM inc
        WHERE partner NOT IN (SELECT code FROM partner_codes)""",
    "duplicate_key": f"""
        SELECT rel, {_LABEL} AS key, any_value(value) AS value,
               format('given {{}} times ({{}})', count(*),
                      string_agg(format('{{:.6g}}', value), ', '))
                   AS detail
        FROM inc GROUP BY rel, {_KEY} HAVING count(*) > 1""",
    "truncated_table": """
        WITH stored AS (
            SELECT r.table_id, o.partner, o.breakdown_code
            FROM observations o JOIN releases r USING (release_id)
            WHERE r.table_id IN (SELECT table_id FROM rels)
              AND r.release_id = (SELECT max(release_id) FROM releases x
                                  WHERE x.table_id = r.table_id)
              AND r.source_format IN (SELECT fmt FROM fixed_formats)
            GROUP BY ALL),
        incoming AS (SELECT DISTINCT i.rel, r.table_id, i.partner, i.breakdown_code
                     FROM inc i JOIN rels r USING (rel)
                     WHERE r.source_format IN (SELECT fmt FROM fixed_formats))
        SELECT r.rel, r.table_id AS key, count(*)::DOUBLE AS value,
               format('holds {} of the {} rows of the stored release of this table; '
                      || 'missing, e.g., {}', (SELECT count(*) FROM incoming i
                                               WHERE i.rel = r.rel),
                      (SELECT count(*) FROM stored s2 WHERE s2.table_id = r.table_id),
                      min(concat_ws(' ', s.partner, nullif(s.breakdown_code, '')))) AS detail
        FROM rels r JOIN stored s USING (table_id)
        WHERE r.source_format IN (SELECT fmt FROM fixed_formats)
          AND NOT EXISTS (SELECT 1 FROM incoming i WHERE i.rel = r.rel
                          AND i.partner = s.partner AND i.breakdown_code = s.breakdown_code)
        GROUP BY r.rel, r.table_id""",
    "magnitude_jump": f"""
        WITH lv AS (
            SELECT rel, {_KEY}, unit, value, {_MONTH_INDEX} AS m FROM inc
            WHERE measure IN ('value', 'quantity') AND value > 0 AND isfinite(value)
              AND value >= {JUMP_MIN_STEPS} * resolution),
        known AS (
            SELECT -1 AS rel, {_KEY}, unit, value, {_MONTH_INDEX} AS m FROM {{stored}}
            WHERE measure IN ('value', 'quantity') AND value > 0
              AND value >= {JUMP_MIN_STEPS} * resolution
            UNION ALL
            SELECT rel, {_KEY}, unit, value, m FROM lv),
        nb AS (
            SELECT l.rel, {", ".join(f"l.{k}" for k in KEY_COLUMNS)}, l.value,
                   min(k.value) AS low, max(k.value) AS high, count(*) AS n
            FROM lv l JOIN known k ON k.rel <> l.rel AND k.unit = l.unit
                AND k.m IN (l.m - 12, l.m - 1, l.m, l.m + 1, l.m + 12)
                AND {" AND ".join(f"k.{c} = l.{c}" for c in KEY_COLUMNS if c != "period")}
            GROUP BY ALL)
        SELECT rel, {_LABEL} AS key, value,
               format('{{}} neighbour(s) in the store or batch lie between {{:.6g}} and '
                      || '{{:.6g}}', n, low, high) AS detail
        FROM nb
        WHERE value >= {JUMP_FACTOR} * high OR value * {JUMP_FACTOR} <= low""",
}


@dataclass(frozen=True)
class Finding:
    rule: str
    release: str
    key: str
    value: float | None
    detail: str

    @property
    def outlier(self) -> bool:
        return self.rule in OUTLIER_RULES

    def describe(self) -> str:
        value = "" if self.value is None else f" = {self.value:.6g}"
        return (
            f"{self.key}{value} breaks rule {self.rule} ({RULES[self.rule]}): {self.detail}; "
            f"release {self.release!r}"
        )


@cache
def partner_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-3 codes (pycountry) plus the project's own group codes."""
    import pycountry

    iso = {c.alpha_3 for c in pycountry.countries}
    return frozenset(iso | set(GROUP_CODES) | set(PARTNER_NAMES.values()))


def _group_members() -> pa.Table:
    rows = [
        {
            "grp": group,
            "member": member,
            "start_period": str(version.start),
            "end_period": str(version.end) if version.end else "9999-12",
        }
        for group, versions in GROUPS.items()
        for version in versions
        if version.members
        for member in sorted(version.members)
    ]
    return pa.Table.from_pylist(rows)


def incoming_table(releases: Sequence[ParsedRelease]) -> pa.Table:
    """The batch's observations as one Arrow table, `rel` indexing `releases`."""
    columns: dict[str, list[Any]] = {f.name: [] for f in INCOMING_SCHEMA}
    for index, parsed in enumerate(releases):
        obs = parsed.observations
        columns["rel"].extend([index] * len(obs))
        for name in INCOMING_SCHEMA.names[1:]:
            default = "" if name == "part_of" else None
            columns[name].extend(o.get(name, default) for o in obs)
    try:
        return pa.table(columns, schema=INCOMING_SCHEMA)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        reason = " ".join(str(exc).split())[:160]
        raise ImplausibleError(f"a figure is not of the stored types: {reason}") from exc


def _release_table(releases: Sequence[ParsedRelease]) -> pa.Table:
    return pa.table(
        {
            "rel": pa.array(range(len(releases)), pa.int32()),
            "table_id": [r.meta.table_id for r in releases],
            "source_format": [r.meta.source_format for r in releases],
        }
    )


def _new_releases(releases: Sequence[ParsedRelease], store: Store) -> list[ParsedRelease]:
    """The releases not already stored: an identical re-ingest stores nothing new, so it
    is not judged again against figures stored after it."""
    hashes = pa.table({"h": [r.meta.content_hash for r in releases]})
    store.con.register("incoming_hashes", hashes)
    try:
        known = {
            row[0]
            for row in store.con.execute(
                "SELECT content_hash FROM releases WHERE content_hash IN "
                "(SELECT h FROM incoming_hashes)"
            ).fetchall()
        }
    finally:
        store.con.unregister("incoming_hashes")
    return [r for r in releases if r.meta.content_hash not in known]


def findings(
    releases: Sequence[ParsedRelease], store: Store | None = None, rules: Sequence[str] = ()
) -> list[Finding]:
    """Every figure in the batch that breaks a rule (all rules unless `rules` names some).

    With a store, the rules that look beyond the batch (neighbours, truncated revisions)
    compare with the figures it holds; without one, with the batch alone.
    """
    if store is not None:
        releases = _new_releases(releases, store)
    if not releases:
        return []
    wanted = [r for r in CHECKS if not rules or r in rules]
    con = store.con if store is not None else duckdb.connect(":memory:")
    names = ("inc", "rels", "members", "quantity_units", "partner_codes", "fixed_formats")
    views = {
        "inc": incoming_table(releases),
        "rels": _release_table(releases),
        "members": _group_members(),
        "quantity_units": pa.table({"unit": sorted(QUANTITY_BASES)}),
        "partner_codes": pa.table({"code": sorted(partner_codes())}),
        "fixed_formats": pa.table({"fmt": list(FIXED_LAYOUT_FORMATS)}),
    }
    out: list[Finding] = []
    try:
        for name, table in views.items():
            con.register(name, table)
        has_store = store is not None
        stored = (
            "latest(NULL)"
            if has_store
            else f"(SELECT {_KEY}, unit, value, resolution FROM inc WHERE false)"
        )
        for rule in wanted:
            if rule == "truncated_table" and not has_store:
                continue
            try:
                rows = con.execute(CHECKS[rule].replace("{stored}", stored)).fetchall()
            except duckdb.Error as exc:  # a reader's figures of a shape no rule expects
                reason = " ".join(str(exc).split())[:160]
                raise ImplausibleError(f"the figures cannot be checked ({rule}): {reason}") from exc
            for rel, key, value, detail in rows:
                title = releases[int(rel)].meta.title
                out.append(Finding(rule, title, str(key), value, str(detail)))
    finally:
        for name in names:
            with contextlib.suppress(duckdb.Error):
                con.unregister(name)
        if store is None:
            con.close()
    return sorted(out, key=lambda f: (f.rule in OUTLIER_RULES, f.release, f.key, f.rule))


def check(
    releases: Sequence[ParsedRelease],
    store: Store | None = None,
    *,
    accept_outliers: bool = False,
) -> list[Finding]:
    """Refuse the batch if any figure breaks a rule; returns the outliers accepted.

    Outliers (OUTLIER_RULES) are refused too unless `accept_outliers`.
    """
    found = findings(releases, store)
    refused = [f for f in found if not (accept_outliers and f.outlier)]
    if refused:
        first = refused[0]
        others = Counter(f.rule for f in refused[1:])
        listed = ", ".join(f"{rule} {n}" for rule, n in sorted(others.items()))
        more = f" (and {len(refused) - 1} more: {listed})" if others else ""
        hint = (
            "Nothing was stored. If the figure is right, ingest again with --accept-outliers."
            if first.outlier and all(f.outlier for f in refused)
            else None
        )
        raise ImplausibleError(f"implausible figure{more}: {first.describe()}", hint=hint)
    return [f for f in found if f.outlier]
