"""Find every occurrence of a phrase in a text, ignoring case, for find-in-document."""

from __future__ import annotations

import re

MAX_MATCHES = 100_000


def find_all(text: str, query: str, limit: int = MAX_MATCHES) -> list[tuple[int, int]]:
    """(start, end) code-point spans of `query` in `text`, case-insensitively, in order.

    Whitespace in the query matches any run of whitespace, so a phrase found across a line break
    is still found.
    """
    words = query.split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words), re.IGNORECASE)
    spans = []
    for match in pattern.finditer(text):
        spans.append(match.span())
        if len(spans) >= limit:
            break
    return spans
