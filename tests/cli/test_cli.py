"""CLI tests: the thin adapter's output, exit codes and one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from tradepulse.cli import app

runner = CliRunner()


def run(db: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", str(db), *args])
    return result.exit_code, result.output


def run_process(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRADEPULSE_DB": str(db)}
    return subprocess.run(
        [sys.executable, "-m", "tradepulse", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.fixture
def loaded(db_path: Path, fixtures: Path) -> Path:
    code, out = run(db_path, "ingest", str(fixtures / "gacc"), str(fixtures / "text"))
    assert code == 0, out
    return db_path


def test_ingest_reports_counts(db_path: Path, fixtures: Path) -> None:
    code, out = run(db_path, "ingest", str(fixtures / "gacc"))
    assert code == 0
    assert "5 release(s) added" in " ".join(out.split())
    code, out = run(db_path, "ingest", str(fixtures / "gacc"))
    assert "0 release(s) added, 5 unchanged" in " ".join(out.split())


def test_series_json_has_figures_and_provenance(loaded: Path) -> None:
    code, out = run(
        loaded,
        "series",
        "--partner",
        "EU",
        "--flow",
        "export",
        "--period",
        "2026-03",
        "--kind",
        "month",
        "--json",
    )
    assert code == 0
    (record,) = json.loads(out)
    assert record["value"] == pytest.approx(3248.9e8)
    assert record["unit"] == "yuan" and record["currency"] == "CNY"
    assert {
        "reporter",
        "flow",
        "partner",
        "breakdown",
        "period",
        "period_kind",
        "currency",
        "measure",
        "value",
        "unit",
        "release",
    } <= record.keys()
    assert record["release"]["published"] == "2026-04-08"
    assert record["release"]["title"].startswith("(4) China's Total Export & Import Values")
    assert record["release"]["status"] == "preliminary"


def test_series_filters_commodity_and_range(loaded: Path) -> None:
    code, out = run(
        loaded,
        "series",
        "--commodity",
        "integrated_circuits",
        "--currency",
        "CNY",
        "--measure",
        "value",
        "--from",
        "2026-01",
        "--to",
        "2026-12",
        "--json",
    )
    assert code == 0
    rows = json.loads(out)
    assert {(r["period"], r["period_kind"]) for r in rows} == {
        ("2026-05", "month"),
        ("2026-05", "ytd"),
    }
    assert all(r["breakdown"]["code"] == "integrated_circuits" for r in rows)


def test_releases_and_validate_json(loaded: Path) -> None:
    code, out = run(loaded, "releases", "--json")
    assert code == 0
    releases = json.loads(out)
    assert len(releases) == 7
    assert all(r["content_hash"] and r["publisher"] == "GACC" for r in releases)
    code, out = run(loaded, "validate", "--json")
    assert code == 0
    assert isinstance(json.loads(out), list)


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx"])
def test_export_formats(loaded: Path, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"out.{fmt}"
    code, _ = run(loaded, "export", "--format", fmt, "--out", str(target))
    assert code == 0 and target.stat().st_size > 0
    if fmt == "parquet":
        table = pq.read_table(target)
        assert table.num_rows > 200 and "title" in table.column_names


def test_error_is_one_line_with_hint_and_exit_code(
    db_path: Path, fixtures: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.html"
    broken.write_text(
        (fixtures / "gacc/s4_partner_2026-03_cny.html")
        .read_text()
        .replace("Unit: CNY 100 Million", "")
    )
    proc = run_process(db_path, "ingest", str(broken))
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "no unit row" in lines[0] and "broken.html" in lines[0]
    assert "nothing was stored" in lines[0]
    assert "Traceback" not in proc.stderr


def test_debug_shows_traceback(db_path: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_text("")
    proc = run_process(db_path, "--debug", "ingest", str(empty))
    assert proc.returncode != 0
    assert "Traceback" in proc.stderr and "ParseError" in proc.stderr


def test_usage_error_exit_code(db_path: Path) -> None:
    proc = run_process(db_path, "series", "--period", "2026-13")
    assert proc.returncode == 2
    assert "is not YYYY-MM" in proc.stderr


def test_data_reload_twice_keeps_user_releases(loaded: Path) -> None:
    code, before = run(loaded, "releases", "--json")
    assert code == 0
    user = {r["release_id"] for r in json.loads(before)}
    counts = []
    for _ in range(2):  # a second reload replaces the first one's releases
        code, out = run(loaded, "data", "reload")
        assert code == 0, out
        assert "embedded dataset reloaded" in out
        code, after = run(loaded, "releases", "--json")
        ids = {r["release_id"] for r in json.loads(after)}
        assert user <= ids
        counts.append(len(ids - user))
    assert counts[0] == counts[1] > 0
