"""The JSON API: one envelope (`{ok, data, meta}`) and one error shape for all; ETag and
Cache-Control on every read endpoint; the only POST is the article check (stores nothing)."""

from __future__ import annotations

import io
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from .. import __version__, api
from ..errors import UsageError
from .app import State, envelope_error, json_bytes, state
from .cache import etag
from .explore import ExploreQuery, series_table, with_tiers

router = APIRouter(prefix="/api", tags=["api"])

CACHE_CONTROL = "public, max-age=60"
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def envelope(data: Any, version: str, **meta: Any) -> dict[str, Any]:
    return {"ok": True, "data": data, "meta": {"store": version, "tradepulse": __version__, **meta}}


async def read(
    request: Request,
    key: tuple[Any, ...],
    make: Any,
    media: str = "application/json",
    headers: dict[str, str] | None = None,
) -> Response:
    """A cached read response with its ETag; 304 when the client's copy is current."""
    st: State = state(request)
    version = st.version()
    tag = etag(version, request.url.path, request.url.query)
    common = {"ETag": tag, "Cache-Control": CACHE_CONTROL, **(headers or {})}
    if request.headers.get("if-none-match") == tag:
        return Response(status_code=304, headers=common)
    body = await st.acached(key, make)
    return Response(body, media_type=media, headers=common)


def parse_date(text: str | None, name: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise UsageError(f"{name} {text!r} is not a date (YYYY-MM-DD)") from exc


@router.get("/series", summary="Figures in force, with their release and tier")
async def get_series(
    request: Request,
    q: Annotated[ExploreQuery, Query()],
    format: Literal["json", "csv", "parquet", "xlsx"] = "json",
) -> Response:
    """The stored figures in force (latest vintage, or as of a date) matching the filters;
    `format` csv, parquet or xlsx downloads them as a file instead."""
    st = state(request)
    query = q.series_query()

    def make() -> bytes:
        table = series_table(st.db, query)
        if format == "json":
            records = with_tiers(table)
            version = st.version()
            return json_bytes(envelope(records, version, count=len(records), query=q.params()))
        buf = io.BytesIO()
        api.write_table(table, format, buf)
        return buf.getvalue()

    headers = None
    if format != "json":
        headers = {"Content-Disposition": f'attachment; filename="{q.filename()}.{format}"'}
    return await read(
        request, ("api-series", format, q), make, MEDIA.get(format, "application/json"), headers
    )


@router.get("/releases", summary="Every release with publisher, tier, date and URL")
async def get_releases(request: Request) -> Response:
    st = state(request)

    def make() -> bytes:
        from ..vitals import tier_label

        rows = api.list_releases(st.db)
        for r in rows:
            r["tier"] = tier_label(r)
        return json_bytes(envelope(rows, st.version(), count=len(rows)))

    return await read(request, ("api-releases",), make)


@router.get("/releases/{release_id}", summary="One release and every figure it gave")
async def get_release(request: Request, release_id: int) -> Response:
    """Each figure says whether it is in force today (`in_force`): a later or more
    authoritative release may have replaced it."""
    st = state(request)

    def make() -> bytes:
        data = api.release_figures(release_id, st.db)
        return json_bytes(envelope(data, st.version(), count=len(data["figures"])))

    return await read(request, ("api-release", release_id), make)


@router.get("/coverage", summary="Months present and missing for each series")
async def get_coverage(request: Request) -> Response:
    st = state(request)

    def make() -> bytes:
        rows = api.coverage_rows(st.db)
        return json_bytes(envelope(rows, st.version(), count=len(rows)))

    return await read(request, ("api-coverage",), make)


@router.get("/vitals", summary="The latest month's vital signs (the home page)")
async def get_vitals(request: Request, currency: Literal["USD", "CNY"] = "USD") -> Response:
    st = state(request)

    def make() -> bytes:
        return json_bytes(envelope(api.vital_signs(st.db, currency), st.version()))

    return await read(request, ("api-vitals", currency), make)


@router.get("/bulletin/{period}", summary="The month's bulletin: text, sources, charts")
async def get_bulletin(
    request: Request, period: str, currency: Literal["CNY", "USD", "both"] = "both"
) -> Response:
    """`period` is YYYY-MM, or `latest`."""
    st = state(request)
    month = None if period == "latest" else period

    def make() -> bytes:
        data = api.bulletin_data(month, currency=currency, db=st.db)
        return json_bytes(envelope(data, st.version()))

    return await read(request, ("api-bulletin", month, currency), make)


class CheckRequest(BaseModel):
    text: str = Field(description="The article: plain text or HTML.", min_length=1)
    date: str | None = Field(None, description="Its publication date, YYYY-MM-DD.")
    url: str | None = Field(None, description="Where it was published (shown, not fetched).")


@router.post("/check", summary="Check an article's figures (nothing is stored)")
async def post_check(request: Request, body: CheckRequest) -> Response:
    st = state(request)
    client = request.client.host if request.client else "unknown"
    allowed, wait = st.check_limit.allow(client)
    if not allowed:
        response = envelope_error(
            429,
            "RateLimited",
            f"too many checks from {client}: at most {st.settings.check_per_minute} a "
            f"minute; try again in {wait:.0f} s",
        )
        response.headers["Retry-After"] = str(max(1, round(wait)))
        return response
    article_date = parse_date(body.date, "date")
    text, result = await st.check(
        body.text.encode("utf-8"), body.url or "<pasted text>", article_date
    )
    result["article"]["url"] = body.url
    payload = envelope({"text": text, **result}, st.version())
    return Response(
        json_bytes(payload), media_type="application/json", headers={"Cache-Control": "no-store"}
    )
