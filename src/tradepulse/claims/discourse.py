"""The discourse model: an article's structure (title, dateline, paragraphs, numbered
sections, bullets, captions), the dates in it that are not reference periods, and how
each element of a claim was read (stated, carried or defaulted).

The rules for the context a figure inherits (docs/claims.md, "The discourse model"):

- the article's headline period is the first period a main figure states (or the one
  period a lead without figures names);
- a main figure's stated period becomes the context for the figures after it in its
  paragraph;
- a passing month ("in October alone"), a comparison base ("from $44bn a year earlier",
  "May's 1.8% rise", "than in April"), a release date ("said on Nov 7") and a dateline
  ("CAIRO, Nov. 7 (Agency) --") never do;
- a paragraph break or a numbered section returns the context to the headline period;
- a photo caption is read for nothing and carries nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from ..model import MONTH_NAMES

MONTHS_RE = "|".join(sorted(MONTH_NAMES, key=len, reverse=True))

#: "CAIRO, Nov. 7 (Agency) --", "BEIJING, March 7 (Xinhua) —": where and when a story was
#: filed, at the start of a paragraph
DATELINE = re.compile(
    rf"^[ \t]*[A-Z][A-Za-z .'-]{{1,40}},\s*(?:(?:{MONTHS_RE})\.?\s+\d{{1,2}}(?:,\s*20\d\d)?"
    r"\s*)?\([A-Za-z .]{2,30}\)\s*(?:--|—|–|-|:)",
    re.M,
)
#: a calendar date: a month with its day ("on Nov 7", "March 7, 2024"), never a period
CALENDAR_DATE = re.compile(
    rf"\b(?:{MONTHS_RE})\.?[ \t]+(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b"
    r"(?![ \t]*(?:[.,]\d|%|percent|per cent|pct|trillion|billion|million|yuan|dollars))"
    rf"|\b(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?[ \t]+(?:{MONTHS_RE})\b\.?(?:,?[ \t]+20\d\d)?",
    re.I,
)
#: a photo caption: a line that ends in a credit ("/CFP", "(Photo/Xinhua)", "Photo: …")
CAPTION = re.compile(
    r"(?:(?:/|\bvia\s)\s*(?:CFP|IC|VCG|Xinhua|China Daily|AFP|Reuters|AP|Bloomberg|"
    r"Getty Images)\s*\)?|\((?:photo|file photo)[^)]*\)|\bphoto(?:graph)?\s*(?:by|:|/)"
    r"[^\n]{0,60})\s*$",
    re.I,
)
#: a block of metadata lines ("url: …", "date: …") before the article
METADATA = re.compile(r"\s*(?:[a-z_]+:[ \t][^\n]*\n?\s*)+")
#: a numbered section ("2. Private firms gained ground.", "II. Trade modes", "(3) Goods")
SECTION = re.compile(r"^[ \t]*(?:\d{1,2}[.)]|\(\d{1,2}\)|[IVX]{1,4}\.)[ \t]+(?=[A-Z])", re.M)
BULLET = re.compile(r"^[ \t]*[-*•][ \t]+", re.M)


@dataclass(frozen=True)
class Block:
    """A paragraph-level unit of the article."""

    start: int
    end: int
    kind: str  # title | paragraph | section | bullet | caption


@dataclass
class Structure:
    blocks: list[Block]
    not_periods: list[tuple[int, int]]  # datelines and calendar dates
    _starts: list[int] = field(default_factory=list)
    _date_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._starts = [b.start for b in self.blocks]
        self._date_starts = [a for a, _ in self.not_periods]

    def block_at(self, pos: int) -> int:
        """The index of the block holding a position (-1 before the first)."""
        return bisect_right(self._starts, pos) - 1

    def kind_at(self, pos: int) -> str:
        i = self.block_at(pos)
        return self.blocks[i].kind if i >= 0 else "paragraph"

    def block_start(self, pos: int) -> int:
        i = self.block_at(pos)
        return self.blocks[i].start if i >= 0 else 0

    def is_date(self, start: int, end: int) -> bool:
        """Whether a span lies in a dateline or a calendar date (not a period)."""
        i = bisect_right(self._date_starts, start)
        return any(a <= start and end <= b for a, b in self.not_periods[max(0, i - 3) : i])


def structure(text: str) -> Structure:
    """Blocks (split at blank lines, numbered sections and bullets) and the spans that
    are dates rather than reference periods."""
    cuts = {0}
    cuts.update(m.end() for m in re.finditer(r"\n[ \t]*\n", text))
    cuts.update(m.start() for m in SECTION.finditer(text))
    cuts.update(m.start() for m in BULLET.finditer(text))
    edges = sorted(c for c in cuts if c < len(text))
    blocks: list[Block] = []
    for i, a in enumerate(edges):
        b = edges[i + 1] if i + 1 < len(edges) else len(text)
        chunk = text[a:b]
        if not chunk.strip() or (not blocks and METADATA.fullmatch(chunk)):
            continue
        if CAPTION.search(chunk.rstrip()) and len(chunk) < 400:
            kind = "caption"
        elif SECTION.match(chunk):
            kind = "section"
        elif BULLET.match(chunk):
            kind = "bullet"
        elif not blocks and len(chunk.strip()) < 160 and not chunk.rstrip().endswith("."):
            kind = "title"
        else:
            kind = "paragraph"
        blocks.append(Block(a, b, kind))
    dates = [m.span() for m in DATELINE.finditer(text)]
    dates += [m.span() for m in CALENDAR_DATE.finditer(text)]
    return Structure(blocks, sorted(dates))


@dataclass(frozen=True)
class Reading:
    """How one element of a claim was read."""

    how: str  # stated | carried | defaulted
    text: str = ""  # the words that state it, or the words it was carried from
    span: tuple[int, int] | None = None  # where those words are in the article
    source: str = ""  # for carried: "the sentence before", "the headline", "the heading"

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"how": self.how}
        if self.text:
            out["text"] = self.text
        if self.span is not None:
            out["span"] = list(self.span)
        if self.source:
            out["from"] = self.source
        return out

    def describe(self) -> str:
        if self.how == "stated":
            return f"stated ({self.text!r})" if self.text else "stated"
        if self.how == "carried":
            quoted = f" {self.text!r}" if self.text else ""
            return f"carried from {self.source or 'earlier'}{quoted}"
        return f"defaulted{f' ({self.text})' if self.text else ''}"


STATED = Reading("stated")
DEFAULTED = Reading("defaulted")
