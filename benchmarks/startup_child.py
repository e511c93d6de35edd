"""Run in a child process by benchmarks/startup.py and big_folder.py: prints the wall-clock time
of the first paint.

`highlighted` runs the real `gui.app.main` and reports the first paint of the text view after
the shown document's highlights are applied; `window` the first paint of the main window at all;
`baseline` opens an empty QMainWindow; `widgets` a window of plain Qt widgets with no Seedview
code (a list of the folder's file names beside the first one's text, a menu bar and a status bar),
which shows how much of a start any window with a list and a text view costs.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow


class FirstPaint(QObject):
    """Prints time.time() at the first Paint event that `ready()` accepts, then quits."""

    def __init__(self, ready: object) -> None:
        super().__init__()
        self._ready = ready

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._ready(watched):  # type: ignore[operator]
            print(f"{time.time():.6f}", flush=True)
            QApplication.instance().removeEventFilter(self)  # type: ignore[union-attr]
            QApplication.exit(0)
        return False


def baseline() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    spy = FirstPaint(lambda watched: watched is window)
    app.installEventFilter(spy)
    window.show()
    return app.exec()


def plain_widgets(path: str) -> int:
    from pathlib import Path

    from PySide6.QtCore import QStringListModel, Qt
    from PySide6.QtWidgets import QListView, QPlainTextEdit, QSplitter

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    splitter = QSplitter(Qt.Orientation.Horizontal, window)
    names = sorted(file.name for file in Path(path).glob("*.txt"))
    listing = QListView(splitter)
    listing.setModel(QStringListModel(names, splitter))
    text = QPlainTextEdit(splitter)
    text.setPlainText((Path(path) / names[0]).read_text(encoding="utf-8"))
    window.setCentralWidget(splitter)
    window.menuBar().addMenu("&File")
    window.statusBar().showMessage(f"{len(names)} documents")
    window.resize(1200, 760)
    spy = FirstPaint(lambda watched: watched is text.viewport())
    app.installEventFilter(spy)
    window.show()
    return app.exec()


def seedview(path: str, highlighted: bool) -> int:
    from gui.app import main
    from gui.widgets.main_window import MainWindow

    original_exec = QApplication.exec

    def exec_with_spy(app: QApplication) -> int:
        window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
        window.remember_session = False

        def ready(watched: object) -> bool:
            if highlighted:
                return watched is window.view.viewport() and bool(window.view.spans)
            return watched is window

        spy = FirstPaint(ready)
        app.installEventFilter(spy)
        return original_exec()

    QApplication.exec = exec_with_spy  # type: ignore[method-assign,assignment]
    return main([path])


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "baseline":
        sys.exit(baseline())
    if mode == "widgets":
        sys.exit(plain_widgets(sys.argv[2]))
    sys.exit(seedview(sys.argv[2], mode == "highlighted"))
