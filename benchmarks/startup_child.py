"""Run in a child process by benchmarks/startup.py and big_folder.py: prints the wall-clock time
of the first paint.

`highlighted` runs the real `gui.app.main` and reports the first paint of the text view after
the shown document's highlights are applied; `window` the first paint of the main window at all;
`baseline` opens an empty QMainWindow; `widgets` is the fair baseline, a window of plain Qt widgets
with no Seedview code: a QListView of the folder's document names beside a QPlainTextEdit with the
document Seedview shows first, a menu bar and a status bar, its first paint of the text timed as
Seedview's is.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget


class FirstPaint(QObject):
    """Prints time.time() at the first Paint event of `widget` that `ready()` accepts, then quits.

    It filters that one widget's events, not the application's: an application-wide Python filter
    is called for every event of every object, and the first call with an object Python has not
    seen yet makes PySide create the Python classes (and their enums) of every QObject subclass to
    find its type, about 20 ms that the probe, not the window, would add to the measurement.
    """

    def __init__(self, widget: QWidget, ready: Callable[[], bool] = lambda: True) -> None:
        super().__init__(widget)  # the widget keeps its probe alive
        self._widget = widget
        self._ready = ready
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._ready():
            print(f"{time.time():.6f}", flush=True)
            self._widget.removeEventFilter(self)
            QApplication.exit(0)
        return False


def baseline() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    FirstPaint(window)
    window.show()
    return app.exec()


def plain_widgets(path: str, shown: str) -> int:
    """A list of the folder's document names and a read-only text of `shown`, in a main window."""
    from pathlib import Path

    from PySide6.QtCore import QStringListModel, Qt
    from PySide6.QtWidgets import QListView, QPlainTextEdit, QSplitter

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
    FirstPaint(text.viewport())
    window.show()
    return app.exec()


def seedview(path: str, highlighted: bool) -> int:
    from gui.app import main
    from gui.widgets.main_window import MainWindow

    original_exec = QApplication.exec

    def exec_with_spy(app: QApplication) -> int:
        window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
        window.remember_session = False

        if highlighted:
            FirstPaint(window.view.viewport(), lambda: bool(window.view.spans))
        else:
            FirstPaint(window)
        return original_exec()

    QApplication.exec = exec_with_spy  # type: ignore[method-assign,assignment]
    return main([path])


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "baseline":
        sys.exit(baseline())
    if mode == "widgets":
        sys.exit(plain_widgets(sys.argv[2], sys.argv[3]))
    sys.exit(seedview(sys.argv[2], mode == "highlighted"))
