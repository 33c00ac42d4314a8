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
from ..store.db import Store
from .check import check_text, to_json_dict

IN_SCOPE_VERDICTS = {"supported", "refuted", "misdated", "unverifiable", "restored"}


@dataclass
class Label:
    start: int
    end: int
    text: str
    verdict: str
    metric: str


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


def load_labels(labels_dir: Path, articles_dir: Path) -> list[LabelledArticle]:
    out = []
    for path in sorted(labels_dir.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        article = articles_dir / data["file"]
        if not article.exists():
            continue
        labels = [
            Label(c["start"], c["end"], c["text"], c["verdict"], c.get("metric", ""))
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
                for kind, new_text, span in perturbations(text, lab):
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


NUM_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


def _format_like(original: str, value: float) -> str:
    """`value` printed as `original` is, with more decimals if that would hide the change
    ("1" times 1.37 is "1.37", not "1" again)."""
    decimals = len(original.split(".")[1]) if "." in original else 0
    old = float(original.replace(",", ""))
    while round(value, decimals) == round(old, decimals) and decimals < 4:
        decimals += 1
    return f"{value:,.{decimals}f}" if "," in original else f"{value:.{decimals}f}"


def perturbations(text: str, lab: Label) -> list[tuple[str, str, tuple[int, int]]]:
    """Perturbed copies of an article around one supported claim: (kind, text, new span)."""
    token = text[lab.start : lab.end]
    m = NUM_RE.search(token)
    if not m:
        return []
    number = float(m.group(0).replace(",", ""))
    out = []

    def replaced(new_token: str, kind: str) -> None:
        new_text = text[: lab.start] + new_token + text[lab.end :]
        out.append((kind, new_text, (lab.start, lab.start + len(new_token))))

    def with_number(value: float) -> str:
        return token[: m.start()] + _format_like(m.group(0), value) + token[m.end() :]

    is_rate = "%" in token or "percent" in token.lower() or "per cent" in token.lower()
    changed = number + 3.3 if is_rate else number * 1.37
    replaced(with_number(changed), "number changed")
    if number >= 1:
        shifted = number / 10 if number >= 10 or not is_rate else number * 10
        replaced(with_number(shifted), "decimal shift")
    lower = token.lower()
    if "trillion" in lower:
        replaced(re.sub("trillion", "billion", token, flags=re.I), "unit swapped")
    elif "billion" in lower:
        replaced(re.sub("billion", "trillion", token, flags=re.I), "unit swapped")
    if "yuan" in lower:
        replaced(re.sub("yuan", "U.S. dollars", token, flags=re.I), "yuan for dollars")
    elif "dollar" in lower or "$" in token:
        swapped = re.sub(r"U\.?S\.?\s?dollars?|dollars?", "yuan", token, flags=re.I)
        swapped = re.sub(r"(?:US|U\.S\.)?\s?\$\s?([\d.,]+)\s*(\w+)", r"\1 \2 yuan", swapped)
        if swapped != token:
            replaced(swapped, "yuan for dollars")
    return out
