"""`seedview timeline PATH QUERY`: how many documents a query matches per day, week, month or
year, and their mentions, from the corpus's store (brought up to date first): a table for
people, or JSON Lines. The undated documents come last, in a line of their own."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from gui.cli.corrections import with_corrections
from gui.cli.options import EXIT_OK
from gui.cli.store_command import (
    Speaker,
    add_engine_options,
    query_of,
    run_guarded,
    up_to_date_store,
    utf8_stdout,
)
from gui.core.insight.timeline import Count, Period, Timeline, timeline

UNDATED = "undated"  # the undated documents' line, in the text output


def parser() -> argparse.ArgumentParser:
    """The command's options."""
    made = argparse.ArgumentParser(
        prog="seedview timeline",
        description="Count the documents a query matches per period, with their mentions: of the "
        "entities it names (entity:, type:), else the hits of its words, else every entity mention. "
        "Every period from the first match to the last is listed; undated documents come last. "
        "QUERY is written as for seedview search.",
    )
    made.add_argument("path", type=Path, help="folder, .txt file or .jsonl file")
    made.add_argument("query", help='what to count, as in: entity:"Tony Blair" (quote it for the shell)')
    made.add_argument("--by", choices=[period.value for period in Period],
                      help="the length of a period (default: the shortest that gives at most 120)")
    made.add_argument("--json", action="store_true",
                      help='one JSON object per period: {"period", "documents", "mentions"}, periods as '
                      '2004-01-05, 2004-W02 (ISO week), 2004-01 or 2004; the undated documents, if any, '
                      'in a last line with "period": null')
    add_engine_options(made)
    return made


def as_json(count: Count) -> str:
    """A period's counts as one line of JSON, with exactly the fields scripts rely on."""
    return json.dumps({"period": count.period, "documents": count.documents, "mentions": count.mentions})


def as_text(count: Count) -> str:
    """A period's counts for people: its name, documents and mentions."""
    return f"{count.period or UNDATED:<10} {count.documents:>9,} {count.mentions:>9,}"


def lines(found: Timeline, in_json: bool) -> list[str]:
    """What the command prints: a line per period, then the undated documents' if there are any
    (and, for people, a heading saying what the mentions are)."""
    counts = [*found.counts, *([found.undated] if found.undated.documents else [])]
    if in_json:
        return [as_json(count) for count in counts]
    heading = f"{'period':<10} {'documents':>9} {'mentions':>9}  ({found.measure.value})"
    return [heading, *map(as_text, counts)] if counts else []


def main(args: list[str], cache_folder: Path) -> int:
    """Run `seedview timeline ARGS`; returns the exit code."""
    options = parser().parse_args(args)

    def body(say: Speaker) -> int:
        query = query_of(options.query)
        run = up_to_date_store(options.path, cache_folder, say, options.processes, options.dask)
        try:
            with_corrections(run.store, say)
            found = timeline(run.store, query, Period(options.by) if options.by else None)
        finally:
            run.store.close()
        utf8_stdout()
        for line in lines(found, options.json):
            print(line)
        if not found.documents:
            say(f"no document of {run.summary.documents:,} matches {options.query}")
        return EXIT_OK

    return run_guarded("timeline", body)
