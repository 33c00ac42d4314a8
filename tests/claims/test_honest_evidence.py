"""Accusations need evidence that can carry them: a figure published after the article may
be a later revision of the one it quoted, and a round figure matched in another period is
no proof of misdating when the data hold none for its own."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

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


def _claims(db: Path, text: str, day: date) -> dict[str, dict[str, Any]]:
    with Store.reader(db) as store:
        return by_text(to_json_dict(check_text(store, text.encode(), "article", day)))


def test_a_flow_not_stated_is_not_misdated_to_a_sibling_flow(embedded_db: Path) -> None:
    # "They" points back to shipments abroad, which the reading does not take as exports:
    # the flow is defaulted, and the figure is October 2024's export growth (USD)
    text = (
        "Shipments of Chinese goods abroad held up in the autumn. They grew 12.7 percent "
        "in October in dollar terms, customs figures showed."
    )
    claim = _claims(embedded_db, text, date(2024, 11, 8))["12.7 percent"]
    assert claim["verdict"] == "unverifiable"
    assert "exports" in claim["explanation"] and "flow is not stated" in claim["explanation"]
    # a figure no flow holds is still wrong
    wrong = _claims(embedded_db, text.replace("12.7", "15.7"), date(2024, 11, 8))
    assert wrong["15.7 percent"]["verdict"] == "refuted"
    # stated, the flow it names is held against it
    stated = _claims(embedded_db, text.replace("They grew", "Total trade grew"), date(2024, 11, 8))
    assert stated["12.7 percent"]["verdict"] == "misdated"


def test_a_round_figure_with_a_carried_period_is_not_misdated(embedded_db: Path) -> None:
    # the first figure states no period: it takes November from the body, where imports
    # fell 4.0%; 1.2% is January-November's, a match by chance for a figure this round
    text = (
        "China's imports rose 1.2 percent in dollar terms, while the surplus widened. "
        "In November, exports rose 6.6 percent in dollar terms."
    )
    claims = _claims(embedded_db, text, date(2024, 12, 10))
    assert claims["1.2 percent"]["verdict"] == "unverifiable"
    assert "period is not stated" in claims["1.2 percent"]["explanation"]
    # with the month stated in its own sentence, the same match is evidence
    text = text.replace("China's imports rose", "In November, China's imports rose")
    stated = _claims(embedded_db, text, date(2024, 12, 10))
    assert stated["1.2 percent"]["verdict"] == "misdated"


def test_a_later_revision_of_its_own_month_keeps_a_figure_from_being_misdated(
    embedded_db: Path,
) -> None:
    # the data hold MOFCOM's later revision for April 2024 exports ($291.95 billion), and
    # January-February 2020 happens to be $292.50 billion: the first print is not held
    text = "China's exports came to $292.5 billion in April, the customs agency reported."
    claims = _claims(embedded_db, text, date(2024, 5, 9))
    assert claims["$292.5 billion"]["verdict"] == "unverifiable"
    assert "published after the article" in claims["$292.5 billion"]["explanation"]
    far = _claims(embedded_db, text.replace("292.5", "280.5"), date(2024, 5, 9))
    assert far["$280.5 billion"]["verdict"] == "refuted"


def test_a_rate_with_no_basis_is_not_refuted_where_the_other_basis_would_fit(
    embedded_db: Path,
) -> None:
    # the data hold 2025's exports to Latin America in dollars only (7.0%); in yuan the
    # rate runs higher by the exchange rate's change, which total trade shows
    text = "In 2025, Chinese exports to Latin America increased by 8 percent, data showed."
    claim = _claims(embedded_db, text, date(2026, 1, 14))["8 percent"]
    assert claim["verdict"] == "unverifiable"
    assert "no currency basis" in claim["explanation"]
    # beyond what the exchange rate explains, still wrong
    far = _claims(embedded_db, text.replace("8 percent", "12 percent"), date(2026, 1, 14))
    assert far["12 percent"]["verdict"] == "refuted"
    # stated in dollars, it is judged in dollars
    text = text.replace("increased by 8 percent", "increased by 8 percent in dollar terms")
    assert _claims(embedded_db, text, date(2026, 1, 14))["8 percent"]["verdict"] == "refuted"


def test_a_computed_rate_cannot_refute_a_published_one_within_a_point(embedded_db: Path) -> None:
    # the data hold no published 2023 growth for trade with the US in dollars: tradepulse
    # computes it from 2022's level as first published; GACC's rate uses the revised base
    text = "China's trade with the United States fell 11.6% in 2023 in dollar terms."
    claim = _claims(embedded_db, text, date(2024, 1, 20))["11.6%"]
    assert claim["verdict"] == "unverifiable"
    assert "first-published level" in claim["explanation"]
    far = _claims(embedded_db, text.replace("11.6%", "14.6%"), date(2024, 1, 20))
    assert far["14.6%"]["verdict"] in ("refuted", "misdated")  # wrong either way


def test_this_year_in_a_report_on_a_month_may_be_the_months_figure(embedded_db: Path) -> None:
    # the lead names October; "this year" is the year to date, or loosely October's own
    # year-on-year figure, which the data support (12.7% in dollars)
    text = (
        "China's exports jumped in October.\n\n"
        "Exports increased 12.7 percent this year in dollar terms, customs data showed."
    )
    claim = _claims(embedded_db, text, date(2024, 11, 8))["12.7 percent"]
    assert claim["verdict"] == "supported"
    assert "headline period" in claim["explanation"]
    wrong = _claims(embedded_db, text.replace("12.7", "15.7"), date(2024, 11, 8))
    assert wrong["15.7 percent"]["verdict"] in ("refuted", "misdated")


def test_a_growth_volume_is_a_change_in_level() -> None:
    from tradepulse.claims.extract import find_mentions
    from tradepulse.claims.interpret import interpret

    text = "The growth volume in 2021 reached USD1.4 trillion."
    assert interpret(text, find_mentions(text), date(2022, 1, 14))[0].metric == "change"


def test_trailing_zeros_of_a_whole_quantity_are_rounding() -> None:
    from tradepulse.claims.extract import find_mentions
    from tradepulse.claims.interpret import interpret
    from tradepulse.claims.verify import tolerance

    def tol(text: str) -> float:
        return tolerance(interpret(text, find_mentions(text), date(2025, 3, 1))[0])

    assert tol("Rare earth exports reached 48,200 tons in 2024.") == 50.0
    assert tol("Rare earth exports reached 48,230 tons in 2024.") == 5.0
    assert tol("Rare earth exports reached 48,237 tons in 2024.") == 0.5


def test_round_figures_retold_with_a_precise_one_are_misdated_with_it(embedded_db: Path) -> None:
    # 28.33 trillion yuan is January-September 2021's total, given as 2023's; the round
    # rates after it, whose period is only carried, match 2021 too: the article retells
    # that period, so they are misdated with it (alone, a round rate would not be)
    data = (ARTICLES / "retold_year_2023_09.txt").read_bytes()
    with Store.reader(embedded_db) as store:
        claims = by_text(to_json_dict(check_text(store, data, "article")))
    assert claims["28.33 trillion yuan"]["verdict"] == "misdated"
    for text in ("24.5%", "22%"):
        assert claims[text]["verdict"] == "misdated", claims[text]
        assert "2021" in claims[text]["explanation"]
