"""The embedded official dataset: GACC tables kept as text and figures quoted by news.

Built through the same readers and the same single-transaction ingest as any input, so the
embedded figures carry the same provenance as a user's own ingest.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from ..sources.base import ParsedRelease
from ..sources.registry import read_path
from ..store.db import IngestReport, Store

Progress = Callable[[int, int, str], None]


def package_dir() -> Path:
    return Path(str(resources.files("tradepulse") / "data"))


def source_files(root: Path | None = None) -> list[Path]:
    """The data package's resources, in the order datapackage.json lists them."""
    base = root or package_dir()
    descriptor = json.loads((base / "datapackage.json").read_text(encoding="utf-8"))
    files: list[Path] = []
    for resource in descriptor["resources"]:
        paths = resource["path"] if isinstance(resource["path"], list) else [resource["path"]]
        files.extend(base / p for p in paths)
    return files


def package_version(root: Path | None = None) -> str:
    """A digest of the embedded dataset as tradepulse would store it: every resource file
    and the tier policy that tiers them. A store holding another version is reloaded."""
    from ..sources import tiers

    digest = hashlib.sha256()
    for path in [*source_files(root), Path(tiers.__file__)]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def read_embedded(
    root: Path | None = None, progress: Progress | None = None
) -> tuple[list[ParsedRelease], list[str]]:
    files = source_files(root)
    releases: list[ParsedRelease] = []
    warnings: list[str] = []
    for i, path in enumerate(files, start=1):
        if progress:
            progress(i, len(files), path.name)
        for parsed in read_path(path):
            parsed.meta.notes = "\n".join(
                x
                for x in (parsed.meta.notes, f"embedded: {path.relative_to(path.parents[1])}")
                if x
            )
            releases.append(parsed)
            warnings.extend(parsed.warnings)
    return releases, warnings


def refused(root: Path | None = None) -> list[dict[str, Any]]:
    """The embedded pages the tier policy refuses, each with its reason (never stored)."""
    releases, _ = read_embedded(root)
    return [
        {
            "publisher": r.meta.publisher,
            "source": r.meta.source,
            "published": r.meta.published.isoformat() if r.meta.published else None,
            "reason": r.excluded,
            "figures": len(r.observations),
        }
        for r in releases
        if r.excluded
    ]


def load_embedded(
    store: Store, *, replace: bool = False, progress: Progress | None = None
) -> IngestReport:
    """Load (or with `replace`, reload in one transaction) the embedded dataset."""
    releases, _ = read_embedded(progress=progress)
    report = store.replace_embedded(releases) if replace else store.ingest(releases, embedded=True)
    store.set_meta("embedded_version", package_version())
    return report


def descriptor() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (package_dir() / "datapackage.json").read_text(encoding="utf-8")
    )
    return data
