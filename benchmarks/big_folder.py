"""Target 4, a folder of 100,000 documents of 1-2 KB, opened as `seedview FOLDER` opens it (the
real engine annotating in the background, from an empty cache): from process start until the
window is usable (painted, its event loop turning) and until the sidebar lists every document; a
filter keystroke's time to the painted list; the process's peak resident memory. Baseline for the
start: a bare PySide6 script's first paint of an empty QMainWindow, in the same run.

Each run is a fresh child process with private settings and cache; the folder is written once.
"Usable" is the first turn of the event loop after the window's first paint, and "complete" the
moment `window.corpus` holds every document and the filtered list shows them all, so the figures
mean the same whether the folder is listed before the window shows or in the background.
With `--sort ORDER` (title, name, entities; gui/core/corpus/list_order.SortBy) the list is kept in
that order instead of the default (newest first), as a reader who chose it would have it: each
part of the listing is merged into that order as it comes.
Run: `.venv/bin/python benchmarks/big_folder.py [--quick] [--sort ORDER]`.
"""

from __future__ import annotations

import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a file: find `benchmarks`

from benchmarks.child_runs import CHILD_FLAG, private_env, report, run_child
from benchmarks.english_text import ArticleWriter
from benchmarks.startup import first_paint
from benchmarks.table import Row, measured, median, print_table, run_count

DOCUMENTS = 100_000
USABLE_S = 1.0
COMPLETE_S = 5.0
KEYSTROKE_S = 0.100
MEMORY_MB = 800
QUERY = "libya"  # typed a key at a time, then erased: narrowing, then widening back to everything


def child(folder: Path, documents: int, sort: str) -> dict[str, object]:
    """In the child: run `seedview FOLDER`, the list sorted by `sort`, watching the window; the
    moments and measurements."""
    from PySide6.QtCore import QEvent, QObject, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QMainWindow

    from benchmarks.qt_probes import TickGaps, seconds_until_painted, wait_until
    from gui.app import main as seedview
    from gui.widgets.commands import window_commands
    from gui.widgets.window.main_window import MainWindow

    moments: dict[str, float] = {}
    result: dict[str, object] = {}

    class FirstPaint(QObject):
        """Notes the first loop turn after the window's first paint: the window is usable."""

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and "painted" not in moments:
                moments["painted"] = time.time()
                QTimer.singleShot(0, lambda: moments.setdefault("usable", time.time()))
            return False

    first_paint_watch = FirstPaint()

    def show(window: MainWindow) -> None:
        moments["shown"] = time.time()
        window.installEventFilter(first_paint_watch)
        QMainWindow.show(window)

    def scenario(app: QApplication) -> int:
        window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
        window.remember_session = False
        moments["loop"] = time.time()
        gaps = TickGaps()
        gaps.start()
        if wait_until(lambda: "usable" in moments, timeout_s=120) is None:
            raise SystemExit("the window never painted")

        def complete() -> bool:
            corpus = window.corpus
            return (
                corpus is not None
                and len(corpus) == documents
                and window.filter_model.rowCount() == documents
            )

        listed = wait_until(complete, timeout_s=300, poll_ms=5)
        if listed is None:
            raise SystemExit(f"the sidebar did not list {documents} documents within 5 minutes")
        moments["complete"] = listed
        result["listing_stall"] = gaps.stop()
        window_commands.focus_filter(window)
        keystrokes: list[float] = []
        listed_rows: list[int] = []
        keys: list[str | Qt.Key] = [*QUERY, *[Qt.Key.Key_Backspace] * len(QUERY)]
        for key in keys:

            def press(key: str | Qt.Key = key) -> None:
                if isinstance(key, str):
                    QTest.keyClicks(window.filter_edit, key)
                else:
                    QTest.keyClick(window.filter_edit, key)

            seconds = seconds_until_painted(window.sidebar.viewport(), press, timeout_s=10)
            if seconds is None:
                raise SystemExit(f"the list did not repaint after {key!r} in the filter box")
            keystrokes.append(seconds)
            listed_rows.append(window.filter_model.rowCount())
        result["keystrokes"] = keystrokes
        result["rows"] = listed_rows
        result["annotated"] = len(window.session.annotations)
        window.close()
        return 0

    from gui.widgets.runtime import settings as keys

    keys.LIST_SORT.write(keys.open_settings(), sort)  # the child's own settings (private_env)
    MainWindow.show = show  # type: ignore[method-assign,assignment]
    QApplication.exec = scenario  # type: ignore[method-assign,assignment]
    code = seedview([str(folder)])
    if code != 0:
        raise SystemExit(f"seedview exited with {code}")
    result["moments"] = moments
    result["self_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["children_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return result


def main(quick: bool = False, sort: str = "date") -> list[Row]:
    """Write the folder, open it in fresh processes, the list sorted by `sort`; return the rows."""
    runs = run_count(quick)
    with tempfile.TemporaryDirectory(prefix="seedview-bench-big-folder-") as tmp:
        home = Path(tmp)
        started = time.perf_counter()
        folder = ArticleWriter(seed=5).write_articles(home / "folder", DOCUMENTS, 1_000, 2_000)
        written = time.perf_counter() - started
        megabytes = sum(path.stat().st_size for path in folder.iterdir()) / 1e6
        usable: list[float] = []
        complete: list[float] = []
        worst_keys: list[float] = []
        median_keys: list[float] = []
        memory: list[float] = []
        stalls: list[float] = []
        bare: list[float] = []
        annotated: list[int] = []
        for run in range(runs):
            run_home = home / f"run{run}"
            env = private_env(run_home)
            bare.append(first_paint("baseline", folder, env))
            launched, result = run_child(Path(__file__), [str(folder), str(DOCUMENTS), sort], env)
            moments = result["moments"]
            usable.append(moments["usable"] - launched)
            complete.append(moments["complete"] - launched)
            worst_keys.append(max(result["keystrokes"]))
            median_keys.append(statistics.median(result["keystrokes"]))
            memory.append(result["self_mb"])
            stalls.append(result["listing_stall"])
            annotated.append(result["annotated"])
            rows_listed = result["rows"]
    return [
        measured("100,000 documents: window usable", median(usable), baseline=median(bare), limit=USABLE_S,
                 note=f"from process start (`seedview FOLDER`) to the first loop turn after the window's "
                 f"first paint; runs: {', '.join(f'{t * 1000:.0f}' for t in usable)} ms; baseline: an "
                 f"empty QMainWindow's first paint; folder: {megabytes:.0f} MB, written in {written:.0f} s"),
        measured("100,000 documents: sidebar lists every document", median(complete), limit=COMPLETE_S,
                 note=f"from process start; runs: {', '.join(f'{t:.2f}' for t in complete)} s; the longest "
                 f"event-loop stall until then: {median(stalls) * 1000:.0f} ms (median of runs)"),
        measured("100,000 documents: filter keystroke to painted list (slowest)", median(worst_keys),
                 limit=KEYSTROKE_S,
                 note=f"typing {QUERY!r} and erasing it, {len(QUERY) * 2} keys; median keystroke "
                 f"{median(median_keys) * 1000:.1f} ms; rows listed after each key: "
                 f"{', '.join(f'{r:,}' for r in rows_listed)}"),
        measured("100,000 documents: peak resident memory", median(memory), limit=MEMORY_MB, unit="MB",
                 note=f"ru_maxrss of the child; documents the engine annotated in the background "
                 f"meanwhile: {median(annotated):,.0f} (median)"),
    ]


if __name__ == "__main__":
    if sys.argv[1:2] == [CHILD_FLAG]:
        folder, documents, order = sys.argv[2:5]
        report(child(Path(folder), int(documents), order))
    else:
        order = sys.argv[sys.argv.index("--sort") + 1] if "--sort" in sys.argv else "date"
        title = "A folder of 100,000 documents" + ("" if order == "date" else f", sorted by {order}")
        print_table(title, main(quick="--quick" in sys.argv, sort=order))
