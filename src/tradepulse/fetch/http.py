"""A polite HTTP client for official statistics sites.

One `Fetcher` per update: it names tradepulse in its User-Agent, waits at least a second
between two requests to the same host, retries transient failures with exponential
back-off, keeps every answer in an on-disk cache and revalidates it with conditional
requests (ETag → If-None-Match, Last-Modified → If-Modified-Since), and refuses block
pages. The HTTP client (or just its transport) is injected, so tests run on recorded
answers through `httpx.MockTransport` without touching the network.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import platformdirs

from .. import __version__
from ..errors import FetchError
from .cache import CachedAnswer, HttpCache
from .detect import block_reason

USER_AGENT = (
    f"tradepulse/{__version__} (China trade statistics; one request a second per host; "
    "+https://pypi.org/project/tradepulse/)"
)
#: statuses worth another try: the server is busy or briefly unwell
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MIN_INTERVAL = 1.0  # seconds between two requests to one host
RETRIES = 3  # further attempts after the first
BACKOFF = 2.0  # seconds before the first retry; doubled each time
TIMEOUT = httpx.Timeout(30.0, connect=10.0)


def default_cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("tradepulse", appauthor=False)) / "http"


@dataclass(frozen=True)
class Answer:
    """A page or document as fetched (or revalidated from the cache)."""

    url: str
    content: bytes
    retrieved: date
    from_cache: bool  # the server said 304 Not Modified

    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")


class Fetcher:
    def __init__(
        self,
        client: httpx.Client | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        cache_dir: Path | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        retries: int = RETRIES,
        backoff: float = BACKOFF,
    ) -> None:
        self.client = client or httpx.Client(
            transport=transport,
            timeout=TIMEOUT,
            follow_redirects=True,
            headers={"User-Agent": USER_AGENT},
        )
        self.client.headers["User-Agent"] = USER_AGENT
        self.cache = HttpCache(cache_dir or default_cache_dir())
        self.sleep, self.clock = sleep, clock
        self.retries, self.backoff = retries, backoff
        self._last: dict[str, float] = {}
        self.requests = 0

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- politeness ------------------------------------------------------------------

    def _wait_turn(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            wait = MIN_INTERVAL - (self.clock() - last)
            if wait > 0:
                self.sleep(wait)
        self._last[host] = self.clock()

    # --- fetching --------------------------------------------------------------------

    def get(self, url: str, *, referer: str | None = None) -> Answer:
        return self.request("GET", url, referer=referer)

    def post(self, url: str, data: dict[str, str], *, referer: str | None = None) -> Answer:
        return self.request("POST", url, data=data, referer=referer)

    def request(
        self,
        method: str,
        url: str,
        *,
        data: dict[str, str] | None = None,
        referer: str | None = None,
    ) -> Answer:
        """The answer's body; FetchError (one line: what failed, where) otherwise."""
        host = urlsplit(url).netloc
        cached = self.cache.load(method, url, data)
        headers = {"Referer": referer} if referer else {}
        if cached is not None:
            headers.update(cached.validators())
        response = self._send(method, url, data, headers, host)
        today = datetime.now(UTC).date()
        if response.status_code == 304 and cached is not None:
            return Answer(url, cached.content, today, from_cache=True)
        if response.status_code >= 400:
            reason = block_reason(response.status_code, response.content)
            raise FetchError(
                f"{host} answered HTTP {response.status_code}" + (f" ({reason})" if reason else ""),
                file=url,
            )
        reason = block_reason(response.status_code, response.content)
        if reason:
            raise FetchError(f"{host} sent a block page instead of data: {reason}", file=url)
        self.cache.save(
            method,
            url,
            data,
            CachedAnswer(
                content=response.content,
                etag=response.headers.get("ETag"),
                last_modified=response.headers.get("Last-Modified"),
            ),
        )
        return Answer(url, response.content, today, from_cache=False)

    def _send(
        self,
        method: str,
        url: str,
        data: dict[str, str] | None,
        headers: dict[str, str],
        host: str,
    ) -> httpx.Response:
        delay = self.backoff
        for attempt in range(self.retries + 1):
            self._wait_turn(host)
            self.requests += 1
            try:
                response = self.client.request(method, url, data=data, headers=headers)
            except httpx.TimeoutException as exc:
                problem = f"{host} did not answer in time ({type(exc).__name__})"
            except httpx.TransportError as exc:
                problem = f"cannot reach {host} ({type(exc).__name__}: {exc})"
            else:
                if response.status_code not in RETRY_STATUSES:
                    return response
                problem = f"{host} answered HTTP {response.status_code}"
                if attempt == self.retries:
                    return response
            if attempt == self.retries:
                raise FetchError(f"{problem} after {attempt + 1} attempts", file=url)
            self.sleep(delay)
            delay *= 2
        raise AssertionError("unreachable")  # the loop returns or raises
