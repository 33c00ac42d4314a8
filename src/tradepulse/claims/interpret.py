"""Interpretation: what each numeric mention claims (metric, flow, subject, period, basis),
read from its sentence and carried over from the sentences before it."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from itertools import pairwise
from typing import Any

from ..model import MONTH_NAMES, Period
from . import vocabulary as v
from .discourse import DEFAULTED, STATED, Reading, Structure, structure
from .extract import Mention

MONTHS_RE = "|".join(sorted(MONTH_NAMES, key=len, reverse=True))
ABBREVIATIONS = re.compile(
    r"(?:\bU\.S|\bU\.K|\bNo|\bSt|\bMr|\bMs|\bDr|\bvs|\bJan|\bFeb|\bMar|"
    r"\bApr|\bJun|\bJul|\bAug|\bSep|\bSept|\bOct|\bNov|\bDec|\bCo|"
    r"\bInc|\bLtd|\be\.g|\bi\.e)\.$"
)


@dataclass(frozen=True)
class ClaimPeriod:
    start: Period
    end: Period
    kind: str  # month | ytd | quarter | year

    def as_dict(self) -> dict[str, str]:
        return {"start": str(self.start), "end": str(self.end), "kind": self.kind}

    @property
    def series_kind(self) -> str:
        return "month" if self.kind == "month" else "ytd"


@dataclass
class Claim:
    mention: Mention
    sentence_span: tuple[int, int]
    sentence: str
    metric: str = "other"
    flow: str | None = None
    partner: str = "WLD"
    commodity: str | None = None
    trade_mode: str | None = None
    enterprise_type: str | None = None
    period: ClaimPeriod | None = None
    period_text: str = ""
    currency: str | None = None
    currency_stated: bool = False
    sign: int = 1
    base_year: int | None = None
    converts: int | None = None  # index of the claim an amount in brackets converts
    volume: bool = False  # a growth rate of quantities ("fell 7.9% to 88 million tons")
    ambiguous: bool = False  # read as world trade while its sentence names other subjects
    compared: bool = False  # a comparison base ("after a 3% rise in May"): its period stays
    base_of: bool = False  # the prior year's figure the current one is compared with
    article_basis: str | None = None  # the one currency all the article's amounts are in
    subject_text: str = ""  # an untracked subject the figure is about ("mobile phones")
    out_of_scope: str = ""
    notes: list[str] = field(default_factory=list)
    #: how each element was read: period, flow, subject, metric, currency
    readings: dict[str, Reading] = field(default_factory=dict)
    #: competing readings (fields to change, what they are), tried before a figure is
    #: called wrong
    alternatives: list[tuple[dict[str, Any], str]] = field(default_factory=list)

    @property
    def claimed_value(self) -> float | None:
        """The claimed figure in base units (yuan, dollars, percent), signed."""
        m = self.mention
        if m.number is None:
            return None
        return self.sign * m.number * m.scale


def other_currency(currency: str | None) -> str:
    """The other basis of the two GACC publishes in."""
    return "USD" if currency == "CNY" else "CNY"


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: split at . ! ? before a capital or digit, and at blank lines;
    decimals ("7.8") and abbreviations ("U.S.", "Dec.") do not end a sentence. A year
    followed by a capitalised "Exports" or "Imports" ends one too: scraped pages drop
    full stops ("… in November 2018 Imports dropped 3.1% …"), or their space ("from
    US.China's exports")."""
    spans = []
    start = 0
    for m in re.finditer(
        r"[.!?](?=\s+[\"“(]?[A-Z0-9])|\n\s*\n(?!\s*[a-z])|\n(?=\s*[-*•]\s)|"
        r"(?<=\b20\d\d)(?= (?:Exports|Imports) [a-z])|"
        r"(?<=[a-z]{2}|US|EU|UK)\.(?=(?:China|Chinese|The|Exports|Imports|Trade)\b)|"
        # a photo caption's credit ends its line's sentence ("… Jan 3, 2024./CFP")
        r"(?:/\s*(?:CFP|IC|VCG|Xinhua|AFP|Reuters|Getty Images)|\bvia Getty Images|"
        r"\((?:photo|file photo)[^)\n]*\))[ \t]*\n",
        text,
    ):
        end = m.end()
        if m.group(0) == "." and ABBREVIATIONS.search(text[max(0, end - 6) : end]):
            continue
        if text[start:end].strip():
            spans.append((start, end))
        start = end
    if text[start:].strip():
        spans.append((start, len(text)))
    return [piece for span in spans for piece in _bounded(text, span)]


#: No real sentence is this long (the longest in the development articles is about 820
#: characters); a longer run of text is read in pieces, so that the work per figure stays
#: bounded and reading stays linear in the article's length.
MAX_SENTENCE = 2000


def _bounded(text: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    """A span cut into pieces of at most MAX_SENTENCE characters, at a clause break or a
    space where there is one."""
    a, b = span
    out = []
    while b - a > MAX_SENTENCE:
        cut = max(text.rfind(";", a, a + MAX_SENTENCE), text.rfind(", ", a, a + MAX_SENTENCE))
        if cut <= a + MAX_SENTENCE // 2:
            cut = text.rfind(" ", a, a + MAX_SENTENCE)
        cut = cut + 1 if cut > a + MAX_SENTENCE // 2 else a + MAX_SENTENCE
        out.append((a, cut))
        a = cut
    out.append((a, b))
    return out


# --- periods ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodHit:
    start: int
    end: int
    kind: str  # month | ytd | quarter | year | last_month | this_year | same | missing_n
    month: int | None
    year: int | None
    text: str


def _num_word(text: str) -> int | None:
    t = text.strip().lower()
    if t.isdigit():
        return int(t)
    return v.NUMBER_WORDS.get(t)


PERIOD_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        "ytd",
        rf"\b(?:the )?first (?P<n>\d{{1,2}}|{'|'.join(v.NUMBER_WORDS)})?\s*months"
        rf"(?: of (?:the year|this year|(?P<y>20\d\d)))?",
    ),
    ("ytd", r"\b(?P<n>\d{1,2}|" + "|".join(v.NUMBER_WORDS) + r")?-?\s*month period"),
    (  # "the number was 15.8% in the seven months" (not "the past 12 months", a window)
        "ytd",
        r"\b(?:in|during|over|for) the (?P<n>\d{1,2}|"
        + "|".join(v.NUMBER_WORDS)
        + r") months\b(?! (?:to|ended|ending|through)\b)",
    ),
    (
        "ytd",
        r"\b(?:first|1st) three quarters(?: of (?P<y>20\d\d))?|\bQ1-Q3\b|"
        r"\bQ1-3\b|\bthree quarters\b",
    ),
    ("ytd6", r"\b(?:first half|H1|1H)(?: of (?:(?P<y>20\d\d)|this year|the year))?"),
    (
        "ytd3",
        r"\bfirst quarter(?: of (?:(?P<y>20\d\d)|this year|the year))?|"
        r"\bQ1\b(?: (?P<y2>20\d\d))?",
    ),
    (
        "quarter",
        r"\b(?:the )?(?P<q>second|third|fourth|2nd|3rd|4th) quarter(?: of (?P<y>20\d\d))?|"
        r"\bQ(?P<qn>[234])\b(?: (?P<y2>20\d\d))?",
    ),
    (
        "ytdrange",
        rf"\b(?:jan(?:uary)?\.?)\s?(?:-|–|—|to|through|and)\s?(?P<m>{MONTHS_RE})\.?"
        rf"(?:,? (?:of )?(?P<y>20\d\d))?(?: period)?",
    ),
    (  # "exceeded $1 trillion through November": the year to date (not "the 12 months
        # through", a window, nor "from August through November")
        "ytdthrough",
        rf"\b(?:through|thru) (?P<m>{MONTHS_RE})\b(?:,? (?:of )?(?P<y>20\d\d))?",
    ),
    (
        "year",
        r"\b(?:in|for|of|during) (?P<y>20\d\d)\b(?!\s?(?:-|–)\s?\d|\s?to\s?(?:19|20)\d\d\b)|"
        r"\b(?:for |in )?(?:the )?full (?P<y6>20\d\d)\b|"
        r"\b(?P<y2>20\d\d) as a whole|"
        r"\bfull[- ]year(?: (?P<y3>20\d\d))?|\bwhole year(?: of (?P<y4>20\d\d))?|"
        r"\b(?P<y5>20\d\d)(?:'s)?\s+(?=(?:trade|exports|imports|surplus|deficit|"
        r"foreign|total)\b)",
    ),
    ("last_year", r"\blast year\b|\b(?:the )?previous year\b|\bthe past year\b"),
    (
        "the_year",
        r"\b(?:for|over|in|during) the (?:whole |full |entire )?year\b|"
        r"\bfull-year\b|(?<!inter-)\bannual(?:ly)?\b(?! (?:increase|growth|rise|decline|basis))",
    ),
    ("last_month", r"\blast month\b"),
    (
        "prev_month",
        r"\bthe (?:previous|prior|preceding) month\b|\ba month (?:ago|before|earlier)\b|"
        r"\bthe month (?:before|prior)\b",
    ),
    ("this_year", r"\bthis year\b|\bso far this year\b|\byear[- ]to[- ]date\b"),
    ("same", r"\b(?:during|in|over) (?:the|this) (?:same |reviewed |review |reporting )?period\b"),
    ("month", rf"\b(?P<m>{MONTHS_RE})\.?(?: alone)?(?:,? (?:of )?(?P<y>20\d\d))?\b"),
)


def find_periods(sentence: str, offset: int) -> list[PeriodHit]:
    """The period phrases of a sentence, by position (positions shifted by offset)."""
    return list(_find_periods(sentence, offset))


@lru_cache(maxsize=256)
def _find_periods(sentence: str, offset: int) -> tuple[PeriodHit, ...]:
    hits: list[PeriodHit] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in PERIOD_PATTERNS:
        for m in re.finditer(pattern, sentence, re.I):
            a, b = m.span()
            if any(a < e and b > s for s, e in taken):
                continue
            lead = sentence[max(0, a - 40) : a]
            if (
                re.search(
                    r"(?:same (?:period|month|quarter|time)|compared (?:to|with)|than|\bfrom|"
                    r"\bover|versus|\bsince)\s*(?:of|in|last)?\s*(?:the\s+)?$",
                    lead,
                    re.I,
                )
                and kind in ("year", "month", "last_year")
                and not re.match(
                    r"['’]s\s+(?:\w+\s+){0,2}(?:US\$|USD|RMB|CNY|\$|¥)?\s?[-\d]",
                    sentence[b : b + 30],
                )
            ):
                # a comparison base, not the period the figure is about — unless a figure
                # of its own follows ("higher than November's 5.9% increase")
                continue
            groups = m.groupdict()
            if (groups.get("y5") or m.group(0).lower().startswith("of ")) and re.search(
                rf"\b(?:{MONTHS_RE})\.?,?\s*$", sentence[:a], re.I
            ):
                continue  # "in November 2018 Imports …", "September of 2018": the month's
            year = next(
                (int(groups[g]) for g in ("y", "y2", "y3", "y4", "y5", "y6") if groups.get(g)),
                None,
            )
            month = None
            k = kind
            if kind == "ytd" and "n" in groups and "month" in m.group(0).lower():
                n = _num_word(groups["n"] or "")
                if n is None:
                    # "accelerating from an increase of 1.1% in the first [10] months": the
                    # comparison is with the year to date a month shorter
                    k = (
                        "missing_n_prev"
                        if re.search(
                            r"accelerat\w* from|slow\w* from|from an? (?:increase|decline|rise)|"
                            r"up from|down from|compared with",
                            sentence[max(0, a - 70) : a],
                            re.I,
                        )
                        else "missing_n"
                    )
                month = n
            elif kind == "ytd":
                month = 9
            elif kind == "ytd6":
                k, month = "ytd", 6
            elif kind == "ytd3":
                k, month = "ytd", 3
            elif kind == "quarter":
                q = {"second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}.get(
                    (groups.get("q") or "").lower(), int(groups.get("qn") or 0)
                )
                month = 3 * q
            elif kind == "ytdrange":
                k, month = "ytd", MONTH_NAMES[groups["m"].lower().rstrip(".")]
            elif kind == "ytdthrough":
                if re.search(rf"\bmonths?\s*$|\b(?:{MONTHS_RE})\.?\s*$", lead, re.I):
                    continue  # "the 12 months through November", "August through November"
                k, month = "ytd", MONTH_NAMES[groups["m"].lower()]
            elif kind == "month":
                word = groups["m"].lower()
                if word == "may" and not re.match(r"May\b", m.group(0)):
                    continue  # the verb "may"
                month = MONTH_NAMES[word]
            elif kind == "year":
                month = 12
            taken.append((a, b))
            hits.append(PeriodHit(offset + a, offset + b, k, month, year, m.group(0)))
    return tuple(sorted(hits, key=lambda h: h.start))


def latest_before(article_date: date) -> Period:
    """The latest month GACC had published by a date (releases come ~7-14 days after the
    month ends)."""
    p = Period(article_date.year, article_date.month).shift_months(-1)
    if article_date.day < 7:
        p = p.shift_months(-1)
    return p


def resolve(hit: PeriodHit, article_date: date | None, text_year: int | None) -> ClaimPeriod | None:
    """A period expression as a concrete period, using the article's date for the year."""
    latest = latest_before(article_date) if article_date else None
    if hit.kind == "last_month" and latest:
        return ClaimPeriod(latest, latest, "month")
    if hit.kind == "this_year" and latest:
        return ClaimPeriod(Period(latest.year, 1), latest, "ytd")
    if hit.kind == "the_year" and latest:
        y = latest.year if latest.month == 12 else latest.year - 1
        return ClaimPeriod(Period(y, 1), Period(y, 12), "year")
    if hit.kind == "last_year" and article_date:
        y = article_date.year - 1
        return ClaimPeriod(Period(y, 1), Period(y, 12), "year")
    if hit.kind == "missing_n" and latest:
        return ClaimPeriod(Period(latest.year, 1), latest, "ytd")
    if hit.kind == "missing_n_prev" and latest:
        shorter = latest.shift_months(-1)
        return ClaimPeriod(Period(shorter.year, 1), shorter, "ytd")
    if hit.month is None:
        return None
    year = hit.year
    if year is None and article_date is not None:
        # a month named bare is the latest of that name before the article's month (an
        # article dated the 6th, US time, may report a release of the 7th, Beijing time)
        named = Period(article_date.year, article_date.month).shift_months(-1)
        year = named.year if hit.month <= named.month else named.year - 1
    if year is None:
        year = text_year
    if year is None:
        return None
    end = Period(year, hit.month)
    if hit.kind == "month":
        return ClaimPeriod(end, end, "month")
    if hit.kind == "quarter":
        return ClaimPeriod(end.shift_months(-2), end, "quarter")
    if hit.kind == "year" or (hit.kind == "ytd" and hit.month == 12):
        return ClaimPeriod(Period(year, 1), Period(year, 12), "year")
    return ClaimPeriod(Period(year, 1), end, "ytd")


# --- subjects ---------------------------------------------------------------------------

CLAUSE_BREAK = re.compile(r";|, while |, whereas | while | whereas |, but |, and |, with ")


# Each sentence is indexed once (clause breaks, named subjects, flow words, periods) and
# every figure in it looks up what lies before it: reading stays linear in the article.


@lru_cache(maxsize=256)
def _clause_breaks(sentence: str) -> list[int]:
    return [m.end() for m in CLAUSE_BREAK.finditer(sentence)]


def _clause_start(sentence: str, rel: int) -> int:
    ends = _clause_breaks(sentence)
    i = bisect_right(ends, rel)
    return ends[i - 1] if i else 0


@lru_cache(maxsize=1024)
def _named(sentence: str, pairs: tuple[tuple[str, str], ...]) -> list[tuple[int, int, int, str]]:
    """Every subject of a vocabulary the sentence names: (start, end, rank in the
    vocabulary, code), by position."""
    found = [
        (m.start(), m.end(), rank, code)
        for rank, (code, pattern) in enumerate(pairs)
        for m in re.finditer(pattern, sentence, re.I)
    ]
    return sorted(found)


def _named_in(sentence: str, pairs: tuple[tuple[str, str], ...], a: int, b: int) -> list[str]:
    """Codes of the subjects named wholly within sentence[a:b]."""
    return [code for s, e, _, code in _named(sentence, pairs) if s >= a and e <= b]


def _last_match(pattern: str, text: str) -> re.Match[str] | None:
    found = None
    for m in re.finditer(pattern, text, re.I):
        found = m
    return found


def _named_after(lead: str, rest: str, pairs: tuple[tuple[str, str], ...]) -> str | None:
    """The subject named right after `lead` at the start of `rest`, or None."""
    m = re.match(lead, rest, re.I)
    if m is None:
        return None
    named = rest[m.end() : m.end() + 40]
    return next((code for code, p in pairs if re.match(p, named, re.I)), None)


#: words after a figure that hand it to a party named next: "… was attributable to"
ATTRIBUTED_TO = (
    # (past nothing but the figure's own rate: no other amount, no "of which")
    r"(?:(?!of which|trillion|billion|million)[^.;]|\.(?=\d)){0,50}?"
    r"\b(?:(?:was|were|is|are)\s+)?(?:attributable to|contributed by|"
    r"accounted for by|generated by)\s+(?:the\s+)?"
)


def _partner_after(rest: str) -> str | None:
    """The partner of a figure's own noun phrase after it ("… drop in Chinese imports from
    US"), when nothing else comes between."""
    lead = (
        r"\s*(?:year[- ]on[- ]year|on[- ]year|y/y)?\s*(?:drop|fall|decline|rise|increase|"
        r"growth|jump|slump)\s+in\s+(?:China's\s+|Chinese\s+)?(?:exports?|imports?|"
        r"shipments|trade)\s+(?:to|from|with)\s+(?:the\s+)?"
    )
    return _named_after(lead, rest, v.PARTNERS)


def _partner_of_trade_verb(clause: str, rest: str) -> str | None:
    """'China imported 200.163 billion dollars (about 251 trillion won) from Korea': the
    partner after an amount whose verb is 'imported' or 'exported'."""
    if not re.search(r"\b(?:imported|exported|bought|sold)\s*$", clause, re.I):
        return None
    lead = r"\s*(?:\([^)]*\)\s*)?(?:worth of goods\s+)?(?:from|to)\s+(?:the\s+)?"
    return _named_after(lead, rest, v.PARTNERS)


def _commodity_after(rest: str) -> str | None:
    """Goods named right after an amount: '… RMB1.81 trillion ($259.91 billion) of
    integrated circuits'."""
    return _named_after(r"\s*(?:\([^)]*\)\s*)?(?:worth\s+)?of\s+", rest, v.COMMODITIES)


def _subject(sentence: str, rel: int, pairs: tuple[tuple[str, str], ...]) -> str | None:
    found = _subject_at(sentence, rel, pairs)
    return found[1] if found else None


@lru_cache(maxsize=1024)
def _bullet_label(sentence: str, pairs: tuple[tuple[str, str], ...]) -> tuple[int, int, str] | None:
    """A labelled bullet ("* Soybeans: July imports at 9.73 mmt …"): where its label ends,
    where it starts and the subject it names."""
    heading = re.match(r"\s*[-*•]?\s*([^:\d]{2,40}):", sentence)
    if heading is None:
        return None
    for code, pattern in pairs:
        if re.search(pattern, heading.group(1), re.I):
            return (heading.end(), heading.start(1), code)
    return None


def _subject_at(
    sentence: str, rel: int, pairs: tuple[tuple[str, str], ...]
) -> tuple[int, str] | None:
    """The subject named last before the mention in its clause; if the clause refers back
    ("with their exports ..."), the subject named earlier in the sentence."""
    offset = _clause_start(sentence, rel)  # positions returned are the sentence's
    clause = sentence[offset:rel]
    named = [n for n in _named(sentence, pairs) if n[1] <= rel]
    in_clause = [n for n in named if n[0] >= offset]
    label = _bullet_label(sentence, pairs)
    if label and label[0] <= rel and not in_clause:
        # a labelled bullet ("* Soybeans: July imports at 9.73 mmt …; Jan-July imports at
        # 62.3 mmt"): its label is the subject of every figure in it
        return (label[1], label[2])
    if re.search(r"\b(?:their|its|they|them)\b", clause, re.I):
        in_clause, offset = named, 0
    elif not in_clause:
        # a list ("..., with integrated circuits at 905 billion yuan, up 23.3%"): the subject
        # named last before the figure, if no other figure stands between them
        if not named:
            return None
        last = max(n[0] for n in named)
        found = min((n for n in named if n[0] == last), key=lambda n: n[2])
        # (years named between are no figures: "fell 4% in 2019, with exports down 3%")
        between = [
            x
            for x in re.findall(r"\d[\d,.]*", sentence[found[0] : rel])
            if not re.fullmatch(r"(?:19|20)\d\d[,.]?", x)
        ]
        if len(between) > 2:
            return None  # the subject's own amount and growth may stand between, no more
        return (found[0], found[3])
    best: tuple[int, int, str] | None = None
    for start, end, rank, code in in_clause:
        if DATELINE.match(sentence[end : min(end + 16, rel)]):
            continue  # "HONG KONG (AP) —" says where the story was filed
        if re.search(
            r"(?:(?:differ\w*|distinct\w*|apart|aside|away)\s+from|than|versus|vs\.?|"
            r"unlike|rather than)\s+(?:the\s+)?$",
            sentence[max(offset, start - 25) : start],
            re.I,
        ):
            continue  # "differentiated from processing trade"
        if best is None or start > best[0] or (start == best[0] and rank < best[1]):
            best = (start, rank, code)
    return (best[0], best[2]) if best else None


@lru_cache(maxsize=256)
def _flow_words(sentence: str) -> tuple[list[int], list[str | None]]:
    asides = [m.span(1) for m in APPOSITIVE.finditer(sentence)]
    found = [
        m for m in v.FLOW_RE.finditer(sentence) if not any(a <= m.start() < b for a, b in asides)
    ]
    return [m.end() for m in found], [m.lastgroup for m in found]


#: an aside after a flow named as the subject: "The trade surplus with the US, China's
#: largest export market, widened", "China's surplus, the value of goods it sold abroad
#: versus its imports, reached": its flow words describe, they do not govern the figure
APPOSITIVE = re.compile(
    r"\b(?:surplus|deficit|exports|imports|trade)\b[^,;.\d]{0,30}"
    r"(,\s+(?:the|a|an|its|China['’]s|the country['’]s)\s[^,;.\d]{3,90},)",
    re.I,
)


def _flow(sentence: str, rel: int) -> str | None:
    ends, flows = _flow_words(sentence)
    i = bisect_right(ends, rel)
    if i:
        return flows[i - 1]
    after = v.FLOW_RE.search(sentence[rel : rel + 40])
    return after.lastgroup if after else None


#: the noun phrase a figure heads: "a 4% gain in exports", "$220bn in imports", "a $63
#: billion trade surplus", "$310bn of outbound shipments"
GOVERNED_FLOW = re.compile(
    r"\s*(?:(?:year[- ]on[- ]year|on[- ]year|y/y)\s+)?(?:(?:gain|rise|increase|drop|fall|"
    r"decline|growth|jump|slump|surge|expansion|contraction)\s+in\s+(?:China['’]s\s+|"
    r"Chinese\s+|its\s+|the\s+country['’]s\s+)?|(?:worth\s+)?(?:in|of)\s+)"
    r"(?:(?P<export>exports|outbound shipments|shipments abroad)|(?P<import>imports|purchases"
    r"|inbound shipments))\b(?!\s+and\s+(?:exports|imports))"
    r"|\s*(?:(?:goods\s+)?trade\s+)?(?P<balance>surplus|deficit|gap)\b",
    re.I,
)


def _governed_flow(sentence: str, end_rel: int) -> str | None:
    m = GOVERNED_FLOW.match(sentence, end_rel)
    return m.lastgroup if m else None


def _untracked_group(
    sentence: str, rel: int, partner_at: tuple[int, str] | None, nearest: tuple[int, str] | None
) -> str | None:
    """A group the data do not model named in the figure's clause: the whole sentence up
    to the figure when a list of its members follows the group ("-- A, B and C")."""
    start = _clause_start(sentence, rel)
    found = None
    for m in v.UNTRACKED_GROUP_RE.finditer(sentence, start, rel):
        found = m
    if found is None:
        return None
    named = max((at[0] for at in (partner_at, nearest) if at), default=None)
    # a member named after the group only belongs to it through a list ("-- A, B")
    if (
        named is not None
        and named > found.end()
        and not re.search(
            r"--|—|–|:|\(|\bnamely\b|\bsuch as\b|\bincluding\b", sentence[found.end() : named]
        )
    ):
        return None
    return found.group(0)


def _window(sentence: str, rel: int, end_rel: int, before: int = 70, after: int = 45) -> str:
    return sentence[
        max(_clause_start(sentence, rel), rel - before) : min(len(sentence), end_rel + after)
    ]


#: Words just before an amount that make it a change in level, not a level.
CHANGE_BEFORE = re.compile(
    r"\b(?:(?:growth|increase) (?:volume|amount)(?: in (?:19|20)\d\d)?\s+"
    r"(?:reached|was|stood at|amounted to|totall?ed)|"  # "the growth volume in 2021 reached"
    r"(?:increase|rise|growth|decrease|decline|drop|fall|expansion)\s+(?:of|in)\s+"
    r"(?:[^.,;%\d]{0,50}?\s+)?(?:reached|was|stood at|amounted to|totall?ed)|"
    r"(?:increased|rose|grew|expanded|decreased|declined|fell|dropped|shrank|up|down)\s+by|"
    r"(?:an?\s+)?(?:increase|rise|decrease|decline|drop|fall)\s+of)\s*"
    r"(?:about|around|nearly|over|more than|some|almost|roughly)?\s*"
    r"(?:RMB|CNY|US\$|\$|¥|\(dollar\))?\s*$",
    re.I,
)

#: "reached $6.05 trillion, up $1.4 trillion from the previous year": "up" or "down"
#: before an amount that a comparison with an earlier period follows is a change too
CHANGE_UP_FROM = re.compile(r"\b(?:up|down)\s*$", re.I)
CHANGE_FROM_AFTER = re.compile(
    r"\s*(?:from|over|on|compared (?:with|to))\s+(?:the\s+|a\s+)?"
    r"(?:previous|prior|last|same|year|month)\b",
    re.I,
)

#: Words before a figure that make it the comparison base ("after a 3% rise in the previous
#: month"): its period is not carried to the next sentence.
COMPARED_FIGURE = re.compile(
    r"\b(?:compared (?:with|to)|after|following|versus|vs\.?|up from|down from|than|"
    r"improvement (?:on|from|over))"
    r"\s+(?:an?\s+|the\s+)?(?:\w+\s+)?$",
    re.I,
)


#: Words between a figure and a later period that make the period a comparison's
#: ("exports rise 25.6% y/y, above forecasts and July's gain").
COMPARISON_BETWEEN = re.compile(
    r"\b(?:above|below|than|compared|versus|vs|after|following|against|from|beating|"
    r"missing|topping|surpassing|exceeding|outpacing)\b",
    re.I,
)


#: an amount followed by these is the prior year's ("$44bn in the same month a year
#: earlier", "$12bn in the same period a year ago", "$30bn a year earlier")
PRIOR_YEAR_AFTER = re.compile(
    r"\s*(?:\)\s*)?(?:(?:in|during|for|over)\s+the\s+same\s+(?:month|period|quarter|time"
    r"|months)(?:\s+(?:of\s+)?(?:a year (?:earlier|ago|before)|last year|of (?:the previous|"
    r"the prior|last) year|(?:in|of) 20\d\d))|(?:a|one) year (?:earlier|ago|before))",
    re.I,
)

#: "from a year earlier" says what the rate is, not what it is compared with
YEAR_AGO = re.compile(
    r"\b(?:from|over|compared (?:with|to)|against) (?:a|one|the) (?:year|twelve months) "
    r"(?:earlier|ago|before)|\b(?:from|over|compared (?:with|to)) the (?:same|corresponding) "
    r"(?:period|month|time)(?: (?:of|in) (?:the previous|a|last) year| a year (?:ago|earlier))?",
    re.I,
)


WORLD_CUE = re.compile(
    r"\b(?:China['’]s|the country['’]s)\s+(?:total\s+|overall\s+|global\s+)?"
    r"(?:exports|imports|foreign trade|goods trade|trade|trade surplus|surplus)\b|"
    r"\boverall\b|\bin total\b|\ball (?:its\s+)?trading partners\b",
    re.I,
)
DATELINE = re.compile(r"\s*\((?:AP|Reuters|AFP|Xinhua|dpa|Bloomberg|CNN)\)", re.I)
#: words that make a clause about two parties, not China's trade as a whole
BILATERAL = re.compile(
    r"\b(?:two|both)\s+(?:countries|nations|sides|economies|neighbou?rs)\b|\bbilateral\b|"
    r"\bbetween\b",
    re.I,
)
CHINA = re.compile(r"\bChina\b|\bChinese\b|\bPRC\b", re.I)


def _china_headline(text: str, st: Structure) -> bool:
    """Whether the article is headed by China's trade as a whole: its title or lead (the
    first two blocks that are no caption) names China, and the first names no partner,
    group, good, trade mode or enterprise type."""
    first_two = [b for b in st.blocks if b.kind != "caption"][:2]
    if not first_two:
        return False
    title = text[first_two[0].start : first_two[0].end]
    head = " ".join(text[b.start : b.end] for b in first_two)
    return bool(CHINA.search(head)) and not _names_any_in(title, 0, len(title))


def _own_level(text: str, m: Mention, o: Mention) -> bool:
    """'declined 7 percent on-year to $617.12 billion in the first three months': the amount
    is the level the rate arrives at, so the period after it is the rate's too."""
    return (
        m.kind == "percent"
        and o.kind == "amount"
        and re.fullmatch(
            r"\s*(?:on[- ]year|year[- ]on[- ]year|yoy|y/y|from a year (?:earlier|ago))?\s*,?\s*"
            r"(?:to|at)\s*(?:an?\s+)?(?:about|around|nearly|over|some)?\s*",
            text[m.end : o.start],
            re.I,
        )
        is not None
    )


def _compared_period(text: str, h: PeriodHit, mentions: list[Mention]) -> bool:
    """'… much smaller than the $57.06 billion surplus recorded in December - the surplus
    with the US … reaching $27.3 billion': the month belongs to the figure compared with."""
    owner = next((o for o in reversed(mentions) if o.end <= h.start), None)
    return (
        owner is not None
        and h.start - owner.end < 45
        and not re.search(r"[;,]", text[owner.end : h.start])
        and re.search(
            r"\b(?:than|compared (?:with|to)|versus|vs\.?|up from|down from)\s+(?:the\s+)?"
            r"(?:\w+\s+)?$",
            text[max(0, owner.start - 40) : owner.start],
            re.I,
        )
        is not None
    )


def _base_year(sentence: str, end_rel: int) -> re.Match[str] | None:
    """The named year a growth rate is measured against ("from 2017"; "compared with the
    pre-pandemic level during the same period in 2019", further off when no other figure
    stands between)."""
    base = v.BASE_YEAR_RE.search(sentence[: end_rel + 100])
    if base is None or base.end() <= end_rel + 70:
        return base
    return None if re.search(r"\d", sentence[end_rel : base.start()]) else base


def _span_opening(between: str, h: PeriodHit) -> str:
    """The words between a figure and a later period, without the "from" that opens the
    period itself ("to 1.71 trillion yuan from January to March": no comparison)."""
    if h.kind == "ytd" and re.match(r"jan", h.text, re.I):
        return re.sub(r"\bfrom\s*$", "", between, flags=re.I)
    return between


def _choose_period(
    text: str, hits: list[PeriodHit], m: Mention, mentions: list[Mention], clause_start: int
) -> PeriodHit | None:
    """The period a figure is about: one that directly follows it ("0.7% in the first three
    quarters"), else the nearest before it in its clause, else before it in the sentence,
    else after it with no other figure in between."""

    def clear_between(a: int, b: int) -> bool:
        # a conversion in brackets ("29.04 trillion yuan (about $4.44 trillion) in the
        # first 11 months") does not stand between a figure and its period
        brackets = [(a + x.start(), a + x.end()) for x in re.finditer(r"\([^()]*\)", text[a:b])]
        return not any(
            a <= o.start < b
            and not any(s <= o.start < e for s, e in brackets)
            and not _own_level(text, m, o)
            for o in mentions
            if o is not m
        )

    after = [
        h
        for h in hits
        if h.start >= m.end
        and clear_between(m.end, h.start)
        and not CLAUSE_BREAK.search(text[m.end : h.start])
        and not re.search(r"[.!?]\s|\n\s*\n", text[m.end : h.start])  # not past its sentence
        and not COMPARISON_BETWEEN.search(_span_opening(YEAR_AGO.sub("", text[m.end : h.start]), h))
    ]
    # the distance counts from the figure's own level or conversion, when one stands between
    # ("rose 5.2% to a 36.02-trillion-yuan total in the ten months")
    reach = max(
        (o.end for o in mentions if m.end <= o.start and after and o.end <= after[0].start),
        default=m.end,
    )
    if after and after[0].start - reach <= 40:
        return after[0]
    before = [h for h in hits if h.end <= m.start and not _compared_period(text, h, mentions)]
    in_clause = [h for h in before if h.start >= clause_start]
    if in_clause:
        return in_clause[-1]
    if before:
        return before[-1]
    return after[0] if after else None


def interpret(text: str, mentions: list[Mention], article_date: date | None) -> list[Claim]:
    text_years = [(m.start(), int(m.group(1))) for m in re.finditer(r"\b(20[12]\d)\b", text)]
    year_starts = [pos for pos, _ in text_years]
    starts = [m.start for m in mentions]
    claims: list[Claim] = []
    carried_flow: str | None = None
    carried_period: ClaimPeriod | None = None
    carried_basis: str | None = None
    carried_partner: str | None = None
    # the discourse model: blocks, dates that are no periods, the headline period, and
    # where the period carried now was stated
    st = structure(text)
    china_headline = _china_headline(text, st)
    headline: tuple[ClaimPeriod, Reading] | None = None
    last_stated: tuple[ClaimPeriod, Reading] | None = None
    from_title = False
    carried_reading = DEFAULTED
    block = -1
    region_ctx: tuple[str, Reading] | None = None
    spans = sentences(text)
    span_starts = [s for s, _ in spans]
    si = 0
    for idx, m in enumerate(mentions):
        while si < len(spans) - 1 and spans[si][1] <= m.start:
            si += 1
            passed = text[spans[si - 1][0] : spans[si - 1][1]]
            if (
                region_ctx is not None
                and not v.REGION_RE.search(passed)
                and v.NATIONAL_RE.search(passed)
            ):
                region_ctx = None  # "China has been Africa's top partner. Bilateral trade …"
            if (
                carried_period is None
                and (not idx or spans[si - 1][0] >= mentions[idx - 1].end)
                and st.kind_at(spans[si - 1][0]) != "caption"
            ):
                # a lead with no figure that names one period sets the scene ("China's
                # export growth fell to a three-month low in May.")
                scene = _scene_period(text, spans[si - 1], article_date, st)
                if scene is not None:
                    carried_period = scene[0]
                    carried_reading = Reading(
                        "carried", scene[1].text, (scene[1].start, scene[1].end), "the lead"
                    )
                    headline = (scene[0], replace(carried_reading, source="the headline"))
        here = st.block_at(m.start)
        caption = st.kind_at(m.start) == "caption"
        if here != block:
            block = here
            region_ctx = None  # a province's figures run to the end of their paragraph
            if headline is not None and not caption:
                # a new paragraph or numbered section is about the headline period again
                carried_period, carried_reading = headline
        a, b = spans[si]
        sentence = text[a:b]
        rel, end_rel = m.start - a, m.end - a
        # the figures of this sentence, and the one before it: what the period and scope
        # rules look at (never the whole article, so that reading stays linear)
        local = mentions[max(0, bisect_left(starts, a) - 1) : bisect_left(starts, b)]
        claim = Claim(m, (a, b), sentence)
        window = _window(sentence, rel, end_rel)
        before = sentence[_clause_start(sentence, rel) : rel]
        # scope
        if _forecast_before(sentence, rel, a, local) or re.match(
            # ("dropped 1 per cent despite analysts forecasting growth": the cue is the
            # benchmark, not this figure's)
            r"\s*(?:(?!and\b|while\b|but\b|despite\b|than\b|beating\b|surpassing\b|"
            r"exceeding\b|above\b|below\b)\w+\s+){0,2}(?:forecast|expected|expectation|"
            r"estimate|predicted|in a \w+ poll|poll)",
            sentence[end_rel : end_rel + 30],
            re.I,
        ):
            claim.out_of_scope = "a forecast or expectation, not an official figure"
        foreign = None if claim.out_of_scope else v.FOREIGN_STATS_RE.search(sentence[:rel])
        if foreign is not None:
            pass  # another economy's own statistics: read, about a subject not covered
        elif v.OFF_TOPIC_RE.search(
            # the circumstance is blanked in the whole sentence, so that a window that
            # starts inside it ("… tariffs on China, the country …") does not keep its tail
            _window(v.DESPITE_RE.sub(lambda d: " " * len(d.group(0)), sentence), rel, end_rel)
        ):
            claim.out_of_scope = "not China's national goods trade"
        region = (
            None
            if claim.out_of_scope
            else v.REGION_RE.search(
                sentence,
                max(_clause_start(sentence, rel), rel - 70),
                min(len(sentence), end_rel + 45),
            )
        )
        if region is not None and v.NATIONAL_RE.search(sentence, max(region.end(), rel - 30), rel):
            # "Jiangsu's trade rose 6.1%, faster than China's 2.9%" (but "Guangdong, south
            # China's powerhouse, reached 4.37 trillion yuan" is Guangdong's)
            region = None
        # metric
        if m.kind == "missing":
            if m.unit.startswith(("percent", "per cent")) and (
                v.SHARE_BEFORE_RE.search(before[-60:])
                or v.SHARE_AFTER_RE.search(sentence[m.end - a : m.end - a + 40])
            ):
                claim.metric = "share"
            elif m.unit.startswith(("percent", "per cent")):
                claim.metric = "yoy"
            elif m.unit.startswith(("trillion", "billion", "million")):
                claim.metric = "value"
                prev = mentions[idx - 1] if idx else None
                if (
                    prev is not None
                    and prev.kind == "missing"
                    and re.fullmatch(
                        r"\s*(?:trillion|billion)?\s*(?:yuan|dollars)?\s*\(?\s*"
                        r"(?:about|around|approximately|or)\s*",
                        text[prev.end : m.start],
                    )
                ):
                    claim.metric = "conversion"  # "totaled . trillion yuan (about . trillion)"
                    claim.converts = idx - 1
            elif m.unit.startswith("months"):
                claim.metric = "period_months"
            elif re.match(r"in \w+|percent", m.unit):
                claim.metric = "yoy"
            else:
                claim.metric = "other"
                claim.out_of_scope = (
                    claim.out_of_scope or f"the lost number counts {m.unit!r}, not a trade figure"
                )
        elif m.kind == "pp":
            claim.metric = "pp"
        elif m.kind in ("multiple", "foreign", "round"):
            # "a 1.5-fold rise", "(€46.6 billion)", "the one-trillion-yuan mark": read, not
            # judged
            claim.metric = "other"
        elif m.kind == "quantity":
            # barrels (a day) are the article's conversion of GACC's tonnes: no stored
            # figure is in them, and a count in tonnes must never judge them
            claim.metric = "other" if m.unit.startswith(("b/d", "bpd", "barrel")) else "quantity"
        elif m.kind == "amount":
            prev = mentions[idx - 1] if idx else None
            gap = text[prev.end : m.start] if prev else ""
            if (
                prev is not None
                and prev.kind == "amount"
                and (
                    re.fullmatch(
                        r"\s*\(\s*(?:about|around|approximately|roughly|some|or|nearly)?\s*", gap
                    )
                    or (  # "4.43 trillion yuan or $642.7 billion"
                        prev.currency != m.currency
                        and re.fullmatch(
                            r"\s*,?\s*(?:or|equivalent to|i\.e\.)\s*"
                            r"(?:about|around|approximately|roughly|some|nearly)?\s*",
                            gap,
                        )
                    )
                )
            ):
                claim.metric = "conversion"
                claim.converts = idx - 1
            elif (change := CHANGE_BEFORE.search(before[-90:])) or (
                change := CHANGE_UP_FROM.search(before[-12:])
                if CHANGE_FROM_AFTER.match(sentence, end_rel)
                else None
            ):
                # "increased by 1.2 trillion yuan", "the growth of trade … reached RMB2.1
                # trillion": a change in level, not a level
                claim.metric = "change"
                if re.search(v.DOWN_WORDS, change.group(0), re.I):
                    claim.sign = -1
            elif (_governed_flow(sentence, end_rel) or _flow(sentence, rel)) == "balance":
                claim.metric = "balance"
            else:
                claim.metric = "value"
        else:  # percent
            w_before = before[-70:]
            if v.SHARE_BEFORE_RE.search(before[-80:]) or v.SHARE_AFTER_RE.search(
                sentence[end_rel : end_rel + 40]
            ):
                claim.metric = "share"
            elif m.text.lower() in ("unchanged", "flat"):
                claim.metric = "yoy"  # "exports remained unchanged": no change on a year before
            elif any(
                # a cue starting within 50 characters after it, read whole ("from January
                # to March" is no month-on-month cue), or just before it
                x.start() < 50
                for x in v.MOM_RE.finditer(sentence[end_rel : end_rel + 80])
            ) or v.MOM_RE.search(w_before[-30:]):
                claim.metric = "mom"
            elif base := _base_year(sentence, end_rel):
                claim.metric = "growth_vs_base"
                claim.base_year = int(base.group(1))
            elif v.GROWTH_HINT.search(window) or re.search(
                r"\bgrowth(?: rates?)? of\b[^.;%]{0,80}\b(?:was|were|stood at)\s*$", before, re.I
            ):
                claim.metric = "yoy"
            elif (
                re.search(r"\bby\s*$", before)
                and claims
                and claims[-1].sentence_span == (a, b)
                and claims[-1].metric == "yoy"
            ):
                claim.metric = "yoy"  # "…, to the EU by 27.8%, and to Africa by 50%"
            else:
                claim.metric = "other"
            nxt = mentions[idx + 1] if idx + 1 < len(mentions) else None
            prv = mentions[idx - 1] if idx else None
            if (nxt is not None and nxt.kind == "quantity" and nxt.start - m.end < 45) or (
                prv is not None
                and prv.kind == "quantity"
                and re.fullmatch(
                    r"[\s,]*(?:up|down|rising|falling|an? (?:increase|decrease) of)?\s*",
                    text[prv.end : m.start],
                    re.I,
                )
            ):
                claim.volume = True  # "… at 62.3 mmt, up 15% y/y": growth of the tonnage
            after_word = re.match(
                r"\s*\)?\s*(?:(?:year[- ])?on[- ]year\s+|y/y\s+|also\s+|all\s+)?(\w+)",
                sentence[end_rel : end_rel + 30],
            )
            if after_word and re.fullmatch(v.DOWN_WORDS, after_word.group(1), re.I):
                claim.sign = -1  # "a 1.5% decline"
            elif after_word and re.fullmatch(v.UP_WORDS, after_word.group(1), re.I):
                claim.sign = 1
            elif v.DOWN_RE.search(w_before[-45:]) and not re.search(
                r"\b(?:from|than)\s*(?:a|an)?\s*$", w_before
            ):
                claim.sign = -1
            if claim.metric in ("share", "other"):
                claim.sign = 1  # a share has no direction
            elif claim.sign == -1 and m.number is not None and m.number < 0:
                claim.sign = 1  # "dropped by -6%": a repeated negative counts once
        # flow and subjects
        # the phrase that governs the figure ("a 4% gain in exports", "$220bn in imports",
        # "a $63 billion trade surplus") before the last flow word named before it
        flow = _governed_flow(sentence, end_rel) or _flow(sentence, rel)
        claim.partner = _subject(sentence, rel, v.PARTNERS) or "WLD"
        pointer = re.search(
            r"\b(?:to|from|with) the (?:country|nation|bloc|region)\b",
            sentence[_clause_start(sentence, rel) : rel],
            re.I,
        )
        if claim.partner == "WLD" and pointer and carried_partner:
            claim.partner = carried_partner  # "exports to the country" after naming it
            claim.readings["subject"] = Reading(
                "carried", carried_partner, None, "the country named before"
            )
        world_after = re.match(
            r"\s*(?:year[- ]on[- ]year\s+)?in\s+(?:China's\s+)?(?:total|overall|foreign|global)\s+"
            r"(?:exports|imports|trade)\b",
            sentence[end_rel:],
            re.I,
        )
        if world_after:
            claim.partner = "WLD"  # "… reliance on the U.S. … a decline of 1.1% in foreign exports"
        elif claim.partner == "WLD" and (
            follows := _partner_after(sentence[end_rel:])
            or _partner_of_trade_verb(
                sentence[_clause_start(sentence, rel) : rel], sentence[end_rel:]
            )
        ):
            claim.partner = follows  # "a 41.2% on-year drop in Chinese imports from US"
        elif (
            claim.partner == "WLD"
            and carried_partner
            and claims
            and claims[-1].partner == carried_partner
            and re.match(r"\W*(?:\w+\s+)?(?:this|that|it)\b" + SPEAKER, sentence[:rel], re.I)
            and set(_named_in(sentence, v.PARTNERS, 0, len(sentence))) <= {carried_partner}
            # not past a sentence about another subject ("Trade with ASEAN also grew. It
            # rose 7.1 percent": ASEAN, not the partner of the figure before)
            and (
                si == 0
                or (_subject_of(text, spans[si - 1]) or ("", carried_partner))[1] == carried_partner
            )
        ):
            # "… exports to the U.S. dropped 25%. Although this is an improvement from the 27%
            # decline in September …": the sentence goes on about the partner named before
            claim.partner = carried_partner
            claim.readings["subject"] = Reading(
                "carried", carried_partner, None, "the sentence before"
            )
        # of a partner and a breakdown both named before it, the nearer one is the subject
        # ("general trade rose 14.5%; ASEAN 3.53 trillion yuan")
        partner_at = _subject_at(sentence, rel, v.PARTNERS)
        kinds = {
            "commodity": _subject_at(sentence, rel, v.COMMODITIES),
            "trade_mode": _subject_at(sentence, rel, v.TRADE_MODES),
            "enterprise_type": _subject_at(sentence, rel, v.ENTERPRISES),
        }
        nearest = max((at for at in kinds.values() if at), default=None)
        if (
            partner_at
            and nearest
            and partner_at[0] > nearest[0]
            and not re.fullmatch(
                r"[\w -]{0,40}\b(?:with|to|from)\s+(?:the\s+)?",
                sentence[nearest[0] : partner_at[0]],
                re.I,
            )
        ):
            # (but "exports of agricultural products with ASEAN" names both: the goods'
            # trade with the partner)
            kinds = dict.fromkeys(kinds)
        elif partner_at and nearest and nearest[0] > partner_at[0]:
            claim.partner = "WLD"
        claim.commodity = kinds["commodity"][1] if kinds["commodity"] else None
        claim.trade_mode = kinds["trade_mode"][1] if kinds["trade_mode"] else None
        claim.enterprise_type = kinds["enterprise_type"][1] if kinds["enterprise_type"] else None
        for kind, pairs in (("enterprise_type", v.ENTERPRISES), ("trade_mode", v.TRADE_MODES)):
            if owner := _named_after(ATTRIBUTED_TO, sentence[end_rel:], pairs):
                # "of which RMB 24.3 trillion—an 8.8% increase—was attributable to private
                # enterprises": the party named after the figure is its subject
                setattr(claim, kind, owner)
                claim.partner = "WLD" if not partner_at else claim.partner
        if m.kind == "amount" and (goods_after := _commodity_after(sentence[end_rel:])):
            claim.commodity = goods_after  # "imported RMB1.81 trillion (…) of integrated circuits"
            claim.partner = "WLD" if not partner_at else claim.partner
        world_before = re.search(
            r"\bChina's (?:total|overall) (?:[\w-]+ ){0,4}(?:value|volume|trade) "
            r"(?:of|at|was|reached)\s*$",
            sentence[:rel],
            re.I,
        )
        if world_before:
            # "… Belt and Road accounted for 34.3% of China's total import and export value
            # of 20.1 trillion yuan": the total is China's
            claim.partner, claim.commodity = "WLD", None
            claim.trade_mode = claim.enterprise_type = None
        prior = claims[-1] if claims else None
        carried_breakdown = "breakdown from the sentence before"
        if (
            prior is not None
            and (prior.enterprise_type or prior.trade_mode)
            and claim.partner == "WLD"
            and not (claim.commodity or claim.trade_mode or claim.enterprise_type)
            and (
                (prior.sentence_span == (a, b) and carried_breakdown in prior.notes)
                or (
                    prior.sentence_span != (a, b)
                    and prior.flow == "total"
                    and re.match(
                        r"\s*(?:(?:among them|of this|of which|of the total),?\s*)?"
                        r"(?:its\s+)?(?:exports|imports)\s+"
                        r"(?:stood at|reached|were|was|amounted to|totall?ed)\b",
                        sentence,
                        re.I,
                    )
                )
            )
        ):
            # "Private firms' trade reached 10.66 trillion yuan … Exports stood at 7.02
            # trillion, up by 10%": the breakdown of the sentence before
            claim.enterprise_type, claim.trade_mode = prior.enterprise_type, prior.trade_mode
            claim.notes.append(carried_breakdown)
            claim.readings["subject"] = Reading("carried", source="the sentence before")
        elif (
            claim.partner == "WLD"
            and not (claim.commodity or claim.trade_mode or claim.enterprise_type)
            and si > 0
            and REFERS_BACK.match(sentence[:rel])
            and not _names_any_in(sentence, 0, rel)
            and (back := _subject_of(text, spans[si - 1])) is not None
        ):
            # "Trade with Peru hit a record. It was up 25%": the subject of the sentence
            # (or numbered heading) before
            kind, code, words = back
            setattr(claim, kind, code)
            claim.readings["subject"] = Reading("carried", words, None, "the sentence before")
        undated = re.sub(
            r"^[\s\w.,]{0,30}\((?:AP|Reuters|AFP|Xinhua|dpa|Bloomberg|CNN)\)", "", sentence
        )
        own_start = _clause_start(sentence, rel)
        own_clause = sentence[own_start:rel]
        claim.ambiguous = bool(
            claim.partner == "WLD"
            and not world_after
            and not world_before
            and not nearest
            and _names_any(undated)
            # "China's exports fell 1.1%", "with all trading partners": the clause itself
            # says the figure is China's total
            and not (WORLD_CUE.search(own_clause) and not _names_any_in(sentence, own_start, rel))
        )
        if claim.partner == "WLD" and not nearest and pointer:
            # "imports from the region" with no partner the data track named before: a
            # party, never China's total
            claim.ambiguous, claim.subject_text = True, pointer.group(0)
        elif claim.partner == "WLD" and not nearest:
            _untracked_subject(claim, sentence[_clause_start(sentence, rel) : rel])
        elif not nearest:
            # "imports and exports of agricultural products with ASEAN": the goods' share of
            # the partner's trade, not the partner's total
            _untracked_goods(claim, sentence[_clause_start(sentence, rel) : rel])
        if group := _untracked_group(sentence, rel, partner_at, nearest):
            # "five Central Asian countries -- A, B, C …": the group, not its first member;
            # "600,000 firms had import-export records": a count, not a trade value
            claim.partner, claim.commodity = "WLD", None
            claim.trade_mode = claim.enterprise_type = None
            claim.ambiguous, claim.subject_text = True, group
            claim.readings["subject"] = Reading("stated", group)
        if region is not None or (
            region_ctx is not None and not claim.out_of_scope and not v.NATIONAL_RE.search(sentence)
        ):
            # "Guangdong's exports rose …", "the city's imports": a province's or city's own
            # figure, about a subject the data do not cover (never China's total); the
            # figures after it in its paragraph are the region's too, unless their sentence
            # names China
            claim.partner, claim.commodity = "WLD", None
            claim.trade_mode = claim.enterprise_type = None
            claim.ambiguous = True
            if region is not None:
                name = v.REGION_NAME_RE.search(region.group(0))
                claim.subject_text = name.group(0) if name else region.group(0).strip()
                span = (a + region.start(), a + region.end())
                claim.readings["subject"] = Reading("stated", claim.subject_text, span)
                region_ctx = (
                    claim.subject_text,
                    Reading("carried", claim.subject_text, span, "an earlier sentence"),
                )
            elif region_ctx is not None:
                claim.subject_text, claim.readings["subject"] = region_ctx
        if foreign is not None:
            # "South Korea's exports to China fell 28%": another economy's own statistics,
            # which the data do not hold (its figure for China is not GACC's)
            claim.partner, claim.commodity = "WLD", None
            claim.trade_mode = claim.enterprise_type = None
            claim.ambiguous = True
            claim.subject_text = f"{foreign.group(0)} in its own statistics"
            claim.readings["subject"] = Reading(
                "stated", claim.subject_text, (a + foreign.start(), a + foreign.end())
            )
        if not claim.out_of_scope and v.FIRM_COUNT_RE.search(
            sentence[_clause_start(sentence, rel) : rel]
        ):
            claim.out_of_scope = "a count of firms, not a trade figure"
        if claim.metric == "balance":
            flow = "balance"
        flow_reading = STATED if flow is not None else DEFAULTED
        if flow is None and carried_flow is not None:
            flow = carried_flow
            flow_reading = Reading("carried", carried_flow, None, "an earlier figure")
        if flow is None and claim.metric in ("value", "yoy", "share", "conversion", "pp"):
            flow = "total"
            flow_reading = Reading("defaulted", "total trade")
        if claim.commodity and flow == "total":
            flow = "export"
        if mirror := v.MIRROR_RE.search(sentence[_clause_start(sentence, rel) : rel]):
            # "Korean exports to China fell to US$38.2 billion": China's imports from Korea
            claim.partner = v.MIRROR_PARTNERS[mirror.group("who")]
            flow = "import" if mirror.group("flow") != "imports" else "export"
            claim.ambiguous = False
        claim.flow = flow
        claim.readings["flow"] = flow_reading
        if "subject" not in claim.readings:
            named = claim.partner != "WLD" or any(
                (claim.commodity, claim.trade_mode, claim.enterprise_type)
            )
            world = world_after or world_before or WORLD_CUE.search(own_clause)
            if named or world:
                claim.readings["subject"] = STATED
            elif china_headline and not claim.ambiguous and not BILATERAL.search(own_clause):
                # an article headed by China's own trade speaks of it unless a clause
                # points elsewhere ("trade between the two countries")
                claim.readings["subject"] = Reading(
                    "carried", "China's total", None, "the headline"
                )
            else:
                claim.readings["subject"] = Reading(
                    "defaulted", "China's total" if not claim.ambiguous else ""
                )
        claim.readings["metric"] = STATED if claim.metric != "other" else DEFAULTED
        if claim.metric == "conversion" and claim.converts is not None:
            src = claims[claim.converts]
            claim.flow, claim.partner = src.flow, src.partner
            claim.commodity, claim.trade_mode = src.commodity, src.trade_mode
            claim.enterprise_type = src.enterprise_type
        # period
        all_hits = [h for h in find_periods(sentence, a) if not st.is_date(h.start, h.end)]
        hits = [h for h in all_hits if not (h.start <= m.start < h.end)]
        if claim.metric == "period_months":
            # the lost number is the count of months in its own period phrase
            own = [h for h in all_hits if h.start <= m.start < h.end]
            if own:
                hits = own
        if claim.metric == "growth_vs_base":
            hits = [h for h in hits if h.year != claim.base_year]
        chosen = _choose_period(text, hits, m, local, a + _clause_start(sentence, rel))
        if claim.metric == "period_months" and hits and hits[0].start <= m.start < hits[0].end:
            chosen = hits[0]
        period = None
        if chosen is not None and chosen.kind == "prev_month":
            # the month before the one the sentence (or the one before it) is about
            ref = next(
                (c.period for c in reversed(claims) if c.period and c.sentence_span == (a, b)),
                carried_period,
            )
            if ref is not None and ref.kind == "month":
                before_ref = ref.end.shift_months(-1)
                period = ClaimPeriod(before_ref, before_ref, "month")
                claim.period_text = chosen.text
        elif chosen is not None and chosen.kind != "same":
            # without a date, the year last named before the figure
            named_before = bisect_left(year_starts, m.start)
            year_hint = (
                text_years[named_before - 1][1] if not article_date and named_before else None
            )
            period = resolve(chosen, article_date, year_hint)
            claim.period_text = chosen.text
        if (
            period is None
            and claim.metric == "growth_vs_base"
            and claim.base_year
            and not [h for h in hits if h.kind != "same"]
            and not re.search(r"same period", sentence, re.I)
        ):
            y = claim.base_year + 1  # "a 12.6 percent rise from 2017": the year 2018
            if carried_period is not None and carried_period.end.year > y:
                # "expanded by 23.9% compared to 2019" in an article about 2021: the
                # period spoken of, measured against a year further back
                period = carried_period
                claim.readings["period"] = carried_reading
            elif article_date is None or y <= article_date.year:
                period = ClaimPeriod(Period(y, 1), Period(y, 12), "year")
        if period is not None and chosen is not None and chosen.kind != "same":
            claim.readings["period"] = Reading("stated", chosen.text, (chosen.start, chosen.end))
        elif period is not None and "period" in claim.readings:
            pass  # carried above
        elif period is not None:
            claim.readings["period"] = Reading("stated", text=claim.period_text or "")
        if period is None and chosen is not None and chosen.kind == "same" and last_stated:
            # "during the same period" points back to the period last stated, wherever
            period = last_stated[0]
            claim.readings["period"] = replace(last_stated[1], source="the period referred to")
        if period is None:
            period = carried_period
            claim.readings["period"] = carried_reading if period is not None else DEFAULTED
            shorter = [
                h
                for h in hits
                if h.kind == "ytd"
                and h.start >= m.end
                and re.search(r"\b(?:from|than)\b", text[m.end : h.start])
            ]
            if (
                period is not None
                and period.kind == "month"
                and shorter
                and shorter[0].month == period.end.month - 1
            ):
                # "exports expanded 5.2 percent to $36.27 billion, widening from the 2.1
                # percent during the January-June period": the year to date a month longer
                period = ClaimPeriod(Period(period.end.year, 1), period.end, "ytd")
        if (
            period is not None
            and period.kind == "month"
            and period.end.month % 3 == 0
            and re.search(r"\bquarterly\b", sentence[max(0, rel - 40) : rel], re.I)
        ):
            # "… $27.6 billion in March, with a quarterly surplus of $76.6 billion"
            q_end = period.end
            period = ClaimPeriod(Period(q_end.year, q_end.month - 2), q_end, "quarter")
            claim.notes.append("quarterly")  # the sentence's own month still carries on
        if (
            period is not None
            and m.kind == "amount"
            and (prior_year := PRIOR_YEAR_AFTER.match(sentence, end_rel)) is not None
        ):
            # "from $44bn in the same month a year earlier": the figure compared with, a
            # year before the period the sentence is about
            period = ClaimPeriod(
                period.start.shift_years(-1), period.end.shift_years(-1), period.kind
            )
            claim.compared = True
            claim.base_of = True
            claim.readings["period"] = Reading(
                "stated",
                prior_year.group(0).strip(),
                (a + prior_year.start(), a + prior_year.end()),
            )
        claim.period = period
        # competing readings: what the figure may also be about, tried before it is called
        # wrong (see discourse.honest)
        how = claim.readings.get("period", DEFAULTED)
        if period is not None and how.how == "carried" and not caption:
            if (
                how.source != "the headline"
                and headline
                and headline[0] != period
                and how.span is not None
                and st.block_at(how.span[0]) != st.block_at(m.start)
            ):  # carried within its own paragraph, a stated period is the reading
                claim.alternatives.append(
                    ({"period": headline[0]}, f"the headline period ({headline[1].text!r})")
                )
            if how.source == "the headline" and last_stated and last_stated[0] != period:
                claim.alternatives.append(
                    (
                        {"period": last_stated[0]},
                        f"the period last stated ({last_stated[1].text!r})",
                    )
                )
        if (
            chosen is not None
            and chosen.kind == "this_year"
            and headline is not None
            and period is not None
            and headline[0].kind == "month"
            and headline[0].end.year == period.end.year
            and not caption
        ):
            # "Exports increased 22% this year" in a report on a month: the year to date,
            # or loosely the month's year-on-year figure the article is about
            claim.alternatives.append(
                ({"period": headline[0]}, f"the headline period ({headline[1].text!r})")
            )
        if (
            st.kind_at(m.start) == "section"
            # no subject of its own: a section's heading competes with the headline's
            and (subject_read := claim.readings.get("subject", STATED)).how != "stated"
            and subject_read.source in ("", "the headline")
            and (heading := _section_subject(text, spans, span_starts, st.block_start(m.start)))
        ):
            kind, code, words = heading
            claim.alternatives.append(({kind: code}, f"the section's subject ({words!r})"))
        if (
            claim.metric == "growth_vs_base"
            and period
            and claim.base_year is not None
            and claim.base_year >= period.end.year - 1
        ):
            claim.metric, claim.base_year = "yoy", None  # "over the same period last year"
        # currency basis
        if claim.metric == "conversion" and claim.converts is not None and not m.currency:
            src_currency = claims[claim.converts].currency or "CNY"
            claim.currency = other_currency(src_currency)
            claim.currency_stated = True
        elif m.currency:
            claim.currency, claim.currency_stated = m.currency, True
        elif basis := _stated_basis(sentence, rel):
            claim.currency, claim.currency_stated = basis, True
        else:
            amount_near = [
                c
                for c in claims[-3:]
                if c.sentence_span == (a, b)
                and c.mention.kind == "amount"
                and c.metric in ("value", "balance")
            ]
            level = mentions[idx + 1] if idx + 1 < len(mentions) else None
            if amount_near:
                claim.currency = amount_near[-1].currency
                claim.currency_stated = True
            elif level is not None and level.currency and _own_level(text, m, level):
                # "rose 4.2 percent year-on-year to 291.85 billion U.S. dollars"
                claim.currency, claim.currency_stated = level.currency, True
            elif carried_basis:
                claim.currency = carried_basis  # a guess to try first, not a statement
                claim.readings["currency"] = Reading(
                    "carried", carried_basis, None, "an earlier figure"
                )
        claim.readings.setdefault("currency", STATED if claim.currency_stated else DEFAULTED)
        if claim.metric in ("value", "yoy", "share", "balance") and not claim.out_of_scope:
            carried_flow = claim.flow if claim.flow != "balance" else carried_flow
        prior_here = claims[-1] if claims and claims[-1].sentence_span == (a, b) else None
        comparison = (
            chosen is not None
            and (
                chosen.kind in ("missing_n_prev", "prev_month")
                or re.search(
                    r"\bfrom\b[^,;]{0,40}$", text[max(0, chosen.start - 45) : chosen.start]
                )
                or COMPARED_FIGURE.search(before[-40:])
                # "…, topping the full-year number for last year (32.16 trillion yuan)"
                or re.search(
                    r"\b(?:topping|surpassing|exceeding|outpacing|beating)\b[^,;]{0,50}$",
                    text[max(0, chosen.start - 60) : chosen.start],
                    re.I,
                )
                or re.match(r"\s*(?:that|this|which|it)?\s*compared? (?:with|to)\b", sentence, re.I)
                # "… an improvement on the 27% decline in September and the 33% drop in August"
                or (
                    prior_here is not None
                    and prior_here.compared
                    and re.fullmatch(
                        r"[^,;.]{0,40}\band (?:the|a|an)\s*", text[prior_here.mention.end : m.start]
                    )
                    is not None
                )
            )
        )
        claim.compared = bool(comparison)
        # "... in March and April, respectively": which month is whose is settled later
        listed_periods = "respectively" in sentence.lower() and (
            len({h.text.lower() for h in all_hits if h.kind != "same"}) > 1
        )
        passing = chosen is not None and bool(
            # "in October alone", "May's 1.8% rise": a month in passing, or another figure's
            re.search(r"\balone\b", chosen.text, re.I)
            or re.match(r"['’]s\b", text[chosen.end : chosen.end + 3])
        )
        if (
            claim.period is not None
            and chosen is not None
            and not claim.out_of_scope
            and not comparison
            and not passing
            and not listed_periods
            and not caption
            and "quarterly" not in claim.notes
        ):
            carried_period = claim.period
            if chosen.kind == "same":  # "during the same period": what it refers to
                carried_reading = claim.readings["period"]
            else:
                carried_reading = Reading(
                    "carried", chosen.text, (chosen.start, chosen.end), "an earlier sentence"
                )
                last_stated = (claim.period, carried_reading)
            if headline is None or (from_title and st.kind_at(m.start) != "title"):
                # the lead's period is the headline's; a title's only until the lead
                from_title = st.kind_at(m.start) == "title"
                headline = (claim.period, replace(carried_reading, source="the headline"))
        if claim.partner != "WLD" and not claim.out_of_scope:
            carried_partner = claim.partner
        is_value = claim.metric in ("value", "balance")
        if v.USD_BASIS.search(sentence) or (is_value and m.currency == "USD"):
            carried_basis = "USD"
        elif v.CNY_BASIS.search(sentence) or (is_value and m.currency == "CNY"):
            carried_basis = "CNY"
        claims.append(claim)
    _respectively(claims, text, spans)
    amounts = {
        c.currency
        for c in claims
        if c.mention.kind == "amount" and c.metric in ("value", "balance", "change")
    }
    if len(amounts) == 1 and sum(c.mention.kind == "amount" for c in claims) >= 2:
        sole = amounts.pop()
        for c in claims:
            c.article_basis = sole
    for c in claims:  # a conversion is about what its figure is about, as lists assigned it
        if c.metric == "conversion" and c.converts is not None:
            src = claims[c.converts]
            c.partner, c.commodity, c.trade_mode = src.partner, src.commodity, src.trade_mode
            c.enterprise_type = src.enterprise_type
    # a headline or lead before any period is named is about the article's main period:
    # the first one its body names
    first = next((c.period for c in claims if c.period and not c.out_of_scope), None)
    for c in claims:
        if c.period is not None:
            break
        if first is not None and not c.out_of_scope:
            c.period = first
            c.notes.append("period taken from the article body")
            c.readings["period"] = Reading("carried", source="the article's first stated period")
    return claims


EVERYTHING = (*v.PARTNERS, *v.COMMODITIES, *v.ENTERPRISES, *v.TRADE_MODES)

#: "It said …", "They added …": the speaker, not the subject spoken of
SPEAKER = r"(?!\s+(?:said|says|added|adds|noted|notes|stated|reported|showed|shows|expects?)\b)"
#: a sentence that opens by pointing back: "It rose …", "Their trade …", "That figure …"
REFERS_BACK = re.compile(
    r"\s*(?:\d{1,2}[.)]\s*)?(?:(?:and|but|meanwhile|also),?\s+)?"
    # "In 2023, it reached …": a period before the pronoun
    r"(?:(?:in|during|for|over|from) [^,.;]{1,30},\s*)?(?:it|its|their|they|"
    r"(?:that|this) (?:figure|amount|value|total|sum)|the (?:figure|amount)|"
    r"the (?:group|bloc|sector)['’]s)\b(?!\s+of\b)" + SPEAKER,
    re.I,
)


def _section_subject(
    text: str, spans: list[tuple[int, int]], span_starts: list[int], start: int
) -> tuple[str, str, str] | None:
    """The subject a numbered section's heading names ("2. State-owned firms bought
    less."): in its first sentences (the number may stand alone)."""
    first = max(0, bisect_right(span_starts, start) - 1)
    for span in spans[first : first + 2]:
        if (found := _subject_of(text, span)) is not None:
            return found
    return None


def _subject_of(text: str, span: tuple[int, int]) -> tuple[str, str, str] | None:
    """The subject a sentence opens with ("Trade with Peru hit a record.", "2. Private
    firms gained ground."): a partner, goods, trade mode or enterprise type named in its
    first words, if exactly one is."""
    sentence = text[span[0] : span[1]]
    opening = len(sentence) - len(sentence.lstrip()) + 60
    found = [
        (kind, code, sentence[s:e])
        for kind, pairs in _SUBJECT_KINDS
        for s, e, _, code in _named(sentence, pairs)
        if s < opening
    ]
    if len({(k, c) for k, c, _ in found}) != 1:
        return None
    return found[0]


@lru_cache(maxsize=256)
def _names_any(sentence: str) -> bool:
    """Whether the sentence names any subject of the vocabulary."""
    return any(re.search(p, sentence, re.I) for _, p in EVERYTHING)


def _names_any_in(sentence: str, a: int, b: int) -> bool:
    return any(_named_in(sentence, pairs, a, b) for _, pairs in _SUBJECT_KINDS)


@lru_cache(maxsize=256)
def _bases(sentence: str) -> list[tuple[int, str]]:
    return [
        (m.start(), code)
        for code, pattern in (("USD", v.USD_BASIS), ("CNY", v.CNY_BASIS))
        for m in pattern.finditer(sentence)
    ]


def _stated_basis(sentence: str, rel: int) -> str | None:
    """The currency basis the sentence states nearest the figure ("In USD terms: - Imports
    down 4% y/y in yuan terms" is a yuan-terms claim)."""
    found = [(abs(start - rel), code) for start, code in _bases(sentence)]
    return min(found)[1] if found else None


#: a verb or phrase that measures an actual figure against expectations
BENCHMARK_BEFORE = re.compile(
    r"\b(?:surpass\w*|beat(?:ing|s)?|exceed\w*|top(?:ped|ping|s)?|miss\w*|outpac\w+|"
    r"above|below|short of|in line with|aligned with|matched|matching|despite)\s+"
    r"(?:the\s+|market\s+|analysts['’]?\s+|economists['’]?\s+|most\s+|consensus\s+){0,3}$",
    re.I,
)


def _forecast_before(sentence: str, rel: int, a: int, mentions: list[Mention]) -> bool:
    """A forecast word shortly before the figure makes it a forecast, unless the word
    belongs to an earlier figure ("a $82.00 billion surplus expected in the poll and $77.71
    billion in September"), its bracket or line closed, or a period of its own intervenes
    ("better than estimates and higher than November's 5.9%")."""
    window_start = max(0, rel - 45)
    cue = None
    for m in v.FORECAST_RE.finditer(sentence[window_start:rel]):
        cue = m
    if cue is None:
        return False
    cue_start, cue_end = window_start + cue.start(), window_start + cue.end()
    if re.search(r"\bthan[- ]$", sentence[:cue_start], re.I):
        return False  # "a stronger-than-anticipated year": describes an actual figure
    between = sentence[cue_end:rel]
    if BENCHMARK_BEFORE.search(sentence[max(0, cue_start - 30) : cue_start]) and not re.match(
        r"\s+(?:of|for|at)\b[^,;]*$", between, re.I
    ):
        # "surpassing market expectations, rising 8.7%", "aligned with forecasts, marked
        # a 5.7% rise": the expectation is the benchmark of an actual figure (but
        # "exceeding forecasts of 7.3%", "missing expectations for growth of 0.1%": that
        # figure is the forecast)
        return False
    if re.search(r"\bfrom\s*[+]?$", sentence[:rel], re.I) and between.strip():
        return False  # "expected to shrink to $19.4bn from $27.9bn": the start is actual
    if re.search(r"[)\n]", between) or re.search(rf"\b(?:{MONTHS_RE})\b", between, re.I):
        return False
    if not between.strip() and re.search(r"\b(?:an?|the)\s+$", sentence[:cue_start], re.I):
        return True  # "… and an expected 4.8% contraction": the cue is the figure's own
    inside = [o for o in mentions if a + cue_end <= o.start and o.end <= a + rel]
    noun = re.search(r"\b(?:an?|the|of)\s+$", sentence[:cue_start], re.I) and re.match(
        r"\s+of\b", sentence[cue_end:]
    )  # "a forecast of X", "expectations of X" govern X alone ("had forecast X and a Y": both)
    if (
        noun
        and inside
        and re.search(r"\band\b[^.;]*\b(?:an?|the)\s*$", sentence[inside[-1].end - a : rel], re.I)
    ):
        return False  # "a forecast of $30bn and a $35bn surplus": the cue is the other's
    # (a figure of the sentence before is not one the cue could belong to)
    earlier = [o for o in mentions if max(a, a + cue_start - 30) <= o.end <= a + cue_start]
    return not (earlier and not re.search(r"[,;]", sentence[earlier[-1].end - a : cue_start]))


def _untracked_subject(claim: Claim, clause: str) -> None:
    """A figure about goods or a partner the vocabulary does not track is not China's
    total: the partner through its capital ("trade with Moscow"), else mark it uncertain."""
    goods = v.UNTRACKED_GOODS_RE.search(clause)
    if goods:
        claim.ambiguous = True
        claim.subject_text = goods.group(0)
        return
    for m in v.UNKNOWN_PARTNER_RE.finditer(clause):
        word = m.group(1)
        if word in v.CAPITALS:
            claim.partner = v.CAPITALS[word]
            return
        if not any(re.fullmatch(p, word, re.I) for _, p in v.PARTNERS):
            claim.ambiguous = True
            claim.subject_text = word
            return
    _untracked_goods(claim, clause)


def _untracked_goods(claim: Claim, clause: str) -> None:
    """ "China's iron ore imports", "exports of rare earth metals", "imports and exports of
    intermediate goods": goods the vocabulary does not know are named, so the figure is
    theirs, not China's total (nor a named partner's)."""
    found = []
    at = 0
    while (hit := v.NAMED_GOODS_RE.search(clause, at)) is not None:
        found.append(hit)  # overlapping: "China's imports and exports of X" holds two
        at = hit.start() + 1
    for m in found:
        if m.group("after"):  # "imports of fresh fruit rose": the words before the verb
            kept = []
            for word in m.group("after").split():
                if word.lower() in v.NOT_GOODS:
                    break
                kept.append(word)
            named_goods = " ".join(kept)
        else:
            named_goods = m.group("before") or ""
        words = named_goods.lower().split()
        if (
            words
            and not any(w in v.NOT_GOODS for w in words)
            and not any(re.search(p, named_goods, re.I) for _, p in (*v.PARTNERS, *v.COMMODITIES))
        ):
            claim.ambiguous = True
            claim.subject_text = named_goods
            return


def _scene_period(
    text: str, span: tuple[int, int], article_date: date | None, st: Structure
) -> tuple[ClaimPeriod, PeriodHit] | None:
    hits = [
        h
        for h in find_periods(text[span[0] : span[1]], span[0])
        if h.kind != "same" and not st.is_date(h.start, h.end)
    ]
    if len({h.text.lower() for h in hits}) != 1:
        return None
    found = resolve(hits[0], article_date, None)
    return (found, hits[0]) if found is not None else None


_RUN_GAP = re.compile(
    r"[\s,]*(?:(?:and|or|to|trillion|billion|million|yuan|dollars|US|RMB|percent|per cent|"
    r"year[- ]on[- ]year|in|over|nearly|about|around|almost|more than|roughly|some|"
    r"approximately|\$|%)[\s,]*)*",
    re.I,
)
_SUBJECT_KINDS = (
    ("partner", v.PARTNERS),
    ("commodity", v.COMMODITIES),
    ("trade_mode", v.TRADE_MODES),
    ("enterprise_type", v.ENTERPRISES),
)


#: flows named in a list ("Exports and imports reached 20.8 and 15.2 trillion yuan")
_FLOW_ITEMS = (
    ("export", r"\bexports?\b|\boutbound shipments\b"),
    ("import", r"\bimports?\b|\binbound shipments\b"),
    ("total", r"\b(?:total|overall|foreign) trade\b"),
)
_LIST_KINDS = (*_SUBJECT_KINDS, ("flow", _FLOW_ITEMS))


def _listed_subjects(span: str) -> tuple[str, list[str]] | None:
    """The subjects (partners, goods, trade modes, enterprise types, else flows) a list
    names, in order, if all are of one kind."""
    for kind, pairs in _LIST_KINDS:
        found: list[tuple[int, int, str]] = []
        for code, pattern in pairs:
            for m in re.finditer(pattern, span, re.I):
                if not any(a < m.end() and m.start() < b for a, b, _ in found):
                    found.append((m.start(), m.end(), code))
        codes: list[str] = []
        for _, _, code in sorted(found):
            if not codes or codes[-1] != code:  # "… Nations (ASEAN)" names one partner
                codes.append(code)
        if len(codes) >= 2:
            return kind, codes
    return None


_BRACKETED = re.compile(r"\([^()]*\)")


#: "the three partners", "the two flows": a list named in the sentence before
_LIST_BEFORE = re.compile(
    r"\b(?:the|these|those|all)\s+(?:two|three|four|five|six|seven|eight|nine|ten|\d)\s+"
    r"(?:\w+\s+)?(?:partners|countries|economies|markets|regions|blocs|products|goods|items|"
    r"categories|firms|enterprises|companies|sectors)\b",
    re.I,
)


def _paired_runs(sentence: str, group: list[Claim], a0: int) -> list[int]:
    """Where a run of figures joined by 'and' ends ("rose 3% and 6%"): a list aligned
    without "respectively" (only when as many items are named just before it)."""
    ends = []
    for x, y in pairwise(group):
        gap = sentence[x.mention.end - a0 : y.mention.start - a0]
        if re.fullmatch(r"\s*,?\s*and\s*", gap) and x.mention.kind == y.mention.kind:
            ends.append(y.mention.end - a0)
    return ends


def _respectively(
    claims: list[Claim], text: str = "", spans: list[tuple[int, int]] | None = None
) -> None:
    """'… with ASEAN, the EU and the US rose 6.7, 4.7 and 6.9 percent, respectively';
    '… grew 12.4% and 8.1% in March and April, respectively'; quarters of a year to date
    ('in the first three quarters … 6.76, 7.35 and 8.17 trillion yuan, respectively');
    'trade with Canada and Mexico rose 3% and 6%' (as many items as figures, no
    "respectively"); '… its top three partners, A, B and C. The growth rates with the
    three partners were 5%, 6% and 7%, respectively.' (the list of the sentence before)."""
    by_sentence: dict[tuple[int, int], list[Claim]] = {}
    for c in claims:
        by_sentence.setdefault(c.sentence_span, []).append(c)
    starts = [a for a, _ in spans or []]
    for span, group in by_sentence.items():
        sentence, a0 = group[0].sentence, group[0].sentence_span[0]
        previous: tuple[str, list[str]] | None = None
        anchors = [(r.start(), False) for r in re.finditer(r"respectively", sentence, re.I)]
        if not anchors:
            anchors = [(end, True) for end in _paired_runs(sentence, group, a0)]
        before_sentence = ""
        if spans and _LIST_BEFORE.search(sentence):
            i = bisect_right(starts, span[0]) - 1
            if i > 0:
                before_sentence = text[spans[i - 1][0] : spans[i - 1][1]]
        for anchor, strict in anchors:
            # the run of figures just before "respectively"
            run: list[Claim] = []
            cursor = anchor
            for c in reversed([c for c in group if c.mention.end - a0 <= anchor]):
                gap = sentence[c.mention.end - a0 : cursor]
                # the last figure may be followed by what the list is about ("in March
                # and April"), the others only by connectives
                tail_ok = not run and len(gap) < 80 and not re.search(r"[\d;]", gap)
                metrics = {c.metric, *(x.metric for x in run)} - {"other"}
                if not (tail_ok or _RUN_GAP.fullmatch(gap)) or len(metrics) > 1:
                    break
                run.insert(0, c)
                cursor = c.mention.start - a0
            if len(run) < 2:
                continue
            known = {c.metric for c in run} - {"other"}
            if len(known) == 1 and run[0].mention.kind == run[-1].mention.kind:
                for c in run:  # "was -6.5% and -0.2%": the list shares its measure
                    c.metric = next(iter(known))
            # a run of another measure just before, as long ("rose to 6.76, 7.35 and 8.17
            # trillion yuan, up by 9.4%, 6.4% and 13.8%, respectively")
            # (bracketed conversions between its items are not part of it)
            earlier_run = [
                c
                for c in group
                if c.mention.end - a0 <= run[0].mention.start - a0 and c.metric != "conversion"
            ]
            paired = earlier_run[-len(run) :] if len(earlier_run) >= len(run) else []

            def stripped(x: Claim, y: Claim, sentence: str = sentence, a0: int = a0) -> str:
                return _BRACKETED.sub("", sentence[x.mention.end - a0 : y.mention.start - a0])

            if not (
                paired
                and len({c.metric for c in paired}) == 1
                and paired[0].metric != run[0].metric
                and all(_RUN_GAP.fullmatch(stripped(x, y)) for x, y in pairwise(paired))
                and len(stripped(paired[-1], run[0])) < 40
            ):
                paired = []
            runs = [paired, run] if paired else [run]
            before_end = runs[0][0].mention.start - a0
            earlier = [c for c in group if c.mention.end - a0 <= before_end]
            span_start = earlier[-1].mention.end - a0 if earlier else 0
            listed = _listed_subjects(sentence[span_start:before_end]) or previous
            if listed is None and before_sentence:
                # "… the three partners … respectively": the list of the sentence before
                listed = _listed_subjects(before_sentence)
            if strict and not (
                listed
                and len(listed[1]) == len(run)
                and not re.search(r"[;,]", sentence[span_start:before_end].split(" and ")[-1])
            ):
                continue  # without "respectively", only a list exactly as long
            if listed and len(listed[1]) > len(run) and listed is not previous:
                # "Among the 10 ASEAN member countries, Vietnam, Malaysia, and Indonesia …
                # up 24.1%, 13.7%, and 4.1% respectively": the list is the last names
                listed = (listed[0], listed[1][-len(run) :])
            after = sentence[run[-1].mention.end - a0 : anchor]
            months = [h for h in find_periods(after, 0) if h.kind == "month"]
            span_text = sentence[span_start:before_end]
            goods = v.UNTRACKED_GOODS_RE.search(span_text)
            if goods and not (listed and len(listed[1]) == len(run)):
                items = _list_items(span_text, len(run))
                for r_ in runs:
                    for i, c in enumerate(r_):
                        item = items[i] if items else None
                        if item is not None and item[0] is not None:
                            kind, code = item[0]
                            c.partner = code if kind == "partner" else "WLD"
                            if kind != "partner":
                                setattr(c, kind, code)
                            c.ambiguous, c.subject_text = False, ""
                        else:  # a list naming untracked goods: this item is one of them
                            c.ambiguous = True
                            c.subject_text = item[1] if item else goods.group(0)
                continue
            for run in runs:
                _assign(run, listed, months, sentence)
            if listed and len(listed[1]) == len(run):
                previous = listed


_ORDINAL_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4}


def _listed_quarters(sentence: str) -> list[int]:
    """'in the first and second quarter(s)' -> [1, 2]."""
    m = re.search(
        r"\b((?:first|second|third|fourth)(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+)"
        r"(?:(?:first|second|third|fourth)(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+))*"
        r"(?:first|second|third|fourth))\s+quarters?\b",
        sentence,
        re.I,
    )
    if not m:
        return []
    return [
        _ORDINAL_QUARTERS[w.lower()]
        for w in re.findall(r"first|second|third|fourth", m.group(1), re.I)
    ]


def _list_items(span: str, n: int) -> list[tuple[tuple[str, str] | None, str]] | None:
    """The last n items of a list ("IC, automobile, and household appliance exports"),
    each with its subject (kind, code) if the vocabulary knows it, else None."""
    # commas first: an item may itself hold "and" ("equipment and parts, phones, and cars")
    parts = [p.strip() for p in re.split(r",\s*(?:and\s+)?", span) if p.strip()]
    if len(parts) < n:
        parts = [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", span) if p.strip()]
    if len(parts) < n:
        return None
    out: list[tuple[tuple[str, str] | None, str]] = []
    for part in parts[-n:]:
        found = next(
            (
                (kind, code)
                for kind, pairs in _SUBJECT_KINDS
                for code, pattern in pairs
                if re.search(pattern, part, re.I)
            ),
            None,
        )
        untracked = v.UNTRACKED_GOODS_RE.search(part)
        if found is None and untracked is None:
            return None  # not a list of subjects after all
        out.append((found, untracked.group(0) if untracked and found is None else part))
    return out


def _assign(
    run: list[Claim],
    listed: tuple[str, list[str]] | None,
    months: list[PeriodHit],
    sentence: str,
) -> None:
    """Give each figure of a 'respectively' run its subject or period."""
    if (
        listed
        and listed[0] == "flow"
        and (len(months) == len(run) or len(_listed_quarters(sentence)) == len(run))
    ):
        listed = None  # "imports and exports in the first and second quarter": periods
    if listed and len(listed[1]) == len(run):
        kind, codes = listed
        for c, code in zip(run, codes, strict=True):
            setattr(c, kind, code)
            if kind not in ("partner", "flow"):
                c.partner = "WLD"
            c.readings["flow" if kind == "flow" else "subject"] = Reading(
                "stated", code, None, "a list named in order"
            )
    elif len(months) == len(run) and run[0].period is not None:
        year = run[0].period.end.year
        for c, h in zip(run, months, strict=True):
            p = Period(h.year or year, h.month or 1)
            c.period = ClaimPeriod(p, p, "month")
    elif (named := _listed_quarters(sentence)) and len(named) == len(run) and run[0].period:
        year = run[0].period.end.year
        for c, q in zip(run, named, strict=True):
            c.period = ClaimPeriod(Period(year, 3 * q - 2), Period(year, 3 * q), "quarter")
    elif (
        re.search(r"\bquarters?\b", sentence, re.I)
        and run[0].period is not None
        and run[0].period.kind == "ytd"
        and run[0].period.end.month == 3 * len(run)
    ):
        year = run[0].period.end.year
        for q, c in enumerate(run, start=1):
            c.period = ClaimPeriod(Period(year, 3 * q - 2), Period(year, 3 * q), "quarter")


__all__ = ["Claim", "ClaimPeriod", "interpret", "replace", "sentences"]
