"""Writers and readers on one store, as separate `tradepulse` processes.

    python bench/lock_bench.py                   # 1 writer + 5 readers, 60 s, 60 s timeout
    python bench/lock_bench.py --seconds 120 --readers 8 --lock-timeout 30
    python bench/lock_bench.py --writers 2 --readers 0 --seconds 25

The writer ingests a re-publication of one GACC page in a loop (a later date each time, so
every write adds a release); the readers run `series`, `check` and `bulletin` in loops.
Target: every write succeeds or times out with the plain message ("another tradepulse
process … holds the store"), and no reader sees an error about writing. Prints the figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from tradepulse import api

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "tests" / "fixtures" / "gacc-pages" / "release_section4_by_country_mar2026_cny.html"
# an article of our own writing, for `check`
ARTICLE = (
    "China's exports to the European Union were 324.89 billion yuan in March 2026, "
    "and imports from the bloc came to 162.43 billion yuan, customs data showed.\n"
)


@dataclass
class Tally:
    ok: int = 0
    busy: int = 0  # timed out with the plain message
    other: int = 0  # any other failure
    waited: int = 0  # printed the progress line while waiting
    seconds: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, proc: subprocess.CompletedProcess[str], seconds: float) -> None:
        with self.lock:
            self.seconds.append(seconds)
            self.waited += "waiting for another tradepulse process" in proc.stderr
            if proc.returncode == 0:
                self.ok += 1
            elif "holds the store" in proc.stderr and "try again when it finishes" in (
                proc.stderr.lower()
            ):
                self.busy += 1
            else:
                self.other += 1
                self.errors.append(proc.stderr.strip().splitlines()[-1][:200])


def _run(
    db: Path, args: list[str], env: dict[str, str]
) -> tuple[subprocess.CompletedProcess[str], float]:
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "tradepulse", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=env,
    )
    return proc, time.monotonic() - start


def writer(db: Path, work: Path, env: dict[str, str], until: float, tally: Tally, n: int) -> None:
    text = PAGE.read_text(encoding="utf-8")
    i = 0
    while time.monotonic() < until:
        i += 1
        day = date(2026, 4, 8) + timedelta(days=1000 * n + i)  # a date of its own each time
        page = work / f"republished_{n}_{i}.html"
        page.write_text(text.replace("2026/04/08", day.strftime("%Y/%m/%d")), encoding="utf-8")
        proc, seconds = _run(db, ["ingest", str(page)], env)
        tally.add(proc, seconds)


def reader(
    db: Path,
    article: Path,
    env: dict[str, str],
    until: float,
    start: int,
    tallies: dict[str, Tally],
) -> None:
    commands = {
        "series": ["series", "--partner", "EU", "--period", "2026-03"],
        "check": ["check", str(article)],
        "bulletin": ["bulletin", "2026-03", "--format", "json"],
    }
    names = list(commands)
    i = start
    while time.monotonic() < until:
        name = names[i % len(names)]
        proc, seconds = _run(db, commands[name], env)
        tallies[name].add(proc, seconds)
        i += 1


def summary(name: str, t: Tally) -> str:
    runs = len(t.seconds)
    if not runs:
        return f"{name}: no runs"
    return (
        f"{name}: {runs} runs, {t.ok} ok, {t.busy} timed out with the plain message, "
        f"{t.other} other errors; {t.waited} waited; seconds median "
        f"{statistics.median(t.seconds):.2f}, max {max(t.seconds):.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--readers", type=int, default=5)
    parser.add_argument("--writers", type=int, default=1)
    parser.add_argument("--lock-timeout", type=float, default=None, help="default: 60 s")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tp-lock-") as tmp:
        work = Path(tmp)
        db = work / "tp.duckdb"
        api.ensure_data(db)
        article = work / "article.txt"
        article.write_text(ARTICLE, encoding="utf-8")
        env = dict(os.environ)
        if args.lock_timeout is not None:
            env["TRADEPULSE_LOCK_TIMEOUT"] = str(args.lock_timeout)
        writes = Tally()
        reads = {name: Tally() for name in ("series", "check", "bulletin")}
        until = time.monotonic() + args.seconds
        threads = [
            threading.Thread(target=writer, args=(db, work, env, until, writes, n))
            for n in range(args.writers)
        ]
        threads += [
            threading.Thread(target=reader, args=(db, article, env, until, i, reads))
            for i in range(args.readers)
        ]
        start = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - start
    print(
        f"{args.writers} writer(s) + {args.readers} readers for {elapsed:.0f} s "
        f"(no new runs after {args.seconds:.0f} s)"
    )
    print(summary("writes (ingest)", writes))
    for name, t in reads.items():
        print(summary(f"reads ({name})", t))
    read_runs = sum(len(t.seconds) for t in reads.values())
    read_ok = sum(t.ok for t in reads.values())
    read_errors = [e for t in reads.values() for e in t.errors]
    write_errors_seen = [e for e in read_errors if "writ" in e.lower()]
    print(
        f"TOTAL: writes {writes.ok} ok / {writes.busy} timed out / {writes.other} other; "
        f"reads {read_ok} ok / {read_runs - read_ok} not ok "
        f"({sum(t.busy for t in reads.values())} timed out); "
        f"readers seeing a write error: {len(write_errors_seen)}"
    )
    for line in sorted(set(writes.errors + read_errors))[:10]:
        print("  error:", line)
    passed = writes.other == 0 and not write_errors_seen
    print("RESULT:", "PASS" if passed else "FAIL")
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
