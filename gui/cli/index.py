"""`seedview index PATH`: build or update the corpus's store, and say what changed in one line."""

from __future__ import annotations

import argparse
from pathlib import Path

from gui.cli.options import EXIT_OK
from gui.cli.store_command import (
    Speaker,
    add_engine_options,
    run_guarded,
    shown_path,
    up_to_date_store,
)


def parser() -> argparse.ArgumentParser:
    """The command's options."""
    made = argparse.ArgumentParser(
        prog="seedview index",
        description="Build or update the corpus store of a folder, a .txt file or a .jsonl file (in "
        "Seedview's cache folder, never in the corpus): only documents added, changed or removed since "
        "the last run are read, and what the entity cache lacks is annotated.",
    )
    made.add_argument("path", type=Path, help="folder, .txt file or .jsonl file")
    add_engine_options(made)
    return made


def main(args: list[str], cache_folder: Path) -> int:
    """Run `seedview index ARGS`; returns the exit code."""
    options = parser().parse_args(args)

    def body(say: Speaker) -> int:
        run = up_to_date_store(options.path, cache_folder, say, options.processes, options.dask)
        try:
            tally, summary = run.tally, run.summary
            where = "in memory" if run.store.in_memory else str(run.store.path)
            engine, cache, files = (0, 0, 0) if tally is None else (
                tally.from_engine, tally.from_cache, tally.from_files)
            print(
                f"indexed {shown_path(run.store.corpus)} in {run.seconds:.1f} s: {summary.line()}; "
                f"{engine:,} annotated, {cache:,} from the cache, {files:,} with entities of their own; "
                f"store {where}",
                flush=True,
            )
        finally:
            run.store.close()
        return EXIT_OK

    return run_guarded("index", body)
