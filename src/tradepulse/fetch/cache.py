"""The on-disk HTTP cache: each answer's body with the validators to revalidate it.

One file pair per request (method, URL and form data hashed): `<key>.body` and
`<key>.json` with the ETag and Last-Modified the server sent. A later request sends them
back as If-None-Match / If-Modified-Since; a 304 answer reuses the stored body.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class CachedAnswer:
    content: bytes
    etag: str | None = None
    last_modified: str | None = None

    def validators(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


class HttpCache:
    def __init__(self, root: Path) -> None:
        self.root = root

    @staticmethod
    def key(method: str, url: str, data: dict[str, str] | None) -> str:
        form = json.dumps(sorted((data or {}).items()))
        return hashlib.sha256(f"{method.upper()} {url} {form}".encode()).hexdigest()

    def load(self, method: str, url: str, data: dict[str, str] | None) -> CachedAnswer | None:
        key = self.key(method, url, data)
        body, meta = self.root / f"{key}.body", self.root / f"{key}.json"
        try:
            info = json.loads(meta.read_text(encoding="utf-8"))
            return CachedAnswer(body.read_bytes(), info.get("etag"), info.get("last_modified"))
        except (OSError, ValueError):
            return None  # nothing cached, or a damaged entry: fetch afresh

    def save(
        self, method: str, url: str, data: dict[str, str] | None, answer: CachedAnswer
    ) -> None:
        """Store an answer; a cache that cannot be written only costs a later refetch."""
        if not (answer.etag or answer.last_modified):
            return  # nothing to revalidate with: a later request fetches in full anyway
        key = self.key(method, url, data)
        with contextlib.suppress(OSError):
            self.root.mkdir(parents=True, exist_ok=True)
            _write(self.root / f"{key}.body", answer.content)
            meta = {"url": url, "etag": answer.etag, "last_modified": answer.last_modified}
            _write(self.root / f"{key}.json", json.dumps(meta).encode())


def _write(path: Path, content: bytes) -> None:
    """Write whole or not at all (a reader never sees half a file)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(content)
    os.replace(tmp, path)
