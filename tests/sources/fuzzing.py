"""Hostile inputs made from real ones, and the properties every ingest must keep.

Shared by the bounded fuzz test (tests/sources/test_fuzz.py) and the long run
(bench/fuzz_ingest.py). Seeds are the project's own real inputs: GACC pages as published
(tests/fixtures/gacc-pages), GACC tables kept as text (test fixtures and the embedded
package's tables), tidy files. Hypothesis strategies mutate them as a careless editor, a
broken download or a hostile user would: byte flips, deleted, swapped and duplicated
cells and rows, numbers retyped, unit rows changed, span attributes, publication dates,
truncation (some closed again by hand), other encodings, tidy values and types.

Each case runs through the same path as `tradepulse ingest` (read, plausibility, store)
against one shared store that holds every seed, and is classed as a crash (an exception
outside TradepulseError), a hang (over the time limit), refused (a TradepulseError; the
store must then be unchanged), accepted-identical, or accepted-changed; an accepted case
whose figures an independent oracle finds impossible is counted as impossible-accepted.
"""

from __future__ import annotations

import contextlib
import csv
import io
import math
import re
import signal
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import strategies as st

from tradepulse.api import ingest_releases
from tradepulse.errors import TradepulseError
from tradepulse.model import QUANTITY_BASES
from tradepulse.sources.base import ParsedRelease
from tradepulse.sources.registry import read_path
from tradepulse.store.db import KEY_COLUMNS, Store
from tradepulse.store.plausibility import partner_codes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PAGE_SEEDS = (
    "gacc-pages/release_section4_by_country_mar2026_cny.html",
    "gacc-pages/release_section4_by_country_janfeb2025_cny.html",
    "gacc-pages/release_section5_major_exports_may2019_cny.html",
    "gacc-pages/release_section5_major_exports_apr2025_usd.html",
    "gacc-pages/release_section5_major_exports_janfeb2025_cny.html",
    "gacc-pages/release_section5_major_exports_may2026_usd.html",
    "gacc-pages/release_section6_major_imports_may2026_cny.html",
    "gacc-pages/release_section4_by_country_jan2018_cny.html",  # no data: attachment only
    "gacc-pages/seed_2026.html",  # no data: an index page
)
TRIMMED_PAGE_SEEDS = tuple(f"gacc/{p.name}" for p in sorted((FIXTURES / "gacc").glob("*.html")))
TEXT_FIXTURES = ("text/b5_regime_2019-12_usd.txt", "text/s3_trade_mode_2020-05_ytd_cny.txt")
#: embedded tables none of whose figures is a listed plausibility exception
EMBEDDED_TEXTS = (
    "2019/2019-06_s5_regime_usd.txt",
    "2022/2022-05_s3_cny_ytd.txt",
    "2024/2024-11_b7_usd_ytd.txt",
    "2025/2025-02_s4_cny_ytd.txt",
    "2026/2026-05_s6_imports_cny.txt",
)
TIDY_SEEDS = ("tidy/user_series.csv",)
#: articles of the project's own writing (the claim checker's test articles)
ARTICLES = FIXTURES.parent / "claims" / "articles"

#: Wall time after which a case counts as a hang.
HANG_SECONDS = 10.0


@dataclass(frozen=True)
class Seed:
    kind: str  # page | text | tidy
    name: str
    data: bytes


@dataclass(frozen=True)
class Case:
    seed: Seed
    name: str  # file name of the mutated input (its suffix picks the reader)
    data: bytes
    mutations: tuple[str, ...]


def _embedded_text(name: str) -> bytes:
    return (resources.files("tradepulse") / "data" / "tables" / name).read_bytes()


def _tidy_from(releases: list[ParsedRelease], title: str) -> bytes:
    """A tidy CSV of real figures (a parsed page's), in the documented format."""
    out = io.StringIO()
    fields = [*KEY_COLUMNS, "breakdown_label", "unit", "value", "resolution", "title"]
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    for release in releases:
        for o in release.observations:
            writer.writerow({**o, "value": repr(o["value"]), "title": title})
    return out.getvalue().encode()


def seeds(trimmed_pages: bool = False) -> list[Seed]:
    """Every seed: real pages (trimmed fixtures for a quick run), texts, tidy files."""
    pages = TRIMMED_PAGE_SEEDS if trimmed_pages else PAGE_SEEDS
    out = [Seed("page", Path(p).name, (FIXTURES / p).read_bytes()) for p in pages]
    out += [Seed("text", Path(p).name, (FIXTURES / p).read_bytes()) for p in TEXT_FIXTURES]
    out += [Seed("text", Path(p).name, _embedded_text(p)) for p in EMBEDDED_TEXTS]
    out += [Seed("tidy", Path(p).name, (FIXTURES / p).read_bytes()) for p in TIDY_SEEDS]
    page = read_path(FIXTURES / "gacc/s4_partner_2026-03_cny.html")
    out.append(Seed("tidy", "partners_2026-03.csv", _tidy_from(page, "partners March 2026")))
    return out


def article_seeds() -> list[Seed]:
    return [Seed("article", p.name, p.read_bytes()) for p in sorted(ARTICLES.glob("*.txt"))]


# --- mutations ---------------------------------------------------------------------------

CELL_RE = re.compile(rb"<t[dh]\b[^>]*>.*?</t[dh]>", re.S | re.I)
ROW_RE = re.compile(rb"<tr\b[^>]*>.*?</tr>", re.S | re.I)
TD_OPEN_RE = re.compile(rb"<t[dh]\b", re.I)
NUMBER_RE = re.compile(rb"-?\d[\d,]*(\.\d+)?")
UNIT_RE = re.compile(rb"(Unit\s*:\s*)([^<\n]*)", re.I)
DATE_RE = re.compile(rb"\d{4}[/-]\d{1,2}[/-]\d{1,2}|\d{1,2}/\d{1,2}/\d{4}")
LINE_RE = re.compile(rb"[^\n]*\n")
SENTENCE_RE = re.compile(rb"[^.!?\n]+[.!?]")

SPAN_VALUES = ("0", "1", "2", "10", "64", "65", "1000", "100000", "2000000000", "abc", "1.5")
SPAN_VALUES += ("-1", "", " 3 ", "1e3")
UNITS = ("CNY 1 Million", "CNY 1,000", "CNY 10,000", "CNY 100 Million", "CNY Billion")
UNITS += ("USD 100 Million", "USD 1 Million", "bananas", "", "100 Million", "CNY")
DATES = ("2026/13/45", "0000/00/00", "9999/99/99", "2026-02-30", "13/45/2026", "2026/4/8")
NUMBERS = ("inf", "-inf", "NaN", "1e400", "", "-", "n/a", "0", "-0.0", "999999999999999")
NUMBERS += ("-4,873.2", "4873200000", "1,2,3", "12..5", "0.0001")
ENCODINGS = ("utf-16", "utf-16-le", "utf-16-be", "gbk", "latin-1", "cp1252", "utf-8-sig")
CLOSINGS = (b"", b"</table></body></html>", b"</td></tr></table></body></html>", b"</html>")
TIDY_FIELDS = {
    "value": ("inf", "-inf", "nan", "1e400", "1e308", "-2e12", "", "abc", "0", "4.873"),
    "resolution": ("-1", "inf", "nan", "abc", "1e20"),
    "partner": ("ZZZ", "ZZZZZZZZ", "", "usa", "XXX"),
    "unit": ("bananas", "yuan", "dollar", "percent", "", "tonne"),
    "flow": ("imports", "balance", "", "total"),
    "period": ("2026-13", "2026/03", "", "0000-00", "9999-12"),
    "period_kind": ("quarter", "", "ytd", "month"),
    "measure": ("value", "yoy_pct_published", "share_pct_published", "bananas"),
    "currency": ("EUR", "", "USD", "CNY"),
}


def _pick(draw: Any, matches: list[re.Match[bytes]]) -> re.Match[bytes] | None:
    if not matches:
        return None
    return matches[draw(st.integers(0, len(matches) - 1))]


def _flip(draw: Any, data: bytes) -> tuple[bytes, str]:
    i = draw(st.integers(0, len(data) - 1))
    new = draw(st.integers(0, 255))
    return data[:i] + bytes([new]) + data[i + 1 :], f"byte {i} -> {new}"


def _delete(draw: Any, data: bytes, pattern: re.Pattern[bytes], what: str) -> tuple[bytes, str]:
    m = _pick(draw, list(pattern.finditer(data)))
    if m is None:
        return data, f"no {what} to delete"
    return data[: m.start()] + data[m.end() :], f"deleted {what} at {m.start()}"


def _duplicate(draw: Any, data: bytes, pattern: re.Pattern[bytes], what: str) -> tuple[bytes, str]:
    m = _pick(draw, list(pattern.finditer(data)))
    if m is None:
        return data, f"no {what} to duplicate"
    return data[: m.end()] + m.group(0) + data[m.end() :], f"duplicated {what} at {m.start()}"


def _swap(draw: Any, data: bytes, pattern: re.Pattern[bytes], what: str) -> tuple[bytes, str]:
    found = list(pattern.finditer(data))
    if len(found) < 2:
        return data, f"no {what}s to swap"
    i = draw(st.integers(0, len(found) - 2))
    j = draw(st.integers(i + 1, min(len(found) - 1, i + 12)))  # near each other, mostly
    a, b = found[i], found[j]
    swapped = data[: a.start()] + b.group(0) + data[a.end() : b.start()] + a.group(0)
    return swapped + data[b.end() :], f"swapped {what}s at {a.start()} and {b.start()}"


def _retype_number(draw: Any, data: bytes) -> tuple[bytes, str]:
    m = _pick(draw, [m for m in NUMBER_RE.finditer(data) if b"." in m.group(0)])
    if m is None:
        return data, "no number"
    old = m.group(0).decode()
    how = draw(st.sampled_from(("point", "digit", "drop", "sign", "literal")))
    digits = old.replace(",", "").lstrip("-")
    if how == "point":  # "4,873.2" typed as "4.873"
        whole = digits.replace(".", "")
        k = draw(st.integers(1, max(1, len(whole) - 1)))
        new = whole[:k] + "." + whole[k:]
    elif how == "digit":
        k = draw(st.integers(0, len(old) - 1))
        new = old[:k] + str(draw(st.integers(0, 9))) + old[k + 1 :]
    elif how == "drop":
        k = draw(st.integers(0, len(old) - 1))
        new = old[:k] + old[k + 1 :]
    elif how == "sign":
        new = old[1:] if old.startswith("-") else "-" + old
    else:
        new = draw(st.sampled_from(NUMBERS))
    return data[: m.start()] + new.encode() + data[m.end() :], f"number {old!r} -> {new!r}"


def _unit(draw: Any, data: bytes) -> tuple[bytes, str]:
    m = _pick(draw, list(UNIT_RE.finditer(data)))
    if m is None:
        return data, "no unit"
    new = draw(st.sampled_from(UNITS)).encode()
    return data[: m.start(2)] + new + data[m.end(2) :], f"unit -> {new.decode()!r}"


def _span(draw: Any, data: bytes) -> tuple[bytes, str]:
    m = _pick(draw, list(TD_OPEN_RE.finditer(data)))
    if m is None:
        return data, "no cell"
    attr = draw(st.sampled_from(("colspan", "rowspan")))
    value = draw(st.sampled_from(SPAN_VALUES))
    insert = f' {attr}="{value}"'.encode()
    return data[: m.end()] + insert + data[m.end() :], f"{attr}={value!r} at {m.start()}"


def _date(draw: Any, data: bytes) -> tuple[bytes, str]:
    m = _pick(draw, list(DATE_RE.finditer(data)))
    if m is None:
        return data, "no date"
    new = draw(st.sampled_from(DATES)).encode()
    return data[: m.start()] + new + data[m.end() :], f"date -> {new.decode()!r}"


def _truncate(draw: Any, data: bytes) -> tuple[bytes, str]:
    cut = draw(st.integers(1, max(1, len(data) - 1)))
    closing = draw(st.sampled_from(CLOSINGS))
    return data[:cut] + closing, f"cut at {cut} + {closing.decode()!r}"


def _tidy_field(draw: Any, data: bytes) -> tuple[bytes, str]:
    lines = data.decode("utf-8", errors="replace").splitlines()
    if len(lines) < 2:
        return data, "no tidy row"
    header = lines[0].split(",")
    fields = [f for f in TIDY_FIELDS if f in header]
    if not fields:
        return data, "no tidy field"
    name = draw(st.sampled_from(fields))
    row = draw(st.integers(1, len(lines) - 1))
    cells = next(csv.reader([lines[row]]))
    col = header.index(name)
    if col >= len(cells):
        return data, "ragged row"
    cells[col] = draw(st.sampled_from(TIDY_FIELDS[name]))
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    lines[row] = out.getvalue()
    return ("\n".join(lines) + "\n").encode(), f"row {row} {name} -> {cells[col]!r}"


def _encode(draw: Any, data: bytes) -> tuple[bytes, str]:
    encoding = draw(st.sampled_from(ENCODINGS))
    text = data.decode("utf-8", errors="replace")
    return text.encode(encoding, errors="replace"), f"encoded {encoding}"


MUTATIONS = {
    "page": (
        "flip",
        "delete_cell",
        "delete_row",
        "duplicate_row",
        "swap_cells",
        "swap_rows",
        "number",
        "number",
        "unit",
        "span",
        "date",
        "truncate",
        "encoding",
    ),
    "text": (
        "flip",
        "delete_line",
        "duplicate_line",
        "swap_lines",
        "number",
        "number",
        "unit",
        "date",
        "truncate",
        "encoding",
    ),
    "article": (
        "flip",
        "delete_line",
        "swap_lines",
        "duplicate_line",
        "swap_sentences",
        "repeat_sentence",
        "number",
        "number",
        "date",
        "truncate",
        "encoding",
    ),
    "tidy": (
        "flip",
        "delete_line",
        "duplicate_line",
        "swap_lines",
        "tidy_field",
        "tidy_field",
        "number",
        "truncate",
        "encoding",
        "parquet",
    ),
}


def _apply(draw: Any, name: str, data: bytes, max_repeat: int) -> tuple[bytes, str]:
    if name == "flip":
        return _flip(draw, data)
    if name == "delete_cell":
        return _delete(draw, data, CELL_RE, "cell")
    if name == "delete_row":
        return _delete(draw, data, ROW_RE, "row")
    if name == "duplicate_row":
        return _duplicate(draw, data, ROW_RE, "row")
    if name == "swap_cells":
        return _swap(draw, data, CELL_RE, "cell")
    if name == "swap_rows":
        return _swap(draw, data, ROW_RE, "row")
    if name == "delete_line":
        return _delete(draw, data, LINE_RE, "line")
    if name == "duplicate_line":
        return _duplicate(draw, data, LINE_RE, "line")
    if name == "swap_lines":
        return _swap(draw, data, LINE_RE, "line")
    if name == "swap_sentences":
        return _swap(draw, data, SENTENCE_RE, "sentence")
    if name == "repeat_sentence":
        m = _pick(draw, list(SENTENCE_RE.finditer(data)))
        if m is None:
            return data, "no sentence"
        times = draw(st.integers(2, max_repeat))
        repeated = (m.group(0) + b" ") * times
        return data[: m.start()] + repeated + data[m.end() :], f"sentence repeated {times}x"
    if name == "number":
        return _retype_number(draw, data)
    if name == "unit":
        return _unit(draw, data)
    if name == "span":
        return _span(draw, data)
    if name == "date":
        return _date(draw, data)
    if name == "truncate":
        return _truncate(draw, data)
    if name == "tidy_field":
        return _tidy_field(draw, data)
    if name == "encoding":
        return _encode(draw, data)
    raise AssertionError(name)


def _to_parquet(draw: Any, data: bytes) -> tuple[bytes, str]:
    """The tidy rows as Parquet, one column given an odd type (or none)."""
    try:
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    except (UnicodeDecodeError, csv.Error):
        return data, "not CSV any more"
    if not rows or None in rows[0]:
        return data, "no rows for Parquet"
    columns: dict[str, Any] = {k: [r.get(k) for r in rows] for k in rows[0]}

    def number(v: str | None) -> float | None:
        try:
            return float(v) if v not in (None, "") else None
        except ValueError:
            return None

    for name in ("value", "resolution"):
        if name in columns:
            columns[name] = [number(v) for v in columns[name]]
    odd = draw(st.sampled_from(("none", "value-text", "value-list", "resolution-text", "nan")))
    if odd == "value-text" and "value" in columns:
        columns["value"] = [str(v) for v in columns["value"]]
    elif odd == "value-list" and "value" in columns:
        columns["value"] = [[v] for v in columns["value"]]
    elif odd == "resolution-text":
        columns["resolution"] = ["0.1"] * len(rows)
    elif odd == "nan" and "value" in columns:
        columns["value"] = [math.nan, *columns["value"][1:]]
    try:
        table = pa.table(columns)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return data, "rows not tabular"
    sink = io.BytesIO()
    pq.write_table(table, sink)
    return sink.getvalue(), f"parquet ({odd})"


@st.composite
def cases(draw: Any, seed_list: list[Seed], max_repeat: int = 50) -> Case:
    """One or two mutations of one seed (a sentence repeated at most `max_repeat` times:
    the long run goes further, into the claim checker's known quadratic cost)."""
    seed = draw(st.sampled_from(seed_list))
    data, done = seed.data, []
    suffix = Path(seed.name).suffix
    names = draw(st.lists(st.sampled_from(MUTATIONS[seed.kind]), min_size=1, max_size=2))
    # encodings and Parquet rewrite the whole file: last, if at all
    names.sort(key=lambda n: n in ("encoding", "parquet"))
    for name in names:
        if not data:
            break
        if name == "parquet":
            data, what = _to_parquet(draw, data)
            if what.startswith("parquet"):
                suffix = ".parquet"
        else:
            data, what = _apply(draw, name, data, max_repeat)
        done.append(what)
    return Case(seed, f"{Path(seed.name).stem}-fuzz{suffix}", data, tuple(done))


# --- running a case ------------------------------------------------------------------------


class Hang(BaseException):
    """Raised by the alarm: the case ran past HANG_SECONDS."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def _raise(signum: int, frame: object) -> None:
        raise Hang()

    previous = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def figures(releases: list[ParsedRelease]) -> set[tuple[Any, ...]]:
    return {(*(o[k] for k in KEY_COLUMNS), o["value"]) for r in releases for o in r.observations}


@dataclass
class Harness:
    """One store holding every seed; cases run against it and leave it as it was."""

    store: Store
    workdir: Path
    baseline: dict[str, set[tuple[Any, ...]]] = field(default_factory=dict)
    levels: dict[tuple[Any, ...], tuple[float, float]] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    @contextlib.contextmanager
    def open(cls, seed_list: list[Seed]) -> Iterator[Harness]:
        with Store.memory() as store, tempfile.TemporaryDirectory() as tmp:
            harness = cls(store, Path(tmp))
            harness._load(seed_list)
            yield harness

    def _load(self, seed_list: list[Seed]) -> None:
        for seed in seed_list:
            path = self.workdir / seed.name
            path.write_bytes(seed.data)
            try:
                releases = read_path(path)
            except TradepulseError:  # pages without data are seeds too
                self.baseline[seed.name] = set()
                continue
            ingest_releases(self.store, releases)
            self.baseline[seed.name] = figures(releases)
            for r in releases:
                for o in r.observations:
                    key = tuple(o[k] for k in KEY_COLUMNS)
                    self.levels[key] = (o["value"], o["resolution"])
        self.top = self._top_release()

    def _top_release(self) -> int:
        row = self.store.con.execute("SELECT coalesce(max(release_id), 0) FROM releases")
        return int(row.fetchall()[0][0])

    def _restore(self) -> None:
        """Remove what an accepted case stored (children first: see Store.delete_embedded)."""
        self.store.facts_views.clear()
        con = self.store.con
        con.execute("DELETE FROM observations WHERE release_id > ?", [self.top])
        con.execute("DELETE FROM releases WHERE release_id > ?", [self.top])

    def run(self, case: Case) -> str:
        """Run one case; return its class and count it."""
        outcome = self._classify(case)
        self.counts[outcome] += 1
        if outcome in ("crash", "hang", "impossible-accepted", "refused-but-changed"):
            self.examples.setdefault(outcome, []).append(
                f"{case.seed.name}: {'; '.join(case.mutations)}"
            )
        return outcome

    def _classify(self, case: Case) -> str:
        path = self.workdir / case.name
        path.write_bytes(case.data)
        before = self.store.fingerprint()
        try:
            with time_limit(HANG_SECONDS):
                releases = read_path(path)
                ingest_releases(self.store, releases)
        except Hang:
            self._restore()
            return "hang"
        except TradepulseError as exc:
            if self.store.fingerprint() != before:
                self._restore()
                return "refused-but-changed"
            self.last_error = exc.one_line()
            return "refused"
        except Exception as exc:  # the property under test: nothing else escapes
            self._restore()
            self.last_error = f"{type(exc).__name__}: {exc}"
            return "crash"
        problems = impossible(releases, self.levels)
        self._restore()
        if problems:
            self.last_error = problems[0]
            return "impossible-accepted"
        if figures(releases) == self.baseline.get(case.seed.name):
            return "accepted-identical"
        return "accepted-changed"


def run_article(store: Store, case: Case, counts: Counter[str]) -> tuple[str, str]:
    """Check a mutated article against a store: crash, hang, refused or checked."""
    from tradepulse.claims import check_text

    try:
        with time_limit(HANG_SECONDS):
            report = check_text(store, case.data, case.name)
    except Hang:
        outcome, detail = "hang", f"over {HANG_SECONDS:.0f} s for {len(case.data):,} bytes"
    except TradepulseError as exc:
        outcome, detail = "refused", exc.one_line()
    except Exception as exc:  # the property under test: nothing else escapes
        outcome, detail = "crash", f"{type(exc).__name__}: {exc}"
    else:
        outcome, detail = "checked", f"{len(report.checks)} claim(s)"
    counts[outcome] += 1
    return outcome, detail


def impossible(
    releases: list[ParsedRelease], levels: dict[tuple[Any, ...], tuple[float, float]]
) -> list[str]:
    """An oracle written apart from the plausibility rules: figures that cannot be true.

    Not a finite number; a negative level; a fall beyond -100%; exports and imports that
    do not add up to their total, a partner above the world or an "of which" row above its
    group, beyond the printed rounding; a unit or partner nobody knows; a level 50x or
    more away from the seed's figure for the same key (both well above their rounding).
    """
    known_partners = partner_codes()
    problems: list[str] = []
    for r in releases:
        index = {tuple(o[k] for k in KEY_COLUMNS): o for o in r.observations}
        for key, o in index.items():
            v, res, measure = o["value"], o["resolution"], o["measure"]
            where = f"{r.meta.title}: {key} = {v}"
            if not isinstance(v, float | int) or not math.isfinite(v) or abs(v) > 1e15:
                problems.append(f"not a finite figure: {where}")
                continue
            if measure in ("value", "quantity") and v < 0:
                problems.append(f"negative level: {where}")
            if "yoy" in measure and v < -100:
                problems.append(f"fall beyond -100%: {where}")
            if o["partner"] not in known_partners:
                problems.append(f"unknown partner: {where}")
            units = {"value": {"yuan", "dollar"}, "quantity": QUANTITY_BASES}
            if o["unit"] not in units.get(measure, {"percent"}):
                problems.append(f"unknown unit {o['unit']!r}: {where}")
            seed = levels.get(key)
            if measure in ("value", "quantity") and seed and v > 0 and seed[0] > 0:
                both_clear = v >= 20 * res and seed[0] >= 20 * seed[1]
                if both_clear and max(v / seed[0], seed[0] / v) >= 50:
                    problems.append(f"50x from the seed's {seed[0]}: {where}")
            if measure != "value":
                continue
            flow_at = KEY_COLUMNS.index("flow")
            if o["flow"] == "total":
                e = index.get((*key[:flow_at], "export", *key[flow_at + 1 :]))
                i = index.get((*key[:flow_at], "import", *key[flow_at + 1 :]))
                if e and i:
                    resolutions = (res, e["resolution"], i["resolution"])
                    tol = sum(resolutions) / 2 + 1e-9 * abs(v)
                    if min(resolutions) == 0:
                        tol = 5e-4 * abs(v)
                    if abs(v - e["value"] - i["value"]) > tol:
                        problems.append(f"exports + imports != total: {where}")
            partner_at = KEY_COLUMNS.index("partner")
            if o["partner"] != "WLD" and o["breakdown_kind"] == "":
                world = index.get((*key[:partner_at], "WLD", *key[partner_at + 1 :]))
                tol = (res + (world or {}).get("resolution", 0)) / 2 + 1e-9 * v
                if world and v > world["value"] + tol:
                    problems.append(f"partner above the world: {where}")
            if o.get("part_of"):
                group, code = o["part_of"].split("|")
                parent_key = list(key)
                parent_key[partner_at] = group
                parent_key[KEY_COLUMNS.index("breakdown_code")] = code
                parent = index.get(tuple(parent_key))
                if parent and v > parent["value"] + (res + parent["resolution"]) / 2:
                    problems.append(f"part above its group: {where}")
    return problems
