"""Evaluation on a labelled set of articles, with perturbed copies that must be caught.

Labels (one JSON file per article, see docs/claims.md) give each numeric claim's span,
interpretation and true verdict, and the article's file and URL. Each article is checked
without the figures the store quoted from its own page (its URL), so that an article
never confirms itself. Reported: extraction precision and recall; verdict accuracy; true
claims supported and **false accusations** (true claims judged refuted or misdated), both
over every true claim labelled, extracted or not; known-false claims caught; perturbed
copies caught and perturbed copies wrongly called supported; articles per second.

A split file (`tests/claims/split/more-split.json`) names a frozen test split: its
articles are left out unless the test split is asked for by name.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import ClaimError, UsageError
from ..indicators import Facts
from ..store.db import Store
from .check import check_text, to_json_dict
from .own_source import normalise_url, releases_from
from .perturb import perturbations

IN_SCOPE_VERDICTS = {"supported", "refuted", "misdated", "unverifiable", "restored"}
#: the verdicts that call a claim false (for the figure or for its period)
KNOWN_FALSE = {"refuted", "misdated"}


@dataclass
class Label:
    start: int
    end: int
    text: str
    verdict: str
    metric: str
    period: dict[str, str] | None = None  # {"start", "end", "kind"} as labelled
    subject: dict[str, Any] = field(default_factory=dict)  # flow, partner, … currency


@dataclass
class LabelledArticle:
    name: str
    path: Path
    date: date | None
    labels: list[Label]
    url: str | None = None


@dataclass
class Scores:
    articles: int = 0
    seconds: float = 0.0
    labelled_in_scope: int = 0
    extracted_in_scope: int = 0
    matched: int = 0
    extracted_matched: int = 0
    verdict_correct: int = 0
    true_claims: int = 0  # labelled supported, extracted or not
    true_supported: int = 0
    false_accusations: int = 0  # labelled supported, judged refuted or misdated
    known_false: int = 0  # labelled refuted or misdated
    known_false_caught: int = 0
    withheld_articles: int = 0  # articles whose own figures the store held and withheld
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    perturbed: int = 0
    perturbed_caught: int = 0
    perturbed_supported: int = 0
    perturbed_by_kind: Counter[str] = field(default_factory=Counter)
    caught_by_kind: Counter[str] = field(default_factory=Counter)
    perturbed_verdicts: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        def ratio(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None

        def part(a: int, b: int) -> str:
            return f"{a}/{b}"

        return {
            "articles": self.articles,
            "withheld_own_figures": self.withheld_articles,
            "true_claims_supported": ratio(self.true_supported, self.true_claims),
            "false_accusations": ratio(self.false_accusations, self.true_claims),
            "false_accusations_count": part(self.false_accusations, self.true_claims),
            "known_false_caught": ratio(self.known_false_caught, self.known_false),
            "known_false_count": part(self.known_false_caught, self.known_false),
            "extraction_recall": ratio(self.matched, self.labelled_in_scope),
            "extraction_precision": ratio(self.extracted_matched, self.extracted_in_scope),
            "verdict_accuracy": ratio(self.verdict_correct, self.matched),
            "perturbed_claims": self.perturbed,
            "perturbed_caught": ratio(self.perturbed_caught, self.perturbed),
            "perturbed_called_supported": self.perturbed_supported,
            "perturbed_by_kind": {
                k: f"{self.caught_by_kind[k]}/{n}"
                for k, n in sorted(self.perturbed_by_kind.items())
            },
            "perturbed_verdicts": dict(self.perturbed_verdicts.most_common()),
            "articles_per_second": round(self.articles / self.seconds, 2) if self.seconds else None,
            "labelled_in_scope": self.labelled_in_scope,
            "matched": self.matched,
            "confusion": {f"{a} -> {b}": n for (a, b), n in sorted(self.confusion.items())},
        }


_SUBJECT_KEYS = ("flow", "partner", "commodity", "trade_mode", "enterprise_type", "currency")


def load_labels(labels_dir: Path, articles_dir: Path) -> list[LabelledArticle]:
    out = []
    for path in sorted(labels_dir.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        article = articles_dir / data["file"]
        if not article.exists():
            continue
        labels = [
            Label(
                c["start"],
                c["end"],
                c["text"],
                c["verdict"],
                c.get("metric", ""),
                c.get("period"),
                {k: c.get(k) for k in _SUBJECT_KEYS},
            )
            for c in data["claims"]
        ]
        raw = str(data.get("date") or "")
        d = date.fromisoformat(raw) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw) else None
        url = str(data["url"]) if data.get("url") else None
        out.append(LabelledArticle(data["file"], article, d, labels, url))
    return out


SPLITS = ("dev", "test")
SPLIT_FILE = Path("split") / "more-split.json"


def find_split_file(labels_dir: Path) -> Path | None:
    """The split file beside a labels folder (`../split/more-split.json`), else the
    repository's (`tests/claims/split/more-split.json` from where tradepulse runs)."""
    for candidate in (labels_dir.parent / SPLIT_FILE, Path("tests/claims") / SPLIT_FILE):
        if candidate.is_file():
            return candidate
    return None


def _split_keys(split_file: Path, which: str) -> set[tuple[str, str]]:
    try:
        entries = json.loads(split_file.read_text(encoding="utf-8"))[which]
    except (OSError, ValueError, KeyError) as exc:
        raise ClaimError(
            f"cannot read the {which!r} split from {split_file}: {exc}",
            hint="give --split-file a split JSON with 'dev' and 'test' lists",
        ) from exc
    return {(e["file"], normalise_url(e["url"])) for e in entries}


def in_split(
    articles: list[LabelledArticle], split_file: Path | None, which: str | None
) -> tuple[list[LabelledArticle], int]:
    """The articles of a split ('dev' or 'test'); with none asked for, every article but
    those of the frozen test split. Also returns how many test articles were left out."""

    def key(a: LabelledArticle) -> tuple[str, str]:
        return (a.name, normalise_url(a.url or ""))

    if which is not None and which not in SPLITS:
        raise UsageError(f"--split {which!r} is not one of {', '.join(SPLITS)}")
    if split_file is None:
        if which is not None:
            raise UsageError("no split file found", hint="give --split-file")
        return articles, 0
    test = _split_keys(split_file, "test")
    if which is None:
        kept = [a for a in articles if key(a) not in test]
        return kept, len(articles) - len(kept)
    wanted = test if which == "test" else _split_keys(split_file, "dev")
    kept = [a for a in articles if key(a) in wanted]
    return kept, (len(articles) - len(kept) if which == "dev" else 0)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return (a[0] < b[1] and b[0] < a[1]) or a == b


def evaluate(
    store: Store, articles: list[LabelledArticle], perturb: bool = True, withhold_own: bool = True
) -> Scores:
    """Score the checker on labelled articles; `withhold_own` checks each without the
    figures the store quoted from its own page (False gives the flattering figures)."""
    scores = Scores()
    facts = Facts(store)  # what a shifted period's figure is, to keep only false copies
    checking = 0.0
    for art in articles:
        data = art.path.read_bytes()
        url = art.url if withhold_own else None
        t0 = time.perf_counter()
        try:
            result = to_json_dict(check_text(store, data, str(art.path), art.date, url))
        except ClaimError:
            result = {"claims": []}
        checking += time.perf_counter() - t0
        scores.articles += 1
        if url and releases_from(store, url):
            scores.withheld_articles += 1
        found = [c for c in result["claims"] if c["verdict"] != "out_of_scope"]
        labelled = [lab for lab in art.labels if lab.verdict in IN_SCOPE_VERDICTS]
        scores.labelled_in_scope += len(labelled)
        scores.extracted_in_scope += len(found)
        scores.true_claims += sum(lab.verdict == "supported" for lab in labelled)
        scores.known_false += sum(lab.verdict in KNOWN_FALSE for lab in labelled)
        used: set[int] = set()
        for lab in labelled:
            hit = next(
                (
                    i
                    for i, c in enumerate(found)
                    if i not in used and _overlaps((lab.start, lab.end), tuple(c["span"]))
                ),
                None,
            )
            if hit is None:
                scores.misses.append(f"{art.name}: not extracted {lab.text!r}")
                continue
            used.add(hit)
            scores.matched += 1
            got = found[hit]["verdict"]
            scores.confusion[(lab.verdict, got)] += 1
            if got == lab.verdict:
                scores.verdict_correct += 1
            else:
                accused = lab.verdict == "supported" and got in KNOWN_FALSE
                scores.misses.append(
                    f"{art.name}: {'FALSE ACCUSATION ' if accused else ''}{lab.text!r} "
                    f"labelled {lab.verdict}, got {got} ({found[hit]['explanation'][:80]})"
                )
            if lab.verdict == "supported":
                scores.true_supported += got == "supported"
                scores.false_accusations += got in KNOWN_FALSE
            elif lab.verdict in KNOWN_FALSE:
                scores.known_false_caught += got in KNOWN_FALSE
        scores.extracted_matched += len(used)
        if perturb:
            text = data.decode("utf-8")
            for lab in labelled:
                if lab.verdict != "supported":
                    continue
                for kind, new_text, span in perturbations(text, lab, facts):
                    got = _verdict_at(store, new_text, span, art, url)
                    scores.perturbed += 1
                    scores.perturbed_by_kind[kind] += 1
                    scores.perturbed_verdicts[got or "not found"] += 1
                    if got in ("refuted", "misdated"):
                        scores.perturbed_caught += 1
                        scores.caught_by_kind[kind] += 1
                    if got == "supported":
                        scores.perturbed_supported += 1
                        scores.misses.append(
                            f"{art.name}: perturbed ({kind}) {lab.text!r} called supported"
                        )
    scores.seconds = checking
    return scores


def _verdict_at(
    store: Store, text: str, span: tuple[int, int], art: LabelledArticle, url: str | None
) -> str | None:
    try:
        result = to_json_dict(check_text(store, text.encode("utf-8"), art.name, art.date, url))
    except ClaimError:
        return None
    for c in result["claims"]:
        if _overlaps(span, tuple(c["span"])):
            return str(c["verdict"])
    return None
