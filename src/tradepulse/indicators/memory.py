"""Every stored vintage, held in memory once per store, so lookups need no SQL.

The checker asks for thousands of single figures per hundred articles, each for a date
(the article's) and without the releases quoted from the article itself. One query per
lookup cost more than half of the checking time; instead every vintage is read once (one
query), sorted by series, period and rank, and indexed by key. Which vintage is in force
for a date and a set of withheld releases is then a mask over the same arrays: the first
row of each key, in the store's own rank order (`vintages` macro), that the date and the
withholding allow. Ranks do not depend on the date, so one read serves every date.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..store.db import Store, fetch_arrow

SERIES_FIELDS = ("flow", "partner", "breakdown_kind", "breakdown_code", "currency", "measure")
KEY_FIELDS = (*SERIES_FIELDS, "period", "period_kind")
#: publication day of a release with no known date: after any as-of date
UNDATED = np.iinfo(np.int32).max
#: dated states kept per store (one per article date); the oldest is dropped beyond this
MAX_STATES = 64
_EPOCH = date(1970, 1, 1)
_VIEW_IDS = itertools.count(1)
_STATE_IDS = itertools.count(1)


def _join(table: pa.Table, fields: tuple[str, ...]) -> np.ndarray:
    return np.asarray(
        pc.binary_join_element_wise(*(table[f] for f in fields), "|").to_pylist(), dtype=object
    )


def _groups(keys: np.ndarray) -> dict[str, tuple[int, int]]:
    """Key → [start, end) of its rows; keys must be sorted so equal keys are adjacent."""
    if len(keys) == 0:
        return {}
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    ends = np.append(starts[1:], len(keys))
    ranges = zip(starts.tolist(), ends.tolist(), strict=True)
    return dict(zip(keys[starts].tolist(), ranges, strict=True))


@dataclass
class State:
    """What is in force for one as-of date and one set of withheld releases."""

    allowed: np.ndarray  # a vintage this state may use
    in_force: np.ndarray  # the first allowed vintage of its key
    withheld: np.ndarray  # a vintage held back only because its release is withheld
    cache: dict[Any, Any] = field(default_factory=dict)
    serial: int = field(default_factory=lambda: next(_STATE_IDS))


class FactIndex:
    """All vintages of one store, sorted by key then rank, with lookup dictionaries."""

    def __init__(self, store: Store) -> None:
        table = fetch_arrow(
            store.con,
            f"""SELECT * FROM vintages(NULL)
               ORDER BY {", ".join(KEY_FIELDS)}, vintage_rank, reporter, breakdown_scheme""",
        )
        self.table = table
        self.series_keys = _join(table, SERIES_FIELDS)
        self.period = np.asarray(table["period"].to_pylist(), dtype=object)
        self.period_kind = np.asarray(table["period_kind"].to_pylist(), dtype=object)
        keys = self.series_keys + "|" + self.period + "|" + self.period_kind
        self.by_key = _groups(keys)
        self.by_series = _groups(self.series_keys)
        # the group (key) of each row, to find the first allowed row of each key
        starts = np.array(sorted(s for s, _ in self.by_key.values()), dtype=np.int64)
        self.group = np.zeros(len(keys), dtype=np.int64)
        if len(starts):
            self.group[starts[1:]] = 1
            self.group = np.cumsum(self.group)
        self.value = table["value"].to_numpy(zero_copy_only=False).astype(float)
        self.resolution = table["resolution"].to_numpy(zero_copy_only=False).astype(float)
        self.release_id = table["release_id"].to_numpy(zero_copy_only=False).astype(np.int64)
        self.published = (
            pc.fill_null(table["published"].cast(pa.int32()), int(UNDATED))
            .to_numpy()
            .astype(np.int64)
        )
        self.authority = table["authority"].to_numpy(zero_copy_only=False).astype(np.int64)
        self._rows: dict[int, dict[str, Any]] = {}
        #: lookups other modules derive from the index, kept as long as it is
        self.derived: dict[str, Any] = {}
        self._states: dict[tuple[date | None, frozenset[int]], State] = {}
        self._by_fields: dict[tuple[str, ...], dict[str, np.ndarray]] = {}

    @classmethod
    def of(cls, store: Store) -> FactIndex:
        """The store's index, read on first use (a write to the store discards it). A
        database file opened read-only again in the same process, unchanged on disk,
        shares the index: a server checking one article per request reads it once."""
        index = store.facts_views.get("index")
        if isinstance(index, FactIndex):
            return index
        stamp = _file_stamp(store)
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

    def row(self, i: int) -> dict[str, Any]:
        r = self._rows.get(i)
        if r is None:
            r = self._rows[i] = self.table.slice(i, 1).to_pylist()[0]
        return r

    def state(self, as_of: date | None, withheld: frozenset[int]) -> State:
        key = (as_of, withheld)
        st = self._states.get(key)
        if st is not None:
            return st
        dated = np.ones(len(self.value), dtype=bool)
        if as_of is not None:
            dated = self.published <= (as_of - _EPOCH).days
        kept = ~np.isin(self.release_id, np.fromiter(withheld, dtype=np.int64, count=len(withheld)))
        allowed = dated & kept
        in_force = np.zeros(len(allowed), dtype=bool)
        rows = np.flatnonzero(allowed)
        if len(rows):
            _, first = np.unique(self.group[rows], return_index=True)
            in_force[rows[first]] = True
        st = State(allowed, in_force, dated & ~kept)
        if as_of is not None and len(self._states) >= MAX_STATES:
            oldest = next(k for k in self._states if k[0] is not None)
            del self._states[oldest]
        self._states[key] = st
        return st

    def rows_by(self, fields: tuple[str, ...]) -> dict[str, np.ndarray]:
        """Rows grouped by another combination of fields ("flow|period|…" → row numbers)."""
        groups = self._by_fields.get(fields)
        if groups is None:
            keys = _join(self.table, fields)
            order = np.argsort(keys, kind="stable")
            ranges = _groups(keys[order])
            groups = {k: order[a:b] for k, (a, b) in ranges.items()}
            self._by_fields[fields] = groups
        return groups

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


#: the index of the database file read last, by its path, size and modification time
_SHARED: dict[tuple[Any, ...], FactIndex] = {}


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
