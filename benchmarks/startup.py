"""Target 1, start-up: from process start to the first painted window showing the first document
with its highlights from a warm cache, against a fair baseline: a plain PySide6 window with a
QListView of the folder's document names and a QPlainTextEdit showing the same document, to the
first paint of its text (same interpreter, same run, same child harness). The bare-window row
keeps the older baseline, an empty QMainWindow. Each start is a fresh child process
(benchmarks/startup_child.py) with private settings and cache.

Run: `.venv/bin/python benchmarks/startup.py [--quick]`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a file: find `benchmarks`

from benchmarks.child_runs import compile_bytecode, private_env
from benchmarks.english_text import ArticleWriter
from benchmarks.table import Row, measured, median, print_table, run_count
from gui.core.corpus.corpus import Corpus

CHILD = Path(__file__).with_name("startup_child.py")
TARGET_RATIO = 1.5  # against the plain list and text window
BARE_WINDOW_TARGET_RATIO = 2.0  # against an empty QMainWindow
# A start is short, and a busy moment of a shared machine moves one a lot: three times the other
# benchmarks' runs (interleaved), so that the medians hold still.
RUNS_FACTOR = 3


def first_paint(mode: str, corpus: Path, env: dict[str, str], shown: Path | None = None) -> float:
    """Seconds from just before starting a child to the first paint it reports; `shown` is the
    document the plain widgets' window shows."""
    compile_bytecode()
    args = [sys.executable, str(CHILD), mode] + ([str(corpus)] if mode != "baseline" else [])
    args += [str(shown)] if shown is not None else []
    started = time.time()
    out = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300, check=True).stdout
    return float(out.strip().splitlines()[-1]) - started


def warm_cache(corpus: Path, env: dict[str, str]) -> None:
    """Annotate the whole corpus into the private cache (`seedview export`), then start once with
    it and throw the time away (the files the start reads are in the page cache from then on)."""
    subprocess.run(
        [sys.executable, "-m", "gui", "export", str(corpus), "-o", "/dev/null"],
        env=env, check=True, timeout=900, capture_output=True,
    )
    first_paint("highlighted", corpus, env)


def first_document(corpus: Path) -> Path:
    """The document Seedview shows first in `corpus`: the first of its listing."""
    return next(iter(Corpus.open(corpus))).path


def main(quick: bool = False) -> list[Row]:
    """Measure start-up with an empty and a warm cache, a plain list and text window's and a bare
    window's; return the rows."""
    runs = run_count(quick) * RUNS_FACTOR
    with tempfile.TemporaryDirectory(prefix="seedview-bench-startup-") as tmp:
        home = Path(tmp)
        env = private_env(home)
        corpus = ArticleWriter(seed=1).write_articles(home / "corpus", 6 if quick else 12, 2_000, 20_000)
        shown = first_document(corpus)
        cold: list[float] = []
        for _ in range(runs):
            shutil.rmtree(home / "cache", ignore_errors=True)
            cold.append(first_paint("window", corpus, env))
        warm_cache(corpus, env)
        bare: list[float] = []
        highlighted: list[float] = []
        window: list[float] = []
        widgets: list[float] = []
        for _ in range(runs):  # interleaved, so that a busy moment of the machine hits all four
            bare.append(first_paint("baseline", corpus, env))
            highlighted.append(first_paint("highlighted", corpus, env))
            window.append(first_paint("window", corpus, env))
            widgets.append(first_paint("widgets", corpus, env, shown))
    plain, empty = median(widgets), median(bare)
    spread = f"runs: {', '.join(f'{t * 1000:.0f}' for t in highlighted)} ms"
    return [
        measured("start-up: first document highlighted (warm cache), against a plain list and text "
                 "window", median(highlighted), baseline=plain, max_ratio=TARGET_RATIO,
                 note=f"process start to the first paint of the text with its highlights; {spread}; "
                 "baseline: process start to the first paint of the text in a plain PySide6 window, "
                 "a QListView of the folder's document names beside a QPlainTextEdit with the same "
                 "document, a menu bar and a status bar"),
        measured("start-up: first document highlighted (warm cache), against a bare window",
                 median(highlighted), baseline=empty, max_ratio=BARE_WINDOW_TARGET_RATIO,
                 note="baseline: process start to the first paint of an empty QMainWindow"),
        measured("start-up: plain list and text window, no Seedview code", plain, baseline=empty),
        measured("start-up: first window paint (warm cache)", median(window), baseline=empty),
        measured("start-up: first window paint (empty cache)", median(cold), baseline=empty),
    ]


if __name__ == "__main__":
    print_table("Start-up", main(quick="--quick" in sys.argv))
