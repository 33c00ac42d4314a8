"""MOFCOM's data centre: the monthly goods-trade query behind hwmy/imexmonth.shtml.

The page's own script asks the endpoint with a POST form; `pageNumber=1` returns the
current year's months (newest first). Each month is a release of its own (see
sources/mofcom.py), so months already stored with the same figures change nothing.
"""

from __future__ import annotations

from ..errors import FetchError, ParseError
from ..sources.base import ParsedRelease
from ..sources.mofcom import TOTALMONTH_PAGE, TOTALMONTH_URL, Retrieval, parse_totalmonth
from .http import Fetcher

FORM = {"pageNumber": "1"}


def fetch_months(fetcher: Fetcher) -> list[ParsedRelease]:
    answer = fetcher.post(TOTALMONTH_URL, FORM, referer=TOTALMONTH_PAGE)
    try:
        return parse_totalmonth(
            answer.content, Retrieval(TOTALMONTH_URL, answer.retrieved), TOTALMONTH_URL
        )
    except ParseError as exc:
        raise FetchError(
            f"MOFCOM's answer cannot be read (changed layout?): {exc.message}",
            file=TOTALMONTH_URL,
        ) from exc
