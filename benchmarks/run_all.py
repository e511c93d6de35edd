"""Every benchmark of issue 5's six targets, then the extras, as one Markdown table with the
machine it ran on.

Run: `.venv/bin/python benchmarks/run_all.py [--quick] [--no-extras]` (about 10 minutes; --quick,
2 runs instead of 5, about 5). A target whose script is missing or fails gets a row saying so;
the others still run.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a file: find `benchmarks`

from benchmarks.table import QUICK_RUNS, Row, machine_description, markdown_table, not_measured

log = logging.getLogger("benchmarks")

# (module under benchmarks/, what it measures, its target), in the order.
TARGETS = (
    ("startup", "1. start-up", "≤ 1.5x a plain list and text window"),
    ("switching", "2. switching documents", "≤ 30 ms"),
    ("big_document", "3. a 5 MB document", "≤ 2x setPlainText; stalls ≤ 100 ms"),
    ("big_folder", "4. a folder of 100,000 documents", "1 s usable, 5 s listed, 100 ms/key, < 800 MB"),
    ("annotate_throughput", "5. annotation throughput", "≥ 1.5x nlp.pipe words/s, < 1 GB"),
    ("cached_reopen", "6. cached reopen", "≤ 1 s"),
)
EXTRAS = (
    ("startup_instructions", "start-up counted in instructions, whatever the load (issue 13)",
     "≤ 1.5x a plain list and text window"),
    ("long_article_memory", "a 1.5-million-character article (issue 18)", "≤ 600 MB per process"),
    ("insight", "timelines, connections and the entity network (issue 16)", "≤ 100, 200, 300 ms"),
    ("alias_resolution", "corpus-level entity resolution (issue 15)", "precision ≥ 95 %, recall ≥ 90 %"),
    ("corrections", "entity corrections: import, one applied, the overlay (issue 15)", "≤ 10 s, ≤ 1 s"),
    ("corpus_store", "the corpus store's commands and questions (issue 14)", "see its rows"),
    ("store_window", "the window on a corpus store of 100,000 articles (issue 14)", "see its rows"),
    ("corrections_window", "entity corrections in the window, 100,000 articles (issue 15)",
     "≤ 1 s; stalls ≤ 100 ms"),
    ("quitting", "quitting while busy (issue 14)", "≤ 300 ms"),
    ("desk_queries", "the reader's desk: is:read, is:starred, tag:, the progress (issue 17)", "see its rows"),
)


def as_row(row: object) -> Row:
    """A row of this table from a script's own row type (the fields by name)."""
    if isinstance(row, Row):
        return row
    value = getattr(row, "value", None)
    baseline = getattr(row, "baseline", None)
    ratio = getattr(row, "ratio", None)
    if ratio is None and value is not None and baseline:
        ratio = value / baseline
    return Row(
        figure=str(getattr(row, "figure", row)),
        value=value,
        baseline=baseline,
        ratio=ratio if ratio == ratio else None,  # NaN: no ratio
        target=str(getattr(row, "target", "(report)")),
        passed=getattr(row, "passed", None),
        note=str(getattr(row, "note", "")),
        unit=str(getattr(row, "unit", "s")),
    )


def run_benchmark(module_name: str, title: str, target: str, quick: bool) -> list[Row]:
    """Import `benchmarks.<module_name>`, run its `main`, and return its rows (or one saying why
    there are none)."""
    try:
        module = importlib.import_module(f"benchmarks.{module_name}")
    except ModuleNotFoundError as error:
        if error.name != f"benchmarks.{module_name}":
            raise
        return [not_measured(title, target, f"not measured: benchmarks/{module_name}.py is missing")]
    main = getattr(module, "main", None)
    if main is None:
        return [not_measured(title, target, f"not measured: {module_name}.py has no main()")]
    started = time.perf_counter()
    print(f"running {module_name} …", file=sys.stderr, flush=True)
    try:
        takes_quick = "quick" in inspect.signature(main).parameters
        rows = main(quick=quick) if takes_quick else main()
    except Exception as error:  # one broken benchmark must not hide the others' figures
        log.exception("benchmarks/%s.py failed", module_name)
        reason = str(error).strip().splitlines()
        return [Row(title, None, target=target, passed=False,
                    note=f"the benchmark failed: {type(error).__name__}: {reason[-1] if reason else ''}")]
    print(f"  {module_name}: {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    if not isinstance(rows, list):
        return [not_measured(title, target, f"not measured: {module_name}.main() returned no rows")]
    return [as_row(row) for row in rows]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks and print the table; 0 even when a target misses (they are figures)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_RUNS} runs per figure instead of 5")
    parser.add_argument("--no-extras", action="store_true", help="only the issue's six targets")
    options = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if options.quick:
        # Scripts without a `quick` parameter read the run count from here.
        os.environ.setdefault("SEEDVIEW_BENCH_RUNS", str(QUICK_RUNS))
    started = time.perf_counter()
    rows = [row for benchmark in TARGETS for row in run_benchmark(*benchmark, options.quick)]
    extras = [] if options.no_extras else [
        row for benchmark in EXTRAS for row in run_benchmark(*benchmark, options.quick)
    ]
    minutes = (time.perf_counter() - started) / 60
    runs = QUICK_RUNS if options.quick else os.environ.get("SEEDVIEW_BENCH_RUNS", "5")
    print("\n## Seedview benchmarks\n")
    print(f"Machine: {machine_description()}.  ")
    print(f"Medians of {runs} runs unless a note says otherwise; every baseline comes from the same "
          f"run. Took {minutes:.1f} minutes.\n")
    print(markdown_table(rows))
    if extras:
        print("\n### Extras\n")
        print(markdown_table(extras))
    return 0


if __name__ == "__main__":
    sys.exit(main())
