"""Issue 18, item 6: the peak memory of annotating one 1.5-million-character article, against the
same process annotating one normal 3 KB article.

The long article is news paragraphs (the seed article's and spaCy's English examples, see
benchmarks/english_text.py) joined as an article's paragraphs are, until 1.5 million characters.
Two figures, each in fresh child processes with an empty cache of their own:
- the engine: a child loads the engine, annotates the 3 KB article (the baseline: its peak
  resident memory then), then the long one (its peak after);
- `seedview annotate --processes 2` of a folder holding the long article, against the same
  command on a folder holding the 3 KB one: the largest peak of the parent and its workers.
Peak memory is getrusage's ru_maxrss. It varies little from run to run: one run of each unless
SEEDVIEW_BENCH_RUNS says otherwise (the worst is reported).

Run: `.venv/bin/python benchmarks/long_article_memory.py [--quick]`.
"""

from __future__ import annotations

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
from benchmarks.table import Row, measured, print_table, worst

LONG_CHARACTERS = 1_500_000
NORMAL_CHARACTERS = 3_000
QUICK_LONG_CHARACTERS = 500_000
PROCESSES = 2
LIMIT_MB = 600


def write_article(folder: Path, characters: int) -> Path:
    """A folder holding one article of news paragraphs, at least `characters` long."""
    writer = ArticleWriter(seed=18, news_share=1.0)
    folder.mkdir(parents=True)
    (folder / "article.txt").write_text(writer.header(1) + writer.body(characters), encoding="utf-8")
    return folder


def child_engine(normal: Path, long: Path) -> dict[str, Any]:
    """In a child: the engine annotates the normal article, then the long one; the peaks after each."""
    from gui.core.corpus.corpus import load_document
    from gui.core.engine.engine import load_engine

    engine = load_engine()
    normal_body = load_document(normal / "article.txt").body
    long_body = load_document(long / "article.txt").body
    (normal_entities,) = engine.annotate([normal_body])
    normal_mb = peak_mb(resource.RUSAGE_SELF)
    started = time.perf_counter()
    (long_entities,) = engine.annotate([long_body])
    seconds = time.perf_counter() - started
    return {"normal_mb": normal_mb, "long_mb": peak_mb(resource.RUSAGE_SELF), "seconds": seconds,
            "characters": len(long_body), "normal_characters": len(normal_body),
            "entities": len(long_entities), "normal_entities": len(normal_entities)}


def child_annotate(folder: Path, output: Path) -> dict[str, Any]:
    """In a child: `seedview annotate --processes 2` of the folder, as the command runs it."""
    from gui.app import main as seedview

    started = time.perf_counter()
    code = seedview(["annotate", str(folder), "-o", str(output), "--processes", str(PROCESSES)])
    seconds = time.perf_counter() - started
    if code != 0:
        raise SystemExit(f"seedview annotate failed with exit code {code}")
    with output.open(encoding="utf-8") as records:
        entities = sum(len(json.loads(line)["ents"]) for line in records)
    return {"seconds": seconds, "entities": entities, "parent_mb": peak_mb(resource.RUSAGE_SELF),
            "worker_mb": peak_mb(resource.RUSAGE_CHILDREN)}


def seconds(runs: list[dict[str, Any]]) -> str:
    """How long each run took to annotate the long article, for a note."""
    return ", ".join(f"{run['seconds']:.0f}" for run in runs)


def main(quick: bool = False) -> list[Row]:
    """Measure the engine's and the command's peaks; return the rows."""
    runs = int(os.environ.get("SEEDVIEW_BENCH_RUNS", 1)) if not quick else 1
    characters = QUICK_LONG_CHARACTERS if quick else LONG_CHARACTERS
    engine: list[dict[str, Any]] = []
    command: list[dict[str, Any]] = []
    baseline: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="seedview-bench-long-") as tmp:
        home = Path(tmp)
        normal = write_article(home / "normal", NORMAL_CHARACTERS)
        long = write_article(home / "long", characters)
        for number in range(runs):
            run_home = home / f"run-{number}"
            for name in ("engine", "baseline", "annotate"):
                (run_home / name).mkdir(parents=True)
            engine.append(run_child(Path(__file__), ["engine", str(normal), str(long)],
                                    private_env(run_home / "engine"))[1])
            baseline.append(run_child(Path(__file__), ["annotate", str(normal), str(run_home / "b.jsonl")],
                                      private_env(run_home / "baseline"))[1])
            command.append(run_child(Path(__file__), ["annotate", str(long), str(run_home / "a.jsonl")],
                                     private_env(run_home / "annotate"))[1])
    size = f"{engine[0]['characters']:,}-character"
    largest = [max(run["parent_mb"], run["worker_mb"]) for run in command]
    long_peaks, normal_peaks = [run["long_mb"] for run in engine], [run["normal_mb"] for run in engine]
    return [
        measured(f"annotating a {size} article: peak memory of the engine's process",
                 worst(long_peaks), baseline=worst(normal_peaks),
                 limit=LIMIT_MB, target=f"≤ {LIMIT_MB} MB", unit="MB",
                 note=f"one child: the model loaded, a {engine[0]['normal_characters']:,}-character "
                 f"article annotated (the baseline, {engine[0]['normal_entities']} entities), then the "
                 f"long one ({engine[0]['entities']:,} entities in "
                 f"{seconds(engine)} s)"),
        measured(f"seedview annotate --processes {PROCESSES} of a {size} article: largest process",
                 max(largest), baseline=max(max(run["parent_mb"], run["worker_mb"]) for run in baseline),
                 limit=LIMIT_MB, target=f"≤ {LIMIT_MB} MB", unit="MB",
                 note=f"parent at most {max(run['parent_mb'] for run in command):.0f} MB, workers at most "
                 f"{max(run['worker_mb'] for run in command):.0f} MB, {command[0]['entities']:,} entities "
                 f"in {seconds(command)} s; baseline: the same "
                 "command on the normal article"),
    ]


if __name__ == "__main__":
    if sys.argv[1:2] == [CHILD_FLAG]:
        mode, first, second = sys.argv[2:5]
        if mode == "engine":
            report(child_engine(Path(first), Path(second)))
        else:
            report(child_annotate(Path(first), Path(second)))
    else:
        print_table("Annotating a long article", main(quick="--quick" in sys.argv))
