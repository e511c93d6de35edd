"""Run in a child process by benchmarks/startup.py and big_folder.py: prints the wall-clock time
of the first paint.

`highlighted` runs the real `gui.app.main` and reports the first paint of the text view after
the shown document's highlights are applied; `window` the first paint of the main window at all;
`baseline` opens an empty QMainWindow; `widgets` is the fair baseline, a window of plain Qt widgets
with no Seedview code: a QListView of the folder's document names beside a QPlainTextEdit with the
document Seedview shows first, a menu bar and a status bar, its first paint of the text timed as
Seedview's is.

Each mode imports Qt for Python itself, when it starts: Seedview's modes import `gui.app` first,
as the `seedview` command does, so that the modules come in the order they do in a real start.

With `--exit-at-paint` (benchmarks/startup_instructions.py, under callgrind) the process ends at
that paint, so that nothing after it is counted, and Seedview's window waits for its first paint
to start what follows it however slowly the process runs (its fallback would come first under
callgrind, which runs it some fifty times slower).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

EXIT_AT_PAINT = "--exit-at-paint"
PAINT_WAIT_MS = 600_000  # with EXIT_AT_PAINT: the window's start waits this long for its paint

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


def watch_first_paint(widget: QWidget, ready: Callable[[], bool] = lambda: True) -> None:
    """Print time.time() at the first Paint event of `widget` that `ready()` accepts, then quit.

    It filters that one widget's events, not the application's: an application-wide Python filter
    is called for every event of every object, and the first call with an object Python has not
    seen yet makes PySide create the Python classes (and their enums) of every QObject subclass to
    find its type, which the probe, not the window, would add to the measurement.
    """
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and ready():
                print(f"{time.time():.6f}", flush=True)
                if EXIT_AT_PAINT in sys.argv:
                    os._exit(0)
                widget.removeEventFilter(self)
                QApplication.exit(0)
            return False

    widget.installEventFilter(FirstPaint(widget))  # the widget keeps its probe alive


def baseline() -> int:
    """An empty QMainWindow."""
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    watch_first_paint(window)
    window.show()
    return app.exec()


def plain_widgets(path: str, shown: str) -> int:
    """A list of the folder's document names and a read-only text of `shown`, in a main window."""
    from pathlib import Path

    from PySide6.QtCore import QStringListModel, Qt
    from PySide6.QtWidgets import QApplication, QListView, QMainWindow, QPlainTextEdit, QSplitter

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    splitter = QSplitter(Qt.Orientation.Horizontal, window)
    names = sorted(file.name for file in Path(path).iterdir() if file.is_file())
    listing = QListView(splitter)
    listing.setModel(QStringListModel(names, splitter))
    text = QPlainTextEdit(splitter)
    text.setReadOnly(True)
    text.setPlainText(Path(shown).read_text(encoding="utf-8"))
    window.setCentralWidget(splitter)
    window.menuBar().addMenu("&File")
    window.statusBar().showMessage(f"{len(names)} documents")
    window.resize(1200, 760)
    watch_first_paint(text.viewport())
    window.show()
    return app.exec()


class SpyOnWindow:
    """Finds no module; when Seedview is about to import its main window (Qt for Python is in by
    then), it has the event loop's start look for the window and watch its first paint."""

    def __init__(self, highlighted: bool) -> None:
        self._highlighted = highlighted

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name == "gui.widgets.window.main_window":
            sys.meta_path.remove(self)
            self._spy_on_exec()

    def _spy_on_exec(self) -> None:
        from PySide6.QtWidgets import QApplication

        original_exec = QApplication.exec
        highlighted = self._highlighted

        def exec_with_spy(app: QApplication) -> int:
            from gui.widgets.window.main_window import MainWindow

            window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
            window.remember_session = False
            if EXIT_AT_PAINT in sys.argv:
                window.start_at_latest(PAINT_WAIT_MS)
            if highlighted:
                watch_first_paint(window.view.viewport(), lambda: bool(window.view.spans))
            else:
                watch_first_paint(window)
            return original_exec()

        QApplication.exec = exec_with_spy  # type: ignore[method-assign,assignment]


def seedview(path: str, highlighted: bool) -> int:
    """Seedview's start on `path`, as `seedview PATH` runs it: Qt for Python comes in when
    Seedview imports it, not before (the spy waits for that)."""
    from gui.app import main

    sys.meta_path.insert(0, SpyOnWindow(highlighted))
    return main([path])


if __name__ == "__main__":
    arguments = [argument for argument in sys.argv[1:] if argument != EXIT_AT_PAINT]
    mode = arguments[0]
    if mode == "baseline":
        sys.exit(baseline())
    if mode == "widgets":
        sys.exit(plain_widgets(arguments[1], arguments[2]))
    sys.exit(seedview(arguments[1], mode == "highlighted"))
