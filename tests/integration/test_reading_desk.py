"""The reader's desk by keyboard: documents become read when shown for a moment or by Ctrl+M,
unread by Ctrl+Shift+M; Ctrl+B stars, Ctrl+J tags with the corpus's tags offered, Ctrl+N and
Ctrl+Shift+N write notes on the document and an entity. The list, the status bar and the query
language follow, and everything is there again after a restart."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from gui.core.corpus.store import CorpusStore
from gui.core.desk.reading import entity_note, set_tags
from gui.core.model.document_marks import DocumentMarks
from gui.widgets.desk.tag_dialog import TagDialog
from gui.widgets.dialogs.export_dialog import ExportDialog
from gui.widgets.panels.corpus_search import CorpusSearchDialog
from gui.widgets.sidebar.document_item_delegate import subtitle
from gui.widgets.sidebar.document_list_model import ReviewRole
from gui.widgets.window.main_window import MainWindow
from tests.widgets.conftest import MOVABLE_DOCK, back_to, searched

DOCUMENTS = {
    "a.txt": "date 2020-03-01\nKhalifa Haftar met Vladimir Putin in Moscow on Monday.\n",
    "b.txt": "date 2020-02-01\nVladimir Putin spoke in Moscow on Tuesday.\n",
    "c.txt": "date 2020-01-01\nKhalifa Haftar attacked Tripoli.\n",
}
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def folder(write_corpus: Callable[..., Path]) -> Path:
    return write_corpus(DOCUMENTS)


def opened(
    make_window: Callable[..., MainWindow], settings_path: Path, folder: Path, qtbot: QtBot,
    read_after_ms: int,
) -> MainWindow:
    """A window on the folder whose desk has answered, its newest document shown; a document
    shown `read_after_ms` is read."""
    settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
    settings.setValue("reading/markReadAfterMs", read_after_ms)
    settings.sync()
    window = make_window()
    with qtbot.waitSignal(window.highlightsShown, timeout=60_000):
        window.open_path(folder)
    qtbot.waitUntil(lambda: window.made("reading_desk") and window.reading_desk.loaded, timeout=10_000)
    back_to(window, qtbot)
    return window


def marks(window: MainWindow, doc_id: str) -> DocumentMarks:
    """The marks the list paints on a document's row."""
    source = window.document_pane.source_model
    assert source is not None
    found = source.index(source.row_of(doc_id)).data(ReviewRole)
    assert isinstance(found, DocumentMarks)
    return found


def progress(window: MainWindow) -> str:
    label = window.statusBar().findChild(QLabel, "readingProgress")
    assert label is not None
    return label.text() if label.isVisible() else ""


def written(window: MainWindow, qtbot: QtBot) -> None:
    """Wait until the store has written (answered) everything asked of it."""
    qtbot.waitUntil(lambda: not window.store.answering, timeout=10_000)


def test_a_document_shown_a_moment_is_read_and_the_status_bar_counts(
    make_window: Callable[..., MainWindow], settings_path: Path, folder: Path, qtbot: QtBot
) -> None:
    window = opened(make_window, settings_path, folder, qtbot, read_after_ms=150)
    assert window.shows("a")
    qtbot.waitUntil(lambda: marks(window, "a").read, timeout=5_000)
    assert not marks(window, "b").read  # never shown: bold in the list
    qtbot.waitUntil(lambda: progress(window) == "1 of 3 read", timeout=5_000)
    written(window, qtbot)
    assert searched(window, "is:read") == ["a"]
    assert sorted(searched(window, "is:unread")) == ["b", "c"]
    # Within a filter: the list narrowed to Haftar's documents by the filter box.
    window.filter_edit.setFocus()
    qtbot.keyClicks(window.filter_edit, "2020-01")
    qtbot.waitUntil(lambda: progress(window) == "0 of 1 read in this filter · 1 of 3 read", timeout=5_000)


def test_a_document_read_before_the_desk_answers_keeps_its_other_marks(
    make_window: Callable[..., MainWindow], settings_path: Path, folder: Path, qtbot: QtBot, cache_path: Path
) -> None:
    store = CorpusStore.for_corpus(cache_path.parent, folder)  # the window's store, and its desk
    set_tags(store.db, (b"a.txt", "a"), ["Libya"])
    store.close()
    window = opened(make_window, settings_path, folder, qtbot, read_after_ms=1)  # at once
    qtbot.waitUntil(lambda: marks(window, "a").read, timeout=5_000)
    assert marks(window, "a") == DocumentMarks(read=True, tags=("Libya",))


def test_ctrl_m_and_ctrl_shift_m_mark_read_and_unread_and_survive_a_restart(
    make_window: Callable[..., MainWindow], settings_path: Path, folder: Path, qtbot: QtBot
) -> None:
    window = opened(make_window, settings_path, folder, qtbot, read_after_ms=60_000)
    qtbot.keyClick(window.view, Qt.Key.Key_M, CTRL)
    assert marks(window, "a").read
    qtbot.waitUntil(lambda: progress(window) == "1 of 3 read", timeout=5_000)
    qtbot.keyClick(window.view, Qt.Key.Key_M, CTRL_SHIFT)
    assert not marks(window, "a").read
    qtbot.keyClick(window.view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)  # to b
    qtbot.waitUntil(lambda: window.shows("b"), timeout=5_000)
    qtbot.keyClick(window.view, Qt.Key.Key_M, CTRL)
    written(window, qtbot)
    window.close()

    again = opened(make_window, settings_path, folder, qtbot, read_after_ms=60_000)
    assert [marks(again, doc_id).read for doc_id in "abc"] == [False, True, False]
    qtbot.waitUntil(lambda: progress(again) == "1 of 3 read", timeout=5_000)


def test_a_document_marked_unread_stays_unread_while_shown(
    make_window: Callable[..., MainWindow], settings_path: Path, folder: Path, qtbot: QtBot
) -> None:
    window = opened(make_window, settings_path, folder, qtbot, read_after_ms=300)
    qtbot.keyClick(window.view, Qt.Key.Key_M, CTRL_SHIFT)
    qtbot.wait(600)  # longer than it takes to become read: it does not
    assert not marks(window, "a").read


def test_ctrl_b_stars_and_is_starred_finds_it_after_a_restart(
    make_window: Callable[..., MainWindow], settings_path: Path, folder: Path, qtbot: QtBot
) -> None:
    window = opened(make_window, settings_path, folder, qtbot, read_after_ms=60_000)
    qtbot.keyClick(window.view, Qt.Key.Key_B, CTRL)
    assert marks(window, "a").starred
    # Not only bold and a star: a screen reader says it too.
    row = window.filter_model.index(0, 0)
    assert row.data(Qt.ItemDataRole.AccessibleTextRole).endswith(", unread, starred")
    written(window, qtbot)
    assert searched(window, "is:starred") == ["a"]
    window.close()
    again = opened(make_window, settings_path, folder, qtbot, read_after_ms=60_000)
    assert marks(again, "a").starred
    qtbot.keyClick(again.view, Qt.Key.Key_B, CTRL)  # unstarred
    assert not marks(again, "a").starred
    written(again, qtbot)
    assert searched(again, "is:starred") == []


def tag_dialog(qtbot: QtBot) -> TagDialog:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), TagDialog), timeout=10_000)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, TagDialog)
    return dialog


# The offscreen platform cannot give the completion popup the keyboard; nothing is wrong.
@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_ctrl_j_tags_with_the_corpus_tags_offered(
    make_window: Callable[..., MainWindow], settings_path: Path, folder: Path, qtbot: QtBot
) -> None:
    window = opened(make_window, settings_path, folder, qtbot, read_after_ms=60_000)
    qtbot.keyClick(window.view, Qt.Key.Key_J, CTRL)
    dialog = tag_dialog(qtbot)
    qtbot.keyClicks(dialog.edit, "Libya, to check")
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: marks(window, "a").tags == ("Libya", "to check"), timeout=5_000)
    assert "#Libya, #to check" in subtitle("2020-03-01", 3, None, None, marks(window, "a"))
    back_to(window, qtbot)
    qtbot.keyClick(window.view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.shows("b"), timeout=5_000)
    qtbot.keyClick(window.view, Qt.Key.Key_J, CTRL)
    dialog = tag_dialog(qtbot)
    qtbot.keyClicks(dialog.edit, "lib")
    popup = dialog.completer.popup()
    assert popup is not None
    qtbot.waitUntil(popup.isVisible, timeout=5_000)
    assert dialog.completer.currentCompletion() == "Libya, "  # the corpus's own tag, completed
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert dialog.edit.text() == "Libya, "
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: marks(window, "b").tags == ("Libya",), timeout=5_000)
    written(window, qtbot)
    assert sorted(searched(window, "tag:libya")) == ["a", "b"]
    assert searched(window, 'tag:"to check"') == ["a"]


def test_ctrl_n_writes_the_documents_note_in_a_pane_f6_reaches(
    make_window: Callable[..., MainWindow], settings_path: Path, folder: Path, qtbot: QtBot
) -> None:
    window = opened(make_window, settings_path, folder, qtbot, read_after_ms=60_000)
    qtbot.keyClick(window.view, Qt.Key.Key_N, CTRL)
    notes = window.reading_desk.notes
    assert notes.isVisible()
    assert notes.features() == MOVABLE_DOCK  # the reader may close it, move it or float it
    editor = notes.document_note.edit
    qtbot.waitUntil(editor.hasFocus, timeout=5_000)
    qtbot.keyClicks(editor, "Check the Moscow date.")
    qtbot.keyClick(editor, Qt.Key.Key_N, CTRL)  # from the pane: hidden, and the note kept
    assert not notes.isVisible()
    assert marks(window, "a").note == "Check the Moscow date."
    written(window, qtbot)
    assert searched(window, "has:note") == ["a"]
    # Shown again, F6 goes round the panes to the note too.
    qtbot.keyClick(window.view, Qt.Key.Key_N, CTRL)
    window.view.setFocus()
    for _ in range(len(window.panes)):
        if editor.hasFocus():
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
    assert editor.hasFocus()
    assert editor.toPlainText() == "Check the Moscow date."
    window.close()
    again = opened(make_window, settings_path, folder, qtbot, read_after_ms=60_000)
    assert marks(again, "a").note == "Check the Moscow date."


def test_a_changed_file_keeps_its_marks_while_its_name_stays(
    make_window: Callable[..., MainWindow], settings_path: Path, folder: Path, qtbot: QtBot
) -> None:
    window = opened(make_window, settings_path, folder, qtbot, read_after_ms=60_000)
    qtbot.keyClick(window.view, Qt.Key.Key_B, CTRL)
    qtbot.keyClick(window.view, Qt.Key.Key_M, CTRL)
    written(window, qtbot)
    path = folder / "a.txt"
    path.write_text("date 2020-03-01\nKhalifa Haftar met Sergei Lavrov in Moscow.\n", encoding="utf-8")
    stat = path.stat()  # a later time stamp, whatever the file system's resolution
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    qtbot.waitUntil(lambda: "Lavrov" in window.view.toPlainText(), timeout=10_000)
    qtbot.waitUntil(lambda: searched(window, "lavrov") == ["a"], timeout=60_000)  # the store has it anew
    assert marks(window, "a") == DocumentMarks(read=True, starred=True)
    assert searched(window, "lavrov is:starred is:read") == ["a"]
    window.close()
    again = opened(make_window, settings_path, folder, qtbot, read_after_ms=60_000)
    assert marks(again, "a") == DocumentMarks(read=True, starred=True)


def test_a_note_typed_just_before_the_window_closes_is_kept(
    make_window: Callable[..., MainWindow], settings_path: Path, folder: Path, qtbot: QtBot
) -> None:
    window = opened(make_window, settings_path, folder, qtbot, read_after_ms=60_000)
    qtbot.keyClick(window.view, Qt.Key.Key_N, CTRL)
    editor = window.reading_desk.notes.document_note.edit
    qtbot.waitUntil(editor.hasFocus, timeout=5_000)
    qtbot.keyClicks(editor, "Last words.")
    window.close()  # at once: the pause that keeps a note has not passed
    again = opened(make_window, settings_path, folder, qtbot, read_after_ms=60_000)
    assert marks(again, "a").note == "Last words."


def test_ctrl_shift_n_writes_a_note_on_the_entity_at_the_caret(
    make_window: Callable[..., MainWindow], settings_path: Path, folder: Path, qtbot: QtBot
) -> None:
    window = opened(make_window, settings_path, folder, qtbot, read_after_ms=60_000)
    qtbot.keyClick(window.view, Qt.Key.Key_F8)  # the first entity: Khalifa Haftar
    assert window.view.textCursor().selectedText() == "Khalifa Haftar"
    qtbot.keyClick(window.view, Qt.Key.Key_N, CTRL_SHIFT)
    field = window.reading_desk.notes.entity_note
    qtbot.waitUntil(field.edit.hasFocus, timeout=5_000)
    assert "Khalifa Haftar" in field.title.text()
    qtbot.keyClicks(field.edit, "Leads the LNA.")
    window.view.setFocus()  # the focus leaves: the note is kept
    written(window, qtbot)
    assert window.store.answer_now(lambda store: entity_note(store.db, "khalifa haftar")) == "Leads the LNA."
    # The entity panel marks the entity, and its tooltip has the note; from the panel, with the
    # pane shown, the pane's entity note follows the row.
    panel = window.entity_panel
    qtbot.keyClick(window.view, Qt.Key.Key_4, CTRL)
    rows = [index for type_row in range(panel.model().rowCount())
            for index in [panel.model().index(r, 0, panel.model().index(type_row, 0))
                          for r in range(panel.model().rowCount(panel.model().index(type_row, 0)))]]
    haftar = next(index for index in rows if str(index.data()).startswith("Khalifa Haftar"))
    assert str(haftar.data()).endswith("✎")
    assert "Leads the LNA." in str(haftar.data(Qt.ItemDataRole.AccessibleTextRole))
    putin = next(index for index in rows if str(index.data()).startswith("Vladimir Putin"))
    assert not str(putin.data()).endswith("✎")
    for target, key in ((putin, Qt.Key.Key_Down), (haftar, Qt.Key.Key_Up)):
        for _ in range(len(rows) + 3):
            if panel.currentIndex() == target:
                break
            qtbot.keyClick(panel, key)
        assert panel.currentIndex() == target
        name, note = str(target.data()).split("  ")[0], "Leads the LNA." if target == haftar else ""
        qtbot.waitUntil(lambda name=name, note=note: (  # type: ignore[misc]
            name in field.title.text() and field.edit.isEnabled() and field.edit.toPlainText() == note
        ), timeout=5_000)


def test_ctrl_s_exports_the_documents_marks(
    make_window: Callable[..., MainWindow], settings_path: Path, folder: Path, qtbot: QtBot, tmp_path: Path
) -> None:
    window = opened(make_window, settings_path, folder, qtbot, read_after_ms=60_000)
    qtbot.keyClick(window.view, Qt.Key.Key_B, CTRL)
    qtbot.keyClick(window.view, Qt.Key.Key_M, CTRL)
    qtbot.keyClick(window.view, Qt.Key.Key_S, CTRL)
    dialog = window.findChild(ExportDialog)
    assert dialog is not None and dialog.fmt == "jsonl"
    out = tmp_path / "exported" / "a.jsonl"
    dialog.path_edit.selectAll()
    qtbot.keyClicks(dialog.path_edit, str(out))
    with qtbot.waitSignal(window.exports.runner.finished, timeout=60_000):
        qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert (record["id"], record["read"], record["starred"], record["tags"], record["note"]) == (
        "a", True, True, [], "")


def test_the_corpus_search_finds_the_marks_and_counts_what_is_read(
    make_window: Callable[..., MainWindow], settings_path: Path, folder: Path, qtbot: QtBot
) -> None:
    window = opened(make_window, settings_path, folder, qtbot, read_after_ms=60_000)
    qtbot.keyClick(window.view, Qt.Key.Key_B, CTRL)  # a: starred and read
    qtbot.keyClick(window.view, Qt.Key.Key_M, CTRL)
    written(window, qtbot)
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL_SHIFT)
    dialog = window.findChild(CorpusSearchDialog)
    assert dialog is not None
    qtbot.keyClicks(dialog.edit, "is:starred")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1 and not dialog.searching, timeout=5_000)
    assert dialog.model.index(0).data().splitlines()[1] == "(found by its filters: no words to show)"
    assert dialog.status.text().endswith("; 1 of 1 read in this search.")
    dialog.edit.clear()
    qtbot.keyClicks(dialog.edit, "moscow")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2 and not dialog.searching, timeout=5_000)
    assert dialog.status.text().endswith("; 1 of 2 read in this search.")
