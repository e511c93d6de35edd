"""Target 5, annotation throughput: `seedview annotate --processes 2` against a bare single-process
`nlp.pipe` with the same ner-only pipeline and batch size, on the same texts, and its peak memory.

The corpus (about 1.2 MB of 2-20 KB articles) is made deterministically from English text this
computer already has (benchmarks/english_text.py). Each measurement runs in a fresh child process,
baseline and annotate alternating; the table gives medians of 3 runs (2 with --quick). The
baseline times `nlp.pipe` alone, the model loaded beforehand; annotate is the whole command from an
empty entity cache (listing, reading, starting the workers and loading their models, the cache,
writing the file). Peak memory is the parent's peak plus every worker at the largest worker's
peak (getrusage). Other work on the machine lowers the ratio: the note gives CPU times and the
load average.
Run: `.venv/bin/python benchmarks/annotate_throughput.py [--quick]`.
"""

from __future__ import annotations

import itertools
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a file: find `benchmarks`

from benchmarks.child_runs import CHILD_FLAG, peak_mb, private_env, report, run_child
from benchmarks.english_text import ArticleWriter
from benchmarks.table import Row, measured, median, print_table, run_count

PROCESSES = 2
WINDOW_PROCESSES = min(len(os.sched_getaffinity(0)), 4)  # what gui.app.engine_in_processes starts
DEFAULT_RUNS = 3
ARTICLES = 110  # about 1.2 MB
QUICK_ARTICLES = 40
TARGET_RATIO = 1.5
MEMORY_LIMIT_MB = 1000
STALL_LIMIT_S = 0.100


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (the workers)."""
    return sum(
        usage.ru_utime + usage.ru_stime
        for usage in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
    )


def child_baseline(corpus: Path) -> dict[str, Any]:
    """In a child: a bare `nlp.pipe` over the corpus's bodies, the model loaded beforehand."""
    import spacy

    from gui.core.corpus.corpus import Corpus
    from gui.core.engine.engine import BATCH_SIZE, EXCLUDED_COMPONENTS, model_directory

    listed = Corpus.open(corpus)
    texts = [listed.load(entry).body for entry in listed]
    nlp = spacy.load(model_directory(), exclude=list(EXCLUDED_COMPONENTS))
    started, cpu = time.perf_counter(), cpu_seconds()
    entities = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=BATCH_SIZE))
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    words = sum(len(text.split()) for text in texts)
    return {"seconds": seconds, "cpu": cpu, "words": words, "entities": entities,
            "peak_mb": peak_mb(resource.RUSAGE_SELF)}


def child_annotate(corpus: Path, output: Path) -> dict[str, Any]:
    """In a child: `seedview annotate --processes 2`, as the command runs it."""
    from gui.app import main as seedview

    started, cpu = time.perf_counter(), cpu_seconds()
    code = seedview(["annotate", str(corpus), "-o", str(output), "--processes", str(PROCESSES)])
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    if code != 0:
        raise SystemExit(f"seedview annotate failed with exit code {code}")
    words = entities = 0
    with output.open(encoding="utf-8") as records:
        for line in records:
            record = json.loads(line)
            words += len(record["text"].split())
            entities += len(record["ents"])
    parent, worker = peak_mb(resource.RUSAGE_SELF), peak_mb(resource.RUSAGE_CHILDREN)
    return {"seconds": seconds, "cpu": cpu, "words": words, "entities": entities,
            "peak_mb": parent + PROCESSES * worker, "parent_mb": parent, "worker_mb": worker}


def child_window(corpus: Path, cache_folder: Path) -> dict[str, Any]:
    """In a child: the window opens the corpus with an empty cache and annotates all of it, the
    engine in its worker processes, while a 5 ms timer measures the event loop's longest stall."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from gui.app import engine_in_processes
    from gui.core.corpus.corpus import Corpus
    from gui.widgets.runtime.settings import open_settings
    from gui.widgets.window.main_window import MainWindow

    app = QApplication([])
    window = MainWindow(open_settings(), cache_folder / "entities.sqlite", engine_in_processes)
    window.remember_session = False
    window.resize(1200, 760)
    window.show()
    shown_at: list[float] = []
    window.highlightsShown.connect(lambda _doc_id: shown_at.append(time.perf_counter()))
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(5)

    def tick() -> None:
        ticks.append(time.perf_counter())
        if window.indexing_done():
            app.quit()

    timer.timeout.connect(tick)
    started, cpu = time.perf_counter(), cpu_seconds()
    timer.start()
    window.open_path(corpus)
    app.exec()
    seconds = time.perf_counter() - started
    timer.stop()
    stall = max(later - earlier for earlier, later in itertools.pairwise(ticks))
    listed = Corpus.open(corpus)
    words = sum(len(listed.load(entry).body.split()) for entry in listed)
    entities = sum(len(annotation.entities) for annotation in window.annotations_snapshot().values())
    window.close()  # stops the annotation thread and its worker processes
    cpu = cpu_seconds() - cpu
    parent, worker = peak_mb(resource.RUSAGE_SELF), peak_mb(resource.RUSAGE_CHILDREN)
    return {"seconds": seconds, "cpu": cpu, "words": words, "entities": entities, "stall_s": stall,
            "first_highlights_s": shown_at[0] - started if shown_at else None,
            "peak_mb": parent + WINDOW_PROCESSES * worker, "parent_mb": parent, "worker_mb": worker}


def measure(mode: str, corpus: Path, home: Path, number: int) -> dict[str, Any]:
    """One run in a fresh child with an empty cache of its own."""
    run_home = home / f"{mode}-{number}"
    run_home.mkdir()
    _, result = run_child(
        Path(__file__), [mode, str(corpus), str(run_home / "annotations.jsonl")], private_env(run_home)
    )
    return result


def main(quick: bool = False) -> list[Row]:
    """Measure baseline and annotate alternately; return the rows."""
    # Three runs unless asked for another number: each pair of runs takes about 40 s.
    runs = run_count(quick) if quick or "SEEDVIEW_BENCH_RUNS" in os.environ else DEFAULT_RUNS
    load_before = os.getloadavg()[0]
    baseline: list[dict[str, Any]] = []
    annotate: list[dict[str, Any]] = []
    window: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="seedview-bench-annotate-") as tmp:
        home = Path(tmp)
        corpus = ArticleWriter(seed=5).write_articles(
            home / "corpus", QUICK_ARTICLES if quick else ARTICLES, 2_000, 20_000
        )
        articles = len(list(corpus.glob("*.txt")))
        megabytes = sum(path.stat().st_size for path in corpus.glob("*.txt")) / 1e6
        for number in range(runs):
            baseline.append(measure("baseline", corpus, home, number))
            annotate.append(measure("annotate", corpus, home, number))
            window.append(measure("window", corpus, home, number))
    load_after = os.getloadavg()[0]
    words = baseline[0]["words"]
    if any(run["words"] != words for run in baseline + annotate + window):
        raise RuntimeError("the baseline and annotate runs saw different texts")
    rate = median(run["words"] / run["seconds"] for run in annotate)
    base_rate = median(run["words"] / run["seconds"] for run in baseline)
    ratio = rate / base_rate
    rates = ", ".join(f"{run['words'] / run['seconds']:,.0f}" for run in annotate)
    base_rates = ", ".join(f"{run['words'] / run['seconds']:,.0f}" for run in baseline)
    about = (
        f"{articles} articles, {megabytes:.1f} MB, {words:,} words; per run: {rates} words/s against "
        f"{base_rates}; CPU time "
        f"{median(run['cpu'] for run in annotate):.1f} s (parent and workers, model loads included) "
        f"against {median(run['cpu'] for run in baseline):.1f} s; load average {load_before:.2f} "
        f"before, {load_after:.2f} after (other work on the machine lowers the ratio)"
    )
    memory = max(run["peak_mb"] for run in annotate)
    return [
        Row(f"annotate --processes {PROCESSES}: words per second", rate, base_rate, ratio,
            f"≥ {TARGET_RATIO:g}x", ratio >= TARGET_RATIO, about, "words/s"),
        measured(f"annotate --processes {PROCESSES}: peak memory", memory,
                 baseline=max(run["peak_mb"] for run in baseline), limit=MEMORY_LIMIT_MB,
                 target="< 1 GB", unit="MB",
                 note=f"parent {max(run['parent_mb'] for run in annotate):.0f} MB + {PROCESSES} workers "
                 f"of at most {max(run['worker_mb'] for run in annotate):.0f} MB; baseline: the one "
                 "process of the bare nlp.pipe"),
        *window_rows(window, base_rate),
    ]


def window_rows(window: list[dict[str, Any]], base_rate: float) -> list[Row]:
    """The window's own annotation of the corpus: throughput, stall, memory, first highlights."""
    rate = median(run["words"] / run["seconds"] for run in window)
    first = [run["first_highlights_s"] for run in window if run["first_highlights_s"] is not None]
    rates = ", ".join(f"{run['words'] / run['seconds']:,.0f}" for run in window)
    return [
        Row(f"window annotating the folder ({WINDOW_PROCESSES} engine processes): words per second",
            rate, base_rate, rate / base_rate, f"≥ {TARGET_RATIO:g}x", rate / base_rate >= TARGET_RATIO,
            "from open_path to every document annotated and indexed, empty cache, model loads "
            f"included; per run: {rates} words/s",
            "words/s"),
        measured("window annotating the folder: longest event-loop stall",
                 max(run["stall_s"] for run in window), limit=STALL_LIMIT_S, target="≤ 100 ms",
                 note="the largest gap between ticks of a 5 ms timer, worst run"),
        measured("window annotating the folder: peak memory", max(run["peak_mb"] for run in window),
                 limit=MEMORY_LIMIT_MB, target="< 1 GB", unit="MB",
                 note=f"window {max(run['parent_mb'] for run in window):.0f} MB + {WINDOW_PROCESSES} "
                 f"engine processes of at most {max(run['worker_mb'] for run in window):.0f} MB"),
        measured("window annotating the folder: the shown document highlighted",
                 median(first) if first else None,
                 note="from open_path, empty cache: the document on screen goes first, model load "
                 "(in a worker process) included"),
    ]


if __name__ == "__main__":
    if sys.argv[1:2] == [CHILD_FLAG]:
        mode, corpus_path, output_path = sys.argv[2:5]
        if mode == "baseline":
            report(child_baseline(Path(corpus_path)))
        elif mode == "window":
            report(child_window(Path(corpus_path), Path(output_path).parent))
        else:
            report(child_annotate(Path(corpus_path), Path(output_path)))
    else:
        print_table("Annotation throughput", main(quick="--quick" in sys.argv))
