"""Convert between code-point offsets (Python, spaCy) and UTF-16 offsets (Qt)."""

from __future__ import annotations

import bisect
import re

# Patterns are compiled when first used (`re` keeps them): a start that never needs one never
# compiles it.
# Characters outside the Basic Multilingual Plane take two UTF-16 code units (a surrogate pair)
# but one Python code point, so every such character before an offset shifts Qt's position by one.
_ASTRAL = "[\U00010000-\U0010ffff]"


class OffsetMap:
    """Maps offsets of one text between code points and UTF-16 units in O(log n) each."""

    def __init__(self, text: str) -> None:
        # Most texts have no astral character: UTF-16 then has exactly one unit per code point,
        # which encoding tells twenty times faster than the regex scan below.
        plain = text.isascii() or len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(text)
        self._astral = [] if plain else [match.start() for match in re.compile(_ASTRAL).finditer(text)]
        # UTF-16 position of each astral character, for the reverse direction.
        self._astral_utf16 = [pos + i for i, pos in enumerate(self._astral)]

    @property
    def is_identity(self) -> bool:
        """True when the text has no astral characters, so both offsets agree."""
        return not self._astral

    def to_utf16(self, offset: int) -> int:
        """The UTF-16 position of a code-point offset."""
        return offset + bisect.bisect_left(self._astral, offset)

    def to_code_point(self, position: int) -> int:
        """The code-point offset of a UTF-16 position (a position inside a pair maps to its start)."""
        whole_pairs_before = bisect.bisect_right(self._astral_utf16, position - 2)
        offset = position - whole_pairs_before
        inside_pair = whole_pairs_before < len(self._astral_utf16) and (
            self._astral_utf16[whole_pairs_before] == position - 1
        )
        return offset - 1 if inside_pair else offset


def utf16_length(text: str) -> int:
    """The number of UTF-16 code units in `text`."""
    return len(text) + len(re.compile(_ASTRAL).findall(text))
