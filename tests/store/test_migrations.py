"""Migration 0006 widens the flow constraint for published balances and keeps every row."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tradepulse.store.db import Store
from tradepulse.store.migrations import MIGRATIONS


def test_a_store_from_before_0006_migrates_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP)")
    for name, sql in (m for m in MIGRATIONS if m[0] < "0006"):
        con.execute(sql)
        con.execute("INSERT INTO schema_migrations (name) VALUES (?)", [name])
    con.execute(
        "INSERT INTO releases (publisher, table_id, title, source, status, content_hash, "
        "source_format, authority, tier, source_identity, source_kind, embedded) "
        "VALUES ('GACC', 't', 't', 's', 'p', 'h', 'f', 0, 1, 'GACC', 'publisher', TRUE)"
    )
    row = "(1, 'CHN', '{}', 'WLD', '', '', '', '', '2020-01', 'month', 'CNY', 'value', 'yuan', 1, 1, 'r', 1)"  # noqa: E501
    con.execute("INSERT INTO observations VALUES " + row.format("total"))
    with pytest.raises(duckdb.ConstraintException):
        con.execute("INSERT INTO observations VALUES " + row.format("balance"))
    con.close()

    with Store.writer(path) as store:
        assert "0006_balance_flow" in store.applied_migrations()
        assert store.con.execute("SELECT count(*) FROM observations").fetchall() == [(1,)]
        store.con.execute("INSERT INTO observations VALUES " + row.format("balance"))
        with pytest.raises(duckdb.ConstraintException):
            store.con.execute("INSERT INTO observations VALUES " + row.format("deficit"))
        # deleting releases with their figures works after the rebuild (no foreign key
        # since 0003: the single writer deletes children first, validate reports orphans)
        store.replace_embedded([])
        assert store.con.execute("SELECT count(*) FROM releases").fetchall() == [(0,)]
        assert store.con.execute("SELECT count(*) FROM observations").fetchall() == [(0,)]
