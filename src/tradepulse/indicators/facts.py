"""The figures indicators read: the figures in force, with every input's provenance.

`Series` names one stored series (flow, partner, breakdown, period kind, currency,
measure). `Facts` answers "the figure for this series and period" with the observation and
its release, applying two identities GACC's tables rely on: January alone is also the year
to date, and total trade is exports plus imports (derived, with both inputs cited, only
when no total is published).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import numpy as np

from ..errors import DataNotFound, InvalidComparison
from ..model import GROUPS, Period, membership_at
from ..store.db import Store
from .memory import FactIndex, period_key, period_of

COMBINED_JAN_FEB_FROM = 2020


@dataclass(frozen=True)
class Series:
    flow: str = "total"
    partner: str = "WLD"
    breakdown_kind: str = ""
    breakdown_code: str = ""
    period_kind: str = "month"
    currency: str = "CNY"
    measure: str = "value"

    def with_(self, **changes: Any) -> Series:
        return replace(self, **changes)

    def key_tuple(self) -> tuple[str, ...]:
        """flow, partner, breakdown kind and code, currency, measure."""
        return tuple(self.key_args())

    def key_args(self) -> list[str]:
        """flow, partner, breakdown kind and code, currency, measure: the query filter."""
        return [
            self.flow,
            self.partner,
            self.breakdown_kind,
            self.breakdown_code,
            self.currency,
            self.measure,
        ]

    def describe(self) -> str:
        parts = [self.flow, self.partner]
        if self.breakdown_kind:
            parts.append(f"{self.breakdown_kind}:{self.breakdown_code}")
        parts += [self.period_kind, self.currency, self.measure]
        return " ".join(parts)


@dataclass(frozen=True)
class Input:
    """One stored figure an indicator used, with its release."""

    series: str
    period: str
    value: float
    unit: str
    resolution: float
    release_id: int
    release_title: str
    release_url: str
    published: str | None
    publisher: str
    #: the source tier of the release (sources/tiers.py) and how many independent
    #: sources agree on the figure
    tier: int | None = None
    corroboration: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Fact:
    series: Series
    period: Period
    value: float
    resolution: float
    inputs: tuple[Input, ...]
    derived: str = ""  # how it was derived, if not stored as such
    #: the spread from rounding alone, where `resolution` also allows for revision: a base
    #: implied by a later growth rate is the revised base that very rate was computed on,
    #: so as the base of a growth rate it carries no revision uncertainty
    rounding: float | None = None

    @property
    def base_resolution(self) -> float:
        """The spread to use when this figure is the base of a growth rate."""
        return self.resolution if self.rounding is None else self.rounding


#: How far (±, a share of it) a year-to-date figure moves when a later release revises its
#: months. Measured on the embedded data (244 months stored beside both years to date):
#: beyond rounding, Jan-M less Jan-(M-1) missed the month by up to 0.055% of the year to
#: date at the 90th percentile and 0.10% at the 95th (December 2018 exports: 0.17%).
YTD_REVISION_SHARE = 0.001


YTD_FROM_MONTH = "the year to date a month shorter plus the month"
YTD_FROM_MONTHS = "a year to date plus the months after it"
IMPLIED_BASE = "the level a year later over its published growth (the revised base)"

#: How far (±, a share of it) the base a later growth rate implies may lie from the figure
#: first published for that month: GACC revises a year's figures before they serve as the
#: next year's base. Measured on the embedded data (500 month and year-to-date levels held
#: beside the next year's level and rate): beyond rounding, 0.65% at the 90th percentile,
#: 1.0-1.1% at the 95th, 2.5-2.6% at the 99th (2022 dollar exports, revised in 2023).
IMPLIED_BASE_REVISION_SHARE = 0.03


def _membership_moves(partner: str, period: Period) -> bool:
    """Whether a group's membership may differ between `period` and a year later (a rate
    for the later year is then on another list: Belt and Road countries grew in 2023)."""
    if partner not in GROUPS:
        return False
    now, later = membership_at(partner, period), membership_at(partner, period.shift_years(1))
    return now is None or later is None or now != later or not now.fixed


def _summed_rounding(a: Fact, b: Fact) -> float | None:
    """The rounding-only spread of a sum or difference of two revised bases; None where
    either is a first-published figure (mixed vintages keep the revision allowance)."""
    if a.rounding is None or b.rounding is None:
        return None
    return a.rounding + b.rounding


def combined_jan_feb(period: Period) -> bool:
    return period.year >= COMBINED_JAN_FEB_FROM and period.month in (1, 2)


class Facts:
    """Read access to the figures in force (optionally as of a date, and without the
    releases in `withhold`: those quoted from the article being checked)."""

    def __init__(
        self,
        store: Store,
        as_of: date | None = None,
        withhold: frozenset[int] = frozenset(),
        max_tier: int = 4,
    ) -> None:
        self.store = store
        self.as_of = as_of
        self.withhold = withhold
        # every vintage is read once per store into memory (indicators.memory); what is in
        # force for this date and withholding is a mask over it, shared by every Facts of
        # the same date, so the many small lookups of an account or a check need no SQL
        self.index = FactIndex.of(store)
        self.state = self.index.state(as_of, withhold, max_tier)
        self._cache: dict[tuple[Series, str], Fact | None] = self.state.cache

    @property
    def view(self) -> str:
        """The figures in force as a DuckDB view, for set-based SQL (registered on use)."""
        return self.index.view(self.state, self.store)

    def _rows(self, s: Series, period: str, kind: str) -> range:
        return self.index.key_range(s.key_tuple(), period, kind)

    # --- single figures --------------------------------------------------------------

    def _row(self, s: Series, period: str) -> dict[str, Any] | None:
        kinds = [s.period_kind]
        if period.endswith("-01"):  # January alone is also the year to date
            kinds.append("ytd" if s.period_kind == "month" else "month")
        in_force = self.state.in_force
        for kind in kinds:
            for i in self._rows(s, period, kind):
                if in_force[i]:
                    return self.index.row(i)
        return None

    def _input(self, s: Series, period: str, row: dict[str, Any]) -> Input:
        published = row["published"]
        return Input(
            s.describe(),
            period,
            float(row["value"]),
            row["unit"],
            float(row["resolution"]),
            int(row["release_id"]),
            row["title"],
            row["source"],
            published.isoformat() if published else None,
            row["publisher"],
            row.get("tier"),
            row.get("corroboration"),
        )

    def find(self, s: Series, period: Period, derive_flows: bool = True) -> Fact | None:
        key = (s, str(period))
        if key in self._cache and (derive_flows or self._cache[key] is not None):
            return self._cache[key]
        row = self._row(s, str(period))
        if row is not None:
            fact: Fact | None = self._stored(s, period, row)
        else:
            # of the identities that apply, the one whose inputs leave the narrowest spread
            found = [f for f in self._derivations(s, period, derive_flows) if f is not None]
            fact = min(found, key=lambda f: f.resolution) if found else None
        if derive_flows or fact is not None:
            self._cache[key] = fact
        return fact

    def _stored(self, s: Series, period: Period, row: dict[str, Any]) -> Fact:
        derived = "" if row["period_kind"] == s.period_kind else "January alone is the YTD"
        return Fact(
            s,
            period,
            float(row["value"]),
            float(row["resolution"]),
            (self._input(s, str(period), row),),
            derived,
        )

    def as_base(self, s: Series, period: Period) -> Fact | None:
        """The figure to divide by in a growth rate: the stored one, else of the identities
        that apply the one whose rounding leaves the narrowest spread (a revised base is
        exact for a rate computed on it, though it may lie far from the first print)."""
        key = (s.with_(measure=f"{s.measure}:base"), str(period))
        if key in self._cache:
            return self._cache[key]
        fact = self.find(s, period)
        if fact is not None and self._row(s, str(period)) is None:
            found = [f for f in self._derivations(s, period, True) if f is not None]
            fact = min(found, key=lambda f: f.base_resolution) if found else fact
        self._cache[key] = fact
        return fact

    def _derivations(self, s: Series, period: Period, derive_flows: bool) -> list[Fact | None]:
        """Every way the identities give a figure not stored as such."""
        if s.measure != "value":
            return []
        out: list[Fact | None] = []
        if s.period_kind == "month" and period.month > 1 and not combined_jan_feb(period):
            # a month is its year to date minus the year to date a month shorter
            ytd = s.with_(period_kind="ytd")
            now, before = self.find(ytd, period), self.find(ytd, period.shift_months(-1))
            # never from a year to date that was itself built from a month (no chains)
            if (
                now is not None
                and before is not None
                and YTD_FROM_MONTH not in (now.derived, before.derived)
            ):
                # from two releases, the shorter year to date may since have been revised:
                # the difference carries that revision's uncertainty too
                releases = {i.release_id for i in now.inputs} != {
                    i.release_id for i in before.inputs
                }
                revision = 2 * YTD_REVISION_SHARE * abs(before.value) if releases else 0.0
                out.append(
                    Fact(
                        s,
                        period,
                        now.value - before.value,
                        now.resolution + before.resolution + revision,
                        now.inputs + before.inputs,
                        "year to date minus the year to date a month shorter",
                        rounding=_summed_rounding(now, before),
                    )
                )
        if s.period_kind == "ytd" and period.month > 1:
            out.append(self._ytd_from_months(s, period))
        if s.flow == "total":
            parts = [
                self.find(s.with_(flow=f), period, derive_flows=False) for f in ("export", "import")
            ]
            if parts[0] is not None and parts[1] is not None:
                out.append(
                    Fact(
                        s,
                        period,
                        parts[0].value + parts[1].value,
                        parts[0].resolution + parts[1].resolution,
                        parts[0].inputs + parts[1].inputs,
                        "exports + imports",
                        rounding=_summed_rounding(parts[0], parts[1]),
                    )
                )
        if derive_flows and s.flow in ("export", "import"):
            # one flow is the total minus the other ("trade with the US 4.18 trillion yuan,
            # exports 3.16 trillion": imports 1.02 trillion); the total must be stated, not
            # itself derived from the flows
            other = "import" if s.flow == "export" else "export"
            total = self.find(s.with_(flow="total"), period, derive_flows=False)
            part = self.find(s.with_(flow=other), period, derive_flows=False)
            if total is not None and part is not None and "exports + imports" not in total.derived:
                out.append(
                    Fact(
                        s,
                        period,
                        total.value - part.value,
                        total.resolution + part.resolution,
                        total.inputs + part.inputs,
                        f"total trade minus {other}s",
                        rounding=_summed_rounding(total, part),
                    )
                )
        out.append(self._implied_base(s, period))
        return out

    def _implied_base(self, s: Series, period: Period) -> Fact | None:
        """A level as the stored level a year later over its stored published growth rate:
        the base GACC computed that rate on (one step: neither input is derived)."""
        if _membership_moves(s.partner, period):
            return None
        later = str(period.shift_years(1))
        level = self._row(s, later)
        rate = self._row(s.with_(measure="yoy_pct_published"), later)
        if level is None or rate is None or float(rate["value"]) <= -100:
            return None
        factor = 1 + float(rate["value"]) / 100
        value = float(level["value"]) / factor
        # rounding: the level's own, and the rate's (printed to 0.1: ±0.05 points)
        rounding = (
            float(level["resolution"]) / factor
            + value * float(rate["resolution"] or 0.1) / 100 / factor
        )
        return Fact(
            s,
            period,
            value,
            rounding + 2 * IMPLIED_BASE_REVISION_SHARE * value,
            (
                self._input(s, later, level),
                self._input(s.with_(measure="yoy_pct_published"), later, rate),
            ),
            IMPLIED_BASE,
            rounding=rounding,
        )

    def _ytd_from_months(self, s: Series, period: Period) -> Fact | None:
        """A year to date as the latest stored year to date before it plus each month after
        it, or as all its months, every month stored or implied by the next year's rate (no
        other derivation). One stored month on a stored year to date is the case of a release
        that gave only the month."""
        month_s = s.with_(period_kind="month")
        months: list[Fact] = []
        p = period
        start: Fact | None = None
        while p.year == period.year:
            if p != period and (row := self._row(s, str(p))) is not None:
                start = self._stored(s, p, row)  # for January, the month alone
                break
            row = self._row(month_s, str(p))
            month = self._stored(month_s, p, row) if row is not None else None
            month = month or self._implied_base(month_s, p)
            if month is None:
                return None
            months.append(month)
            if p.month == 1:
                break
            p = p.shift_months(-1)
        if start is not None and len(months) == 1:
            (month,) = months
            if month.rounding is not None:
                return None  # a revised month on a first-printed year to date: not exact
            # from two releases, the shorter year to date may since have been revised
            same = {i.release_id for i in start.inputs} == {i.release_id for i in month.inputs}
            revision = 0.0 if same else 2 * YTD_REVISION_SHARE * abs(start.value)
            label = YTD_FROM_MONTH
        else:
            # a stored year to date and months from other releases: it may since be revised
            revision = 2 * YTD_REVISION_SHARE * abs(start.value) if start is not None else 0.0
            label = YTD_FROM_MONTHS
        parts = ([start] if start is not None else []) + months[::-1]
        return Fact(
            s,
            period,
            sum(f.value for f in parts),
            sum(f.resolution for f in parts) + revision,
            tuple(i for f in parts for i in f.inputs),
            label,
            # revised bases throughout: as a base, only their rounding counts
            rounding=(
                sum(f.rounding for f in months if f.rounding is not None)
                if start is None and all(f.rounding is not None for f in months)
                else None
            ),
        )

    def get(self, s: Series, period: Period) -> Fact:
        """The figure, or DataNotFound saying what is missing."""
        if s.period_kind == "month" and combined_jan_feb(period):
            raise InvalidComparison(
                f"{period} alone is not published: GACC releases January and February together",
                hint="use the year to date (--kind ytd) for February",
            )
        fact = self.find(s, period)
        if fact is None:
            raise DataNotFound(f"no figure for {s.describe()} {period}")
        return fact

    def first_reported(self, s: Series, period: Period) -> Input | None:
        """The earliest published vintage of a figure when it differs from the one in force
        (a later release revised it), else None."""
        allowed = self.state.allowed
        rows = [
            self.index.row(i)
            for i in self._rows(s, str(period), s.period_kind)
            if allowed[i] and self.index.authority[i] < 3
        ]
        if len(rows) < 2:
            return None
        current = rows[0]  # rows are in rank order: the first allowed one is in force
        rows.sort(
            key=lambda r: (r["published"] is None, r["published"] or date.min, r["release_id"])
        )
        first = rows[0]
        rounding = (first["resolution"] + current["resolution"]) / 2
        if first["published"] is None or abs(first["value"] - current["value"]) <= rounding:
            return None  # the same figure printed with other rounding is no revision
        if current["published"] is None or (
            current["published"].year,
            current["published"].month,
        ) <= (first["published"].year, first["published"].month):
            return None  # reports of one release that disagree are no revision
        return self._input(s, str(period), first)

    def other_vintages(
        self, s: Series, period: Period, published_by: date | None = None
    ) -> list[Input]:
        """The vintages of a figure other than the one in force, public by `published_by`
        (or of unknown date)."""
        st = self.state
        out = []
        for i in self._rows(s, str(period), s.period_kind):
            if not st.allowed[i] or st.in_force[i]:
                continue
            row = self.index.row(i)
            if published_by is None or row["published"] is None or row["published"] <= published_by:
                out.append(self._input(s, str(period), row))
        return out

    def withheld(self, s: Series, period: Period) -> list[Input]:
        """Figures for this series and period held back because their release is withheld
        (quoted from the article being checked)."""
        st = self.state
        return [
            self._input(s, str(period), self.index.row(i))
            for i in self._rows(s, str(period), s.period_kind)
            if st.withheld[i]
        ]

    # --- whole series (set-based, over the arrays in memory) ---------------------------

    def _series_rows(self, s: Series) -> np.ndarray:
        """Row numbers of the figures in force of a series, every period and period kind."""
        a, b = self.index.series_range(s.key_tuple())
        return a + np.flatnonzero(self.state.in_force[a:b])

    def values(self, s: Series) -> dict[str, float]:
        """Period → value in force, for the series' period kind, oldest first."""
        rows = self._series_rows(s)
        keys = self.index.period_key[rows]
        rows = rows[keys % 2 == (s.period_kind == "ytd")]
        return {
            period_of(k)[0]: v
            for k, v in zip(
                self.index.period_key[rows].tolist(), self.index.value[rows].tolist(), strict=True
            )
        }

    def near(self, s: Series, value: float, tol: float) -> list[dict[str, Any]]:
        """Figures in force of a series (any period and kind) within `tol` of a value, or
        within half their own rounding."""
        rows = self._series_rows(s)
        idx = self.index
        close = np.abs(idx.value[rows] - value) <= np.maximum(tol, idx.resolution[rows] / 2)
        out = []
        for i in rows[close].tolist():
            period, kind = period_of(idx.period_key[i])
            out.append(
                {
                    "period": period,
                    "period_kind": kind,
                    "value": float(idx.value[i]),
                    "resolution": float(idx.resolution[i]),
                }
            )
        return out

    def partners_near(self, s: Series, period: Period, value: float, tol: float) -> list[str]:
        """Partners other than the series' own whose figure in force (same flow, no
        breakdown, period, currency and measure) is within `tol` of a value."""
        idx = self.index
        rows = idx.rows_where(
            flow=s.flow, breakdown_kind="", currency=s.currency, measure=s.measure
        )
        rows = rows[
            (idx.period_key[rows] == period_key(str(period), s.period_kind))
            & self.state.in_force[rows]
        ]
        close = np.abs(idx.value[rows] - value) <= np.maximum(tol, idx.resolution[rows] / 2)
        partners = {idx.field("partner", i) for i in rows[close].tolist()}
        return sorted(partners - {s.partner})

    def history(self, s: Series) -> list[tuple[Period, float]]:
        """All periods of a series, oldest first."""
        return [(Period.parse(p), v) for p, v in sorted(self.values(s).items())]

    def latest_period(self, s: Series) -> Period | None:
        """The latest period of a series with any breakdown code (the code is ignored)."""
        idx = self.index
        rows = idx.rows_where(
            flow=s.flow,
            partner=s.partner,
            breakdown_kind=s.breakdown_kind,
            currency=s.currency,
            measure=s.measure,
        )
        keys = idx.period_key[rows[self.state.in_force[rows]]]
        keys = keys[keys % 2 == (s.period_kind == "ytd")]
        return Period.parse(period_of(keys.max())[0]) if len(keys) else None
