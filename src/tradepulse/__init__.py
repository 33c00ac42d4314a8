"""tradepulse: China's official customs trade statistics, with provenance.

The public API: open a store, ingest releases, fetch new ones, read series, validate.
"""

from .api import (
    ensure_data,
    export,
    get_series,
    ingest,
    list_releases,
    reload_data,
    run_validation,
    update,
)
from .errors import (
    ClaimError,
    DataNotFound,
    FetchError,
    InvalidComparison,
    NoDataError,
    ParseError,
    SourceError,
    StoreError,
    TradepulseError,
    UsageError,
)
from .store.db import Store
from .store.queries import SeriesQuery

__version__ = "0.1.0"

__all__ = [
    "ClaimError",
    "DataNotFound",
    "FetchError",
    "InvalidComparison",
    "NoDataError",
    "ParseError",
    "SeriesQuery",
    "SourceError",
    "Store",
    "StoreError",
    "TradepulseError",
    "UsageError",
    "__version__",
    "ensure_data",
    "export",
    "get_series",
    "ingest",
    "list_releases",
    "reload_data",
    "run_validation",
    "update",
]
