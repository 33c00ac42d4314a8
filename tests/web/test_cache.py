"""The per-process memo and the check rate limiter."""

from __future__ import annotations

import threading
import time

import pytest

from tradepulse.web.cache import Memo
from tradepulse.web.ratelimit import RateLimit


def test_memo_makes_a_value_once_for_concurrent_callers() -> None:
    memo = Memo()
    calls = []

    def make() -> int:
        calls.append(1)
        time.sleep(0.2)
        return 42

    results: list[int] = []
    threads = [
        threading.Thread(target=lambda: results.append(memo.get("k", make))) for _ in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [42] * 8 and len(calls) == 1
    assert memo.peek("k") == 42 and memo.peek("other") is None


def test_memo_forgets_the_oldest_and_retries_after_an_error() -> None:
    memo = Memo(size=2)
    for key in "abc":
        memo.get(key, lambda key=key: key.upper())
    assert memo.peek("a") is None and memo.peek("c") == "C"

    def boom() -> str:
        raise ValueError("no")

    with pytest.raises(ValueError):
        memo.get("d", boom)
    assert memo.get("d", lambda: "D") == "D"


def test_rate_limit_per_client() -> None:
    limit = RateLimit(per_minute=60, burst=2)
    assert [limit.allow("a")[0] for _ in range(3)] == [True, True, False]
    allowed, wait = limit.allow("a")
    assert not allowed and 0 < wait <= 1.0
    assert limit.allow("b")[0]  # another client has its own bucket
    assert all(RateLimit(0).allow("a")[0] for _ in range(100))  # 0: no limit
