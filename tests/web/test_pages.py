"""The pages through the ASGI test client: content from the library, escaping, errors."""

from __future__ import annotations

import html
import re
from pathlib import Path

from fastapi.testclient import TestClient

from tradepulse import api
from tradepulse.web.present import amount, inline_code, pct, segments, sparkline

from .conftest import ARTICLE


def text_of(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", page)).split())


def test_home_shows_the_vital_signs(client: TestClient, embedded_db: Path) -> None:
    page = client.get("/").text
    vitals = api.vital_signs(embedded_db)
    for sign in vitals["signs"]:
        assert amount(sign["value"], sign["unit"], "USD") in page
        assert sign["sources"][0]["tier"] in page
    assert f'href="/bulletin/{vitals["period"]}"' in page
    assert "What changed with the latest release" in page
    assert "¥" in client.get("/?currency=CNY").text


def test_bulletin_page_has_the_bulletins_text(client: TestClient, embedded_db: Path) -> None:
    page = client.get("/bulletin/2020-11")
    assert page.status_code == 200
    # the page adds a footnote number after each figure: compare without them
    shown = text_of(re.sub(r"<sup>\d+</sup>", "", page.text))
    data = api.bulletin_data("2020-11", db=embedded_db)
    sentences = [s["text"] for sec in data["sections"] for s in sec["sentences"]]
    assert len(sentences) > 5
    for sentence in sentences:
        assert " ".join(sentence.split()) in shown
    assert page.text.count('type="application/json"') == len(data["charts"])
    assert 'value="2020-11" selected' in page.text
    r = client.get("/bulletin?month=2019-06", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/bulletin/2019-06"
    assert (
        client.get("/bulletin", follow_redirects=False)
        .headers["location"]
        .startswith("/bulletin/20")
    )
    assert client.get("/bulletin/2035-01").status_code == 404


def test_explorer_permalink_and_downloads(client: TestClient) -> None:
    url = "/explorer?flow=import&partner=WLD&breakdown=none&currency=CNY&kind=ytd"
    page = client.get(url).text
    assert '<option value="import" selected>' in page
    assert "flow=import&amp;partner=WLD&amp;breakdown=none" in page
    assert "format=csv" in page and "format=parquet" in page and "format=xlsx" in page
    assert 'id="series-table"' in page
    blank = client.get("/explorer?flow=import&breakdown=none&code=&from=&to=&kind=ytd")
    assert blank.status_code == 200 and 'id="series-table"' in blank.text
    empty = client.get("/explorer?flow=import&breakdown=commodity&code=no_such_thing").text
    assert "No figures are stored for this choice" in empty


def test_check_page_escapes_the_article(client: TestClient) -> None:
    r = client.post("/check", data={"text": ARTICLE, "date": "2026-05-09"})
    assert r.status_code == 200
    assert "<script>alert" not in r.text and "<img src=x" not in r.text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in r.text
    assert 'class="claim v-refuted"' in r.text
    assert "2026-05-09 (as you gave it)" in r.text
    assert "✗</span> refuted" in r.text  # a word and an icon, not colour alone
    upload = client.post("/check", files={"file": ("a.html", ARTICLE.encode(), "text/html")})
    assert upload.status_code == 200 and "<script>alert" not in upload.text
    assert client.post("/check", data={"text": "  "}).status_code == 422


def test_releases_page(client: TestClient) -> None:
    page = client.get("/releases").text
    assert 'id="releases"' in page and 'id="coverage-table"' in page
    assert "tier 1 · official table" in page


def test_html_errors(client: TestClient) -> None:
    r = client.get("/no/such/page")
    assert r.status_code == 404 and "<h1>404" in r.text
    r = client.get("/bulletin/20-11")
    assert r.status_code == 400 and "not YYYY-MM" in r.text


def test_assets_are_local(client: TestClient) -> None:
    for url in ("/", "/explorer", "/bulletin/2020-11", "/check", "/releases", "/docs"):
        page = client.get(url).text
        # scripts, styles and icons (links to sources may point anywhere)
        assets = re.findall(r'src="([^"]+)"', page) + re.findall(r'<link[^>]+href="([^"]+)"', page)
        assert assets
        for src in assets:
            assert src.startswith("/") and not src.startswith("//"), src
    js = client.get("/assets/vega.js")
    assert js.status_code == 200 and b"vegaEmbed" in js.content
    assert client.get("/static/site.css").status_code == 200


def test_presentation_helpers() -> None:
    assert amount(359.44e9, "dollar") == "$359.4 bn"
    assert amount(-2.5e12, "yuan") == "−¥2.50 trn"
    assert amount(3_368_000, "tonne") == "3.37 m tonne"
    assert pct(14.06) == "+14.1%" and pct(-0.04) == "−0.0%" and pct(None) == "–"
    assert inline_code("`a<b` c") == "<code>a&lt;b</code> c"
    svg = sparkline([["2026-01", 1.0], ["2026-02", 3.0], ["2026-03", 2.0]])
    assert svg.count("<polyline") == 1 and "3 months" in svg
    parts = segments("ab 5% cd", [{"span": [3, 5], "verdict": "supported"}])
    assert [p for p, _ in parts] == ["ab ", "5%", " cd"]
