"""The reader registry: picks a reader by content and says which it tried when none fits."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import NoDataError, ParseError, SourceError
from .base import ParsedRelease, Reader
from .gacc_html import GaccHtmlReader
from .gacc_text import GaccTextReader
from .mofcom import MofcomReprintReader, MofcomTotalMonthReader
from .news_records import NewsRecordsReader
from .region_workbook import RegionWorkbookReader
from .tidy import TidyReader

READERS: tuple[Reader, ...] = (
    # MOFCOM's JSON first: its reprints name 海关总署, which the GACC page reader sniffs for
    MofcomTotalMonthReader(),
    MofcomReprintReader(),
    GaccHtmlReader(),
    GaccTextReader(),
    NewsRecordsReader(),
    TidyReader(),
)
#: Readers of binary formats (workbooks), tried before binary input is refused.
BINARY_READERS: tuple[Reader, ...] = (RegionWorkbookReader(),)
#: Refuse inputs larger than this: no release table comes near it.
MAX_BYTES = 200 * 1024 * 1024
SKIP_NAMES = {"README.md", "INDEX.md", ".DS_Store", "datapackage.json"}


def _looks_binary(data: bytes) -> bool:
    if data[:4] == b"PAR1":
        return False
    if b"\x00" in data[:8192]:
        return True
    try:
        data[:65536].decode("utf-8")
    except UnicodeDecodeError as exc:
        # a multi-byte character cut at the sample's end is not binary
        return exc.start < 65530
    return False


def read_path(path: Path) -> list[ParsedRelease]:
    """Parse one file with the first reader that recognises it."""
    where = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", file=where) from exc
    if size == 0:
        raise ParseError("the file is empty", file=where)
    if size > MAX_BYTES:
        raise SourceError(
            f"the file is {size // 2**20} MiB, over the {MAX_BYTES // 2**20} MiB limit", file=where
        )
    data = path.read_bytes()
    for reader in BINARY_READERS:
        if reader.sniff(path, data):
            return reader.read(path, data)
    if _looks_binary(data):
        raise SourceError("binary data, not a release page or table", file=where)
    for reader in READERS:
        if reader.sniff(path, data):
            return reader.read(path, data)
    tried = ", ".join(r.name for r in (*BINARY_READERS, *READERS))
    raise SourceError(f"no reader recognises this input (tried: {tried})", file=where)


def expand_paths(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if (
                    child.is_file()
                    and child.name not in SKIP_NAMES
                    and not child.name.startswith(".")
                    and not child.name.endswith(".meta.json")  # a recorded answer's sidecar
                ):
                    yield child
        elif path.exists():
            yield path
        else:
            raise SourceError("no such file or folder", file=str(path))


@dataclass
class ReadResult:
    releases: list[ParsedRelease] = field(default_factory=list)
    no_data: list[str] = field(default_factory=list)


def read_all(paths: Iterable[Path]) -> ReadResult:
    """Parse every file first, so a broken one stops the ingest before anything is written.

    Pages that hold no data are listed, not stored; any other problem raises.
    """
    result = ReadResult()
    for path in expand_paths(paths):
        try:
            result.releases.extend(read_path(path))
        except NoDataError as exc:
            result.no_data.append(exc.one_line())
    return result
