"""Acceptance: every real GACC page in ../shared/data/gacc-pages (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import shared_or_skip
from tradepulse import api
from tradepulse.store.db import Store
from tradepulse.store.queries import SeriesQuery, series

pytestmark = pytest.mark.acceptance


def test_ingest_all_sample_pages(db_path: Path) -> None:
    pages = shared_or_skip("data", "gacc-pages")
    report = api.ingest([pages], db_path)
    assert report.added == 7
    assert report.inserted == 1387
    no_data = " ".join(report.no_data)
    for name in (
        "release_section4_by_country_jan2018_cny.html",
        "cn_express_article_tjs_jul2026_s4_cny.html",
        "seed_2026.html",
    ):
        assert name in no_data
    with Store.reader(db_path) as store:
        (row,) = series(
            store,
            SeriesQuery(
                partner="EU", flow="export", period="2026-03", kind="month", measure="value"
            ),
        ).to_pylist()
        assert row["value"] == pytest.approx(3248.9e8)
        titles = {r[0] for r in store.con.execute("SELECT title FROM releases").fetchall()}
    assert not any("Newsroom" in t for t in titles)
    again = api.ingest([pages], db_path)
    assert again.added == 0 and again.unchanged == 1387
