"""`seedview search PATH QUERY`: the documents matching a query, best first, from the corpus's
store (brought up to date first): one line per document and its snippets, or JSON Lines."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from gui.cli.corrections import with_corrections
from gui.cli.options import EXIT_OK, positive_int
from gui.cli.store_command import (
    STALENESS,
    Speaker,
    add_engine_options,
    query_of,
    run_guarded,
    shown_path,
    up_to_date_store,
    utf8_stdout,
)
from gui.core.corpus.store_query import DocumentMatch, search

SNIPPETS_SHOWN = 3  # per document, in the text output


def parser() -> argparse.ArgumentParser:
    """The command's options."""
    made = argparse.ArgumentParser(
        prog="seedview search",
        description="Search a corpus's text and entities. QUERY: words (all must match), \"exact "
        "phrases\", OR, -word or NOT word, prefix*, entity:\"Tony Blair\" (any of its names), "
        "type:PERSON, date:2019-11 or date:2019-11-01..2019-12-31. " + STALENESS,
    )
    made.add_argument("path", type=Path, help="folder, .txt file or .jsonl file")
    made.add_argument("query", help="what to search for (quote it for the shell)")
    made.add_argument("--limit", type=positive_int, default=20, metavar="N",
                      help="show at most N documents (default: 20)")
    made.add_argument("--json", action="store_true",
                      help='one JSON object per document: {"path", "id", "title", "date", "hits"}')
    add_engine_options(made)
    return made


def as_json(match: DocumentMatch) -> str:
    """A match as one line of JSON, with exactly the fields scripts rely on."""
    return json.dumps({
        "path": shown_path(match.path),
        "id": match.id,
        "title": match.title,
        "date": match.date,
        "hits": [{"start": hit.start, "end": hit.end, "snippet": hit.snippet} for hit in match.hits],
    }, ensure_ascii=False)


def as_text(match: DocumentMatch) -> str:
    """A match for people: its name, title and hit count, then a few snippets."""
    count = len(match.hits)
    hits = f"{count:,} hit{'' if count == 1 else 's'}"
    lines = [f"{shown_path(Path(match.path.name))}  {match.title}  ({hits})"]
    lines += [f"    {hit.snippet}" for hit in match.hits[:SNIPPETS_SHOWN]]
    if count > SNIPPETS_SHOWN:
        lines.append(f"    … {count - SNIPPETS_SHOWN:,} more")
    return "\n".join(lines)


def dashed_query(args: list[str]) -> str | None:
    """What to tell of an argument that argparse would take for an unknown option, not the query
    ("-Libya": the query language's NOT; the command's only option of one dash is -h); None if
    there is none (or it comes after `--`)."""
    plain = 0  # the arguments before it that are not options: the path, then the query
    for number, arg in enumerate(args):
        if arg == "--":
            return None
        if arg.startswith("-") and not arg.startswith("--") and arg not in ("-", "-h"):
            if arg[1:].replace(".", "", 1).isdigit():  # a negative number: an option's value
                continue
            if plain >= 2:
                return (f"{arg} is read as an option: quote the whole query, as in: "
                        f"seedview search PATH \"{args[number - 1]} {arg}\"")
            return (f"the query {arg} starts with '-', which is read as an option: put -- before it, "
                    f"as in: seedview search PATH -- {arg}")
        if not arg.startswith("-") and (number == 0 or args[number - 1] not in _VALUED):
            plain += 1
    return None


_VALUED = ("--limit", "--processes", "--dask")  # the options that take a value


def main(args: list[str], cache_folder: Path) -> int:
    """Run `seedview search ARGS`; returns the exit code."""
    made = parser()
    dashed = dashed_query(args)
    if dashed is not None:
        made.error(dashed)
    options = made.parse_args(args)

    def body(say: Speaker) -> int:
        query = query_of(options.query)
        run = up_to_date_store(options.path, cache_folder, say, options.processes, options.dask,
                               trust_folder_stamp=True)
        try:
            with_corrections(run.store, say)
            matches = search(run.store, query, options.limit)
        finally:
            run.store.close()
        utf8_stdout()
        for match in matches:
            print(as_json(match) if options.json else as_text(match))
        if not matches and not options.json:
            say(f"no document of {run.summary.documents:,} matches {options.query}")
        return EXIT_OK

    return run_guarded("search", body)
