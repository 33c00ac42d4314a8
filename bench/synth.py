"""Synthetic HS-level panel: HS8 code x partner x month x flow, N rows, as Parquet.

Values are log-normal with a trend and seasonality so growth rates, shares and ranks vary
like real customs detail; every series has every month (a complete panel).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

MONTHS = 48  # four years: three of YoY
PARTNERS = 50
FLOWS = ("export", "import")
START_MI = 2020 * 12  # January 2020


def generate(rows: int, seed: int = 7) -> pa.Table:
    codes = max(1, rows // (MONTHS * PARTNERS * len(FLOWS)))
    rng = np.random.default_rng(seed)
    n = codes * PARTNERS * len(FLOWS) * MONTHS
    series = codes * PARTNERS * len(FLOWS)
    idx = np.arange(n)
    month = idx % MONTHS
    s = idx // MONTHS
    flow = s % len(FLOWS)
    partner = (s // len(FLOWS)) % PARTNERS
    code = s // (len(FLOWS) * PARTNERS)
    level = rng.lognormal(mean=13.0, sigma=1.5, size=series)[s]
    trend = (1 + rng.normal(0.03, 0.08, size=series)[s]) ** (month / 12)
    season = 1 + 0.1 * np.sin(2 * np.pi * (month % 12) / 12)
    noise = rng.lognormal(0.0, 0.2, size=n)
    value = np.round(level * trend * season * noise, 1)
    hs8 = 1_000_000 + code * 7
    return pa.table(
        {
            "hs8": pa.array(hs8.astype(np.int32)),
            "partner": pa.array(partner.astype(np.int16)),
            "flow": pa.array(np.array(FLOWS)[flow]),
            "mi": pa.array((START_MI + month).astype(np.int32)),
            "value": pa.array(value),
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    table = generate(args.rows)
    pq.write_table(table, args.out)
    print(f"wrote {table.num_rows:,} rows to {args.out}")


if __name__ == "__main__":
    main()
