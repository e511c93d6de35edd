"""A corpus's strings (file names, titles, entity names) shown among the window's own words.

A file name may hold a right-to-left override (U+202E) or right-to-left letters: put as they are
into a line such as "Undated · name.txt · 4 entities", they reorder the rest of that line. Wrapped
in a first-strong isolate (FSI … PDI), a string keeps its own direction and leaves the line's alone.
"""

from __future__ import annotations

import re

FSI = "\u2068"  # FIRST STRONG ISOLATE: the string's own first letter sets its direction
PDI = "\u2069"  # POP DIRECTIONAL ISOLATE: ends it
REPLACEMENT = "\ufffd"
# Bidirectional classes that can move text around them: right-to-left letters and digits, and the
# explicit embeddings, overrides and isolates.
_REORDERING = frozenset({"R", "AL", "AN", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"})
# Patterns are compiled when first used (`re` keeps them): a start that never needs one never
# compiles it.
# Lone surrogates stand for a file name's undecodable bytes (os.fsdecode) and cannot be shown; a
# paragraph or line break would end the isolate early, and the string's line with it.
_UNSHOWABLE = "[\ud800-\udfff\n\r\x1c-\x1e\x85\u2028\u2029]"
_UNDECODABLE = "[\ud800-\udfff]"  # lone surrogates: a name's undecodable bytes
_ISOLATE_MARKS = "[\u2066-\u2069]"  # LRI, RLI, FSI (which open an isolate) and PDI


def readable(text: str) -> str:
    """`text` with each lone surrogate (an undecodable byte of a file name, through
    os.fsdecode, or an escape in JSON) as U+FFFD: one code point for one, so offsets still hold."""
    return re.compile(_UNDECODABLE).sub(REPLACEMENT, text)


def isolate(text: str) -> str:
    """`text` as shown among other words: undecodable bytes and line breaks as U+FFFD, and, if it
    has anything that could reorder the words around it, wrapped in FSI … PDI."""
    if text.isascii() and text.isprintable():
        return text  # the common case: nothing in it can move anything
    import unicodedata  # its tables are loaded for a string that is not plain ASCII, not at every start

    text = re.compile(_UNSHOWABLE).sub(REPLACEMENT, text)
    if not any(unicodedata.bidirectional(character) in _REORDERING for character in set(text)):
        return text
    return FSI + _balanced(text) + PDI


def _balanced(text: str) -> str:
    """The text with its own isolates paired: a PDI of its own that closes nothing would close the
    wrapping one, and one it leaves open would swallow the wrapping PDI."""
    if not re.compile(_ISOLATE_MARKS).search(text):
        return text
    kept: list[str] = []
    opened = 0
    start = 0
    for mark in re.compile(_ISOLATE_MARKS).finditer(text):
        if mark.group() != PDI:
            opened += 1
        elif opened:
            opened -= 1
        else:  # a PDI with nothing to close: dropped
            kept.append(text[start : mark.start()])
            start = mark.end()
    kept.append(text[start:])
    return "".join(kept) + PDI * opened
