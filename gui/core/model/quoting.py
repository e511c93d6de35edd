"""Short quotations of text for notices and notes: cut to a length, with an ellipsis."""

from __future__ import annotations

QUOTE_CHARS = 40


def elide(text: str, limit: int = QUOTE_CHARS) -> str:
    """The text if it has at most `limit` characters, else its start and '…' in `limit` characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
