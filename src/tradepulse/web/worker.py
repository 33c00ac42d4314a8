"""Article checks run in a small pool of worker processes: a check is seconds of Python
work, and in the server's own process it would hold the GIL and stall every page and
read endpoint meanwhile. Workers open the store read-only, as the server does."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

from .. import api
from ..errors import TradepulseError


def check(data: bytes, source: str, article_date: date | None, db: Path) -> tuple[str, Any, Any]:
    """("ok", text, result) or ("error", class name, one-line message): library errors
    cross the process boundary as data, not as pickled exceptions."""
    try:
        text, result = api.check_article(data, source=source, article_date=article_date, db=db)
    except TradepulseError as exc:
        return "error", type(exc).__name__, exc.one_line()
    return "ok", text, result


def _init_worker() -> None:
    """Pool initializer. A worker runs at a lower CPU priority, so that on a busy machine
    pages and read endpoints go first and checks take the time left (bench/web_load.py);
    and it ends itself when the server that started it is gone (a killed server cannot
    tell its workers to stop)."""
    if hasattr(os, "nice"):
        os.nice(10)
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


class CheckPool:
    """Started on the first check (most requests never need it); `workers` 0 runs checks
    in the server's threads instead."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.executor: Executor | None = None
        self.lock = threading.Lock()

    def get(self) -> Executor | None:
        if self.workers <= 0:
            return None
        with self.lock:
            if self.executor is None:
                # spawn, not fork: the server process holds threads and DuckDB handles
                ctx = multiprocessing.get_context("spawn")
                self.executor = ProcessPoolExecutor(
                    self.workers, mp_context=ctx, initializer=_init_worker
                )
            return self.executor

    def shutdown(self) -> None:
        with self.lock:
            if self.executor is not None:
                self.executor.shutdown(wait=True, cancel_futures=True)
                self.executor = None
