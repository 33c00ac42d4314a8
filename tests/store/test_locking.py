"""Taking turns with other processes: writers and readers wait (bounded), readers never
open the store for writing, and a writer that gives up says who holds the store."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tradepulse import api
from tradepulse.errors import StoreBusy, UsageError
from tradepulse.store import lock
from tradepulse.store.db import Store

PAGE = Path(__file__).parents[1] / "fixtures" / "gacc" / "s4_partner_2026-03_cny.html"

HOLD = """
import sys, time
from tradepulse.store.db import Store
opener = Store.writer if sys.argv[2] == "writer" else Store.reader
with opener(sys.argv[1]) as store:
    print("ready", time.time(), flush=True)
    time.sleep(float(sys.argv[3]))
"""


@contextmanager
def held(db: Path, how: str, seconds: float) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the store (as a writer or a reader) for `seconds`."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db), how, str(seconds)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("ready"), proc.stderr.read() if proc.stderr else ""
        yield proc
    finally:
        proc.kill()
        proc.wait()


@pytest.fixture
def small_db(db_path: Path) -> Path:
    api.ingest([PAGE], db_path)
    return db_path


def test_writer_waits_for_a_reader_then_writes(
    small_db: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="tradepulse")
    with held(small_db, "reader", 2.0) as other:
        start = time.monotonic()
        with Store.writer(small_db, timeout=60) as store:
            waited = time.monotonic() - start
            assert not store.read_only
    assert 0.5 < waited < 30
    assert f"waiting for another tradepulse process (PID {other.pid})" in caplog.text


def test_writer_gives_up_with_a_plain_message(small_db: Path) -> None:
    with held(small_db, "reader", 30.0) as other:
        start = time.monotonic()
        with (
            pytest.raises(StoreBusy) as info,
            Store.writer(small_db, timeout=1.0),
        ):
            pass
        assert time.monotonic() - start < 10
    message = info.value.one_line()
    assert f"another tradepulse process (PID {other.pid}) holds the store {small_db}" in message
    assert "try again when it finishes" in message.lower()


def test_a_second_writer_waits_its_turn(small_db: Path) -> None:
    with held(small_db, "writer", 1.5):
        report = api.ingest([PAGE], small_db)  # waits, then finds it unchanged
    assert report.added == 0


def test_reader_waits_for_a_writer_and_stays_read_only(small_db: Path) -> None:
    with held(small_db, "writer", 1.5), Store.reader(small_db, timeout=60) as store:
        assert store.read_only
        assert not store.is_empty()


def test_cli_reader_blocked_by_a_writer_never_asks_to_write(small_db: Path) -> None:
    env = {**os.environ, "TRADEPULSE_DB": str(small_db), "TRADEPULSE_LOCK_TIMEOUT": "1"}
    with held(small_db, "writer", 30.0) as other:
        proc = subprocess.run(
            [sys.executable, "-m", "tradepulse", "summary"],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
    assert proc.returncode == 1
    assert "for writing" not in proc.stderr and "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert f"another tradepulse process (PID {other.pid}) holds the store" in errors[0]
    assert "waiting for another tradepulse process" in proc.stderr  # the progress line


def test_waiting_readers_do_not_starve_a_waiting_writer(small_db: Path) -> None:
    """Once a writer waits, a new reader waits behind it (the writer's turn), so a stream
    of readers cannot keep a writer out."""
    sidecar = Path(str(small_db) + ".lock")
    with held(small_db, "reader", 1.5):
        writer = subprocess.Popen(
            [sys.executable, "-c", HOLD, str(small_db), "writer", "1.0"],
            stdout=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # until the writer waits with its turn taken
            if sidecar.exists() and sidecar.read_text().strip() == str(writer.pid):
                break
            time.sleep(0.01)
        with Store.reader(small_db, timeout=60):
            reader_in = time.time()
        out, _ = writer.communicate(timeout=30)
    assert out.startswith("ready")
    assert float(out.split()[1]) < reader_in  # the writer went first


def test_lock_timeout_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(lock.TIMEOUT_ENV, "2.5")
    assert lock.lock_timeout() == 2.5
    monkeypatch.setenv(lock.TIMEOUT_ENV, "soon")
    with pytest.raises(UsageError, match="TRADEPULSE_LOCK_TIMEOUT"):
        lock.lock_timeout()
    monkeypatch.delenv(lock.TIMEOUT_ENV)
    assert lock.lock_timeout() == lock.DEFAULT_TIMEOUT
    lock.set_lock_timeout(4)
    try:
        assert lock.lock_timeout() == 4
    finally:
        lock.set_lock_timeout(None)
