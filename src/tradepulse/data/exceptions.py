"""The embedded dataset's known validation exceptions, each with its cause.

`python -m tradepulse.data.exceptions` validates the embedded data in a scratch store and
writes validation-exceptions.json beside datapackage.json; a test checks that validation
finds nothing that file does not list, so new data cannot bring unexplained conflicts.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Any

from ..store.db import Store
from ..validate import Violation, validate
from .build import load_embedded, package_dir

FILE = "validation-exceptions.json"


def cause(v: Violation) -> str:
    """The likely cause of a violation, from its kind and the releases involved."""
    news = [r for r in v.releases if "quoted from GACC" in r]
    tables = [r for r in v.releases if "quoted from GACC" not in r]
    mofcom = any(r.startswith("MOFCOM data centre") for r in v.releases)
    workbook = any("(CNY 10 thousand)" in r for r in v.releases)
    if workbook and v.check == "months_sum_to_ytd":
        return (
            "each month as GACC first published it, each year to date with the earlier "
            "months as revised by then"
        )
    if mofcom and v.check == "months_sum_to_ytd":
        return "MOFCOM's data centre revises the year to date without revising the months"
    if mofcom and v.check == "published_yoy_matches":
        return (
            "MOFCOM's data centre keeps GACC's growth rates as first published beside "
            "levels GACC revised later (2023 most of all)"
        )
    if v.check == "published_yoy_matches":
        m = re.search(r"published YoY (-?[\d.]+)% but stored figures give (-?[\d.]+)%", v.message)
        gap = abs(float(m.group(1)) - float(m.group(2))) if m else 0.0
        if gap <= 3:
            return (
                "GACC computes growth on the prior year's revised figures; the stored base "
                "is an earlier (preliminary or rounded) figure"
            )
        return "sources disagree on the level or the rate (see the releases named)"
    if v.check == "flows_add_up":
        if tables and not news:
            return (
                "two GACC tables (preliminary release and monthly bulletin) give slightly "
                "different figures: a revision"
            )
        return "an outlet's rounding, misprint or mixed sources (see the releases named)"
    if v.check == "months_sum_to_ytd":
        return "monthly and cumulative figures come from different vintages or outlets"
    if v.check == "tier_conflict":
        return (
            "reports of one release disagree: the figure more independent sources agree on "
            "is in force (ties: a Chinese state agency, then the most precise figure)"
        )
    if v.check == "quote_contradicts_official":
        return "a quoted figure differs from the official one of the same release: never in force"
    if v.check == "implied_rate_plausible":
        return "one currency's figure is an outlet's conversion or misprint"
    return "see the releases named"


def current_exceptions() -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp, Store.writer(Path(tmp) / "x.duckdb") as store:
        load_embedded(store)
        violations = validate(store)
    return [{**v.as_dict(), "cause": cause(v)} for v in violations]


def key(entry: dict[str, Any]) -> str:
    return f"{entry['check']}|{entry['key']}"


def main() -> None:
    # fully ordered, so that regenerating the file changes it only when the data change
    entries = sorted(
        ({**e, "releases": sorted(e.get("releases", []))} for e in current_exceptions()),
        key=lambda e: (key(e), e.get("message", ""), e["releases"]),
    )
    path = package_dir() / FILE
    path.write_text(json.dumps(entries, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(entries)} exceptions to {path}")


if __name__ == "__main__":
    main()
