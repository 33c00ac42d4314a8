"""A per-client token bucket for the expensive endpoint (the article check)."""

from __future__ import annotations

import threading
import time


class RateLimit:
    """`per_minute` requests a minute per client, with bursts up to `burst`; 0 disables."""

    def __init__(self, per_minute: int, burst: int | None = None) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst if burst is not None else max(1, per_minute // 2))
        self.buckets: dict[str, tuple[float, float]] = {}
        self.lock = threading.Lock()

    def allow(self, client: str) -> tuple[bool, float]:
        """Whether `client` may go on now; if not, the seconds until it may."""
        if self.rate <= 0:
            return True, 0.0
        now = time.monotonic()
        with self.lock:
            tokens, last = self.buckets.get(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens >= 1:
                self.buckets[client] = (tokens - 1, now)
                return True, 0.0
            self.buckets[client] = (tokens, now)
            if len(self.buckets) > 10_000:  # forget idle clients; the bucket refills anyway
                self.buckets = {k: v for k, v in self.buckets.items() if now - v[1] < 120}
            return False, (1 - tokens) / self.rate
