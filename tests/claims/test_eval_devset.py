"""Acceptance: the labelled development set (articles in ../shared, labels in the repo).

Floors guard against regressions; the targets (recall 0.90, verdict accuracy 0.95,
perturbed claims caught 0.95, none called supported) are reported by `tradepulse eval`.
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
        scores = evaluate(store, articles, perturb=False).as_dict()
    assert scores["extraction_recall"] >= 0.95
    assert scores["extraction_precision"] >= 0.95
    assert scores["verdict_accuracy"] >= 0.90
