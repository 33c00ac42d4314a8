"""Long fuzz run: mutated real GACC pages, table texts and tidy files through ingest.

The same Hypothesis strategies and harness as tests/sources/test_fuzz.py (see
tests/sources/fuzzing.py), fresh random cases, no shrinking; every case runs to the end
and is counted. Prints the counts (crashes, hangs, refused, accepted-identical,
accepted-changed, impossible-accepted, refused-but-changed), the commonest refusals, the
slowest cases and an example of each failure. Not a test: figures, not assertions.

Then `--articles` mutated articles of the project's own writing go through `check`
against a store with the embedded data (crash, hang, refused, checked).

    python bench/fuzz_ingest.py --cases 10000 --articles 1000
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.sources.fuzzing import (
    HANG_SECONDS,
    Case,
    Harness,
    article_seeds,
    cases,
    run_article,
    seeds,
)

from tradepulse.api import ensure_data
from tradepulse.store.db import Store

ORDER = (
    "crash",
    "hang",
    "refused",
    "accepted-identical",
    "accepted-changed",
    "impossible-accepted",
    "refused-but-changed",
)


def _reason(error: str) -> str:
    rule = re.search(r"breaks rule (\w+)", error)
    if rule:
        return f"plausibility: {rule.group(1)}"
    text = error.split(" (file")[0]
    return re.sub(r"'[^']*'|\"[^\"]*\"|\d[\d,.]*", "…", text)[:90]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument(
        "--trimmed", action="store_true", help="trimmed page fixtures instead of whole pages"
    )
    args = parser.parse_args()
    if args.cases:
        fuzz_inputs(args.cases, args.trimmed)
    if args.articles:
        fuzz_articles(args.articles)


def fuzz_inputs(n_cases: int, trimmed: bool) -> None:
    seed_list = seeds(trimmed_pages=trimmed)
    reasons: Counter[str] = Counter()
    by_kind: Counter[tuple[str, str]] = Counter()
    slowest: list[tuple[float, str]] = []
    started = time.perf_counter()
    with Harness.open(seed_list) as harness:
        loaded = time.perf_counter() - started
        print(
            f"{len(seed_list)} seeds loaded in {loaded:.1f} s "
            f"({harness.store.fingerprint()[1]:,} figures); running {n_cases:,} cases, "
            f"hang limit {HANG_SECONDS:.0f} s"
        )

        @settings(
            max_examples=n_cases,
            phases=[Phase.generate],
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=cases(seed_list))
        def run(case: Case) -> None:
            t = time.perf_counter()
            outcome = harness.run(case)
            dt = time.perf_counter() - t
            by_kind[(case.seed.kind, outcome)] += 1
            if outcome == "refused":
                reasons[_reason(getattr(harness, "last_error", ""))] += 1
            slowest.append((dt, f"{case.seed.name}: {'; '.join(case.mutations)}"))
            slowest.sort(reverse=True)
            del slowest[5:]
            done = sum(harness.counts.values())
            if done % 1000 == 0:
                print(f"  {done:,} cases, {time.perf_counter() - started:.0f} s", flush=True)

        run()
        total = time.perf_counter() - started - loaded
        counts = harness.counts
        n = sum(counts.values())
        print(f"\n{n:,} cases in {total:.0f} s ({1000 * total / max(n, 1):.0f} ms a case)")
        for outcome in ORDER:
            print(f"  {outcome:22} {counts.get(outcome, 0):6,}")
        print("\nby seed kind:")
        for kind in ("page", "text", "tidy"):
            line = ", ".join(f"{o} {by_kind[(kind, o)]:,}" for o in ORDER if by_kind[(kind, o)])
            print(f"  {kind}: {line}")
        print("\ncommonest refusals:")
        for reason, count in reasons.most_common(15):
            print(f"  {count:6,}  {reason}")
        print("\nslowest cases:")
        for dt, what in slowest:
            print(f"  {dt:6.2f} s  {what[:110]}")
        for outcome, examples in harness.examples.items():
            print(f"\n{outcome} (first 3):")
            for example in examples[:3]:
                print(f"  {example[:200]}")


def fuzz_articles(n: int) -> None:
    counts: Counter[str] = Counter()
    failures: list[str] = []
    slowest = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "embedded.duckdb"
        ensure_data(db)
        started = time.perf_counter()
        with Store.reader(db) as store:

            @settings(
                max_examples=n,
                phases=[Phase.generate],
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=cases(article_seeds(), max_repeat=200))
            def run(case: Case) -> None:
                nonlocal slowest
                t = time.perf_counter()
                outcome, detail = run_article(store, case, counts)
                slowest = max(slowest, time.perf_counter() - t)
                if outcome in ("crash", "hang"):
                    failures.append(f"{outcome}: {case.seed.name}: {case.mutations}: {detail}")

            run()
        total = time.perf_counter() - started
    print(
        f"\n{sum(counts.values()):,} mutated articles through check in {total:.0f} s "
        f"(slowest {slowest:.2f} s)"
    )
    for outcome in ("crash", "hang", "refused", "checked"):
        print(f"  {outcome:22} {counts.get(outcome, 0):6,}")
    for failure in failures[:3]:
        print(f"  {failure[:200]}")


if __name__ == "__main__":
    main()
