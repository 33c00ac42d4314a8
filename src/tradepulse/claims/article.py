"""Reading an article: plain text or HTML, its date, and the checks on bad input."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from ..errors import ClaimError
from ..model import MONTH_NAMES

MAX_BYTES = 2 * 1024 * 1024
ENGLISH_WORDS = {
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "was",
    "for",
    "on",
    "with",
    "by",
    "from",
    "year",
    "trade",
    "percent",
    "billion",
    "its",
    "that",
    "as",
}
OTHER_LATIN_WORDS = {
    "el",
    "la",
    "los",
    "las",
    "del",
    "que",
    "por",
    "con",
    "una",
    "der",
    "die",
    "und",
    "das",
    "mit",
    "den",
    "le",
    "les",
    "des",
    "et",
    "une",
    "dans",
    "il",
    "della",
    "di",
    "che",
    "na",
    "do",
    "da",
    "em",
    "não",
    "yang",
    "dan",
    "ang",
    "ng",
    "mga",
}


@dataclass(frozen=True)
class Article:
    text: str
    date: date | None
    date_source: str  # option | metadata | metadata_month | text | none
    source: str


def _decode(data: bytes, where: str) -> str:
    if not data.strip():
        raise ClaimError("the input is empty", file=where, hint="give an article's text")
    if len(data) > MAX_BYTES:
        raise ClaimError(
            f"the input is {len(data) / 2**20:.1f} MiB, over the "
            f"{MAX_BYTES // 2**20} MiB limit for one article",
            file=where,
            hint="check one article at a time",
        )
    if b"\x00" in data[:8192]:
        raise ClaimError("binary data, not an article", file=where)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise ClaimError("binary data, not an article", file=where) from exc


def _language_check(text: str, where: str) -> None:
    letters = re.findall(r"[^\W\d_]", text)
    if not letters:
        raise ClaimError("the input has no words", file=where)
    foreign = sum(1 for c in letters if ord(c) > 0x2E7F)  # CJK, kana, hangul ...
    cyr_arab = sum(1 for c in letters if 0x0400 <= ord(c) <= 0x06FF)
    if (foreign + cyr_arab) / len(letters) > 0.3:
        script = "Chinese or Japanese" if foreign > cyr_arab else "Cyrillic or Arabic script"
        raise ClaimError(f"the text is not in English (it is mostly in {script})", file=where)
    words = re.findall(r"[a-zA-Záéíóúñãõçàèüöäß]+", text.lower())
    if len(words) >= 30:
        english = sum(1 for w in words if w in ENGLISH_WORDS)
        other = sum(1 for w in words if w in OTHER_LATIN_WORDS)
        if other > english:
            raise ClaimError("the text is not in English", file=where)


def html_to_text(raw: str) -> tuple[str, str | None]:
    """The article text of an HTML page (paragraphs), and a date from its metadata."""
    import lxml.html

    doc = lxml.html.document_fromstring(raw)
    meta_date = None
    for xpath in (
        "//meta[@property='article:published_time']/@content",
        "//meta[@name='PubDate']/@content",
        "//meta[@name='pubdate']/@content",
        "//meta[@name='date']/@content",
        "//meta[@itemprop='datePublished']/@content",
        "//time/@datetime",
    ):
        found = doc.xpath(xpath)
        if found:
            meta_date = str(found[0])
            break
    for bad in doc.xpath("//script|//style|//nav|//header|//footer|//aside|//noscript|//form"):
        bad.drop_tree()
    root = (doc.xpath("//article") or doc.xpath("//body") or [doc])[0]
    blocks = []
    for el in root.iter("h1", "h2", "h3", "p", "li", "td"):
        text = " ".join(el.text_content().split())
        if text:
            blocks.append(text)
    if not blocks:
        blocks = [" ".join(root.text_content().split())]
    return "\n\n".join(blocks), meta_date


MONTHS_RE = "|".join(sorted(MONTH_NAMES, key=len, reverse=True))


def find_date(text: str) -> date | None:
    """A publication date near the top of a text: 'date: 2020-11-09', '2020/12/8',
    'December 7, 2020', '7 December 2020'."""
    head = text[:1500]
    m = re.search(r"^date:\s*(\d{4})-(\d{2})-(\d{2})", head, re.M)
    patterns = [
        (r"\b(20\d{2})[-/.](\d{1,2})[-/.](\d{1,2})\b", lambda g: (g[0], g[1], g[2])),
        (
            rf"\b({MONTHS_RE})\.?\s+(\d{{1,2}}),?\s+(20\d{{2}})\b",
            lambda g: (g[2], str(MONTH_NAMES[g[0].lower()]), g[1]),
        ),
        (
            rf"\b(\d{{1,2}})\s+({MONTHS_RE})\.?,?\s+(20\d{{2}})\b",
            lambda g: (g[2], str(MONTH_NAMES[g[1].lower()]), g[0]),
        ),
    ]
    if m:
        return _stated_date(m.group(0), int(m.group(1)), int(m.group(2)), int(m.group(3)))
    for pattern, order in patterns:
        for found in re.finditer(pattern, head, re.I):
            y, mo, d = order(found.groups())
            try:
                return date(int(y), int(mo), int(d))
            except ValueError:
                continue
    return None


def _parse_meta_date(text: str | None) -> date | None:
    if not text:
        return None
    m = re.search(r"(\d{4})-(\d{2})-(\d{2})", text)
    return (
        _stated_date(m.group(0), int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
    )


def _stated_date(text: str, year: int, month: int, day: int) -> date:
    """An article's stated date; one that is no date (2026-02-30) is refused, not guessed."""
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ClaimError(
            f"the article's date {text.strip()!r} is not a real date",
            hint="Correct it, or give the date with --date",
        ) from exc


def read_article(data: bytes, where: str = "<stdin>", given_date: date | None = None) -> Article:
    raw = _decode(data, where)
    is_html = bool(re.search(r"<(html|body|p|div|article)\b", raw[:5000], re.I))
    meta_date = None
    text = raw
    if is_html:
        text, meta = html_to_text(raw)
        meta_date = _parse_meta_date(meta) if given_date is None else None
    _language_check(text, where)
    text = join_split_words(text)
    if given_date is not None:
        return Article(text, given_date, "option", where)
    if meta_date is not None:
        return Article(text, meta_date, "metadata", where)
    found = find_date(text)
    if found is not None:
        source = "metadata" if re.search(r"^date:", text[:500], re.M) else "text"
        return Article(text, found, source, where)
    month = month_only_date(text)
    if month is not None:
        return Article(text, month, "metadata_month", where)
    return Article(text, None, "none", where)


#: words a line break may split with a hyphen ("yu-\nan", "bil-\nlion"): joined again
SPLIT_WORDS = {
    "yuan",
    "billion",
    "trillion",
    "million",
    "percent",
    "dollars",
    "exports",
    "imports",
    "surplus",
    "deficit",
}


def join_split_words(text: str) -> str:
    """Join a unit word a line break split with a hyphen; other hyphens stay."""

    def join(m: re.Match[str]) -> str:
        whole = m.group(1) + m.group(2)
        return whole if whole.lower() in SPLIT_WORDS else m.group(0)

    return re.sub(r"\b([A-Za-z]+)-[ \t]*\n[ \t]*([a-z]+)\b", join, text)


def month_only_date(text: str) -> date | None:
    """'date: 2023-02' (the day unknown): the month's last day, so that the latest release
    before it is the one a month's reporting is about (GACC publishes in the first half)."""
    m = re.search(r"^date:\s*(\d{4})-(\d{2})\b(?!-\d)", text[:500], re.M)
    if m is None:
        return None
    year, month = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12:
        return None
    return date(year, month, calendar.monthrange(year, month)[1])
