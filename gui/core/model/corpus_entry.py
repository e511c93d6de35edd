"""What a corpus lists of each document before reading it, the listing's order, and its error."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NamedTuple

# JSON Lines corpora (jsonl_corpus, read only when one is opened). `.json` is left out: it names
# one JSON value (doccano's and spaCy's array exports, pretty-printed files), which read line by
# line would be a column of broken lines.
JSONL_SUFFIXES = (".jsonl", ".ndjson")


class CorpusError(Exception):
    """The path cannot be opened as a corpus at all (it is missing, or neither folder nor file)."""


class DocumentEntry(NamedTuple):
    """What the sidebar needs of a document before its body is read."""

    path: Path
    id: str
    date: dt.date | None
    title: str
    problem: str | None = None  # the document cannot be shown (unreadable, binary, empty)
    notice: str | None = None  # it can, but had to be repaired (bad bytes, impossible date)
    record: int | None = None  # in a JSON Lines corpus: the byte offset of its line in `path`
    # When and how big the file (and its .ann) were when listed: a changed stamp means re-read.
    stamp: tuple[int, ...] = ()
    # What the sidebar's filter looks in, prepared where the entry is read (a background thread
    # for big folders): "" until then.
    prepared_search_text: str = ""
    # Its place in the listing (sort_key), prepared there too: "" until then.
    prepared_sort_key: str = ""

    @property
    def search_text(self) -> str:
        """Title, file name and date, case-folded: what the document filter looks in."""
        return self.prepared_search_text or search_text_of(self.title, self.path.name, self.date)

    @property
    def name(self) -> str:
        """The file name, as the window title shows it."""
        return self.path.name


def listed_size(entry: DocumentEntry) -> int:
    """The bytes of a document's file and .ann when it was listed (0 if unknown)."""
    return sum(entry.stamp[1::2])


def search_text_of(title: str, name: str, date: dt.date | None) -> str:
    """The filter's haystack for a document: its title, file name and ISO date, case-folded."""
    return f"{title}\n{name}\n{date.isoformat() if date else ''}".casefold()


def sort_key(entry: DocumentEntry) -> str:
    """Newest first; undated documents after dated ones; then by file name (sort_key_of)."""
    return entry.prepared_sort_key or sort_key_of(entry.date, entry.path.name)


def sort_key_of(date: dt.date | None, name: str) -> str:
    """The listing's order as a string, so that ordering 100,000 entries compares strings rather
    than tuples: a fixed-width rank (days before the last day a date can name, or all nines for no
    date), then the file name."""
    rank = f"{_LAST_DAY - date.toordinal():07d}" if date else _UNDATED
    return rank + name


_LAST_DAY = dt.date.max.toordinal()  # 3652059: seven digits
_UNDATED = "9" * 7  # after every date's rank
