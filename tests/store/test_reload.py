"""`data reload` is one transaction: a failure, a full disk or kill -9 at any moment leaves
the old store whole or the new one; a reload never changes a user's figure in force."""

from __future__ import annotations

import importlib.util
import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tradepulse import api
from tradepulse.data.build import read_embedded
from tradepulse.errors import StoreError
from tradepulse.store.db import Store
from tradepulse.store.queries import SeriesQuery, series
from tradepulse.validate import validate

PAGE = "gacc-pages/release_section4_by_country_mar2026_cny.html"  # the whole table
EU_EXPORT_MARCH = SeriesQuery(
    partner="EU", flow="export", period="2026-03", kind="month", measure="value", currency="CNY"
)


@pytest.fixture
def store_copy(embedded_db: Path, tmp_path: Path) -> Path:
    """A private copy of the session's store with the embedded data."""
    target = tmp_path / "copy.duckdb"
    shutil.copyfile(embedded_db, target)
    return target


def _digest(db: Path) -> dict[str, object]:
    with Store.reader(db) as store:
        return store.digest()


def _in_force(db: Path) -> tuple[float, bool]:
    with Store.reader(db) as store:
        rows = series(store, EU_EXPORT_MARCH).to_pylist()
        assert len(rows) == 1
        embedded = store.con.execute(
            "SELECT embedded FROM releases WHERE release_id = ?", [rows[0]["release_id"]]
        ).fetchone()
    assert embedded is not None
    return float(rows[0]["value"]), bool(embedded[0])


def test_a_failure_inside_the_reload_leaves_the_old_store_whole(store_copy: Path) -> None:
    releases, _ = read_embedded()
    stored = [r for r in releases if not r.excluded]
    stored[-1].observations[0]["flow"] = "re-export"  # violates the schema's CHECK
    before = _digest(store_copy)
    with Store.writer(store_copy) as store, pytest.raises(StoreError, match="rolled back"):
        store.replace_embedded(releases)
    assert _digest(store_copy) == before
    assert before["embedded_releases"] == before["releases"] > 900


def test_reload_keeps_a_users_same_date_revision_in_force(
    store_copy: Path, fixtures: Path, tmp_path: Path
) -> None:
    # the embedded data hold this table, published the same day, with 3,248.9
    assert _in_force(store_copy) == (pytest.approx(3248.9e8), True)
    revised = tmp_path / "same_day.html"
    # EU exports revised up by 1.2, and the EU total with them (plausibility: they add up)
    revised.write_text(
        (fixtures / PAGE).read_text().replace("3,248.9", "3,250.1").replace("4,873.2", "4,874.4")
    )
    api.ingest([revised], store_copy)
    assert _in_force(store_copy) == (pytest.approx(3250.1e8), False)
    for _ in range(2):  # the reload renumbers the embedded releases after the user's
        api.reload_data(store_copy)
        assert _in_force(store_copy) == (pytest.approx(3250.1e8), False)
    with Store.reader(store_copy) as store:
        assert validate(store, checks=["figures_have_a_release"]) == []


def test_reload_restores_the_package_and_keeps_user_data(store_copy: Path, fixtures: Path) -> None:
    api.ingest([fixtures / "tidy" / "user_series.csv"], store_copy)
    full = _digest(store_copy)
    with Store.writer(store_copy) as store, store.transaction():
        store.con.execute(
            "DELETE FROM observations WHERE release_id IN "
            "(SELECT release_id FROM releases WHERE embedded AND year(published) = 2025)"
        )
        store.con.execute("DELETE FROM releases WHERE embedded AND year(published) = 2025")
    assert _digest(store_copy) != full
    report = api.reload_data(store_copy)
    assert report.added == full["embedded_releases"]
    assert _digest(store_copy) == full


def _limit_file_size(limit: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a dead process
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_a_full_disk_during_reload_leaves_the_old_store_and_says_so(store_copy: Path) -> None:
    """No room for the journal (a file size limit stands in for a full disk): one line,
    the old store whole, and no 'cannot rollback' hiding the cause."""
    api.ingest([Path(__file__).parents[1] / "fixtures" / "tidy" / "user_series.csv"], store_copy)
    before = _digest(store_copy)
    proc = subprocess.run(
        [sys.executable, "-m", "tradepulse", "--db", str(store_copy), "data", "reload"],
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=lambda: _limit_file_size(200_000),
    )
    assert proc.returncode == 1
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, proc.stderr
    assert "File too large" in errors[0] and "nothing was written" in errors[0]
    assert "rollback" not in proc.stderr and "Traceback" not in proc.stderr
    assert _digest(store_copy) == before


def _kill_bench() -> ModuleType:
    path = Path(__file__).parents[2] / "bench" / "kill_bench.py"
    spec = importlib.util.spec_from_file_location("kill_bench", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not hasattr(os, "fork"), reason="kill -9 needs POSIX signals")
def test_kill_9_during_reload_and_ingest_leaves_old_or_new(tmp_path: Path) -> None:
    """The bench's kill -9 run, small: 4 kills of each, half aimed at the writing."""
    figures = _kill_bench().run(kills=4, only=None, seed=7, work=tmp_path, quiet=True)
    for name in ("reload", "ingest"):
        counts = figures[name]
        assert counts["other"] == counts["finished_not_new"] == 0, figures
        assert counts["old"] + counts["new"] == 4
