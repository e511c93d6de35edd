"""The find bar on texts with very many matches: the first one at once, the count filling in,
every match reached by stepping, frames only for what is on screen."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from gui.core.colours.palette import Palette
from gui.core.search.find_in_text import SLICE
from gui.widgets.text.document_view import DocumentView
from gui.widgets.text.find_bar import FindBar

LINE = "Schenker said the Schenker plan works.\n"
LINES = 3 * SLICE  # each line holds the phrase twice: several slices of matches


class Pane(QWidget):
    """A document view with its find bar under it, as the window lays them out."""

    def __init__(self) -> None:
        super().__init__()
        self.view = DocumentView(Palette.load(), self)
        self.bar = FindBar(self.view, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(self.bar)
        self.resize(600, 400)


@pytest.fixture
def pane(qtbot: QtBot) -> Pane:
    """A shown pane with a long text (many thousands of matches) in its view."""
    shown = Pane()
    qtbot.addWidget(shown)
    shown.view.show_text(LINE * LINES)
    shown.show()
    qtbot.waitExposed(shown)
    qtbot.waitUntil(lambda: not shown.view.filling)  # all of the long text is in, as a reader sees it
    return shown


def type_phrase(qtbot: QtBot, pane: Pane, phrase: str) -> None:
    pane.bar.open_bar()
    qtbot.keyClicks(pane.bar.edit, phrase)


def selection(view: DocumentView) -> tuple[int, int, str]:
    cursor = view.textCursor()
    return cursor.selectionStart(), cursor.selectionEnd(), cursor.selectedText()


def test_the_first_match_at_once_and_the_count_filling_in(qtbot: QtBot, pane: Pane) -> None:
    type_phrase(qtbot, pane, "schenker")
    assert selection(pane.view) == (0, 8, "Schenker")
    # Only the first slice has been found yet: the count says so, then fills in.
    assert pane.bar.counting
    assert pane.bar.count_label.text() == f"1 of {SLICE:,}+"
    qtbot.waitUntil(lambda: not pane.bar.counting)
    assert pane.bar.count_label.text() == f"1 of {2 * LINES:,}"
    assert pane.bar.match_count == 2 * LINES


def test_frames_are_found_for_the_screen_only(qtbot: QtBot, pane: Pane) -> None:
    type_phrase(qtbot, pane, "schenker")
    pane.view.viewport().repaint()
    assert pane.bar.counting  # painting the frames on screen did not find every match
    assert pane.view.find_matches[:2] == [(0, 8), (18, 26)]
    assert len(pane.view.find_matches) == 2 * LINES


def test_stepping_back_from_the_first_match_wraps_to_the_last(qtbot: QtBot, pane: Pane) -> None:
    type_phrase(qtbot, pane, "schenker")
    pane.bar.step(forward=False)
    end = len(LINE) * LINES
    last = end - len(LINE) + LINE.rindex("Schenker")
    assert selection(pane.view) == (last, last + 8, "Schenker")
    assert pane.bar.count_label.text() == f"{2 * LINES:,} of {2 * LINES:,}"
    pane.bar.step(forward=True)
    assert selection(pane.view)[:2] == (0, 8)
    assert pane.bar.count_label.text() == f"1 of {2 * LINES:,}"
    pane.bar.step(forward=True)
    assert selection(pane.view)[:2] == (18, 26)
    assert pane.bar.count_label.text() == f"2 of {2 * LINES:,}"


def test_a_match_far_below_the_slices_found_is_reached_and_counted(qtbot: QtBot, pane: Pane) -> None:
    line = LINES - 10  # far past the first slice of matches
    cursor = pane.view.textCursor()
    cursor.setPosition(line * len(LINE) + 1)  # inside the line's first "Schenker"
    pane.view.setTextCursor(cursor)
    type_phrase(qtbot, pane, "schenker plan")
    start = line * len(LINE) + LINE.index("Schenker plan")
    assert selection(pane.view) == (start, start + 13, "Schenker plan")
    qtbot.waitUntil(lambda: not pane.bar.counting)
    assert pane.bar.count_label.text() == f"{line + 1:,} of {LINES:,}"
    pane.view.verticalScrollBar().setValue(0)
    pane.view.viewport().repaint()  # the top, long scrolled past, is still framed
    assert pane.view.find_matches[0] == (LINE.index("Schenker plan"), LINE.index(" works"))


def test_a_phrase_past_the_last_match_wraps_to_the_first(qtbot: QtBot, pane: Pane) -> None:
    pane.view.moveCursor(QTextCursor.MoveOperation.End)
    type_phrase(qtbot, pane, "said")
    assert selection(pane.view) == (9, 13, "said")
    qtbot.waitUntil(lambda: not pane.bar.counting)
    assert pane.bar.count_label.text() == f"1 of {LINES:,}"


def test_positions_count_utf16_units_after_an_emoji(qtbot: QtBot, pane: Pane) -> None:
    pane.view.show_text("😀 Schenker said; 😀😀 SCHENKER said.")
    type_phrase(qtbot, pane, "schenker said")
    assert selection(pane.view) == (3, 16, "Schenker said")
    pane.bar.step()
    assert selection(pane.view) == (23, 36, "SCHENKER said")
    assert pane.view.find_matches == [(3, 16), (23, 36)]
    assert pane.bar.count_label.text() == "2 of 2"


def test_another_text_shown_is_searched_afresh(qtbot: QtBot, pane: Pane) -> None:
    type_phrase(qtbot, pane, "schenker")
    pane.view.show_text("No one here. Schenker left.")
    qtbot.waitUntil(lambda: pane.bar.count_label.text() == "1 match")  # counted while idle
    pane.bar.step()
    assert selection(pane.view) == (13, 21, "Schenker")
    assert pane.bar.match_count == 1


def test_closing_drops_the_frames_and_the_count(qtbot: QtBot, pane: Pane) -> None:
    type_phrase(qtbot, pane, "schenker")
    pane.bar.close_bar()
    assert pane.view.find_matches == [] and pane.bar.match_count == 0
    assert not pane.bar.counting
