"""Hostile inputs at the reader: bounded span expansion, one-line errors, named encodings."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tradepulse.errors import ParseError, SourceError
from tradepulse.sources.registry import read_all, read_path

PAGE = "gacc/s4_partner_2026-03_cny.html"
TIDY_BASE = {
    "flow": ["export"],
    "partner": ["USA"],
    "period": ["2026-06"],
    "period_kind": ["month"],
    "currency": ["CNY"],
    "measure": ["value"],
    "unit": ["yuan"],
}


def _page(fixtures: Path) -> str:
    return (fixtures / PAGE).read_text(encoding="utf-8")


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("attrs", "expected"),
    [
        ('colspan="1000" rowspan="100000"', "colspan '1000'"),
        ('colspan="2000000000"', "colspan '2000000000'"),
        ('colspan="abc"', "colspan 'abc'"),
        ('colspan="1.5"', "colspan '1.5'"),
        ('colspan="10" rowspan="-3"', "rowspan '-3'"),
        ('colspan="10" rowspan="5000"', "rowspan '5000'"),
    ],
)
def test_bad_spans_are_refused_naming_table_row_and_column(
    tmp_path: Path, fixtures: Path, attrs: str, expected: str
) -> None:
    text = _page(fixtures).replace('<td colspan="10">', f"<td {attrs}>", 1)
    path = _write(tmp_path, "spans.html", text)
    with pytest.raises(ParseError) as info:
        read_path(path)
    message = info.value.one_line()
    assert expected in message and "column 1" in message and "row 1" in message
    assert "spans.html" in message and "Country/Region" in message
    assert "\n" not in message


def test_span_bomb_is_refused_before_expansion(tmp_path: Path, fixtures: Path) -> None:
    # spans inside the bounds on every cell: the cell budget stops it, not the memory
    text = _page(fixtures).replace("<td", '<td colspan="64" rowspan="1000"')
    path = _write(tmp_path, "bomb.html", text)
    started = time.perf_counter()
    with pytest.raises(ParseError, match="cells") as info:
        read_path(path)
    assert time.perf_counter() - started < 30  # a guard against a hang, not a speed target
    assert "bomb.html" in info.value.one_line()


def test_too_many_columns_is_refused(tmp_path: Path, fixtures: Path) -> None:
    cells = '<td colspan="60">x</td>' * 5
    text = _page(fixtures).replace("<tr", f"<tr>{cells}</tr><tr", 1)
    with pytest.raises(ParseError, match="256 columns"):
        read_path(_write(tmp_path, "wide.html", text))


def test_deep_nesting_is_refused(tmp_path: Path, fixtures: Path) -> None:
    nest = "<table><tr><td>" * 12 + "x" + "</td></tr></table>" * 12
    text = _page(fixtures).replace("</body>", nest + "</body>")
    with pytest.raises(ParseError, match="nested more than 8 deep"):
        read_path(_write(tmp_path, "nested.html", text))


def test_impossible_publication_date(tmp_path: Path, fixtures: Path) -> None:
    text = _page(fixtures).replace("2026/04/08", "2026/13/45")
    with pytest.raises(ParseError, match="publication date '2026/13/45' is not a real date"):
        read_path(_write(tmp_path, "date.html", text))


def test_long_cell_text_is_cut_in_the_message(tmp_path: Path, fixtures: Path) -> None:
    text = _page(fixtures).replace("3,248.9", "9" * 5000 + "x")
    with pytest.raises(ParseError) as info:
        read_path(_write(tmp_path, "long.html", text))
    assert len(info.value.one_line()) < 600


@pytest.mark.parametrize(
    ("encoding", "named"),
    [("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16")],
)
def test_utf16_is_named(tmp_path: Path, fixtures: Path, encoding: str, named: str) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(_page(fixtures).encode(encoding))
    with pytest.raises(SourceError, match=f"looks like {named} text") as info:
        read_path(path)
    assert "UTF-8" in info.value.one_line()


def test_gbk_is_named(tmp_path: Path, fixtures: Path) -> None:
    text = _page(fixtures).replace(
        "<title>", "<title>（4）2026年3月进出口商品主要国别（地区）总值表（人民币值）"
    )
    path = tmp_path / "page.html"
    path.write_bytes(text.encode("gbk", errors="replace"))
    with pytest.raises(SourceError, match="looks like GBK/GB18030 text"):
        read_path(path)


def test_latin1_is_named(tmp_path: Path, fixtures: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(
        _page(fixtures).replace("Germany", "Allemagne été").encode("latin-1", errors="replace")
    )
    with pytest.raises(SourceError, match="looks like Latin-1"):
        read_path(path)


def test_random_bytes_stay_binary(tmp_path: Path) -> None:
    path = tmp_path / "noise.html"
    path.write_bytes(bytes((i * 7919 + 13) % 256 for i in range(20000)))
    with pytest.raises(SourceError, match="binary data"):
        read_path(path)


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        ({"value": ["12"]}, "column 'value' holds string, not numbers"),
        ({"value": [[1.0, 2.0]]}, "column 'value' holds list"),
        ({"value": [1e9], "resolution": ["0.1"]}, "column 'resolution' holds string"),
        ({"value": [1e9], "partner": [3]}, "column 'partner' holds int64, not text"),
        (
            {"value": [1e9], "flow": pa.array([None], pa.string())},
            "flow is empty",
        ),
    ],
)
def test_parquet_with_odd_types(tmp_path: Path, columns: dict[str, object], expected: str) -> None:
    path = tmp_path / "odd.parquet"
    pq.write_table(pa.table({**TIDY_BASE, **columns}), path)
    with pytest.raises(ParseError, match=expected.replace("(", r"\(")) as info:
        read_path(path)
    assert "odd.parquet" in info.value.one_line()


def test_text_table_with_bad_bytes_past_the_sniffed_start(tmp_path: Path, fixtures: Path) -> None:
    text = (fixtures / "text/s3_trade_mode_2020-05_ytd_cny.txt").read_bytes()
    path = tmp_path / "table.txt"
    path.write_bytes(text + b" " * 70_000 + b"\xff\xfe tail\n")
    with pytest.raises(ParseError, match="is not UTF-8") as info:
        read_path(path)
    assert "table.txt" in info.value.one_line()


def test_damaged_parquet(tmp_path: Path) -> None:
    sink = pa.BufferOutputStream()
    pq.write_table(pa.table({**TIDY_BASE, "value": [1.0]}), sink)
    data = sink.getvalue().to_pybytes()
    path = tmp_path / "damaged.parquet"
    # the probe: a Parquet file passed through a text editor that saved it as Latin-1
    path.write_bytes(data.decode("utf-8", errors="replace").encode("latin-1", errors="replace"))
    with pytest.raises(ParseError, match="not readable as tidy data") as info:
        read_path(path)
    assert "damaged.parquet" in info.value.one_line()


def test_page_cut_inside_a_character_is_truncated_not_binary(tmp_path: Path) -> None:
    data = (Path(__file__).parents[1] / "fixtures/gacc-pages").joinpath(
        "release_section4_by_country_mar2026_cny.html"
    )
    raw = data.read_bytes()
    # the probe report's cut at 10%: inside a multi-byte character, after the page's marks
    cut = next(i for i in range(len(raw) // 10, len(raw)) if raw[i] >= 0xC0)
    path = tmp_path / "cut.html"
    path.write_bytes(raw[: cut + 1])
    with pytest.raises(ParseError, match="truncated"):
        read_path(path)


def test_link_that_leads_nowhere(tmp_path: Path, fixtures: Path) -> None:
    loop = tmp_path / "loop.html"
    loop.symlink_to(loop)
    with pytest.raises(SourceError, match="symbolic link"):
        read_all([loop])
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "page.html").write_text(_page(fixtures))
    (folder / "dangling.html").symlink_to(tmp_path / "missing.html")
    with pytest.raises(SourceError, match=r"broken symbolic link|symbolic link loop") as info:
        read_all([folder])
    assert "dangling.html" in info.value.one_line()


def test_unreadable_subfolder_stops_the_ingest(
    tmp_path: Path, fixtures: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "folder"
    (folder / "locked").mkdir(parents=True)
    (folder / "page.html").write_text(_page(fixtures))
    real_scandir = os.scandir

    def scandir(path: Any) -> Any:  # root reads every folder: deny one as a user's OS would
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.raises(SourceError, match=r"cannot read: Permission denied.*locked"):
        read_all([folder])


def test_empty_folder_is_named(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = read_all([tmp_path / "empty"])
    assert result.releases == [] and result.no_data == [
        f"folder {tmp_path / 'empty'} holds no files to read"
    ]


def test_table_cut_after_its_unit_row(tmp_path: Path) -> None:
    # found by the long fuzz run: a page cut right after the unit row and closed by hand
    raw = (Path(__file__).parents[1] / "fixtures/gacc-pages").joinpath(
        "release_section4_by_country_janfeb2025_cny.html"
    )
    text = raw.read_text(encoding="utf-8")
    unit = text.index("Unit: CNY 100 Million")
    cut = text.index("<tr>", unit)
    path = tmp_path / "cut.html"
    path.write_text(text[:cut] + "</table></body></html>", encoding="utf-8")
    with pytest.raises(ParseError, match="stops after its unit row"):
        read_path(path)
