"""The pages: each calls the library (through the same cached calls as the JSON API) and
renders a template; Jinja escapes every value, so article text shows as text."""

from __future__ import annotations

import functools
import threading
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from .. import api
from ..errors import ClaimError, UsageError
from ..model import Period
from .app import State, state
from .cache import etag
from .explore import ExploreQuery, explorer_view, series_table
from .routes import parse_date

router = APIRouter(include_in_schema=False)


def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context, status_code=status)


async def cached_page(request: Request, key: tuple[Any, ...], render: Any) -> Response:
    """A whole rendered page memoised per store version, with an ETag."""
    st: State = state(request)
    version = st.version()
    tag = etag(version, request.url.path, request.url.query)
    headers = {"ETag": tag, "Cache-Control": "public, max-age=60"}
    if request.headers.get("if-none-match") == tag:
        return Response(status_code=304, headers=headers)
    body = await st.acached(key, lambda: bytes(render().body))
    return HTMLResponse(body, headers=headers)


@router.get("/")
async def home(request: Request, currency: Literal["USD", "CNY"] = "USD") -> Response:
    st = state(request)

    def render() -> Response:
        vitals = st.cached(("vitals", currency), lambda: api.vital_signs(st.db, currency))
        return page(request, "home.html", {"v": vitals, "currency": currency})

    return await cached_page(request, ("home", currency), render)


@router.get("/bulletin")
def bulletin_latest(request: Request, month: str | None = None) -> Response:
    """The month picker submits here; without a month, the latest bulletin."""
    st = state(request)
    if month:
        Period.parse(month)
        return RedirectResponse(f"/bulletin/{month}", status_code=303)
    data = st.cached(("bulletin", None, "both"), lambda: api.bulletin_data(None, db=st.db))
    return RedirectResponse(f"/bulletin/{data['period']}", status_code=303)


@router.get("/bulletin/{period}")
async def bulletin(request: Request, period: str) -> Response:
    st = state(request)
    Period.parse(period)

    def render() -> Response:
        data = st.cached(("bulletin", period, "both"), lambda: api.bulletin_data(period, db=st.db))
        notes: dict[str, int] = {}
        sources: list[dict[str, Any]] = []
        for section in data["sections"]:
            for sentence in section["sentences"]:
                for n in sentence["numbers"]:
                    key = _source_key(n)
                    if key not in notes:
                        notes[key] = len(notes) + 1
                        sources.append(n)
                    n["note"] = notes[key]
        return page(request, "bulletin.html", {"b": data, "sources": sources})

    return await cached_page(request, ("bulletin-page", period), render)


def _source_key(n: dict[str, Any]) -> str:
    ids = sorted({i["release_id"] for i in n["inputs"]})
    return f"{n['indicator']}|{n['series']}|{n['period']}|{ids}"


@router.get("/explorer")
def explorer(request: Request, q: Annotated[ExploreQuery, Query()]) -> Response:
    st = state(request)
    if not request.url.query:  # a first visit: China's monthly exports in dollars
        q = ExploreQuery.model_validate(
            {
                "flow": "export",
                "partner": "WLD",
                "breakdown": "none",
                "kind": "month",
                "currency": "USD",
            }
        )
    choices = st.cached(("choices",), lambda: api.series_choices(st.db))
    query = q.series_query(measure=None)
    view = st.cached(("explorer", q), lambda: explorer_view(series_table(st.db, query)))
    params = q.params()
    return page(
        request,
        "explorer.html",
        {"q": q, "params": params, "choices": choices, "view": view, "download": urlencode(params)},
    )


@router.get("/check")
def check_form(request: Request) -> Response:
    st = state(request)
    return page(request, "check.html", {"limit_kb": st.settings.max_check_bytes // 1024})


@router.post("/check")
async def check_submit(
    request: Request,
    text: Annotated[str, Form()] = "",
    file: Annotated[UploadFile | None, File()] = None,
    date: Annotated[str, Form()] = "",
    url: Annotated[str, Form()] = "",
) -> Response:
    st = state(request)
    client = request.client.host if request.client else "unknown"
    context: dict[str, Any] = {
        "limit_kb": st.settings.max_check_bytes // 1024,
        "text": text,
        "date": date,
        "url": url,
    }
    allowed, wait = st.check_limit.allow(client)
    if not allowed:
        context["error"] = (
            f"Too many checks from your address: at most "
            f"{st.settings.check_per_minute} a minute. Try again in {wait:.0f} s."
        )
        return page(request, "check.html", context, status=429)
    data = text.encode("utf-8")
    source = url or "pasted text"
    if file is not None and file.filename:
        data = await file.read()
        source = url or file.filename
    try:
        if not data.strip():
            raise UsageError("no article given: paste its text or choose a file")
        article_date = parse_date(date, "date")
        article, result = await st.check(data, source, article_date)
    except (UsageError, ClaimError) as exc:
        context["error"] = exc.one_line()
        return page(request, "check.html", context, status=422)
    context.update(article=article, result=result)
    response = page(request, "check.html", context)
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/releases")
async def releases(request: Request) -> Response:
    st = state(request)

    def render() -> Response:
        from ..vitals import tier_label

        rows = api.list_releases(st.db)
        for r in rows:
            r["tier"] = tier_label(r)
        rows.reverse()  # newest first
        coverage = api.coverage_rows(st.db)
        return page(request, "releases.html", {"releases": rows, "coverage": coverage})

    return await cached_page(request, ("releases",), render)


@router.get("/releases/{release_id}")
async def release(request: Request, release_id: int) -> Response:
    st = state(request)

    def render() -> Response:
        data = api.release_figures(release_id, st.db)
        return page(request, "release.html", {"r": data})

    return await cached_page(request, ("release", release_id), render)


@router.get("/docs")
def docs(request: Request) -> Response:
    """The API reference, rendered here from the OpenAPI document (works offline)."""
    schema = request.app.openapi()
    return page(request, "docs.html", {"schema": schema})


def warm(st: State) -> None:
    """At start-up: the home page's figures before the first request (so the first visitor
    is served at once), and the Vega bundle in the background (vl-convert takes seconds;
    only the chart pages need it)."""
    st.cached(("vitals", "USD"), lambda: api.vital_signs(st.db, "USD"))
    threading.Thread(target=_vega_bundle, name="vega-bundle", daemon=True).start()


@functools.cache
def _vega_bundle() -> bytes:
    import vl_convert

    bundle = vl_convert.javascript_bundle()  # type: ignore[call-arg]
    return str(bundle).encode()


@router.get("/assets/vega.js")
def vega_bundle() -> Response:
    """Vega, Vega-Lite and Vega-Embed, bundled by vl-convert: no CDN, works offline."""
    return Response(
        _vega_bundle(),
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=86400"},
    )
