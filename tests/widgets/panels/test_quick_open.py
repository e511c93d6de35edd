"""Quick open (Ctrl+P) on a big folder ranks its documents off the UI thread, as it ranks a small
folder's on it: the same best first, the newest query only, and Enter typed before the answer
opens the first of it once it comes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.core.model.corpus_entry import DocumentEntry
from gui.core.search.fuzzy import FuzzyIndex, rank
from gui.widgets.panels.quick_open import QuickOpenDialog

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
