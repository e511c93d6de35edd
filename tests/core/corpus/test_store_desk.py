"""The query language's desk filters (is:read, is:unread, is:starred, has:note, tag:NAME) and the
reading progress, answered by the store joined with the user's desk."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_desk import ReadingProgress, reading_progress
from gui.core.corpus.store_query import search
from gui.core.desk.reading import set_note, set_read, set_starred, set_tags
from gui.core.search.query import parse_query
from tests.core.corpus.store_helpers import stored_corpus

FILES = {
    "blair.txt": "date 2019-11-20\nTony Blair spoke in London about the trade deal.\n",
    "merkel.txt": "date 2020-01-05\nAngela Merkel met Emmanuel Macron in Paris.\n",
    "obama.txt": "date 2018-05-01\nBarack Obama visited Berlin and talked trade.\n",
    "undated.txt": "Nothing much happened here.\n",
}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CorpusStore]:
    store = stored_corpus(tmp_path, FILES)
    set_read(store.db, (b"blair.txt", "blair"), True)
    set_read(store.db, (b"obama.txt", "obama"), True)
    set_starred(store.db, (b"obama.txt", "obama"), True)
    set_starred(store.db, (b"merkel.txt", "merkel"), True)
    set_note(store.db, (b"merkel.txt", "merkel"), "Macron's first visit?")
    set_tags(store.db, (b"blair.txt", "blair"), ["to check", "UK"])
    set_tags(store.db, (b"undated.txt", "undated"), ["To Check"])
    set_tags(store.db, (b"gone.txt", "gone"), ["to check"])  # a document no longer in the folder
    yield store
    store.close()


def found(store: CorpusStore, text: str) -> list[str]:
    return sorted(match.id for match in search(store, parse_query(text), limit=100))


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("is:read", ["blair", "obama"]),
        ("is:unread", ["merkel", "undated"]),
        ("is:starred", ["merkel", "obama"]),
        ("has:note", ["merkel"]),
        ('tag:"to check"', ["blair", "undated"]),  # any case
        ("tag:uk", ["blair"]),
        ("tag:nothing", []),
        ("trade is:unread", []),
        ("trade is:read", ["blair", "obama"]),
        ("is:starred -is:read", ["merkel"]),
        ("is:unread OR tag:UK", ["blair", "merkel", "undated"]),
        ('entity:"Barack Obama" is:starred', ["obama"]),
        ("date:2019..2020 is:read", ["blair"]),
    ],
)
def test_desk_filters_find_what_the_user_marked(store: CorpusStore, text: str, ids: list[str]) -> None:
    assert found(store, text) == ids


def test_reading_progress_of_the_corpus_and_of_a_query(store: CorpusStore) -> None:
    assert reading_progress(store) == ReadingProgress(read=2, documents=4)
    assert reading_progress(store, parse_query("trade")) == ReadingProgress(read=2, documents=2)
    assert reading_progress(store, parse_query("is:starred")) == ReadingProgress(read=1, documents=2)
    assert reading_progress(store, parse_query("nothing-at-all")) == ReadingProgress(read=0, documents=0)
