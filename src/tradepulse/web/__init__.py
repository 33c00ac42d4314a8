"""The web site and its JSON API: a thin, read-only adapter over `tradepulse.api`."""

from .app import Settings, create_app

__all__ = ["Settings", "create_app"]
