"""Benchmark: checking articles — warm throughput in one process, and a cold start.

1. Warm: one process, one read-only store; every article of the corpus is checked once to
   warm up (the store's figures are read into memory by the first), then `--rounds` more
   times; prints articles per second (best and median round), milliseconds per article
   and SQL queries per article (counted on the store's connection).
2. Cold: a new process runs `tradepulse check CORPUS` (JSON Lines out) on an already
   loaded store; prints the time from start to the first article's result (its claims)
   and to the last. Also `tradepulse check FILE --json` for one article.

The machine's load is printed beside the figures: they are only comparable under similar
load. Not a test: figures, not assertions. `--profile` adds the hottest functions.

    python bench/check_bench.py [--corpus ../shared/articles] [--db PATH] [--rounds 5]
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tradepulse.api import ensure_data
from tradepulse.claims import check_text
from tradepulse.errors import TradepulseError
from tradepulse.store.db import Store

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "articles"


class CountingConnection:
    """The store's DuckDB connection, counting the queries run through it."""

    def __init__(self, con: Any) -> None:
        self._con = con
        self.queries = 0

    def sql(self, *args: Any, **kwargs: Any) -> Any:
        self.queries += 1
        return self._con.sql(*args, **kwargs)

    def execute(self, *args: Any, **kwargs: Any) -> Any:
        self.queries += 1
        return self._con.execute(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)


def check_all(store: Store, articles: list[tuple[str, bytes]]) -> int:
    claims = 0
    for name, data in articles:
        # an article without trade claims still counts as checked
        with contextlib.suppress(TradepulseError):
            claims += len(check_text(store, data, name).claims)
    return claims


def warm(db: Path, articles: list[tuple[str, bytes]], rounds: int, profile: bool) -> None:
    with Store.reader(db) as store:
        counting = CountingConnection(store.con)
        store.con = counting  # type: ignore[assignment]
        t0 = time.perf_counter()
        claims = check_all(store, articles)
        first = time.perf_counter() - t0
        first_queries = counting.queries
        times, cpu = [], []
        for _ in range(rounds):
            counting.queries = 0
            t0, c0 = time.perf_counter(), time.process_time()
            check_all(store, articles)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        n = len(articles)
        best, median = min(times), statistics.median(times)
        print(f"articles                    {n} ({claims} claims)")
        print(f"first pass (reads figures)  {first:.2f} s, {first_queries} SQL queries")
        print(f"warm articles/s             {n / best:.1f} best, {n / median:.1f} median")
        ms = f"{1000 * best / n:.1f} best, {1000 * median / n:.1f} median"
        print(f"warm ms/article             {ms}")
        # CPU time is what the process used, whatever else the machine runs: on a shared
        # machine it says what one free core would give
        per_cpu = f"{n / min(cpu):.1f} best, {n / statistics.median(cpu):.1f} median"
        print(f"warm articles/CPU-second    {per_cpu}")
        print(f"warm SQL queries/article    {counting.queries / n:.2f}")
        if profile:
            prof = cProfile.Profile()
            prof.enable()
            check_all(store, articles)
            prof.disable()
            by_module(pstats.Stats(prof))
            pstats.Stats(prof).sort_stats("cumulative").print_stats(25)


def _module(file: str) -> str | None:
    parts = Path(file).parts
    if "tradepulse" not in parts or "bench" in parts:
        return None
    return ".".join(parts[parts.index("tradepulse") + 1 :]).removesuffix(".py")


def by_module(stats: pstats.Stats) -> None:
    """Time per tradepulse module: its own, plus that of the library code (re, numpy …)
    it calls, shared among callers by the time each call took."""
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    shares: dict[Any, dict[str, float]] = {}

    def owners(func: Any, seen: frozenset[Any] = frozenset()) -> dict[str, float]:
        if func in shares:
            return shares[func]
        module = _module(func[0])
        if module is not None:
            return {module: 1.0}
        callers = raw.get(func, (0, 0, 0, 0, {}))[4]
        weights = {c: v[3] for c, v in callers.items() if c not in seen}
        total = sum(weights.values())
        out: dict[str, float] = {}
        for caller, w in weights.items():
            for m, f in owners(caller, seen | {func}).items():
                out[m] = out.get(m, 0.0) + f * (w / total if total else 1 / len(weights))
        shares[func] = out or {"other": 1.0}
        return shares[func]

    own: dict[str, float] = {}
    for func, (_, _, tottime, _, _) in raw.items():
        for m, f in owners(func).items():
            own[m] = own.get(m, 0.0) + f * tottime
    total = sum(own.values())
    print("time by module, with the library calls each makes (profiled pass):")
    for name, t in sorted(own.items(), key=lambda kv: -kv[1])[:10]:
        print(f"  {name:30s} {t:6.2f} s  {100 * t / total:5.1f}%")


def cold(db: Path, corpus: Path, one: Path) -> None:
    env = {**os.environ, "TRADEPULSE_DB": str(db)}
    cmd = [sys.executable, "-m", "tradepulse", "check", str(corpus)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    assert proc.stdout is not None
    first_line = proc.stdout.readline()
    first = time.perf_counter() - t0
    rest = proc.stdout.read().count(b"\n")
    proc.wait()
    total = time.perf_counter() - t0
    ok = first_line.startswith(b"{") and b'"claims"' in first_line
    print(f"cold: first article's claims {first:.2f} s ({'ok' if ok else 'no claims'})")
    print(f"cold: all {1 + rest} articles      {total:.2f} s")
    t0 = time.perf_counter()
    done = subprocess.run(
        [*cmd[:-1], str(one), "--json"], capture_output=True, env=env, check=False
    )
    print(f"cold: one article --json     {time.perf_counter() - t0:.2f} s (exit {done.returncode})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--db", type=Path, help="a store (default: a new one, loaded first)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    files = sorted(args.corpus.glob("*.txt")) if args.corpus.is_dir() else []
    if not files:
        print(f"skipped: no articles at {args.corpus} (the development corpus is in ../shared)")
        return
    articles = [(str(f), f.read_bytes()) for f in files]
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"machine: {os.cpu_count()} cores, load average {load} (1, 5, 15 min)")
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.duckdb"
        t0 = time.perf_counter()
        if ensure_data(db):
            print(f"new store loaded in          {time.perf_counter() - t0:.2f} s (first run)")
        warm(db, articles, args.rounds, args.profile)
        cold(db, args.corpus, files[0])
    print(f"load average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
