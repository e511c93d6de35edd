"""Find every occurrence of a phrase in a text, ignoring case, for find-in-document.

A text is folded once (`FoldedText`); each phrase is then found with a plain, case-sensitive
search of the folded copy, which Python's `re` runs many times faster than an `IGNORECASE` search
of the text. The matches of a phrase (`MatchScan`) are found from the top a slice at a time, so a
phrase that occurs 300,000 times in a 5 MB text shows its first match at once.
"""

from __future__ import annotations

import bisect
import itertools
import re

SLICE = 20_000  # matches found per step: a short step of work, even on a 5 MB text

# str.lower() maps every character to one character except "İ" (to "i" and a combining dot): map it
# to "i" first, as `re.IGNORECASE` does, so the folded copy keeps every offset of the text.
_DOTTED_CAPITAL_I = "\u0130"
# Lowercase letters that `re.IGNORECASE` treats as one letter although str.lower() keeps them
# apart (they share an uppercase form): each is folded to the other letter of its pair.
_SAME_LETTER = {
    "\u00b5": "\u03bc",  # micro sign: Greek mu
    "\u0131": "i",  # dotless i
    "\u017f": "s",  # long s
    "\u0345": "\u03b9",  # combining Greek ypogegrammeni: iota
    "\u03c2": "\u03c3",  # final sigma: sigma
    "\u03d0": "\u03b2",  # beta symbol
    "\u03d1": "\u03b8",  # theta symbol
    "\u03d5": "\u03c6",  # phi symbol
    "\u03d6": "\u03c0",  # pi symbol
    "\u03f0": "\u03ba",  # kappa symbol
    "\u03f1": "\u03c1",  # rho symbol
    "\u03f5": "\u03b5",  # lunate epsilon
    "\u1c80": "\u0432",  # Cyrillic rounded ve
    "\u1c81": "\u0434",  # Cyrillic long-legged de
    "\u1c82": "\u043e",  # Cyrillic narrow o
    "\u1c83": "\u0441",  # Cyrillic wide es
    "\u1c84": "\u0442",  # Cyrillic tall te
    "\u1c85": "\u0442",  # Cyrillic three-legged te
    "\u1c86": "\u044a",  # Cyrillic tall hard sign
    "\u1c87": "\u0463",  # Cyrillic tall yat
    "\u1c88": "\ua64b",  # Cyrillic unblended uk
    "\u1e9b": "\u1e61",  # long s with dot above
    "\u1fbe": "\u03b9",  # Greek prosgegrammeni: iota
    "\u1fd3": "\u0390",  # iota with dialytika and tonos (two code points for one letter)
    "\u1fe3": "\u03b0",  # upsilon with dialytika and tonos (likewise)
    "\ufb06": "\ufb05",  # ligature st: ligature long s t
}


def fold(text: str) -> str:
    """`text` with case folded as `re.IGNORECASE` compares letters, one character per character."""
    if _DOTTED_CAPITAL_I in text:
        text = text.replace(_DOTTED_CAPITAL_I, "i")
    folded = text.lower()
    if folded.isascii():  # constant time; then none of the letters below can be there
        return folded
    for letter, same in _SAME_LETTER.items():
        if letter in folded:
            folded = folded.replace(letter, same)
    return folded


class FoldedText:
    """A text prepared once for finding phrases in it case-insensitively."""

    def __init__(self, text: str) -> None:
        self.text = text
        folded = fold(text)
        # The folded copy keeps every offset; were that ever not so, search the text itself.
        self._flags = 0 if len(folded) == len(text) else re.IGNORECASE
        self._haystack = folded if not self._flags else text

    def matches(self, query: str) -> MatchScan:
        """The matches of `query`, to be found from the top as they are asked for.

        Whitespace in the query matches any run of whitespace, so a phrase found across a line
        break is still found.
        """
        words = query.split()
        if not words:
            return MatchScan(None, self._haystack)
        if not self._flags:
            words = [fold(word) for word in words]
        pattern = re.compile(r"\s+".join(re.escape(word) for word in words), self._flags)
        return MatchScan(pattern, self._haystack)


class MatchScan:
    """The matches of one phrase in one text, found from the top a slice at a time.

    Matches are code-point spans, in order and disjoint (found as `re.finditer` finds them);
    `starts` holds the start of each match found so far.
    """

    def __init__(self, pattern: re.Pattern[str] | None, haystack: str) -> None:
        self._pattern = pattern
        self._haystack = haystack
        self._found = pattern.finditer(haystack) if pattern is not None else iter(())
        self.starts: list[int] = []
        self.complete = pattern is None

    def scan(self, budget: int = SLICE) -> bool:
        """Find up to `budget` more matches; True once every match has been found."""
        if not self.complete:
            before = len(self.starts)
            # map and islice keep the loop in C: a Python loop over 300,000 matches takes long.
            self.starts.extend(map(re.Match.start, itertools.islice(self._found, budget)))
            self.complete = len(self.starts) - before < budget
        return self.complete

    def scan_all(self) -> None:
        """Find every match that is left."""
        while not self.scan():
            pass

    def scan_past(self, offset: int) -> None:
        """Find matches until one starts after `offset` or none is left."""
        while not self.complete and (not self.starts or self.starts[-1] <= offset):
            self.scan()

    @property
    def count(self) -> int:
        """How many matches there are (found so far, until `complete`)."""
        return len(self.starts)

    def span(self, index: int) -> tuple[int, int]:
        """The (start, end) of a match found."""
        start = self.starts[index]
        assert self._pattern is not None  # a match was found, so there is a pattern
        match = self._pattern.match(self._haystack, start)
        assert match is not None  # it matched there when it was found
        return start, match.end()

    def first_from(self, offset: int) -> int | None:
        """The index of the first match starting at or after `offset`, if any."""
        self.scan_past(offset - 1)
        index = bisect.bisect_left(self.starts, offset)
        return index if index < len(self.starts) else None

    def first_after(self, offset: int) -> int | None:
        """The index of the first match starting after `offset`, if any."""
        self.scan_past(offset)
        index = bisect.bisect_right(self.starts, offset)
        return index if index < len(self.starts) else None

    def last_before(self, offset: int) -> int | None:
        """The index of the last match starting before `offset`, if any."""
        self.scan_past(offset - 1)
        index = bisect.bisect_left(self.starts, offset) - 1
        return index if index >= 0 else None

    def overlapping(self, begin: int, end: int) -> list[tuple[int, int]]:
        """The spans of the matches that overlap the range from `begin` to `end`, in order."""
        self.scan_past(end - 1)
        starts = self.starts
        # Matches are disjoint: only the one starting last before `begin` can reach into the range.
        index = max(bisect.bisect_left(starts, begin) - 1, 0)
        spans = []
        while index < len(starts) and starts[index] < end:
            span = self.span(index)
            if span[1] > begin:
                spans.append(span)
            index += 1
        return spans


def find_all(text: str, query: str) -> list[tuple[int, int]]:
    """(start, end) code-point spans of `query` in `text`, case-insensitively, in order.

    Whitespace in the query matches any run of whitespace, so a phrase found across a line break
    is still found.
    """
    scan = FoldedText(text).matches(query)
    scan.scan_all()
    return [scan.span(index) for index in range(scan.count)]
