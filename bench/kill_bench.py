"""kill -9 at random moments during `data reload` and `ingest`: the store must always be in
its old state or its new one (counts and a hash of the figures in force, `Store.digest`).

    python bench/kill_bench.py                 # 30 kills of each
    python bench/kill_bench.py --kills 50 --only reload

Old and new differ on purpose: before a reload the store lacks the embedded releases of one
year (as if loaded from an older package) and holds a user's own same-date revision and a
tidy series; before an ingest it lacks the batch. Half the kills fall anywhere in the run;
the other half are aimed at the writing: a random moment after the process has taken the
writer's turn (its PID appears in `<db>.lock`), within the time an unkilled run spends
writing. Prints one line per kill and the figures.
"""

from __future__ import annotations

import argparse
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tradepulse import api
from tradepulse.store.db import Store

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SHARED_PAGES = ROOT.parent / "shared" / "data" / "gacc-pages"
PAGE = FIXTURES / "gacc-pages" / "release_section4_by_country_mar2026_cny.html"
EU_EXPORT, EU_TOTAL = 3248.9, 4873.2  # March 2026, CNY 100 million: revised together


def revise(text: str, export: float) -> str:
    """EU exports set to `export`, and the EU total with them (so the flows still add up)."""
    total = EU_TOTAL + export - EU_EXPORT
    return text.replace(f"{EU_EXPORT:,.1f}", f"{export:,.1f}").replace(
        f"{EU_TOTAL:,.1f}", f"{total:,.1f}"
    )


def _copy_store(src: Path, dst: Path) -> None:
    for suffix in ("", ".wal"):
        target = Path(str(dst) + suffix)
        target.unlink(missing_ok=True)
        origin = Path(str(src) + suffix)
        if origin.exists():
            shutil.copyfile(origin, target)


def digest(db: Path) -> dict[str, Any]:
    with Store.reader(db, timeout=10) as store:
        return store.digest()


def same_date_revision(folder: Path) -> Path:
    """The March 2026 by-country page with one figure revised, published the same day."""
    path = folder / "same_date_revision.html"
    path.write_text(revise(PAGE.read_text(encoding="utf-8"), 3250.1), "utf-8")
    return path


def ingest_batch(folder: Path) -> Path:
    """The batch an ingest stores: the project's fixtures, the shared GACC pages if present,
    and dated revisions of one page (so the batch always adds something)."""
    batch = folder / "batch"
    batch.mkdir()
    for sub in ("gacc-pages", "tidy"):
        shutil.copytree(FIXTURES / sub, batch / sub)
    if SHARED_PAGES.is_dir():
        shutil.copytree(SHARED_PAGES, batch / "shared", ignore=shutil.ignore_patterns(".*"))
    text = PAGE.read_text(encoding="utf-8")
    for day in range(10, 20):
        revised = revise(text.replace("2026/04/08", f"2026/05/{day}"), 3200.5 + day)
        (batch / f"revision_05{day}.html").write_text(revised, encoding="utf-8")
    return batch


@dataclass
class Scenario:
    name: str
    args: list[str]
    old_db: Path
    old: dict[str, Any] = field(default_factory=dict)
    new: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0  # an unkilled run, start to exit
    writing: float = 0.0  # of which with the writer's turn taken


def _run(db: Path, args: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "tradepulse", "--db", str(db), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _await_writer(proc: subprocess.Popen[bytes], db: Path) -> float | None:
    """Seconds until the process holds the writer's turn (None if it exits first)."""
    lock = Path(str(db) + ".lock")
    start = time.monotonic()
    while proc.poll() is None:
        try:
            if lock.read_text().strip() == str(proc.pid):
                return time.monotonic() - start
        except OSError:
            pass
        time.sleep(0.002)
    return None


def prepare(work: Path) -> list[Scenario]:
    """The two scenarios with their old and new states (the new from an unkilled run)."""
    base = work / "base.duckdb"
    api.ensure_data(base)
    api.ingest([same_date_revision(work), FIXTURES / "tidy" / "user_series.csv"], base)

    reload_old = work / "reload_old.duckdb"
    _copy_store(base, reload_old)
    with Store.writer(reload_old) as store, store.transaction():
        # as if loaded from an older package: without the releases published in 2025
        ids = "SELECT release_id FROM releases WHERE embedded AND year(published) = 2025"
        store.con.execute(f"DELETE FROM observations WHERE release_id IN ({ids})")
        store.con.execute("DELETE FROM releases WHERE embedded AND year(published) = 2025")
    scenarios = [
        Scenario("reload", ["data", "reload"], reload_old),
        Scenario("ingest", ["ingest", str(ingest_batch(work))], base),
    ]
    for sc in scenarios:
        sc.old = digest(sc.old_db)
        trial = work / f"{sc.name}_full.duckdb"
        _copy_store(sc.old_db, trial)
        start = time.monotonic()
        proc = _run(trial, sc.args)
        until_writer = _await_writer(proc, trial)
        _, stderr = proc.communicate()
        sc.seconds = time.monotonic() - start
        sc.writing = sc.seconds - (until_writer or 0.0)
        if proc.returncode != 0:
            raise SystemExit(f"unkilled {sc.name} failed: {stderr.decode()[-400:]}")
        sc.new = digest(trial)
        if sc.new == sc.old:
            raise SystemExit(f"{sc.name}: old and new states are equal; the test proves nothing")
    return scenarios


def kill_once(sc: Scenario, work: Path, delay: float, aimed: bool) -> str:
    """Copy the old store, run the command, kill -9 it after `delay` s (counted from taking
    the writer's turn when `aimed`); classify the state."""
    trial = work / f"{sc.name}_trial.duckdb"
    _copy_store(sc.old_db, trial)
    Path(str(trial) + ".lock").unlink(missing_ok=True)
    proc = _run(trial, sc.args)
    if aimed:
        _await_writer(proc, trial)
    time.sleep(delay)
    finished = proc.poll() is not None
    if not finished:
        proc.send_signal(signal.SIGKILL)
    proc.communicate()
    try:
        state = digest(trial)
    except Exception as exc:  # a store that no longer opens is the worst outcome
        return f"other (does not open: {exc})"
    kind = "old" if state == sc.old else "new" if state == sc.new else "other"
    return f"{kind} (finished before the kill)" if finished else kind


def run(kills: int, only: str | None, seed: int, work: Path, quiet: bool = False) -> dict[str, Any]:
    rng = random.Random(seed)
    scenarios = [s for s in prepare(work) if only in (None, s.name)]
    figures: dict[str, Any] = {}
    for sc in scenarios:
        counts = dict.fromkeys(("old", "new", "other", "aimed", "finished", "finished_not_new"), 0)
        if not quiet:
            print(
                f"{sc.name}: unkilled run {sc.seconds:.2f} s, {sc.writing:.2f} s of it writing; "
                f"old {sc.old}; new {sc.new}"
            )
        # a run that finishes before its kill is checked (it must be new) but not counted
        # as a kill; keep going until `kills` processes were really killed
        i = 0
        while counts["old"] + counts["new"] + counts["other"] < kills and i < 3 * kills:
            i += 1
            aimed = i % 2 == 0
            delay = rng.uniform(0, sc.writing) if aimed else rng.uniform(0.1, sc.seconds)
            outcome = kill_once(sc, work, delay, aimed)
            kind = outcome.split()[0]
            if "finished" in outcome:
                counts["finished"] += 1
                counts["finished_not_new"] += kind != "new"
            else:
                counts[kind] += 1
                counts["aimed"] += aimed
            if not quiet:
                when = (
                    f"{delay:5.2f} s after taking the writer's turn"
                    if aimed
                    else (f"{delay:5.2f} s after start")
                )
                print(f"  {sc.name} run {i:2d}, kill {when}: {outcome}")
        figures[sc.name] = counts
        if not quiet:
            print(
                f"{sc.name}: {counts['old'] + counts['new'] + counts['other']} kills -> "
                f"old {counts['old']}, new {counts['new']}, other {counts['other']} "
                f"({counts['aimed']} aimed at the writing); {counts['finished']} more runs "
                f"finished before their kill ({counts['finished_not_new']} not in the new state)"
            )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=30)
    parser.add_argument("--only", choices=["reload", "ingest"])
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tp-kill-") as tmp:
        figures = run(args.kills, args.only, args.seed, Path(tmp))
    bad = sum(f["other"] + f["finished_not_new"] for f in figures.values())
    print("RESULT:", figures, "-> PASS" if bad == 0 else "-> FAIL")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
