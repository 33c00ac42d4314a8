"""The reader registry: picks a reader by content and says which it tried when none fits."""

from __future__ import annotations

import errno
import os
import stat
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
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}", file=where) from exc
    for reader in BINARY_READERS:
        if reader.sniff(path, data):
            return reader.read(path, data)
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
    tried = ", ".join(r.name for r in (*BINARY_READERS, *READERS))
    raise SourceError(f"no reader recognises this input (tried: {tried})", file=where)


def _path_error(exc: OSError, path: Path) -> SourceError:
    """Why a path given or found cannot be read, in words that say what to fix."""
    if exc.errno == errno.ELOOP:
        return SourceError(
            "a symbolic link loop: the link never reaches a file",
            file=str(path),
            hint="Remove or fix the link; nothing was stored.",
        )
    if exc.errno == errno.ENOENT and path.is_symlink():
        return SourceError(
            f"a broken symbolic link (to {os.readlink(path)})",
            file=str(path),
            hint="Fix or remove the link; nothing was stored.",
        )
    if exc.errno == errno.ENOENT:
        return SourceError("no such file or folder", file=str(path))
    return SourceError(
        f"cannot read: {exc.strerror or exc}",
        file=str(exc.filename or path),
        hint="Fix its permissions or leave it out; nothing was stored.",
    )


def _walk(root: Path) -> list[Path]:
    """Every file under `root`, following links; an unreadable folder or a link loop is an
    error (skipping either silently would store part of what the user asked for)."""

    def refuse(exc: OSError) -> None:
        raise _path_error(exc, Path(exc.filename or root))

    files: list[Path] = []
    seen: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(root, onerror=refuse, followlinks=True):
        here = Path(dirpath)
        info = here.stat()
        if (info.st_dev, info.st_ino) in seen:  # reached again through a link: listed once
            dirnames.clear()
            continue
        seen.add((info.st_dev, info.st_ino))
        real = os.path.realpath(here)
        for name in dirnames:
            link = here / name
            if link.is_symlink():
                target = os.path.realpath(link)
                if real == target or real.startswith(target + os.sep):
                    raise SourceError(
                        f"a symbolic link loop: it leads back to {target}",
                        file=str(link),
                        hint="Remove the link or ingest the folders it names; nothing was stored.",
                    )
        for name in filenames:
            child = here / name
            # hidden files, and a recorded answer's sidecar (.meta.json), are not inputs
            if name in SKIP_NAMES or name.startswith(".") or name.endswith(".meta.json"):
                continue
            try:
                mode = child.stat().st_mode
            except OSError as exc:
                raise _path_error(exc, child) from exc
            if stat.S_ISREG(mode):
                files.append(child)
    return sorted(files)


def expand_paths(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        try:
            mode = path.stat().st_mode
        except OSError as exc:
            raise _path_error(exc, path) from exc
        if stat.S_ISDIR(mode):
            yield from _walk(path)
        else:
            yield path


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
