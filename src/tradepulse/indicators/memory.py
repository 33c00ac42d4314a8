"""Every stored vintage, held in memory once per store, so lookups need no SQL.

The checker asks for thousands of single figures per hundred articles, each for a date
(the article's) and without the releases quoted from the article itself. One query per
lookup cost more than half of the checking time; instead every vintage is read once (one
query), sorted by series, period and rank, and indexed by key. Which vintage is in force
for a date and a set of withheld releases is then a mask over the same arrays: the first
row of each key, in the store's own rank order (`vintages(NULL)`), that the date and the
withholding allow; a row the store ranks as no vintage at all is never used. This is
`latest(as_of)` wherever the ranking does not depend on which releases are present;
where it would (a count of sources agreeing), the count over every stored release is
used, so one read serves every date.
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..store.db import Store, fetch_arrow

SERIES_FIELDS = ("flow", "partner", "breakdown_kind", "breakdown_code", "currency", "measure")
#: publication day of a release with no known date: after any as-of date
UNDATED = np.iinfo(np.int32).max
#: states kept per store (one per article date and withheld page); the oldest is dropped
MAX_STATES = 64
_EPOCH = date(1970, 1, 1)
_VIEW_IDS = itertools.count(1)
_STATE_IDS = itertools.count(1)


@dataclass
class State:
    """What is in force for one as-of date and one set of withheld releases."""

    allowed: np.ndarray  # a vintage this state may use
    in_force: np.ndarray  # the first allowed vintage of its key
    withheld: np.ndarray  # a vintage held back only because its release is withheld
    cache: dict[Any, Any] = field(default_factory=dict)
    serial: int = field(default_factory=lambda: next(_STATE_IDS))


class FactIndex:
    """All vintages of one store, sorted by series, period and rank. Key fields are held
    as integer codes (Arrow dictionary encoding) and periods as numbers, so a store of
    millions of rows costs a few arrays, not millions of Python strings."""

    def __init__(self, store: Store) -> None:
        table = fetch_arrow(
            store.con,
            f"""SELECT *,
                      coalesce(try_cast(substr(period, 1, 4) AS INTEGER) * 100
                               + try_cast(substr(period, 6, 2) AS INTEGER), 0) * 2
                      + (period_kind = 'ytd')::INTEGER AS period_key
               FROM vintages(NULL)
               ORDER BY {", ".join(SERIES_FIELDS)}, period_key, vintage_rank NULLS LAST, reporter,
                        breakdown_scheme""",
        )
        self.table = table.drop_columns(["period_key"])
        n = table.num_rows
        self.codes: dict[str, np.ndarray] = {}
        self.code_of: dict[str, dict[str, int]] = {}
        for f in SERIES_FIELDS:
            encoded = pc.dictionary_encode(table[f]).combine_chunks()
            self.codes[f] = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int32)
            self.code_of[f] = {v: i for i, v in enumerate(encoded.dictionary.to_pylist())}
        #: year * 200 + month * 2 + (1 for a year to date): sorts as period, then kind
        self.period_key = table["period_key"].to_numpy(zero_copy_only=False).astype(np.int64)
        new_series = np.zeros(n, dtype=bool)
        for f in SERIES_FIELDS:
            new_series[1:] |= self.codes[f][1:] != self.codes[f][:-1]
        if n:
            new_series[0] = True
        starts = np.flatnonzero(new_series)
        ends = np.append(starts[1:], n)
        series_codes = zip(*(self.codes[f][starts].tolist() for f in SERIES_FIELDS), strict=True)
        self.by_series: dict[tuple[int, ...], tuple[int, int]] = dict(
            zip(series_codes, zip(starts.tolist(), ends.tolist(), strict=True), strict=True)
        )
        # the group (key: series and period) of each row, to find its first allowed row
        new_key = new_series.copy()
        new_key[1:] |= self.period_key[1:] != self.period_key[:-1]
        self.group = np.cumsum(new_key) - 1
        self.value = table["value"].to_numpy(zero_copy_only=False).astype(float)
        self.resolution = table["resolution"].to_numpy(zero_copy_only=False).astype(float)
        self.release_id = table["release_id"].to_numpy(zero_copy_only=False).astype(np.int64)
        self.published = (
            pc.fill_null(table["published"].cast(pa.int32()), int(UNDATED))
            .to_numpy()
            .astype(np.int64)
        )
        self.authority = table["authority"].to_numpy(zero_copy_only=False).astype(np.int64)
        self.tier = table["tier"].to_numpy(zero_copy_only=False).astype(np.int64)
        # a figure the store ranks as no vintage (stored, never in force) is never used
        self.ranked = table["vintage_rank"].is_valid().to_numpy(zero_copy_only=False)
        self._rows: dict[int, dict[str, Any]] = {}
        #: lookups other modules derive from the index, kept as long as it is
        self.derived: dict[str, Any] = {}
        self._states: dict[tuple[date | None, frozenset[int], int], State] = {}
        self._lock = threading.Lock()

    @classmethod
    def of(cls, store: Store) -> FactIndex:
        """The store's index, read on first use (a write to the store discards it). A
        database file opened read-only again in the same process, unchanged on disk,
        shares the index: a server checking one article per request reads it once."""
        index = store.facts_views.get("index")
        if isinstance(index, FactIndex):
            return index
        stamp = _file_stamp(store)
        with _SHARED_LOCK:
            index = _SHARED.get(stamp) if stamp else None
            if index is None:
                index = cls(store)
                if stamp:
                    _SHARED.clear()  # one database at a time: the last one read
                    _SHARED[stamp] = index
        store.facts_views["index"] = index
        return index

    def release_pages(self) -> list[tuple[int, str]]:
        """Each release holding figures, with its source (a URL or a file)."""
        pairs = (
            self.table.select(["release_id", "source"])
            .group_by(["release_id", "source"])
            .aggregate([])
        )
        return list(zip(pairs["release_id"].to_pylist(), pairs["source"].to_pylist(), strict=True))

    # --- lookups -----------------------------------------------------------------------

    def series_codes(self, values: tuple[str, ...]) -> tuple[int, ...] | None:
        """The codes of a series' fields (SERIES_FIELDS order); None if one never occurs."""
        out = []
        for f, v in zip(SERIES_FIELDS, values, strict=True):
            code = self.code_of[f].get(v)
            if code is None:
                return None
            out.append(code)
        return tuple(out)

    def series_range(self, values: tuple[str, ...]) -> tuple[int, int]:
        codes = self.series_codes(values)
        return self.by_series.get(codes, (0, 0)) if codes is not None else (0, 0)

    def key_range(self, values: tuple[str, ...], period: str, kind: str) -> range:
        """The rows (vintages, in rank order) of one series, period and period kind."""
        a, b = self.series_range(values)
        if a == b:
            return range(0)
        target = period_key(period, kind)
        keys = self.period_key[a:b]
        return range(
            a + int(np.searchsorted(keys, target, "left")),
            a + int(np.searchsorted(keys, target, "right")),
        )

    def rows_where(self, **values: str) -> np.ndarray:
        """Row numbers whose series fields have the given values (a set-based scan)."""
        mask = np.ones(len(self.value), dtype=bool)
        for f, v in values.items():
            code = self.code_of[f].get(v)
            if code is None:
                return np.zeros(0, dtype=np.int64)
            mask &= self.codes[f] == code
        return np.flatnonzero(mask)

    def field(self, name: str, i: int) -> str:
        """A series field's value at a row."""
        return str(self.table[name][i].as_py())

    def row(self, i: int) -> dict[str, Any]:
        r = self._rows.get(i)
        if r is None:
            r = self._rows[i] = self.table.slice(i, 1).to_pylist()[0]
        return r

    def state(self, as_of: date | None, withheld: frozenset[int], max_tier: int = 4) -> State:
        """What may be used and what is in force for a date, with some releases withheld
        and, for accounts that cite only tiers 1-3, the sources above `max_tier` left out."""
        key = (as_of, withheld, max_tier)
        st = self._states.get(key)
        if st is not None:
            return st
        dated = np.ones(len(self.value), dtype=bool)
        if as_of is not None:
            dated = self.published <= (as_of - _EPOCH).days
        kept = ~np.isin(self.release_id, np.fromiter(withheld, dtype=np.int64, count=len(withheld)))
        allowed = dated & kept & self.ranked & (self.tier <= max_tier)
        in_force = np.zeros(len(allowed), dtype=bool)
        rows = np.flatnonzero(allowed)
        if len(rows):
            _, first = np.unique(self.group[rows], return_index=True)
            in_force[rows[first]] = True
        st = State(allowed, in_force, dated & ~kept & self.ranked)
        with self._lock:  # checks may run in threads (a web server's worker pool)
            if len(self._states) >= MAX_STATES:
                # the oldest dated or withholding state goes; the plain latest one stays
                oldest = next(k for k in self._states if k != (None, frozenset(), 4))
                del self._states[oldest]
            return self._states.setdefault(key, st)

    def view(self, st: State, store: Store) -> str:
        """The figures in force of a state as a DuckDB view on the store's connection,
        for set-based SQL over them (registered once per connection)."""
        name = store.facts_views.get(("view", st.serial))
        if not isinstance(name, str):
            name = f"facts_in_force_{next(_VIEW_IDS)}"
            store.con.register(
                name, self.table.filter(pa.array(st.in_force)).drop_columns(["vintage_rank"])
            )
            store.facts_views[("view", st.serial)] = name
        return name


def period_key(period: str, kind: str) -> int:
    """A period and kind as the index orders them (see FactIndex.period_key)."""
    try:
        ym = int(period[:4]) * 100 + int(period[5:7])
    except ValueError:
        ym = 0
    return ym * 2 + (kind == "ytd")


def period_of(key: int) -> tuple[str, str]:
    """The period ('YYYY-MM') and kind of a period key."""
    ym, ytd = divmod(int(key), 2)
    return f"{ym // 100:04d}-{ym % 100:02d}", "ytd" if ytd else "month"


#: the index of the database file read last, by its path, size and modification time
_SHARED: dict[tuple[Any, ...], FactIndex] = {}
_SHARED_LOCK = threading.Lock()


def _file_stamp(store: Store) -> tuple[Any, ...] | None:
    """What identifies a read-only database file's contents (None: not shareable)."""
    if not store.read_only or store.path is None:
        return None
    stamp: list[Any] = [str(Path(store.path).resolve())]
    for f in (Path(store.path), Path(f"{store.path}.wal")):
        try:
            st = f.stat()
        except OSError:
            stamp.append(None)
            continue
        stamp += [st.st_size, st.st_mtime_ns]
    return tuple(stamp)
