"""Benchmark: `check` on hostile inputs up to the 2 MiB limit (issue #12, linear time).

Each input runs in its own process with a time limit; the script prints the seconds it took
(reading, extraction and interpretation, verification) or the one-line refusal, and for
each growing family the ratio of times per doubling of the input (about 2 when linear, 4
when quadratic). Not a test: figures, not assertions.

    TRADEPULSE_DB=/tmp/me/db.duckdb python bench/check_hostile_bench.py [--quick]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import sys
import time
from pathlib import Path
from typing import Any

from tradepulse.claims.article import MAX_BYTES
from tradepulse.claims.extract import MAX_MENTIONS, find_mentions

ARTICLE = Path(__file__).parent.parent / "tests" / "claims" / "articles" / "slips_2020_11.txt"
LIMIT = MAX_BYTES - 4096  # room for the prefix


def _fit(text: str) -> bytes:
    return text.encode()[:LIMIT]


def families(quick: bool) -> list[tuple[str, list[tuple[str, bytes]]]]:
    """The report's hostile inputs: (family, [(label, bytes), ...]) by doubling size."""
    sizes = [1_000, 2_000, 4_000, 8_000] if quick else [1_000, 4_000, 16_000, 64_000, 100_000]
    real = ARTICLE.read_text()
    out: list[tuple[str, list[tuple[str, bytes]]]] = [
        (
            "'1.1 percent and ' x N",
            [(f"N={n:,}", _fit("China's exports rose " + "1.1 percent and " * n)) for n in sizes],
        ),
        (
            "digit run",
            [(f"{n:,} digits", _fit("Exports rose " + "7" * n + " percent")) for n in sizes],
        ),
        (
            "'1.1%' x N",
            [(f"N={n:,}", _fit("Exports rose " + "1.1% " * n)) for n in (*sizes, 300_000)],
        ),
        (
            "'$1.2 trillion,' x N",
            [(f"N={n:,}", _fit("Trade reached " + "$1.2 trillion, " * n)) for n in sizes],
        ),
        (
            "commas and digits",
            [(f"N={n:,}", _fit("Imports were " + "1,2" * n + " percent")) for n in sizes],
        ),
        (
            "spaces and numbers",
            [(f"N={n:,}", _fit("Exports rose " + " 3 " * n + "percent")) for n in sizes],
        ),
        ("one long word", [(f"{n:,} letters", _fit("Exports " + "a" * n)) for n in sizes]),
        (
            "month names",
            [(f"N={n:,}", _fit("Exports rose 3.1% in " + "May June July " * n)) for n in sizes],
        ),
        (
            "one long sentence",
            [
                (
                    f"{kb} KB",
                    _fit(
                        "China's exports to the United States rose "
                        + ", and imports from Japan fell 2.5 percent to $3.1 billion in May"
                        * (kb * 1024 // 66)
                        + "."
                    ),
                )
                for kb in ((64, 256) if quick else (100, 400, 1700))
            ],
        ),
        (
            "a real article repeated",
            [
                (f"{kb} KB", _fit(real * (kb * 1024 // len(real) + 1)))
                for kb in ((64, 256) if quick else (120, 480, 1900))
            ],
        ),
        ("a real article repeated to the budget", [("just under", _at_budget(real))]),
    ]
    return out


def _at_budget(article: str) -> bytes:
    """The article repeated as often as the work budget of figures allows: the slowest
    input that is checked rather than refused."""
    per_copy = len(find_mentions(article))
    return (article * (MAX_MENTIONS // per_copy)).encode()


def _run(data: bytes, db: str, queue: Any) -> None:
    from tradepulse.claims import check_text
    from tradepulse.errors import TradepulseError
    from tradepulse.store.db import Store

    started = time.perf_counter()
    try:
        with Store.reader(Path(db)) as store:
            report = check_text(store, data, "hostile.txt")
        queue.put((time.perf_counter() - started, f"{len(report.claims)} claims"))
    except TradepulseError as exc:
        queue.put((time.perf_counter() - started, f"refused: {str(exc).splitlines()[0]}"))


def measure(data: bytes, db: str, timeout: float) -> tuple[float | None, str]:
    queue: Any = mp.Queue()
    proc = mp.Process(target=_run, args=(data, db, queue))
    proc.start()
    proc.join(timeout)
    if proc.is_alive():
        proc.kill()
        proc.join()
        return None, f"over {timeout:.0f} s"
    return queue.get() if not queue.empty() else (None, f"crashed (exit {proc.exitcode})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only")
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    db = os.environ.get("TRADEPULSE_DB")
    if not db:
        sys.exit("set TRADEPULSE_DB to a store (loaded on first use)")
    worst = 0.0
    for family, cases in families(args.quick):
        print(f"\n{family}")
        previous: tuple[int, float] | None = None
        for label, data in cases:
            seconds, outcome = measure(data, db, args.timeout)
            ratio = ""
            if seconds is not None and previous and previous[1] > 0.05:
                # time ratio scaled to one doubling of the input
                import math

                doublings = math.log2(len(data) / previous[0])
                if doublings > 0:
                    ratio = f"x{(seconds / previous[1]) ** (1 / doublings):.2f}/doubling"
            shown = f"{seconds:6.2f} s" if seconds is not None else "   --   "
            print(f"  {label:>14}  {len(data) / 1024:8.0f} KB  {shown}  {ratio:>16}  {outcome}")
            if seconds is not None:
                previous = (len(data), seconds)
                worst = max(worst, seconds)
            else:
                worst = float("inf")
    print(f"\nslowest input: {worst:.2f} s (target: under 5 s for any input up to 2 MiB)")


if __name__ == "__main__":
    main()
