"""Checking many articles in one process: files, folders or JSON Lines, one result each.

The store's figures are read into memory by the first article and reused by the rest, so
a batch costs the reading and checking of its articles, not a store per article. Each
article gives one result (the JSON of `to_json_dict`, with its name) or one error line;
a bad article never stops the batch.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import TradepulseError, UsageError
from ..store.db import Store
from .check import check_text, to_json_dict

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")


@dataclass(frozen=True)
class ArticleInput:
    name: str
    data: bytes = b""
    date: date | None = None
    url: str | None = None
    error: str = ""  # the input itself was unreadable: reported, not checked


def articles_in(paths: Iterable[Path], default_date: date | None = None) -> Iterator[ArticleInput]:
    """Articles from files and folders (a folder's text and HTML files, sorted by name).
    Every path is checked first, so a missing one fails before anything is checked; the
    files are read one by one as they are checked."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
            )
            if not found:
                raise UsageError(f"no article files ({', '.join(ARTICLE_SUFFIXES)}) in {path}")
            files += found
        elif path.is_file():
            files.append(path)
        else:
            raise UsageError(f"no such file or folder: {path}")
    return (ArticleInput(str(f), f.read_bytes(), default_date) for f in files)


def _parse_date(raw: Any) -> date | None:
    if raw in (None, ""):
        return None
    try:
        return date.fromisoformat(str(raw))
    except ValueError as exc:
        raise ValueError(f"date {raw!r} is not YYYY-MM-DD") from exc


def article_from_json(line: str, where: str, default_date: date | None = None) -> ArticleInput:
    """One JSON Lines record: {"text": …, "date": …, "url": …, "name": …}."""
    try:
        record = json.loads(line)
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise ValueError('each line must be a JSON object with a "text" string')
        name = str(record.get("name") or where)
        return ArticleInput(
            name,
            record["text"].encode("utf-8"),
            _parse_date(record.get("date")) or default_date,
            str(record["url"]) if record.get("url") else None,
        )
    except ValueError as exc:  # json.JSONDecodeError is a ValueError
        return ArticleInput(where, error=f"{where}: {exc}")


def articles_from_jsonl(
    lines: Iterable[str], source: str = "<stdin>", default_date: date | None = None
) -> Iterator[ArticleInput]:
    """Articles from JSON Lines, read as they arrive (blank lines are skipped)."""
    for n, line in enumerate(lines, 1):
        if line.strip():
            yield article_from_json(line, f"{source}:{n}", default_date)


def looks_like_jsonl(first_line: str) -> bool:
    """Whether stdin's first line is a JSON Lines article record rather than article text."""
    try:
        record = json.loads(first_line)
    except ValueError:
        return False
    return isinstance(record, dict) and isinstance(record.get("text"), str)


def check_many(store: Store, articles: Iterable[ArticleInput]) -> Iterator[dict[str, Any]]:
    """One result per article, in order, as each is checked."""
    for a in articles:
        if a.error:
            yield {"name": a.name, "error": a.error}
            continue
        try:
            result = to_json_dict(check_text(store, a.data, a.name, a.date, a.url))
        except TradepulseError as exc:
            yield {"name": a.name, "url": a.url, "error": exc.one_line()}
            continue
        yield {"name": a.name, **result}
