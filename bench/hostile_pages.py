"""Time to refuse hostile GACC pages (the probe report's span bombs and their kin).

Each page is the real March 2026 by-country page (42 KB) with one edit; the script times
`read_path` on it (best of 5) and prints the refusal, or how much was read. Not a test.

    python bench/hostile_pages.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from tradepulse.errors import TradepulseError
from tradepulse.sources.registry import read_path

PAGE = Path(__file__).resolve().parents[1] / "tests/fixtures/gacc-pages"
PAGE = PAGE / "release_section4_by_country_mar2026_cny.html"
CELL = '<td colspan="10" align="right" class="style2">'
EDITS = {
    "as published": ("", ""),
    'colspan="1000" rowspan="100000" (the report: 136 s, 17.9 GB)': (
        CELL,
        '<td colspan="1000" rowspan="100000" align="right" class="style2">',
    ),
    'colspan="2000000000" (the report: MemoryError)': (CELL, '<td colspan="2000000000">'),
    'colspan="64" rowspan="1000" on every cell (inside the span bounds)': (
        "<td",
        '<td colspan="64" rowspan="1000"',
    ),
    'colspan="abc"': (CELL, '<td colspan="abc">'),
    "publication date 2026/13/45": ("2026/04/08", "2026/13/45"),
}


def main() -> None:
    text = PAGE.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        for label, (old, new) in EDITS.items():
            if old and old not in text:
                sys.exit(f"edit not applicable: {old!r}")
            path = Path(tmp) / "page.html"
            path.write_text(text.replace(old, new) if old else text, encoding="utf-8")
            best, outcome = float("inf"), ""
            for _ in range(5):
                started = time.perf_counter()
                try:
                    releases = read_path(path)
                    outcome = f"read: {sum(len(r.observations) for r in releases)} figures"
                except TradepulseError as exc:
                    outcome = f"refused: {exc.message[:90]}"
                best = min(best, time.perf_counter() - started)
            size = path.stat().st_size / 1024
            print(f"{1000 * best:8.1f} ms  {size:5.0f} KB  {label}\n            {outcome}")


if __name__ == "__main__":
    main()
