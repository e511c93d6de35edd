"""A big folder listed in turns: the list grows under the reader, who keeps their place in it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QAbstractItemView
from pytestqt.qtbot import QtBot

from gui.core.corpus.corpus import Corpus
from gui.core.model.corpus_entry import DocumentEntry
from gui.widgets.sidebar.document_sidebar import DocumentSidebar


def entries(numbers: range) -> list[DocumentEntry]:
    """Entries dated in a scrambled order, so that a batch lands all through the list."""
    first = dt.date(2000, 1, 1)

    def entry(n: int) -> DocumentEntry:
        day = first + dt.timedelta(days=(n * 7919) % 9000)
        return DocumentEntry(Path(f"/news/d{n:05d}.txt"), f"d{n:05d}", day, f"Story {n}")

    return [entry(n) for n in numbers]


def shown_rows(sidebar: DocumentSidebar) -> tuple[int, int]:
    """The row at the top of the view and the current row."""
    view = sidebar.list_view
    return view.indexAt(QPoint(1, 1)).row(), view.currentIndex().row()


def test_a_listing_in_turns_keeps_the_document_shown_where_it_was_in_view(qtbot: QtBot) -> None:
    shown: list[str | None] = [None]
    sidebar = DocumentSidebar(chosen_id=lambda: shown[0])
    qtbot.addWidget(sidebar)
    sidebar.resize(320, 500)
    sidebar.show()
    corpus = Corpus(Path("/news"), [])
    sidebar.set_corpus(corpus)
    corpus.add_entries(entries(range(2_000)))
    sidebar.corpus_grew()
    chosen = corpus.entries[1_200]
    shown[0] = chosen.id
    sidebar.select_source_row(1_200)
    view = sidebar.list_view
    view.scrollTo(view.currentIndex(), QAbstractItemView.ScrollHint.PositionAtCenter)
    qtbot.waitUntil(lambda: shown_rows(sidebar)[1] == 1_200 and 1_100 < shown_rows(sidebar)[0] < 1_200)
    top, current = shown_rows(sidebar)
    below = current - top  # the document shown is this many rows below the top of the view
    resets: list[int] = []
    sidebar.filter_model.modelReset.connect(lambda: resets.append(1))
    anchor = sidebar.view_anchor()  # as the window's listing asks, before the corpus grows
    corpus.add_entries(entries(range(2_000, 3_000)))  # a turn: a thousand more, all through the list
    sidebar.corpus_grew(anchor)
    moved = corpus.index_of(chosen.id)
    assert moved != 1_200 and len(resets) == 1  # one reset for the turn
    qtbot.waitUntil(lambda: shown_rows(sidebar) == (moved - below, moved), timeout=10_000)
    # Scrolled away from the document shown: the view stays on the documents the reader looks at.
    view.scrollToTop()
    view.scrollTo(sidebar.filter_model.index(200, 0), QAbstractItemView.ScrollHint.PositionAtTop)
    qtbot.waitUntil(lambda: shown_rows(sidebar)[0] == 200)
    looked_at = corpus.entries[200].id
    anchor = sidebar.view_anchor()
    corpus.add_entries(entries(range(3_000, 4_000)))
    sidebar.corpus_grew(anchor)
    assert shown_rows(sidebar)[1] == corpus.index_of(chosen.id)  # still the current row
    qtbot.waitUntil(lambda: shown_rows(sidebar)[0] == corpus.index_of(looked_at), timeout=10_000)
    assert corpus.index_of(looked_at) != 200
