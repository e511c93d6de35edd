"""Listing a big folder in the background: batches come merged into the listing, in order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from gui.core.corpus.corpus import Corpus
from gui.core.corpus.list_order import ListOrder, SortBy
from gui.core.session.events import FolderListed
from gui.widgets.background.corpus_lister import FIRST_BATCH, CorpusLister

COUNT = FIRST_BATCH + 300


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    place = tmp_path_factory.mktemp("listed")
    for number in range(COUNT):
        day = dt.date(2001, 1, 1) + dt.timedelta(days=(number * 7919) % 5000)
        title = f"{(number * 104729) % COUNT:04d} story"
        (place / f"doc{number:04d}.txt").write_text(f"date {day.isoformat()}\n{title}.\n", encoding="utf-8")
    return place


def listed(
    folder: Path, qtbot: QtBot, part: int | None, order: ListOrder
) -> tuple[Corpus, list[FolderListed]]:
    """The folder listed by a lister (its files pending, in `order`), and the batches it handed over."""
    corpus = Corpus.open(folder, read_at_most=10)
    corpus.reorder(order)
    lister = CorpusLister(processes=1, part=part)
    batches: list[FolderListed] = []
    lister.listed.connect(batches.append)
    lister.start(corpus)
    qtbot.waitUntil(lambda: bool(batches) and batches[-1].done, timeout=60_000)
    lister.stop()
    return corpus, batches


@pytest.mark.parametrize("order", [ListOrder(), ListOrder(SortBy.TITLE)])
def test_each_batch_comes_merged_into_the_listing_the_one_before_made(
    folder: Path, qtbot: QtBot, order: ListOrder
) -> None:
    corpus, batches = listed(folder, qtbot, None, order)
    assert len(batches) > 1 and not any(batch.done for batch in batches[:-1])
    for batch in batches:
        assert batch.merged is not None and corpus.listed_as(batch.merged[0])
        corpus.add_entries(batch.entries, batch.merged)
        assert corpus.entries is batch.merged[1].entries  # taken as it is: nothing merged here
    at_once = Corpus.open(folder)
    at_once.reorder(order)
    assert corpus.complete and [e.name for e in corpus] == [e.name for e in at_once]
    assert corpus.search_texts == at_once.search_texts
    assert all(corpus.index_of(entry.id) == row for row, entry in enumerate(corpus))


def test_a_lister_given_a_part_hands_its_batches_over_in_parts_that_size(folder: Path, qtbot: QtBot) -> None:
    corpus, batches = listed(folder, qtbot, 150, ListOrder())
    assert all(len(batch.entries) <= 150 for batch in batches)
    assert sum(len(batch.entries) for batch in batches) == COUNT and len(batches) >= COUNT // 150
    for batch in batches:
        corpus.add_entries(batch.entries, batch.merged)
    assert corpus.complete and len({entry.id for entry in corpus}) == COUNT
