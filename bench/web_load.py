"""Load benchmark: the web site and API under concurrent clients on loopback.

Starts `tradepulse serve` in its own process (or uses --url), warms it, then for
--duration seconds runs --clients closed-loop clients, each alternating GET /api/series
(twelve headline views: flow x currency x month/ytd) and GET / (the home page), and
--check-clients clients posting an article to /api/check. Prints requests per second,
p50/p95/p99 latency and errors per endpoint. Not a test: figures, not assertions.

The clients are plain asyncio HTTP/1.1 keep-alive connections (one per client), so the
load generator costs little beside the server it measures. The server runs with no
check rate limit (--check-per-minute 0): the benchmark measures throughput, not the
limiter.

    python bench/web_load.py                      # 50 + 5 clients, 60 s
    python bench/web_load.py --duration 10        # shorter, while developing
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

#: Written for this benchmark (not a real article): figures of April 2026, one wrong.
ARTICLE = (
    "China's exports rose 14.1% year on year in April 2026 to $359.4 billion, customs data "
    "showed. Imports climbed 30% to $274.6 billion, leaving a trade surplus of $84.8 billion."
)
SERIES = [
    f"/api/series?flow={flow}&partner=WLD&breakdown=none&kind={kind}&currency={cur}"
    for flow in ("export", "import", "total")
    for cur in ("USD", "CNY")
    for kind in ("month", "ytd")
]


class Stats:
    def __init__(self) -> None:
        self.latencies: dict[str, list[float]] = {}
        self.errors: dict[str, list[str]] = {}

    def add(self, name: str, seconds: float, error: str | None) -> None:
        self.latencies.setdefault(name, [])
        self.errors.setdefault(name, [])
        if error is None:
            self.latencies[name].append(seconds)
        else:
            self.errors[name].append(error)


async def request(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    method: str,
    path: str,
    body: bytes = b"",
) -> int:
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n"
        f"Content-Length: {len(body)}\r\n"
        + ("Content-Type: application/json\r\n" if body else "")
        + "\r\n"
    )
    writer.write(head.encode() + body)
    await writer.drain()
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("connection closed")
    status = int(status_line.split()[1])
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        if name.lower() == "content-length":
            length = int(value)
    await reader.readexactly(length)
    return status


async def client(host: str, port: int, jobs: itertools.cycle, stop: float, stats: Stats) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.perf_counter() < stop:
            name, method, path, body = next(jobs)
            t0 = time.perf_counter()
            try:
                status = await request(reader, writer, method, path, body)
                error = None if status in (200, 304) else f"HTTP {status}"
            except (OSError, ConnectionError, asyncio.IncompleteReadError, ValueError) as exc:
                error = type(exc).__name__
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
            stats.add(name, time.perf_counter() - t0, error)
    finally:
        writer.close()


async def run_load(host: str, port: int, clients: int, checks: int, duration: float) -> Stats:
    stats = Stats()
    stop = time.perf_counter() + duration
    body = json.dumps({"text": ARTICLE}).encode()
    tasks = []
    for i in range(clients):
        # each client alternates series views and the home page, starting at its own view
        views = SERIES[i % len(SERIES) :] + SERIES[: i % len(SERIES)]
        jobs = itertools.cycle(
            [j for v in views for j in (("series", "GET", v, b""), ("home", "GET", "/", b""))]
        )
        tasks.append(client(host, port, jobs, stop, stats))
    check_jobs = itertools.cycle([("check", "POST", "/api/check", body)])
    tasks += [client(host, port, check_jobs, stop, stats) for _ in range(checks)]
    await asyncio.gather(*tasks)
    return stats


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def report(stats: Stats, duration: float) -> None:
    print(
        f"{'endpoint':8s} {'requests':>9s} {'req/s':>8s} {'p50 ms':>8s} {'p95 ms':>8s} "
        f"{'p99 ms':>8s} {'errors':>7s}"
    )
    for name in ("series", "home", "check"):
        lat = stats.latencies.get(name, [])
        errs = stats.errors.get(name, [])
        print(
            f"{name:8s} {len(lat):9d} {len(lat) / duration:8.1f} {1000 * pct(lat, 0.5):8.1f} "
            f"{1000 * pct(lat, 0.95):8.1f} {1000 * pct(lat, 0.99):8.1f} {len(errs):7d}"
        )
        if errs:
            print(f"         errors: {sorted(set(errs))}")
    total = sum(len(v) for v in stats.latencies.values())
    print(f"total    {total:9d} {total / duration:8.1f}")
    if stats.latencies.get("check"):
        print(f"check mean {1000 * statistics.mean(stats.latencies['check']):.0f} ms")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url + "/api/releases", timeout=5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit(f"the server at {url} did not answer in {seconds:.0f} s") from None
            time.sleep(0.3)


def warm(url: str) -> None:
    """Fill the caches once (the figures measure a serving site, not its first request)."""
    for path in ["/", *SERIES]:
        with urllib.request.urlopen(url + path, timeout=60) as r:
            r.read()
    req = urllib.request.Request(
        url + "/api/check",
        data=json.dumps({"text": ARTICLE}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=120) as r:
        r.read()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--check-clients", type=int, default=5)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--db", help="store to serve (default: a fresh one, embedded data)")
    parser.add_argument("--url", help="bench a server already running here instead")
    args = parser.parse_args()

    server = None
    tmp = None
    if args.url:
        url = args.url.rstrip("/")
    else:
        tmp = tempfile.TemporaryDirectory()
        db = args.db or str(Path(tmp.name) / "bench.duckdb")
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        cmd = [
            sys.executable,
            "-m",
            "tradepulse",
            "--db",
            db,
            "serve",
            "--port",
            str(port),
            "--check-per-minute",
            "0",
        ]
        server = subprocess.Popen(cmd, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        wait_ready(url)
        t0 = time.perf_counter()
        with urllib.request.urlopen(url + "/", timeout=60) as r:
            r.read()
        print(f"first home page after start: {1000 * (time.perf_counter() - t0):.0f} ms")
        warm(url)
        host, port_text = url.removeprefix("http://").split(":")
        print(
            f"{args.clients} clients on /api/series and /, {args.check_clients} on "
            f"/api/check, {args.duration:.0f} s, {url}, {os.cpu_count()} CPUs"
        )
        load = run_load(host, int(port_text), args.clients, args.check_clients, args.duration)
        try:
            import uvloop  # the server's own event loop: a lighter client

            stats = uvloop.run(load)
        except ImportError:
            stats = asyncio.run(load)
        report(stats, args.duration)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if tmp is not None:
            tmp.cleanup()


if __name__ == "__main__":
    main()
