from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tradepulse.web import Settings, create_app

#: An article written for these tests (not a real one): April 2026 figures, one of them
#: wrong (imports rose 25.3%, not 30%), and markup that must show as text.
ARTICLE = (
    "China's exports rose 14.1% year on year in April 2026 to $359.4 billion, customs data "
    "showed. Imports climbed 30% to $274.6 billion, leaving a trade surplus of $84.8 billion. "
    "<script>alert('x')</script> <img src=x onerror=alert(2)>"
)


@pytest.fixture(scope="session")
def client(embedded_db: Path) -> TestClient:
    return TestClient(create_app(Settings(db=embedded_db, warm=False)))
