"""Evaluation on a labelled folder of our own: own figures withheld, splits kept apart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tradepulse.claims.evaluate import evaluate, find_split_file, in_split, load_labels
from tradepulse.errors import UsageError
from tradepulse.store.db import Store

OWN = Path(__file__).parent / "articles" / "own_figures_2018_04.txt"
PAGE = "http://english.gov.cn/state_council/ministries/2018/05/08/content_281476139362208.htm"
#: figures of the article, true by GACC's release for April 2018
TRUE = ["9.11 trillion yuan", "4.81 trillion yuan", "1.27 trillion yuan", "3.7 percent"]


def _label(text: str, claim: str, metric: str, flow: str, kind: str) -> dict[str, object]:
    start = text.index(claim)
    first = "2018-04" if kind == "month" else "2018-01"
    return {
        "start": start,
        "end": start + len(claim),
        "text": claim,
        "metric": metric,
        "flow": flow,
        "partner": "WLD",
        "period": {"start": first, "end": "2018-04", "kind": kind},
        "currency": "CNY",
        "verdict": "supported",
    }


@pytest.fixture
def labelled(tmp_path: Path) -> Path:
    text = OWN.read_text(encoding="utf-8")
    claims = [
        _label(text, TRUE[0], "value", "total", "ytd"),
        _label(text, TRUE[1], "value", "export", "ytd"),
        _label(text, TRUE[2], "value", "export", "month"),
        _label(text, TRUE[3], "yoy", "export", "month"),
    ]
    labels = tmp_path / "labels"
    labels.mkdir()
    (labels / "001.json").write_text(
        json.dumps({"file": OWN.name, "url": PAGE, "date": "2018-05-08", "claims": claims})
    )
    return labels


def test_own_figures_cannot_flatter(embedded_db: Path, labelled: Path) -> None:
    articles = load_labels(labelled, OWN.parent)
    assert articles[0].url == PAGE
    with Store.reader(embedded_db) as store:
        flattered = evaluate(store, articles, perturb=False, withhold_own=False).as_dict()
        honest = evaluate(store, articles, perturb=False).as_dict()
    assert flattered["true_claims_supported"] == 1.0
    assert honest["withheld_own_figures"] == 1
    assert honest["true_claims_supported"] < flattered["true_claims_supported"]
    assert honest["false_accusations_count"].endswith("/4")
    assert flattered["false_accusations"] == 0.0


def test_splits_keep_the_frozen_test_articles_apart(tmp_path: Path) -> None:
    labels = tmp_path / "labels"
    texts = tmp_path / "texts"
    labels.mkdir()
    texts.mkdir()
    entries = {}
    for name, url in [("001.txt", "https://a.example/1"), ("002.txt", "https://b.example/2")]:
        (texts / name).write_text("China's exports rose 5% in May 2024.")
        (labels / f"{name[:3]}.json").write_text(
            json.dumps({"file": name, "url": url, "date": "2024-06-07", "claims": []})
        )
        entries[name] = {"file": name, "url": url, "sha256": ""}
    split = tmp_path / "split.json"
    split.write_text(json.dumps({"dev": [entries["001.txt"]], "test": [entries["002.txt"]]}))
    articles = load_labels(labels, texts)
    default, left_out = in_split(articles, split, None)
    assert [a.name for a in default] == ["001.txt"] and left_out == 1
    assert [a.name for a in in_split(articles, split, "test")[0]] == ["002.txt"]
    assert [a.name for a in in_split(articles, split, "dev")[0]] == ["001.txt"]
    # the same file name with another page (another corpus) is not the test article
    (labels / "002.json").write_text(
        json.dumps({"file": "002.txt", "url": "https://c.example/2", "claims": []})
    )
    assert len(in_split(load_labels(labels, texts), split, None)[0]) == 2
    with pytest.raises(UsageError):
        in_split(articles, split, "train")


def test_split_file_is_found_beside_the_labels(tmp_path: Path) -> None:
    labels = tmp_path / "labels-more"
    labels.mkdir()
    assert find_split_file(labels) in (None, Path("tests/claims/split/more-split.json"))
    (tmp_path / "split").mkdir()
    (tmp_path / "split" / "more-split.json").write_text('{"dev": [], "test": []}')
    assert find_split_file(labels) == tmp_path / "split" / "more-split.json"
    with pytest.raises(UsageError):
        in_split([], None, "test")


def test_development_labels_are_outside_the_frozen_split() -> None:
    labels = Path(__file__).parent / "labels"
    split = find_split_file(labels)
    assert split is not None
    test = {e["url"] for e in json.loads(split.read_text())["test"]}
    dev_urls = {json.loads(p.read_text()).get("url") for p in labels.glob("*.json")}
    assert len(test) == 44 and len(dev_urls) == 51
    assert not test & dev_urls  # so `tradepulse eval` leaves none of these out
