"""Reader for the documented tidy format (CSV or Parquet): users' own series.

One row per observation, values already in base units; optional release columns group the
rows into releases (see docs/sources.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from ..errors import ParseError
from ..model import REPORTER, BreakdownKind, Currency, Flow, Measure, PeriodKind
from . import tiers
from .base import NEWS, ParsedRelease, ReleaseMeta, content_hash

REQUIRED = ("flow", "partner", "period", "period_kind", "currency", "measure", "value", "unit")
OPTIONAL_TEXT = (
    "reporter",
    "breakdown_kind",
    "breakdown_scheme",
    "breakdown_code",
    "breakdown_label",
)
RELEASE_COLUMNS = ("publisher", "title", "source", "published", "status", "table_id", "tier")
#: A user's own series are taken as an official republication unless the file says
#: otherwise in its `tier` column (1-4, see docs/data-model.md).
DEFAULT_TIER = tiers.OFFICIAL
ALLOWED = {
    "flow": {f.value for f in Flow},
    "period_kind": {k.value for k in PeriodKind},
    "currency": {c.value for c in Currency},
    "measure": {m.value for m in Measure},
    "breakdown_kind": {b.value for b in BreakdownKind},
}
PARQUET_MAGIC = b"PAR1"
TEXT_COLUMNS = (
    "flow",
    "partner",
    "period",
    "period_kind",
    "currency",
    "measure",
    "unit",
    *OPTIONAL_TEXT,
    *RELEASE_COLUMNS,
)


def _read_table(path: Path, data: bytes) -> pa.Table:
    try:
        if data[:4] == PARQUET_MAGIC:
            return pq.read_table(pa.BufferReader(data))
        return pacsv.read_csv(
            pa.BufferReader(data),
            convert_options=pacsv.ConvertOptions(
                column_types={
                    "value": pa.float64(),
                    "resolution": pa.float64(),
                    **{c: pa.string() for c in TEXT_COLUMNS},
                },
                strings_can_be_null=False,
            ),
        )
    except (pa.ArrowException, OSError) as exc:  # a damaged Parquet footer is an OSError
        reason = " ".join(str(exc).split())[:160]
        raise ParseError(f"not readable as tidy data: {reason}", file=str(path)) from exc


def _check_types(table: pa.Table, where: str) -> None:
    """Columns of the wrong type (a Parquet value written as text or lists) named plainly."""
    for field in table.schema:
        t = field.type
        if pa.types.is_dictionary(t):
            t = t.value_type
        if field.name in ("value", "resolution"):
            ok = pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_decimal(t)
            want = "numbers"
        elif field.name == "published":
            ok = pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_date(t)
            want = "dates or YYYY-MM-DD text"
        elif field.name in TEXT_COLUMNS:
            ok = pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_null(t)
            want = "text"
        else:
            continue
        if not ok:
            raise ParseError(
                f"column {field.name!r} holds {t}, not {want}",
                file=where,
                hint="Write the tidy columns with the types docs/sources.md gives; "
                "nothing was stored",
            )


def _check(table: pa.Table, where: str) -> pa.Table:
    _check_types(table, where)
    missing = [c for c in REQUIRED if c not in table.column_names]
    if missing:
        raise ParseError(
            f"tidy data lacks column(s) {', '.join(missing)}",
            file=where,
            hint=f"required columns: {', '.join(REQUIRED)}",
        )
    n = table.num_rows
    if n == 0:
        raise ParseError("tidy data has no rows", file=where)
    for name in TEXT_COLUMNS:
        if name not in table.column_names or name == "published":
            continue
        column = pc.cast(table[name], pa.string())
        if name in REQUIRED and column.null_count:
            bad = pc.index(pc.is_null(column), True).as_py()
            raise ParseError(f"{name} is empty", file=where, row=bad + 2)
        # Parquet may leave optional text empty as null; a null would drop its row from
        # the release grouping below
        index = table.schema.get_field_index(name)
        table = table.set_column(index, name, pc.fill_null(column, ""))
    for name in OPTIONAL_TEXT:
        if name not in table.column_names:
            default = REPORTER if name == "reporter" else ""
            table = table.append_column(name, pa.array([default] * n, pa.string()))
    table = table.set_column(
        table.schema.get_field_index("value"), "value", pc.cast(table["value"], pa.float64())
    )
    if pc.any(pc.is_null(table["value"])).as_py():
        bad = pc.index(pc.is_null(table["value"]), True).as_py()
        raise ParseError("value is empty", file=where, row=bad + 2)
    for name, allowed in ALLOWED.items():
        column = pc.cast(table[name], pa.string())
        ok = pc.is_in(column, value_set=pa.array(sorted(allowed)))
        if not pc.all(ok).as_py():
            bad = pc.index(ok, False).as_py()
            raise ParseError(
                f"{name} {column[bad].as_py()!r} is not one of {', '.join(sorted(allowed))}",
                file=where,
                row=bad + 2,
            )
    period_ok = pc.match_substring_regex(
        pc.cast(table["period"], pa.string()), r"^\d{4}-(0[1-9]|1[0-2])$"
    )
    if not pc.all(period_ok).as_py():
        bad = pc.index(period_ok, False).as_py()
        raise ParseError(
            f"period {table['period'][bad].as_py()!r} is not YYYY-MM", file=where, row=bad + 2
        )
    if "resolution" not in table.column_names:
        table = table.append_column("resolution", pa.array([0.0] * n, pa.float64()))
    table = table.append_column("source_row", pc.cast(pa.array(range(2, n + 2)), pa.string()))
    table = table.append_column("source_col", pa.array([0] * n, pa.int32()))
    return table


def _release_groups(table: pa.Table) -> Iterator[tuple[dict[str, Any], pa.Table]]:
    present = [c for c in RELEASE_COLUMNS if c in table.column_names]
    if not present:
        yield {}, table
        return
    keys = table.select(present).group_by(present).aggregate([]).to_pylist()
    for key in keys:
        mask = None
        for column, value in key.items():
            cond = pc.equal(table[column], pa.scalar(value, table[column].type))
            mask = cond if mask is None else pc.and_(mask, cond)
        yield key, table.filter(mask)


class TidyReader:
    name = "tidy"

    def sniff(self, path: Path, data: bytes) -> bool:
        if data[:4] == PARQUET_MAGIC:
            return True
        first = data.split(b"\n", 1)[0].decode("utf-8", errors="replace").lower()
        names = {c.strip().strip('"') for c in first.split(",")}
        return all(c in names for c in REQUIRED)

    def read(self, path: Path, data: bytes) -> list[ParsedRelease]:
        where = str(path)
        table = _check(_read_table(path, data), where)
        out = []
        for key, part in _release_groups(table):
            published = key.get("published")
            if isinstance(published, str) and published:
                try:
                    published = date.fromisoformat(published)
                except ValueError as exc:
                    raise ParseError(
                        f"published {published!r} is not YYYY-MM-DD", file=where
                    ) from exc
            tier_text = str(key.get("tier") or DEFAULT_TIER).strip()
            if tier_text not in {str(t) for t in tiers.TIERS}:
                raise ParseError(f"tier {tier_text!r} is not 1, 2, 3 or 4", file=where)
            tier = int(tier_text)
            title = str(key.get("title") or path.name)
            meta = ReleaseMeta(
                publisher=str(key.get("publisher") or "user"),
                table_id=str(key.get("table_id") or f"tidy:{path.name}:{title}"),
                title=title,
                source=str(key.get("source") or where),
                published=published or None,
                content_hash=content_hash(
                    "tidy", repr(sorted(key.items())), str(part.drop(["source_row"]).to_pydict())
                ),
                source_format="tidy",
                authority=NEWS,
                status=str(key.get("status") or "preliminary"),
                tier=tier,
                source_kind=None if tier > tiers.OFFICIAL else "official",
            )
            out.append(ParsedRelease(meta, part.to_pylist()))
        return out
