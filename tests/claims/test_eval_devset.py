"""Acceptance: the labelled development set (articles in ../shared, labels in the repo).

The issue's targets, held: extraction recall 0.90, verdict accuracy 0.95 on every labelled
article, true claims supported 0.95 and false accusations at most 0.02; perturbed claims
caught 0.95 and none called supported on every fifth article (the full perturbed run is
`tradepulse eval`).

These targets were set with each article's own quoted figures in the store (19 of the 51
pages are sources of embedded releases), so they run with `withhold_own=False`; the
honest figures, each article without its own, are `tradepulse eval`'s (docs/claims.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import shared_or_skip
from tradepulse.claims.evaluate import evaluate, load_labels
from tradepulse.store.db import Store

LABELS = Path(__file__).parent / "labels"

pytestmark = pytest.mark.acceptance


def test_development_set_floors(embedded_db: Path) -> None:
    articles = load_labels(LABELS, shared_or_skip("articles"))
    assert len(articles) >= 40
    with Store.reader(embedded_db) as store:
        scores = evaluate(store, articles, perturb=False, withhold_own=False).as_dict()
    assert scores["extraction_recall"] >= 0.95
    assert scores["extraction_precision"] >= 0.95
    assert scores["verdict_accuracy"] >= 0.95
    assert scores["true_claims_supported"] >= 0.95
    assert scores["false_accusations"] <= 0.02


def test_perturbed_claims_are_caught(embedded_db: Path) -> None:
    articles = load_labels(LABELS, shared_or_skip("articles"))[::5]
    with Store.reader(embedded_db) as store:
        scores = evaluate(store, articles, perturb=True, withhold_own=False).as_dict()
    assert scores["perturbed_claims"] >= 200
    assert scores["perturbed_called_supported"] == 0
    assert scores["perturbed_caught"] >= 0.95
