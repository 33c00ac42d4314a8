"""Taking turns with other tradepulse processes over one database file.

DuckDB lets one process hold a file for writing, or any number of processes hold it
read-only, never both: an open that conflicts fails at once with an IOException "Could not
set lock on file … (PID n)". So every open here retries until a deadline (60 s by default,
`TRADEPULSE_LOCK_TIMEOUT`), logs one progress line while it waits, and then says plainly
which process holds the store.

Readers that open and close in a loop would starve a writer that only retries, since some
reader always holds the file. A writer therefore first takes an exclusive `flock` on a
sidecar file `<db>.lock` and holds it while it waits and writes; a reader waits for a shared
lock on that file (released at once) before each try, so once a writer is waiting no new
reader starts, the running ones finish, and the writer goes next.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

from ..errors import StoreBusy, UsageError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: DuckDB's own lock still serialises
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger("tradepulse.store")

TIMEOUT_ENV = "TRADEPULSE_LOCK_TIMEOUT"
DEFAULT_TIMEOUT = 60.0
#: Set by `--lock-timeout`; takes precedence over the environment.
_timeout_override: float | None = None
#: Stores whose writer's turn this process holds (its own readers must not wait for it).
_held: dict[str, int] = {}


def set_lock_timeout(seconds: float | None) -> None:
    """How long opens wait for other processes (None: the environment, else 60 s)."""
    global _timeout_override
    if seconds is not None and seconds < 0:
        raise UsageError(f"--lock-timeout {seconds} must be zero or more seconds")
    _timeout_override = seconds


def lock_timeout() -> float:
    if _timeout_override is not None:
        return _timeout_override
    text = os.environ.get(TIMEOUT_ENV, "").strip()
    if not text:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(text)
    except ValueError as exc:
        raise UsageError(f"{TIMEOUT_ENV}={text!r} is not a number of seconds") from exc
    if seconds < 0 or seconds != seconds:
        raise UsageError(f"{TIMEOUT_ENV}={text!r} must be zero or more seconds")
    return seconds


def is_lock_conflict(exc: BaseException) -> bool:
    """DuckDB's refusal because another process holds the file (not any other IO error)."""
    return isinstance(exc, duckdb.IOException) and "Could not set lock" in str(exc)


def _holder(text: str) -> str:
    match = re.search(r"\(PID (\d+)\)", text)
    return f" (PID {match.group(1)})" if match else ""


def _busy(path: Path, holder: str, waited: float) -> StoreBusy:
    return StoreBusy(
        f"another tradepulse process{holder} holds the store {path}; gave up after "
        f"waiting {waited:.0f} s",
        hint=f"Try again when it finishes (or wait longer with {TIMEOUT_ENV}=SECONDS).",
    )


class _Waiter:
    """The deadline, the pause between tries, and one progress line once waiting is real."""

    def __init__(self, path: Path, action: str, timeout: float) -> None:
        self.path = path
        self.action = action
        self.timeout = timeout
        self.start = time.monotonic()
        self.pause = 0.02
        self.told = False

    def waited(self) -> float:
        return time.monotonic() - self.start

    def wait(self, holder: str) -> None:
        """Sleep before the next try, or raise StoreBusy when the deadline has passed."""
        if self.waited() >= self.timeout:
            raise _busy(self.path, holder, self.waited())
        if not self.told and self.waited() >= 0.5:
            self.told = True
            log.warning(
                "waiting for another tradepulse process%s to finish with %s before %s "
                "(up to %.0f s) …",
                holder,
                self.path,
                self.action,
                self.timeout,
            )
        time.sleep(min(self.pause, max(0.0, self.timeout - self.waited())))
        self.pause = min(self.pause * 1.5, 0.25)


def _sidecar(path: Path, create: bool) -> int | None:
    """A descriptor on `<db>.lock`, or None where it cannot exist (read-only folder)."""
    if fcntl is None:
        return None
    lock_path = path.with_name(path.name + ".lock")
    flags = os.O_RDWR | os.O_CREAT if create else os.O_RDONLY
    try:
        return os.open(lock_path, flags, 0o666)
    except OSError:
        if create:
            with contextlib.suppress(OSError):
                return os.open(lock_path, os.O_RDONLY)
        return None


def _sidecar_holder(fd: int) -> str:
    with contextlib.suppress(OSError, ValueError):
        text = os.pread(fd, 32, 0).decode("ascii").strip()
        if text.isdigit():
            return f" (PID {text})"
    return ""


@contextlib.contextmanager
def writer_turn(path: Path, timeout: float) -> Iterator[_Waiter]:
    """Hold the writer's place in line (exclusive lock on `<db>.lock`) for the block."""
    waiter = _Waiter(path, "writing", timeout)
    key = str(path.resolve())
    if _held.get(key):  # this process already holds the turn (a nested writer)
        _held[key] += 1
        try:
            yield waiter
        finally:
            _held[key] -= 1
        return
    fd = _sidecar(path, create=True)
    try:
        while fd is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                waiter.wait(_sidecar_holder(fd))
            except OSError:  # a file system without flock: DuckDB's lock still holds
                break
        if fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
                os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        _held[key] = 1
        yield waiter
    finally:
        _held.pop(key, None)
        if fd is not None:
            os.close(fd)  # releases the flock


def _wait_for_writers(path: Path, waiter: _Waiter) -> None:
    """Wait while a writer holds or waits for the store (shared lock, released at once)."""
    if _held.get(str(path.resolve())):
        return
    fd = _sidecar(path, create=False)
    if fd is None:
        return
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                waiter.wait(_sidecar_holder(fd))
            except OSError:
                return
    finally:
        os.close(fd)


def connect(path: Path, *, read_only: bool, waiter: _Waiter) -> duckdb.DuckDBPyConnection:
    """Open the file, retrying DuckDB's lock conflicts until the waiter's deadline."""
    while True:
        if read_only:
            _wait_for_writers(path, waiter)
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            if not is_lock_conflict(exc):
                raise
            waiter.wait(_holder(str(exc)))


def open_reader(path: Path, timeout: float) -> duckdb.DuckDBPyConnection:
    return connect(path, read_only=True, waiter=_Waiter(path, "reading", timeout))
