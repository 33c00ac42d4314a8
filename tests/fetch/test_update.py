"""`tradepulse update` on recorded answers of GACC's and MOFCOM's servers (no network).

The recorded answers: MOFCOM's data-centre query as its server returned it (2026-09-26),
GACC's 2026 preliminary-release index page (with the months whose pages are not recorded
unlinked, as the page itself shows months not yet published) and the release page its
remaining link leads to, (4) by country/region, March 2026, CNY.
"""

from __future__ import annotations

import hashlib
import http.server
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

import httpx
import pytest

from tradepulse import api
from tradepulse.errors import FetchError
from tradepulse.fetch.detect import block_reason
from tradepulse.fetch.gacc import INDEX, index_links, index_url
from tradepulse.fetch.http import USER_AGENT, Fetcher
from tradepulse.sources.mofcom import TOTALMONTH_URL
from tradepulse.store.db import Store

from ..conftest import shared_or_skip

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FETCH = FIXTURES / "fetch"
#: the release page the recorded index links to (March 2026 by country, CNY): the same
#: recorded page the parser tests read
RELEASE_PAGE = FIXTURES / "gacc-pages" / "release_section4_by_country_mar2026_cny.html"
MOFCOM_JSON = FIXTURES / "mofcom" / "totalmonth-2026-09-26.json"
PAGE_URL = "http://english.customs.gov.cn/Statics/2e61c8a1-17b2-4074-b909-c039ccf8c8fb.html"
ETAG = '"mofcom-2026-09-26"'

Handler = Callable[[httpx.Request], httpx.Response]


def recorded(seen: list[httpx.Request] | None = None, **overrides: bytes) -> Handler:
    """The sites as recorded; `overrides` replace an answer by URL key (index, page, mofcom)."""
    bodies = {
        "index": (FETCH / "gacc-preliminary-index-2026.html").read_bytes(),
        "page": RELEASE_PAGE.read_bytes(),
        "mofcom": MOFCOM_JSON.read_bytes(),
        **overrides,
    }

    def handle(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        url = str(request.url)
        if url == INDEX:
            return httpx.Response(200, content=bodies["index"])
        if url == PAGE_URL:
            return httpx.Response(200, content=bodies["page"])
        if url == TOTALMONTH_URL and request.method == "POST":
            if request.headers.get("If-None-Match") == ETAG:
                return httpx.Response(304)
            return httpx.Response(
                200,
                content=bodies["mofcom"],
                headers={"ETag": ETAG, "Last-Modified": "Sat, 26 Sep 2026 22:28:22 GMT"},
            )
        return httpx.Response(404, content=b"<html><body>not found</body></html>")

    return handle


@pytest.fixture
def user_store(db_path: Path, fixtures: Path) -> Path:
    """A store holding only a user's own ingest (so the embedded data is not loaded)."""
    api.ingest([fixtures / "text"], db_path)
    return db_path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_update_stores_new_releases_in_one_go_then_nothing(
    user_store: Path, tmp_path: Path
) -> None:
    seen: list[httpx.Request] = []
    transport = httpx.MockTransport(recorded(seen))
    report = api.update(user_store, transport=transport, cache_dir=tmp_path / "cache", retries=0)
    by_name = {s.name: s for s in report.sources}
    assert by_name["gacc"].checked == 1 and by_name["gacc"].fetched == 1
    assert by_name["mofcom"].releases == 68  # 2021-01 to 2026-08, one release a month
    assert by_name["gacc"].releases == 1
    assert report.ingest.added == 68 + 1
    assert report.ingest.inserted > 680  # the 680 MOFCOM figures and the page's
    assert all(r.headers["User-Agent"] == USER_AGENT for r in seen)
    assert "tradepulse/" in USER_AGENT
    with Store.reader(user_store) as store:
        row = store.con.execute(
            "SELECT value, publisher, cites, source FROM latest(NULL) WHERE flow = 'balance' "
            "AND period = '2026-08' AND period_kind = 'month' AND currency = 'USD'"
        ).fetchall()
    assert row == [(1190.85e8, "MOFCOM data centre (republishing GACC)", "GACC", TOTALMONTH_URL)]

    # a second update: the GACC page is known (not fetched again), MOFCOM answers 304
    seen.clear()
    again = api.update(user_store, transport=transport, cache_dir=tmp_path / "cache", retries=0)
    assert [str(r.url) for r in seen] == [INDEX, TOTALMONTH_URL]
    assert seen[1].headers["If-None-Match"] == ETAG
    assert seen[1].headers["If-Modified-Since"] == "Sat, 26 Sep 2026 22:28:22 GMT"
    assert again.ingest.added == 0 and again.ingest.inserted == 0


def test_a_revised_month_lands_as_a_new_vintage(user_store: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = httpx.MockTransport(recorded())
    api.update(user_store, sources=("mofcom",), transport=first, cache_dir=cache, retries=0)
    # the same answer with August 2026's exports and balance revised by 1.00
    revised = (
        MOFCOM_JSON.read_bytes()
        .replace(b'"imexgap_value":1190.85', b'"imexgap_value":1191.85')
        .replace(b'"export_value":4014.41', b'"export_value":4015.41')
    )
    revised = revised.replace(b'"total_value":6837.97', b'"total_value":6838.97')
    transport = httpx.MockTransport(recorded(mofcom=revised))
    report = api.update(
        user_store, sources=("mofcom",), transport=transport, cache_dir=tmp_path / "c2", retries=0
    )
    assert report.ingest.added == 1  # only August 2026 changed
    assert report.ingest.new_vintage == 3
    with Store.reader(user_store) as store:
        n = store.con.execute(
            "SELECT count(*) FROM observations WHERE flow = 'export' AND period = '2026-08' "
            "AND period_kind = 'month' AND measure = 'value'"
        ).fetchall()[0][0]
    assert n == 2  # both vintages kept


@pytest.mark.parametrize(
    ("overrides", "status", "message"),
    [
        ({"index": (FETCH / "gacc-cn-express-page-jul2026.html").read_bytes()}, 200, "layout"),
        ({"mofcom": (FIXTURES / "mofcom" / "reprint-16721.json").read_bytes()}, 200, "layout"),
        ({"index": b"<html><head><script>var _$ts=1;</script></head></html>"}, 412, "challenge"),
        ({"page": "<html><body>访问过于频繁，请输入验证码</body></html>".encode()}, 200, "block"),
    ],
    ids=["gacc-index-layout", "mofcom-layout", "gacc-412-challenge", "gacc-captcha"],
)
def test_a_failed_fetch_leaves_the_store_unchanged(
    user_store: Path, tmp_path: Path, overrides: dict[str, bytes], status: int, message: str
) -> None:
    handler = recorded(**overrides)

    def with_status(request: httpx.Request) -> httpx.Response:
        response = handler(request)
        if status != 200 and str(request.url) == INDEX:
            return httpx.Response(status, content=response.content)
        return response

    before = sha256(user_store)
    with pytest.raises(FetchError) as info:
        transport = httpx.MockTransport(with_status)
        api.update(user_store, transport=transport, cache_dir=tmp_path / "c", retries=0)
    line = info.value.one_line()
    assert "\n" not in line and message in line and "http" in line
    assert sha256(user_store) == before


def test_no_network_exits_non_zero_with_one_line_and_the_store_unchanged(
    user_store: Path, tmp_path: Path
) -> None:
    def offline(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno -3] Temporary failure in name resolution")

    before = sha256(user_store)
    with pytest.raises(FetchError) as info:
        transport = httpx.MockTransport(offline)
        api.update(user_store, transport=transport, cache_dir=tmp_path / "c", retries=0)
    assert info.value.one_line().startswith("cannot reach english.customs.gov.cn")
    assert sha256(user_store) == before


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_cli_update_offline_prints_one_line_and_exits_non_zero(
    user_store: Path, tmp_path: Path
) -> None:
    """The command itself, with every request sent to a closed local port (no network)."""
    proxy = f"http://127.0.0.1:{_closed_port()}"
    env = {
        **{k: v for k, v in os.environ.items() if "proxy" not in k.lower()},
        "HTTP_PROXY": proxy,
        "HTTPS_PROXY": proxy,
        "XDG_CACHE_HOME": str(tmp_path / "xdg"),
        "TRADEPULSE_DB": str(user_store),
    }
    before = sha256(user_store)
    proc = subprocess.run(
        [sys.executable, "-m", "tradepulse", "update", "--retries", "0"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: cannot reach"), proc.stderr
    assert "english.customs.gov.cn" in lines[0] and "Nothing was stored" in lines[0]
    assert sha256(user_store) == before


def test_retries_back_off_exponentially_and_hosts_are_paced(tmp_path: Path) -> None:
    calls: list[str] = []

    def flaky(request: httpx.Request) -> httpx.Response:
        calls.append(str(request.url))
        return httpx.Response(503 if len(calls) < 3 else 200, content=b"<html><p>ok</p></html>")

    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    fetcher = Fetcher(
        transport=httpx.MockTransport(flaky),
        cache_dir=tmp_path,
        sleep=sleep,
        clock=lambda: now[0],
        retries=3,
        backoff=2.0,
    )
    answer = fetcher.get("http://example.org/a")
    assert answer.content.endswith(b"ok</p></html>")
    assert slept == [2.0, 4.0]  # back-off doubles; each wait also keeps a second per host
    fetcher.get("http://example.org/b")  # right after: waits out the rest of the second
    fetcher.get("http://example.net/c")  # another host: no wait
    assert slept == [2.0, 4.0, 1.0]


def test_retries_give_up_with_one_line(tmp_path: Path) -> None:
    fetcher = Fetcher(
        transport=httpx.MockTransport(lambda r: httpx.Response(503)),
        cache_dir=tmp_path,
        sleep=lambda s: None,
        retries=2,
    )
    with pytest.raises(FetchError, match=r"HTTP 503"):
        fetcher.get("http://example.org/x")


def test_index_links_follow_the_trade_tables_only() -> None:
    links = index_links((FETCH / "gacc-preliminary-index-2026.html").read_bytes(), INDEX)
    assert [(x.title, x.month, x.url) for x in links] == [
        ("(4) China's Total Export & Import Values by Country/Region (in CNY)", "Mar.", PAGE_URL)
    ]


@pytest.mark.acceptance
def test_the_full_index_page_links_twelve_tables_for_two_months() -> None:
    page = shared_or_skip("data", "gacc-pages", "seed_2026.html")
    links = index_links(page.read_bytes(), INDEX)
    assert len(links) == 24  # (1)-(6) in CNY and USD, February and March; (7), (8) not
    assert {x.month for x in links} == {"Feb.", "Mar."}


def test_block_pages_are_named() -> None:
    assert block_reason(412, b"") == "bot challenge"
    assert block_reason(200, b"   ") == "an empty answer"
    assert block_reason(200, b"<html><script>x()</script></html>") is not None
    page = RELEASE_PAGE.read_bytes()
    assert block_reason(200, page) is None
    assert block_reason(200, MOFCOM_JSON.read_bytes()) is None


class _RecordedSite(http.server.BaseHTTPRequestHandler):
    """A local HTTP proxy that answers with the recorded GACC pages (absolute-form URLs)."""

    pages: ClassVar[dict[str, bytes]] = {}

    def do_GET(self) -> None:
        body = self.pages.get(self.path)
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(body or b"<html><body>not found</body></html>")

    def log_message(self, *args: object) -> None:
        pass


def test_cli_update_prints_a_line_per_source_and_a_summary(
    user_store: Path, tmp_path: Path
) -> None:
    """The command itself, end to end, with a local proxy serving the recorded pages."""
    _RecordedSite.pages = {
        INDEX: (FETCH / "gacc-preliminary-index-2026.html").read_bytes(),
        PAGE_URL: RELEASE_PAGE.read_bytes(),
    }
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _RecordedSite)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        proxy = f"http://127.0.0.1:{server.server_address[1]}"
        env = {
            **{k: v for k, v in os.environ.items() if "proxy" not in k.lower()},
            "HTTP_PROXY": proxy,
            "XDG_CACHE_HOME": str(tmp_path / "xdg"),
            "TRADEPULSE_DB": str(user_store),
        }
        proc = subprocess.run(
            [sys.executable, "-m", "tradepulse", "update", "--source", "gacc", "--retries", "0"],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
    finally:
        server.shutdown()
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert lines[0] == f"gacc: 1 listed at {INDEX}, 1 fetched, 1 release(s) read"
    assert lines[-1].startswith("stored: 1 release(s) added, 0 unchanged; observations: ")
    assert lines[-1].endswith("; 2 request(s)")


def test_a_past_year_is_read_from_its_own_index(user_store: Path, tmp_path: Path) -> None:
    seen: list[httpx.Request] = []
    handler = recorded(seen)

    def past(request: httpx.Request) -> httpx.Response:
        if str(request.url) == index_url(2025):  # the recorded index, served as 2025's
            seen.append(request)
            return httpx.Response(
                200, content=(FETCH / "gacc-preliminary-index-2026.html").read_bytes()
            )
        return handler(request)

    transport = httpx.MockTransport(past)
    report = api.update(
        user_store, sources=("gacc",), transport=transport, cache_dir=tmp_path, retries=0, year=2025
    )
    assert report.sources[0].where == index_url(2025)
    assert str(seen[0].url) == index_url(2025)
