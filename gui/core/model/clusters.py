"""Character clusters: what a reader sees as one character (a flag, an emoji with its modifiers,
a letter with its accents) may be several code points, and a cut between them breaks it."""

from __future__ import annotations

import unicodedata

_ZWJ = "\u200d"


def _is_regional_indicator(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


def joins_previous(text: str, i: int) -> bool:
    """Whether text[i] continues what text[i - 1] began, so that cutting between them breaks it.

    Covers combining marks, variation selectors, emoji modifiers and tags, zero-width-joiner
    sequences, flags (pairs of regional indicators) and surrogate pairs in surrogate-escaped text.
    """
    if i <= 0 or i >= len(text):
        return False
    char, before = text[i], text[i - 1]
    code = ord(char)
    if char == _ZWJ or before == _ZWJ:
        return True
    if 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F or 0xFE00 <= code <= 0xFE0F:
        return True
    if 0xDC00 <= code <= 0xDFFF and 0xD800 <= ord(before) <= 0xDBFF:
        return True
    if unicodedata.category(char) in ("Mn", "Mc", "Me"):
        return True
    if _is_regional_indicator(char) and _is_regional_indicator(before):
        run = 0
        while i - run - 1 >= 0 and _is_regional_indicator(text[i - run - 1]):
            run += 1
        return run % 2 == 1  # flags pair up from the start of the run
    return False


def cluster_start(text: str, i: int) -> int:
    """`i` moved back to the start of the character cluster it falls in."""
    while joins_previous(text, i):
        i -= 1
    return i


def cluster_end(text: str, i: int) -> int:
    """`i` moved forward past the character cluster it falls in."""
    while joins_previous(text, i):
        i += 1
    return i
