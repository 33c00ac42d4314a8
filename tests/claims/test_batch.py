"""Many articles in one process: folders, several files and JSON Lines, one line each."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tradepulse.claims.batch import articles_from_jsonl, articles_in, looks_like_jsonl
from tradepulse.cli import app
from tradepulse.errors import UsageError

ARTICLES = Path(__file__).parent / "articles"
OWN = ARTICLES / "own_figures_2018_04.txt"
PAGE = "http://english.gov.cn/state_council/ministries/2018/05/08/content_281476139362208.htm"
runner = CliRunner()


def lines(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_folder_gives_its_articles_sorted(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "a.html").write_text("a")
    (tmp_path / "notes.md").write_text("not an article")
    assert [Path(a.name).name for a in articles_in([tmp_path])] == ["a.html", "b.txt"]
    with pytest.raises(UsageError, match="no such file"):
        list(articles_in([tmp_path / "missing"]))


def test_jsonl_records_and_bad_lines() -> None:
    records = list(
        articles_from_jsonl(
            [
                json.dumps({"text": "x", "date": "2018-05-08", "url": PAGE, "name": "one"}),
                "",
                "{not json",
                json.dumps({"text": "y", "date": "May 2018"}),
                json.dumps({"body": "no text"}),
            ]
        )
    )
    assert [r.name for r in records] == ["one", "<stdin>:3", "<stdin>:4", "<stdin>:5"]
    assert records[0].url == PAGE and str(records[0].date) == "2018-05-08"
    assert not records[0].error
    assert all(r.error for r in records[1:])
    assert "YYYY-MM-DD" in records[2].error
    assert looks_like_jsonl(json.dumps({"text": "t"}))
    assert not looks_like_jsonl("China's exports rose 5% in May.")


def test_check_folder_streams_one_line_per_article(embedded_db: Path) -> None:
    result = runner.invoke(app, ["--db", str(embedded_db), "check", str(ARTICLES)])
    assert result.exit_code == 0, result.output
    out = lines(result.output)
    assert len(out) == len(list(ARTICLES.glob("*.txt")))
    assert all({"name", "article", "summary", "claims"} <= set(o) for o in out)


def test_check_jsonl_stdin_withholds_each_articles_own_page(embedded_db: Path) -> None:
    text = OWN.read_text(encoding="utf-8")
    stdin = "\n".join(
        [
            json.dumps({"text": text, "url": PAGE + "?utm_source=x", "name": "own"}),
            json.dumps({"text": text, "name": "no url"}),
            json.dumps({"text": "Nothing to see here today, the weather is fine and mild."}),
        ]
    )
    result = runner.invoke(app, ["--db", str(embedded_db), "check", "-"], input=stdin)
    assert result.exit_code == 0, result.output
    own, plain, empty = lines(result.output)
    assert own["name"] == "own" and own["article"]["withheld_releases"] >= 1  # type: ignore[index]
    assert plain["article"]["withheld_releases"] == 0  # type: ignore[index]
    assert own["summary"]["supported"] < plain["summary"]["supported"]  # type: ignore[index]
    assert "error" in empty and "no numeric claims" in str(empty["error"])


def test_single_article_outputs_are_kept(embedded_db: Path) -> None:
    result = runner.invoke(
        app, ["--db", str(embedded_db), "check", str(OWN), "--json", "--url", PAGE]
    )
    assert result.exit_code == 0, result.output
    one = json.loads(result.output)
    assert one["article"]["url"] == PAGE and one["article"]["withheld_releases"] >= 1


def test_url_and_html_take_one_article(embedded_db: Path) -> None:
    result = runner.invoke(app, ["--db", str(embedded_db), "check", str(ARTICLES), "--url", PAGE])
    assert isinstance(result.exception, UsageError)  # main() makes it exit code 2
