"""Target 6, cached reopen: a folder of 2,000 news briefs (one or two sentences each) is annotated
once by the real engine in a first run of `seedview FOLDER`; then fresh runs open it again and
the time from process start until every document's highlights and count are known
(`window.indexing_done()`) is measured, with an engine loader that fails the run if it is called.
Reported beside it: what loading the language model takes, which the reopen avoids.

Run: `.venv/bin/python benchmarks/cached_reopen.py [--quick]`.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a file: find `benchmarks`

from benchmarks.child_runs import CHILD_FLAG, private_env, report, run_child
from benchmarks.english_text import ArticleWriter
from benchmarks.table import Row, measured, median, print_table, run_count

DOCUMENTS = 2_000
TARGET_S = 1.0


def child(folder: Path, mode: str) -> dict[str, object]:
    """In the child: `seedview FOLDER` until every document is annotated and indexed. `fill` uses
    the real engine; `reopen` an engine loader that only notes that it was called."""
    from PySide6.QtWidgets import QApplication

    import gui.core.engine.engine
    from benchmarks.qt_probes import wait_until
    from gui.app import main as seedview
    from gui.widgets.sidebar.document_list_model import EntityCountRole
    from gui.widgets.window.main_window import MainWindow

    moments: dict[str, float] = {}
    result: dict[str, object] = {"engine_called": False}

    def refuse() -> gui.core.engine.engine.Engine:
        result["engine_called"] = True
        raise gui.core.engine.engine.EngineError("The reopen must not load the language model.")

    if mode == "reopen":
        gui.core.engine.engine.load_engine = refuse  # type: ignore[assignment]  # run_gui imports it when it builds the window
    open_path = MainWindow.open_path

    def timed_open_path(window: MainWindow, path: Path, document_name: str | None = None) -> bool:
        moments.setdefault("open", time.time())
        return open_path(window, path, document_name)

    def scenario(app: QApplication) -> int:
        window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
        window.remember_session = False
        indexed = wait_until(window.indexing_done, timeout_s=1800 if mode == "fill" else 120, poll_ms=2)
        if indexed is None:
            raise SystemExit(f"{mode}: the folder was not indexed in time")
        moments["indexed"] = indexed
        source = window.document_pane.source_model
        assert source is not None
        counts = [source.index(row, 0).data(EntityCountRole) for row in range(source.rowCount())]
        result["documents"] = len(counts)
        result["counts_known"] = sum(count is not None for count in counts)
        result["entities"] = sum(count or 0 for count in counts)
        result["first_highlighted"] = window.entities_known
        window.close()
        return 0

    MainWindow.open_path = timed_open_path  # type: ignore[method-assign,assignment]
    QApplication.exec = scenario  # type: ignore[method-assign,assignment]
    code = seedview([str(folder)])
    if code != 0:
        raise SystemExit(f"seedview exited with {code}")
    result["moments"] = moments
    return result


def model_load_seconds(env: dict[str, str]) -> float:
    """Seconds a fresh process takes to import spaCy and load the verified ner-only model."""
    code = (
        "import time; started = time.perf_counter(); from gui.core.engine.engine import load_engine; "
        "load_engine(); print(time.perf_counter() - started)"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True, timeout=600).stdout
    return float(out.strip().splitlines()[-1])


def main(quick: bool = False) -> list[Row]:
    """Annotate the folder once, reopen it in fresh processes; return the rows."""
    runs = run_count(quick)
    with tempfile.TemporaryDirectory(prefix="seedview-bench-reopen-") as tmp:
        home = Path(tmp)
        env = private_env(home)  # one cache for every run: the fill writes it, the reopens read it
        folder = ArticleWriter(seed=6, news_share=0.7).write_briefs(home / "briefs", DOCUMENTS)
        started = time.perf_counter()
        _, filled = run_child(Path(__file__), [str(folder), "fill"], env, timeout_s=1800)
        fill_seconds = time.perf_counter() - started
        from_start: list[float] = []
        from_open: list[float] = []
        problems: list[str] = []
        for _ in range(runs):
            launched, result = run_child(Path(__file__), [str(folder), "reopen"], env)
            moments = result["moments"]
            from_start.append(moments["indexed"] - launched)
            from_open.append(moments["indexed"] - moments["open"])
            if result["engine_called"]:
                problems.append("the engine loader WAS called")
            if result["counts_known"] != result["documents"] or result["documents"] < DOCUMENTS:
                problems.append(f"only {result['counts_known']} of {result['documents']} counts known")
            if not result["first_highlighted"]:
                problems.append("the first document was not highlighted")
        loads = [model_load_seconds(env) for _ in range(runs)]
    value = None if problems else median(from_start)
    why = "; ".join(sorted(set(problems)))
    return [
        measured(f"cached reopen of {DOCUMENTS:,} briefs: every highlight and count", value,
                 limit=TARGET_S,
                 note=(why + "; " if why else "")
                 + f"from process start to window.indexing_done(), the model never loaded; "
                 f"{median(from_open) * 1000:.0f} ms of it after open_path; runs: "
                 f"{', '.join(f'{t * 1000:.0f}' for t in from_start)} ms; {result['entities']:,} entities; "
                 f"the first, annotating run took {fill_seconds:.0f} s ({filled['entities']:,} entities)"),
        measured("language model load (what the reopen avoids)", median(loads),
                 note="a fresh process: import spaCy, verify and load the ner-only model"),
    ]


if __name__ == "__main__":
    if sys.argv[1:2] == [CHILD_FLAG]:
        folder, mode = sys.argv[2:4]
        report(child(Path(folder), mode))
    else:
        print_table("Cached reopen", main(quick="--quick" in sys.argv))
