"""The script of an app child: `seedview FOLDER` in a fresh interpreter, with a hook on its window.

The benchmarks' window children are made by it, and the tests' (tests/app_child runs it):
the benchmarks import nothing from the tests.
"""

from __future__ import annotations

_CHILD = """
import sys
from PySide6.QtWidgets import QApplication
from gui.app import main
from gui.widgets.window.main_window import MainWindow

{hook}

def exec_with_hook(app):
    window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
    window.remember_session = False
    on_window(app, window)
    QApplication.exec = original
    return app.exec()

original = QApplication.exec
QApplication.exec = exec_with_hook
sys.exit(main([sys.argv[1]]))
"""


def app_child_script(hook: str) -> str:
    """The script of an app child: it starts the app on its first argument as `seedview FOLDER`
    does, and runs `on_window(app, window)`, which `hook` defines, just before the event loop
    starts."""
    return _CHILD.format(hook=hook)
