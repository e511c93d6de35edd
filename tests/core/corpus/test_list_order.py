"""Sorting the document list: by date, title, file name, entity count or a search's relevance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from gui.core.corpus.corpus import Corpus, read_entries
from gui.core.corpus.list_order import ListOrder, SortBy, next_order, sort_orders
from gui.core.model.corpus_entry import DocumentEntry

WriteCorpus = Callable[[dict[str, str | bytes]], Path]

FILES: dict[str, str | bytes] = {
    "b.txt": "date 2020-01-01\nZebras cross the road.",
    "a.txt": "date 2021-05-05\napples fall.",
    "c.txt": "No date: Bananas ripen.",
    "D.txt": "date 2019-03-03\nApples again, older.",
}

# Forty documents, some undated, their titles and dates in other orders than their names.
FORTY: dict[str, str | bytes] = {
    f"d{n:02d}.txt": (f"date 20{n % 7:02d}-0{n % 9 + 1}-1{n % 3}\n" if n % 5 else "")
    + f"{'QWERTYUIOPASDFGHJKLZXCVBNM'[n % 26]} story {n}."
    for n in range(40)
}


def names(corpus: Corpus) -> list[str]:
    return [entry.name for entry in corpus]


def test_each_order_lists_the_folder_so(write_corpus: WriteCorpus) -> None:
    corpus = Corpus.open(write_corpus(FILES))
    assert names(corpus) == ["a.txt", "b.txt", "D.txt", "c.txt"]  # newest first, undated last
    corpus.reorder(ListOrder(SortBy.TITLE))
    # Case does not count ("Zebras" would come first if it did).
    assert [entry.title[:8] for entry in corpus] == ["Apples a", "apples f", "No date:", "Zebras c"]
    corpus.reorder(ListOrder(SortBy.NAME))
    assert names(corpus) == ["a.txt", "b.txt", "c.txt", "D.txt"]
    corpus.reorder(ListOrder(SortBy.ENTITIES, counts={"c": 7, "b": 2, "D": 7}))
    assert names(corpus) == ["D.txt", "c.txt", "b.txt", "a.txt"]  # a has no count yet: last
    corpus.reorder(ListOrder(SortBy.RELEVANCE, ranks={"b": 0, "c": 1}))
    assert names(corpus) == ["b.txt", "c.txt", "a.txt", "D.txt"]  # the unranked by date
    corpus.reorder(ListOrder())
    assert names(corpus) == ["a.txt", "b.txt", "D.txt", "c.txt"]
    # Positions are found in any order, and the filter's texts move with their entries.
    corpus.reorder(ListOrder(SortBy.TITLE))
    assert all(corpus.index_of(entry.id) == row for row, entry in enumerate(corpus))
    assert corpus.search_texts == [entry.search_text for entry in corpus]


def test_a_listing_grown_in_batches_keeps_the_order_chosen_before(write_corpus: WriteCorpus) -> None:
    folder = write_corpus(FORTY)
    at_once = Corpus.open(folder)
    at_once.reorder(ListOrder(SortBy.TITLE))
    grown = Corpus.open(folder, read_at_most=5)
    grown.reorder(ListOrder(SortBy.TITLE))  # chosen while nothing is listed yet
    for size in (1, 3, 9, 27):
        grown.add_entries(read_entries(grown.pending[:size]))
    assert names(grown) == names(at_once)
    assert names(grown) != names(Corpus.open(folder))
    assert all(grown.index_of(entry.id) == row for row, entry in enumerate(grown))
    assert grown.search_texts == [entry.search_text for entry in grown]


@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.dates()),
            st.text(min_size=1, max_size=8),
            st.text(max_size=8),
            st.one_of(st.none(), st.integers(min_value=0, max_value=10**9)),
        ),
        max_size=30,
        unique_by=lambda item: item[1],
    )
)
def test_the_keys_order_as_their_definitions_say(
    listed: list[tuple[dt.date | None, str, str, int | None]],
) -> None:
    entries = [DocumentEntry(Path(name), name, date, title) for date, name, title, _ in listed]
    counts = {name: count for _, name, _, count in listed if count is not None}

    def by_date(entry: DocumentEntry) -> tuple[bool, int, str]:
        return (entry.date is None, -(entry.date.toordinal() if entry.date else 0), entry.path.name)

    def keyed(order: ListOrder) -> list[DocumentEntry]:
        return sorted(entries, key=order.key)

    assert keyed(ListOrder()) == sorted(entries, key=by_date)
    by_title = sorted(entries, key=lambda e: (e.title.casefold().replace("\0", ""), by_date(e)))
    assert keyed(ListOrder(SortBy.TITLE)) == by_title
    by_count = sorted(entries, key=lambda e: (e.id not in counts, -counts.get(e.id, 0), by_date(e)))
    assert keyed(ListOrder(SortBy.ENTITIES, counts=counts)) == by_count
    ranks = {entry.id: at for at, entry in enumerate(reversed(entries))}
    assert keyed(ListOrder(SortBy.RELEVANCE, ranks=ranks)) == list(reversed(entries))


def test_relevance_is_offered_only_while_a_search_is_listed() -> None:
    assert SortBy.RELEVANCE not in sort_orders(search_listed=False)
    assert next_order(SortBy.DATE, False) is SortBy.TITLE
    assert next_order(SortBy.ENTITIES, False) is SortBy.DATE
    assert next_order(SortBy.ENTITIES, True) is SortBy.RELEVANCE
    assert next_order(SortBy.RELEVANCE, False) is SortBy.DATE  # a search no longer listed
    assert SortBy.parse("title") is SortBy.TITLE
    assert SortBy.parse("by size") is SortBy.DATE and SortBy.parse(None) is SortBy.DATE


def test_batches_merged_elsewhere_are_taken_as_they_are_unless_the_list_was_sorted_since(
    write_corpus: WriteCorpus,
) -> None:
    # A big folder's lister merges each batch into the listing in its own thread; the corpus takes
    # the listing made while it is still listed as the one merged into.
    folder = write_corpus(FORTY)
    at_once = Corpus.open(folder)
    grown = Corpus.open(folder, read_at_most=5)
    listing = grown.listing
    for size in (1, 3, 9, 27):
        batch = read_entries(grown.pending[:size])
        before = list(listing.entries)
        merged = listing.merged(batch)
        assert listing.entries == before  # merging leaves the listing merged into as it was
        ids = grown.ids
        grown.add_entries(batch, (listing, merged))
        assert grown.listed_as(merged) and grown.entries is merged.entries
        assert grown.ids is not ids and grown.ids == [entry.id for entry in grown]  # a new list
        listing = merged
    assert grown.complete and names(grown) == names(at_once)
    assert all(grown.index_of(entry.id) == row for row, entry in enumerate(grown))
    assert grown.search_texts == at_once.search_texts
    assert sorted(grown.ids_listed()) == sorted(entry.id for entry in at_once)
    # Sorted by title after the lister merged a batch (by date): the batch is merged here.
    again = Corpus.open(folder, read_at_most=5)
    base = again.listing
    first = read_entries(again.pending[:20])
    merged = base.merged(first)
    again.reorder(ListOrder(SortBy.TITLE))
    again.add_entries(first, (base, merged))
    assert not again.listed_as(merged)
    again.add_entries(read_entries(again.pending))
    at_once.reorder(ListOrder(SortBy.TITLE))
    assert names(again) == names(at_once) and again.ids == [entry.id for entry in at_once]
    assert again.search_texts == at_once.search_texts
    ids = again.ids
    again.reorder(ListOrder(SortBy.TITLE))  # as it is: the same list
    assert again.ids is ids
    again.reorder(ListOrder())
    assert again.ids is not ids and again.ids == [entry.id for entry in again]
    later = read_entries(Corpus.open(folder, read_at_most=5).pending[20:])
    assert again.ids_listed(20) == [entry.id for entry in later]  # those listed after the first 20
