"""A folder too big to list at once: the window opens at once and the list fills in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.core.engine.engine import SpacyEngine
from gui.widgets.window.folder_listing import BACKGROUND_LISTING_OVER, FolderListing
from gui.widgets.window.main_window import MainWindow

COUNT = BACKGROUND_LISTING_OVER + 1_500


@pytest.fixture(scope="module")
def big_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("big")
    start = dt.date(2000, 1, 1)
    for number in range(COUNT):
        date = start + dt.timedelta(days=(number * 7919) % 9000)  # a scrambled order of dates
        (folder / f"doc{number:05d}.txt").write_text(
            f"date {date.isoformat()}\nStory number {number} about Lima.\n", encoding="utf-8"
        )
    return folder


def test_a_big_folder_is_listed_in_the_background_newest_first(
    make_window: Callable[..., MainWindow], big_folder: Path, qtbot: QtBot
) -> None:
    window = make_window()
    progress: list[tuple[int, int]] = []
    window.listingProgress.connect(lambda listed, total: progress.append((listed, total)))
    assert window.open_path(big_folder)
    # open_path returned before reading the files: nothing is listed yet.
    assert window.corpus is not None and len(window.corpus) == 0 and len(window.corpus.pending) == COUNT
    qtbot.waitUntil(lambda: bool(progress) and progress[-1][0] == COUNT, timeout=60_000)
    assert len(progress) > 1 and all(total == COUNT for _, total in progress)  # in several batches
    assert window.corpus.complete and window.filter_model.rowCount() == COUNT
    dates = [entry.date for entry in window.corpus.entries]
    assert dates == sorted(dates, reverse=True)  # type: ignore[type-var]
    assert window.current_document is not None  # a document was shown while the list filled in
    newest = window.corpus.entries[0]
    qtbot.waitUntil(lambda: window.shows(newest.name), timeout=10_000)  # and the newest once listed
    window.filter_edit.setText("number 4242 ")
    assert window.filter_model.rowCount() == 1


def test_a_big_listing_is_taken_in_a_part_per_turn_in_order(
    make_window: Callable[..., MainWindow], big_folder: Path, qtbot: QtBot
) -> None:
    window = make_window()
    window.listing = FolderListing(window, entries_per_turn=400)  # parts far smaller than the batches
    progress: list[int] = []
    window.listingProgress.connect(lambda listed, _total: progress.append(listed))
    assert window.open_path(big_folder)
    qtbot.waitUntil(lambda: bool(progress) and progress[-1] == COUNT, timeout=60_000)
    assert len(progress) >= COUNT // 400 and progress == sorted(progress)  # one part per turn
    assert all(later - earlier <= 400 for earlier, later in zip([0, *progress], progress, strict=False))
    assert window.corpus is not None and window.corpus.complete and not window.corpus.pending
    dates = [entry.date for entry in window.corpus.entries]
    assert dates == sorted(dates, reverse=True)  # type: ignore[type-var]
    assert len({entry.id for entry in window.corpus.entries}) == COUNT == window.filter_model.rowCount()


def test_the_document_asked_for_is_shown_once_it_is_listed(
    make_window: Callable[..., MainWindow], big_folder: Path, qtbot: QtBot
) -> None:
    window = make_window()
    window.open_path(big_folder, "doc04321.txt")
    qtbot.waitUntil(lambda: window.shows("doc04321.txt"), timeout=60_000)
    assert "Story number 4321" in window.view.toPlainText()


def test_a_big_document_is_read_off_the_ui_thread_and_shown_when_read(
    make_window: Callable[..., MainWindow], tmp_path: Path, qtbot: QtBot
) -> None:
    folder = tmp_path / "long"
    folder.mkdir()
    body = "Ana Lopez visited Lima. " * 60_000  # 1.4 MB
    (folder / "long.txt").write_text(body, encoding="utf-8")
    (folder / "long.ann").write_text("T1\tPERSON 0 9\tAna Lopez\n", encoding="utf-8")
    window = make_window()
    window.open_path(folder)
    # open_path came back before reading it: the header says it is on its way.
    assert window.header.title.text().startswith("Opening long.txt (1.")
    assert window.current_document is None
    qtbot.waitUntil(lambda: window.current_document is not None, timeout=30_000)
    assert window.view.toPlainText() == body
    assert [(s.start, s.end, s.label) for s in window.view.spans] == [(0, 9, "PERSON")]


def test_the_model_loads_only_once_the_big_folder_is_listed(
    make_window: Callable[..., MainWindow], big_folder: Path, qtbot: QtBot, engine: SpacyEngine
) -> None:
    # Loading the model takes the interpreter and a core for seconds: it waits for the listing.
    pending_at_load: list[int] = []

    def loader() -> SpacyEngine:
        assert window.corpus is not None
        pending_at_load.append(len(window.corpus.pending))
        return engine

    window = make_window(loader)
    window.open_path(big_folder)
    qtbot.waitUntil(lambda: window.view.spans != [], timeout=60_000)
    assert pending_at_load == [0]
    assert window.corpus is not None and window.corpus.complete


def test_no_match_while_listing_says_the_rest_is_still_coming(big_folder: Path, qtbot: QtBot) -> None:
    from gui.core.corpus.corpus import Corpus
    from gui.widgets.sidebar.document_sidebar import DocumentSidebar

    sidebar = DocumentSidebar()
    qtbot.addWidget(sidebar)
    sidebar.set_corpus(Corpus.open(big_folder, read_at_most=BACKGROUND_LISTING_OVER))  # none listed yet
    sidebar.filter_edit.setText("Lima")
    assert sidebar.no_match_label.isVisibleTo(sidebar)
    assert sidebar.no_match_label.text() == (
        f"No document listed so far matches “Lima”; {COUNT:,} are still being listed."
    )


def test_clearing_the_filter_scrolls_back_to_the_document_shown(big_folder: Path, qtbot: QtBot) -> None:
    from gui.core.corpus.corpus import Corpus
    from gui.widgets.sidebar.document_sidebar import DocumentSidebar

    chosen: list[str] = []
    sidebar = DocumentSidebar(chosen_id=lambda: chosen[-1] if chosen else None)
    qtbot.addWidget(sidebar)
    sidebar.resize(320, 400)
    sidebar.show()
    sidebar.entryChosen.connect(lambda entry: chosen.append(entry.id))
    sidebar.set_corpus(Corpus.open(big_folder))
    sidebar.select_source_row(COUNT - 10)  # far down the list
    view = sidebar.list_view

    def in_view() -> bool:
        return view.visualRect(view.currentIndex()).intersects(view.viewport().rect())

    qtbot.waitUntil(in_view)
    sidebar.filter_edit.setText("number 1")
    matching = sidebar.filter_model.rowCount()
    assert 0 < matching < COUNT
    assert sidebar.match_count_label.isVisibleTo(sidebar)
    assert sidebar.match_count_label.text() == f"{matching:,} of {COUNT:,} documents"
    sidebar.filter_edit.setText("")
    assert not sidebar.match_count_label.isVisibleTo(sidebar)
    assert view.currentIndex().row() == COUNT - 10  # still the document shown
    qtbot.waitUntil(in_view, timeout=3_000)  # and in view once the rows are laid out again


def test_the_reading_progress_counts_a_big_folder_listed_in_turns(
    make_window: Callable[..., MainWindow], big_folder: Path, qtbot: QtBot, cache_path: Path
) -> None:
    from PySide6.QtWidgets import QLabel

    from gui.core.corpus.store import CorpusStore
    from gui.core.desk.reading import set_read

    store = CorpusStore.for_corpus(cache_path.parent, big_folder)  # the window's store, and its desk
    for number in (17, 424, 4242):
        set_read(store.db, (f"doc{number:05d}.txt".encode(), f"doc{number:05d}"), True)
    store.close()
    window = make_window()

    def progress() -> str:
        label = window.statusBar().findChild(QLabel, "readingProgress")  # made once the window starts
        return label.text() if label is not None and label.isVisible() else ""

    texts: list[str] = []
    window.listingProgress.connect(lambda *_: texts.append(progress()))
    assert window.open_path(big_folder)
    qtbot.waitUntil(lambda: window.corpus is not None and window.corpus.complete, timeout=60_000)
    qtbot.waitUntil(lambda: progress() == f"3 of {COUNT:,} read", timeout=10_000)
    # The entries listed are set aside: no round of the cycle collector looks at them again.
    import gc

    looked_at = {id(thing) for thing in gc.get_objects()}
    assert window.corpus is not None
    assert not any(id(entry) in looked_at for entry in window.corpus.entries)
    # Counted on as the list grew: each count was of the documents listed by then.
    counts = [text.split(" read")[0].replace(",", "").split(" of ") for text in texts if text]
    assert all(int(read) <= 3 and int(listed) <= COUNT for read, listed in counts)
    # Within a filter: many rows and few read, or few rows.
    in_all = f"3 of {COUNT:,} read"
    window.filter_edit.setText("doc04")  # doc04000 to doc04499
    qtbot.waitUntil(lambda: progress() == f"1 of 500 read in this filter · {in_all}", timeout=5_000)
    window.filter_edit.setText("doc0424")  # doc04240 to doc04249
    qtbot.waitUntil(lambda: progress() == f"1 of 10 read in this filter · {in_all}", timeout=5_000)
    window.filter_edit.setText("doc0042")  # doc00420 to doc00429
    qtbot.waitUntil(lambda: progress() == f"1 of 10 read in this filter · {in_all}", timeout=5_000)


@pytest.fixture(scope="module")
def big_annotated_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A big folder whose documents bring their entities (a .ann each): the first one shown has
    its highlights while the rest are listed, before any model is loaded."""
    folder = tmp_path_factory.mktemp("big_ann")
    start = dt.date(2000, 1, 1)
    for number in range(COUNT):
        date = start + dt.timedelta(days=(number * 7919) % 9000)
        (folder / f"doc{number:05d}.txt").write_text(
            f"date {date.isoformat()}\nLima story number {number}.\n", encoding="utf-8"
        )
        (folder / f"doc{number:05d}.ann").write_text("T1\tGPE 16 20\tLima\n", encoding="utf-8")
    return folder


def test_ctrl_e_while_a_big_folder_is_listed_keeps_the_document_it_was_pressed_on(
    make_window: Callable[..., MainWindow], big_annotated_folder: Path, qtbot: QtBot
) -> None:
    window = make_window()
    shown: list[str] = []
    window.documentShown.connect(shown.append)
    window.open_path(big_annotated_folder)
    qtbot.waitUntil(lambda: bool(shown) and window.view.spans != [], timeout=30_000)
    first = shown[0]
    window.view.setFocus()
    assert window.view.textCursor().position() == 0  # on "Lima", where the text begins
    qtbot.keyClick(window.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    # Listed, indexed, the filter asked again: every document mentions Lima, the first shown too.
    chip = window.document_pane.chip_label
    qtbot.waitUntil(lambda: chip.text() == f"Mentioning Lima (GPE): {COUNT:,} documents", timeout=60_000)
    assert set(shown) == {first} and window.shows(first)
    current = window.sidebar.currentIndex()
    assert current.isValid() and window.corpus is not None
    assert window.corpus.entries[window.filter_model.mapToSource(current).row()].id == first
