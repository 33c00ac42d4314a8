"""The FastAPI application: settings, shared state, error shapes, and the routers."""

from __future__ import annotations

import asyncio
import functools
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__, api
from ..errors import (
    ClaimError,
    DataNotFound,
    InvalidComparison,
    StoreError,
    TradepulseError,
    UsageError,
)
from . import present, worker
from .cache import Memo, ResponseCache
from .guard import BodyLimit, HeadAsGet, SecurityHeaders
from .ratelimit import RateLimit
from .worker import CheckPool

WORKER_ERRORS: dict[str, type[TradepulseError]] = {
    cls.__name__: cls
    for cls in (ClaimError, DataNotFound, InvalidComparison, StoreError, UsageError)
}

HERE = Path(__file__).parent


@dataclass(frozen=True)
class Settings:
    db: Path | None = None
    #: article checks a minute per client (0: no limit)
    check_per_minute: int = 20
    #: largest article body accepted by /api/check and the upload form, in bytes
    max_check_bytes: int = 512 * 1024
    #: worker processes for article checks (0: the server's own threads)
    check_workers: int = 1
    #: build the Vega bundle in the background at start-up (pages with charts need it)
    warm: bool = True


class State:
    """What every request shares: the store's path, the memo, the check limiter."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.db = api.resolve_db(settings.db)
        self.memo = Memo()
        self.check_limit = RateLimit(settings.check_per_minute)
        self.checks = CheckPool(settings.check_workers)

    async def check(
        self, data: bytes, source: str, article_date: date | None
    ) -> tuple[str, dict[str, Any]]:
        """Check an article in a worker process; library errors are raised here again."""
        job = functools.partial(worker.check, data, source, article_date, self.db)
        executor = self.checks.get()
        if executor is None:
            outcome = await run_in_threadpool(job)
        else:
            outcome = await asyncio.get_running_loop().run_in_executor(executor, job)
        if outcome[0] == "error":
            kind, message = outcome[1], outcome[2]
            raise WORKER_ERRORS.get(kind, TradepulseError)(message, hint="")
        return outcome[1], outcome[2]

    def version(self) -> str:
        return api.store_version(self.db)

    def cached(self, key: tuple[Any, ...], make: Any) -> Any:
        return self.memo.get((*key, self.version()), make)

    async def acached(self, key: tuple[Any, ...], make: Any) -> Any:
        """As `cached`, from async code: a hit is served on the event loop at once (the hot
        path of the home page and the API), a miss is computed in a worker thread."""
        full = (*key, self.version())
        hit = self.memo.peek(full)
        if hit is not None:
            return hit
        return await run_in_threadpool(self.memo.get, full, make)


def state(request: Request) -> State:
    return request.app.state.tp


def status_of(exc: TradepulseError) -> int:
    if isinstance(exc, DataNotFound):
        return 404
    if isinstance(exc, ClaimError | InvalidComparison):
        return 422
    if isinstance(exc, StoreError):
        return 503
    return 400  # UsageError and any other input the library refused


def web_message(exc: TradepulseError) -> str:
    """The error's one line, with the CLI's hints replaced by the web's."""
    web_hints = {UsageError: "See /docs for the parameters", DataNotFound: WHAT_IS_STORED}
    hint = next((h for cls, h in web_hints.items() if isinstance(exc, cls)), None)
    if hint is None:
        return exc.one_line()
    where = exc.where()
    text = f"{exc.message} ({where})" if where else exc.message
    return f"{text}. {hint}"


WHAT_IS_STORED = "See /releases for the releases stored and the months each series covers"


def envelope_error(status: int, kind: str, message: str) -> JSONResponse:
    return JSONResponse(
        {"ok": False, "error": {"status": status, "type": kind, "message": message}},
        status_code=status,
    )


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "body"))
        parts.append(f"{where or 'request'}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) + ". See /docs for the parameters"


def create_app(settings: Settings | None = None) -> FastAPI:
    """The site and API over the store at `settings.db` (loaded with the embedded data
    on first use, as the CLI does), read-only."""
    settings = settings or Settings()
    tp = State(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        tp.checks.shutdown()

    app = FastAPI(
        lifespan=lifespan,
        title="tradepulse",
        version=__version__,
        description="China's official customs trade statistics: read-only JSON API. "
        "Every response is `{ok, data, meta}`; every error `{ok: false, error: "
        "{status, type, message}}`.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    api.ensure_data(settings.db)
    if settings.warm:
        from .views import warm

        warm(tp)
    app.state.tp = tp
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    present.register(templates.env)
    app.state.templates = templates

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"

    def error_page(request: Request, status: int, message: str) -> Response:
        if wants_json(request):
            kinds = {404: "NotFound", 405: "MethodNotAllowed", 413: "PayloadTooLarge"}
            return envelope_error(status, kinds.get(status, "HTTPError"), message)
        return templates.TemplateResponse(
            request, "error.html", {"status": status, "message": message}, status_code=status
        )

    @app.exception_handler(TradepulseError)
    async def on_library_error(request: Request, exc: TradepulseError) -> Response:
        status = status_of(exc)
        if wants_json(request):
            return envelope_error(status, type(exc).__name__, web_message(exc))
        return error_page(request, status, web_message(exc))

    @app.exception_handler(RequestValidationError)
    async def on_invalid(request: Request, exc: RequestValidationError) -> Response:
        message = _validation_message(exc)
        if wants_json(request):
            return envelope_error(422, "InvalidRequest", message)
        return error_page(request, 422, message)

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException) -> Response:
        messages = {
            404: f"nothing at {request.url.path}: see / for the pages and /docs for the API",
            405: f"{request.method} is not allowed on {request.url.path}: the API is "
            "read-only (only /api/check takes a POST)",
        }
        message = messages.get(exc.status_code, str(exc.detail))
        response = error_page(request, exc.status_code, message)
        for k, v in (exc.headers or {}).items():
            response.headers[k] = v
        return response

    from .routes import router as api_router
    from .views import router as page_router

    app.include_router(api_router)
    app.include_router(page_router)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.add_middleware(BodyLimit, limit=settings.max_check_bytes, paths=("/api/check", "/check"))
    app.add_middleware(ResponseCache, version=tp.version)
    app.add_middleware(HeadAsGet)
    app.add_middleware(SecurityHeaders)
    return app


def json_bytes(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, default=str, separators=(",", ":")).encode()


__all__ = ["Settings", "create_app"]
