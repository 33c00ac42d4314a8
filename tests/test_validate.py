"""Validation finds real inconsistencies and names the releases involved."""

from __future__ import annotations

from pathlib import Path

from tradepulse import api
from tradepulse.sources.registry import read_all
from tradepulse.store.db import Store
from tradepulse.validate import validate

HEADER = (
    "period,period_kind,flow,partner,breakdown,currency,measure,value,unit,approx,"
    "source_url,outlet,published,note\n"
)


def _store_unchecked(path: Path, db: Path) -> None:
    """Write releases past the door's plausibility rules, as a store filled before them
    (or across releases that are each plausible alone) may hold: validation must find
    what is wrong in the store whatever let it in."""
    with Store.writer(db) as store:
        store.ingest(read_all([path]).releases)


def _records(tmp_path: Path, rows: list[str]) -> Path:
    """Quoted figures from agencies on release day (tier 3: in force on their own)."""
    path = tmp_path / "records.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n")
    return path


def test_clean_fixture_pages_pass(db_path: Path, fixtures: Path) -> None:
    api.ingest([fixtures / "gacc"], db_path)
    with Store.reader(db_path) as store:
        assert validate(store) == []


def test_flows_that_do_not_add_up_are_reported(db_path: Path, tmp_path: Path) -> None:
    path = _records(
        tmp_path,
        [
            "2020-11,month,total,WLD,,CNY,value,3.09,trillion yuan,,https://a.example,Xinhua,2020-12-07,",
            "2020-11,month,export,WLD,,CNY,value,1.80,trillion yuan,,https://a.example,Xinhua,2020-12-07,",
            "2020-11,month,import,WLD,,CNY,value,1.39,trillion yuan,,https://a.example,Xinhua,2020-12-07,",
        ],
    )
    _store_unchecked(path, db_path)
    with Store.reader(db_path) as store:
        (v,) = validate(store, checks=["flows_add_up"])
    assert v.key.startswith("WLD 2020-11 month CNY")
    assert v.releases == ["Xinhua, figures quoted from GACC (2020-12-07)"]


def test_rounded_news_figures_within_tolerance_pass(db_path: Path, tmp_path: Path) -> None:
    path = _records(
        tmp_path,
        [
            "2020-11,month,total,WLD,,CNY,value,3.09,trillion yuan,,https://a.example,Xinhua,2020-12-07,",
            "2020-11,month,export,WLD,,CNY,value,1.80,trillion yuan,,https://a.example,Xinhua,2020-12-07,",
            "2020-11,month,import,WLD,,CNY,value,1.29,trillion yuan,,https://a.example,Xinhua,2020-12-07,",
        ],
    )
    _store_unchecked(path, db_path)
    with Store.reader(db_path) as store:
        assert validate(store, checks=["flows_add_up"]) == []


def test_published_yoy_against_stored_base(db_path: Path, tmp_path: Path) -> None:
    path = _records(
        tmp_path,
        [
            "2019-11,month,export,WLD,,USD,value,221.7,billion dollars,,https://b.example,Reuters,2019-12-08,",
            "2020-11,month,export,WLD,,USD,value,268.1,billion dollars,,https://c.example,AP,2020-12-07,",
            "2020-11,month,export,WLD,,USD,yoy_pct,12.1,percent,,https://c.example,AP,2020-12-07,",
        ],
    )
    _store_unchecked(path, db_path)
    with Store.reader(db_path) as store:
        (v,) = validate(store, checks=["published_yoy_matches"])
    assert "published YoY 12.1%" in v.message and "20.93%" in v.message
    assert len(v.releases) == 2


def test_partner_above_world_and_implausible_rate(db_path: Path, tmp_path: Path) -> None:
    path = _records(
        tmp_path,
        [
            "2021-03,month,total,WLD,,CNY,value,3.0,trillion yuan,,https://d.example,AFP,2021-04-13,",
            "2021-03,month,total,EU,,CNY,value,3.5,trillion yuan,,https://d.example,AFP,2021-04-13,",
            "2021-03,month,total,WLD,,USD,value,300,billion dollars,,https://d.example,AFP,2021-04-13,",
        ],
    )
    _store_unchecked(path, db_path)
    with Store.reader(db_path) as store:
        checks = sorted(v.check for v in validate(store))
    assert checks == ["implied_rate_plausible", "partner_within_world"]
