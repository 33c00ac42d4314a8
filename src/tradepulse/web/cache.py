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
        self.lock = threading.Lock()

    def peek(self, key: Hashable) -> Any:
        """The cached value, or None: lets an async caller skip the thread pool on a hit."""
        with self.lock:
            return self.items.get(key)

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        value = make()  # outside the lock: two racing callers both compute, one wins
        with self.lock:
            self.items[key] = value
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return value


def etag(version: str, *parts: str) -> str:
    """A weak ETag: the same store, app version and request give the same response."""
    digest = hashlib.sha1("\x00".join((__version__, version, *parts)).encode()).hexdigest()
    return f'W/"{digest[:20]}"'
