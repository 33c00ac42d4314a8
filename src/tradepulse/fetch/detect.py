"""Block pages: an answer that is a gate (captcha, bot challenge, rate limit), not data.

Official Chinese sites put a bot-defence script in front of their pages (GACC's answers
HTTP 412 with a JavaScript challenge when it distrusts a client); others answer 200 with a
captcha or "access denied" page. Such an answer must never be read as a page whose table
is missing, so it is named and the update stops before anything is stored.
"""

from __future__ import annotations

import re

#: statuses that mean "you may not", not "try again"
BLOCK_STATUSES = {401: "authentication required", 403: "access refused", 412: "bot challenge"}
#: words that gate pages print (lower-cased, searched in the first 64 KiB)
BLOCK_MARKERS = (
    "captcha",
    "验证码",
    "访问受限",
    "访问过于频繁",
    "access denied",
    "request unsuccessful",
    "just a moment",
    "enable javascript",
    "您的访问",
    "安全验证",
)
#: a bot challenge: a short page that is nothing but script (no table, no text to read)
CHALLENGE_SIZE = 4096


def block_reason(status: int, content: bytes) -> str | None:
    """Why this answer is a block page, or None if it looks like content."""
    if status in BLOCK_STATUSES:
        return BLOCK_STATUSES[status]
    if status == 429:
        return "rate limited"
    if status >= 400:
        return None
    if not content.strip():
        return "an empty answer"
    head = content[:65536].decode("utf-8", errors="replace")
    lowered = head.lower()
    for marker in BLOCK_MARKERS:
        if marker in lowered and "<table" not in lowered:
            return f"the page says {marker!r}"
    if (
        len(content) < CHALLENGE_SIZE
        and "<script" in lowered
        and not re.search(r"<(table|p|h1|h2|li)\b", lowered)
        and not lowered.lstrip().startswith(("[", "{"))
    ):
        return "a script-only page (bot challenge)"
    return None
