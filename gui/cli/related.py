"""`seedview related PATH ENTITY`: the entities that share documents with an entity, best
associated first (or most shared documents first), from the corpus's store (brought up to date
first): a table for people, or JSON Lines."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from gui.cli.corrections import with_corrections
from gui.cli.options import EXIT_OK, EXIT_USAGE, positive_int
from gui.cli.store_command import (
    CommandError,
    Speaker,
    add_engine_options,
    run_guarded,
    up_to_date_store,
    utf8_stdout,
)
from gui.core.insight.connections import Connection, Order, close_names, connections, is_entity

SCORE_DIGITS = 4  # in the JSON output


def parser() -> argparse.ArgumentParser:
    """The command's options."""
    made = argparse.ArgumentParser(
        prog="seedview related",
        description="List the entities mentioned in the documents that mention an entity (by any of "
        "its names), with how many documents they share and an association score: shared × log2 of "
        "how many times more often they share documents than chance would have them, so that "
        "entities found everywhere do not come first.",
    )
    made.add_argument("path", type=Path, help="folder, .txt file or .jsonl file")
    made.add_argument("entity", help='an entity\'s name, as in: "Tony Blair" (quote it for the shell)')
    made.add_argument("--top", type=positive_int, default=20, metavar="N",
                      help="show at most N entities (default: 20)")
    made.add_argument("--by", choices=[order.value for order in Order], default=Order.SCORE.value,
                      help="best first by association score (the default) or by shared documents")
    made.add_argument("--json", action="store_true",
                      help='one JSON object per entity: {"name", "label", "aliases", "documents", '
                      '"score"}, documents being the documents it shares with ENTITY')
    add_engine_options(made)
    return made


def as_json(connection: Connection) -> str:
    """A related entity as one line of JSON, with exactly the fields scripts rely on."""
    entity = connection.entity
    return json.dumps({
        "name": entity.name,
        "label": entity.label,
        "aliases": list(entity.aliases),
        "documents": connection.shared,
        "score": round(connection.score, SCORE_DIGITS),
    }, ensure_ascii=False)


def as_text(connection: Connection) -> str:
    """A related entity for people: shared documents, score, label, name and its other names."""
    entity = connection.entity
    others = [alias for alias in entity.aliases if alias != entity.name]
    also = f"  (also {', '.join(others)})" if others else ""
    return f"{connection.shared:>8,} {connection.score:>9.2f}  {entity.label:<12} {entity.name}{also}"


def main(args: list[str], cache_folder: Path) -> int:
    """Run `seedview related ARGS`; returns the exit code."""
    options = parser().parse_args(args)

    def body(say: Speaker) -> int:
        if not options.entity.strip():
            say('Give the name of an entity, as in: seedview related PATH "Tony Blair"')
            return EXIT_USAGE
        run = up_to_date_store(options.path, cache_folder, say, options.processes, options.dask)
        try:
            with_corrections(run.store, say)
            found = connections(run.store, options.entity, options.top, Order(options.by))
            if not found and not is_entity(run.store, options.entity):
                close = " or ".join(f"“{name}”" for name in close_names(run.store, options.entity))
                raise CommandError(f"no entity is named {options.entity}"
                                   + (f"; did you mean {close}?" if close else ""))
        finally:
            run.store.close()
        utf8_stdout()
        if not options.json and found:
            print(f"{'shared':>8} {'score':>9}  {'label':<12} name")
        for connection in found:
            print(as_json(connection) if options.json else as_text(connection))
        if not found:
            say(f"no entity of {run.summary.documents:,} documents shares one with {options.entity}")
        return EXIT_OK

    return run_guarded("related", body)
