"""The reader registry: picks a reader by content and says which it tried when none fits."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import NoDataError, ParseError, SourceError
from .base import ParsedRelease, Reader
from .gacc_html import GaccHtmlReader
from .gacc_text import GaccTextReader
from .news_records import NewsRecordsReader
from .tidy import TidyReader

READERS: tuple[Reader, ...] = (
    GaccHtmlReader(),
    GaccTextReader(),
    NewsRecordsReader(),
    TidyReader(),
)
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
        # a multi-byte character cut at the sample's (or the file's) end is not binary:
        # a page cut short there is a truncated page, and its reader says so
        return exc.start < min(len(data), 65536) - 4
    return False


def encoding_problem(data: bytes) -> str | None:
    """Name the encoding of text that is not UTF-8 (None when it looks like binary data).

    Readers take UTF-8; a page saved as UTF-16, GBK or Latin-1 is text all the same, and
    the user is better told to re-save it than that it is binary.
    """
    sample = data[:65536]
    if sample[:2] in (b"\xff\xfe", b"\xfe\xff") or _alternating_nuls(sample):
        return "UTF-16"
    if b"\x00" in sample:
        return None
    controls = sum(1 for b in sample if b < 0x20 and b not in b"\t\n\r\x0c")
    if controls > len(sample) // 200:
        return None
    high = sample.translate(None, bytes(range(0x80)))
    try:
        text = sample.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    if text and cjk * 2 >= len(high) // 2:  # most high bytes pair into Chinese characters
        return "GBK/GB18030"
    if len(high) * 4 < len(sample):  # mostly ASCII with some accented letters
        return "Latin-1/Windows-1252"
    return None


def _alternating_nuls(sample: bytes) -> bool:
    """UTF-16 without a byte-order mark: ASCII text with a NUL beside every character."""
    head = sample[:4096]
    if len(head) < 16:
        return False
    even, odd = head[0::2], head[1::2]
    return even.count(0) > 0.8 * len(even) or odd.count(0) > 0.8 * len(odd)


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
            f"the file is {size:,} bytes, over the limit of {MAX_BYTES:,} bytes (200 MiB)",
            file=where,
        )
    data = path.read_bytes()
    if _looks_binary(data):
        encoding = encoding_problem(data)
        if encoding:
            raise SourceError(
                f"the file looks like {encoding} text; readers take UTF-8",
                file=where,
                hint="Save or convert it as UTF-8 (e.g. `iconv -t UTF-8`) and ingest again",
            )
        raise SourceError("binary data, not a release page or table", file=where)
    for reader in READERS:
        if reader.sniff(path, data):
            return reader.read(path, data)
    tried = ", ".join(r.name for r in READERS)
    raise SourceError(f"no reader recognises this input (tried: {tried})", file=where)


def _folder_files(folder: Path) -> list[Path]:
    """Every file under a folder, sorted; a subfolder that cannot be read, or a link that
    leads nowhere, stops the ingest rather than being skipped in silence."""

    def refuse(exc: OSError) -> None:
        raise SourceError(
            f"cannot read folder {exc.filename}: {exc.strerror}", file=str(folder)
        ) from exc

    files = []
    for root, dirs, names in os.walk(folder, onerror=refuse):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            child = Path(root) / name
            if name in SKIP_NAMES or name.startswith("."):
                continue
            if child.is_symlink() and not child.exists():
                raise SourceError(
                    "a symbolic link that leads nowhere (a loop or a missing target)",
                    file=str(child),
                )
            if child.is_file():
                files.append(child)
    return sorted(files)


def expand_paths(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from _folder_files(path)
        elif path.exists():
            yield path
        elif path.is_symlink():
            raise SourceError(
                "a symbolic link that leads nowhere (a loop or a missing target)", file=str(path)
            )
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
    for given in paths:
        files = list(expand_paths([given]))
        if not files:
            result.no_data.append(f"folder {given} holds no files to read")
        for path in files:
            try:
                result.releases.extend(read_path(path))
            except NoDataError as exc:
                result.no_data.append(exc.one_line())
    return result
