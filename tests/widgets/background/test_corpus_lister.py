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


def write_scrambled(folder: Path, count: int, digits: int, first_day: dt.date, days: int, title: str) -> Path:
    """Write `count` documents into `folder` whose file names (doc0001.txt, with `digits`), titles
    (a number and `title`) and dates (over `days` from `first_day`) are each in another order."""
    for number in range(count):
        day = first_day + dt.timedelta(days=(number * 7919) % days)
        text = f"date {day.isoformat()}\n{(number * 104729) % count:0{digits}d} {title}.\n"
        (folder / f"doc{number:0{digits}d}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_scrambled(tmp_path_factory.mktemp("listed"), COUNT, 4, dt.date(2001, 1, 1), 5000, "story")


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
