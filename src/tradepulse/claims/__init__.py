"""Claim checking: read an article, find each numeric claim, verify it against the data."""

from .check import Report, check_text, to_json_dict

__all__ = ["Report", "check_text", "to_json_dict"]
