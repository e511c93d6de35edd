"""F1 says every key the window answers to: the command table's, the dialogs' and the charts'
actions, and the keys widgets handle themselves (widget_keys), each listed from where it is
defined. The entity panel's Right and Enter and the search box's Up and Down were missing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from gui.widgets.commands.actions import is_typeable
from gui.widgets.commands.widget_keys import (
    ENTITY_NAMES,
    NEWER_SEARCH,
    NEXT_MENTION,
    OLDER_SEARCH,
    WIDGET_KEYS,
)
from gui.widgets.corrections.corrections_view import CorrectionsView
from gui.widgets.dialogs.shortcuts_dialog import ShortcutsDialog
from gui.widgets.panels.corpus_entities import CorpusEntitiesDialog
from gui.widgets.panels.corpus_search import CorpusSearchDialog
from gui.widgets.window.main_window import MainWindow

CTRL, SHIFT, ALT = (Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier,
                    Qt.KeyboardModifier.AltModifier)


def help_rows(window: MainWindow, qtbot: QtBot) -> list[tuple[str, set[str]]]:
    """F1's rows as the reader sees them: (command (where), its keys in portable notation)."""
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F1)
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None and dialog.isVisible()
    table = dialog.table
    rows = []
    for row in range(table.rowCount()):
        command, keys = table.item(row, 1), table.item(row, 2)
        assert command is not None and keys is not None
        portable = {QKeySequence(key).toString(QKeySequence.SequenceFormat.PortableText)
                    for key in keys.text().split(", ")}
        rows.append((command.text(), portable))
    qtbot.keyClick(table, Qt.Key.Key_Escape)
    return rows


def activate(window: MainWindow, qtbot: QtBot) -> None:
    """The window active again (a dialog closed), its text focused."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.view.setFocus()


def bound(window: MainWindow) -> list[tuple[str, str]]:
    """(what, key) of every action with a key in the window and its open dialogs and charts."""
    found = []
    for action in window.findChildren(QAction):
        for sequence in filter(is_typeable, action.shortcuts()):  # not the keyboard's Open or Help key
            key = sequence.toString(QKeySequence.SequenceFormat.PortableText)
            found.append((action.text().replace("&", "").rstrip("…"), key))
    return found


def test_f1_lists_the_keys_widgets_handle_themselves(window: MainWindow, qtbot: QtBot) -> None:
    rows = dict(help_rows(window, qtbot))
    assert rows[f"{ENTITY_NAMES.text} (in the entity panel)"] == {"Right", "Left"}
    assert rows[f"{NEXT_MENTION.text} (in the entity panel)"] == {"Return", "Enter"}
    assert rows[f"{OLDER_SEARCH.text} (in the search box)"] == {"Up"}
    assert rows[f"{NEWER_SEARCH.text} (in the search box)"] == {"Down"}
    for key in WIDGET_KEYS:
        assert key.row()[1] in rows


def test_f1_spells_each_key_one_way(window: MainWindow, qtbot: QtBot) -> None:
    """The charts' rows said "Escape" where every other row said "Esc": each key is spelt as the
    platform's notation spells it, whichever table declared it."""
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F1)
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None and dialog.isVisible()
    table = dialog.table
    spelt: dict[str, set[str]] = {}
    for row in range(table.rowCount()):
        keys = table.item(row, 2)
        assert keys is not None
        for key in filter(None, keys.text().split(", ")):
            native = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
            if native:  # not words ("Click", "Arrows")
                spelt.setdefault(native, set()).add(key)
    qtbot.keyClick(table, Qt.Key.Key_Escape)
    escape = QKeySequence("Escape").toString(QKeySequence.SequenceFormat.NativeText)
    page_down = QKeySequence("PgDown").toString(QKeySequence.SequenceFormat.NativeText)
    assert spelt[escape] == {escape}  # the network's "back to its entity" and the filter's clearing
    assert spelt[page_down] == {page_down}
    assert all(len(ways) == 1 for ways in spelt.values()), {native: ways for native, ways in spelt.items()
                                                            if len(ways) > 1}


def test_every_key_the_window_binds_is_in_f1(window: MainWindow, qtbot: QtBot) -> None:
    """Every action with a key, in the window and in what its keys open (the charts, the entity
    table, the search box, the corrections), is on a row of F1 that names it and its key."""
    qtbot.waitUntil(lambda: window.store.complete() and not window.store.answering, timeout=60_000)
    window.actions_by_id  # noqa: B018  # made now: the keys below need them
    rows = help_rows(window, qtbot)
    seen: list[tuple[str, str]] = []
    activate(window, qtbot)
    qtbot.keyClick(window.view, Qt.Key.Key_T, CTRL)  # the timeline
    qtbot.keyClick(window.view, Qt.Key.Key_R, CTRL)  # the connections and the network
    qtbot.waitUntil(lambda: window.made("charts") and {pane.title for pane in window.charts.panes}
                    >= {"Timeline", "Connections"}, timeout=10_000)
    opened: tuple[tuple[Qt.Key, Qt.KeyboardModifier, type[QDialog]], ...] = (
        (Qt.Key.Key_E, CTRL | SHIFT, CorpusEntitiesDialog), (Qt.Key.Key_F, CTRL | SHIFT, CorpusSearchDialog),
        (Qt.Key.Key_C, CTRL | ALT, CorrectionsView))
    for pressed, modifiers, kind in opened:
        activate(window, qtbot)
        qtbot.keyClick(window.view, pressed, modifiers)
        qtbot.waitUntil(lambda: any(dialog.isVisible() for dialog in window.findChildren(kind)))  # noqa: B023
        seen += bound(window)
        for dialog in window.findChildren(kind):
            dialog.close()
    seen += bound(window)
    # The commands, and the keys of the network, the timeline and each dialog opened.
    assert {"Quit", "Next Link of the Entity", "Previous Period", "Connections of the Entity",
            "Timeline of the Query", "Remove the Correction", "Undo"} <= {what for what, _key in seen}
    for what, key in seen:
        listed = [command for command, keys in rows if key in keys]
        assert any(what.casefold() in command.casefold() for command in listed), (what, key)
