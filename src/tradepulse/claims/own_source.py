"""An article's own page, so that figures quoted from it never judge it.

Much of the embedded data are figures quoted by news pages. Checking one of those pages
against them would confirm the article by itself; so the releases whose source is the
article's page are withheld while it is checked. The page is given (`--url`, the JSON
Lines `url` field) or read from an HTML page's canonical link or `og:url`, and URLs are
compared after normalising what does not change the page: scheme, `www.`/mobile/AMP host
prefixes, AMP path suffixes, a trailing slash, fragments and tracking parameters.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit

from ..indicators.memory import FactIndex
from ..store.db import Store

URL = re.compile(r"https?://[^\s()<>\"']+", re.I)
HOST_PREFIXES = ("www.", "m.", "mobile.", "amp.", "wap.")
TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid|ref|src|amp|outputtype)$")
AMP_PATH = re.compile(r"(/amp|\.amp|/amp\.html)$")


def normalise_url(url: str) -> str:
    """A URL reduced to what identifies the page ('' if it is no web address)."""
    text = url.strip()
    if "://" not in text:
        text = "http://" + text
    parts = urlsplit(text)
    host = (parts.hostname or "").lower()
    if not host or "." not in host:
        return ""
    for prefix in HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            break
    path = AMP_PATH.sub("", parts.path.rstrip("/")).rstrip("/")
    path = re.sub(r"/index\.s?html?$", "", path)
    query = urlencode(
        sorted((k, v) for k, v in parse_qsl(parts.query) if not TRACKING.match(k.lower()))
    )
    return f"{host}{path}" + (f"?{query}" if query else "")


def urls_in(text: str) -> list[str]:
    """The web addresses a release's source field names."""
    return [m.group(0).rstrip(".,;") for m in URL.finditer(text or "")]


def page_url(data: bytes) -> str | None:
    """An HTML page's own address: its canonical link, else its `og:url`."""
    head = data[:200_000].decode("utf-8", errors="replace")
    if not re.search(r"<(html|head|link|meta)\b", head, re.I):
        return None
    import lxml.html

    try:
        doc = lxml.html.document_fromstring(head)
    except Exception:  # lxml raises bare errors on documents it cannot parse
        return None
    for xpath in (
        "//link[translate(@rel, 'CANONICAL', 'canonical')='canonical']/@href",
        "//meta[@property='og:url' or @name='og:url']/@content",
    ):
        found = [str(v).strip() for v in doc.xpath(xpath) if str(v).strip()]
        if found and normalise_url(found[0]):
            return found[0]
    return None


def releases_from(store: Store, url: str | None) -> frozenset[int]:
    """The releases whose source is the page at `url` (none when no URL is known)."""
    if not url:
        return frozenset()
    key = normalise_url(url)
    if not key:
        return frozenset()
    index = FactIndex.of(store)
    by_page: dict[str, set[int]] | None = index.derived.get("release_pages")
    if by_page is None:
        by_page = {}
        for release_id, source in index.release_pages():
            for u in urls_in(source):
                by_page.setdefault(normalise_url(u), set()).add(int(release_id))
        index.derived["release_pages"] = by_page
    return frozenset(by_page.get(key, ()))
