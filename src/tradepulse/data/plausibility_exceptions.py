"""The embedded dataset's figures that break a plausibility rule, each with its cause.

The embedded data is loaded without the door's check (it is curated and tested here
instead): `python -m tradepulse.data.plausibility_exceptions` runs every rule over the
embedded releases and writes plausibility-exceptions.json beside datapackage.json; a test
checks that the rules find exactly what that file lists, so new data cannot bring an
unexplained implausible figure, and a fixed one leaves the list.
"""

from __future__ import annotations

import json
from typing import Any

from ..sources.base import ERRATUM, ParsedRelease
from ..store.plausibility import Finding, findings
from .build import package_dir, read_embedded

FILE = "plausibility-exceptions.json"


def cause(finding: Finding, release: ParsedRelease) -> str:
    """The likely cause of a finding, from its rule and the release that holds it."""
    if release.meta.authority == ERRATUM:
        return "a misprint kept for the record (tier 3: stored, never in force)"
    official = release.meta.source_format.startswith("gacc")
    if finding.rule == "yoy_ceiling" and official:
        return (
            "GACC's own table: a small customs regime (donations, leases, duty-free goods) "
            "growing from a tiny base a year earlier"
        )
    if finding.rule == "magnitude_jump" and official:
        return "GACC's own table: a small customs regime whose monthly level swings 50x"
    if finding.rule == "flows_add_up":
        return (
            "an outlet's rounding, misprint or mixed sources (also listed in "
            "validation-exceptions.json)"
        )
    return "see the release named"


def current_exceptions() -> list[dict[str, Any]]:
    releases, _ = read_embedded()
    by_title = {r.meta.title: r for r in releases}
    out = []
    for f in findings(releases):
        out.append(
            {
                "rule": f.rule,
                "key": f.key,
                "value": f.value,
                "release": f.release,
                "cause": cause(f, by_title[f.release]),
            }
        )
    return out


def key(entry: dict[str, Any]) -> str:
    return f"{entry['rule']}|{entry['key']}|{entry['release']}"


def listed() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads((package_dir() / FILE).read_text(encoding="utf-8"))
    return data


def main() -> None:
    entries = current_exceptions()
    path = package_dir() / FILE
    path.write_text(json.dumps(entries, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(entries)} plausibility exception(s) written to {path}")


if __name__ == "__main__":
    main()
