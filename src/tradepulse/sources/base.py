"""What every reader produces: a release's metadata and its observations."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

#: Authority tiers: the lowest wins when two releases give the same figure.
OFFICIAL_TABLE = 0  # the publisher's own table
OFFICIAL_QUOTE = 1  # the publisher's own statement or press release quoted verbatim
NEWS = 2  # a figure quoted by a news outlet, citing the publisher
ERRATUM = 3  # a quoted figure the maintainers found misprinted: kept, never preferred

OBSERVATION_FIELDS = (
    "reporter",
    "flow",
    "partner",
    "breakdown_kind",
    "breakdown_scheme",
    "breakdown_code",
    "breakdown_label",
    "period",
    "period_kind",
    "currency",
    "measure",
    "unit",
    "value",
    "resolution",
    "source_row",
    "source_col",
)


@dataclass
class ReleaseMeta:
    publisher: str
    table_id: str
    title: str
    source: str
    published: date | None
    content_hash: str
    source_format: str
    authority: int = OFFICIAL_TABLE
    status: str = "preliminary"
    cites: str | None = None
    notes: str = ""
    #: 1 publisher's table · 2 official republication/statement · 3 state agency or wire on
    #: release day · 4 other outlet; None: decided by sources/tiers.py from publisher/source
    tier: int | None = None


@dataclass
class ParsedRelease:
    """One release as read from an input, before it is stored."""

    meta: ReleaseMeta
    observations: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class Reader(Protocol):
    """A reader for one input format (see registry)."""

    name: str

    def sniff(self, path: Path, data: bytes) -> bool:
        """True if this reader understands the input."""
        ...

    def read(self, path: Path, data: bytes) -> list[ParsedRelease]:
        """Parse the input; raise NoDataError or ParseError when it cannot."""
        ...


def content_hash(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()
