"""One exception tree for tradepulse.

Every error carries the context a user needs to act on it (file, table, row, what to do)
and renders as one line; the CLI prints that line and exits non-zero.
"""

from __future__ import annotations


def _short(text: str, limit: int = 100) -> str:
    """Context cut for one line: a hostile input's title or label can be megabytes long."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class TradepulseError(Exception):
    """Root of all tradepulse errors."""

    hint: str = ""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        table: str | None = None,
        row: str | int | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.table = table
        self.row = row
        if hint is not None:
            self.hint = hint
        super().__init__(self.one_line())

    def where(self) -> str:
        parts = []
        if self.file:
            parts.append(f"file {self.file}")
        if self.table:
            parts.append(f"table {_short(self.table)!r}")
        if self.row is not None:
            parts.append(f"row {_short(str(self.row))}")
        return ", ".join(parts)

    def one_line(self) -> str:
        where = self.where()
        text = f"{self.message} ({where})" if where else self.message
        return f"{text}. {self.hint}" if self.hint else text


class SourceError(TradepulseError):
    """An input cannot be read or no reader recognises it."""

    hint = "Check the file is a GACC release page, a GACC table text, or tidy CSV/Parquet."


class NoDataError(SourceError):
    """A recognised page that holds no data table (index page, attachment-only release)."""

    hint = "Nothing was stored for it; fetch the table itself (e.g. the release's .xls) instead."


class ParseError(SourceError):
    """A recognised format whose content is broken or not understood."""

    hint = "The input was not stored; fix or replace the file and ingest again."


class FetchError(SourceError):
    """A live source could not be fetched or read: no network, a block page, a new layout."""

    hint = "Nothing was stored; try again later, or report it if the site's layout changed."

    def where(self) -> str:
        return f"at {self.file}" if self.file else ""


class ImplausibleError(SourceError):
    """An input whose figures break a plausibility rule; refused before anything is written."""

    hint = "Nothing was stored; correct the input and ingest again."


class StoreError(TradepulseError):
    """The database cannot be opened, migrated or written."""

    hint = "Check --db / TRADEPULSE_DB points to a writable tradepulse database."


class StoreBusy(StoreError):
    """Another tradepulse process held the store for longer than the lock timeout."""

    hint = "Try again when it finishes."


class OutputError(TradepulseError):
    """An output file (--out, --html) cannot be written."""

    hint = "Choose a file path you can write to."


class DataNotFound(TradepulseError):
    """The store holds no figure for what was asked."""

    hint = "Run `tradepulse data coverage` to see what is stored, or ingest the release."


class InvalidComparison(TradepulseError):
    """A comparison that cannot be made validly (missing base, Jan-Feb combined, group change)."""

    hint = "Choose comparable periods or series."


class ClaimError(TradepulseError):
    """An article cannot be read for claims (empty, binary, too large, not English)."""

    hint = "Give a plain-text or HTML article in English."


class UsageError(TradepulseError):
    """Arguments that do not make sense together."""

    hint = "See `tradepulse --help`."
