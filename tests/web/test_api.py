"""The JSON API through the ASGI test client: every endpoint, the envelope and the error
shape, caching headers, limits and escaping."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from tradepulse import api
from tradepulse.store.queries import SeriesQuery
from tradepulse.web import Settings, create_app

from .conftest import ARTICLE

SERIES = "/api/series?flow=export&partner=WLD&breakdown=none&kind=month&currency=USD"


def ok(client: TestClient, url: str) -> dict:
    r = client.get(url)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["ok"] is True and set(body) == {"ok", "data", "meta"}
    assert body["meta"]["store"] and body["meta"]["tradepulse"]
    return body


def error(response, status: int) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["ok"] is False and set(body) == {"ok", "error"}
    assert set(body["error"]) == {"status", "type", "message"}
    assert body["error"]["status"] == status
    assert body["error"]["message"]
    return body["error"]


def test_series_matches_the_library(client: TestClient, embedded_db: Path) -> None:
    body = ok(client, SERIES)
    rows = body["data"]
    expected = api.get_series(
        SeriesQuery(flow="export", partner="WLD", no_breakdown=True, kind="month", currency="USD"),
        embedded_db,
    )
    assert body["meta"]["count"] == len(rows) == expected.num_rows > 50
    assert {(r["period"], r["measure"], r["value"]) for r in rows} == {
        (r["period"], r["measure"], r["value"]) for r in expected.to_pylist()
    }
    assert all(r["flow"] == "export" and r["breakdown"] is None for r in rows)
    assert all(r["release"]["tier"].startswith(("tier", "erratum")) for r in rows)


def test_series_breakdown_and_code(client: TestClient) -> None:
    rows = ok(client, "/api/series?flow=export&breakdown=commodity&code=mech_elec&kind=ytd")["data"]
    assert rows and {r["breakdown"]["code"] for r in rows} == {"mech_elec"}


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx"])
def test_series_downloads(client: TestClient, fmt: str) -> None:
    count = ok(client, SERIES)["meta"]["count"]
    r = client.get(SERIES + f"&format={fmt}")
    assert r.status_code == 200
    assert f'.{fmt}"' in r.headers["content-disposition"]
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(r.text)))
        assert len(rows) == count and {"period", "value", "title"} <= set(rows[0])
    elif fmt == "parquet":
        assert pq.read_table(io.BytesIO(r.content)).num_rows == count
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(r.content), read_only=True)["observations"]
        assert sum(1 for _ in sheet.iter_rows()) == count + 1


def test_etag_and_cache_headers(client: TestClient) -> None:
    for url in (SERIES, "/api/releases", "/api/coverage", "/api/bulletin/2020-11", "/"):
        r = client.get(url)
        tag = r.headers["etag"]
        assert "max-age" in r.headers["cache-control"]
        again = client.get(url, headers={"If-None-Match": tag})
        assert again.status_code == 304 and not again.content
    other = client.get(SERIES.replace("USD", "CNY"))
    assert other.headers["etag"] != client.get(SERIES).headers["etag"]


def test_a_changed_store_is_not_served_stale(embedded_db: Path) -> None:
    import os

    client = TestClient(create_app(Settings(db=embedded_db, warm=False)))
    before = client.get(SERIES).headers["etag"]
    assert client.get(SERIES).headers["etag"] == before  # served again from the cache
    st = os.stat(embedded_db)
    os.utime(embedded_db, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    try:
        after = client.get(SERIES, headers={"If-None-Match": before})
        assert after.status_code == 200 and after.headers["etag"] != before
    finally:
        os.utime(embedded_db, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_releases_and_coverage(client: TestClient, embedded_db: Path) -> None:
    releases = ok(client, "/api/releases")["data"]
    assert len(releases) == len(api.list_releases(embedded_db))
    first = releases[0]
    assert {"publisher", "published", "source", "tier", "title"} <= set(first)
    assert any(r["tier"].startswith("tier 1") for r in releases)
    coverage = ok(client, "/api/coverage")["data"]
    assert any(c["name"] == "headline total month CNY value" for c in coverage)
    assert all(c["months_present"] <= c["months_expected"] for c in coverage)


def test_one_release_and_its_figures(client: TestClient) -> None:
    releases = ok(client, "/api/releases")["data"]
    newest = max(
        (r for r in releases if r["published"] and r["tier"].startswith("tier 1")),
        key=lambda r: r["published"],
    )
    body = ok(client, f"/api/releases/{newest['release_id']}")
    data = body["data"]
    assert data["title"] == newest["title"] and data["tier"] == newest["tier"]
    assert body["meta"]["count"] == len(data["figures"]) == newest["observations"]
    assert any(f["in_force"] for f in data["figures"])
    # the page marks the same figures in force
    page = client.get(f"/releases/{newest['release_id']}")
    assert page.status_code == 200 and page.text.count("✓ yes") == sum(
        f["in_force"] for f in data["figures"]
    )
    missing = error(client.get("/api/releases/999999"), 404)
    assert "/releases" in missing["message"] and "tradepulse data" not in missing["message"]
    error(client.get("/api/releases/abc"), 422)


def test_bulletin_and_latest(client: TestClient) -> None:
    data = ok(client, "/api/bulletin/2020-11")["data"]
    assert data["period"] == "2020-11"
    assert "2020-11" in data["months"]
    sentence = data["sections"][0]["sentences"][0]
    assert sentence["template"].count("{}") == len(sentence["numbers"])
    assert all(n["inputs"] for n in sentence["numbers"])
    assert set(data["charts"]) >= {"trade_trend"}
    latest = ok(client, "/api/bulletin/latest")["data"]
    assert latest["period"] == latest["months"][0]


def test_vitals(client: TestClient) -> None:
    data = ok(client, "/api/vitals")["data"]
    signs = {s["flow"]: s for s in data["signs"]}
    assert set(signs) == {"total", "export", "import", "balance"}
    assert signs["balance"]["value"] == pytest.approx(
        signs["export"]["value"] - signs["import"]["value"]
    )
    assert all(s["sources"] and len(s["sparkline"]) >= 2 for s in signs.values())
    assert data["changes"]["published"] >= data["changes"]["previous"]


def test_error_shapes(client: TestClient) -> None:
    assert error(client.get("/api/nothing-here"), 404)["type"] == "NotFound"
    assert "flow" in error(client.get("/api/series?flow=sideways"), 422)["message"]
    bad = error(client.get("/api/bulletin/2020-13"), 400)
    assert bad["type"] == "UsageError" and "YYYY-MM" in bad["message"]
    assert "--help" not in bad["message"]
    assert error(client.get("/api/bulletin/2035-01"), 404)["type"] == "DataNotFound"
    assert error(client.get("/api/series?as_of=yesterday"), 400)["type"] == "UsageError"
    assert error(client.get("/api/series?code=x"), 400)["type"] == "UsageError"
    error(client.post("/api/series"), 405)
    error(client.post("/api/check", json={"date": "2026-01-01"}), 422)


def test_head_answers_as_get_without_body(client: TestClient) -> None:
    for url in ("/", SERIES, "/static/site.css"):
        head, get = client.head(url), client.get(url)
        assert head.status_code == 200 and head.content == b""
        assert head.headers["content-length"] == get.headers["content-length"]
        assert head.headers.get("etag") == get.headers.get("etag")


def test_no_write_endpoint(client: TestClient) -> None:
    """Every path refuses every write method; only the check takes a POST (it stores nothing)."""
    paths = ["/", "/bulletin/2020-11", "/explorer", "/releases", "/docs", "/check"]
    paths += [p.replace("{period}", "2020-11") for p in client.get("/openapi.json").json()["paths"]]
    for path in paths:
        for method in ("PUT", "PATCH", "DELETE", *(() if path.endswith("/check") else ("POST",))):
            r = client.request(method, path)
            assert r.status_code == 405, (method, path)
            if path.startswith("/api/"):
                assert "read-only" in error(r, 405)["message"]


def test_check_api(client: TestClient) -> None:
    r = client.post("/api/check", json={"text": ARTICLE, "url": "https://example.org/a"})
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    data = r.json()["data"]
    verdicts = {c["text"]: c["verdict"] for c in data["claims"]}
    assert verdicts["30%"] == "refuted"
    assert verdicts["14.1%"] == "supported"
    assert data["summary"]["refuted"] == 1
    assert data["article"]["url"] == "https://example.org/a"
    assert "<script>" in data["text"]  # JSON carries the text as given; pages escape it
    error(client.post("/api/check", json={"text": ARTICLE, "date": "soon"}), 400)


def test_check_size_limit(embedded_db: Path) -> None:
    small = TestClient(create_app(Settings(db=embedded_db, max_check_bytes=2048, warm=False)))
    big = "China's exports rose 5%. " * 200
    err = error(small.post("/api/check", json={"text": big}), 413)
    assert "2 KB" in err["message"] and err["type"] == "PayloadTooLarge"
    # a chunked body (no Content-Length) is counted too
    chunks = (b'{"text": "' + b"x" * 1000 + b'"}' if i == 0 else b" " * 1000 for i in range(4))
    r = small.post("/api/check", content=chunks, headers={"content-type": "application/json"})
    error(r, 413)
    page = small.post("/check", files={"file": ("a.txt", big.encode(), "text/plain")})
    assert page.status_code == 413 and "larger than 2 KB" in page.text


def test_check_rate_limit(embedded_db: Path) -> None:
    limited = TestClient(create_app(Settings(db=embedded_db, check_per_minute=2, warm=False)))
    statuses = [
        limited.post("/api/check", json={"text": "Exports rose 5% in May 2024."}).status_code
        for _ in range(3)
    ]
    assert statuses[:1] == [200] and statuses[-1] == 429
    r = limited.post("/api/check", json={"text": "Exports rose 5% in May 2024."})
    assert "too many checks" in error(r, 429)["message"]
    assert int(r.headers["retry-after"]) >= 1


def test_security_headers(client: TestClient) -> None:
    for url in ("/", "/check", "/api/releases", "/explorer"):
        headers = client.get(url).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "default-src 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
    assert "unsafe-eval" not in client.get("/check").headers["content-security-policy"]


def test_openapi_and_docs(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    paths = set(schema["paths"])
    assert {"/api/series", "/api/releases", "/api/coverage", "/api/check"} <= paths
    assert "/api/bulletin/{period}" in paths
    page = client.get("/docs")
    assert page.status_code == 200
    assert all(p in page.text for p in paths)
    assert "cdn" not in page.text.lower()
