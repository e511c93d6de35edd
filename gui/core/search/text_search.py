"""Full-text search over the corpus: an inverted index of words, built one document at a time."""

from __future__ import annotations

import itertools
import re
import unicodedata
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

SNIPPET_CHARS = 60
# How much of a snippet may be given up so that it starts and ends at a word.
_WORD_SLACK = 20
_WORD = re.compile(r"\w+")
_SPACES = re.compile(r"\s+")
_APOSTROPHES = "'’‘"
_ZWJ = "\u200d"
ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One occurrence of a query in a document: code-point offsets and the text around it."""

    doc_id: str
    start: int
    end: int
    snippet_before: str
    match: str
    snippet_after: str


def query_words(query: str) -> list[str]:
    """The casefolded words of a query, in order, as the index stores them."""
    return _WORD.findall(query.casefold())


def word_positions(text: str) -> dict[str, array[int]]:
    """Each casefolded word of `text` -> the code-point offsets where it starts, ascending."""
    return _fold_positions(text)[0]


def _fold_positions(text: str) -> tuple[dict[str, array[int]], bool]:
    """`word_positions`, and whether folding kept every character one character long."""
    positions: dict[str, array[int]] = {}
    known = positions.get
    folded = text.casefold()
    aligned = len(folded) == len(text)
    # Offsets in `folded` are offsets in `text` when folding kept the length: one casefold of the
    # whole text, not one per word. Else something like "ß" -> "ss" moved them: fold word by word.
    for match in _WORD.finditer(folded if aligned else text):
        word = match.group() if aligned else match.group().casefold()
        starts = known(word)
        if starts is None:  # straight into arrays: no list per word to convert afterwards
            positions[word] = array("I", (match.start(),))
        else:
            starts.append(match.start())
    return positions, aligned


class PreparedText(NamedTuple):
    """A body with its words already found: the slow part of indexing, done off the UI thread."""

    text: str
    positions: dict[str, array[int]]
    aligned: bool


def prepare_text(text: str) -> PreparedText:
    """Find the words of a body for `TextIndex.add_prepared`."""
    positions, aligned = _fold_positions(text)
    return PreparedText(text, positions, aligned)


def _distinct_words(text: str) -> set[str]:
    """The casefolded words of `text`, split exactly as `word_positions` splits them."""
    folded = text.casefold()
    if len(folded) == len(text):
        return set(_WORD.findall(folded))
    return {word.casefold() for word in _WORD.findall(text)}


def phrase_pattern(query: str) -> re.Pattern[str] | None:
    """The query from its first to its last word, matched case-insensitively as whole words.

    Any run of whitespace matches any other (a phrase may wrap across lines) and straight and
    typographic apostrophes match each other.
    """
    words = list(_WORD.finditer(query))
    if not words:
        return None
    phrase = query[words[0].start() : words[-1].end()]
    parts = []
    for piece in _SPACES.split(phrase):
        escaped = "".join(f"[{_APOSTROPHES}]" if c in _APOSTROPHES else re.escape(c) for c in piece)
        parts.append(escaped)
    return re.compile(r"\s+".join(parts) + r"(?!\w)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Phrase:
    """A query of several words, with what narrows down where it can start."""

    pattern: re.Pattern[str]
    first: str
    # The query's second word starts `step` characters after its first (at least `step` when only
    # whitespace separates them); None when the separator mixes spaces and other characters.
    second: str | None
    step: int
    spaced: bool


def _compile_phrase(query: str, words: list[str]) -> _Phrase | None:
    """The phrase of a query of two words or more, else None."""
    pattern = phrase_pattern(query) if len(words) > 1 else None
    if pattern is None:
        return None
    tokens = list(_WORD.finditer(query))
    separator = query[tokens[0].end() : tokens[1].start()]
    spaced = separator.isspace()
    folds_alike = [token.group().casefold() for token in tokens] == words
    if not folds_alike or (not spaced and any(c.isspace() for c in separator)):
        return _Phrase(pattern, words[0], None, 0, False)
    step = len(words[0]) + (1 if spaced else len(separator))
    return _Phrase(pattern, words[0], words[1], step, spaced)


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


def _collapse(text: str) -> str:
    return _SPACES.sub(" ", text)


def snippet_before(text: str, start: int, width: int = SNIPPET_CHARS) -> str:
    """About `width` characters before `start`, from a word's start, whitespace collapsed."""
    cut = start - width
    if cut <= 0:
        return _collapse(text[:start]).lstrip()
    space = _SPACES.search(text, cut, min(start, cut + _WORD_SLACK))
    cut = space.end() if space is not None else cluster_start(text, cut)
    return ELLIPSIS + _collapse(text[cut:start])


def snippet_after(text: str, end: int, width: int = SNIPPET_CHARS) -> str:
    """About `width` characters after `end`, up to a word's end, whitespace collapsed."""
    cut = end + width
    if cut >= len(text):
        return _collapse(text[end:]).rstrip()
    for i in range(cut, max(end, cut - _WORD_SLACK), -1):
        if text[i - 1].isspace():
            cut = i - 1
            break
    else:
        cut = cluster_end(text, cut)
    return _collapse(text[end:cut]).rstrip() + ELLIPSIS


class TextIndex:
    """Casefolded words -> {document: offsets}, with the bodies kept for phrases and snippets."""

    def __init__(self) -> None:
        self._texts: dict[str, str] = {}
        self._postings: dict[str, dict[str, array[int]]] = {}
        # Documents where casefolding changed a length: words there may be longer than in a query.
        self._unaligned: set[str] = set()

    def __len__(self) -> int:
        return len(self._texts)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._texts

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __eq__(self, other: object) -> bool:
        """Whether two indexes hold the same bodies, words and offsets: not only the same answers."""
        if not isinstance(other, TextIndex):
            return NotImplemented
        return (
            self._texts == other._texts
            and self._postings == other._postings
            and self._unaligned == other._unaligned
        )

    def add_document(self, doc_id: str, text: str) -> None:
        """Index a document's body, replacing what an earlier version of it contributed."""
        self.add_prepared(doc_id, prepare_text(text))

    def add_prepared(self, doc_id: str, prepared: PreparedText) -> None:
        """Index a body whose words were found beforehand (in another thread, say)."""
        self.remove_document(doc_id)
        text, positions, aligned = prepared
        self._texts[doc_id] = text
        if not aligned:
            self._unaligned.add(doc_id)
        for word, starts in positions.items():
            postings = self._postings.get(word)
            if postings is None:
                postings = self._postings[word] = {}
            postings[doc_id] = starts

    def remove_document(self, doc_id: str) -> bool:
        """Forget a document; False if it was not indexed."""
        text = self._texts.pop(doc_id, None)
        if text is None:
            return False
        self._unaligned.discard(doc_id)
        # The words are found again rather than kept per document: removal is rare, memory is not.
        for word in _distinct_words(text):
            postings = self._postings[word]
            del postings[doc_id]
            if not postings:
                del self._postings[word]
        return True

    def clear(self) -> None:
        """Forget every document."""
        self._texts.clear()
        self._postings.clear()
        self._unaligned.clear()

    def text_of(self, doc_id: str) -> str | None:
        """The indexed body of a document, or None."""
        return self._texts.get(doc_id)

    def matching_documents(self, query: str) -> set[str]:
        """The documents that contain every word of the query."""
        postings = [self._postings.get(word) for word in dict.fromkeys(query_words(query))]
        if not postings or any(p is None for p in postings):
            return set()
        found = [p for p in postings if p is not None]
        found.sort(key=len)
        return {doc for doc in found[0] if all(doc in other for other in found[1:])}

    def _phrase_spans(self, doc_id: str, phrase: _Phrase) -> list[tuple[int, int]]:
        """Where the phrase occurs in a document, matched only where its first two words could be."""
        text = self._texts[doc_id]
        firsts = self._postings[phrase.first][doc_id]
        starts: Iterable[int] = firsts
        if phrase.second is not None and doc_id not in self._unaligned:
            # Set operations run in C: far cheaper than a pattern match at every "the".
            step = phrase.step
            seconds = self._postings[phrase.second][doc_id]
            candidates = list(set(map((-step).__add__, seconds)).intersection(firsts))
            if phrase.spaced:  # the words may also be apart by a longer run of whitespace
                farther = []
                for q in seconds:
                    if q >= 2 and text[q - 2].isspace() and text[q - 1].isspace():
                        gap = q - 2
                        while gap > 0 and text[gap - 1].isspace():
                            gap -= 1
                        farther.append(gap - len(phrase.first))
                if farther:  # only where the first word starts: not "state" inside "Upstate"
                    candidates.extend(set(farther).intersection(firsts))
            starts = sorted(candidates)
        return [(start, found.end()) for start in starts if (found := phrase.pattern.match(text, start))]

    def _word_spans(self, doc_id: str, word: str) -> Iterator[tuple[int, int]]:
        """Where a word occurs in a document, its ends found only as they are asked for."""
        text = self._texts[doc_id]
        for start in self._postings[word][doc_id]:
            token = _WORD.match(text, start)
            yield start, token.end() if token is not None else start + len(word)

    def search(self, query: str, limit: int = 100, per_document: int | None = None) -> list[SearchHit]:
        """Hits of a query in the documents that contain all its words, best documents first.

        A document's hits are the occurrences of the whole query when it appears there verbatim
        (ignoring case), else of its first word. Documents with the phrase come first, then those
        with more hits, then by id; hits within a document are in text order.
        """
        words = query_words(query)
        if not words or limit <= 0:
            return []
        first = words[0]
        phrase = _compile_phrase(query, words)
        # (phrase missing, -hits, id, phrase spans): a word's hits are counted, not located, until
        # a document is among those shown.
        ranked: list[tuple[bool, int, str, list[tuple[int, int]]]] = []
        for doc_id in self.matching_documents(query):
            spans = self._phrase_spans(doc_id, phrase) if phrase is not None else []
            if spans:
                ranked.append((False, -len(spans), doc_id, spans))
            else:
                ranked.append((phrase is not None, -len(self._postings[first][doc_id]), doc_id, []))
        ranked.sort(key=lambda item: item[:3])
        hits: list[SearchHit] = []
        for _, _, doc_id, phrase_spans in ranked:
            text = self._texts[doc_id]
            located: Iterable[tuple[int, int]] = phrase_spans or self._word_spans(doc_id, first)
            for start, end in itertools.islice(located, per_document):
                end = cluster_end(text, end)  # a combining accent after the word belongs to it
                hits.append(SearchHit(doc_id, start, end, snippet_before(text, start),
                                      _collapse(text[start:end]), snippet_after(text, end)))
                if len(hits) == limit:
                    return hits
        return hits
