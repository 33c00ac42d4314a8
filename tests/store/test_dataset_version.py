"""A store holding an older embedded dataset (other files, or another tier policy) is
reloaded by itself on first use, keeping the user's own releases."""

from __future__ import annotations

import shutil
from pathlib import Path

from tradepulse import api
from tradepulse.data.build import package_version
from tradepulse.store.db import Store


def test_an_outdated_embedded_dataset_is_reloaded_and_user_data_kept(
    embedded_db: Path, fixtures: Path, tmp_path: Path
) -> None:
    db = tmp_path / "old.duckdb"
    shutil.copyfile(embedded_db, db)
    api.ingest([fixtures / "tidy" / "user_series.csv"], db)
    with Store.writer(db) as store:
        assert store.meta("embedded_version") == package_version()
        store.set_meta("embedded_version", "an-older-version")
        before = store.con.execute("SELECT count(*) FROM releases WHERE NOT embedded").fetchall()
    notes: list[str] = []
    assert api.ensure_data(db, notify=notes.append) is True
    assert "embedded dataset changed" in notes[0]
    with Store.reader(db) as store:
        assert store.meta("embedded_version") == package_version()
        after = store.con.execute("SELECT count(*) FROM releases WHERE NOT embedded").fetchall()
        assert store.con.execute("SELECT count(*) FROM releases WHERE embedded").fetchone()[0] > 900
    assert after == before  # the user's release stays
    assert api.ensure_data(db) is False  # up to date: nothing to do


def test_a_read_only_command_also_reloads_an_outdated_dataset(
    embedded_db: Path, tmp_path: Path
) -> None:
    # `summary`, `series`, `check` read through api.reading: an upgraded tradepulse must
    # not answer them from the figures of the version it replaced
    db = tmp_path / "old.duckdb"
    shutil.copyfile(embedded_db, db)
    with Store.writer(db) as store:
        store.set_meta("embedded_version", "an-older-version")
    notes: list[str] = []
    with api.reading(db, notify=notes.append) as store:
        assert store.meta("embedded_version") == package_version()
    assert notes and "embedded dataset changed" in notes[0]
