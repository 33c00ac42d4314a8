"""Which months each headline, partner, structure and commodity series holds, and which not.

A month GACC never publishes on its own (January and February alone, in years with one
combined January-February release) is not expected; it is listed with that reason. Months
held are counted by the source tier of the figure in force; each missing month says why.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ..errors import TradepulseError
from ..indicators import growth
from ..indicators.facts import Facts, Series
from ..model import Period
from ..store.db import Store, fetch_arrow, fetch_one

#: Years whose January and February came out only as one combined release.
COMBINED_JAN_FEB_FROM = 2020
FIRST_PERIOD = Period(2018, 1)

PARTNERS = (
    "ASEAN",
    "EU",
    "USA",
    "JPN",
    "KOR",
    "HKG",
    "TWN",
    "AUS",
    "RUS",
    "IND",
    "GBR",
    "DEU",
    "VNM",
    "BRA",
    "BRI",
    "RCEP",
    "LATAM",
    "AFRICA",
)
EXPORT_COMMODITIES = (
    "mech_elec",
    "high_tech",
    "labour_intensive",
    "integrated_circuits",
    "automobiles",
    "steel_products",
    "rare_earths",
    "textiles",
    "garments",
)
#: Goods GACC also counts in physical units (tonnes, vehicles): quantity and volume growth
QUANTITY_COMMODITIES = (
    ("import", "crude_oil"),
    ("import", "iron_ore"),
    ("import", "soybeans"),
    ("import", "natural_gas"),
    ("import", "coal"),
    ("export", "steel_products"),
    ("export", "rare_earths"),
    ("export", "automobiles"),
)
IMPORT_COMMODITIES = (
    "crude_oil",
    "iron_ore",
    "soybeans",
    "natural_gas",
    "coal",
    "integrated_circuits",
)


@dataclass(frozen=True)
class SeriesSpec:
    name: str
    flow: str
    partner: str
    breakdown_kind: str
    breakdown_code: str
    period_kind: str
    currency: str | None  # None: either currency counts
    measure: str


@dataclass
class SeriesCoverage:
    name: str
    months_expected: int
    months_present: int
    missing: list[str]
    not_published: dict[str, str] = field(default_factory=dict)
    #: missing months the indicator layer computes from published figures (indicators.facts:
    #: a month as its year to date less the one before, a year to date as the months
    #: summed, total trade as exports + imports, a level as the next year's over its growth;
    #: a growth rate from two levels), each with how in `missing_reasons`
    derivable: list[str] = field(default_factory=list)
    #: months held, by the tier of the figure in force ("1" … "4")
    held_by_tier: dict[str, list[str]] = field(default_factory=dict)
    #: why each missing month is missing
    missing_reasons: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def series_specs() -> list[SeriesSpec]:
    specs = []
    for kind in ("month", "ytd"):
        for currency in ("CNY", "USD"):
            for measure, mname in (("value", "value"), ("yoy_pct_published", "yoy")):
                for flow in ("total", "export", "import"):
                    specs.append(
                        SeriesSpec(
                            f"headline {flow} {kind} {currency} {mname}",
                            flow,
                            "WLD",
                            "",
                            "",
                            kind,
                            currency,
                            measure,
                        )
                    )
    for partner in PARTNERS:
        for measure, mname in (("value", "value"), ("yoy_pct_published", "yoy")):
            specs.append(
                SeriesSpec(
                    f"partner {partner} total ytd CNY {mname}",
                    "total",
                    partner,
                    "",
                    "",
                    "ytd",
                    "CNY",
                    measure,
                )
            )
    groups: tuple[tuple[str, tuple[str, ...]], ...] = (
        ("trade_mode", ("general", "processing")),
        ("enterprise_type", ("private", "state_owned", "foreign_invested")),
    )
    for kind_code, codes in groups:
        for code in codes:
            for measure, mname in (
                ("value", "value"),
                ("yoy_pct_published", "yoy"),
                ("share_pct_published", "share"),
            ):
                specs.append(
                    SeriesSpec(
                        f"{kind_code} {code} total ytd {mname}",
                        "total",
                        "WLD",
                        kind_code,
                        code,
                        "ytd",
                        None,
                        measure,
                    )
                )
    values = (("value", "value"), ("yoy_pct_published", "yoy"))
    quantities = (("quantity", "quantity"), ("quantity_yoy_pct_published", "volume yoy"))
    commodities = [
        *(
            (flow, code, values)
            for flow, codes in (("export", EXPORT_COMMODITIES), ("import", IMPORT_COMMODITIES))
            for code in codes
        ),
        *((flow, code, quantities) for flow, code in QUANTITY_COMMODITIES),
    ]
    for flow, code, measures in commodities:
        for measure, mname in measures:
            specs.append(
                SeriesSpec(
                    f"commodity {flow} {code} ytd {mname}",
                    flow,
                    "WLD",
                    "commodity",
                    code,
                    "ytd",
                    None,
                    measure,
                )
            )
    return specs


def not_published_reason(period: Period, kind: str) -> str | None:
    if period.year >= COMBINED_JAN_FEB_FROM:
        if period.month == 1:
            return "January is published only combined with February"
        if period.month == 2 and kind == "month":
            return "February alone is not published: only January-February combined"
    return None


def latest_period(store: Store) -> Period | None:
    row = fetch_one(
        store.con,
        "SELECT max(period) FROM latest(NULL) WHERE partner = 'WLD' AND breakdown_kind = '' "
        "AND measure = 'value'",
    )
    return Period.parse(row[0]) if row and row[0] else None


def coverage(store: Store, specs: list[SeriesSpec] | None = None) -> list[SeriesCoverage]:
    specs = specs or series_specs()
    last = latest_period(store)
    if last is None:
        return [SeriesCoverage(s.name, 0, 0, []) for s in specs]
    present = fetch_arrow(
        store.con,
        """SELECT flow, partner, breakdown_kind, breakdown_code, period_kind, currency,
                  measure, period, min(tier) AS tier, bool_or(standing = 'in_force') AS held
           FROM vintages(NULL) WHERE standing IN ('in_force', 'reported')
           GROUP BY ALL""",
    ).to_pylist()
    have: dict[tuple[str, ...], set[str]] = {}
    tier_of: dict[tuple[str, ...], dict[str, int]] = {}
    reported: dict[tuple[str, ...], set[str]] = {}
    for r in present:
        kinds = [r["period_kind"]]
        if r["period"].endswith("-01"):
            kinds = ["month", "ytd"]  # January alone is also the year to date
        for currency in (r["currency"], "*"):
            for kind in kinds:
                key = (
                    r["flow"],
                    r["partner"],
                    r["breakdown_kind"],
                    r["breakdown_code"],
                    kind,
                    currency,
                    r["measure"],
                )
                if not r["held"]:
                    reported.setdefault(key, set()).add(r["period"])
                    continue
                have.setdefault(key, set()).add(r["period"])
                tiers = tier_of.setdefault(key, {})
                tiers[r["period"]] = min(tiers.get(r["period"], 4), int(r["tier"]))
    facts = Facts(store)
    months: list[Period] = []
    p = FIRST_PERIOD
    while p <= last:
        months.append(p)
        p = p.shift_months(1)
    out = []
    for spec in specs:
        series_key = _key(spec)
        got = have.get(series_key, set())
        expected, missing, skipped = 0, [], {}
        for m in months:
            reason = not_published_reason(m, spec.period_kind)
            if reason:
                skipped[str(m)] = reason
                continue
            expected += 1
            if str(m) not in got:
                missing.append(str(m))
        derived = {
            m: how
            for m in missing
            if (how := _derivation(facts, spec, Period.parse(m))) is not None
        }
        by_tier: dict[str, list[str]] = {}
        for month, tier in sorted(tier_of.get(series_key, {}).items()):
            if month in got and not_published_reason(Period.parse(month), spec.period_kind) is None:
                by_tier.setdefault(str(tier), []).append(month)
        lone = reported.get(series_key, set())
        reasons = {
            m: (
                f"derivable: {derived[m]}"
                if m in derived
                else "only a lone tier-4 report (never in force)"
                if m in lone
                else "no source in the store"
            )
            for m in missing
        }
        out.append(
            SeriesCoverage(
                spec.name,
                expected,
                expected - len(missing),
                missing,
                skipped,
                [m for m in missing if m in derived],
                by_tier,
                reasons,
            )
        )
    return out


def _key(spec: SeriesSpec, **other: str) -> tuple[str, ...]:
    """The key of a series in `have`, with some of its fields replaced."""
    fields = {
        "flow": spec.flow,
        "partner": spec.partner,
        "breakdown_kind": spec.breakdown_kind,
        "breakdown_code": spec.breakdown_code,
        "period_kind": spec.period_kind,
        "currency": spec.currency or "*",
        "measure": spec.measure,
    }
    return tuple({**fields, **other}.values())


#: A growth rate the indicator layer computes counts as held only when its inputs' rounding
#: and revisions leave it within this many points (published rates are printed to 0.1).
DERIVED_RATE_SPREAD = 0.5
#: A derived level counts as held when rounding leaves it within this share of itself (a
#: month as the difference of two years to date printed in trillions may not be).
DERIVED_LEVEL_SPREAD = 0.01


def _derivation(facts: Facts, spec: SeriesSpec, period: Period) -> str | None:
    """How the indicator layer derives a missing figure from the published ones, or None:
    a level by the identities of indicators.facts, a growth rate computed from two levels."""
    currencies = (spec.currency,) if spec.currency else ("CNY", "USD")
    for currency in currencies:
        s = Series(
            spec.flow,
            spec.partner,
            spec.breakdown_kind,
            spec.breakdown_code,
            spec.period_kind,
            currency,
            "value",
        )
        if spec.measure == "value":
            fact = facts.as_base(s, period)  # the best determined of its derivations
            if fact is not None and fact.base_resolution / 2 <= DERIVED_LEVEL_SPREAD * abs(
                fact.value
            ):
                return fact.derived or "stored in the other period kind"
        elif spec.measure == "yoy_pct_published":
            try:
                result = growth.yoy(facts, s, period)
            except TradepulseError:
                continue
            if result.computed is not None and result.resolution <= 2 * DERIVED_RATE_SPREAD:
                return "computed from the level and the level a year before"
    return None
