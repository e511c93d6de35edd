"""The status line's progress: each document of the folder counted once, whatever is shown first;
its messages in the place of the caret's description."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStatusBar
from pytestqt.qtbot import QtBot

from gui.core.model.document import Entity
from gui.core.session.annotation_queue import QUEUE_AT_ONCE_AT_MOST
from gui.core.session.events import AnnotationProgress
from gui.widgets.window.main_window import MainWindow
from gui.widgets.window.status_line import StatusLine

COUNT = QUEUE_AT_ONCE_AT_MOST + 25  # more than the queue checks at once


class OneOrgEngine:
    """Finds one ORG at the start of every text, at once."""

    pipeline = "status-line-test-engine"

    def annotate(self, texts: Iterable[str]) -> Iterator[tuple[Entity, ...]]:
        """One entity per text."""
        for _ in texts:
            yield (Entity(0, 4, "ORG"),)


def test_the_progress_total_is_the_folders_size_when_the_document_shown_is_far_down(
    make_window: Callable[..., MainWindow],
    write_corpus: Callable[[dict[str, str | bytes]], Path],
    qtbot: QtBot,
) -> None:
    folder = write_corpus({f"n{number:04}.txt": f"ACME story {number}.\n" for number in range(COUNT)})
    window = make_window(loader=OneOrgEngine)
    progress: list[AnnotationProgress] = []
    window.annotation_link.progress.connect(progress.append)
    with qtbot.waitSignal(window.highlightsShown, timeout=30_000):
        window.open_path(folder, f"n{COUNT - 30:04}.txt")  # the last one read, far down the list
    window.document_pane.focus_list()
    for _ in range(5):  # the reader steps on: each document shown goes first
        qtbot.keyClick(window.sidebar, Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: bool(progress) and progress[-1].done == COUNT, timeout=60_000)
    assert max(report.total for report in progress) == COUNT  # never a document more
    assert window.progress.format() == f"Annotated {COUNT:,} of {COUNT:,}"


def test_a_message_said_before_the_window_shows_stands_in_the_carets_place(qtbot: QtBot) -> None:
    bar = QStatusBar()
    qtbot.addWidget(bar)
    status = StatusLine(bar, lambda: "")
    status.set_caret("GPE: Countries, cities, states")
    status.say("Entities ready for 1 document: 1 from the cache")  # as a window does while it starts
    bar.show()
    qtbot.waitExposed(bar)
    assert bar.currentMessage().startswith("Entities ready") and not status.caret_label.isVisible()
    bar.clearMessage()
    assert status.caret_label.isVisible() and status.caret_label.text() == "GPE: Countries, cities, states"
    status.say("Saved", 0)
    assert not status.caret_label.isVisible()
