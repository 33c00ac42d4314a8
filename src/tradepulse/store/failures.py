"""What a failed open or write of the store tells the user: one line, what to do next."""

from __future__ import annotations

import errno
import logging
from pathlib import Path

from ..errors import StoreBusy, StoreError
from .lock import is_lock_conflict

log = logging.getLogger("tradepulse.store")

_FULL = ("No space left on device", "Disk quota exceeded")
_TOO_LARGE = ("File too large",)
_DENIED = ("Permission denied", "Read-only file system", "Operation not permitted")


def store_failure(
    exc: BaseException, path: Path | None, doing: str, *, writing: bool = True
) -> StoreError:
    """The StoreError for a DuckDB (or OS) failure while `doing` something to the store.

    `doing` names the step ("ingest", "reload", "migration 0003_…"); with `writing` False
    it was opening the file, before any transaction.
    """
    if isinstance(exc, StoreError):
        return exc
    text = " ".join(str(exc).split())[:240]
    where = str(path) if path is not None else "the in-memory store"
    outcome = f"the {doing} stopped and nothing was written" if writing else "nothing was written"
    if is_lock_conflict(exc):
        return StoreBusy(
            f"another tradepulse process holds the store {where}",
            hint="Try again when it finishes.",
        )
    if any(s in text for s in _FULL):
        return StoreError(
            f"the disk holding {where} is full ({text}); {outcome}",
            hint="Free some space on that disk and run the command again.",
        )
    if any(s in text for s in _TOO_LARGE):
        return StoreError(
            f"the store {where} or its journal reached the file size limit ({text}); {outcome}",
            hint="Raise the limit (ulimit -f) or move the store, and run the command again.",
        )
    if any(s in text for s in _DENIED):
        return StoreError(
            f"cannot write the store {where} or its journal {where}.wal ({text}); {outcome}",
            hint="Check the permissions of the file, its .wal and its folder, or choose "
            "another --db.",
        )
    if not writing:
        return StoreError(f"cannot open {where} for writing: {text}")
    return StoreError(
        f"the {doing} was refused by the store and rolled back: {text}",
        hint="Nothing was written; report this with the input.",
    )


def prepare_folder(path: Path) -> None:
    """Create the database's folder if needed, with a notice (a typo in --db would
    otherwise start a new, empty store silently)."""
    folder = path.parent
    if folder.is_dir():
        return
    if folder.exists():
        raise StoreError(f"cannot create the store {path}: {folder} is not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        hint = (
            "Choose a --db (or TRADEPULSE_DB) in a folder you can write to."
            if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS)
            else "Check the --db path (or TRADEPULSE_DB)."
        )
        raise StoreError(
            f"cannot create the folder {exc.filename or folder} for the store {path}: {reason}",
            hint=hint,
        ) from exc
    log.warning(
        "creating a new store in %s, a folder that did not exist (check --db or "
        "TRADEPULSE_DB if that is not what you meant)",
        folder,
    )
