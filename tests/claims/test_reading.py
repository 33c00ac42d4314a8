"""How `check` reads an article: bounded work on hostile input, the discourse model, list
alignment, number formats (articles of our own writing in tests/claims/articles)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, cast

import pytest

from tradepulse.claims import check_text, to_json_dict
from tradepulse.claims.extract import MAX_MENTIONS, find_mentions
from tradepulse.claims.honest import honest
from tradepulse.claims.interpret import MAX_SENTENCE, Claim, interpret, sentences
from tradepulse.claims.verify import Check, Verifier
from tradepulse.errors import ClaimError
from tradepulse.store.db import Store

ARTICLES = Path(__file__).parent / "articles"


def test_too_many_numbers_are_refused_naming_the_article() -> None:
    text = "China's exports rose " + "1.1 percent and " * (MAX_MENTIONS + 1)
    with pytest.raises(ClaimError) as err:
        find_mentions(text, "wall.txt")
    message = str(err.value)
    assert "wall.txt" in message and f"{MAX_MENTIONS:,} numbers" in message
    assert "\n" not in message


def test_a_long_run_of_text_is_read_in_bounded_pieces() -> None:
    text = "Exports to Japan rose 2.5 percent, " * 200 + "and imports fell 1 percent."
    spans = sentences(text)
    assert len(spans) > 1
    assert all(b - a <= MAX_SENTENCE for a, b in spans)
    assert "".join(text[a:b] for a, b in spans) == text  # nothing lost between pieces
    claims = interpret(text, find_mentions(text), None)
    assert len(claims) == 201
    assert {c.partner for c in claims[:-1]} == {"JPN"}


def test_digit_runs_are_one_number() -> None:
    found = find_mentions("Exports rose " + "7" * 5000 + " percent" + ", and 1,2" * 3)
    assert len(found) == 1 and found[0].kind == "percent"


# --- the discourse model ---------------------------------------------------------------


def _check(db: Path, name: str) -> dict[str, dict[str, Any]]:
    path = ARTICLES / name
    with Store.reader(db) as store:
        result = to_json_dict(check_text(store, path.read_bytes(), str(path)))
    return {c["text"]: c for c in result["claims"]}


def test_passing_months_datelines_and_release_dates_never_become_the_period(
    embedded_db: Path,
) -> None:
    claims = _check(embedded_db, "passing_month_2024_10.txt")
    ytd = {"start": "2024-01", "end": "2024-10", "kind": "ytd"}
    assert claims["6.7 percent"]["period"] == ytd  # not November: "Nov. 7", "on Nov 7"
    assert claims["4.6 percent"]["period"]["kind"] == "month"  # "in October alone"
    # "during the same period" is the year to date, not the passing October
    assert claims["3.2 percent"]["period"] == ytd
    assert claims["3.2 percent"]["reading"]["period"]["how"] == "carried"
    assert claims["3.2 percent"]["reading"]["period"]["text"] == "the first ten months"
    # a new paragraph returns to the headline period
    for text in ("5.67 trillion yuan", "8.8 percent", "5.2 percent", "36.02 trillion yuan"):
        assert claims[text]["period"] == ytd, text
        assert claims[text]["verdict"] == "supported", text
    assert claims["5.67 trillion yuan"]["reading"]["period"]["from"] == "the headline"
    # "September's 5.3% rise" is about September's year to date, and carries nothing
    assert claims["5.3%"]["period"]["end"] == "2024-09"


def test_every_claim_says_how_its_elements_were_read(embedded_db: Path) -> None:
    claims = _check(embedded_db, "passing_month_2024_10.txt")
    for c in claims.values():
        assert set(c["reading"]) == {"period", "flow", "subject", "metric", "currency"}
        for r in c["reading"].values():
            assert r["how"] in ("stated", "carried", "defaulted")
    stated = claims["6.7 percent"]["reading"]
    assert stated["period"]["how"] == "stated"
    a, b = stated["period"]["span"]
    text = (ARTICLES / "passing_month_2024_10.txt").read_text()
    assert text[a:b] == "the first ten months"
    assert claims["5.67 trillion yuan"]["reading"]["subject"]["how"] == "stated"
    assert claims["8.8 percent"]["reading"]["currency"]["how"] == "stated"  # the amount's


# --- number formats ---------------------------------------------------------------------


def test_number_formats_of_transcripts_wires_and_line_breaks(embedded_db: Path) -> None:
    claims = _check(embedded_db, "formats_2024_10.txt")
    expected = {
        "12-point-7 percent": 12.7,  # never "-7 percent"
        "USD 309.0B": 309.0e9,  # not 309 dollars
        "3.2": 3.2,  # "imports 3.2": the unit of the list's first rate
        "15.22 trillion": 15.22e12,  # the currency of the list's first amount
        "seven percent": 7.0,
        "5.2%": 5.2,  # "5.2%yoy"
        "36.02-trillion-yuan": 36.02e12,
        "5.67 trillion yuan": 5.67e12,  # "yu-\nan" joined again
    }
    for text, value in expected.items():
        assert claims[text]["claimed"]["value"] == pytest.approx(value), text
        assert claims[text]["verdict"] == "supported", text
    assert not any(t.startswith("7 percent") or t == "3 percent" for t in claims)
    assert claims["15.22 trillion"]["flow"] == "import"  # "Exports and imports reached …"


def test_urls_hold_no_figures() -> None:
    text = "url: https://example.com/trade-rose-30-percent-to-6-trillion-yuan\nExports rose 5%."
    assert [m.text for m in find_mentions(text)] == ["5%"]


# --- lists ------------------------------------------------------------------------------


def test_lists_are_aligned_in_order_with_or_without_respectively(embedded_db: Path) -> None:
    claims = _check(embedded_db, "lists_2024_10.txt")
    partners = {t: claims[t]["subject"]["partner"] for t in claims}
    # paired without "respectively": as many partners as figures
    assert partners["1.2 percent"] == "EU" and partners["4.4 percent"] == "USA"
    # "the three partners … respectively": the list of the sentence before
    assert partners["5.67 trillion yuan"] == "ASEAN"
    assert partners["4.64 trillion"] == "EU"
    assert partners["4.01 trillion"] == "USA"
    assert claims["4.01 trillion"]["currency"] == "CNY"  # carried from the first item
    # flows in a list
    assert claims["20.8 trillion yuan"]["flow"] == "export"
    assert claims["15.22 trillion yuan"]["flow"] == "import"
    assert all(c["verdict"] == "supported" for c in claims.values())


# --- sections and pronouns ----------------------------------------------------------------


def test_pronouns_and_headings_carry_the_subject_before(embedded_db: Path) -> None:
    claims = _check(embedded_db, "sections_2024_10.txt")
    ytd = {"start": "2024-01", "end": "2024-10", "kind": "ytd"}
    for text in ("8.8 percent", "5.67 trillion yuan", "15.7 percent"):  # "It rose …"
        assert claims[text]["subject"]["partner"] == "ASEAN", text
        assert claims[text]["period"] == ytd, text  # the section is about the headline
        assert claims[text]["verdict"] == "supported", text
    assert claims["8.8 percent"]["reading"]["subject"]["how"] == "carried"
    assert claims["1.2 percent"]["subject"]["partner"] == "EU"  # "The EU came second. Its …"
    assert claims["6.7 percent"]["subject"]["partner"] == "WLD"
    assert claims["4.6 percent"]["period"]["end"] == "2024-10"


def test_a_sentence_that_does_not_point_back_keeps_its_own_subject() -> None:
    text = (
        "Imports from Japan rose 3 percent in 2023.\n\n"
        "The total value of China's imports amounted to $2.5 trillion in 2023."
    )
    claims = interpret(text, find_mentions(text), None)
    assert [c.partner for c in claims] == ["JPN", "WLD"]


# --- honest verdicts ----------------------------------------------------------------------


def test_a_competing_reading_the_data_support_is_not_an_accusation(embedded_db: Path) -> None:
    claims = _check(embedded_db, "honest_2024.txt")
    assert claims["6.9 percent"]["subject"]["enterprise_type"] == "private"  # "Their imports"
    fell = claims["4.3 percent"]  # "2. State-owned firms bought less. Imports fell 4.3%."
    assert fell["verdict"] == "supported"  # China's imports rose 1.1%: not refuted
    assert fell["subject"]["enterprise_type"] == "state_owned"
    assert "the section's subject" in fell["explanation"]


class _Unsettled:
    """A verifier whose every competing reading finds no data."""

    def check(self, claim: Claim, claims: list[Claim]) -> Check:
        return Check("unverifiable", explanation="the data hold no such figure")


def test_an_unsettled_competing_reading_makes_a_refutation_unverifiable() -> None:
    text = "1. Private firms bought more.\n\n2. State-owned firms bought less. Imports fell 9%."
    claim = interpret(text, find_mentions(text), date(2025, 1, 20))[0]
    assert claim.alternatives  # the section's subject competes with China's total
    checks = [Check("refuted", 1.1, "percent", explanation="official 1.1%")]
    honest([claim], checks, cast(Verifier, _Unsettled()))
    assert checks[0].verdict == "unverifiable"
    assert "may also be read as the section's subject" in checks[0].explanation


def test_a_figure_wrong_under_every_reading_stays_refuted() -> None:
    text = "1. Private firms bought more.\n\n2. State-owned firms bought less. Imports fell 9%."
    claim = interpret(text, find_mentions(text), date(2025, 1, 20))[0]

    class Refutes:
        def check(self, claim: Claim, claims: list[Claim]) -> Check:
            return Check("refuted", -4.3, "percent", explanation="official -4.3%")

    checks = [Check("refuted", 1.1, "percent", explanation="official 1.1%")]
    honest([claim], checks, cast(Verifier, Refutes()))
    assert checks[0].verdict == "refuted"


# --- attachment in the clause and subjects the data do not cover ---------------------------


def test_the_governing_phrase_gives_flow_and_metric(embedded_db: Path) -> None:
    claims = _check(embedded_db, "governing_2024_10.txt")
    surplus = claims["5.58 trillion yuan"]  # "a 5.58 trillion yuan trade surplus"
    assert (surplus["metric"], surplus["flow"], surplus["verdict"]) == (
        "balance",
        "balance",
        "supported",
    )
    gain = claims["6.7 percent"]  # "helped by a 6.7 percent gain in exports"
    assert (gain["metric"], gain["flow"], gain["verdict"]) == ("yoy", "export", "supported")
    bought = claims["15.22 trillion yuan"]  # "15.22 trillion yuan in imports"
    assert (bought["flow"], bought["verdict"]) == ("import", "supported")


def test_groups_the_data_do_not_model_are_never_chinas_total(embedded_db: Path) -> None:
    claims = _check(embedded_db, "governing_2024_10.txt")
    group = claims["5 percent"]  # five Central Asian countries: not Kazakhstan, not China
    assert group["verdict"] == "unverifiable"
    assert "Central Asian countries" in group["explanation"]
    assert group["subject"]["partner"] == "WLD"
    assert claims["4 percent"]["verdict"] == "out_of_scope"  # a count of firms


def test_a_quoted_comparison_figure_is_the_prior_years_revised_base(embedded_db: Path) -> None:
    claims = _check(embedded_db, "comparison_base_2024_10.txt")
    base = claims["19.49 trillion yuan"]  # "up from … in the same period a year earlier"
    assert base["period"] == {"start": "2023-01", "end": "2023-10", "kind": "ytd"}
    # first published 19.55; the current 20.8 and its 6.7% growth imply 19.49
    assert base["verdict"] == "supported"
    assert base["official"]["value"] == pytest.approx(20.8e12 / 1.067, rel=1e-3)
    assert claims["19.55 trillion yuan"]["verdict"] == "supported"  # as first published
    assert claims["20.8 trillion yuan"]["period"]["end"] == "2024-10"  # the base moved alone


def test_period_phrases_full_year_half_of_this_year_and_year_to_amount() -> None:
    from tradepulse.claims.interpret import find_periods

    def kinds(text: str) -> list[tuple[str, int | None, int | None]]:
        return [(h.kind, h.month, h.year) for h in find_periods(text, 0)]

    assert kinds("For full 2024, exports rose") == [("year", 12, 2024)]
    assert kinds("in the first half of this year") == [("ytd", 6, None)]
    assert kinds("grew 2.1 percent in 2021 to 30 trillion yuan") == [("year", 12, 2021)]
    assert kinds("from 2019 to 2021") == []


def test_metric_sign_and_scope_from_the_figures_own_words(embedded_db: Path) -> None:
    claims = _check(embedded_db, "metrics_2024_10.txt")
    # "a stronger-than-anticipated October": an actual figure, not a forecast
    assert claims["$309.0 billion"]["verdict"] == "supported"
    # "September's 2.4% expansion": September's year-on-year rate, not month-on-month
    prior = claims["2.4%"]
    assert (prior["metric"], prior["period"]["end"], prior["verdict"]) == (
        "yoy",
        "2024-09",
        "supported",
    )
    # "dropped by -2.3%": the negative counts once
    assert claims["-2.3%"]["claimed"]["value"] == pytest.approx(-2.3)
    assert claims["-2.3%"]["verdict"] == "supported"


def test_a_partner_reaches_every_item_of_its_with_clause() -> None:
    text = (
        "Trade with Canada fell 4% in 2023, with exports down 3% and imports down 6%. "
        "Imports fell in June, down from May's USD82.6 billion."
    )
    claims = interpret(text, find_mentions(text), None)
    assert [(c.partner, c.flow) for c in claims[:3]] == [
        ("CAN", "total"),
        ("CAN", "export"),
        ("CAN", "import"),  # a year named between is no figure standing in the way
    ]
    assert claims[3].period is not None and claims[3].period.end.month == 5  # "May's USD82.6"


def test_values_given_in_words() -> None:
    text = (
        "Exports to Japan remained unchanged in October. Private firms handled over half "
        "of the total. The rate stayed flat on paper."
    )
    found = {m.text: m for m in find_mentions(text)}
    assert found["unchanged"].number == 0.0 and found["unchanged"].decimals == 1
    assert found["half"].number == 50.0 and found["half"].approx == "over"
    assert "flat" not in found  # not a trade flow's
    claims = {c.mention.text: c for c in interpret(text, list(found.values()), None)}
    assert claims["unchanged"].metric == "yoy" and claims["unchanged"].partner == "JPN"
    assert claims["half"].metric == "share"


def test_a_published_share_stands_where_its_levels_are_not_held(embedded_db: Path) -> None:
    claims = _check(embedded_db, "published_share_2024.txt")
    share = claims["59.4 percent"]
    assert share["subject"]["commodity"] == "mech_elec" and share["metric"] == "share"
    assert share["verdict"] == "supported"


def test_captions_end_their_line_and_forecasts_stay_with_their_own_figure() -> None:
    text = (
        "Container ships dock at a harbour in Dalian, Jan 3, 2024./CFP\n"
        "China's foreign trade rose 5 percent in 2023.\n\n"
        "Exports fell 2% in March, compared with a forecast of $30bn and a $35bn surplus in "
        "March. Imports fell, short of expectations of 4% and down from a 6.5% gain the "
        "month before."
    )
    claims = {c.mention.text: c for c in interpret(text, find_mentions(text), None)}
    lead = claims["5 percent"]
    assert (lead.commodity, lead.flow, lead.partner) == (None, "total", "WLD")  # not "ships"
    assert claims["$30bn"].out_of_scope and claims["4%"].out_of_scope
    assert not claims["$35bn"].out_of_scope and claims["$35bn"].metric == "balance"
    assert not claims["6.5%"].out_of_scope
    poll = "A poll had forecast a 12.5% fall in exports and a 5.0% drop in imports."
    assert all(c.out_of_scope for c in interpret(poll, find_mentions(poll), None))  # both


def test_a_period_after_the_figure_stays_in_its_sentence() -> None:
    text = (
        "In total China's foreign trade rose 3.4% in 2018 to 31.54 trillion yuan.\n\n"
        "in 2019 the EU was once again the top partner."
    )
    claims = interpret(text, find_mentions(text), None)
    assert [c.period.end.year for c in claims if c.period] == [2018, 2018]


def test_the_html_shows_how_each_element_was_read(embedded_db: Path) -> None:
    from tradepulse.claims.render import to_html

    path = ARTICLES / "passing_month_2024_10.txt"
    with Store.reader(embedded_db) as store:
        result = to_json_dict(check_text(store, path.read_bytes(), str(path)))
    page = to_html(path.read_text(), result)
    assert "period carried from the headline" in page
    assert "period stated (&#x27;the first ten months&#x27;)" in page


def test_a_rate_is_not_refuted_on_the_other_currency_of_a_one_currency_article() -> None:
    text = "Exports reached $800 billion in 2023, imports $600 billion. Exports rose 12% in 2023."
    claims = interpret(text, find_mentions(text), date(2024, 1, 20))
    rate = claims[-1]
    assert rate.article_basis == "USD" and not rate.currency_stated
    checks = [Check("supported"), Check("supported")]
    checks.append(
        Check("refuted", -5.5, "percent", explanation="official -5.5%", matched_currency="CNY")
    )
    honest(claims, checks, cast(Verifier, _Unsettled()))
    assert checks[-1].verdict == "unverifiable"
    assert "speaks in USD" in checks[-1].explanation


def test_goods_the_vocabulary_does_not_know_are_not_chinas_total() -> None:
    for text, goods in (
        ("China's wine imports fell 20% in 2023.", "wine"),
        ("Imports of fresh fruit rose 7% in 2023.", "fresh fruit"),
    ):
        claim = interpret(text, find_mentions(text), None)[0]
        assert claim.ambiguous and claim.subject_text == goods, text
    for text in ("China's exports rose 6% in 2024.", "China's monthly exports rose 6% in 2024."):
        assert not interpret(text, find_mentions(text), None)[0].ambiguous, text


def test_a_provinces_figures_are_not_the_nations_and_never_out_of_sight() -> None:
    text = (
        "Fujian exported 1.21 trillion yuan during the first half of 2025, up 4.2%. Among "
        "them, ships and containers grew 31% and 12%. The city's imports rose 3%.\n\n"
        "Exports of ships rose 18% in the half year.\n\n"
        "Jiangsu's trade rose 6.1%, faster than China's 2.9% in the period."
    )
    claims = {c.mention.text: c for c in interpret(text, find_mentions(text), None)}
    # a province's own figures are read, about a subject the data do not cover: shown
    # as unverifiable, never checked as China's total and never hidden as out of scope
    for figure in ("1.21 trillion yuan", "4.2%", "31%", "12%", "6.1%"):
        c = claims[figure]
        assert c.ambiguous and not c.out_of_scope, figure
        assert (c.partner, c.commodity) == ("WLD", None), figure
    assert claims["1.21 trillion yuan"].subject_text == "Fujian"
    assert claims["1.21 trillion yuan"].readings["subject"].how == "stated"
    # carried to the end of its paragraph ("Among them, ships …" are Fujian's ships)
    assert claims["31%"].subject_text == "Fujian"
    assert claims["31%"].readings["subject"].how == "carried"
    assert claims["3%"].subject_text == "city"
    # a new paragraph, or a figure that names China, is the nation's again
    assert not claims["18%"].ambiguous and claims["18%"].commodity == "ships"
    assert not claims["2.9%"].ambiguous and claims["2.9%"].partner == "WLD"
    dateline = "SHANGHAI, March 7 (Reuters) - China's exports rose 5% in February."
    assert not interpret(dateline, find_mentions(dateline), None)[0].out_of_scope


# --- comparison clauses and period phrases (false accusations on the further articles) --


def _periods(text: str, day: date | None = date(2025, 1, 10)) -> dict[str, str | None]:
    """Each figure's text → its period as "YYYY-MM..YYYY-MM kind" (and its metric)."""
    out: dict[str, str | None] = {}
    for c in interpret(text, find_mentions(text), day):
        p = c.period
        out[c.mention.text] = f"{p.start}..{p.end} {p.kind} {c.metric}" if p else None
    return out


def test_a_comparison_clause_keeps_its_period_to_itself() -> None:
    text = (
        "In the first ten months of the year, the country's trade grew 4 percent to 36.02 "
        "trillion yuan, surpassing the full-year figure for 2019 (31.54 trillion yuan). "
        "Exports rose 5.1 percent."
    )
    got = _periods(text)
    # the figure's own period opens its sentence; "surpassing … for 2019" is the base's
    assert got["4 percent"] == "2024-01..2024-10 ytd yoy"
    assert got["36.02 trillion yuan"] == "2024-01..2024-10 ytd value"
    assert got["31.54 trillion yuan"] == "2019-01..2019-12 year value"
    # and the compared year is not carried on
    assert got["5.1 percent"] == "2024-01..2024-10 ytd yoy"
    # "over the same month in the previous year" says what the rate is, not its period
    got = _periods("In June, imports grew 2.3% over the same month in the previous year.")
    assert got["2.3%"] == "2024-06..2024-06 month yoy"
    # "the month prior" is the month before the sentence's own
    got = _periods(
        "The surplus stood at $80.2 billion in June, against $77.1 billion the month prior."
    )
    assert got["$80.2 billion"] == "2024-06..2024-06 month balance"
    assert got["$77.1 billion"] == "2024-05..2024-05 month balance"


def test_period_phrases_that_name_a_year_or_a_year_to_date() -> None:
    got = _periods("In the first half of 2019, foreign trade rose 3.9 percent inter-annually.")
    assert got["3.9 percent"] == "2019-01..2019-06 ytd yoy"  # "inter-annually" is no year
    got = _periods("It was the worst since the 17.2% fall in exports in January-February of 2020.")
    assert got["17.2%"] == "2020-01..2020-02 ytd yoy"
    got = _periods("The surplus widened to US$31.6 billion in September of 2018.")
    assert got["US$31.6 billion"] == "2018-09..2018-09 month balance"
    got = _periods("The surplus came to $0.9 trillion for the 11 months of the year.")
    assert got["$0.9 trillion"] == "2024-01..2024-11 ytd balance"
    got = _periods("The surplus had already passed $0.9 trillion through November.")
    assert got["$0.9 trillion"] == "2024-01..2024-11 ytd balance"
    # a twelve-month window, or a span from another month, is no year to date
    got = _periods("The surplus was $1.1 trillion in the 12 months through November.")
    assert got["$1.1 trillion"] != "2024-01..2024-11 ytd balance"
    # "from January to March" after the level opens the period, no comparison, no m/m
    got = _periods("Trade with ASEAN rose 6.2 percent to 1.5 trillion yuan from January to March.")
    assert got["6.2 percent"] == "2024-01..2024-03 ytd yoy"
    assert got["1.5 trillion yuan"] == "2024-01..2024-03 ytd value"


def test_growth_against_an_earlier_year_is_about_the_period_spoken_of() -> None:
    lead = "China's foreign trade set a record in 2021.\n\n"
    text = lead + "Exports and imports expanded by 24.1% and 22.9%, respectively, compared to 2019."
    got = _periods(text, date(2022, 1, 14))
    assert got["24.1%"] == "2021-01..2021-12 year growth_vs_base"
    text = (
        "Trade rose 24.7 percent in the first seven months of the year. That marked a 22.5 "
        "percent increase when compared with the pre-pandemic level during the same period "
        "in 2019."
    )
    got = _periods(text, date(2021, 8, 9))
    assert got["22.5 percent"] == "2021-01..2021-07 ytd growth_vs_base"
    # with no period spoken of, the year after the base: a year-on-year rate
    got = _periods("Total trade grew 9.7 percent from 2017.", date(2019, 1, 20))
    assert got["9.7 percent"] == "2018-01..2018-12 year yoy"


def test_subjects_of_goods_pronouns_and_speakers() -> None:
    def read(text: str) -> list[Claim]:
        return interpret(text, find_mentions(text), date(2025, 5, 1))

    # "imports and exports of X" and "the export of X": goods the data do not hold, so
    # never China's total (both flows named before the goods hide the second match)
    for text in (
        "In the first quarter, China's imports and exports of capital goods rose 3.8%.",
        "Among them, the export of capital goods increased by 1.6%.",
    ):
        claim = read(text)[0]
        assert claim.ambiguous and claim.subject_text == "capital", text
    # goods named with a partner: the goods' trade with it, not the partner's total
    claim = read("Exports of agricultural products to ASEAN reached 95.2 billion yuan in 2024.")[0]
    assert (claim.partner, claim.commodity) == ("ASEAN", "agricultural")
    # a period before the pronoun: "In 2024, it …" still points back
    claims = read(
        "Trade between Brazil and China rose 2.5% in 2023. In 2024, it reached $188.2 billion."
    )
    assert claims[1].partner == "BRA"
    assert claims[1].readings["subject"].how == "carried"
    # "It said …" is the speaker, not the subject of the sentence before
    claims = read(
        "Trade with ASEAN grew 7% in 2024. It said that machinery accounted for over 40 "
        "percent of China's trade in 2024."
    )
    assert claims[1].partner == "WLD"


def test_an_aside_does_not_govern_and_a_figure_free_sentence_sets_the_subject() -> None:
    def read(text: str) -> list[Claim]:
        return interpret(text, find_mentions(text), date(2025, 2, 10))

    # an aside after the subject describes it: "surplus" governs the figures, not the
    # flows the aside names
    for text in (
        "China's surplus, the value of what it sold abroad less its imports, reached $0.99 "
        "trillion in 2024.",
        "The surplus with Japan, China's fourth-largest export market, narrowed to $2.1 "
        "billion in December.",
    ):
        assert read(text)[0].metric == "balance", text
    # "Trade with ASEAN also grew. It rose …": the sentence just before names the subject,
    # not the partner of the figure before it
    claims = read(
        "Trade with the EU reached 5.5 trillion yuan in 2024. Trade with ASEAN also grew "
        "strongly. It rose 9 percent to 6.9 trillion yuan in 2024."
    )
    assert [c.partner for c in claims] == ["EU", "ASEAN", "ASEAN"]


def test_a_basis_stated_as_measured_in_dollars() -> None:
    text = "Measured in U.S. dollars, China's exports in July rose 7 percent."
    claim = interpret(text, find_mentions(text), date(2024, 8, 10))[0]
    assert (claim.currency, claim.currency_stated) == ("USD", True)


def test_a_party_named_after_the_figure_by_attributable_to() -> None:
    text = (
        "In 2024, total trade reached 43.85 trillion yuan, up 5 percent, of which 15.7 "
        "trillion yuan, a 1.3 percent rise, was attributable to foreign-invested firms."
    )
    claims = {c.mention.text: c for c in interpret(text, find_mentions(text), date(2025, 3, 1))}
    assert claims["15.7 trillion yuan"].enterprise_type == "foreign_invested"
    assert claims["1.3 percent"].enterprise_type == "foreign_invested"
    # the figures before "of which" stay the total's
    assert claims["5 percent"].enterprise_type is None
    assert claims["43.85 trillion yuan"].enterprise_type is None


def test_a_growth_verb_after_a_share_and_the_region_with_no_partner_before() -> None:
    def read(text: str) -> dict[str, Claim]:
        return {c.mention.text: c for c in interpret(text, find_mentions(text), date(2025, 5, 1))}

    claims = read(
        "In the first quarter, private firms accounted for over 55 percent of trade, "
        "growing 6.1 percent year on year to 5.6 trillion yuan."
    )
    assert claims["55 percent"].metric == "share"
    assert claims["6.1 percent"].metric == "yoy"  # past the growth verb, no share
    # "the region" with no partner the data track named before: a party, not China
    claims = read(
        "Trade with the Gulf states grew in 2024. Imports from the region reached $70.2 "
        "billion in 2024."
    )
    assert claims["$70.2 billion"].ambiguous
    assert claims["$70.2 billion"].subject_text == "from the region"
    # after a tracked partner it is that partner
    claims = read("Trade with Brazil rose 3% in 2024. Imports from the region rose 4.5% in 2024.")
    assert claims["4.5%"].partner == "BRA"


# --- quantities -------------------------------------------------------------------------


def test_volumes_by_the_barrel_a_day_are_read_but_never_judged_on_tonnes(
    embedded_db: Path,
) -> None:
    claims = _check(embedded_db, "volumes_2024_11.txt")
    for text, value in {
        "10.95 million b/d": 10.95e6,
        "11.2 million bpd": 11.2e6,
        "10.9 million barrels per day": 10.9e6,
    }.items():
        assert claims[text]["claimed"]["value"] == pytest.approx(value), text
        assert claims[text]["verdict"] == "unverifiable", text
        assert "tonnes" in claims[text]["explanation"], text
    # the rate beside a volume is the volume's growth, whatever unit the volume is in
    assert claims["14.3%"]["claimed"]["value"] == pytest.approx(14.3)
    # tonnes with a joined abbreviation, a hyphen, or in the singular
    assert claims["6.4mn tonnes"]["claimed"]["value"] == pytest.approx(6.4e6)
    assert claims["2.1-mmt"]["claimed"]["value"] == pytest.approx(2.1e6)
    assert claims["9,500 ton"]["claimed"]["value"] == pytest.approx(9500)
    assert all(c["metric"] == "quantity" for t, c in claims.items() if "ton" in t or "mmt" in t)


def test_bare_numbers_before_a_lists_last_item_take_its_unit() -> None:
    text = (
        "In the first ten months, exports to ASEAN, the EU and Japan grew 9.4, 2.8 and 1.6 "
        "percent, respectively, worth 3.12, 2.75 and 0.91 trillion yuan. Their shares rose by "
        "0.6 and 0.2 percentage points. Trade in 2019, 2020 and 2021 rose 4%."
    )
    found = {m.text: m for m in find_mentions(text)}
    assert (found["9.4"].kind, found["2.8"].unit) == ("percent", "percent")
    assert (found["3.12"].scale, found["2.75"].currency) == (1e12, "CNY")
    assert found["0.6"].kind == "pp"
    assert not {"2019", "2020", "2021"} & set(found)  # years are no items of a list
    claims = {c.mention.text: c for c in interpret(text, list(found.values()), None)}
    assert [claims[t].partner for t in ("9.4", "2.8", "1.6 percent")] == ["ASEAN", "EU", "JPN"]
    assert claims["3.12"].metric == "value" and claims["9.4"].metric == "yoy"


def test_numbers_in_words_other_currencies_and_multiples_are_read_honestly(
    embedded_db: Path,
) -> None:
    claims = _check(embedded_db, "words_and_currencies_2022_01.txt")
    # "(dollar)6.05 trillion" is dollars; "up (dollar)1.4 trillion from the previous
    # year" is a change in level, not the level
    assert claims["(dollar)6.05 trillion"]["currency"] == "USD"
    assert claims["(dollar)6.05 trillion"]["metric"] == "value"
    assert claims["(dollar)1.4 trillion"]["metric"] == "change"
    assert claims["(dollar)1.4 trillion"]["verdict"] not in ("refuted", "misdated")
    for text, value in {
        "four percentage points": 4.0,
        "three and a half percent": -3.5,  # "fell three and a half percent"
        "0.3pc": -0.3,
        "one-trillion-yuan": 1e12,
    }.items():
        assert claims[text]["claimed"]["value"] == pytest.approx(value), text
    assert claims["four percentage points"]["metric"] == "pp"
    # read, never judged: a round mark in words, a multiple (+10% or +110%?), an amount
    # in a currency GACC does not publish in
    for text, why in {
        "one-trillion-yuan": "round mark",
        "1.1-fold": "multiple",
        "1.5 times": "multiple",
        "€0.6 trillion": "currency the data do not hold",
        "3.2 trillion Singapore dollars": "currency the data do not hold",
    }.items():
        assert claims[text]["verdict"] == "unverifiable", text
        assert why in claims[text]["explanation"], text


def test_a_dollar_of_another_country_is_not_a_us_dollar() -> None:
    found = {m.text: m for m in find_mentions("US$3.1 billion (S$4.2 billion), HK$5 billion")}
    assert found["US$3.1 billion"].currency == "USD"
    assert (found["S$4.2 billion"].kind, found["HK$5 billion"].kind) == ("foreign", "foreign")


def test_tariffs_as_a_circumstance_do_not_make_a_figure_a_tariffs() -> None:
    def scope(text: str) -> list[str]:
        return [c.out_of_scope for c in interpret(text, find_mentions(text), None)]

    for text in (
        "China's surplus with the US widened to $301.2 billion in 2019 as a tariff fight grew.",
        "Imports of US goods slid to $9.8 billion following tariff hikes by Beijing.",
        "Amid new US tariffs on China, exports to the EU rose 9.1% in 2024.",
        "Amid the tariff dispute, Chinese exports to ASEAN increased by 12.2 percent in 2024.",
    ):
        assert scope(text) == [""], text
    # a tariff's own figures stay out of scope
    assert scope("Beijing raised tariffs on US soybeans to 25% in 2018.") != [""]
    assert scope("Amid tariffs of 25% on steel, exports rose 3% in 2018.")[0] != ""


def test_an_actual_figure_measured_against_expectations_is_not_a_forecast() -> None:
    def scope(text: str) -> dict[str, str]:
        return {c.mention.text: c.out_of_scope for c in interpret(text, find_mentions(text), None)}

    actual = scope(
        "Exports beat market expectations, rising 6.1% in May. Imports slid 2.2% despite "
        "analysts forecasting a rebound. The May figure, in line with forecasts, marked a "
        "3.4% gain. Economists had expected the surplus to narrow to $80.1 billion from "
        "$82.6 billion in April."
    )
    assert not any(actual[t] for t in ("6.1%", "2.2%", "3.4%", "$82.6 billion")), actual
    assert actual["$80.1 billion"]  # the expected level itself
    forecasts = scope(
        "Exports rose 8.2% in May, exceeding forecasts of 6.5%, and imports fell 1.2%, "
        "missing expectations for growth of 0.4%."
    )
    assert forecasts["6.5%"] and forecasts["0.4%"]
    assert not forecasts["8.2%"] and not forecasts["1.2%"]


def test_another_economys_own_statistics_are_read_but_never_chinas() -> None:
    text = "Japan's exports to China fell 9.6% in 2023 to $126.4 billion, Tokyo said."
    for c in interpret(text, find_mentions(text), None):
        assert not c.out_of_scope and c.ambiguous, c.mention.text
        assert c.subject_text.startswith("Japan's exports") and c.partner == "WLD"
