"""Accusations need evidence that can carry them: a figure published after the article may
be a later revision of the one it quoted, and a round figure matched in another period is
no proof of misdating when the data hold none for its own."""

from __future__ import annotations

from pathlib import Path

from tests.claims.test_check import ARTICLES, by_text
from tradepulse.claims.check import check_text, to_json_dict
from tradepulse.store.db import Store

#: the article's own page in the embedded data (Reuters' story, reprinted): withheld, so
#: only MOFCOM's later revision of August 2021 remains for the surplus
OWN_PAGE = (
    "https://www.channelnewsasia.com/business/"
    "chinas-aug-export-growth-unexpectedly-picks-speed-imports-solidly-2160751"
)


def test_a_later_revision_cannot_refute_a_close_figure(embedded_db: Path) -> None:
    data = (ARTICLES / "later_revision_2021_08.txt").read_bytes()
    with Store.reader(embedded_db) as store:
        claims = by_text(to_json_dict(check_text(store, data, "article", url=OWN_PAGE)))
    close = claims["$58.34 billion"]  # first published 58.34, MOFCOM's revision 58.74
    assert close["verdict"] == "unverifiable"
    assert "published after the article" in close["explanation"]
    # far beyond any revision, the later figure still refutes
    assert claims["$68.34 billion"]["verdict"] == "refuted"
    assert claims["29.6 percent"]["verdict"] == "refuted"


def test_the_headline_gives_china_as_subject_but_not_to_two_parties(embedded_db: Path) -> None:
    data = (ARTICLES / "headline_subject_2023.txt").read_bytes()
    with Store.reader(embedded_db) as store:
        claims = by_text(to_json_dict(check_text(store, data, "article")))
    # "Exports fell …" under a headline about China's trade: China's, carried from it
    for text, verdict in (("4.6 percent", "supported"), ("9.6 percent", "refuted")):
        assert claims[text]["verdict"] == verdict
        assert claims[text]["reading"]["subject"] == {
            "how": "carried",
            "text": "China's total",
            "from": "the headline",
        }
    # "trade between the two countries": a partner the reading cannot name, never
    # China's total held against it
    for text in ("$240.1 billion", "26.3 percent"):
        assert claims[text]["verdict"] == "unverifiable"
        assert claims[text]["reading"]["subject"]["how"] == "defaulted"


def test_a_flow_word_describing_a_partner_is_not_the_figures_flow(embedded_db: Path) -> None:
    # "its second-largest export market" says what the EU is to China; the figure is the
    # surplus the clause names
    data = (ARTICLES / "partner_roles_2018_09.txt").read_bytes()
    with Store.reader(embedded_db) as store:
        claims = by_text(to_json_dict(check_text(store, data, "article")))
    for text in ("$6.2 billion", "$15.9 billion"):
        assert claims[text]["metric"] == "balance", claims[text]
        assert claims[text]["flow"] not in ("export", "import")


def test_figures_given_by_quarter_are_not_held_to_the_year(embedded_db: Path) -> None:
    data = (ARTICLES / "by_quarter_2019.txt").read_bytes()
    with Store.reader(embedded_db) as store:
        claims = by_text(to_json_dict(check_text(store, data, "article")))
    assert claims["31.54 trillion yuan"]["verdict"] == "supported"
    for text in ("7.0 trillion", "7.7 trillion", "8.3 trillion", "8.6 trillion yuan"):
        c = next(v for k, v in claims.items() if k.startswith(text))
        assert c["verdict"] not in ("refuted", "misdated"), c
