"""Quick open (Ctrl+P) on a big folder ranks its documents off the UI thread, as it ranks a small
folder's on it: the same best first, the newest query only, and Enter typed before the answer
opens the first of it once it comes. A big folder's are ranked by its corpus store, once it holds
them all; a store that cannot answer leaves the ranking here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import cast

from PySide6.QtCore import QObject, Qt, QTimer
from pytestqt.qtbot import QtBot

from gui.core.corpus.corpus import Corpus
from gui.core.corpus.store import CorpusStore
from gui.core.model.corpus_entry import DocumentEntry
from gui.core.search.fuzzy import FuzzyIndex, rank
from gui.core.session.events import StoreAnswer
from gui.widgets.background.store_link import StoreLink
from gui.widgets.panels.quick_open import QuickOpenDialog, store_ranking
from gui.widgets.window.main_window import MainWindow
from tests.core.corpus.store_helpers import stored_corpus

STORE_FILES = {
    "summit.txt": "NATO summit opens in Brussels\n\nLeaders met for two days.\n",
    "undated_a.txt": "Paris talks begin.\n",
    "undated_b.txt": "Paris talks begin.\n",
}

TITLES = ["Apple harvest", "A pale horse", "Grapes of wrath", "Maple syrup", "Plane crash", "Ample time"]


def entries(copies: int) -> list[DocumentEntry]:
    return [DocumentEntry(Path(f"doc{i:04d}-{n}.txt"), f"doc{i:04d}-{n}", None, title)
            for i in range(copies) for n, title in enumerate(TITLES)]


def shown(dialog: QuickOpenDialog) -> list[str]:
    return [dialog.model.entry_at(row).name for row in range(dialog.model.rowCount())]


def test_a_big_folder_is_ranked_in_a_thread_as_a_small_one_is_here(qtbot: QtBot) -> None:
    listed = entries(40)  # 240 documents
    here = QuickOpenDialog(listed, ranked_here_at_most=1_000)
    there = QuickOpenDialog(listed, ranked_here_at_most=10)
    qtbot.addWidget(here)
    qtbot.addWidget(there)
    for dialog in (here, there):
        dialog.show()
        qtbot.keyClicks(dialog.edit, "aple")
    assert not here.model.ranking
    qtbot.waitUntil(lambda: not there.model.ranking, timeout=10_000)
    assert shown(there) == shown(here) != []
    assert there.count_label.text() == f"{len(shown(here))} shown"
    # Typing on: only the newest query's answer is shown.
    for dialog in (here, there):
        qtbot.keyClick(dialog.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(dialog.edit, "ple sy")
    qtbot.waitUntil(lambda: not there.model.ranking, timeout=10_000)
    assert shown(there) == shown(here)
    assert shown(here)[0].endswith("-3.txt")  # Maple syrup


def test_enter_before_the_answer_opens_its_first_document(qtbot: QtBot) -> None:
    dialog = QuickOpenDialog(entries(40), ranked_here_at_most=10)
    qtbot.addWidget(dialog)
    dialog.show()
    chosen: list[str] = []

    def accepted() -> None:
        entry = dialog.chosen()
        chosen.append(entry.name if entry is not None else "")

    dialog.accepted.connect(accepted)
    qtbot.keyClicks(dialog.edit, "grapes")
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)  # at once, maybe before the answer
    qtbot.waitUntil(lambda: chosen != [], timeout=10_000)
    assert chosen[0].endswith("-2.txt")  # Grapes of wrath, the first of the answer
    assert len(chosen) == 1


def test_the_index_finds_what_fuzzy_matching_finds_and_ranks_it_so() -> None:
    texts = [f"{title} doc{i}.txt" for i, title in enumerate(TITLES * 3 + ["Straße", "İstanbul", "x\ny"])]
    for index in (FuzzyIndex(texts), FuzzyIndex(texts, piece=2)):  # searched whole, and in pieces
        for query in ("aple", "a", "ss", "ß", "istan", "İst", "x y", "zzz", "", ".txt", "a.t", "doc2"):
            assert index.rank(query, texts, 50) == rank(query, texts, texts, 50), query


def test_a_store_that_cannot_answer_leaves_the_ranking_here(qtbot: QtBot) -> None:
    listed = entries(5)
    here = QuickOpenDialog(listed)
    asked: list[str] = []

    def fails(text: str, limit: int, deliver: Callable[[list[DocumentEntry] | None], None]) -> None:
        asked.append(text)
        QTimer.singleShot(0, lambda: deliver(None))  # later, as the store's answers come

    failing = QuickOpenDialog(listed, store_ranking=fails)
    for dialog in (here, failing):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.keyClicks(dialog.edit, "grape")
    qtbot.waitUntil(lambda: not failing.model.ranking, timeout=5_000)
    assert asked and asked == ["g", "gr", "gra", "grap", "grape"][: len(asked)]
    assert shown(failing) == shown(here) != [] and not failing.model.ranked_by_store
    before = len(asked)
    for dialog in (here, failing):
        qtbot.keyClicks(dialog.edit, "s")
    assert len(asked) == before  # asked no more: ranked here, at once
    assert not failing.model.ranking and shown(failing) == shown(here) != []


def test_an_answer_the_store_drops_when_it_opens_again_is_ranked_here(qtbot: QtBot) -> None:
    listed = entries(5)
    here = QuickOpenDialog(listed)
    asked: list[str] = []

    def never(text: str, limit: int, deliver: Callable[[list[DocumentEntry] | None], None]) -> None:
        asked.append(text)  # the folder is opened again before the answer: it never comes

    waiting = QuickOpenDialog(listed, store_ranking=never)
    for dialog in (here, waiting):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.keyClicks(dialog.edit, "grape")
    assert asked and waiting.model.ranking and waiting.count_label.text().startswith("Looking")
    waiting.model.store_left()
    qtbot.waitUntil(lambda: not waiting.model.ranking, timeout=5_000)
    assert shown(waiting) == shown(here) != [] and not waiting.count_label.text().startswith("Looking")
    before = len(asked)
    for dialog in (here, waiting):
        qtbot.keyClicks(dialog.edit, "s")
    assert len(asked) == before and shown(waiting) == shown(here)  # here, from now on


def many_documents(count: int) -> dict[str, str]:
    words = ["harvest", "syrup", "crash", "horse", "wrath", "time"]
    files = {f"doc{i:03d}.txt": f"date 2020-01-{1 + i % 28:02d}\nNote {words[i % 6]} number {i}.\n"
             for i in range(count)}
    files["zebra.txt"] = "date 2019-05-05\nA zebra crossed the Limpopo river.\n"
    return files


def test_ctrl_p_in_a_big_folder_asks_the_store_and_enter_opens_what_it_found(
    make_window: Callable[..., MainWindow], write_corpus: Callable[..., Path], qtbot: QtBot,
) -> None:
    folder = write_corpus(many_documents(30))
    window = make_window()
    window.quick_open_ranked_here_at_most = 10  # 31 documents: "big"
    window.open_path(folder)
    qtbot.waitUntil(lambda: window.filter_model.rowCount() == 31, timeout=10_000)
    qtbot.waitUntil(lambda: window.store.up_to_date, timeout=60_000)
    qtbot.keyClick(window.view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(QuickOpenDialog)
    assert dialog is not None
    by_store: list[bool] = []
    dialog.model.rankedLater.connect(lambda: by_store.append(dialog.model.ranked_by_store))
    qtbot.keyClicks(dialog.edit, "zbra lim")
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)  # before the store's answer: opens it once it comes
    qtbot.waitUntil(lambda: window.windowTitle().startswith("zebra.txt"), timeout=10_000)
    assert by_store and by_store[-1]
    assert window.windowTitle() == f"zebra.txt — {folder.name} — Seedview"


def test_long_titles_are_elided_to_the_views_width_once_a_query_is_typed(qtbot: QtBot) -> None:
    """The results view takes one row's size for all: a long first title must not make every row
    wider than the view (clipped titles and a horizontal scrollbar instead of "…")."""
    long_title = "Russia has deployed military forces to Libya that are destabilizing the country " * 3
    listed = [DocumentEntry(Path(f"long{i}.txt"), f"long{i}", None, f"{long_title}{i}") for i in range(5)]
    listed.append(DocumentEntry(Path("short.txt"), "short", None, "Short"))
    dialog = QuickOpenDialog(listed)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.edit, "russia")
    view = dialog.results
    assert dialog.model.rowCount() == 5
    qtbot.waitUntil(lambda: view.visualRect(dialog.model.index(0)).width() > 0)
    for row in range(dialog.model.rowCount()):
        assert view.visualRect(dialog.model.index(row)).width() <= view.viewport().width()
    assert view.horizontalScrollBar().maximum() == 0
    assert not view.horizontalScrollBar().isVisible()


class AnsweringLink:
    """A store link that answers each question at once, on this thread, from `store`."""

    up_to_date = True

    def __init__(self, store: CorpusStore) -> None:
        self.store = store
        self.asked = 0

    def ask(self, question: Callable[[CorpusStore], object], answer: Callable[[StoreAnswer], None],
            asker: QObject | None = None, long: bool = False, kind: str = "") -> None:
        self.asked += 1
        answer(StoreAnswer(0, self.asked, question(self.store), ""))


def test_a_list_has_its_places_worked_out_once_for_every_dialog_opened_on_it(tmp_path: Path) -> None:
    store = stored_corpus(tmp_path, STORE_FILES)
    try:
        listed = Corpus.open(tmp_path / "corpus").entries
        link = AnsweringLink(store)
        asker = QObject()
        store_ranking(cast(StoreLink, link), listed, asker, ranked_here_at_most=1)
        assert link.asked == 1  # the ids' places in the list, as the dialog opens
        again = store_ranking(cast(StoreLink, link), listed, asker, ranked_here_at_most=1)
        assert again is not None and link.asked == 1  # opened again on the same list: known
        found: list[list[DocumentEntry] | None] = []
        again("paris talks", 200, found.append)
        assert [entry.id for entry in found[-1] or []] == ["undated_a", "undated_b"]
        # Another list (sorted otherwise): its own places, which break the tie the other way.
        reordered = list(reversed(listed))
        other = store_ranking(cast(StoreLink, link), reordered, asker, ranked_here_at_most=1)
        assert other is not None and link.asked == 3
        other("paris talks", 200, found.append)
        assert [entry.id for entry in found[-1] or []] == ["undated_b", "undated_a"]
    finally:
        store.close()
