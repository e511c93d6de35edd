"""The `seedview` command ends at once when its window closes, whatever is under way, and still
keeps what must be kept: the window's settings, and no noise on the terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.app_child import REPOSITORY

CLOSES_WHILE_BUSY = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from gui.app import run
from gui.widgets.window.main_window import MainWindow

def exec_with_hook(app):
    window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
    # Closed while the engine's worker processes start and the corpus store is built.
    window.startedUp.connect(lambda: QTimer.singleShot(300, window.close))
    QApplication.exec = original
    return app.exec()

original = QApplication.exec
QApplication.exec = exec_with_hook
run()
"""


def test_closing_a_busy_window_ends_the_process_and_keeps_its_settings(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    for number in range(40):  # no cache: every document waits for the engine
        (folder / f"news{number:02}.txt").write_text(
            f"Angela Merkel met Emmanuel Macron in Paris on day {number}.\n", encoding="utf-8")
    home = tmp_path / "home"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(home / "config"),
               XDG_CACHE_HOME=str(home / "cache"))
    done = subprocess.run([sys.executable, "-c", CLOSES_WHILE_BUSY, str(folder)], env=env, cwd=REPOSITORY,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "leaked" not in done.stderr, done.stderr
    settings = next((home / "config").rglob("*.ini")).read_text(encoding="utf-8")
    # What the window saves as it closes was written before the process ended, not lost with it.
    assert str(folder) in settings and "splitter=" in settings and "geometry=" in settings


STARS_AND_QUITS = """
from PySide6.QtCore import QTimer, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from gui.app import run
from gui.widgets.window.main_window import MainWindow

def star_then_quit(window):
    QTest.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    QTimer.singleShot(400, lambda: QTest.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier))

def exec_with_hook(app):
    window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
    window.remember_session = False
    window.startedUp.connect(lambda: QTimer.singleShot(1500, lambda: star_then_quit(window)))
    QApplication.exec = original
    return app.exec()

original = QApplication.exec
QApplication.exec = exec_with_hook
run()
"""


def test_quitting_leaves_the_desk_and_the_store_whole_in_their_files(tmp_path: Path) -> None:
    """Ctrl+B then Ctrl+Q: the mark is in the desk's `.sqlite3` itself, not only in a `-wal` beside
    it (a backup of the `.sqlite3` files alone kept no tables), and the store's WAL is emptied."""
    import shutil
    import sqlite3

    folder = tmp_path / "folder"
    folder.mkdir()
    for number in range(40):
        (folder / f"news{number:02}.txt").write_text(
            f"Angela Merkel met Emmanuel Macron in Paris on day {number}.\n", encoding="utf-8")
    home = tmp_path / "home"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(home / "config"),
               XDG_CACHE_HOME=str(home / "cache"), XDG_DATA_HOME=str(home / "data"))
    done = subprocess.run([sys.executable, "-c", STARS_AND_QUITS, str(folder)], env=env, cwd=REPOSITORY,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    (desk,) = (home / "data").rglob("desks/*.sqlite3")
    (store,) = (home / "cache").rglob("stores/*.sqlite3")
    for database in (desk, store):
        wal = Path(f"{database}-wal")
        assert not wal.exists() or wal.stat().st_size == 0, f"{wal}: {wal.stat().st_size} bytes"
    backup = tmp_path / "backup.sqlite3"
    shutil.copyfile(desk, backup)  # the file alone, as a backup of `*.sqlite3` takes it
    db = sqlite3.connect(backup)
    try:
        assert db.execute("SELECT count(*) FROM documents WHERE starred").fetchone() == (1,)
    finally:
        db.close()
