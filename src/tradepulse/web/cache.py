"""Per-process memo of expensive results, keyed by the store's version (file mtime and
size), so a changed store is never served stale; and the ETag of a read response."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from .. import __version__

T = TypeVar("T")


class Memo:
    def __init__(self, size: int = 256) -> None:
        self.size = size
        self.items: OrderedDict[Hashable, Any] = OrderedDict()
        self.making: dict[Hashable, threading.Lock] = {}
        self.lock = threading.Lock()

    def peek(self, key: Hashable) -> Any:
        """The cached value, or None: lets an async caller skip the thread pool on a hit."""
        with self.lock:
            return self.items.get(key)

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        """The value for `key`, made once: callers arriving while it is being made wait
        for it (the first page after start-up, or after the store changed, is made once
        however many requests ask for it at the same moment)."""
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
            flight = self.making.setdefault(key, threading.Lock())
        with flight:
            with self.lock:
                if key in self.items:
                    return self.items[key]
            try:
                value = make()
            except BaseException:
                with self.lock:
                    self.making.pop(key, None)
                raise
            with self.lock:
                self.items[key] = value
                self.making.pop(key, None)
                while len(self.items) > self.size:
                    self.items.popitem(last=False)
            return value


def etag(version: str, *parts: str) -> str:
    """A weak ETag: the same store, app version and request give the same response."""
    digest = hashlib.sha1("\x00".join((__version__, version, *parts)).encode()).hexdigest()
    return f'W/"{digest[:20]}"'


class ResponseCache:
    """Pure ASGI middleware: a GET answered with an ETag (the read endpoints and the cached
    pages) is kept whole, keyed by path, query and store version, and served again without
    entering the framework; with a matching If-None-Match it answers 304. Responses
    without an ETag (the explorer page, the check) always go through."""

    def __init__(
        self, app: Any, version: Callable[[], str], size: int = 512, max_bytes: int = 4 << 20
    ) -> None:
        self.app = app
        self.version = version
        self.size = size
        self.max_bytes = max_bytes
        self.items: OrderedDict[tuple[str, bytes, str], tuple[int, list, bytes, bytes]] = (
            OrderedDict()
        )
        self.lock = threading.Lock()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        key = (scope["path"], scope.get("query_string", b""), self.version())
        with self.lock:
            hit = self.items.get(key)
            if hit is not None:
                self.items.move_to_end(key)
        if hit is not None:
            status, headers, tag, body = hit
            client_tag = next((v for k, v in scope["headers"] if k == b"if-none-match"), None)
            if client_tag == tag:
                kept = [(k, v) for k, v in headers if k in (b"etag", b"cache-control")]
                await send({"type": "http.response.start", "status": 304, "headers": kept})
                await send({"type": "http.response.body", "body": b""})
                return
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def capture(message: Any) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    self._keep(key, start, b"".join(chunks))
            await send(message)

        await self.app(scope, receive, capture)

    def _keep(self, key: tuple[str, bytes, str], start: dict[str, Any], body: bytes) -> None:
        headers = list(start.get("headers", []))
        tag = next((v for k, v in headers if k == b"etag"), None)
        if start.get("status") != 200 or tag is None or len(body) > self.max_bytes:
            return
        with self.lock:
            self.items[key] = (200, headers, tag, body)
            while len(self.items) > self.size:
                self.items.popitem(last=False)
