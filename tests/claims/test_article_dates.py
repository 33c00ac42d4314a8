"""An article's stated date that is no date is a one-line ClaimError (found by the fuzzer)."""

from __future__ import annotations

from datetime import date

import pytest

from tradepulse.claims.article import read_article
from tradepulse.errors import ClaimError

TEXT = "China's exports rose 5.2 percent in January from a year earlier, customs data showed."


@pytest.mark.parametrize("stated", ["date: 2026-02-30", "date: 2026-13-01"])
def test_impossible_date_line(stated: str) -> None:
    with pytest.raises(ClaimError, match=f"'{stated}' is not a real date"):
        read_article(f"{stated}\n\n{TEXT}".encode())


def test_impossible_meta_date_in_html() -> None:
    page = f"<html><head><meta name='PubDate' content='2026-02-30'></head><p>{TEXT}</p></html>"
    with pytest.raises(ClaimError, match="not a real date"):
        read_article(page.encode())


def test_the_date_option_wins_over_a_broken_stated_date() -> None:
    page = f"<html><head><meta name='PubDate' content='2026-02-30'></head><p>{TEXT}</p></html>"
    article = read_article(page.encode(), given_date=date(2026, 2, 10))
    assert article.date == date(2026, 2, 10)


def test_a_real_date_line_still_dates_the_article() -> None:
    assert read_article(f"date: 2026-02-28\n\n{TEXT}".encode()).date == date(2026, 2, 28)
