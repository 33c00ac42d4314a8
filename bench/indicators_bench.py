"""Benchmark: the full indicator suite on a synthetic HS8 panel, three ways.

1. tradepulse's indicator layer (`tradepulse.indicators.panel.suite`, join + windows);
2. a hand-written DuckDB SQL reference (self-joins, written independently);
3. an idiomatic pandas implementation (merge / groupby / transform).

Each runs in its own process (so peak memory is its own); the three results are checked to
agree, then wall time, peak RSS and the ratios are printed. Not a test: figures, not
assertions about speed.

    python bench/indicators_bench.py --rows 1000000 --rows 10000000
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).parent))
from synth import generate

KEYS = ["hs8", "partner", "flow"]
GROUP = ["partner", "flow"]
OUT_COLUMNS = [
    "hs8",
    "partner",
    "flow",
    "mi",
    "yoy_pct",
    "ytd_value",
    "ytd_yoy_pct",
    "share_pct",
    "rank",
    "contribution_pp",
]

REFERENCE_SQL = """
WITH p AS (SELECT hs8, partner, flow, mi, value, mi // 12 AS yr FROM panel),
ly AS (SELECT a.*, b.value AS value_ly
       FROM p a LEFT JOIN p b
         ON a.hs8 = b.hs8 AND a.partner = b.partner AND a.flow = b.flow AND b.mi = a.mi - 12),
ytd AS (SELECT *, sum(value) OVER (PARTITION BY hs8, partner, flow, yr ORDER BY mi)
                  AS ytd_value FROM ly),
ytd_ly AS (SELECT a.*, b.ytd_value AS ytd_value_ly
           FROM ytd a LEFT JOIN ytd b
             ON a.hs8 = b.hs8 AND a.partner = b.partner AND a.flow = b.flow
            AND b.mi = a.mi - 12),
g AS (SELECT partner, flow, mi, sum(value) AS gv, sum(value_ly) AS gv_ly
      FROM ly GROUP BY partner, flow, mi)
SELECT y.hs8, y.partner, y.flow, y.mi,
       100 * (y.value / y.value_ly - 1) AS yoy_pct,
       y.ytd_value,
       100 * (y.ytd_value / y.ytd_value_ly - 1) AS ytd_yoy_pct,
       100 * y.value / g.gv AS share_pct,
       rank() OVER (PARTITION BY y.partner, y.flow, y.mi ORDER BY y.value DESC) AS rank,
       100 * (y.value - y.value_ly) / g.gv_ly AS contribution_pp
FROM ytd_ly y JOIN g USING (partner, flow, mi)
"""


def run_tradepulse(path: str) -> pa.Table:
    import duckdb

    from tradepulse.indicators.panel import suite

    con = duckdb.connect()
    con.execute(f"CREATE TABLE panel AS SELECT * FROM read_parquet('{path}')")
    start = time.perf_counter()
    table = suite(con, "panel", KEYS, GROUP).select(OUT_COLUMNS)
    return table, time.perf_counter() - start


def run_reference_sql(path: str) -> pa.Table:
    import duckdb

    con = duckdb.connect()
    con.execute(f"CREATE TABLE panel AS SELECT * FROM read_parquet('{path}')")
    start = time.perf_counter()
    table = con.sql(REFERENCE_SQL).to_arrow_table().select(OUT_COLUMNS)
    return table, time.perf_counter() - start


def run_pandas(path: str) -> pa.Table:
    import pandas as pd

    df = pd.read_parquet(path)
    start = time.perf_counter()
    df["yr"] = df["mi"] // 12
    last = df[[*KEYS, "mi", "value"]].rename(columns={"value": "value_ly"})
    last["mi"] = last["mi"] + 12
    df = df.merge(last, on=[*KEYS, "mi"], how="left")
    df = df.sort_values([*KEYS, "mi"])
    df["ytd_value"] = df.groupby([*KEYS, "yr"])["value"].cumsum()
    last_ytd = df[[*KEYS, "mi", "ytd_value"]].rename(columns={"ytd_value": "ytd_value_ly"})
    last_ytd["mi"] = last_ytd["mi"] + 12
    df = df.merge(last_ytd, on=[*KEYS, "mi"], how="left")
    grouped = df.groupby([*GROUP, "mi"])
    df["yoy_pct"] = 100 * (df["value"] / df["value_ly"] - 1)
    df["ytd_yoy_pct"] = 100 * (df["ytd_value"] / df["ytd_value_ly"] - 1)
    df["share_pct"] = 100 * df["value"] / grouped["value"].transform("sum")
    df["rank"] = grouped["value"].rank(ascending=False, method="min").astype("int64")
    df["contribution_pp"] = (
        100 * (df["value"] - df["value_ly"]) / grouped["value_ly"].transform("sum")
    )
    elapsed = time.perf_counter() - start
    return pa.Table.from_pandas(df[OUT_COLUMNS], preserve_index=False), elapsed


RUNNERS = {"tradepulse": run_tradepulse, "sql_reference": run_reference_sql, "pandas": run_pandas}


def _worker(name: str, path: str, out: str, queue: Any) -> None:
    table, elapsed = RUNNERS[name](path)
    pq.write_table(table, out)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    queue.put({"name": name, "seconds": elapsed, "peak_mb": peak_kb / 1024, "rows": table.num_rows})


def measure(name: str, path: Path, out: Path) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_worker, args=(name, str(path), str(out), queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def agree(paths: dict[str, Path]) -> dict[str, float]:
    """Largest absolute difference of each measure between tradepulse and the others."""
    import duckdb

    con = duckdb.connect()
    out: dict[str, float] = {}
    for other in ("sql_reference", "pandas"):
        row = con.execute(f"""
            SELECT count(*) AS n,
              count(*) FILTER (WHERE b.hs8 IS NULL) AS unmatched,
              max(abs(coalesce(a.yoy_pct, 0) - coalesce(b.yoy_pct, 0))),
              max(abs(coalesce(a.ytd_value, 0) - coalesce(b.ytd_value, 0))
                  / greatest(abs(a.ytd_value), 1)),
              max(abs(coalesce(a.ytd_yoy_pct, 0) - coalesce(b.ytd_yoy_pct, 0))),
              max(abs(a.share_pct - b.share_pct)),
              max(abs(a.rank - b.rank)),
              max(abs(coalesce(a.contribution_pp, 0) - coalesce(b.contribution_pp, 0))),
              count(*) FILTER (WHERE (a.yoy_pct IS NULL) <> (b.yoy_pct IS NULL))
            FROM read_parquet('{paths["tradepulse"]}') a
            LEFT JOIN read_parquet('{paths[other]}') b
              USING (hs8, partner, flow, mi)""").fetchall()[0]
        _n, unmatched, *diffs, null_mismatch = row
        worst = max(float(d or 0) for d in diffs)
        if unmatched or null_mismatch or worst > 1e-6:
            raise SystemExit(
                f"results disagree with {other}: unmatched={unmatched}, "
                f"null mismatches={null_mismatch}, worst difference={worst}"
            )
        out[other] = worst
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--rows", type=int, action="append", help="panel size (repeatable); default 1,000,000"
    )
    parser.add_argument("--skip-pandas-above", type=int, default=50_000_000)
    args = parser.parse_args()
    sizes = args.rows or [1_000_000]
    report = []
    with tempfile.TemporaryDirectory() as tmp:
        for rows in sizes:
            panel = Path(tmp) / f"panel_{rows}.parquet"
            table = generate(rows)
            pq.write_table(table, panel)
            print(f"\npanel: {table.num_rows:,} rows (HS8 x partner x month x flow)")
            results, outputs = {}, {}
            for name in RUNNERS:
                if name == "pandas" and rows > args.skip_pandas_above:
                    continue
                outputs[name] = Path(tmp) / f"{name}_{rows}.parquet"
                results[name] = measure(name, panel, outputs[name])
                r = results[name]
                print(f"  {name:14s} {r['seconds']:8.2f} s   peak {r['peak_mb']:8.0f} MB")
            diffs = agree(outputs)
            tp = results["tradepulse"]["seconds"]
            ratio_sql = tp / results["sql_reference"]["seconds"]
            line = {
                "rows": table.num_rows,
                **{f"{k}_s": v["seconds"] for k, v in results.items()},
                **{f"{k}_peak_mb": v["peak_mb"] for k, v in results.items()},
                "tradepulse_vs_sql": ratio_sql,
            }
            print(
                f"  agreement: max |difference| {max(diffs.values()):.2e} "
                "(yoy, ytd, share, rank, contribution)"
            )
            print(f"  tradepulse / hand-written SQL: {ratio_sql:.2f}x (target <= 1.3x)")
            if "pandas" in results:
                speedup = results["pandas"]["seconds"] / tp
                line["pandas_vs_tradepulse"] = speedup
                print(f"  pandas / tradepulse: {speedup:.1f}x faster (target >= 10x at 10M)")
            report.append(line)
    print("\n" + json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
