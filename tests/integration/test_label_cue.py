"""The label cue: each entity's type written after it, toggled by keyboard and remembered."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from gui.widgets.commands import window_commands
from gui.widgets.window.main_window import MainWindow


def caret_x(window: MainWindow, position: int) -> int:
    window.view.viewport().repaint()  # highlights (and the cue's gap) are applied when painted
    cursor = QTextCursor(window.view.document())
    cursor.setPosition(position)
    return window.view.cursorRect(cursor).left()


def test_ctrl_shift_l_writes_each_type_after_its_entity_and_is_remembered(
    window: MainWindow, make_window: Callable[..., MainWindow], corpus_folder: Path, qtbot: QtBot
) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.view.setFocus()
    first = window.view.spans[0]
    # Without the cue, the character after an entity follows it closely.
    plain_gap = caret_x(window, first.end) - caret_x(window, first.end - 1)
    qtbot.keyClick(
        window.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert window.actions_by_id["label_cue"].isChecked()
    cues = window.view.label_cues
    assert cues[first.end].split()[0] == first.label
    # Room is made for the label after the entity's last character, as wide as the label.
    cue_gap = caret_x(window, first.end) - caret_x(window, first.end - 1)
    assert cue_gap >= plain_gap + window.view.label_cue_width(first.label) - 2
    window.close()

    again = make_window()
    # Restored quietly: the status bar only speaks of what the user just did.
    assert again.statusBar().currentMessage() == ""
    again.open_path(corpus_folder)
    assert again.view.label_cue and again.actions_by_id["label_cue"].isChecked()
    window_commands.toggle_label_cue(again)
    assert again.statusBar().currentMessage() == "Entity labels hidden"
    assert not again.view.label_cue and again.view.label_cues == {}
