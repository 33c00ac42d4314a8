"""Request guards as pure ASGI middleware (cheaper than Starlette's BaseHTTPMiddleware):
security headers with a Content-Security-Policy, and a body-size limit for the routes
that take a body."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Only the app's own scripts, styles, images and connections; no inline script anywhere.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
#: Vega compiles its expressions with Function(), so the two chart pages (which show only
#: the store's own figures, never user input) also allow eval of the app's own scripts.
CSP_CHARTS = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'")
CHART_PATHS = ("/explorer", "/bulletin")

HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        csp = CSP_CHARTS if path.startswith(CHART_PATHS) else CSP

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [*HEADERS, (b"content-security-policy", csp.encode())]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


def error_body(status: int, message: str, kind: str) -> bytes:
    """The one error shape of the JSON API (see docs/web.md)."""
    return json.dumps(
        {"ok": False, "error": {"status": status, "type": kind, "message": message}}
    ).encode()


class BodyLimit:
    """Refuse bodies over `limit` bytes on `paths` with 413 (by Content-Length, and by
    counting for chunked uploads that give none)."""

    def __init__(self, app: ASGIApp, limit: int, paths: tuple[str, ...]) -> None:
        self.app = app
        self.limit = limit
        self.paths = paths

    def message(self) -> str:
        return (
            f"the request body is larger than {self.limit // 1024} KB: send a shorter "
            "article (plain text or HTML), or check it with `tradepulse check` locally"
        )

    async def refuse(self, scope: Scope, send: Send) -> None:
        wants_json = scope["path"].startswith("/api/")
        if wants_json:
            body, ctype = error_body(413, self.message(), "PayloadTooLarge"), b"application/json"
        else:
            body = (
                "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
                '<link rel="stylesheet" href="/static/site.css"><title>Too large</title>'
                f'</head><body><main class="page"><h1>413: too large</h1><p>{self.message()}'
                '.</p><p><a href="/check">Back to the checker</a></p></main></body></html>'
            ).encode()
            ctype = b"text/html; charset=utf-8"
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] not in self.paths:
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            await self.refuse(scope, send)
            return
        # No (or a false) Content-Length: read the body here, counting, and replay it.
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await self.refuse(scope, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class HeadAsGet:
    """HEAD answers as GET without the body (link checkers and monitors use it)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)
