"""The month's account, written from indicator results only.

Each sentence is a template whose every number is an indicator `Result` (with its inputs
and releases). A sentence whose data are missing is left out, never filled with a guess.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..errors import DataNotFound, InvalidComparison
from ..indicators import (
    Facts,
    Result,
    Series,
    acceleration,
    balance,
    level,
    ranking,
    record,
    share,
    streak,
    yoy,
)
from ..model import Period
from . import wording as w


@dataclass(frozen=True)
class Number:
    text: str
    result: Result


@dataclass
class Sentence:
    template: str  # "{}" marks each number, in order
    numbers: list[Number]

    @property
    def text(self) -> str:
        text = self.template.format(*(n.text for n in self.numbers))
        return text[:1].upper() + text[1:]


@dataclass
class Section:
    name: str
    title: str
    sentences: list[Sentence] = field(default_factory=list)


@dataclass
class Bulletin:
    period: Period
    currencies: tuple[str, ...]
    title: str
    sections: list[Section]
    charts: dict[str, dict[str, Any]] = field(default_factory=dict)

    def numbers(self) -> list[Number]:
        return [n for s in self.sections for sent in s.sentences for n in sent.numbers]


def attempt(fn: Callable[..., Result], *args: Any, **kwargs: Any) -> Result | None:
    try:
        return fn(*args, **kwargs)
    except (DataNotFound, InvalidComparison):
        return None


#: A rate tradepulse computes (none published) is printed only when the rounding and
#: revisions of its inputs leave it within this many points: "fell 3.8%" from a base two
#: rounded years to date imply to ±2 points would state more than the record holds.
MAX_PRINTED_RATE_SPREAD = 0.5


def growth_rate(facts: Facts, s: Series, period: Period) -> Result | None:
    """The year-on-year rate to print: the published one, or a computation the inputs
    determine to ±MAX_PRINTED_RATE_SPREAD points."""
    g = attempt(yoy, facts, s, period)
    if g is not None and g.published is None and g.resolution / 2 > MAX_PRINTED_RATE_SPREAD:
        return None
    return g


TERMS = {"CNY": "in yuan terms", "USD": "in dollar terms"}
FLOW_NOUN = {"total": "China's goods trade", "export": "exports", "import": "imports"}


class Composer:
    def __init__(self, facts: Facts, period: Period, currencies: tuple[str, ...]) -> None:
        self.facts = facts
        self.period = period
        self.currencies = currencies

    # --- building blocks -------------------------------------------------------------

    def _growth_clause(self, s: Series, *, lead: str) -> Sentence | None:
        """'<lead> rose 7.8% to 3.09 trillion yuan' (either number may be missing)."""
        g = growth_rate(self.facts, s, self.period)
        v = attempt(level, self.facts, s, self.period)
        if g is None and v is None:
            return None
        nums: list[Number] = []
        parts = [lead]
        if g is not None:
            if round(g.value, 1) == 0:
                parts.append("held steady ({}) year on year")
            else:
                parts.append(f"{w.growth_verb(g.value)} {{}} year on year")
            nums.append(Number(w.rate(g.value), g))
            if "first_reported" in g.params:
                parts.append("(first reported as {})")
                nums.append(Number(w.rate(float(g.params["first_reported"])), g))
            if v is not None:
                parts.append("to {}")
                nums.append(Number(w.amount(v.value, s.currency, v.resolution), v))
        else:
            assert v is not None
            parts.append("totalled {}")
            nums.append(Number(w.amount(v.value, s.currency, v.resolution), v))
        return Sentence(" ".join(parts), nums)

    @staticmethod
    def _join(sentences: list[Sentence | None], glue: str, end: str = ".") -> Sentence | None:
        parts = [s for s in sentences if s is not None]
        if not parts:
            return None
        template = glue.join(p.template for p in parts) + end
        template = template[0].upper() + template[1:]
        return Sentence(template, [n for p in parts for n in p.numbers])

    # --- sections --------------------------------------------------------------------

    def headline(self) -> Section:
        sec = Section("headline", "The month")
        name = w.period_name(self.period, "month")
        for i, cur in enumerate(self.currencies):
            base = Series(period_kind="month", currency=cur)
            lead = (
                f"In {name}, China's goods trade"
                if i == 0
                else f"{TERMS[cur].capitalize()}, China's goods trade"
            )
            total = self._growth_clause(base, lead=lead)
            if total is not None and i == 0:
                total.template = total.template.replace(
                    " year on year", f" year on year {TERMS[cur]}", 1
                )
            flows = [
                self._growth_clause(base.with_(flow=f), lead=f"{FLOW_NOUN[f]}")
                for f in ("export", "import")
            ]
            for s in (total, self._join(flows, ", while ")):
                if s is not None:
                    if not s.template.endswith("."):
                        s.template += "."
                    sec.sentences.append(s)
        return sec

    def year_to_date(self) -> Section:
        sec = Section("ytd", "The year to date")
        if self.period.month == 1:
            return sec
        name = w.period_name(self.period, "ytd")
        for cur in self.currencies:
            s = Series(period_kind="ytd", currency=cur)
            v, g = (
                attempt(level, self.facts, s, self.period),
                growth_rate(self.facts, s, self.period),
            )
            if v is None and g is None:
                continue
            template, nums = f"In {name}, trade {TERMS[cur]} totalled {{}}", []
            if v is None:
                template = f"In {name}, trade {TERMS[cur]} was {{}} year on year"
                assert g is not None
                nums.append(Number(w.change_phrase(g.value), g))
            else:
                nums.append(Number(w.amount(v.value, cur, v.resolution), v))
                if g is not None:
                    template += ", {} year on year"
                    nums.append(Number(w.change_phrase(g.value), g))
            acc = attempt(acceleration, self.facts, s, self.period)
            if acc is not None and g is not None:
                prev = round(float(acc.params["previous_yoy"]), 1)
                now = round(g.value, 1)
                prev_name = w.short_period(self.period.shift_months(-1), "ytd")
                if prev < 0 <= now:
                    template += f", reversing a decline of {{}} in {prev_name}"
                elif now > prev:
                    template += f", accelerating from {{}} in {prev_name}"
                elif now < prev:
                    template += f", slowing from {{}} in {prev_name}"
                else:
                    template += f", the same pace as in {prev_name} ({{}})"
                nums.append(Number(w.rate(prev), acc))
            sec.sentences.append(Sentence(template + ".", nums))
            flows = [
                self._growth_clause(s.with_(flow=f), lead=FLOW_NOUN[f])
                for f in ("export", "import")
            ]
            joined = self._join(flows, "; ")
            if joined is not None:
                sec.sentences.append(joined)
        return sec

    def trade_balance(self) -> Section:
        sec = Section("balance", "The balance")
        for kind in ("month", "ytd"):
            # in the first currency that has it (a month may have only MOFCOM's dollars)
            found = (
                (cur, attempt(balance, self.facts, self.period, kind=kind, currency=cur))
                for cur in self.currencies
            )
            for cur, b in found:
                if b is None:
                    continue
                noun = "surplus" if b.value >= 0 else "deficit"
                template = f"The trade {noun} in {w.short_period(self.period, kind)} was {{}}"
                nums = [Number(w.amount(abs(b.value), cur, b.resolution), b)]
                if "change_pct" in b.params and b.value > 0:
                    template += ", {} from a year earlier"
                    nums.append(Number(w.change_phrase(b.params["change_pct"]), b))
                sec.sentences.append(Sentence(template + ".", nums))
                break
        return sec

    def partners(self) -> Section:
        sec = Section("partners", "Partners")
        cur = "CNY" if "CNY" in self.currencies else self.currencies[0]
        kind = "ytd" if self.period.month > 1 else "month"
        base = Series(period_kind=kind, currency=cur)
        try:
            ranked, res = ranking(self.facts, base, self.period)
        except (DataNotFound, InvalidComparison):
            return sec
        if not {"ASEAN", "EU", "USA"} <= {r.code for r in ranked}:
            return self._partners_unranked(base, kind, cur)  # an incomplete ranking misleads
        top = ranked[:3]
        first = top[0]
        verb = (
            "remained" if first.previous_rank == 1 else ("became" if first.previous_rank else "was")
        )
        rank_number = Number(w.partner_name(first.code), res)
        template = (
            "{} " + f"{verb} China's largest trading partner in "
            f"{w.short_period(self.period, kind)}, with trade of {{}}"
        )
        s0 = base.with_(partner=first.code)
        lv0 = level(self.facts, s0, self.period)
        nums = [rank_number, Number(w.amount(first.value, cur, lv0.resolution), lv0)]
        g = growth_rate(self.facts, s0, self.period)
        if g is not None:
            template += ", {}"
            nums.append(Number(w.change_phrase(g.value), g))
        sh = attempt(share, self.facts, s0, self.period)
        if sh is not None:
            template += ", {} of the total"
            nums.append(Number(f"{sh.value:.1f}%", sh))
        followers = []
        for r in top[1:]:
            s = base.with_(partner=r.code)
            lv = level(self.facts, s, self.period)
            piece, pnums = (
                f"{w.partner_name(r.code)} ({{}}",
                [Number(w.amount(r.value, cur, lv.resolution), lv)],
            )
            g2 = growth_rate(self.facts, s, self.period)
            if g2 is not None:
                piece += ", {}"
                pnums.append(Number(w.change_phrase(g2.value), g2))
            followers.append((piece + ")", pnums))
        if followers:
            template += "; it was followed by " + " and ".join(p for p, _ in followers)
            for _, pn in followers:
                nums.extend(pn)
        sec.sentences.append(Sentence(template + ".", nums))
        for code in ("BRI", "RCEP"):
            s = base.with_(partner=code)
            clause = self._growth_clause(s, lead=f"Trade with {w.partner_name(code)}")
            if clause is not None:
                clause.template += "."
                sec.sentences.append(clause)
        return sec

    def _partners_unranked(self, base: Series, kind: str, cur: str) -> Section:
        sec = Section("partners", "Partners")
        for code in ("ASEAN", "EU", "USA", "BRI", "RCEP"):
            clause = self._growth_clause(
                base.with_(partner=code), lead=f"Trade with {w.partner_name(code)}"
            )
            if clause is not None:
                clause.template += "."
                sec.sentences.append(clause)
        return sec

    def structure(self) -> Section:
        sec = Section("structure", "Structure")
        kind = "ytd" if self.period.month > 1 else "month"
        for cur in ("CNY", "USD"):
            if cur not in self.currencies:
                continue
            found = False
            for bkind, code, lead in (
                ("trade_mode", "general", "General trade"),
                ("trade_mode", "processing", "Processing trade"),
                ("enterprise_type", "private", "Private firms' trade"),
                ("enterprise_type", "foreign_invested", "Foreign-invested firms' trade"),
                ("enterprise_type", "state_owned", "State-owned firms' trade"),
            ):
                s = Series(
                    period_kind=kind, currency=cur, breakdown_kind=bkind, breakdown_code=code
                )
                clause = self._growth_clause(s, lead=lead)
                sh = attempt(share, self.facts, s, self.period)
                if clause is None:
                    continue
                found = True
                if sh is not None:
                    clause.template += ", {} of the total"
                    clause.numbers.append(Number(f"{sh.value:.1f}%", sh))
                    change = sh.params.get("change_pp")
                    if isinstance(change, float) and abs(change) >= 0.05:
                        clause.template += (
                            " ({} points "
                            + ("more" if change > 0 else "less")
                            + " than a year earlier)"
                        )
                        clause.numbers.append(Number(f"{abs(change):.1f}", sh))
                clause.template = (
                    f"In {w.short_period(self.period, kind)}, "
                    + clause.template[0].lower()
                    + clause.template[1:]
                    + "."
                )
                sec.sentences.append(clause)
            if found:
                break
        return sec

    def commodities(self) -> Section:
        sec = Section("commodities", "Goods")
        kind = "ytd" if self.period.month > 1 else "month"
        for cur in ("CNY", "USD"):
            if cur not in self.currencies:
                continue
            found = False
            for flow, code, lead in (
                ("export", "mech_elec", "exports of mechanical and electrical products"),
                ("export", "high_tech", "exports of high-tech products"),
                ("export", "labour_intensive", "exports of labour-intensive products"),
                ("import", "crude_oil", "crude oil imports"),
                ("import", "integrated_circuits", "imports of integrated circuits"),
            ):
                s = Series(
                    flow=flow,
                    period_kind=kind,
                    currency=cur,
                    breakdown_kind="commodity",
                    breakdown_code=code,
                )
                clause = self._growth_clause(s, lead=lead)
                if clause is None:
                    continue
                found = True
                sh = attempt(share, self.facts, s, self.period)
                if sh is not None and code in ("mech_elec", "high_tech", "labour_intensive"):
                    clause.template += ", {} of all exports"
                    clause.numbers.append(Number(f"{sh.value:.1f}%", sh))
                clause.template = (
                    f"In {w.short_period(self.period, kind)}, " + clause.template + "."
                )
                sec.sentences.append(clause)
            movers = self._movers(kind, cur)
            if movers is not None:
                sec.sentences.append(movers)
                found = True
            if found:
                break
        return sec

    def _movers(self, kind: str, cur: str) -> Sentence | None:
        """Notable risers and fallers among the period's commodity rows."""
        from ..store.db import fetch_arrow

        rows = fetch_arrow(
            self.facts.store.con,
            f"""SELECT flow, breakdown_code, breakdown_label, value FROM {self.facts.view}
               WHERE breakdown_kind = 'commodity' AND measure = 'yoy_pct_published'
                 AND period = ? AND period_kind = ? AND currency = ? AND flow = 'export'
                 AND breakdown_code NOT IN ('mech_elec', 'high_tech', 'agricultural',
                                            'labour_intensive')
               ORDER BY value DESC""",
            [str(self.period), kind, cur],
        ).to_pylist()
        if len(rows) < 6:
            return None
        picks = rows[:2] + rows[-2:]
        results = []
        for r in picks:
            s = Series(
                flow="export",
                period_kind=kind,
                currency=cur,
                breakdown_kind="commodity",
                breakdown_code=r["breakdown_code"],
            )
            g = growth_rate(self.facts, s, self.period)
            if g is None:
                return None
            results.append((r["breakdown_label"].lower(), g))
        (n1, g1), (n2, g2), (n3, g3), (n4, g4) = results
        return Sentence(
            f"Among the main exports, {n1} ({{}}) and {n2} ({{}}) grew fastest, while "
            f"{n4} ({{}}) and {n3} ({{}}) fared worst.",
            [
                Number(w.change_phrase(g1.value), g1),
                Number(w.change_phrase(g2.value), g2),
                Number(w.change_phrase(g4.value), g4),
                Number(w.change_phrase(g3.value), g3),
            ],
        )

    def momentum(self) -> Section:
        sec = Section("momentum", "Momentum")
        for cur in self.currencies:
            for flow in ("export", "import", "total"):
                s = Series(flow=flow, period_kind="month", currency=cur)
                st = attempt(streak, self.facts, s, self.period)
                if st is None or st.value < 2:
                    continue
                noun = {"total": "Total trade", "export": "Exports", "import": "Imports"}[flow]
                direction = "grew" if st.params["direction"] == "growth" else "fell"
                at_least = "at least " if st.params["at_least"] else ""
                sec.sentences.append(
                    Sentence(
                        f"{noun} {TERMS[cur]} {direction} year on year for {at_least}the {{}} "
                        "month in a row.",
                        [Number(w.ordinal(int(st.value)), st)],
                    )
                )
            rec = attempt(record, self.facts, Series(flow="export", currency=cur), self.period)
            if rec is not None and rec.params["kind"] == "highest":
                since = Period.parse(str(rec.params["since"]))
                if rec.params["record_of_history"]:
                    tail = (
                        f"the highest in the stored record (since {w.MONTHS[since.month - 1]}"
                        f" {since.year})"
                    )
                elif (self.period.year - since.year) * 12 + self.period.month - since.month >= 12:
                    tail = f"the highest since {w.MONTHS[since.month - 1]} {since.year}"
                else:
                    continue
                sec.sentences.append(
                    Sentence(
                        f"Monthly exports {TERMS[cur]}, at {{}}, were {tail}.",
                        [Number(w.amount(rec.value, cur, rec.resolution), rec)],
                    )
                )
        return sec


def compose(facts: Facts, period: Period, currencies: tuple[str, ...] = ("CNY", "USD")) -> Bulletin:
    c = Composer(facts, period, currencies)
    sections = [
        c.headline(),
        c.year_to_date(),
        c.trade_balance(),
        c.partners(),
        c.structure(),
        c.commodities(),
        c.momentum(),
    ]
    sections = [s for s in sections if s.sentences]
    if not sections:
        raise DataNotFound(f"the store holds no headline figures for {period}")
    title = f"China's foreign trade in {w.period_name(period, 'month')}"
    return Bulletin(period, currencies, title, sections)
