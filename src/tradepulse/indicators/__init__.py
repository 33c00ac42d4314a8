"""Indicators: the numbers trade reporting uses, each with the figures and releases used."""

from .balance import balance, implied_rate
from .facts import Fact, Facts, Input, Series
from .growth import acceleration, level, mom, vs_base_year, yoy, yoy_change
from .result import Result
from .streaks import record, streak
from .structure import contribution, ranking, share

__all__ = [
    "Fact",
    "Facts",
    "Input",
    "Result",
    "Series",
    "acceleration",
    "balance",
    "contribution",
    "implied_rate",
    "level",
    "mom",
    "ranking",
    "record",
    "share",
    "streak",
    "vs_base_year",
    "yoy",
    "yoy_change",
]
