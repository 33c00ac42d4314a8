"""The site in a real Chromium (Debian's package, driven by Playwright): every page, the
explorer, an article check read back from the page, the CSV download, keyboard use, and
screenshots at phone and desktop width saved to out/screenshots/."""

from __future__ import annotations

import csv
import io
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tradepulse.web import Settings, create_app

from .conftest import ARTICLE

SHOTS = Path(__file__).resolve().parents[2] / "out" / "screenshots"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


def chromium_path() -> str | None:
    for candidate in (
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


CHROMIUM = chromium_path()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium not found (/usr/bin/chromium): `make browser` installs Debian's package",
)


@pytest.fixture(scope="module")
def base_url(embedded_db: Path) -> Iterator[str]:
    """The app served by uvicorn on a free loopback port, in a thread."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(Settings(db=embedded_db, check_per_minute=0))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            pytest.fail("the test server did not start in 30 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Tab:
    """A page at one width that records console errors, CSP violations and dialogs."""

    def __init__(self, browser: Any, size: str) -> None:
        width, height = SIZES[size]
        self.size = size
        self.context = browser.new_context(
            viewport={"width": width, "height": height}, accept_downloads=True
        )
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on(
            "console",
            lambda m: self.problems.append(m.text) if m.type in ("error", "warning") else None,
        )
        self.page.on("pageerror", lambda e: self.problems.append(str(e)))
        self.page.on(
            "dialog", lambda d: (self.problems.append("dialog: " + d.message), d.dismiss())
        )

    def shot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        # the whole page where it is short enough to look at; the first screens otherwise
        height = self.page.evaluate("document.documentElement.scrollHeight")
        self.page.screenshot(path=str(SHOTS / f"{name}-{self.size}.png"), full_page=height <= 2600)

    def close(self) -> None:
        self.context.close()


@pytest.fixture(params=list(SIZES))
def tab(request: pytest.FixtureRequest, browser: Any) -> Iterator[Tab]:
    t = Tab(browser, request.param)
    yield t
    t.close()


PAGES = {
    "home": ("/", "#sign-total .big"),
    "bulletin": ("/bulletin/2020-11", "#chart-trade_trend.drawn svg"),
    "explorer": ("/explorer", "#chart.drawn svg"),
    "check": ("/check", "textarea#text"),
    "releases": ("/releases", "#releases tbody tr"),
    "release": ("/releases/1", "#figures tbody tr"),
    "docs": ("/docs", "section.endpoint"),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_page_loads_clean(tab: Tab, base_url: str, name: str) -> None:
    path, ready = PAGES[name]
    response = tab.page.goto(base_url + path, wait_until="networkidle")
    assert response is not None and response.status == 200
    tab.page.wait_for_selector(ready, timeout=30_000)
    # nothing wider than the screen (tables scroll inside their own box)
    overflow = tab.page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"{name} is {overflow}px wider than the {tab.size} screen"
    tab.shot(name)
    assert tab.problems == [], tab.problems  # no CSP violation, no script error


def test_explorer_choose_series_and_hover(tab: Tab, base_url: str) -> None:
    page = tab.page
    page.goto(base_url + "/explorer", wait_until="networkidle")
    page.select_option("#flow", "import")
    page.select_option("#currency", "CNY")
    page.select_option("#kind", "ytd")
    page.click("button[type=submit]")
    page.wait_for_selector("#chart.drawn svg", timeout=30_000)
    assert "flow=import" in page.url and "currency=CNY" in page.url and "kind=ytd" in page.url
    rows = page.locator("#series-table tbody tr")
    assert rows.count() > 20
    assert "¥" in rows.first.inner_text()
    # the permalink reproduces the view
    assert page.get_attribute("#permalink", "href").endswith("kind=ytd&currency=CNY") or (
        "flow=import" in page.get_attribute("#permalink", "href")
    )
    # hover a bar: the tooltip gives the value, release and tier
    bar = page.locator("#chart svg .mark-rect path").last
    bar.hover()
    tip = page.locator("#vg-tooltip-element")
    tip.wait_for(state="visible", timeout=5_000)
    text = tip.inner_text()
    assert "tier" in text and "release" in text
    tab.shot("explorer-imports-ytd")
    # a breakdown: the item list follows it
    page.select_option("#breakdown", "commodity")
    assert page.is_enabled("#code")
    page.select_option("#code", "mech_elec")
    page.select_option("#flow", "export")
    page.click("button[type=submit]")
    page.wait_for_selector("#series-table tbody tr")
    assert "code=mech_elec" in page.url
    assert tab.problems == [], tab.problems


def test_csv_download(tab: Tab, base_url: str) -> None:
    page = tab.page
    page.goto(base_url + "/explorer", wait_until="networkidle")
    with page.expect_download() as info:
        page.click("#dl-csv")
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    text = Path(download.path()).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) > 50
    assert {r["flow"] for r in rows} == {"export"} and {r["currency"] for r in rows} == {"USD"}
    assert all(r["title"] for r in rows)


def test_check_an_article(tab: Tab, base_url: str) -> None:
    page = tab.page
    page.goto(base_url + "/check")
    page.fill("#text", ARTICLE)
    page.fill("#date", "2026-05-09")
    page.click("button[type=submit]")
    page.wait_for_selector(".result")
    verdicts = {
        row.locator("td").nth(0).inner_text(): row.locator("td").nth(1).inner_text().strip()
        for row in page.locator("#claims tbody tr").all()
    }
    assert verdicts["30%"] == "✗ refuted"
    assert verdicts["14.1%"] == "✓ supported"
    # the article's markup is shown as text and never runs
    assert "<script>alert('x')</script>" in page.inner_text(".article")
    assert page.locator(".article script, .article img").count() == 0
    # keyboard: tab to a claim and its provenance appears
    refuted = page.locator(".claim.v-refuted").first
    refuted.focus()
    tip = refuted.locator(".tip")
    assert tip.is_visible()
    assert "Official" in tip.inner_text() and "Source" in tip.inner_text()
    box = tip.bounding_box()
    width = SIZES[tab.size][0]
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    tab.shot("check-result")
    assert tab.problems == [], tab.problems


def test_keyboard_navigation(tab: Tab, base_url: str) -> None:
    page = tab.page
    page.goto(base_url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    visited = []
    for _ in range(8):
        page.keyboard.press("Tab")
        visited.append(page.evaluate("document.activeElement.getAttribute('href')"))
    assert {"/bulletin", "/explorer", "/check", "/releases"} <= set(visited)
    page.goto(base_url + "/bulletin/2020-11")
    page.focus("#month")
    page.select_option("#month", "2019-06")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/bulletin/2019-06")
    assert "June 2019" in page.inner_text("h1")
