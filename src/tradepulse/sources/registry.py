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
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}", file=where) from exc
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
    for path in expand_paths(paths):
        try:
            result.releases.extend(read_path(path))
        except NoDataError as exc:
            result.no_data.append(exc.one_line())
    return result
