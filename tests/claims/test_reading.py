"""How `check` reads an article: bounded work on hostile input, the discourse model, list
alignment, number formats (articles of our own writing in tests/claims/articles)."""

from __future__ import annotations

import pytest

from tradepulse.claims.extract import MAX_MENTIONS, find_mentions
from tradepulse.claims.interpret import MAX_SENTENCE, interpret, sentences
from tradepulse.errors import ClaimError


def test_too_many_numbers_are_refused_naming_the_article() -> None:
    text = "China's exports rose " + "1.1 percent and " * (MAX_MENTIONS + 1)
    with pytest.raises(ClaimError) as err:
        find_mentions(text, "wall.txt")
    message = str(err.value)
    assert "wall.txt" in message and f"{MAX_MENTIONS:,} numbers" in message
    assert "\n" not in message


def test_a_long_run_of_text_is_read_in_bounded_pieces() -> None:
    text = "Exports to Japan rose 2.5 percent, " * 400 + "and imports fell 1 percent."
    spans = sentences(text)
    assert len(spans) > 1
    assert all(b - a <= MAX_SENTENCE for a, b in spans)
    assert "".join(text[a:b] for a, b in spans) == text  # nothing lost between pieces
    claims = interpret(text, find_mentions(text), None)
    assert len(claims) == 401
    assert {c.partner for c in claims[:-1]} == {"JPN"}


def test_digit_runs_are_one_number() -> None:
    found = find_mentions("Exports rose " + "7" * 5000 + " percent" + ", and 1,2" * 3)
    assert len(found) == 1 and found[0].kind == "percent"
