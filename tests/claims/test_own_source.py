"""No self-confirmation: figures the store quoted from an article never judge it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tradepulse.claims import check_text, to_json_dict
from tradepulse.claims.check import WITHHELD_NOTE
from tradepulse.claims.own_source import normalise_url, page_url, releases_from
from tradepulse.store.db import Store

ARTICLE = Path(__file__).parent / "articles" / "own_figures_2018_04.txt"
#: an embedded release whose figures (April 2018, first four months) the article repeats
PAGE = "http://english.gov.cn/state_council/ministries/2018/05/08/content_281476139362208.htm"


@pytest.mark.parametrize(
    ("variant", "same"),
    [
        (
            "https://www.english.gov.cn/state_council/ministries/2018/05/08/content_281476139362208.htm/",
            True,
        ),
        (PAGE + "?utm_source=rss&utm_medium=feed#top", True),
        ("english.gov.cn/state_council/ministries/2018/05/08/content_281476139362208.htm", True),
        ("https://m.example.com/news/story/amp", False),
        (PAGE.replace("139362208", "139362209"), False),
    ],
)
def test_normalise_url(variant: str, same: bool) -> None:
    assert (normalise_url(variant) == normalise_url(PAGE)) is same


def test_normalise_url_variants_of_one_page() -> None:
    assert normalise_url("https://m.example.com/news/story/amp") == normalise_url(
        "http://www.example.com/news/story"
    )
    assert normalise_url("https://example.com/a?id=7&utm_campaign=x") == "example.com/a?id=7"
    assert normalise_url("https://example.com/a?id=7") != normalise_url(
        "https://example.com/a?id=8"
    )
    assert normalise_url("not a url") == ""


def test_page_url_reads_canonical_then_og_url() -> None:
    both = b'<html><head><meta property="og:url" content="https://b.example/x">' + (
        b'<link rel="canonical" href="https://a.example/x"></head><body><p>t</p></body></html>'
    )
    assert page_url(both) == "https://a.example/x"
    og = b'<html><head><meta property="og:url" content="https://b.example/x"></head></html>'
    assert page_url(og) == "https://b.example/x"
    assert page_url(b"China's exports rose 5% in May.") is None


def _check(db: Path, data: bytes, url: str | None) -> dict[str, Any]:
    with Store.reader(db) as store:
        return to_json_dict(check_text(store, data, "own.txt", None, url))


def _cited(result: dict[str, Any]) -> set[str]:
    return {
        normalise_url(c["official"]["release"]["url"])
        for c in result["claims"]
        if c["official"] and c["official"]["release"]
    }


def test_store_holds_the_articles_figures(embedded_db: Path) -> None:
    with Store.reader(embedded_db) as store:
        assert releases_from(store, PAGE)
    without = _check(embedded_db, ARTICLE.read_bytes(), None)
    assert normalise_url(PAGE) in _cited(without)  # the page would confirm itself


def test_url_withholds_the_articles_own_figures(embedded_db: Path) -> None:
    result = _check(embedded_db, ARTICLE.read_bytes(), PAGE + "?utm_source=feed")
    assert result["article"]["withheld_releases"] >= 1
    assert normalise_url(PAGE) not in _cited(result)
    notes = [c for c in result["claims"] if WITHHELD_NOTE in c["explanation"]]
    assert len(notes) >= 4
    assert all(c["verdict"] != "supported" or c["official"] for c in notes)


def test_html_canonical_url_withholds_without_option(embedded_db: Path) -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in ARTICLE.read_text(encoding="utf-8").split("\n\n"))
    page = (
        '<html><head><link rel="canonical" href="https://www.english.gov.cn/state_council/'
        'ministries/2018/05/08/content_281476139362208.htm/"></head>'
        f"<body><article>{paragraphs}</article></body></html>"
    ).encode()
    result = _check(embedded_db, page, None)
    assert result["article"]["withheld_releases"] >= 1
    assert normalise_url(PAGE) not in _cited(result)
