"""Write datapackage.json (Frictionless Data Package) for the embedded dataset.

Run `python -m tradepulse.data.describe` after adding records or tables; a test checks the
descriptor lists exactly the files present.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .build import package_dir

RECORD_FIELDS = [
    ("period", "string", "YYYY-MM, the last month the figure covers"),
    ("period_kind", "string", "month (that month alone) or ytd (January to period)"),
    ("flow", "string", "total, export or import"),
    ("partner", "string", "WLD or an ISO alpha-3 / group code"),
    ("breakdown", "string", "empty, or kind:code (trade_mode:general, commodity:mech_elec ...)"),
    (
        "currency",
        "string",
        "CNY or USD: the denomination or, for a rate, its basis; empty for quantities",
    ),
    ("measure", "string", "value, yoy_pct, share_pct or quantity"),
    ("value", "number", "as printed, without thousands separators"),
    ("unit", "string", "the unit's exact wording as printed"),
    ("approx", "string", "approximation word as printed (about, nearly, over), if any"),
    ("source_url", "string", "the article or page quoted"),
    ("outlet", "string", "who published it (GACC, Xinhua, Reuters ...)"),
    ("published", "date", "publication date of the article, if known"),
    ("note", "string", "the maintainers' remark on the figure, if any"),
]

NOTES = [
    "Figures only, never prose: each record is one published figure with its source.",
    "A table kept as text is one GACC release table found as a web page's text; it is read "
    "by tradepulse's gacc-text reader, exactly like a user's input.",
    "Authority: GACC's own tables win over quoted figures (GACC's own press reviews, then "
    "news outlets) for the same figure; all stay stored and visible.",
    "Monthly-bulletin copies that lost their unit row carry `unit: US$1,000` in their "
    "header: the English monthly bulletin prints that unit on every copy that kept it "
    "(e.g. 2019-08, 2019-12, 2026-02), and the magnitudes agree with the dollar totals "
    "reported for the same months.",
    "News rounding: a figure printed as 3.09 trillion yuan keeps that precision "
    "(resolution 0.01 trillion); checks use half a resolution as tolerance; figures "
    "printed with 'about' get twice that.",
    "Left out while building: tables whose text copy cannot be placed column by column "
    "(blank cells lost: the (18) selected-commodities-by-regime tables and the 2019 "
    "enterprise tables with eight enterprise columns), and records without a source URL, "
    "with an ambiguous unit ('pontos'), or a flow rate rather than a quantity ('mln bpd').",
    "Known conflicts between sources are kept (both releases stored). Every check that "
    "`tradepulse validate` fails on the embedded data is listed, with its likely cause, in "
    "validation-exceptions.json (regenerate with `python -m tradepulse.data.exceptions`).",
]


def build_descriptor(base: Path) -> dict[str, Any]:
    records = sorted(p.relative_to(base).as_posix() for p in (base / "records").glob("*.csv"))
    tables = sorted(p.relative_to(base).as_posix() for p in (base / "tables").glob("*/*.txt"))
    responses = sorted(
        p.relative_to(base).as_posix()
        for p in (base / "responses").glob("*/*.json")
        if not p.name.endswith(".meta.json")
    )
    workbooks = sorted(p.relative_to(base).as_posix() for p in (base / "workbooks").glob("*.xlsx"))
    return {
        "name": "tradepulse-gacc-official",
        "title": "China's official customs trade figures, 2018 onwards, with sources",
        "licenses": [{"name": "other-pd", "title": "Official statistics, figures only"}],
        "sources": [
            {
                "title": "General Administration of Customs of the PRC (GACC), English site",
                "path": "http://english.customs.gov.cn/",
            },
            {
                "title": "Ministry of Commerce of the PRC (MOFCOM), republishing GACC's "
                "national totals (data centre, FDI site)",
                "path": "https://data.mofcom.gov.cn/hwmy/imexmonth.shtml",
            },
            {
                "title": "News reports quoting GACC (Xinhua, China Daily, SCIO, Reuters, AP ...)",
                "path": "see each record's source_url",
            },
        ],
        "resources": [
            {
                "name": "gacc-tables",
                "path": tables,
                "format": "txt",
                "mediatype": "text/plain",
                "description": "GACC release and monthly-bulletin tables as text, each with "
                "a header: source_url, published, retrieved, truncated, unit",
            },
            {
                "name": "official-responses",
                "path": responses,
                "format": "json",
                "mediatype": "application/json",
                "description": "official servers' answers kept byte for byte, each with a "
                "<name>.meta.json sidecar (url, retrieval date, sha256): MOFCOM's data "
                "centre monthly goods-trade query (USD, 2021-01 onwards, with the published "
                "balance) and MOFCOM's reprints of GACC's CNY total table. GACC is cited "
                "as the figures' publisher, MOFCOM as where they were republished (tier 2)",
            },
            {
                "name": "gacc-region-workbooks",
                "path": workbooks,
                "format": "xlsx",
                "mediatype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "description": "GACC's monthly figures by region in CNY 10 thousand, month and "
                "year to date (2024-01 to 2025-06): the whole country and the province-level "
                "regions (Beijing, Shanghai, Zhejiang); cities are not read. The workbook's "
                "进口/出口 labels are swapped (corrected on reading, proven by the national "
                "surplus every month) and its YoY columns, the compiler's own, are not read",
            },
            {
                "name": "quoted-records",
                "path": records,
                "format": "csv",
                "mediatype": "text/csv",
                "schema": {
                    "fields": [
                        {"name": n, "type": t, "description": d} for n, t, d in RECORD_FIELDS
                    ]
                },
            },
        ],
        "notes": NOTES,
    }


def main() -> None:
    base = package_dir()
    text = json.dumps(build_descriptor(base), indent=2, ensure_ascii=False) + "\n"
    (base / "datapackage.json").write_text(text, encoding="utf-8")
    print(f"wrote {base / 'datapackage.json'}")


if __name__ == "__main__":
    main()
