"""Every write failure is one line saying what failed and what to do; piped output whole;
exports in a fixed order; folders given to ingest are read completely or refused."""

from __future__ import annotations

import errno
import os
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pyarrow.csv as pacsv
import pytest

from tradepulse import api
from tradepulse.errors import OutputError, SourceError, StoreError
from tradepulse.store.db import KEY_COLUMNS, Store

FULL = Path("/dev/full")
needs_dev_full = pytest.mark.skipif(not FULL.is_char_device(), reason="no /dev/full here")


@pytest.fixture(autouse=True)
def dev_full_stays_a_device() -> Iterator[None]:
    """A writer that replaced or deleted its target would break /dev/full for everyone."""
    was = FULL.is_char_device()
    yield
    assert FULL.is_char_device() == was


as_root = pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write anywhere"
)
PAGE = Path(__file__).parents[1] / "fixtures" / "gacc" / "s4_partner_2026-03_cny.html"


def tp(db: Path, *args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tradepulse", "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=300,
        **kwargs,  # type: ignore[call-overload]
    )


def one_error(proc: subprocess.CompletedProcess[str]) -> str:
    """The single error line of a failed command (and no traceback)."""
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.strip()]
    errors = [line for line in errors if line.startswith("error:")]
    assert len(errors) == 1, proc.stderr
    return errors[0]


@pytest.fixture
def small_db(db_path: Path) -> Path:
    api.ingest([PAGE], db_path)
    return db_path


# --- output files ----------------------------------------------------------------------


def test_bulletin_out_a_folder(embedded_db: Path, tmp_path: Path) -> None:
    line = one_error(tp(embedded_db, "bulletin", "--out", str(tmp_path)))
    assert f"cannot write {tmp_path}: it is a folder" in line and "Give a file name" in line


@needs_dev_full
def test_bulletin_to_dev_full_says_the_disk_is_full_and_writes_no_charts(
    embedded_db: Path,
) -> None:
    before = set(Path("/dev").iterdir())
    line = one_error(tp(embedded_db, "bulletin", "--format", "md", "--out", str(FULL)))
    assert "cannot write /dev/full: No space left on device" in line
    assert "Free some space" in line
    assert set(Path("/dev").iterdir()) == before  # no chart images beside the device


@needs_dev_full
@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx"])
def test_export_to_dev_full(small_db: Path, fmt: str) -> None:
    line = one_error(tp(small_db, "export", "--format", fmt, "--out", str(FULL)))
    assert "cannot write /dev/full" in line and "No space left on device" in line


@needs_dev_full
def test_check_html_to_dev_full(small_db: Path, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("China's exports to the EU were 324.89 billion yuan in March 2026.\n")
    line = one_error(tp(small_db, "check", str(article), "--html", str(FULL)))
    assert "cannot write /dev/full: No space left on device" in line


def test_export_under_a_file_is_refused_in_one_line(small_db: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "report.txt"
    blocker.write_text("a file, not a folder")
    line = one_error(tp(small_db, "export", "--format", "csv", "--out", str(blocker / "x.csv")))
    assert f"cannot write {blocker}" in line


@as_root
def test_export_to_an_unwritable_folder(small_db: Path, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    line = one_error(tp(small_db, "export", "--format", "csv", "--out", str(locked / "x.csv")))
    assert "Permission denied" in line and "Choose a path you can write to" in line


def test_a_failed_export_leaves_the_previous_file(small_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("the previous export\n")

    def broken(f: BinaryIO) -> None:
        f.write(b"half")
        raise OSError(errno.ENOSPC, "No space left on device", f.name)

    from tradepulse import outputs

    with pytest.raises(OutputError, match=r"cannot write .*out\.csv: No space left"):
        outputs.write_with(target, broken)
    assert target.read_text() == "the previous export\n"
    assert [p.name for p in tmp_path.iterdir() if "out" in p.name] == ["out.csv"]  # no temp


# --- the store's own files ---------------------------------------------------------------


def test_db_in_a_new_folder_is_created_with_a_notice(tmp_path: Path) -> None:
    db = tmp_path / "typo" / "nested" / "tp.duckdb"
    proc = tp(db, "ingest", str(PAGE))
    assert proc.returncode == 0, proc.stderr
    assert "creating a new store in" in proc.stderr and "did not exist" in proc.stderr
    assert db.exists()


def test_db_folder_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    line = one_error(tp(blocker / "sub" / "tp.duckdb", "ingest", str(PAGE)))
    assert "cannot create the folder" in line and "for the store" in line


def test_db_folder_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", denied)
    with pytest.raises(StoreError) as info:
        api.ingest([PAGE], tmp_path / "no" / "tp.duckdb")
    line = info.value.one_line()
    assert "Permission denied" in line and "in a folder you can write to" in line


def _limit_file_size(limit: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_no_room_for_the_journal_during_ingest(small_db: Path, tmp_path: Path) -> None:
    with Store.reader(small_db) as store:
        before = store.digest()
    folder = tmp_path / "batch"
    shutil.copytree(PAGE.parent, folder)
    proc = tp(small_db, "ingest", str(folder), preexec_fn=lambda: _limit_file_size(20_000))
    line = one_error(proc)
    assert "File too large" in line and "nothing was written" in line
    assert "rollback" not in proc.stderr.lower()
    with Store.reader(small_db) as store:
        assert store.digest() == before


def test_journal_that_cannot_be_written(small_db: Path) -> None:
    wal = Path(str(small_db) + ".wal")
    wal.unlink(missing_ok=True)
    wal.mkdir()  # a folder where DuckDB writes its journal
    line = one_error(tp(small_db, "ingest", str(PAGE)))
    assert ".wal" in line


# --- piped output and export order -------------------------------------------------------


def test_piped_output_is_not_wrapped_or_cut(small_db: Path) -> None:
    proc = tp(small_db, "series", "--partner", "EU", "--period", "2026-03")
    assert proc.returncode == 0, proc.stderr
    title = "(4) China's Total Export & Import Values by Country/Region, Mar 2026 (in CNY)"
    rows = [line for line in proc.stdout.splitlines() if "324,890,000,000" in line]
    assert rows, proc.stdout
    assert all(title in line for line in rows)
    assert max(len(line) for line in proc.stdout.splitlines()) > 80


def test_export_is_ordered_by_key_and_the_same_every_time(
    embedded_db: Path, tmp_path: Path
) -> None:
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    api.export("csv", first, embedded_db)
    api.export("csv", second, embedded_db)
    assert first.read_bytes() == second.read_bytes()
    table = pacsv.read_csv(first)
    order = [
        "period",
        "period_kind",
        "partner",
        "breakdown_kind",
        "breakdown_scheme",
        "breakdown_code",
        "flow",
        "currency",
        "measure",
        "reporter",
    ]
    assert set(order) == set(KEY_COLUMNS)
    columns = [table.column(c).cast("string").fill_null("").to_pylist() for c in order]
    keys = list(zip(*columns, strict=True))
    assert keys == sorted(keys) and len(set(keys)) == len(keys)


# --- folders given to ingest -------------------------------------------------------------


def test_unreadable_subfolder_is_refused_naming_it(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    (folder / "secret").mkdir(parents=True)
    shutil.copy(PAGE, folder / "page.html")
    real_scandir = os.scandir

    def scandir(path: object) -> object:
        if str(path).endswith("secret"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.raises(SourceError) as info:
        api.ingest([folder], db_path)
    line = info.value.one_line()
    assert "Permission denied" in line and "secret" in line and "nothing was stored" in line
    assert not db_path.exists()


@as_root
def test_unreadable_subfolder_for_real(db_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "secret").mkdir(parents=True)
    shutil.copy(PAGE, folder / "page.html")
    (folder / "secret").chmod(0)
    try:
        line = one_error(tp(db_path, "ingest", str(folder)))
    finally:
        (folder / "secret").chmod(0o700)
    assert "Permission denied" in line and "secret" in line


def test_symbolic_link_loops_are_named(db_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(PAGE, folder / "page.html")
    (folder / "loop").symlink_to("loop")
    line = one_error(tp(db_path, "ingest", str(folder / "loop")))
    assert "symbolic link loop" in line and "loop" in line
    line = one_error(tp(db_path, "ingest", str(folder)))
    assert "symbolic link loop" in line
    (folder / "loop").unlink()
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to("..")
    line = one_error(tp(db_path, "ingest", str(folder)))
    assert "symbolic link loop" in line and "leads back to" in line
    assert not db_path.exists()
