"""Bad input: one clear message naming what and where; pages without data are named."""

from __future__ import annotations

from pathlib import Path

import pytest

from tradepulse.errors import NoDataError, ParseError, SourceError
from tradepulse.sources.registry import READERS, read_all, read_path

PAGE = "gacc/s4_partner_2026-03_cny.html"


def _page(fixtures: Path) -> str:
    return (fixtures / PAGE).read_text(encoding="utf-8")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_bytes(b"")
    with pytest.raises(ParseError, match="the file is empty") as info:
        read_path(path)
    assert str(path) in str(info.value)


def test_binary_garbage(tmp_path: Path) -> None:
    path = tmp_path / "garbage.html"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(SourceError, match="binary data"):
        read_path(path)


def test_unknown_format_names_the_readers_tried(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("just some words\nabout trade\n")
    with pytest.raises(SourceError) as info:
        read_path(path)
    message = str(info.value)
    assert "no reader recognises" in message
    for reader in READERS:
        assert reader.name in message


def test_truncated_page(tmp_path: Path, fixtures: Path) -> None:
    text = _page(fixtures)
    path = tmp_path / "truncated.html"
    path.write_text(text[: text.index("Japan")])
    with pytest.raises(ParseError, match="truncated") as info:
        read_path(path)
    assert "truncated.html" in str(info.value)


def test_unknown_table(tmp_path: Path, fixtures: Path) -> None:
    text = _page(fixtures).replace(
        "(4) China's Total Export &amp; Import Values by Country/Region, Mar 2026 (in CNY)",
        "(7) Statistics Bulletin on Freight Supervision, Mar 2026",
    )
    path = tmp_path / "freight.html"
    path.write_text(text)
    with pytest.raises(ParseError, match="unknown table") as info:
        read_path(path)
    assert "Freight Supervision" in str(info.value)


def test_missing_unit(tmp_path: Path, fixtures: Path) -> None:
    text = _page(fixtures).replace("Unit: CNY 100 Million", "")
    path = tmp_path / "nounit.html"
    path.write_text(text)
    with pytest.raises(ParseError, match="no unit row"):
        read_path(path)


def test_bad_cell_names_row_and_column(tmp_path: Path, fixtures: Path) -> None:
    text = _page(fixtures).replace("3,248.9", "3,24x.9")
    path = tmp_path / "badcell.html"
    path.write_text(text)
    with pytest.raises(ParseError) as info:
        read_path(path)
    message = str(info.value)
    assert "'3,24x.9'" in message and "column 4" in message
    assert "row European Union" in message and "badcell.html" in message


def test_unknown_partner_is_named(tmp_path: Path, fixtures: Path) -> None:
    text = _page(fixtures).replace("Hong Kong, China", "Atlantis")
    path = tmp_path / "atlantis.html"
    path.write_text(text)
    with pytest.raises(ParseError, match="unknown partner 'Atlantis'"):
        read_path(path)


def test_page_without_table_is_no_data(tmp_path: Path) -> None:
    path = tmp_path / "attachment.html"
    path.write_text(
        "<!DOCTYPE html><html><head><title>China's Total Value of Imports and Exports by "
        "Major Country (Region), Jan. 2018</title></head><body><div class='atcl-date'>"
        "03/08/2018</div><p>General Administration of Customs</p></body></html>"
    )
    with pytest.raises(NoDataError, match="holds no data table"):
        read_path(path)


def test_folder_read_lists_pages_without_data(tmp_path: Path, fixtures: Path) -> None:
    (tmp_path / "page.html").write_text(_page(fixtures))
    (tmp_path / "index.html").write_text(
        "<!DOCTYPE html><html><head><title>News - Newsroom - GACC</title></head><body>"
        "<table><tr><td>Title</td><td>Month</td></tr><tr><td>(1) China's Total Export & "
        "Import Values (in CNY)</td><td>Jan.</td></tr></table>customs.gov.cn</body></html>"
    )
    result = read_all([tmp_path])
    assert len(result.releases) == 1
    assert len(result.no_data) == 1 and "Newsroom" in result.no_data[0]


def test_tidy_csv_bad_value_names_row(tmp_path: Path, fixtures: Path) -> None:
    text = (fixtures / "tidy/user_series.csv").read_text().replace("\nimport,", "\nimports,")
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(ParseError, match="flow 'imports'") as info:
        read_path(path)
    assert "row 3" in str(info.value)
