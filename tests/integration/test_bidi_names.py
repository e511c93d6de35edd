"""A file name with a right-to-left override (U+202E) or right-to-left letters stays inside its
place in the window's own lines: the header, the title bar, the lists."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument, QTextLayout
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from gui.widgets.panels.quick_open import QuickOpenDialog
from gui.widgets.text.visible_blocks import x_of
from gui.widgets.window.main_window import MainWindow
from tests.integration.test_annotation_files import open_and_wait
from tests.widgets.conftest import tooltip_lines

FSI, PDI = "\u2068", "\u2069"
# Shown as it is, the override turns this name into "txt.exe", and the rest of the line with it.
OVERRIDDEN = "\u202eexe.txt"
STORY = "Angela Merkel visited Paris.\n"


def left_edges(label: QLabel, *positions: int) -> list[float]:
    """Where on screen each of these characters of the label's text starts, as Qt lays it out."""
    layout = QTextLayout(label.text(), label.font())
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(100_000)
    layout.endLayout()
    return [x_of(line, position) for position in positions]


def test_an_override_in_a_file_name_does_not_reverse_the_metadata_line(
    make_window: Callable[..., MainWindow],
    write_corpus: Callable[[dict[str, str | bytes]], Path],
    qtbot: QtBot,
) -> None:
    window = make_window()
    open_and_wait(window, write_corpus({OVERRIDDEN: STORY}), qtbot)

    meta = window.header.meta.text()
    assert meta.startswith(f"Undated · {FSI}{OVERRIDDEN}{PDI} · ")
    assert re.fullmatch(rf"Undated · {FSI}{OVERRIDDEN}{PDI} · \d+ entities \(from \w+\)", meta)
    # Drawn left to right in reading order: date, the name in its place, then the count.
    after_name = meta.index(PDI) + 1
    count = after_name + len(" · ")
    edges = left_edges(window.header.meta, 0, meta.index(" · "), after_name, count)
    assert edges == sorted(edges) and len(set(edges)) == 4, edges

    assert window.windowTitle() == f"{FSI}{OVERRIDDEN}{PDI} — corpus — Seedview"


def test_right_to_left_names_are_isolated_in_quick_open(
    make_window: Callable[..., MainWindow],
    write_corpus: Callable[[dict[str, str | bytes]], Path],
    qtbot: QtBot,
) -> None:
    hebrew = "שלום 2.txt"
    window = make_window()
    open_and_wait(window, write_corpus({hebrew: STORY, OVERRIDDEN: "Another story.\n"}), qtbot)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    quick = window.findChild(QuickOpenDialog)
    assert quick is not None
    shown = {quick.model.index(row).data().split("\n")[1] for row in range(quick.model.rowCount())}
    assert shown == {f"{FSI}{hebrew}{PDI} · undated", f"{FSI}{OVERRIDDEN}{PDI} · undated"}
    quick.reject()


def test_an_override_in_a_file_name_does_not_reverse_the_next_line_of_its_tooltip(
    make_window: Callable[..., MainWindow],
    write_corpus: Callable[[dict[str, str | bytes]], Path],
    qtbot: QtBot,
) -> None:
    window = make_window()
    open_and_wait(window, write_corpus({OVERRIDDEN: STORY}), qtbot)
    index = window.filter_model.index(0, 0)
    assert tooltip_lines(index) == [OVERRIDDEN, STORY.strip()]
    tooltip = QTextDocument()
    tooltip.setHtml(index.data(Qt.ItemDataRole.ToolTipRole))
    title = tooltip.findBlockByNumber(1).text()  # its own paragraph: the override ends with its line
    assert title == STORY.strip()
    layout = QTextLayout(title, window.font())
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(100_000)
    layout.endLayout()
    assert x_of(line, title.index("Angela")) < x_of(line, title.index("Paris"))
