"""The panes beside the text are hidden and shown by key, the reading mode shows only the text,
a narrow window gives the text its width, and all of it is remembered across restarts."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDockWidget, QTextEdit
from pytestqt.qtbot import QtBot

from gui.widgets.panels.pane_layout import DOCUMENTS, ENTITIES, NARROW_BELOW_PX
from gui.widgets.window.main_window import MainWindow
from gui.widgets.window.window_state import READING_MEASURE

ALT = Qt.KeyboardModifier.AltModifier


def side_panes_shown(window: MainWindow) -> tuple[bool, bool]:
    """Whether the user sees the document list and the entity column."""
    return window.document_pane.isVisible(), window.entity_panel.isVisible()


def checked(window: MainWindow, command_id: str) -> bool:
    """The check mark of a View menu item, as the menu shows it when opened."""
    window.window_actions.show_states()
    return window.actions_by_id[command_id].isChecked()


def a_docked_pane(window: MainWindow, area: Qt.DockWidgetArea) -> QDockWidget:
    """A dock of the window, as the charts or a notes pane are (any dock is one of its panes)."""
    dock = QDockWidget("Notes", window)
    dock.setObjectName("notes")
    dock.setWidget(QTextEdit(dock))
    window.addDockWidget(area, dock)
    dock.show()
    return dock


def words_broken_across_lines(window: MainWindow) -> list[str]:
    """The places where the text's lines break inside a word, as laid out now."""
    broken = []
    block = window.view.document().begin()
    while block.isValid():
        layout, text = block.layout(), block.text()
        for number in range(layout.lineCount() - 1):
            line = layout.lineAt(number)
            end = line.textStart() + line.textLength()
            if 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
                broken.append(text[max(end - 10, 0) : end + 10])
        block = block.next()
    return broken


def longest_line(window: MainWindow) -> int:
    """The most characters on one line of the text, as laid out now."""
    longest = 0
    block = window.view.document().begin()
    while block.isValid():
        layout = block.layout()
        longest = max([longest, *(layout.lineAt(n).textLength() for n in range(layout.lineCount()))])
        block = block.next()
    return longest


def test_alt_1_and_alt_2_hide_and_show_the_side_panes(window: MainWindow, qtbot: QtBot) -> None:
    window.view.setFocus()
    assert side_panes_shown(window) == (True, True)
    assert checked(window, "document_list") and checked(window, "entity_panel")
    text_width = window.view.width()

    qtbot.keyClick(window.view, Qt.Key.Key_1, ALT)
    assert side_panes_shown(window) == (False, True)
    assert not checked(window, "document_list")
    qtbot.keyClick(window.view, Qt.Key.Key_2, ALT)
    assert side_panes_shown(window) == (False, False)
    qtbot.waitUntil(lambda: window.view.width() > text_width + 400)  # the text takes the room

    qtbot.keyClick(window.view, Qt.Key.Key_1, ALT)  # back, with the focus in it
    assert side_panes_shown(window) == (True, False)
    assert window.sidebar.hasFocus()
    qtbot.keyClick(window.sidebar, Qt.Key.Key_1, ALT)  # hidden again: the focus goes to the text
    assert window.view.hasFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)  # focus the panel
    assert side_panes_shown(window) == (False, True) and window.entity_panel.hasFocus()
    qtbot.keyClick(window.entity_panel, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert side_panes_shown(window) == (True, True) and window.filter_edit.hasFocus()

    # F6 goes only through the panes shown.
    qtbot.keyClick(window.filter_edit, Qt.Key.Key_1, ALT)
    order = []
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
        order.append(QApplication.focusWidget())
    assert order == [window.legend, window.entity_panel, window.view]


def test_reading_mode_shows_only_the_text_until_f9_or_escape(window: MainWindow, qtbot: QtBot) -> None:
    dock = a_docked_pane(window, Qt.DockWidgetArea.BottomDockWidgetArea)
    window.sidebar.setFocus()
    qtbot.keyClick(window.sidebar, Qt.Key.Key_F9)
    assert side_panes_shown(window) == (False, False) and not dock.isVisible()
    assert window.view.hasFocus() and checked(window, "reading_mode")
    qtbot.waitUntil(lambda: window.pane_layout.text_share() > 0.95)
    # The lines keep a readable length, in a column centred in the wide view.
    qtbot.waitUntil(lambda: window.view.viewportMargins().left() > 100)
    assert window.view.viewportMargins().left() == window.view.viewportMargins().right()
    assert 60 < longest_line(window) <= READING_MEASURE * 1.25
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert side_panes_shown(window) == (True, True) and dock.isVisible()
    assert not checked(window, "reading_mode") and window.view.viewportMargins().left() == 0

    qtbot.keyClick(window.view, Qt.Key.Key_F9)
    assert not dock.isVisible()
    qtbot.keyClick(window.view, Qt.Key.Key_F9)
    assert side_panes_shown(window) == (True, True) and dock.isVisible()
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)  # Esc out of the reading mode does nothing
    assert side_panes_shown(window) == (True, True)


def test_alt_3_hides_and_shows_the_docked_panes(window: MainWindow, qtbot: QtBot) -> None:
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_3, ALT)  # none yet: it says what opens one
    assert "No docked pane is open" in window.statusBar().currentMessage()
    bottom = a_docked_pane(window, Qt.DockWidgetArea.BottomDockWidgetArea)
    right = a_docked_pane(window, Qt.DockWidgetArea.RightDockWidgetArea)
    assert checked(window, "docked_panes")
    qtbot.keyClick(window.view, Qt.Key.Key_3, ALT)
    assert not bottom.isVisible() and not right.isVisible() and not checked(window, "docked_panes")
    qtbot.keyClick(window.view, Qt.Key.Key_3, ALT)
    assert bottom.isVisible() and right.isVisible()
    right.close()  # by their own buttons: the key brings them back too
    bottom.close()
    qtbot.keyClick(window.view, Qt.Key.Key_3, ALT)
    assert bottom.isVisible() and right.isVisible()


def test_at_640_by_400_the_text_keeps_most_of_the_width(window: MainWindow, qtbot: QtBot) -> None:
    dock = a_docked_pane(window, Qt.DockWidgetArea.RightDockWidgetArea)
    charts = a_docked_pane(window, Qt.DockWidgetArea.BottomDockWidgetArea)  # and of the height
    wide_sizes = window.splitter.sizes()
    window.resize(640, 400)
    qtbot.waitUntil(lambda: window.width() == 640)
    QApplication.processEvents()
    assert window.pane_layout.narrow
    assert side_panes_shown(window) == (False, False) and not dock.isVisible() and not charts.isVisible()
    assert window.pane_layout.text_share() >= 0.6
    assert window.view.height() > 200
    assert window.view.viewport().width() >= 0.6 * 640 - 40  # less the margins and scroll bar
    assert words_broken_across_lines(window) == []

    # A pane opened by key takes part of the width, never most of it, and one side at a time.
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_1, ALT)
    QApplication.processEvents()
    assert side_panes_shown(window) == (True, False)
    assert window.pane_layout.text_share() >= 0.6 and words_broken_across_lines(window) == []
    qtbot.keyClick(window.sidebar, Qt.Key.Key_2, ALT)
    QApplication.processEvents()
    assert side_panes_shown(window) == (False, True) and window.pane_layout.text_share() >= 0.6
    assert window.pane_layout.shown(ENTITIES) and not window.pane_layout.shown(DOCUMENTS)

    window.resize(1200, 760)  # wide again: the panes and their sizes as they were
    qtbot.waitUntil(lambda: window.width() == 1200)
    QApplication.processEvents()
    assert not window.pane_layout.narrow
    assert side_panes_shown(window) == (True, True) and dock.isVisible() and charts.isVisible()
    assert window.splitter.sizes() == wide_sizes


def test_the_panes_and_the_reading_mode_are_remembered(
    window: MainWindow, make_window: Callable[..., MainWindow], qtbot: QtBot
) -> None:
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_2, ALT)
    qtbot.keyClick(window.view, Qt.Key.Key_F9)
    window.resize(NARROW_BELOW_PX - 100, 600)  # closed narrow: the wide layout is what is kept
    qtbot.waitUntil(lambda: window.pane_layout.narrow)
    window.close()

    again = make_window()
    assert again.pane_layout.reading and side_panes_shown(again) == (False, False)
    again.resize(1200, 760)
    qtbot.waitUntil(lambda: not again.pane_layout.narrow)
    again.activateWindow()
    qtbot.waitUntil(again.isActiveWindow)
    again.view.setFocus()
    qtbot.keyClick(again.view, Qt.Key.Key_Escape)
    assert side_panes_shown(again) == (True, False)  # the entity panel stays as it was hidden
    again.close()
    third = make_window()
    assert not third.pane_layout.reading
    assert third.pane_layout.wanted == {DOCUMENTS: True, ENTITIES: False}
