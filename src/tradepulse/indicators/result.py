"""What every indicator returns: a number with its unit, its inputs and their releases."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .facts import Input


@dataclass(frozen=True)
class Result:
    indicator: str
    value: float
    unit: str  # yuan | dollar | percent | pp | rank | months | rate
    series: str
    period: str
    inputs: tuple[Input, ...]
    params: dict[str, Any] = field(default_factory=dict)
    computed: float | None = None  # tradepulse's own computation, where one was made
    published: float | None = None  # the publisher's figure, where one exists
    flag: str = ""  # e.g. computed and published differ beyond rounding
    note: str = ""
    resolution: float = 0.0  # the precision the inputs allow (base units)

    def as_dict(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator,
            "value": self.value,
            "unit": self.unit,
            "series": self.series,
            "period": self.period,
            "params": self.params,
            "computed": self.computed,
            "published": self.published,
            "flag": self.flag,
            "note": self.note,
            "resolution": self.resolution,
            "inputs": [i.as_dict() for i in self.inputs],
        }
