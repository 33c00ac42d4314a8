"""Migration 0005 widens the flow constraint for published balances and keeps every row."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tradepulse.store.db import Store
from tradepulse.store.migrations import MIGRATIONS


def test_a_store_from_before_0005_migrates_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP)")
    for name, sql in (m for m in MIGRATIONS if m[0] < "0005"):
        con.execute(sql)
        con.execute("INSERT INTO schema_migrations (name) VALUES (?)", [name])
    con.execute(
        "INSERT INTO releases (publisher, table_id, title, source, status, content_hash, "
        "source_format, authority, embedded) VALUES ('GACC', 't', 't', 's', 'p', 'h', 'f', 0, "
        "TRUE)"
    )
    row = "(1, 'CHN', '{}', 'WLD', '', '', '', '', '2020-01', 'month', 'CNY', 'value', 'yuan', 1, 1, 'r', 1)"  # noqa: E501
    con.execute("INSERT INTO observations VALUES " + row.format("total"))
    with pytest.raises(duckdb.ConstraintException):
        con.execute("INSERT INTO observations VALUES " + row.format("balance"))
    con.close()

    with Store.writer(path) as store:
        assert "0005_balance_flow" in store.applied_migrations()
        assert store.con.execute("SELECT count(*) FROM observations").fetchall() == [(1,)]
        store.con.execute("INSERT INTO observations VALUES " + row.format("balance"))
        with pytest.raises(duckdb.ConstraintException):
            store.con.execute("INSERT INTO observations VALUES " + row.format("deficit"))
        with pytest.raises(duckdb.ConstraintException):  # the foreign key still holds
            store.con.execute(
                "INSERT INTO observations VALUES " + row.replace("(1,", "(9,").format("total")
            )
        # deleting releases works after the rebuild (the foreign key is bookkept right)
        assert store.delete_embedded() == 1
