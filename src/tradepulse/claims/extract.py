"""Finding numeric mentions in text: amounts with units and scale words, percentages,
percentage points, quantities, and numbers lost from a text ("expanded . percent")."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from ..errors import ClaimError
from .vocabulary import NUMBER_WORDS

# a decimal comma ("12,8%", "$190,27 billion") is two or fewer digits after the comma
NUM = r"(?<!\d)(?:\d+,\d{1,2}(?!\d)|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
SCALE = (
    r"100[ -]million|hundred million|trillions?|trln|tln|tn|billions?|bln|bn|"
    r"millions?|mln|mn|thousand"
)
#: "(dollar)6 trillion": a wire's rendering of the dollar sign
CUR_PRE = r"US\s?\$|U\.S\.\s?\$|USD\s?|\(dollar\)\s?|\$|RMB\s?|CNY\s?|¥"
CUR_POST = (
    r"yuan|RMB|renminbi|(?:U\.S\.|US)\s+dollars?|dollars|USD|CNY|"
    r"(?:U\.S\.|US)-dollars?"
)
APPROX_WORDS = (
    "about",
    "around",
    "roughly",
    "nearly",
    "almost",
    "approximately",
    "some",
    "close to",
    "over",
    "more than",
    "above",
    "exceeding",
    "exceeded",
    "under",
    "less than",
    "at least",
)

#: "USD 287.4B", "$4.2T": a capital letter written straight after the number is its scale
AMOUNT_PRE = re.compile(
    rf"(?P<cur>{CUR_PRE})\s?(?P<num>{NUM})(?:\s?(?P<scale>{SCALE})|(?P<letter>(?-i:[BT])))?\b",
    re.I,
)
#: "28.5-trillion-yuan": hyphens join the number, its scale and its currency
AMOUNT_POST = re.compile(
    rf"(?P<num>{NUM})(?:\s?|-)(?P<scale>{SCALE})?(?:\s?|-)(?P<cur>{CUR_POST})\b", re.I
)
#: "6-point-3 percent", "2-point-1 trillion yuan" (broadcast transcripts)
SPOKEN_DECIMAL = re.compile(
    rf"(?<!\d)(?P<i>\d+)-point-(?P<f>\d+)(?:\s?|-)(?:(?P<unit>percent|per cent|%)\b"
    rf"|(?P<scale>trillion|billion|million)(?:\s(?P<cur>{CUR_POST}))?\b)",
    re.I,
)
#: numbers in words: "seven percent", "three and a half percent", "four percentage
#: points", "one trillion yuan", "the one-trillion-yuan mark", "just under one trillion USD"
WORD_PERCENT = re.compile(
    r"\b(?P<w>one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
    r"twenty|thirty|forty|fifty)(?P<half>\s+and\s+a\s+half)?[\s-]"
    r"(?:(?P<pp>percentage\s+points?)|(?:percent|per cent)|"
    rf"(?P<scale>trillion|billion)[\s-](?P<cur>{CUR_POST}))\b",
    re.I,
)
#: "a 1.5-fold increase", "grew 4.4 times": a multiple, which may mean the new level or
#: the increase over the old ("1.5-fold" is +50% or +150%): read, never judged
MULTIPLE = re.compile(r"(?<![\w.,])(?P<num>\d+(?:\.\d+)?)(?:-fold\b|\s+times\b)", re.I)
#: amounts in a currency GACC does not publish in ("€46.6 billion", "RM131.5 billion",
#: "8.28 trillion Singapore dollars"): an article's own conversion, read, never judged
FOREIGN_AMOUNT = re.compile(
    rf"(?:(?<![\w$.])(?P<pre>€|£|RM|S\$|HK\$|A\$|C\$|NT\$|Rs\.?)\s?(?P<num>{NUM})\s?(?P<scale>{SCALE})?\b"
    rf"|(?P<num2>{NUM})\s?(?P<scale2>{SCALE})?\s(?P<post>euros?|(?:Singapore|Hong Kong|"
    r"Australian|Canadian|New Taiwan) dollars|(?:Malaysian )?ringgit|pounds sterling|rupees|"
    r"roubles|rubles|yen|won|baht|rupiah|pesos|reais)\b)",
    re.I,
)
#: values given in words: "exports remained unchanged" (0%), "over half of the total"
WORD_ZERO = re.compile(
    r"\b(?:exports|imports|trade|shipments|growth)\b[^.;\d]{0,40}?\b(?:remained|stayed|was|"
    r"were|held|came in)\s+(?P<w>unchanged|flat)\b(?!\s+(?:at|from|on|in terms)\b)",
    re.I,
)
WORD_SHARE = re.compile(
    r"\b(?:over|more than|nearly|almost|about|around|roughly|less than|under)\s+"
    r"(?P<w>half|a third|a quarter|two[- ]thirds)(?=\s+of\b)",
    re.I,
)
SHARE_WORDS = {"half": 50.0, "a third": 33.3, "a quarter": 25.0, "two-thirds": 66.7}
WORD_VALUES = {
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
}
#: "exports rose 11.2 percent, imports 9.8": a rate in a list whose unit was left out
LIST_RATE = re.compile(
    r"(?:,|;|\band|\bwhile|\bwhereas)\s+(?:and\s+)?(?:those of\s+)?"
    r"(?:exports|imports|(?:total\s+)?trade|shipments)\s+"
    r"(?:(?:rose|grew|gained|increased|fell|dropped|declined|slid|were up|were down|up|down)"
    r"\s+(?:by\s+)?)?(?P<num>-?\d+(?:\.\d+)?)(?!\d|\.\d|,\d|\s*(?:%|percent|per cent|pct|points?|"
    r"trillion|billion|million|yuan|dollars|tons|tonnes|months?|years?|[a-z])\b)",
    re.I,
)
PERCENT = re.compile(
    rf"(?P<num>-?(?:{NUM}))\s?(?:-?\s?(?P<unit>%|percent(?!age)|per\s?cent|pct|pc)"
    r"(?:(?!\w)|(?=(?:yoy|y/y|mom|m/m)\b))"
    rf"(?P<points>\s+points?)?|(?P<pp>\s+percentage\s+points?|\s+pp\b))",
    re.I,
)
#: tonnages and counts ("88.5 million tonnes", "43.9mn tonnes", "a 3.3-mmt decline"), and
#: oil by the barrel or the barrel a day ("10.48 million b/d", "12 million bpd", "884,000
#: barrels per day"): a rate of flow, which the data (tonnes) cannot check
QUANTITY = re.compile(
    rf"(?P<num>{NUM})(?:\s?|-)(?P<scale>million|billion|mln|bln|mn|bn|thousand)?(?:\s?|-)"
    r"(?P<unit>metric tons?|tonnes|tons?|mmt|mt|b/d|bpd|barrels?\s+(?:a|per)\s+day|barrels|"
    r"units|vehicles|cars)\b",
    re.I,
)
# Where a text lost its digits: "expanded . percent", "totaled . trillion", "surged  percent",
# "the first  months", "up nearly  in November". The `gap` group is where the number was.
MISSING = re.compile(
    r"(?:^|(?<=\s))(?P<gap>\.)\s?(?=(?:percent|per cent|trillion|billion|million)\b)"
    r"|(?<=\S)(?P<gap2>\s{2})(?=(?:percent|per cent|months)\b)"
    r"|\b(?:nearly|up|by|about|surged|jumped|rose|fell|down)(?P<gap3>\s{2})(?=\w)",
    re.I,
)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    #: amount | percent | pp | quantity | missing | multiple | foreign (currency) | round
    #: (an amount in words)
    kind: str
    number: float | None
    decimals: int
    scale: float
    currency: str | None
    unit: str  # yuan | dollar | percent | pp | tonne ... | the unit after a lost number
    approx: str


SCALES = {
    "trillion": 1e12,
    "trillions": 1e12,
    "trln": 1e12,
    "tln": 1e12,
    "tn": 1e12,
    "billion": 1e9,
    "billions": 1e9,
    "bln": 1e9,
    "bn": 1e9,
    "million": 1e6,
    "millions": 1e6,
    "mln": 1e6,
    "mn": 1e6,
    "thousand": 1e3,
    "b": 1e9,
    "t": 1e12,
    "100 million": 1e8,
    "100-million": 1e8,
    "hundred million": 1e8,
}


BARE_LIST_AMOUNT = re.compile(
    r"(?<![\w.$¥,])(?P<n>\d[\d,]*(?:\.\d+)?)\s*(?P<scale>trillion|billion)\b"
)
#: what separates the items of a list of amounts
LIST_GAP = re.compile(
    r"(?:\s*(?:,|and|or)\s*(?:and\s+)?(?:\d[\d,]*(?:\.\d+)?\s*(?:trillion|billion))?)*"
    r"\s*(?:,|and|or)\s*(?:and\s+)?(?:RMB|US\$|\$|¥)?\s*"
)


#: a run of bare numbers that ends just before a list's last item, which alone has the unit
BARE_LIST_HEAD = re.compile(
    r"(?<![\w.,$¥%+-])(?:\d+(?:\.\d+)?(?:\s*,\s*(?:and\s+)?|,?\s+and\s+)){1,6}\Z"
)
BARE_ITEM = re.compile(r"\d+(?:\.\d+)?")
#: the kinds of item whose unit a list's earlier bare numbers take
LIST_UNIT_KINDS = ("percent", "pp", "amount")


def _scale(text: str | None) -> float:
    if not text:
        return 1.0
    return SCALES.get(text.lower().replace("  ", " "), 1.0)


def _currency(text: str) -> str:
    t = text.lower()
    return "CNY" if any(k in t for k in ("yuan", "rmb", "renminbi", "cny", "¥")) else "USD"


def _number(text: str) -> tuple[float, int]:
    if re.fullmatch(r"\d+,\d{1,2}", text):
        text = text.replace(",", ".")
    clean = text.replace(",", "")
    decimals = len(clean.split(".", 1)[1]) if "." in clean else 0
    return float(clean), decimals


def _approx(text: str, start: int) -> str:
    before = text[max(0, start - 22) : start].lower().rstrip(" ($")
    for word in sorted(APPROX_WORDS, key=len, reverse=True):
        if before.endswith(word):
            return word
    return ""


#: The work budget of one article: no news article holds this many figures (the most in
#: the development articles is 36), and each one costs its interpretation and a look-up.
MAX_MENTIONS = 300


def find_mentions(text: str, where: str = "<text>") -> list[Mention]:
    """All numeric mentions, non-overlapping, in text order (linear in the text: each
    pattern scans it once, and a map of taken characters answers overlaps). More than
    MAX_MENTIONS is refused: not an article but a table or data dump."""
    taken = bytearray(len(text) + 1)
    out: list[Mention] = []

    def free(a: int, b: int) -> bool:
        return taken.find(1, a, max(b, a + 1)) == -1

    def add(m: Mention) -> None:
        taken[m.start : m.end] = b"\x01" * (m.end - m.start)
        out.append(m)
        if len(out) > MAX_MENTIONS:
            raise ClaimError(
                f"the text holds more than {MAX_MENTIONS:,} numbers, over the limit for one "
                "article",
                file=where,
                hint="check the article on its own, or split a long text into its articles",
            )

    for url in re.finditer(r"\b(?:https?://|www\.)\S+", text):
        taken[url.start() : url.end()] = b"\x01" * (url.end() - url.start())  # no figures
    for m in SPOKEN_DECIMAL.finditer(text):
        number = float(f"{m.group('i')}.{m.group('f')}")
        if m.group("unit"):
            add(
                Mention(
                    *m.span(),
                    m.group(0),
                    "percent",
                    number,
                    len(m.group("f")),
                    1.0,
                    None,
                    "percent",
                    _approx(text, m.start()),
                )
            )
        elif m.group("cur"):
            cur = _currency(m.group("cur"))
            add(
                Mention(
                    *m.span(),
                    m.group(0),
                    "amount",
                    number,
                    len(m.group("f")),
                    _scale(m.group("scale")),
                    cur,
                    "yuan" if cur == "CNY" else "dollar",
                    _approx(text, m.start()),
                )
            )
    for m in WORD_PERCENT.finditer(text):
        word = m.group("w").lower()
        number = float(NUMBER_WORDS.get(word) or WORD_VALUES[word]) + (
            0.5 if m.group("half") else 0
        )
        if not free(*m.span()):
            continue
        if m.group("scale"):
            # "one trillion yuan" is a round mark ("topping", "just under"), one digit: too
            # coarse to judge, and read as such
            cur = _currency(m.group("cur"))
            kind, unit, currency = "round", "yuan" if cur == "CNY" else "dollar", cur
        else:
            kind = unit = "pp" if m.group("pp") else "percent"
            currency = None
        add(
            Mention(
                *m.span(),
                m.group(0),
                kind,
                number,
                1 if m.group("half") else 0,
                _scale(m.group("scale")),
                currency,
                unit,
                _approx(text, m.start()),
            )
        )
    for rx, kind in ((MULTIPLE, "multiple"), (FOREIGN_AMOUNT, "foreign")):
        for m in rx.finditer(text):
            a, b = m.span()
            num = m.group("num") or m.groupdict().get("num2") or ""
            if not free(a, b) or re.fullmatch(r"(19|20)\d\d", num):
                continue
            number, decimals = _number(num)
            scale = m.groupdict().get("scale") or m.groupdict().get("scale2")
            unit = "times" if kind == "multiple" else m.group("pre") or m.group("post").lower()
            add(
                Mention(
                    a,
                    b,
                    m.group(0),
                    kind,
                    number,
                    decimals,
                    _scale(scale),
                    None,
                    unit,
                    _approx(text, a),
                )
            )
    for m in WORD_ZERO.finditer(text):
        a, b = m.span("w")
        if free(a, b):  # "unchanged" is 0.0; "flat" is only about nothing
            exact = m.group("w").lower() == "unchanged"
            add(Mention(a, b, text[a:b], "percent", 0.0, int(exact), 1.0, None, "percent", ""))
    for m in WORD_SHARE.finditer(text):
        a, b = m.span("w")
        word = m.group("w").lower().replace(" ", " ").replace("two thirds", "two-thirds")
        if free(a, b):
            add(
                Mention(
                    a,
                    b,
                    text[a:b],
                    "percent",
                    SHARE_WORDS[word],
                    0,
                    1.0,
                    None,
                    "percent",
                    _approx(text, a),
                )
            )
    for rx in (AMOUNT_PRE, AMOUNT_POST):
        for m in rx.finditer(text):
            a, b = m.span()
            if not free(a, b) or (
                re.match(r"(19|20)\d\d$", m.group("num")) and not m.group("scale")
            ):
                continue
            # "2020 yuan" style false hits need a scale or a currency prefix
            if rx is AMOUNT_POST and not m.group("scale") and _number(m.group("num"))[0] < 1000:
                continue
            number, decimals = _number(m.group("num"))
            add(
                Mention(
                    a,
                    b,
                    m.group(0),
                    "amount",
                    number,
                    decimals,
                    _scale(m.group("scale") or m.groupdict().get("letter")),
                    _currency(m.group("cur")),
                    "yuan" if _currency(m.group("cur")) == "CNY" else "dollar",
                    _approx(text, a),
                )
            )
    for m in PERCENT.finditer(text):
        a, b = m.span()
        if not free(a, b):
            continue
        number, decimals = _number(m.group("num").lstrip("-"))
        if m.group("num").startswith("-"):
            number = -number
        is_pp = bool(m.group("pp") or m.group("points"))
        add(
            Mention(
                a,
                b,
                m.group(0),
                "pp" if is_pp else "percent",
                number,
                decimals,
                1.0,
                None,
                "pp" if is_pp else "percent",
                _approx(text, a),
            )
        )
    rates = sorted(o.end for o in out if o.kind == "percent")
    for m in LIST_RATE.finditer(text):
        a, b = m.span("num")
        at = bisect_left(rates, m.start() + 1)
        if not at or m.start() - rates[at - 1] > 60 or not free(a, b):
            continue  # only in a list whose earlier item gave the unit
        number, decimals = _number(m.group("num").lstrip("-"))
        sign = -1 if m.group("num").startswith("-") else 1
        add(
            Mention(
                a,
                b,
                text[a:b],
                "percent",
                sign * number,
                decimals,
                1.0,
                None,
                "percent",
                _approx(text, a),
            )
        )
    for m in QUANTITY.finditer(text):
        a, b = m.span()
        if not free(a, b):
            continue
        number, decimals = _number(m.group("num"))
        scale = _scale(m.group("scale"))
        if m.group("unit").lower() == "mmt" and not m.group("scale"):
            scale = 1e6  # million metric tons
        add(
            Mention(
                a,
                b,
                m.group(0),
                "quantity",
                number,
                decimals,
                scale,
                None,
                m.group("unit").lower(),
                _approx(text, a),
            )
        )
    # "42.3, 31.1 and 1.8 percent", "by 2.7 and 1.2 percentage points", "values of 32.39,
    # 19.92 and 10.9 billion yuan": bare numbers listed before the item that gives the unit
    for last in sorted((o for o in out if o.kind in LIST_UNIT_KINDS), key=lambda o: o.start):
        if last.number is None or last.text.lstrip("-+(").startswith(("$", "US", "RMB", "¥")):
            continue
        head = BARE_LIST_HEAD.search(text, max(0, last.start - 80), last.start)
        if head is None:
            continue
        for item in BARE_ITEM.finditer(head.group(0)):
            a, b = head.start() + item.start(), head.start() + item.end()
            number, decimals = _number(item.group(0))
            if not free(a, b) or (decimals == 0 and 1900 <= number <= 2100):
                continue  # a year ("2019, 2020 and 5%") is no item of the list
            add(
                Mention(
                    a,
                    b,
                    text[a:b],
                    last.kind,
                    number,
                    decimals,
                    last.scale,
                    last.currency,
                    last.unit,
                    _approx(text, a),
                )
            )
    # "3.57 trillion and 3.14 trillion yuan", "10.15 trillion, 11 trillion, and 11.17
    # trillion yuan": a bare scaled amount in a list takes the currency of the list's end
    amounts = sorted((o for o in out if o.kind == "amount"), key=lambda o: o.start)
    starts = [o.start for o in amounts]
    for m in BARE_LIST_AMOUNT.finditer(text):
        a, b = m.start("n"), m.end("scale")
        if not free(a, b):
            continue
        at = bisect_left(starts, b)
        end = amounts[at] if at < len(amounts) and amounts[at].start - b < 60 else None
        if end is None or not LIST_GAP.fullmatch(text[b : end.start]):
            # "RMB2.2 trillion and 1.9 trillion": the currency of the list's first item
            end = amounts[at - 1] if at and a - amounts[at - 1].end < 40 else None
            if end is None or not re.fullmatch(
                r"\s*(?:,|and|or|to)\s*(?:and\s+)?", text[end.end : a]
            ):
                continue
        number, decimals = _number(m.group("n"))
        found = Mention(
            a,
            b,
            text[a:b],
            "amount",
            number,
            decimals,
            _scale(m.group("scale")),
            end.currency,
            end.unit,
            _approx(text, a),
        )
        add(found)
        at = bisect_left(starts, a)  # a later bare item may take its currency from this one
        starts.insert(at, a)
        amounts.insert(at, found)
    for m in MISSING.finditer(text):
        group = next(g for g in ("gap", "gap2", "gap3") if m.group(g) is not None)
        a, b = m.span(group)
        if not free(a, max(b, a + 1)):
            continue
        following = re.match(r"\s*(\w+(?:\s\w+)?)", text[m.end() :])
        unit = following.group(1).lower() if following else ""
        add(Mention(a, b, text[a:b], "missing", None, 0, 1.0, None, unit, _approx(text, a)))
    out.sort(key=lambda m: m.start)
    return out
