"""Docs generated from code stay true."""

from pathlib import Path

from tradepulse.docs import render


def test_cli_reference_is_current() -> None:
    path = Path(__file__).parents[1] / "docs" / "cli.md"
    assert path.read_text() == render(), "run `make docs`"
