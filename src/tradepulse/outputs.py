"""Writing output files (--out, --html): whole files or a one-line error, never a traceback.

A regular file is written beside its target and renamed over it, so a full disk or a crash
never leaves half a bulletin or export behind; a device or pipe (/dev/stdout, /dev/full)
is written in place.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from .errors import OutputError


def output_error(exc: OSError, path: Path, temp: Path | None = None) -> OutputError:
    """One line for a failed write: what failed, why, and what to do."""
    named = exc.filename if isinstance(exc.filename, str) else None
    target = named if named and named != str(temp) else str(path)
    reason = exc.strerror or str(exc)
    code = exc.errno
    if code is None and "No space left on device" in str(exc):  # pyarrow's own wording
        code = errno.ENOSPC
    if code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        hint = "Free some space on that disk, or write to another one."
    elif code in (errno.EACCES, errno.EPERM, errno.EROFS):
        hint = "Choose a path you can write to."
    elif code == errno.EISDIR:
        hint = "Give a file name, not a folder."
    elif code in (errno.ENOENT, errno.ENOTDIR):
        hint = "Check that the folder in the path exists."
    else:
        hint = "Choose another path."
    return OutputError(f"cannot write {target}: {reason}", hint=hint)


def is_regular_target(path: Path) -> bool:
    """A path that is, or will be, a regular file (not a device, pipe or socket)."""
    try:
        return not path.exists() or path.is_file()
    except OSError:
        return True


def prepare(path: Path) -> None:
    """Refuse a folder as the target; create missing parent folders."""
    if path.is_dir():
        raise OutputError(
            f"cannot write {path}: it is a folder", hint="Give a file name, not a folder."
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise output_error(exc, path.parent) from exc


@contextlib.contextmanager
def mapped(path: Path, temp: Path | None = None) -> Iterator[None]:
    """Turn OSErrors raised in the block into one-line OutputErrors about `path`."""
    try:
        yield
    except OSError as exc:
        raise output_error(exc, path, temp) from exc


def write_with(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Call `write(f)` with a binary file that becomes `path`, atomically for regular files.

    Writers get a file, never the path: some (pyarrow's Parquet writer) delete their target
    when they fail, which must never happen to a device such as /dev/full.
    """
    prepare(path)
    if not is_regular_target(path):
        with mapped(path), open(path, "wb") as f:
            write(f)
        return
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with mapped(path, temp):
            with open(temp, "wb") as f:
                write(f)
            os.replace(temp, path)
    finally:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)


def write_text(path: Path, text: str) -> None:
    data = text.encode("utf-8")
    write_with(path, lambda f: f.write(data))
