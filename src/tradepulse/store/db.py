"""The DuckDB store: one writer, read-only readers, vintaged observations."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import platformdirs
import pyarrow as pa

from ..errors import StoreError
from ..sources import tiers
from ..sources.base import OBSERVATION_FIELDS, ParsedRelease, ReleaseMeta
from .migrations import MIGRATIONS

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


def _observation_table(parsed: ParsedRelease, release_id: int, seq: int) -> pa.Table:
    table = pa.Table.from_pylist(
        [{k: o[k] for k in OBSERVATION_FIELDS} for o in parsed.observations],
        schema=OBSERVATION_SCHEMA,
    )
    n = table.num_rows
    table = table.append_column("release_id", pa.array([release_id] * n, pa.int32()))
    return table.append_column("batch_seq", pa.array([seq] * n, pa.int32()))


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
    def writer(cls, path: Path | str | None = None) -> Iterator[Store]:
        """The single writer: creates and migrates the database as needed."""
        target = Path(path) if path is not None else default_db_path()
        if str(target) != ":memory:":
            target.parent.mkdir(parents=True, exist_ok=True)
        try:
            con = duckdb.connect(str(target))
        except duckdb.Error as exc:
            raise StoreError(f"cannot open {target} for writing: {exc}") from exc
        store = cls(con, target, read_only=False)
        try:
            store.migrate()
            yield store
        finally:
            con.close()

    @classmethod
    @contextmanager
    def reader(cls, path: Path | str | None = None) -> Iterator[Store]:
        """A read-only connection; the database must exist and be migrated."""
        target = Path(path) if path is not None else default_db_path()
        if not target.exists():
            raise StoreError(
                f"no database at {target}",
                hint="run `tradepulse ingest PATH` or `tradepulse data reload`",
            )
        try:
            con = duckdb.connect(str(target), read_only=True)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open {target} read-only: {exc}") from exc
        store = cls(con, target, read_only=True)
        try:
            pending = store.pending_migrations()
            if pending:
                raise StoreError(
                    f"database {target} needs migrations {pending}",
                    hint="open it once for writing (e.g. `tradepulse ingest`)",
                )
            yield store
        finally:
            con.close()

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
            self.con.execute("BEGIN TRANSACTION")
            try:
                self.con.execute(sql)
                self.con.execute("INSERT INTO schema_migrations (name) VALUES (?)", [name])
                self.con.execute("COMMIT")
            except duckdb.Error as exc:
                self.con.execute("ROLLBACK")
                raise StoreError(f"migration {name} failed: {exc}") from exc
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
        if self.read_only:
            raise StoreError("this connection is read-only")
        report = IngestReport()
        self.facts_views.clear()
        self.con.execute("BEGIN TRANSACTION")
        try:
            batches: list[pa.Table] = []
            outcomes: dict[int, ReleaseOutcome] = {}
            for parsed in releases:
                report.warnings.extend(parsed.warnings)
                if parsed.excluded:
                    meta = parsed.meta
                    report.excluded.append(
                        (meta.title, meta.source, parsed.excluded, len(parsed.observations))
                    )
                    continue
                outcome, release_id = self._add_release(parsed, embedded)
                report.releases.append(outcome)
                if release_id is not None:
                    outcomes[release_id] = outcome
                    batches.append(_observation_table(parsed, release_id, len(batches)))
            if batches:
                self._insert_observations(pa.concat_tables(batches), outcomes)
            self.con.execute("COMMIT")
        except duckdb.Error as exc:
            self.con.execute("ROLLBACK")
            raise StoreError(
                f"the ingest was refused by the store and rolled back: {exc}",
                hint="nothing was written; report this with the input",
            ) from exc
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return report

    def _add_release(
        self, parsed: ParsedRelease, embedded: bool
    ) -> tuple[ReleaseOutcome, int | None]:
        meta = parsed.meta
        known = fetch_one(
            self.con, "SELECT release_id FROM releases WHERE content_hash = ?", [meta.content_hash]
        )
        if known:
            return ReleaseOutcome(
                meta.title, meta.source, "unchanged", unchanged=len(parsed.observations)
            ), None
        earlier = fetch_one(
            self.con, "SELECT count(*) FROM releases WHERE table_id = ?", [meta.table_id]
        )
        status = "revised" if earlier and earlier[0] else meta.status
        tier, identity, kind = release_tier(meta)
        row = fetch_one(
            self.con,
            """INSERT INTO releases (publisher, table_id, title, source, published, status,
                   content_hash, source_format, authority, tier, source_identity,
                   source_kind, cites, notes, embedded)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING release_id""",
            [
                meta.publisher,
                meta.table_id,
                meta.title,
                meta.source,
                meta.published,
                status,
                meta.content_hash,
                meta.source_format,
                meta.authority,
                tier,
                identity,
                kind,
                meta.cites,
                meta.notes,
                embedded,
            ],
        )
        assert row is not None
        return ReleaseOutcome(meta.title, meta.source, "added"), int(row[0])

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

    def delete_embedded(self) -> int:
        """Remove the embedded dataset's releases (before a reload); user data stays.

        Two transactions, children first: DuckDB checks a foreign key against rows deleted
        earlier in the same transaction as if they were still there. Between the two the
        store is consistent (releases without figures), and the embedded data can always
        be rebuilt from the package.
        """
        self.facts_views.clear()
        with self.transaction():
            self.con.execute(
                "DELETE FROM observations WHERE release_id IN "
                "(SELECT release_id FROM releases WHERE embedded)"
            )
        with self.transaction():
            n = self.con.execute("DELETE FROM releases WHERE embedded RETURNING 1").fetchall()
        return len(n)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    # --- reading ---------------------------------------------------------------------

    def is_empty(self) -> bool:
        row = fetch_one(self.con, "SELECT count(*) FROM releases")
        return not row or row[0] == 0

    def fingerprint(self) -> tuple[int, int, float]:
        """A cheap summary to prove a failed ingest changed nothing."""
        row = fetch_one(
            self.con,
            "SELECT (SELECT count(*) FROM releases), count(*), coalesce(sum(value), 0) "
            "FROM observations",
        )
        assert row is not None
        return int(row[0]), int(row[1]), float(row[2])
