"""Evaluation on a labelled development set, with perturbed copies that must be caught.

Labels (one JSON file per article, see docs/claims.md) give each numeric claim's span,
interpretation and true verdict. Reported: extraction precision and recall, verdict
accuracy on the unperturbed claims, the share of perturbed claims caught (refuted or
misdated) and how many perturbed claims were wrongly called supported, and articles per
second.
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

from ..errors import ClaimError
from ..indicators import Facts
from ..store.db import Store
from .check import check_text, to_json_dict
from .perturb import perturbations

IN_SCOPE_VERDICTS = {"supported", "refuted", "misdated", "unverifiable", "restored"}


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


@dataclass
class Scores:
    articles: int = 0
    seconds: float = 0.0
    labelled_in_scope: int = 0
    extracted_in_scope: int = 0
    matched: int = 0
    extracted_matched: int = 0
    verdict_correct: int = 0
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

        return {
            "articles": self.articles,
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
        out.append(LabelledArticle(data["file"], article, d, labels))
    return out


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return (a[0] < b[1] and b[0] < a[1]) or a == b


def evaluate(store: Store, articles: list[LabelledArticle], perturb: bool = True) -> Scores:
    scores = Scores()
    facts = Facts(store)  # what a shifted period's figure is, to keep only false copies
    checking = 0.0
    for art in articles:
        data = art.path.read_bytes()
        t0 = time.perf_counter()
        try:
            result = to_json_dict(check_text(store, data, str(art.path), art.date))
        except ClaimError:
            result = {"claims": []}
        checking += time.perf_counter() - t0
        scores.articles += 1
        found = [c for c in result["claims"] if c["verdict"] != "out_of_scope"]
        labelled = [lab for lab in art.labels if lab.verdict in IN_SCOPE_VERDICTS]
        scores.labelled_in_scope += len(labelled)
        scores.extracted_in_scope += len(found)
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
                scores.misses.append(
                    f"{art.name}: {lab.text!r} labelled {lab.verdict}, "
                    f"got {got} ({found[hit]['explanation'][:80]})"
                )
        scores.extracted_matched += len(used)
        if perturb:
            text = data.decode("utf-8")
            for lab in labelled:
                if lab.verdict != "supported":
                    continue
                for kind, new_text, span in perturbations(text, lab, facts):
                    got = _verdict_at(store, new_text, span, art)
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


def _verdict_at(store: Store, text: str, span: tuple[int, int], art: LabelledArticle) -> str | None:
    try:
        result = to_json_dict(check_text(store, text.encode("utf-8"), art.name, art.date))
    except ClaimError:
        return None
    for c in result["claims"]:
        if _overlaps(span, tuple(c["span"])):
            return str(c["verdict"])
    return None
