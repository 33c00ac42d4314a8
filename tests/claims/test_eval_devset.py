"""Acceptance: the labelled development sets (articles in ../shared, labels in the repo).

Scored as a user meets an article: without the figures the store quotes from that very
article (`withhold_own=True`). The issue's safety target is held as it stands — false
accusations (true claims called refuted or misdated) at most 0.02 on the 51 first
development articles, and no perturbed claim called supported. The other floors are the
levels measured when the data became tiered (docs/claims.md, "Results"): they keep what
works from regressing; the issue's targets for them (0.90 and more) are not met yet.

The frozen test split (tests/claims/split/more-split.json, "test") is never scored here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import shared_or_skip
from tradepulse.claims.evaluate import evaluate, find_split_file, in_split, load_labels
from tradepulse.store.db import Store

LABELS = Path(__file__).parent / "labels"
MORE_LABELS = Path(__file__).parent / "labels-more"

pytestmark = pytest.mark.acceptance


def test_development_set_floors(embedded_db: Path) -> None:
    articles = load_labels(LABELS, shared_or_skip("articles"))
    assert len(articles) >= 40
    with Store.reader(embedded_db) as store:
        scores = evaluate(store, articles, perturb=False, withhold_own=True).as_dict()
    assert scores["false_accusations"] <= 0.02  # the target
    assert scores["extraction_recall"] >= 0.95  # the target
    assert scores["extraction_precision"] >= 0.95
    assert scores["true_claims_supported"] >= 0.52  # measured 0.526 (target 0.90)
    assert scores["known_false_caught"] >= 0.40  # measured 0.40 (target 0.90)


def test_further_development_articles(embedded_db: Path) -> None:
    labelled = load_labels(MORE_LABELS, shared_or_skip("articles", "more"))
    articles, left_out = in_split(labelled, find_split_file(MORE_LABELS), "dev")
    assert len(articles) >= 150 and left_out >= 40  # the frozen test split stays out
    with Store.reader(embedded_db) as store:
        scores = evaluate(store, articles, perturb=False, withhold_own=True).as_dict()
    assert scores["false_accusations"] <= 0.013  # measured 0.0119, 14/1,177 (target 0.02)
    assert scores["extraction_recall"] >= 0.92  # measured 0.927 (target 0.95)
    assert scores["true_claims_supported"] >= 0.43  # measured 0.434 (target 0.90)
    assert scores["known_false_caught"] >= 0.29  # measured 0.291 (target 0.90)


def test_perturbed_claims_are_caught(embedded_db: Path) -> None:
    articles = load_labels(LABELS, shared_or_skip("articles"))[::5]
    with Store.reader(embedded_db) as store:
        scores = evaluate(store, articles, perturb=True, withhold_own=True).as_dict()
    assert scores["perturbed_claims"] >= 200
    assert scores["perturbed_called_supported"] == 0  # the target
    assert scores["perturbed_caught"] >= 0.31  # measured 0.3103 (target 0.90)
