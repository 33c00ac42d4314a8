"""The command line: a thin adapter, one library call per command."""

from __future__ import annotations

import itertools
import json
import logging
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console, ConsoleDimensions
from rich.markup import escape
from rich.table import Table

from . import api
from .errors import TradepulseError, UsageError
from .store.db import fetch_one
from .store.lock import set_lock_timeout
from .store.queries import SeriesQuery, series_records

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="China's official customs trade statistics: store, compute, write, check.",
)
data_app = typer.Typer(no_args_is_help=True, help="The embedded official dataset.")
app.add_typer(data_app, name="data")

#: The width of output that is not a terminal: wide enough that nothing is wrapped.
UNWRAPPED = 1_000_000


class _Console(Console):
    """Rich's console, except that output which is not a terminal (a pipe, a file) is not
    wrapped at 80 columns: file names and figures reach the next program whole."""

    @property
    def size(self) -> ConsoleDimensions:
        if not self.is_terminal:
            return ConsoleDimensions(UNWRAPPED, 25)
        return super().size

    @size.setter
    def size(self, new_size: tuple[int, int]) -> None:
        Console.size.fset(self, new_size)  # type: ignore[attr-defined]


out = _Console()
err = _Console(stderr=True)


class _Notices(logging.Handler):
    """The library's notices (waiting for another process, a new store) on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        err.print(f"[dim]{escape(record.getMessage())}[/dim]", highlight=False, soft_wrap=True)


def _show_notices() -> None:
    logger = logging.getLogger("tradepulse")
    if not any(isinstance(h, _Notices) for h in logger.handlers):
        logger.addHandler(_Notices(logging.INFO))
    logger.setLevel(logging.INFO)


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
    lock_timeout: Annotated[
        float | None,
        typer.Option(
            "--lock-timeout",
            envvar="TRADEPULSE_LOCK_TIMEOUT",
            help="Seconds to wait for another tradepulse process using the store (default 60).",
        ),
    ] = None,
) -> None:
    STATE.db = db
    STATE.debug = debug
    set_lock_timeout(lock_timeout)
    _show_notices()


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


def _clip(text: str, width: int = 60) -> str:
    """Shorten for a terminal (marked with an ellipsis); piped output keeps it whole."""
    if not out.is_terminal or len(text) <= width:
        return text
    return text[: width - 1] + "…"


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
    for title, url, reason, n in report.excluded:
        err.print(f"[yellow]refused ({reason}), {n} figure(s) not stored:[/yellow] {title} {url}")
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
        f"data; {len(report.excluded)} source(s) refused by the tier policy"
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
    table = Table("id", "publisher", "tier", "source", "published", "status", "obs", "title")
    for r in rows:
        table.add_row(
            str(r["release_id"]),
            r["publisher"],
            str(r["tier"]),
            r["source_identity"],
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
        "tier",
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
            f"{r['value']:,.15g}",  # every digit stored, never an exponent
            r["unit"],
            str(r["release"]["tier"]),
            _clip(r["release"]["title"]),
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


def _stdin_articles(default_date: date | None) -> tuple[Any, bytes]:
    """stdin as JSON Lines articles (read as lines arrive), else as one article's bytes."""
    from .claims.batch import articles_from_jsonl, looks_like_jsonl

    stream = sys.stdin.buffer
    raw_first = stream.readline()
    first = raw_first.decode("utf-8", errors="replace")
    if not looks_like_jsonl(first):
        return None, raw_first + stream.read()
    rest = (raw.decode("utf-8", errors="replace") for raw in stream)
    return articles_from_jsonl(itertools.chain([first], rest), "<stdin>", default_date), b""


@app.command("check")
def check_cmd(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Article files (text or HTML), folders of them, or - for stdin (one "
            'article, or JSON Lines {"text", "date", "url", "name"} for many).'
        ),
    ],
    article_date: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD")] = None,
    url: Annotated[
        str | None,
        typer.Option(
            "--url",
            help="The article's own page: figures the store quoted from it are not used "
            "(default: an HTML page's canonical URL).",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    html_out: Annotated[
        Path | None, typer.Option("--html", help="Write an annotated page.")
    ] = None,
    all_claims: Annotated[
        bool, typer.Option("--all", help="Show out-of-scope numbers too.")
    ] = False,
) -> None:
    """Check every numeric claim of a trade article against the official figures.

    With several files, a folder or JSON Lines on stdin, prints one JSON line per article
    as each is checked ({"name", "article", "summary", "claims"} or {"name", "error"})."""
    from .claims.batch import articles_in
    from .claims.render import summary_line, table, to_html

    given_date = _parse_date(article_date)
    many: Any = None
    data, source = b"", ""
    if paths == ["-"]:
        many, data = _stdin_articles(given_date)
        source = "<stdin>"
    elif "-" in paths:
        raise UsageError("- (stdin) cannot be combined with files")
    elif len(paths) == 1 and Path(paths[0]).is_file():
        data, source = Path(paths[0]).read_bytes(), paths[0]
    else:
        many = articles_in([Path(p) for p in paths], given_date)
    if many is not None and (html_out is not None or url is not None):
        raise UsageError("--html and --url take one article; in JSON Lines give each its own url")
    progress, notify = _progress_notify()
    api.ensure_data(STATE.db, progress=progress, notify=notify)
    if many is not None:
        for result in api.check_articles(many, db=STATE.db):
            sys.stdout.write(json.dumps(result, ensure_ascii=False, default=str) + "\n")
            sys.stdout.flush()
        return
    text, result = api.check_article(
        data, source=source, article_date=given_date, url=url, db=STATE.db
    )
    if html_out is not None:
        api.write_output(html_out, to_html(text, result))
    if as_json:
        _dump(result)
        return
    out.print(table(result, show_out_of_scope=all_claims))
    out.print(summary_line(result))
    if html_out is not None:
        out.print(f"wrote {html_out}")


@app.command("eval")
def eval_cmd(
    labels: Annotated[
        Path, typer.Argument(help="Folder of label files (NNN.json, each naming its article).")
    ] = Path("tests/claims/labels"),
    articles: Annotated[Path, typer.Option(help="Folder of the labelled articles' texts.")] = Path(
        "../shared/articles"
    ),
    split: Annotated[
        str | None,
        typer.Option(
            help="dev | test: only that split of --split-file (default: every labelled "
            "article except the frozen test split)."
        ),
    ] = None,
    split_file: Annotated[
        Path | None,
        typer.Option(
            "--split-file",
            help="The split JSON (default: split/more-split.json beside the labels folder, "
            "else tests/claims/split/more-split.json).",
        ),
    ] = None,
    keep_own: Annotated[
        bool,
        typer.Option(
            "--keep-own",
            help="Leave each article's own quoted figures in the store (flattering).",
        ),
    ] = False,
    no_perturb: Annotated[bool, typer.Option("--no-perturb")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    show_misses: Annotated[bool, typer.Option("--misses")] = False,
) -> None:
    """Evaluate the claim checker on a labelled folder, each article without the figures
    quoted from its own page (with perturbed copies that must be caught)."""
    from .claims.evaluate import evaluate, find_split_file, in_split, load_labels

    split_file = split_file or find_split_file(labels)
    data, left_out = in_split(load_labels(labels, articles), split_file, split)
    if not data:
        raise UsageError(f"no labelled articles found ({labels} with {articles})")
    progress, notify = _progress_notify()
    api.ensure_data(STATE.db, progress=progress, notify=notify)
    with api.reading(STATE.db) as store:
        scores = evaluate(store, data, perturb=not no_perturb, withhold_own=not keep_own)
    result = scores.as_dict()
    if left_out:
        result["left_out"] = (
            f"{left_out} labelled article(s) outside the dev split"
            if split == "dev"
            else f"{left_out} article(s) of the frozen test split (--split test)"
        )
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


@app.command("update")
def update_cmd(
    source: Annotated[
        list[str] | None,
        typer.Option("--source", help="gacc or mofcom (repeat for both; default: both)."),
    ] = None,
    retries: Annotated[
        int, typer.Option("--retries", min=0, help="Further tries after a network failure.")
    ] = 3,
    year: Annotated[
        int | None,
        typer.Option("--year", min=2018, help="Read GACC's index of this year's releases."),
    ] = None,
) -> None:
    """Fetch new releases from GACC's and MOFCOM's sites and store them in one go."""
    progress, notify = _progress_notify()
    api.ensure_data(STATE.db, progress=progress, notify=notify)
    report = api.update(
        STATE.db, sources=tuple(source) if source else None, retries=retries, year=year
    )
    for s in report.sources:
        out.print(
            f"{s.name}: {s.checked} listed at {s.where}, {s.fetched} fetched, "
            f"{s.releases} release(s) read",
            highlight=False,
            soft_wrap=True,
        )
        for note in s.notes:
            out.print(f"  {note}", highlight=False, soft_wrap=True)
    r = report.ingest
    out.print(
        f"stored: {r.added} release(s) added, {len(r.releases) - r.added} unchanged; "
        f"observations: {r.inserted} new, {r.new_vintage} new vintage, {r.unchanged} "
        f"unchanged; {report.requests} request(s)",
        highlight=False,
        soft_wrap=True,
    )


@app.command("serve")
def serve_cmd(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    check_per_minute: Annotated[
        int,
        typer.Option(
            "--check-per-minute", help="Article checks a minute per client (0: no limit)."
        ),
    ] = 20,
    check_workers: Annotated[
        int, typer.Option("--check-workers", help="Processes for article checks (0: in-process).")
    ] = 1,
) -> None:
    """Serve the read-only web site and JSON API (pages, /api/..., docs at /docs)."""
    import uvicorn

    from .web import Settings, create_app

    progress, notify = _progress_notify()
    api.ensure_data(STATE.db, progress=progress, notify=notify)
    web = create_app(
        Settings(db=STATE.db, check_per_minute=check_per_minute, check_workers=check_workers)
    )
    err.print(f"tradepulse serving {api.resolve_db(STATE.db)} at http://{host}:{port}/")
    uvicorn.run(web, host=host, port=port, log_level="warning", access_log=False)


@data_app.command("reload")
def data_reload() -> None:
    """Rebuild the embedded official dataset in the store (your own ingests stay)."""
    progress, _ = _progress_notify()
    report = api.reload_data(STATE.db, progress=progress)
    out.print(
        f"embedded dataset reloaded: {report.added} releases, "
        f"{report.inserted + report.new_vintage + report.unchanged} observations; "
        f"{len(report.excluded)} source page(s) refused by the tier policy "
        f"({sum(n for *_, n in report.excluded)} figures)"
    )


@data_app.command("refused")
def data_refused(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """The embedded pages the source-tier policy refuses (aggregators, AI-written sites,
    blogs …), each with its reason: they are never stored."""
    rows = api.refused_sources()
    if as_json:
        _dump(rows)
        return
    table = Table("reason", "publisher", "figures", "source")
    for r in sorted(rows, key=lambda r: (r["reason"], r["publisher"])):
        table.add_row(r["reason"], r["publisher"], str(r["figures"]), r["source"])
    out.print(table)
    out.print(f"{len(rows)} page(s), {sum(r['figures'] for r in rows)} figure(s) refused")


@data_app.command("coverage")
def data_coverage(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Months present and missing for each series, 2018-01 to the latest release."""
    from .data.coverage import coverage

    with _reading() as store:
        rows = coverage(store)
    if as_json:
        _dump([r.as_dict() for r in rows])
        return
    table = Table("series", "present", "by tier", "expected", "share", "derivable", "missing")
    for r in rows:
        share = r.months_present / r.months_expected if r.months_expected else 0.0
        missing = ", ".join(r.missing[:6]) + (
            f" … (+{len(r.missing) - 6})" if len(r.missing) > 6 else ""
        )
        table.add_row(
            r.name,
            str(r.months_present),
            " ".join(f"{t}:{len(m)}" for t, m in sorted(r.held_by_tier.items())),
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
        err.print(f"[red]error:[/red] {escape(exc.one_line())}", highlight=False, soft_wrap=True)
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
