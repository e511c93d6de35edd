"""`seedview entities PATH`: the corpus's entities, most documents first, from its store (brought
up to date first): a table for people, or JSON Lines."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from gui.cli.options import EXIT_OK, positive_int
from gui.cli.store_command import (
    STALENESS,
    Speaker,
    add_engine_options,
    run_guarded,
    up_to_date_store,
    utf8_stdout,
)
from gui.core.corpus.store_query import CorpusEntity, entities


def parser() -> argparse.ArgumentParser:
    """The command's options."""
    made = argparse.ArgumentParser(
        prog="seedview entities",
        description="List a corpus's entities (people, organisations, places...), each once with every "
        "name it is mentioned by, most documents first. " + STALENESS,
    )
    made.add_argument("path", type=Path, help="folder, .txt file or .jsonl file")
    made.add_argument("--label", metavar="LABEL", help="only entities of this type (PERSON, ORG, GPE...)")
    made.add_argument("--top", type=positive_int, metavar="N", help="only the N mentioned in most documents")
    made.add_argument("--json", action="store_true",
                      help='one JSON object per entity: '
                      '{"name", "label", "aliases", "mentions", "documents"}')
    add_engine_options(made)
    return made


def as_json(entity: CorpusEntity) -> str:
    """An entity as one line of JSON, with exactly the fields scripts rely on."""
    return json.dumps({
        "name": entity.name,
        "label": entity.label,
        "aliases": list(entity.aliases),
        "mentions": entity.mentions,
        "documents": entity.documents,
    }, ensure_ascii=False)


def as_text(entity: CorpusEntity) -> str:
    """An entity for people: documents, mentions, label, name and its other names."""
    others = [alias for alias in entity.aliases if alias != entity.name]
    also = f"  (also {', '.join(others)})" if others else ""
    return f"{entity.documents:>8,} {entity.mentions:>9,}  {entity.label:<12} {entity.name}{also}"


def main(args: list[str], cache_folder: Path) -> int:
    """Run `seedview entities ARGS`; returns the exit code."""
    options = parser().parse_args(args)

    def body(say: Speaker) -> int:
        run = up_to_date_store(options.path, cache_folder, say, options.processes, options.dask,
                               trust_folder_stamp=True)
        try:
            found = entities(run.store, options.label, options.top)
        finally:
            run.store.close()
        utf8_stdout()
        if not options.json and found:
            print(f"{'documents':>8} {'mentions':>9}  {'label':<12} name")
        for entity in found:
            print(as_json(entity) if options.json else as_text(entity))
        return EXIT_OK

    return run_guarded("entities", body)
