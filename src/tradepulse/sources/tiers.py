"""The source-tier policy: who published a figure, how far to trust it, and what to refuse.

Tiers (the lowest wins when figures disagree; see docs/data-model.md):

1. the publisher's own tables (GACC release tables, Monthly Bulletin);
2. official republication and statements (MOFCOM, GACC review articles and press-conference
   transcripts, SCIO, gov.cn, NBS);
3. a Chinese state agency (Xinhua, China Daily, CGTN, People's Daily, China News Service,
   CCTV, CNR, CRI, China.org.cn) or an international
   wire (Reuters, AP, AFP, Bloomberg, Dow Jones) reporting the release when it came out;
4. any other outlet, or an agency retold by another outlet or long after the release: in
   force only when at least two independent sources agree on the figure.

A source's *identity* is who wrote the text, not the site that carries it: a Xinhua story
reprinted by fifty sites is one source. Aggregators, AI-written and machine-translated
copies, blogs, forums, company pages and pages that do not name their outlet are refused
before they reach the store, each with its reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlparse

TABLE = 1
OFFICIAL = 2
AGENCY = 3
OUTLET = 4
TIERS = (TABLE, OFFICIAL, AGENCY, OUTLET)
TIER_NAMES = {
    TABLE: "publisher's table",
    OFFICIAL: "official statement",
    AGENCY: "agency or wire on release day",
    OUTLET: "other outlet (in force when corroborated)",
}

#: kinds of source, in the order that breaks ties between equally corroborated reports of
#: one release (a Chinese state agency before a foreign wire)
KINDS = ("publisher", "official", "state_agency", "wire", "outlet")

#: An agency's report counts as "on release day" when it appeared within this many days of
#: the end of the latest month it reports: GACC's preliminary release comes 7-14 days after
#: the month, its detailed tables and the quarterly press conference by about the 20th.
RELEASE_WINDOW_DAYS = 31

_AGENCIES: tuple[tuple[str, str, str], ...] = (
    # identity, kind, pattern (on the outlet name)
    ("Xinhua", "state_agency", r"\bxinhua\b|新华"),
    ("China Daily", "state_agency", r"\bchina daily\b"),
    ("CGTN", "state_agency", r"\bcgtn\b"),
    ("People's Daily", "state_agency", r"\bpeople['’]s daily\b|人民日报"),
    # China's other state news organisations: China News Service (the second state
    # agency), China Media Group's broadcasters (CGTN's siblings CCTV, CNR and CRI) and
    # China.org.cn (SCIO's portal)
    ("China News Service", "state_agency", r"\becns\b|\bcns\b|china news service|中新社"),
    ("CCTV", "state_agency", r"\bcctv\b"),
    ("CNR", "state_agency", r"\bcnr\b|china national radio"),
    ("CRI", "state_agency", r"\bcri\b|china radio international"),
    ("China.org.cn", "state_agency", r"china\.org\.cn"),
    ("Reuters", "wire", r"\breuters\b"),
    ("AP", "wire", r"\bap\b|associated press"),
    ("AFP", "wire", r"\bafp\b"),
    ("Bloomberg", "wire", r"(?<!bnn )\bbloomberg\b"),
    ("Dow Jones", "wire", r"\bdow jones\b|\bwsj\b|wall street journal"),
)
_OFFICIAL: tuple[tuple[str, str], ...] = (
    ("GACC", r"\bgacc\b|general administration of customs|\bcustoms\.gov\.cn\b"),
    ("MOFCOM", r"\bmofcom\b|ministry of commerce"),
    ("SCIO", r"\bscio\b|state council information office"),
    ("gov.cn", r"\benglish\.gov\.cn\b|\bgov\.cn\b|state council\b"),
    ("NBS", r"\bnbs\b|national bureau of statistics"),
)
#: Other outlets that appear under several names (one identity each)
_ALIASES: tuple[tuple[str, str], ...] = (
    ("SCMP", r"\bscmp\b|south china morning post"),
    ("dpa", r"\bdpa\b"),
    ("Yicai", r"\byicai\b"),
    ("ActionForex", r"action ?forex"),
    ("Kyodo", r"\bkyodo\b"),
    ("Jiji Press", r"\bjiji\b"),
    ("TASS", r"\btass\b"),
    ("Sputnik", r"\bsputnik\b"),
    ("EFE", r"\befe\b"),
    ("Europa Press", r"europa press"),
    ("Global Times", r"global times"),
    ("CNBC", r"\bcnbc\b"),
    ("CNN", r"\bcnn\b"),
    ("SEAISI", r"\bseaisi\b"),
    ("SMM", r"\bsmm\b|metal\.com"),
    ("Caixin", r"\bcaixin\b"),
    ("wowneta.jp", r"wowneta"),
    ("Hellenic Shipping News", r"hellenic shipping"),
)

#: What is never ingested, found in the outlet name, the row's note or the host.
_EXCLUDE: tuple[tuple[str, str], ...] = (
    ("AI-written site", r"\ballmind\b|\breportify\b|\bai-(?:written|generated)\b"),
    (
        "aggregator",
        r"aggregat|\btrading ?economics\b|\bceic\b|\bfocuseconomics\b|\bnews\.net\b"
        r"|\bdeepnewz\b|\bparticle news\b|newsminimalist|\bindexa\b|\bnewschoong\b|\bmenafn$",
    ),
    ("machine-translated copy", r"machine-translated|machine translated|breakinglatest"),
    ("blog", r"\bblog\b|blogspot|\bblogtop"),
    ("forum post", r"\bon (?:a |\w+ )?forum\b"),
    (
        "company or industry-supplier page",
        r"company (?:site|news page|blog)|corporate site"
        r"|supplier site",
    ),
    ("page does not name its outlet", r"\bunknown\b|outlet not named|original outlet unknown"),
    ("low-quality source (maintainers' note)", r"low-quality"),
)
_HOST_EXCLUDE: tuple[tuple[str, str], ...] = (
    ("AI-written site", r"\.ai$"),
    (
        "aggregator",
        r"(?:^|\.)(?:tradingeconomics\.com|ceicdata\.com|rsa-tax\.com|menafn\.com"
        r"|news\.net)$",
    ),
    ("machine-translated copy", r"(?:^|\.)(?:breakinglatest\.news|jqknews\.com)$"),
    ("forum post", r"^bbs\."),
)
#: A parenthesis saying the page retells the agency rather than reprinting it
_RETOLD = re.compile(r"citing|\bcites\b|quoting|-based|based\b|relay|summary|newsletter", re.I)


@dataclass(frozen=True)
class Source:
    """Who wrote a release's figures, and the tier that earns them."""

    identity: str  # the independent source (an agency reprinted anywhere is one)
    kind: str  # one of KINDS
    tier: int
    excluded: str | None = None  # why the page is refused, if it is


def _first(patterns: tuple[tuple[str, str], ...], text: str) -> str | None:
    for name, pattern in patterns:
        if re.search(pattern, text, re.I):
            return name
    return None


def _agency(text: str) -> tuple[str, str] | None:
    for name, kind, pattern in _AGENCIES:
        if re.search(pattern, text, re.I):
            return name, kind
    return None


def exclusion(outlet: str, url: str = "", note: str = "") -> str | None:
    """Why a page must not be ingested, or None."""
    host = urlparse(url).netloc.lower()
    return _first(_EXCLUDE, outlet) or _first(_EXCLUDE, note) or _first(_HOST_EXCLUDE, host)


def _split(outlet: str) -> tuple[str, str]:
    """The outlet's head and what it says about where the text came from."""
    m = re.match(r"^(.*?)\s*(?:\((.*)\)|\bvia\b(.*))?\s*$", outlet.strip())
    assert m is not None  # the pattern matches every string
    head = m.group(1).strip()
    rest = (m.group(2) or m.group(3) or "").strip()
    return head, rest


def classify(outlet: str, url: str = "", note: str = "") -> Source:
    """The identity, kind and base tier of a quoted figure's page (before the release-day
    test, see `news_tier`), or the reason it is refused.

    The head of the outlet name is who the page says wrote it ("Reuters (via Financial
    Post)": Reuters); a head that is no agency with an agency in brackets is a reprint of
    that agency ("eLive Brescia (Xinhua)": Xinhua), unless the brackets say the page
    retells it ("Al Bawaba (citing Reuters)": Reuters' figure, but tier 4).
    """
    excluded = exclusion(outlet, url, note)
    head, rest = _split(outlet)
    official = _first(_OFFICIAL, head)
    agency = _agency(head)
    tier = OUTLET
    if official and not agency:
        identity, kind, tier = official, "official", OFFICIAL
    elif agency:
        (identity, kind), tier = agency, AGENCY
    elif rest and (_agency(rest) or _first(_OFFICIAL, rest)):
        found = _agency(rest)
        identity, kind = found if found else (str(_first(_OFFICIAL, rest)), "official")
        tier = OUTLET if _RETOLD.search(rest) else (AGENCY if found else OFFICIAL)
    else:
        identity = _first(_ALIASES, outlet) or head or outlet.strip()
        kind = "outlet"
    return Source(identity, kind, tier, excluded)


def on_release(published: date | None, latest_period: str | None) -> bool:
    """Whether a report appeared with the release of the latest month it reports."""
    if published is None or not latest_period:
        return False
    year, month = int(latest_period[:4]), int(latest_period[5:7])
    first_of_next = date(year + month // 12, month % 12 + 1, 1)
    return published <= first_of_next + timedelta(days=RELEASE_WINDOW_DAYS - 1)


def news_tier(source: Source, published: date | None, latest_period: str | None) -> int:
    """The tier a quoted figure's page earns: an agency is tier 3 only on release day."""
    if source.tier == AGENCY and not on_release(published, latest_period):
        return OUTLET
    return source.tier


def for_publisher(publisher: str, source: str = "") -> Source:
    """The source of a release a reader did not tier itself (by its publisher and URL)."""
    return classify(publisher, source)


def kind_rank(kind: str) -> int:
    return KINDS.index(kind) if kind in KINDS else len(KINDS)
