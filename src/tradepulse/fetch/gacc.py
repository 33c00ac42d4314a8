"""GACC's English statistics site: the preliminary-release index, then each table page.

The index (statics/report/preliminary.html for the current year, preliminaryYYYY.html for
earlier ones) is a table: one row per release table — "(1) China's Total Export & Import
Values (in CNY)" … "(6) China's Major Imports by Quantity and Value (in USD)" — and in each
row one link per month published so far (Statics/<uuid>.html). Tables (7) and (8) are
bulletins on freight supervision and inspection, not trade figures: not followed.

GACC's Chinese site serves its release pages with the table loaded separately by script
(the page holds only the title and date), so there is nothing to read there; MOFCOM's
data centre republishes the Chinese totals instead (fetch/mofcom.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

import lxml.html

from ..errors import FetchError, NoDataError, ParseError
from ..sources.base import ParsedRelease
from ..sources.gacc_html import parse_page
from .http import Fetcher

SITE = "http://english.customs.gov.cn"
INDEX = f"{SITE}/statics/report/preliminary.html"
PUBLISHER_TIER = 1
#: release tables worth following: (1) totals … (6) major imports
TABLE_TITLE_RE = re.compile(r"^\(([1-6])\)\s*China'?s\s", re.I)
ANY_TABLE_TITLE_RE = re.compile(r"^\(\d+\)")


def index_url(year: int | None = None) -> str:
    """The index of one year's preliminary releases (None: the current year's)."""
    return INDEX if year is None else f"{SITE}/statics/report/preliminary{year}.html"


@dataclass(frozen=True)
class Link:
    title: str  # the table's title as the index prints it
    month: str  # the link's text ("Mar.")
    url: str


def index_links(content: bytes, base: str) -> list[Link]:
    """The release-table links an index page lists; FetchError if its layout changed."""
    doc = lxml.html.document_fromstring(content.decode("utf-8", errors="replace"))
    rows = []
    for tr in doc.iter("tr"):
        cells = [c for c in tr if c.tag in ("td", "th")]
        if len(cells) >= 2:
            rows.append((" ".join(cells[0].text_content().split()), cells[1]))
    titled = [(t, cell) for t, cell in rows if ANY_TABLE_TITLE_RE.match(t)]
    if not titled:
        raise FetchError(
            "the index page's layout changed: no table of release titles with month links",
            file=base,
        )
    links = []
    for title, cell in titled:
        if not TABLE_TITLE_RE.match(title):
            continue
        for a in cell.iter("a"):
            href = (a.get("href") or "").strip()
            if href:
                links.append(Link(title, " ".join(a.text_content().split()), urljoin(base, href)))
    return links


def same_page(url: str) -> str:
    """A URL compared without scheme or letter case (the site mixes http/https, Statics)."""
    return re.sub(r"^https?://", "", url.strip()).lower()


@dataclass
class GaccOutcome:
    index: str
    links: int = 0
    fetched: int = 0
    no_table: list[str] | None = None


def fetch_new_tables(
    fetcher: Fetcher, known_sources: set[str], year: int | None = None
) -> tuple[list[ParsedRelease], GaccOutcome]:
    """Every release table the index links to that the store does not hold yet."""
    url = index_url(year)
    index = fetcher.get(url)
    links = index_links(index.content, url)
    known = {same_page(s) for s in known_sources}
    outcome = GaccOutcome(url, links=len(links), no_table=[])
    releases: list[ParsedRelease] = []
    for link in links:
        if same_page(link.url) in known:
            continue
        page = fetcher.get(link.url, referer=url)
        outcome.fetched += 1
        try:
            parsed = parse_page(page.content, link.url)
        except NoDataError:
            assert outcome.no_table is not None
            outcome.no_table.append(f"{link.title} {link.month}: {link.url}")
            continue
        except ParseError as exc:
            raise FetchError(
                f"the page for {link.title} {link.month} cannot be read "
                f"(changed layout?): {exc.message}",
                file=link.url,
            ) from exc
        for release in parsed:
            release.meta.tier = PUBLISHER_TIER
            release.meta.notes = "\n".join(
                x for x in (release.meta.notes, f"fetched {page.retrieved.isoformat()}") if x
            )
        releases.extend(parsed)
    return releases, outcome
