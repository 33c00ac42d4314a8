"""The command line: a thin adapter, one library call per command."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from . import api
from .errors import TradepulseError, UsageError
from .store.db import fetch_one
from .store.queries import SeriesQuery, series_records

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="China's official customs trade statistics: store, compute, write, check.",
)
data_app = typer.Typer(no_args_is_help=True, help="The embedded official dataset.")
app.add_typer(data_app, name="data")

out = Console()
err = Console(stderr=True)


class State:
    db: Path | None = None
    debug: bool = False


STATE = State()


@app.callback()
def main_options(
    db: Annotated[
        Path | None,
        typer.Option(
            "--db", envvar="TRADEPULSE_DB", help="Database file (default: user data dir)."
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    STATE.db = db
    STATE.debug = debug


def _progress_notify() -> tuple[Any, Any]:
    def notify(message: str) -> None:
        err.print(f"[dim]{message}[/dim]")

    def progress(i: int, n: int, name: str) -> None:
        if i == 1 or i == n or i % 25 == 0:
            err.print(f"[dim]  loading {i}/{n} {name}[/dim]")

    return progress, notify


def _reading() -> Any:
    progress, notify = _progress_notify()
    return api.reading(STATE.db, progress=progress, notify=notify)


def _dump(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n")


def _parse_date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise UsageError(f"{text!r} is not a date (YYYY-MM-DD)") from exc


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders.")],
    accept_outliers: Annotated[
        bool,
        typer.Option(
            "--accept-outliers",
            help="Store figures that jump 50x or more against their stored neighbours, or "
            "rise over 1,000% year on year, when you know they are right.",
        ),
    ] = False,
) -> None:
    """Store release tables (GACC HTML or text) and tidy CSV/Parquet files.

    Every figure is checked for plausibility first; any refusal stores nothing."""
    report = api.ingest(paths, STATE.db, accept_outliers=accept_outliers)
    for line in report.no_data:
        err.print(f"[yellow]no data, not stored:[/yellow] {line}")
    for line in report.warnings:
        if line.startswith("outlier accepted"):
            err.print(f"[yellow]{line}[/yellow]")
    table = Table("release", "status", "inserted", "new vintage", "unchanged")
    for r in report.releases:
        table.add_row(r.title, r.status, str(r.inserted), str(r.new_vintage), str(r.unchanged))
    out.print(table)
    out.print(
        f"{report.added} release(s) added, {len(report.releases) - report.added} "
        f"unchanged; observations: {report.inserted} inserted, {report.new_vintage} new "
        f"vintage, {report.unchanged} unchanged; {len(report.no_data)} page(s) without "
        "data"
    )


@app.command("releases")
def releases_cmd(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List the stored releases with their provenance."""
    with _reading() as store:
        from .store.queries import releases

        rows = releases(store)
    if as_json:
        _dump(rows)
        return
    table = Table("id", "publisher", "published", "status", "obs", "title")
    for r in rows:
        table.add_row(
            str(r["release_id"]),
            r["publisher"],
            r["published"] or "",
            r["status"],
            str(r["observations"]),
            r["title"],
        )
    out.print(table)


@app.command("series")
def series_cmd(
    flow: Annotated[str | None, typer.Option(help="export | import | total")] = None,
    partner: Annotated[str | None, typer.Option(help="ISO alpha-3 or group (WLD, EU...)")] = None,
    commodity: Annotated[str | None, typer.Option(help="commodity code or label")] = None,
    trade_mode: Annotated[str | None, typer.Option("--trade-mode")] = None,
    enterprise_type: Annotated[str | None, typer.Option("--enterprise-type")] = None,
    no_breakdown: Annotated[
        bool, typer.Option("--no-breakdown", help="Only rows without a breakdown.")
    ] = False,
    period: Annotated[str | None, typer.Option(help="YYYY-MM")] = None,
    start: Annotated[str | None, typer.Option("--from", help="YYYY-MM")] = None,
    end: Annotated[str | None, typer.Option("--to", help="YYYY-MM")] = None,
    kind: Annotated[str | None, typer.Option(help="month | ytd")] = None,
    currency: Annotated[str | None, typer.Option(help="CNY | USD")] = None,
    measure: Annotated[
        str | None, typer.Option(help="value | quantity | yoy_pct_published...")
    ] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="YYYY-MM-DD")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """The figures in force (latest vintage, or as of a date), with their release."""
    query = SeriesQuery(
        flow=flow,
        partner=partner,
        commodity=commodity,
        trade_mode=trade_mode,
        enterprise_type=enterprise_type,
        no_breakdown=no_breakdown,
        period=period,
        start=start,
        end=end,
        kind=kind,
        currency=currency,
        measure=measure,
        as_of=_parse_date(as_of),
    )
    query.validate()
    with _reading() as store:
        from .store.queries import series

        records = series_records(series(store, query))
    if as_json:
        _dump(records)
        return
    table = Table(
        "period",
        "kind",
        "flow",
        "partner",
        "breakdown",
        "cur",
        "measure",
        "value",
        "unit",
        "release",
    )
    for r in records:
        b = r["breakdown"]
        table.add_row(
            r["period"],
            r["period_kind"],
            r["flow"],
            r["partner"],
            f"{b['kind']}:{b['code']}" if b else "",
            r["currency"],
            r["measure"],
            f"{r['value']:,.6g}",
            r["unit"],
            r["release"]["title"][:60],
        )
    out.print(table)
    out.print(f"{len(records)} observation(s)")


@app.command("validate")
def validate_cmd(
    as_json: Annotated[bool, typer.Option("--json")] = False,
    as_of: Annotated[str | None, typer.Option("--as-of")] = None,
) -> None:
    """Check the stored figures for consistency; list each violation with its releases."""
    violations = api.run_validation(STATE.db, _parse_date(as_of))
    if as_json:
        _dump([v.as_dict() for v in violations])
        return
    table = Table("check", "figure", "problem", "releases")
    for v in violations:
        table.add_row(v.check, v.key, v.message, "; ".join(v.releases))
    out.print(table)
    out.print(f"{len(violations)} violation(s)")


@app.command("export")
def export_cmd(
    fmt: Annotated[str, typer.Option("--format", help="csv | parquet | xlsx")],
    out_path: Annotated[Path, typer.Option("--out", help="Output file.")],
) -> None:
    """Export the figures in force with their provenance."""
    n = api.export(fmt, out_path, STATE.db)
    out.print(f"wrote {n} observation(s) to {out_path}")


@app.command("bulletin")
def bulletin_cmd(
    period: Annotated[str | None, typer.Argument(help="YYYY-MM (default: latest)")] = None,
    currency: Annotated[str, typer.Option(help="CNY | USD | both")] = "both",
    fmt: Annotated[str, typer.Option("--format", help="md | html | json")] = "md",
    out_path: Annotated[Path | None, typer.Option("--out", help="Write to this file.")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="YYYY-MM-DD")] = None,
) -> None:
    """The month's account written from the data, with charts and sources."""
    progress, notify = _progress_notify()
    api.ensure_data(STATE.db, progress=progress, notify=notify)
    text = api.bulletin(
        period, currency=currency, fmt=fmt, out=out_path, db=STATE.db, as_of=_parse_date(as_of)
    )
    if out_path is None:
        sys.stdout.write(text)
    else:
        out.print(f"wrote {out_path}")


@app.command("check")
def check_cmd(
    path: Annotated[str, typer.Argument(help="Article file (text or HTML), or - for stdin.")],
    article_date: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    html_out: Annotated[
        Path | None, typer.Option("--html", help="Write an annotated page.")
    ] = None,
    all_claims: Annotated[
        bool, typer.Option("--all", help="Show out-of-scope numbers too.")
    ] = False,
) -> None:
    """Check every numeric claim of a trade article against the official figures."""
    from .claims.render import summary_line, table, to_html

    if path == "-":
        data, source = sys.stdin.buffer.read(), "<stdin>"
    else:
        file = Path(path)
        if not file.is_file():
            raise UsageError(f"no such file: {path}")
        data, source = file.read_bytes(), path
    progress, notify = _progress_notify()
    api.ensure_data(STATE.db, progress=progress, notify=notify)
    text, result = api.check_article(
        data, source=source, article_date=_parse_date(article_date), db=STATE.db
    )
    if html_out is not None:
        html_out.write_text(to_html(text, result), encoding="utf-8")
    if as_json:
        _dump(result)
        return
    out.print(table(result, show_out_of_scope=all_claims))
    out.print(summary_line(result))
    if html_out is not None:
        out.print(f"wrote {html_out}")


@app.command("eval")
def eval_cmd(
    labels: Annotated[Path, typer.Option(help="Folder of label files (NNN.json).")] = Path(
        "tests/claims/labels"
    ),
    articles: Annotated[Path, typer.Option(help="Folder of the labelled articles.")] = Path(
        "../shared/articles"
    ),
    no_perturb: Annotated[bool, typer.Option("--no-perturb")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    show_misses: Annotated[bool, typer.Option("--misses")] = False,
) -> None:
    """Evaluate the claim checker on a labelled development set (with perturbations)."""
    from .claims.evaluate import evaluate, load_labels

    data = load_labels(labels, articles)
    if not data:
        raise UsageError(f"no labelled articles found ({labels} with {articles})")
    progress, notify = _progress_notify()
    api.ensure_data(STATE.db, progress=progress, notify=notify)
    with api.reading(STATE.db) as store:
        scores = evaluate(store, data, perturb=not no_perturb)
    result = scores.as_dict()
    if show_misses:
        result["misses"] = scores.misses
    if as_json:
        _dump(result)
        return
    for key, value in result.items():
        if key not in ("confusion", "misses"):
            out.print(f"{key:28s} {value}")
    if show_misses:
        for line in scores.misses:
            out.print(f"  {line}", highlight=False)


@app.command("summary")
def summary_cmd() -> None:
    """What the store holds: releases, observations, periods covered."""
    with _reading() as store:
        row = fetch_one(
            store.con,
            "SELECT (SELECT count(*) FROM releases), count(*), min(period), max(period) "
            "FROM observations",
        )
    assert row is not None
    out.print(f"{row[0]} releases, {row[1]} observations, periods {row[2]} to {row[3]}")


@data_app.command("reload")
def data_reload() -> None:
    """Rebuild the embedded official dataset in the store (your own ingests stay)."""
    progress, _ = _progress_notify()
    report = api.reload_data(STATE.db, progress=progress)
    out.print(
        f"embedded dataset reloaded: {report.added} releases, "
        f"{report.inserted + report.new_vintage + report.unchanged} observations"
    )


@data_app.command("coverage")
def data_coverage(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Months present and missing for each series, 2018-01 to the latest release."""
    from .data.coverage import coverage

    with _reading() as store:
        rows = coverage(store)
    if as_json:
        _dump([r.as_dict() for r in rows])
        return
    table = Table("series", "present", "expected", "share", "derivable", "missing")
    for r in rows:
        share = r.months_present / r.months_expected if r.months_expected else 0.0
        missing = ", ".join(r.missing[:6]) + (
            f" … (+{len(r.missing) - 6})" if len(r.missing) > 6 else ""
        )
        table.add_row(
            r.name,
            str(r.months_present),
            str(r.months_expected),
            f"{share:.0%}",
            str(len(r.derivable)) if r.derivable else "",
            missing,
        )
    out.print(table)


def main() -> None:
    """Entry point: one line per error, non-zero exit; --debug shows the traceback."""
    try:
        app()
    except TradepulseError as exc:
        if STATE.debug or "--debug" in sys.argv:
            raise
        err.print(f"[red]error:[/red] {exc.one_line()}", highlight=False, soft_wrap=True)
        sys.exit(exit_code(exc))


def exit_code(exc: TradepulseError) -> int:
    """1: an error in the data or input; 2: bad usage; 3: an article with no trade claims."""
    from .errors import ClaimError

    if isinstance(exc, UsageError):
        return 2
    if isinstance(exc, ClaimError) and "no numeric claims" in exc.message:
        return 3
    return 1


if __name__ == "__main__":
    main()
