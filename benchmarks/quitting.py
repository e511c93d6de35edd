"""Issue 14: quitting is immediate. The window is closed while it is busy, and the process must
end within 0.3 s of being asked, whatever is open:

- a 5 MB document shown while its 100,000 entities are read and the worker still annotates;
- a folder of 2,000 full-length articles whose corpus store is being built while the engine
  annotates them (an empty entity cache);
- the bare window of a one-document folder, as the baseline of the same run.

Each case runs `seedview FOLDER` in a fresh offscreen interpreter. A moment after the window's
first paint (the background work under way), it prints the time and closes the window; the
figure is from then until the process has exited.
Run: `.venv/bin/python benchmarks/quitting.py [--quick]`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a file: find `benchmarks`

from benchmarks.big_document import write_big_document
from benchmarks.english_text import ArticleWriter
from benchmarks.table import Row, measured, median, print_table, run_count

REPOSITORY = Path(__file__).resolve().parents[1]
LIMIT_S = 0.3
BUSY_FOR_MS = 1500  # how long the window works before it is closed

_CHILD = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from gui.app import run
from gui.widgets.window.main_window import MainWindow

def close(window):
    print(f"closing {time.time():.6f}", flush=True)
    window.close()

def exec_with_hook(app):
    window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
    window.remember_session = False
    window.startedUp.connect(lambda: QTimer.singleShot(BUSY_FOR_MS, lambda: close(window)))
    QApplication.exec = original
    return app.exec()

original = QApplication.exec
QApplication.exec = exec_with_hook
sys.argv[1:] = sys.argv[1:2]
run()
"""


def quit_seconds(folder: Path, home: Path) -> float:
    """From the window being closed, busy, to its process having ended."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(home / "config"),
               XDG_CACHE_HOME=str(home / "cache"))
    code = f"BUSY_FOR_MS = {BUSY_FOR_MS}\n{_CHILD}"
    child = subprocess.Popen([sys.executable, "-c", code, str(folder)], env=env, cwd=REPOSITORY,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdout is not None
    closing = None
    for line in child.stdout:
        if line.startswith("closing "):
            closing = float(line.split()[1])
            break
    child.wait(timeout=120)
    ended = time.time()
    if closing is None:
        raise SystemExit(f"the window never closed: {child.stderr.read() if child.stderr else ''}")
    return ended - closing


def main(quick: bool = False) -> list[Row]:
    """The three cases, each the median of a few runs."""
    runs = run_count(quick)
    with tempfile.TemporaryDirectory(prefix="seedview-quit-") as temporary:
        root = Path(temporary)
        bare = root / "bare"
        bare.mkdir()
        (bare / "one.txt").write_text("Nothing to see here.\n", encoding="utf-8")
        big = root / "big"
        big.mkdir()
        write_big_document(big)
        articles = ArticleWriter().write_articles(root / "articles", 2_000, 2_000, 3_000)

        def case(folder: Path) -> float:
            times = []
            for run in range(runs):
                home = root / f"home-{folder.name}-{run}"  # an empty cache and store every run
                times.append(quit_seconds(folder, home))
            return median(times)

        baseline = case(bare)
        rows = [measured("quit: a one-document folder, idle (baseline)", baseline, limit=LIMIT_S)]
        for title, folder in (("quit: a 5 MB document shown, its entities being read", big),
                              ("quit: 2,000 articles, store being built and engine annotating", articles)):
            rows.append(measured(title, case(folder), baseline=baseline, limit=LIMIT_S,
                                 note=f"closed {BUSY_FOR_MS} ms after the first paint"))
    return rows


if __name__ == "__main__":
    print_table("Quitting while busy (issue 14)", main(quick="--quick" in sys.argv))
