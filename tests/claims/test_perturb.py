"""The perturbed copies the evaluation makes: each changes the claim so that it is false,
and the period shift moves the claim's own period phrase, never a neighbour's."""

from __future__ import annotations

from pathlib import Path

from tradepulse.claims.evaluate import Label
from tradepulse.claims.perturb import perturbations
from tradepulse.indicators import Facts
from tradepulse.store.db import Store

TEXT = (
    "China's exports rose 21.1% in November, faster than the 11.4% rise in October. "
    "In the first 11 months of this year, trade reached 29.04 trillion yuan."
)


def label(text: str, period: dict[str, str], metric: str) -> Label:
    start = TEXT.index(text)
    subject = {"flow": "export" if metric == "yoy" else "total", "partner": "WLD"}
    return Label(start, start + len(text), text, "supported", metric, period, subject)


def kinds(copies: list[tuple[str, str, tuple[int, int]]]) -> dict[str, str]:
    return {kind: new[span[0] : span[1]] for kind, new, span in copies}


def test_each_kind_changes_the_claim() -> None:
    month = {"start": "2020-11", "end": "2020-11", "kind": "month"}
    got = kinds(perturbations(TEXT, label("21.1%", month, "yoy")))
    assert got == {
        "number changed": "24.4%",
        "decimal shift": "2.1%",
        "period shifted": "21.1%",
    }
    ytd = {"start": "2020-01", "end": "2020-11", "kind": "ytd"}
    got = kinds(perturbations(TEXT, label("29.04 trillion yuan", ytd, "value")))
    assert got["unit swapped"] == "29.04 billion yuan"
    assert got["yuan for dollars"] == "29.04 trillion U.S. dollars"


def test_the_period_shift_moves_the_claims_own_phrase_a_year_back() -> None:
    month = {"start": "2020-11", "end": "2020-11", "kind": "month"}
    copies = dict((k, new) for k, new, _ in perturbations(TEXT, label("21.1%", month, "yoy")))
    # the claim's month, not October's comparison
    assert (
        "21.1% in November 2019, faster than the 11.4% rise in October." in copies["period shifted"]
    )
    ytd = {"start": "2020-01", "end": "2020-11", "kind": "ytd"}
    copies = dict(
        (k, new) for k, new, _ in perturbations(TEXT, label("29.04 trillion yuan", ytd, "value"))
    )
    assert "In the first 11 months of 2019, trade reached" in copies["period shifted"]


def test_a_shift_that_leaves_the_claim_true_is_not_made(embedded_db: Path) -> None:
    # July 2018 and July 2019 imports were both 1.21 trillion yuan
    text = "In July, imports jumped 20.9 percent to 1.21 trillion yuan."
    start = text.index("1.21")
    lab = Label(
        start,
        start + len("1.21 trillion yuan"),
        "1.21 trillion yuan",
        "supported",
        "value",
        {"start": "2018-07", "end": "2018-07", "kind": "month"},
        {"flow": "import", "partner": "WLD"},
    )
    with Store.reader(embedded_db) as store:
        facts = Facts(store)
        assert "period shifted" not in kinds(perturbations(text, lab, facts))
        lab.text, lab.end = "20.9 percent", text.index("20.9") + len("20.9 percent")
        lab.start, lab.metric = text.index("20.9"), "yoy"
        assert "period shifted" in kinds(perturbations(text, lab, facts))
