"""Target 2, switching documents: from the Down key in the document list to the next document's
painted highlights, over annotated articles of 2-20 KB; baseline: a bare repaint of the same
window. The window runs in a child process with the real engine, which annotates the folder
first (not timed).

Run: `.venv/bin/python benchmarks/switching.py [--quick]`.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a file: find `benchmarks`

from benchmarks.child_runs import CHILD_FLAG, private_env, report, run_child
from benchmarks.english_text import ArticleWriter
from benchmarks.table import Row, measured, print_table, run_count

TARGET_S = 0.030
STEPS_PER_RUN = 10


def child(corpus: Path, home: Path, steps: int) -> dict[str, object]:
    """In the child: open the annotated folder and step down the list, timing each step."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from benchmarks.qt_probes import application, bench_window, seconds_until_painted, spin, wait_until
    from gui.core.engine.engine import load_engine
    from gui.widgets.commands import window_commands

    application()
    window = bench_window(home, load_engine)
    window.open_path(corpus)
    if wait_until(window.indexing_done, timeout_s=900, poll_ms=50) is None:
        raise SystemExit("the folder was not annotated within 15 minutes")
    window_commands.focus_sidebar(window)
    viewport = window.view.viewport()
    switches: list[float] = []
    repaints: list[float] = []
    sizes: list[int] = []
    for _ in range(steps):
        spin(0.05)  # what the previous step left queued is not this step's work
        before = window.current_document.id if window.current_document else ""

        def shown_with_highlights(before: str = before) -> bool:
            document = window.current_document
            return document is not None and document.id != before and window.entities_known

        seconds = seconds_until_painted(
            viewport, lambda: QTest.keyClick(window.sidebar, Qt.Key.Key_Down), shown_with_highlights
        )
        if seconds is None or not window.view.spans:
            raise SystemExit(f"no highlighted document after Down from {before}")
        switches.append(seconds)
        sizes.append(len(window.view.toPlainText()))
        spin(0.05)
        repaint = seconds_until_painted(viewport, window.update)
        assert repaint is not None
        repaints.append(repaint)
    window.close()
    return {"switch": switches, "repaint": repaints, "sizes": sizes}


def main(quick: bool = False) -> list[Row]:
    """Time switching between annotated articles against a bare repaint; return the rows."""
    runs = run_count(quick)
    switches: list[float] = []
    repaints: list[float] = []
    sizes: list[int] = []
    with tempfile.TemporaryDirectory(prefix="seedview-bench-switching-") as tmp:
        home = Path(tmp)
        steps = runs * STEPS_PER_RUN
        corpus = ArticleWriter(seed=2).write_articles(home / "corpus", steps + 1, 2_000, 20_000)
        _, result = run_child(Path(__file__), [str(corpus), str(home), str(steps)], private_env(home))
        switches, repaints, sizes = result["switch"], result["repaint"], result["sizes"]
    value = statistics.median(switches)
    deciles = statistics.quantiles(switches, n=10)
    return [
        measured(
            "switch document: Down to painted highlights (median)", value,
            baseline=statistics.median(repaints), limit=TARGET_S,
            note=f"{len(switches)} steps over articles of {min(sizes) / 1000:.0f}-{max(sizes) / 1000:.0f} "
            f"KB; 90th percentile {deciles[-1] * 1000:.1f} ms, slowest {max(switches) * 1000:.1f} ms; "
            "baseline: a repaint of the same window",
        ),
    ]


if __name__ == "__main__":
    if sys.argv[1:2] == [CHILD_FLAG]:
        corpus, home, steps = sys.argv[2:5]
        report(child(Path(corpus), Path(home), int(steps)))
    else:
        print_table("Switching documents", main(quick="--quick" in sys.argv))
