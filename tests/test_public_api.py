"""Lock the public API: adding or removing a name is a deliberate change."""

import tradepulse


def test_exported_members() -> None:
    assert sorted(tradepulse.__all__) == sorted(
        [
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
    )
    for name in tradepulse.__all__:
        assert hasattr(tradepulse, name), name


def test_one_exception_tree() -> None:
    for name in (
        "ClaimError",
        "DataNotFound",
        "InvalidComparison",
        "NoDataError",
        "ParseError",
        "SourceError",
        "StoreError",
        "UsageError",
    ):
        assert issubclass(getattr(tradepulse, name), tradepulse.TradepulseError)
