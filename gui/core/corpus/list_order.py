"""The orders the document list can be sorted in: by date (newest first, the default), title, file
name, entity count or a search's relevance. Each is a string key per entry, so that a corpus of
100,000 documents is ordered by comparing strings in C, and a big folder's listing, which grows a
batch at a time, merges each batch into the sorted keys instead of keying every entry again."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import Enum
from operator import attrgetter
from types import MappingProxyType
from typing import NamedTuple

from gui.core.model.corpus_entry import DocumentEntry, sort_key


class SortBy(Enum):
    """What the list is sorted by (the value is what settings and saved views store)."""

    DATE = "date"
    TITLE = "title"
    NAME = "name"
    ENTITIES = "entities"
    RELEVANCE = "relevance"

    @property
    def label(self) -> str:
        """The order as the chooser and the status line name it."""
        return _LABELS[self]

    @classmethod
    def parse(cls, value: object) -> SortBy:
        """The order a stored value names; the default (date) for anything else."""
        try:
            return cls(value)
        except ValueError:
            return cls.DATE


_LABELS = {
    SortBy.DATE: "Date, newest first",
    SortBy.TITLE: "Title",
    SortBy.NAME: "File name",
    SortBy.ENTITIES: "Entity count, most first",
    SortBy.RELEVANCE: "Relevance to the search listed",
}
_COUNT_DIGITS = 10  # an entity count's rank: fixed width, so that strings compare as numbers
_MOST = 10**_COUNT_DIGITS - 1
# Between a key's own part and the date order that breaks its ties: sorts before any character,
# so that a title sorts before the longer titles it begins (a NUL, which shows as nothing, is left
# out of the title or name it is in).
_TIE = "\0"


_NONE: Mapping[str, int] = MappingProxyType({})


class ListOrder(NamedTuple):
    """One way of sorting a corpus's entries, with the data it sorts by: entity counts (known so
    far, by document id; unknown ones go last) and a search's ranks (0 best; unranked go last).
    Ties, and the documents without a count or a rank, keep the date order (newest first,
    undated last, then by file name). (A NamedTuple, as the other value records made before the
    window's first paint: a frozen dataclass takes several times as long to define.)"""

    by: SortBy = SortBy.DATE
    counts: Mapping[str, int] = _NONE
    ranks: Mapping[str, int] = _NONE

    def key(self, entry: DocumentEntry) -> str:
        """The entry's place in this order, as a string that sorts so."""
        by, dated = self.by, sort_key(entry)
        if by is SortBy.DATE:
            return dated
        if by is SortBy.TITLE:
            return entry.title.casefold().replace(_TIE, "") + _TIE + dated
        if by is SortBy.NAME:
            return entry.path.name.casefold().replace(_TIE, "") + _TIE + dated
        known = self.counts.get(entry.id) if by is SortBy.ENTITIES else self.ranks.get(entry.id)
        if known is None:
            return "1" + dated
        place = _MOST - min(known, _MOST) if by is SortBy.ENTITIES else min(known, _MOST)
        return f"0{place:0{_COUNT_DIGITS}d}{dated}"

    def keys(self, entries: Sequence[DocumentEntry]) -> list[str]:
        """Each entry's key, in order (the date order's as the lister prepared them, if it did)."""
        if self.by is SortBy.DATE:
            found = list(map(attrgetter("prepared_sort_key"), entries))
            if all(found):
                return found
        return [self.key(entry) for entry in entries]


def sort_orders(search_listed: bool) -> list[SortBy]:
    """The orders the user can choose from: relevance only while a search's documents are listed."""
    return [by for by in SortBy if by is not SortBy.RELEVANCE or search_listed]


def next_order(current: SortBy, search_listed: bool) -> SortBy:
    """The order after `current` among those that can be chosen (cycling back to the first)."""
    orders = sort_orders(search_listed)
    at = orders.index(current) if current in orders else -1
    return orders[(at + 1) % len(orders)]
