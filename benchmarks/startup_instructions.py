"""Start-up (target 1) counted in instructions, not seconds: from process start to the first paint
of the highlighted text, under valgrind's callgrind, for Seedview, the plain list and text window
and the bare window (benchmarks/startup_child.py, each ended at that paint).

A count does not move with the machine's load, which the wall clock does by half on a busy shared
machine, so two versions compare in one run, however busy. It leaves out what a count cannot see
(waiting for the disk, other threads' timing, the first read of a library from disk); the wall
clock rows of benchmarks/startup.py stay the target's. Rows are "not measured" without valgrind.

Run: `.venv/bin/python benchmarks/startup_instructions.py` (about two minutes: callgrind runs
Python some fifty times slower).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a file: find `benchmarks`

from benchmarks.child_runs import compile_bytecode, private_env
from benchmarks.english_text import ArticleWriter
from benchmarks.startup import TARGET_RATIO, first_document, warm_cache
from benchmarks.startup_child import EXIT_AT_PAINT
from benchmarks.table import Row, measured, not_measured, print_table

CHILD = Path(__file__).with_name("startup_child.py")
UNIT = "instructions"


def instructions(mode: str, corpus: Path, shown: Path, env: dict[str, str], scratch: Path) -> float:
    """The instructions a child in `mode` runs from its start to its first paint (all threads)."""
    compile_bytecode()
    args = [sys.executable, str(CHILD), mode]
    args += [] if mode == "baseline" else [str(corpus)]
    args += [str(shown)] if mode == "widgets" else []
    out_file = scratch / f"callgrind.{mode}.out"
    subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out_file}", *args, EXIT_AT_PAINT],
        env=env, capture_output=True, text=True, timeout=1800, check=True,
    )
    found = re.search(r"^summary:\s+(\d+)", out_file.read_text(encoding="utf-8"), re.MULTILINE)
    if found is None:
        raise RuntimeError(f"no instruction count in {out_file}")
    return float(found.group(1))


def main(quick: bool = False) -> list[Row]:
    """Count the three starts (one run each: a count is the same every time, within a fraction of
    a percent); return the rows."""
    figure = "start-up in instructions: first document highlighted (warm cache)"
    if shutil.which("valgrind") is None:
        return [not_measured(figure, f"≤ {TARGET_RATIO:g}x", "valgrind is not installed")]
    with tempfile.TemporaryDirectory(prefix="seedview-bench-startup-instructions-") as tmp:
        home = Path(tmp)
        env = private_env(home)
        corpus = ArticleWriter(seed=1).write_articles(home / "corpus", 12, 2_000, 20_000)
        shown = first_document(corpus)
        warm_cache(corpus, env)
        counts = {mode: instructions(mode, corpus, shown, env, home)
                  for mode in ("baseline", "widgets", "highlighted")}
    plain, bare = counts["widgets"], counts["baseline"]
    return [
        measured(f"{figure}, against a plain list and text window", counts["highlighted"],
                 baseline=plain, max_ratio=TARGET_RATIO, unit=UNIT,
                 note="valgrind --tool=callgrind, process start to the first paint of the text with "
                 "its highlights (benchmarks/startup_child.py --exit-at-paint); the baseline is "
                 "the plain window of benchmarks/startup.py, counted the same way"),
        measured(f"{figure}, against a bare window", counts["highlighted"], baseline=bare, unit=UNIT),
        measured("start-up in instructions: plain list and text window", plain, baseline=bare, unit=UNIT),
    ]


if __name__ == "__main__":
    print_table("Start-up, in instructions", main(quick="--quick" in sys.argv))
