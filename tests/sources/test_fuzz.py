"""A bounded fuzz run: about 1,000 mutated real inputs through the ingest path, and 50
mutated articles through `check`.

Properties (see fuzzing.py): no exception outside the TradepulseError tree, no case over
the time limit, no impossible figure stored, the store unchanged after any refusal. The
cases are derandomised, so CI runs the same ones every time; `bench/fuzz_ingest.py` runs
10,000 or more fresh ones and prints the counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tradepulse.store.db import Store

from .fuzzing import Case, Harness, Seed, article_seeds, cases, run_article, seeds

BAD = ("crash", "hang", "impossible-accepted", "refused-but-changed")
SEEDS = seeds()


def fuzz(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )


@pytest.fixture(scope="module")
def harness() -> Iterator[Harness]:
    with Harness.open(SEEDS) as h:
        yield h


def _of(kind: str) -> list[Seed]:
    return [s for s in SEEDS if s.kind == kind]


def _check(harness: Harness, case: Case) -> None:
    outcome = harness.run(case)
    assert outcome not in BAD, (
        f"{outcome}: {case.seed.name} after {'; '.join(case.mutations)}: "
        f"{getattr(harness, 'last_error', '')}"
    )


@fuzz(500)
@given(case=cases(_of("page")))
def test_fuzz_gacc_pages(harness: Harness, case: Case) -> None:
    _check(harness, case)


@fuzz(250)
@given(case=cases(_of("text")))
def test_fuzz_gacc_table_texts(harness: Harness, case: Case) -> None:
    _check(harness, case)


@fuzz(250)
@given(case=cases(_of("tidy")))
def test_fuzz_tidy_files(harness: Harness, case: Case) -> None:
    _check(harness, case)


@pytest.fixture(scope="module")
def reader(embedded_db: Path) -> Iterator[Store]:
    with Store.reader(embedded_db) as store:
        yield store


ARTICLE_COUNTS: Counter[str] = Counter()


@fuzz(50)
@given(case=cases(article_seeds()))
def test_fuzz_articles(reader: Store, case: Case) -> None:
    """Mutated articles of our own writing: `check` answers or refuses, in bounded time."""
    outcome, detail = run_article(reader, case, ARTICLE_COUNTS)
    assert outcome in ("checked", "refused"), (
        f"{outcome}: {case.seed.name} after {'; '.join(case.mutations)}: {detail}"
    )


def test_the_fuzz_run_is_not_vacuous(harness: Harness) -> None:
    """The seeds load, and the run above both refused and accepted changed inputs."""
    assert harness.store.fingerprint()[1] > 1000  # the seeds' figures are stored
    if not harness.counts:
        pytest.skip("run with the fuzz tests above")
    assert set(harness.counts) <= {"refused", "accepted-identical", "accepted-changed"}
    assert min(harness.counts.values()) > 0 and len(harness.counts) == 3
