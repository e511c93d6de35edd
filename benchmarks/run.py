"""Seedview's timings, each against a baseline measured in the same run: `make bench`.

Prints a table of medians: start-up to the first painted, highlighted document; switching
documents; loading the language model. Corpora are generated from the bundled seed text.
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RUNS = int(os.environ.get("SEEDVIEW_BENCH_RUNS", "5"))


def generate_corpus(folder: Path, count: int, seed: int = 7) -> Path:
    """`count` articles of 2-20 KB made of the seed's paragraphs, shuffled deterministically."""
    from gui.core.corpus import load_document

    paragraphs = [
        paragraph.strip()
        for path in sorted((REPO / "seeds").glob("*.txt"))
        for paragraph in load_document(path).body.split("\n\n")
        if paragraph.strip()
    ]
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        size = rng.randint(2_000, 20_000)
        body: list[str] = []
        while sum(len(p) + 2 for p in body) < size:
            body.append(rng.choice(paragraphs))
        date = f"date 2019-{1 + i % 12:02d}-{1 + i % 28:02d}\n"
        (folder / f"article_{i:04d}.txt").write_text(date + "\n\n".join(body), encoding="utf-8")
    return folder


def child_env(home: Path) -> dict[str, str]:
    env = dict(os.environ, XDG_CACHE_HOME=str(home / "cache"), XDG_CONFIG_HOME=str(home / "config"))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def time_first_paint(args: list[str], env: dict[str, str]) -> float:
    """Seconds from just before starting a child process to the first paint it reports."""
    started = time.time()
    out = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "startup_child.py"), *args],
        env=env, capture_output=True, text=True, timeout=300, check=True,
    ).stdout
    return float(out.strip().splitlines()[-1]) - started


def bench_startup(corpus: Path, env: dict[str, str]) -> tuple[float, float, float, float]:
    """Medians: first paint of the window with an empty cache, first highlighted paint with a warm
    cache, first paint of the window with a warm cache, and a bare QMainWindow's first paint."""
    cold = []
    for _ in range(RUNS):
        shutil.rmtree(Path(env["XDG_CACHE_HOME"]), ignore_errors=True)
        cold.append(time_first_paint(["window", str(corpus)], env))
    subprocess.run(
        [sys.executable, "-m", "gui", "export", str(corpus), "-o", os.devnull],
        env=env, check=True, timeout=600,
    )
    highlighted: list[float] = []
    window: list[float] = []
    baseline: list[float] = []
    for _ in range(RUNS):
        baseline.append(time_first_paint(["baseline"], env))
        highlighted.append(time_first_paint(["highlighted", str(corpus)], env))
        window.append(time_first_paint(["window", str(corpus)], env))
    return tuple(statistics.median(v) for v in (cold, highlighted, window, baseline))  # type: ignore[return-value]


def bench_switch(corpus: Path) -> tuple[float, float]:
    """Median key press to painted highlights when moving down the sidebar, and a bare repaint."""
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from gui.core.engine import load_engine
    from gui.locations import entity_cache_path
    from gui.widgets.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    settings = QSettings(str(corpus.parent / "bench.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, entity_cache_path(), load_engine)
    window.remember_session = False
    window.show()
    window.open_path(corpus)
    count = window.filter_model.rowCount()
    deadline = time.monotonic() + 120
    model = window.filter_model
    from gui.widgets.document_list_model import EntityCountRole

    while time.monotonic() < deadline and any(
        model.index(r, 0).data(EntityCountRole) is None for r in range(count)
    ):
        app.processEvents()
    switch: list[float] = []
    repaint: list[float] = []
    window.commands.focus_sidebar()
    for step in range(min(count - 1, 10 * RUNS)):
        started = time.perf_counter()
        QTest.keyClick(window.sidebar, Qt.Key.Key_Down)
        window.repaint()  # synchronous: the highlights are painted when this returns
        switch.append(time.perf_counter() - started)
        assert window.view.spans, f"document {step + 1} was shown without highlights"
        started = time.perf_counter()
        window.repaint()
        repaint.append(time.perf_counter() - started)
    window.close()
    return statistics.median(switch), statistics.median(repaint)


def bench_model_load(env: dict[str, str]) -> tuple[float, float]:
    """Median seconds to import spaCy and load the verified ner-only model, and a bare import."""
    code_load = (
        "import time; t=time.perf_counter(); from gui.core.engine import load_engine; "
        "load_engine(); print(time.perf_counter()-t)"
    )
    code_import = "import time; t=time.perf_counter(); import spacy; print(time.perf_counter()-t)"
    loads: list[float] = []
    imports: list[float] = []
    for _ in range(RUNS):
        for code, results in ((code_load, loads), (code_import, imports)):
            out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                                 text=True, check=True, timeout=300).stdout
            results.append(float(out.strip().splitlines()[-1]))
    return statistics.median(loads), statistics.median(imports)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="seedview-bench-") as tmp:
        home = Path(tmp)
        env = child_env(home)
        os.environ.update(env)
        corpus = generate_corpus(home / "corpus", 40)
        rows: list[tuple[str, float, float, str, Callable[[float, float], bool]]] = []
        cold, start, window, bare = bench_startup(corpus, env)
        rows.append(("start-up to first paint, empty cache", cold, bare, "(report)",
                     lambda _f, _b: True))
        rows.append(("start-up to first paint, warm cache", window, bare, "(report)",
                     lambda _f, _b: True))
        rows.append(("start-up to highlighted paint (cache)", start, bare, "<= 2x",
                     lambda f, b: f <= 2 * b))
        switch, repaint = bench_switch(corpus)
        rows.append(("switch document (key to painted)", switch, repaint, "<= 30 ms",
                     lambda f, _b: f <= 0.030))
        load, spacy_import = bench_model_load(env)
        rows.append(("model load (import + verify + load)", load, spacy_import, "(report)",
                     lambda _f, _b: True))
    print(f"\nmedians of {RUNS} runs; baseline measured in the same run")
    print(f"{'figure':40} {'value':>10} {'baseline':>10} {'ratio':>7}  {'target':10} result")
    for name, value, baseline, target, check in rows:
        ratio = value / baseline if baseline else float("nan")
        verdict = "pass" if check(value, baseline) else "FAIL"
        print(f"{name:40} {value * 1000:8.1f}ms {baseline * 1000:8.1f}ms {ratio:7.2f}  {target:10} {verdict}")
    print("baselines: bare PySide6 QMainWindow start-up; a bare window repaint; `import spacy`.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
