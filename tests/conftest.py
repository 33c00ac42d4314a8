from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tradepulse.store.db import Store

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "tp.duckdb"


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.memory() as s:
        yield s


def shared_or_skip(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"acceptance input {path} is absent (../shared is not beside the repo)")
    return path


@pytest.fixture(scope="session")
def embedded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the embedded official dataset, loaded once for the session."""
    from tradepulse.api import ensure_data

    path = tmp_path_factory.mktemp("embedded") / "tp.duckdb"
    ensure_data(path)
    return path
