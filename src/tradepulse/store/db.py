"""The DuckDB store: one writer, read-only readers, vintaged observations."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import platformdirs
import pyarrow as pa

from ..errors import StoreError
from ..sources import tiers
from ..sources.base import OBSERVATION_FIELDS, ParsedRelease, ReleaseMeta
from .failures import prepare_folder, store_failure
from .lock import connect, lock_timeout, open_reader, writer_turn
from .migrations import MIGRATIONS

log = logging.getLogger("tradepulse.store")
T = TypeVar("T")

KEY_COLUMNS = (
    "reporter",
    "flow",
    "partner",
    "breakdown_kind",
    "breakdown_scheme",
    "breakdown_code",
    "period",
    "period_kind",
    "currency",
    "measure",
)

OBSERVATION_SCHEMA = pa.schema(
    [
        ("reporter", pa.string()),
        ("flow", pa.string()),
        ("partner", pa.string()),
        ("breakdown_kind", pa.string()),
        ("breakdown_scheme", pa.string()),
        ("breakdown_code", pa.string()),
        ("breakdown_label", pa.string()),
        ("period", pa.string()),
        ("period_kind", pa.string()),
        ("currency", pa.string()),
        ("measure", pa.string()),
        ("unit", pa.string()),
        ("value", pa.float64()),
        ("resolution", pa.float64()),
        ("source_row", pa.string()),
        ("source_col", pa.int32()),
    ]
)


def fetch_one(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None
) -> tuple[Any, ...] | None:
    """The first row of a query, with the result fully consumed (DuckDB 2 requires it)."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0] if rows else None


def fetch_arrow(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | dict[str, Any] | None = None
) -> pa.Table:
    """Run a query and return its result as an Arrow table (no row-by-row Python)."""
    return con.sql(sql, params=params).to_arrow_table()


RELEASE_SCHEMA = pa.schema(
    [
        ("seq", pa.int32()),
        ("publisher", pa.string()),
        ("table_id", pa.string()),
        ("title", pa.string()),
        ("source", pa.string()),
        ("published", pa.date32()),
        ("status", pa.string()),
        ("content_hash", pa.string()),
        ("source_format", pa.string()),
        ("authority", pa.int32()),
        ("tier", pa.int32()),
        ("source_identity", pa.string()),
        ("source_kind", pa.string()),
        ("cites", pa.string()),
        ("notes", pa.string()),
    ]
)
RELEASE_COLUMNS = [f.name for f in RELEASE_SCHEMA][1:]


def _release_row(seq: int, meta: ReleaseMeta) -> dict[str, object]:
    tier, identity, kind = release_tier(meta)
    row: dict[str, object] = {"seq": seq, **{k: getattr(meta, k) for k in RELEASE_COLUMNS}}
    row.update(tier=tier, source_identity=identity, source_kind=kind)
    return row


def _release_table(parsed: list[ParsedRelease]) -> pa.Table:
    return pa.Table.from_pylist(
        [_release_row(seq, p.meta) for seq, p in enumerate(parsed)], schema=RELEASE_SCHEMA
    )


def _observation_table(parsed: list[ParsedRelease], ids: dict[int, int]) -> pa.Table:
    """The observations of the new releases (by batch position), with their release ids."""
    chosen = [(seq, parsed[seq]) for seq in sorted(ids)]
    table = pa.Table.from_pylist(
        [{k: o[k] for k in OBSERVATION_FIELDS} for _, p in chosen for o in p.observations],
        schema=OBSERVATION_SCHEMA,
    )
    release_ids = [ids[seq] for seq, p in chosen for _ in p.observations]
    batch_seq = [seq for seq, p in chosen for _ in p.observations]
    table = table.append_column("release_id", pa.array(release_ids, pa.int32()))
    return table.append_column("batch_seq", pa.array(batch_seq, pa.int32()))


def _close(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Close, which checkpoints; what was committed is safe in the journal if that fails."""
    try:
        con.close()
    except duckdb.Error as exc:
        log.warning("could not checkpoint %s on closing (%s); the next open replays it", path, exc)


def release_tier(meta: ReleaseMeta) -> tuple[int, str, str]:
    """The tier, source identity and kind a release is stored with: as its reader set
    them, else by the tier policy from its publisher and URL."""
    found = tiers.for_publisher(meta.publisher, meta.source)
    tier = meta.tier if meta.tier is not None else found.tier
    if tier not in tiers.TIERS:
        raise StoreError(
            f"release {meta.title!r} has tier {tier}",
            hint="a tier is 1, 2, 3 or 4 (see docs/data-model.md)",
        )
    kind = meta.source_kind or ("publisher" if tier == tiers.TABLE else found.kind)
    return tier, meta.source_identity or found.identity, kind


def default_db_path() -> Path:
    """--db, else TRADEPULSE_DB, else a file in the user's data directory."""
    env = os.environ.get("TRADEPULSE_DB")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("tradepulse", appauthor=False)) / "tradepulse.duckdb"


@dataclass
class ReleaseOutcome:
    title: str
    source: str
    status: str  # added | unchanged
    inserted: int = 0
    new_vintage: int = 0
    unchanged: int = 0


@dataclass
class IngestReport:
    releases: list[ReleaseOutcome] = field(default_factory=list)
    no_data: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    #: sources refused by the tier policy: (title, source URL, reason, figures not stored)
    excluded: list[tuple[str, str, str, int]] = field(default_factory=list)

    @property
    def added(self) -> int:
        return sum(r.status == "added" for r in self.releases)

    @property
    def inserted(self) -> int:
        return sum(r.inserted for r in self.releases)

    @property
    def new_vintage(self) -> int:
        return sum(r.new_vintage for r in self.releases)

    @property
    def unchanged(self) -> int:
        return sum(r.unchanged for r in self.releases)


class Store:
    """A connection to the tradepulse database. Use `Store.writer` or `Store.reader`."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path | None, read_only: bool):
        self.con = con
        self.path = path
        self.read_only = read_only
        # Arrow views of the figures in force, by as-of date (see indicators.Facts);
        # cleared by every write
        self.facts_views: dict[Any, Any] = {}

    # --- opening ---------------------------------------------------------------------

    @classmethod
    @contextmanager
    def writer(
        cls, path: Path | str | None = None, *, timeout: float | None = None
    ) -> Iterator[Store]:
        """The single writer: creates and migrates the database as needed.

        Waits up to `timeout` seconds (default `lock_timeout()`) for other processes that
        hold the file, then raises StoreBusy.
        """
        target = Path(path) if path is not None else default_db_path()
        if str(target) == ":memory:":
            with cls.memory() as store:
                yield store
            return
        if target.parent.is_dir() and not target.exists():
            log.info("creating a new store at %s", target)
        prepare_folder(target)
        wait = lock_timeout() if timeout is None else timeout
        with writer_turn(target, wait) as waiter:
            try:
                con = connect(target, read_only=False, waiter=waiter)
            except duckdb.Error as exc:
                raise store_failure(exc, target, "open", writing=False) from exc
            store = cls(con, target, read_only=False)
            try:
                try:
                    store.migrate()
                except duckdb.Error as exc:
                    raise store_failure(exc, target, "schema upgrade") from exc
                yield store
            finally:
                _close(con, target)

    @classmethod
    @contextmanager
    def reader(
        cls,
        path: Path | str | None = None,
        *,
        timeout: float | None = None,
        require_migrated: bool = True,
    ) -> Iterator[Store]:
        """A read-only connection; the database must exist (and, by default, be migrated).

        Never opens the file for writing: while a writer holds it, waits up to `timeout`
        seconds (default `lock_timeout()`), then raises StoreBusy.
        """
        target = Path(path) if path is not None else default_db_path()
        if not target.exists():
            raise StoreError(
                f"no database at {target}",
                hint="run `tradepulse ingest PATH` or `tradepulse data reload`",
            )
        try:
            con = open_reader(target, lock_timeout() if timeout is None else timeout)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open {target} read-only: {exc}") from exc
        store = cls(con, target, read_only=True)
        try:
            pending = store.pending_migrations()
            if pending and require_migrated:
                raise StoreError(
                    f"database {target} needs migrations {pending}",
                    hint="open it once for writing (e.g. `tradepulse ingest`)",
                )
            yield store
        finally:
            _close(con, target)

    @classmethod
    @contextmanager
    def memory(cls) -> Iterator[Store]:
        con = duckdb.connect(":memory:")
        store = cls(con, None, read_only=False)
        try:
            store.migrate()
            yield store
        finally:
            con.close()

    # --- schema ----------------------------------------------------------------------

    def applied_migrations(self) -> list[str]:
        exists = fetch_one(
            self.con,
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'",
        )
        if not exists or not exists[0]:
            return []
        return [
            r[0]
            for r in self.con.execute("SELECT name FROM schema_migrations ORDER BY name").fetchall()
        ]

    def pending_migrations(self) -> list[str]:
        done = set(self.applied_migrations())
        return [name for name, _ in MIGRATIONS if name not in done]

    def migrate(self) -> list[str]:
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(name VARCHAR PRIMARY KEY, applied_at TIMESTAMP DEFAULT current_timestamp)"
        )
        applied = []
        done = set(self.applied_migrations())
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            try:
                with self.transaction():
                    self.con.execute(sql)
                    self.con.execute("INSERT INTO schema_migrations (name) VALUES (?)", [name])
            except duckdb.Error as exc:
                raise store_failure(exc, self.path, f"migration {name}") from exc
            applied.append(name)
        return applied

    # --- writing ---------------------------------------------------------------------

    def ingest(self, releases: Iterable[ParsedRelease], *, embedded: bool = False) -> IngestReport:
        """Store releases in one transaction: all of them land, or none.

        Each new observation is counted as inserted (no earlier figure for its key), new
        vintage (an earlier figure differs) or unchanged, against the store before this
        ingest and the releases earlier in the same batch; the counting is one set-based
        query over the whole batch.
        """
        return self._in_transaction("ingest", lambda: self._store_releases(releases, embedded))

    def replace_embedded(self, releases: Iterable[ParsedRelease]) -> IngestReport:
        """Swap the embedded dataset for `releases` in one transaction; user data stays.

        A crash or a full disk at any moment leaves the old embedded data or the new, never
        a store without it (migration 0003 removed the foreign key that kept the delete
        and the load in separate transactions).
        """

        def swap() -> IngestReport:
            self.con.execute(
                "DELETE FROM observations WHERE release_id IN "
                "(SELECT release_id FROM releases WHERE embedded)"
            )
            self.con.execute("DELETE FROM releases WHERE embedded")
            return self._store_releases(releases, True)

        return self._in_transaction("reload", swap)

    def _in_transaction(self, doing: str, body: Callable[[], T]) -> T:
        """Run `body` in one transaction; on any failure roll back and say what failed.

        ROLLBACK only while the transaction is open (a failed COMMIT has already ended it),
        and never in a way that could hide the first error (e.g. "No space left on device").
        """
        if self.read_only:
            raise StoreError("this connection is read-only")
        self.facts_views.clear()
        try:
            self.con.execute("BEGIN TRANSACTION")
        except duckdb.Error as exc:
            raise store_failure(exc, self.path, doing) from exc
        open_ = True
        try:
            result = body()
            open_ = False  # COMMIT ends the transaction whether it succeeds or not
            self.con.execute("COMMIT")
        except duckdb.Error as exc:
            if open_:
                self._rollback()
            raise store_failure(exc, self.path, doing) from exc
        except BaseException:
            if open_:
                self._rollback()
            raise
        return result

    def _rollback(self) -> None:
        with contextlib.suppress(duckdb.Error):
            self.con.execute("ROLLBACK")

    def _store_releases(self, releases: Iterable[ParsedRelease], embedded: bool) -> IngestReport:
        """Add the releases not yet stored, set-based: one query finds them, one inserts
        them, one inserts their observations (a reload of 1,005 releases is one pass)."""
        report = IngestReport()
        parsed = []
        for p in releases:
            report.warnings.extend(p.warnings)
            if p.excluded:  # refused by the tier policy: counted, never stored
                meta = p.meta
                report.excluded.append((meta.title, meta.source, p.excluded, len(p.observations)))
            else:
                parsed.append(p)
        if not parsed:
            return report
        new = self._new_releases(_release_table(parsed), embedded)
        outcomes: dict[int, ReleaseOutcome] = {}
        for seq, p in enumerate(parsed):
            if seq in new:
                outcome = ReleaseOutcome(p.meta.title, p.meta.source, "added")
                outcomes[new[seq]] = outcome
            else:
                outcome = ReleaseOutcome(
                    p.meta.title, p.meta.source, "unchanged", unchanged=len(p.observations)
                )
            report.releases.append(outcome)
        if new:
            self._insert_observations(_observation_table(parsed, new), outcomes)
        return report

    def _new_releases(self, incoming: pa.Table, embedded: bool) -> dict[int, int]:
        """Insert the incoming releases not stored yet; their release ids by batch position.

        A release is its figures and its date: identical input (or a second copy in the
        batch) changes nothing, but a re-publication on a later date is a vintage of its
        own even when it repeats older figures. A release is `revised` when its table was
        published before (stored, or earlier in the batch).
        """
        self.con.register("incoming_releases", incoming)
        try:
            fresh = self.con.execute(
                """WITH inc AS (
                       SELECT *, row_number() OVER (PARTITION BY content_hash, published
                                                    ORDER BY seq) AS copy
                       FROM incoming_releases),
                   fresh AS (
                       SELECT * FROM inc i WHERE copy = 1 AND NOT EXISTS (
                           SELECT 1 FROM releases r WHERE r.content_hash = i.content_hash
                           AND r.published IS NOT DISTINCT FROM i.published))
                   SELECT seq,
                          CASE WHEN table_id IN (SELECT table_id FROM releases)
                                 OR row_number() OVER (PARTITION BY table_id ORDER BY seq) > 1
                               THEN 'revised' ELSE status END
                   FROM fresh ORDER BY seq"""
            ).fetchall()
            if not fresh:
                return {}
            # ids in batch order, so a later release of the batch is the later vintage
            ids = sorted(
                int(r[0])
                for r in self.con.execute(
                    "SELECT nextval('release_id_seq') FROM range(?)", [len(fresh)]
                ).fetchall()
            )
            assigned = pa.table(
                {
                    "seq": pa.array([r[0] for r in fresh], pa.int32()),
                    "release_id": pa.array(ids, pa.int32()),
                    "new_status": pa.array([r[1] for r in fresh], pa.string()),
                }
            )
            self.con.register("assigned_releases", assigned)
            cols = ", ".join(c for c in RELEASE_COLUMNS if c != "status")
            self.con.execute(
                f"""INSERT INTO releases (release_id, status, embedded, {cols})
                    SELECT a.release_id, a.new_status, ?, {cols}
                    FROM incoming_releases JOIN assigned_releases a USING (seq)""",
                [embedded],
            )
        finally:
            for name in ("incoming_releases", "assigned_releases"):
                with contextlib.suppress(duckdb.Error):
                    self.con.unregister(name)
        return {int(seq): rid for (seq, _), rid in zip(fresh, ids, strict=True)}

    def _insert_observations(self, incoming: pa.Table, outcomes: dict[int, ReleaseOutcome]) -> None:
        self.con.register("incoming", incoming)
        try:
            keys = ", ".join(KEY_COLUMNS)
            join = " AND ".join(f"i.{k} = p.{k}" for k in KEY_COLUMNS)
            counts = self.con.execute(
                f"""WITH prior AS (SELECT {keys}, value FROM latest(NULL)),
                    inc AS (SELECT *, lag(value) OVER (PARTITION BY {keys} ORDER BY batch_seq)
                                      AS prev_in_batch FROM incoming)
                    SELECT i.release_id,
                      count(*) FILTER (WHERE coalesce(i.prev_in_batch, p.value) IS NULL),
                      count(*) FILTER (WHERE coalesce(i.prev_in_batch, p.value) <> i.value),
                      count(*) FILTER (WHERE coalesce(i.prev_in_batch, p.value) = i.value)
                    FROM inc i LEFT JOIN prior p ON {join}
                    GROUP BY i.release_id"""
            ).fetchall()
            cols = ", ".join(OBSERVATION_FIELDS)
            self.con.execute(
                f"INSERT INTO observations (release_id, {cols}) "
                f"SELECT release_id, {cols} FROM incoming"
            )
        finally:
            with contextlib.suppress(duckdb.Error):
                self.con.unregister("incoming")
        for release_id, inserted, new_vintage, unchanged in counts:
            outcome = outcomes[release_id]
            outcome.inserted, outcome.new_vintage, outcome.unchanged = (
                inserted,
                new_vintage,
                unchanged,
            )

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        self.con.execute("BEGIN TRANSACTION")
        open_ = True
        try:
            yield
            open_ = False
            self.con.execute("COMMIT")
        except BaseException:
            if open_:
                self._rollback()
            raise

    # --- reading ---------------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        """A fact about the store (store_meta), None when unset or not migrated yet."""
        if "0007_store_meta" not in self.applied_migrations():
            return None
        row = fetch_one(self.con, "SELECT value FROM store_meta WHERE key = ?", [key])
        return str(row[0]) if row else None

    def set_meta(self, key: str, value: str) -> None:
        if self.read_only:
            raise StoreError("this connection is read-only")
        self.con.execute(
            "INSERT OR REPLACE INTO store_meta (key, value) VALUES (?, ?)", [key, value]
        )

    def has_embedded(self) -> bool:
        """Whether the embedded dataset (or part of it) is stored."""
        if "0001_releases_and_observations" not in self.applied_migrations():
            return False
        row = fetch_one(self.con, "SELECT count(*) FROM releases WHERE embedded")
        return bool(row and row[0])

    def is_empty(self) -> bool:
        """No releases stored (or not even the tables yet)."""
        if "0001_releases_and_observations" not in self.applied_migrations():
            return True
        row = fetch_one(self.con, "SELECT count(*) FROM releases")
        return not row or row[0] == 0

    def digest(self) -> dict[str, Any]:
        """Counts and a hash of the figures in force with their release, in key order:
        equal for two stores that answer every query alike (release ids aside, which a
        reload renumbers). Used to prove a crash left the old state or the new."""
        keys = ", ".join(KEY_COLUMNS)
        row = fetch_one(
            self.con,
            f"""SELECT (SELECT count(*) FROM releases),
                       (SELECT count(*) FILTER (WHERE embedded) FROM releases),
                       (SELECT count(*) FROM observations),
                       count(*),
                       md5(coalesce(string_agg(concat_ws('|', {keys}, value::VARCHAR, unit,
                                                         table_id, published::VARCHAR, title,
                                                         source),
                                               chr(10) ORDER BY {keys}), ''))
                FROM latest(NULL)""",
        )
        assert row is not None
        names = ("releases", "embedded_releases", "observations", "in_force", "hash")
        return dict(zip(names, row, strict=True))

    def fingerprint(self) -> tuple[int, int, float]:
        """A cheap summary to prove a failed ingest changed nothing."""
        row = fetch_one(
            self.con,
            "SELECT (SELECT count(*) FROM releases), count(*), coalesce(sum(value), 0) "
            "FROM observations",
        )
        assert row is not None
        return int(row[0]), int(row[1]), float(row[2])
