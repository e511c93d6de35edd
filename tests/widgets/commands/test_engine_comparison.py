"""Ctrl+K marks in the text where a file's entities and the engine's differ, says in the header
what the marks mean, and the status line says what differs at the caret as the reader steps."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from pytestqt.qtbot import QtBot

from gui.core.colours.palette import bar_colour
from gui.core.model.document import Entity
from gui.widgets.text.difference_marks import ONLY_ENGINE_HUE, ONLY_FILE_HUE
from gui.widgets.window.main_window import MainWindow

TEXT = "ACME opened in Lima. Bo met them in Paris.\n"


def at(word: str, label: str) -> tuple[int, int, str]:
    start = TEXT.index(word)
    return start, start + len(word), label


# The file: ACME (as the engine has it), Lima as a LOC and Bo, whom the engine misses.
ANN = "".join(
    f"T{number}\t{label} {start} {end}\t{TEXT[start:end]}\n"
    for number, (start, end, label) in enumerate(
        [at("ACME", "ORG"), at("Lima", "LOC"), at("Bo", "PERSON")], start=1
    )
)


class PlacesEngine:
    """Finds ACME as an ORG and capitalised place names as GPEs."""

    pipeline = "comparison-test-engine"

    def annotate(self, texts: Iterable[str]) -> Iterator[tuple[Entity, ...]]:
        """ACME and the places, in each text."""
        for text in texts:
            found = [Entity(m.start(), m.end(), "ORG") for m in re.finditer("ACME", text)]
            found += [Entity(m.start(), m.end(), "GPE") for m in re.finditer("Lima|Paris", text)]
            yield tuple(sorted(found, key=lambda e: e.start))


def spans(marked: list) -> list[tuple[int, int, str]]:  # type: ignore[type-arg]
    return [(span.start, span.end, span.label) for span in marked]


def painted(window: MainWindow, hue: str) -> bool:
    """Whether the text shows a mark in the shade of `hue` drawn on its page."""
    page = window.view.palette().color(QPalette.ColorRole.Base).name()
    wanted = QColor(bar_colour(hue, page))
    image = window.view.viewport().grab().toImage()
    return any(
        max(abs(c.red() - wanted.red()), abs(c.green() - wanted.green()), abs(c.blue() - wanted.blue())) < 24
        for c in (image.pixelColor(x, y) for x in range(0, image.width(), 1) for y in range(0, 80))
    )


def test_ctrl_k_marks_the_differences_and_the_status_line_names_each_one(
    make_window: Callable[..., MainWindow],
    write_corpus: Callable[[dict[str, str | bytes]], Path],
    qtbot: QtBot,
) -> None:
    folder = write_corpus({"acme.txt": TEXT, "acme.ann": ANN})
    window = make_window(loader=PlacesEngine)
    with qtbot.waitSignal(window.highlightsShown, timeout=30_000):
        window.open_path(folder)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.view.setFocus()
    assert window.view.differences is None and not window.header.comparison_legend.isVisible()
    assert not painted(window, ONLY_ENGINE_HUE) and not painted(window, ONLY_FILE_HUE)
    qtbot.keyClick(window.view, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    assert window.statusBar().currentMessage().startswith("No differences to step through")

    with qtbot.waitSignal(window.highlightsShown, timeout=30_000):
        qtbot.keyClick(window.view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    marks = window.view.differences
    assert marks is not None
    assert spans(marks.only_file) == [at("Lima", "LOC"), at("Bo", "PERSON")]
    assert spans(marks.only_engine) == [at("Lima", "GPE"), at("Paris", "GPE")]
    legend = window.header.comparison_legend
    assert legend.isVisible()
    assert legend.text() == (
        "Highlighted: the engine's entities. Dashed frame: found only by the engine. "
        "Wavy underline: only in acme.ann."
    )
    window.view.viewport().repaint()
    assert painted(window, ONLY_ENGINE_HUE) and painted(window, ONLY_FILE_HUE)

    said = []
    for _ in range(4):
        qtbot.keyClick(window.view, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
        said.append((window.view.textCursor().selectedText(), window.caret_label.text()))
    # Lima once, though the two sides differ on it twice (a GPE and a LOC); then round again.
    assert [text for text, _ in said] == ["Lima", "Bo", "Paris", "Lima"]
    assert said[0][1].endswith(" — only found by the engine; acme.ann has LOC here")
    assert said[1][1].startswith("Only in acme.ann: PERSON")
    assert said[2][1].endswith(" — only found by the engine")
    alt_shift = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.view, Qt.Key.Key_K, alt_shift)
    assert window.view.textCursor().selectedText() == "Paris"

    qtbot.keyClick(window.view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)  # off again
    assert window.view.differences is None and not legend.isVisible()
    window.view.viewport().repaint()
    assert not painted(window, ONLY_FILE_HUE)
