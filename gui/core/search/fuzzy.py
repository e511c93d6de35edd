"""Fuzzy matching for quick open: the query's characters in order, scored like editors do."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import TypeVar

T = TypeVar("T")

_WORD_BREAKS = frozenset(" _-./\\:,;()[]'\"“”‘’")


@dataclass(frozen=True, slots=True)
class FuzzyMatch:
    """How well a text matches a query, and which of its characters matched."""

    score: int
    positions: tuple[int, ...]


def _fold_char(char: str) -> str:
    folded = char.casefold()
    return folded if len(folded) == 1 else char


def fold(text: str) -> str:
    """Case-fold character by character, keeping the length (so positions stay valid): a
    character whose folding is longer ("ß" -> "ss") stays as it is. A folded text scores as the
    text does (the word breaks fold to themselves): the corpus store keeps its names so."""
    # casefold folds each character on its own (no context), and never to nothing: a folding
    # of the same length folded each character to one, as the loop below would, only in C.
    folded = text.casefold()
    return folded if len(folded) == len(text) else "".join(_fold_char(char) for char in text)


def _needle(query: str) -> str:
    return fold("".join(query.split()))


def fuzzy_match(query: str, text: str) -> FuzzyMatch | None:
    """Match `query` as a case-insensitive subsequence of `text`; None if it is not one.

    Consecutive characters and characters at the start of a word score more, so "nato sum"
    prefers "NATO summit" to "National tournament summary".
    """
    return _match(_needle(query), text)


def _match(needle: str, text: str) -> FuzzyMatch | None:
    """fuzzy_match for a query already made a needle (its spaces dropped, folded)."""
    if not needle:
        return FuzzyMatch(0, ())
    hay = fold(text)
    # The last place each query character may take for the rest to still match after it: a
    # run or a word start further on is preferred only up to there.
    latest: list[int] = []
    end = len(hay)
    for char in reversed(needle):
        end = hay.rfind(char, 0, end)
        if end < 0:
            return None
        latest.append(end)
    latest.reverse()
    # Each character goes on a run if it can, else to the next word start within reach, else to
    # its first occurrence; never past its latest place, which the first occurrence never is. One
    # loop, without a call per character: quick open scores thousands of names per key.
    positions: list[int] = []
    score = 0
    start = 0  # just after the previous character's place
    for char, limit in zip(needle, latest, strict=True):
        if start and start <= limit and hay[start] == char:
            found = start
            score += 8  # a run of consecutive characters
        else:
            found = position = hay.find(char, start)
            reach = min(limit, found + 29)
            while 0 <= position <= reach:
                if position == 0 or hay[position - 1] in _WORD_BREAKS:
                    found = position
                    break
                position = hay.find(char, position + 1)
            score -= min(found - start, 10)  # a gap since the previous match
        if found == 0 or text[found - 1] in _WORD_BREAKS:
            score += 6  # the start of a word
        positions.append(found)
        start = found + 1
    return FuzzyMatch(score - len(text) // 40, tuple(positions))


def rank(
    query: str,
    items: Iterable[T],
    texts: Sequence[str] | None = None,
    limit: int = 50,
    wanted: Callable[[], bool] | None = None,
) -> list[tuple[T, FuzzyMatch]]:
    """The items whose text matches `query`, best first (ties: shorter text, then given order).

    `texts` gives each item's text; without it the items are the texts. `wanted`, if given, is
    asked before each WANTED_EVERY items are scored: False (the query was typed on) gives []
    at once, the rest unscored.
    """
    needle = _needle(query)
    matched: list[tuple[int, int, int, T, FuzzyMatch]] = []
    for i, item in enumerate(items):
        if wanted is not None and i % WANTED_EVERY == 0 and not wanted():
            return []
        text = texts[i] if texts is not None else str(item)
        match = _match(needle, text)
        if match is not None:
            matched.append((-match.score, len(text), i, item, match))
    matched.sort(key=lambda entry: entry[:3])
    return [(item, match) for _, _, _, item, match in matched[:limit]]


WANTED_EVERY = 250  # items `rank` scores between two questions to `wanted`

# The most texts an index scores for one query: a query of a letter or two matches most of a big
# folder, and scoring a big folder's every text is slow. Past this many matches, those
# first in the given order are scored.
SCORED_AT_MOST = 2_000
INDEX_PIECE = 5_000  # texts searched in one call of the regular expression


class FuzzyIndex:
    """Many texts, folded once and joined, so that those matching a query are found by one
    regular expression in C (a character class skipped possessively per query character: no
    backtracking) before any is scored; `rank` then gives what the module's `rank` gives,
    scoring at most SCORED_AT_MOST of them (those first in order)."""

    def __init__(self, texts: Sequence[str], piece: int = INDEX_PIECE) -> None:
        self._texts = list(texts)
        # Folded as fuzzy_match folds (character by character, lengths kept); a text whose
        # casefold keeps its length is folded so by casefold alone, which is the same and quicker.
        folded = [(low if len(low := text.casefold()) == len(text) else fold(text)).replace("\n", " ")
                  for text in self._texts]
        # Each text after a line break: a pattern that starts with one is looked for by that
        # character alone (a quick scan), where "^" was tried at every position. In pieces of
        # `piece` texts: a thread searching lets others run between two (the GIL).
        self._pieces: list[tuple[int, str, list[int]]] = []  # first text, joined, each one's start
        for first in range(0, len(folded), piece):
            part = folded[first : first + piece]
            starts = list(accumulate((len(text) + 1 for text in part[:-1]), initial=0))
            self._pieces.append((first, "".join("\n" + text for text in part), starts))

    def matching(self, query: str, at_most: int | None = None) -> list[int]:
        """The indexes of the texts `query` matches (its characters in order), in order; the
        first `at_most` only, if given (the search stops there)."""
        needle = fold("".join(query.split())).replace("\n", "")
        if not needle:
            return list(range(len(self._texts)))[:at_most]
        pattern = re.compile("\n" + "".join(f"[^\\n{re.escape(char)}]*+{re.escape(char)}" for char in needle))
        found: list[int] = []
        for first, joined, starts in self._pieces:
            for match in pattern.finditer(joined):
                if len(found) == at_most:
                    return found
                found.append(first + bisect_right(starts, match.start()) - 1)
        return found

    def rank(self, query: str, items: Sequence[T], limit: int = 50) -> list[tuple[T, FuzzyMatch]]:
        """The items (one per text) whose text matches `query`, best first, as `rank` orders them."""
        chosen = self.matching(query, SCORED_AT_MOST)
        texts = [self._texts[i] for i in chosen]
        return rank(query, [items[i] for i in chosen], texts, limit)
