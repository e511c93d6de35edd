"""`seedview entities PATH`: the corpus's entities, most documents first, from its store (brought
up to date first, and its entities resolved across the corpus if they are not yet): a table for
people, or JSON Lines."""

from __future__ import annotations

import argparse
import json
import sqlite3
from pathlib import Path

from gui.cli.options import EXIT_OK, positive_int
from gui.cli.store_command import (
    STALENESS,
    CommandError,
    Speaker,
    add_engine_options,
    run_guarded,
    up_to_date_store,
    utf8_stdout,
)
from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_entities import CorpusEntity, entities, labels
from gui.core.corpus.store_resolution import resolution_current, resolve_store

# A store of this many documents takes a while to resolve: the command says it is at it.
SAY_RESOLVING_FROM = 5_000


def parser() -> argparse.ArgumentParser:
    """The command's options."""
    made = argparse.ArgumentParser(
        prog="seedview entities",
        description="List a corpus's entities (people, organisations, places...), each once with every "
        "name it is mentioned by (a person's surname and titled forms with the full name), most documents "
        "first. " + STALENESS,
    )
    made.add_argument("path", type=Path, help="folder, .txt file or .jsonl file")
    made.add_argument("--label", metavar="LABEL", help="only entities of this type (PERSON, ORG, GPE...)")
    made.add_argument("--top", type=positive_int, metavar="N", help="only the N mentioned in most documents")
    made.add_argument("--json", action="store_true",
                      help='one JSON object per entity: {"name", "label", "aliases", "mentions", '
                      '"documents", "why"}; "why" says, for each alias, why it is one of the entity\'s names')
    add_engine_options(made)
    return made


def as_json(entity: CorpusEntity) -> str:
    """An entity as one line of JSON, with exactly the fields scripts rely on, and why each alias
    joined it when the entities are resolved."""
    record: dict[str, object] = {
        "name": entity.name,
        "label": entity.label,
        "aliases": list(entity.aliases),
        "mentions": entity.mentions,
        "documents": entity.documents,
    }
    if entity.why:
        record["why"] = dict(zip(entity.aliases, entity.why, strict=True))
    return json.dumps(record, ensure_ascii=False)


def as_text(entity: CorpusEntity) -> str:
    """An entity for people: documents, mentions, label, name and its other names."""
    others = [alias for alias in entity.aliases if alias != entity.name]
    also = f"  (also {', '.join(others)})" if others else ""
    counts = " · ".join(f"{label} {count}" for label, count in entity.label_counts)
    labels = f"  [{counts}]" if entity.disputed else ""
    return f"{entity.documents:>8,} {entity.mentions:>9,}  {entity.label:<12} {entity.name}{also}{labels}"


def resolved(store: CorpusStore, say: Speaker) -> None:
    """Resolve the store's entities across the corpus unless that is current already."""
    if resolution_current(store):
        return
    documents = store.document_count()
    if documents >= SAY_RESOLVING_FROM:
        say(f"resolving the entities of {documents:,} documents…")
    try:
        current = resolve_store(store)
    except sqlite3.Error as error:
        raise CommandError(
            f"The corpus store {store.path} could not take the resolved entities: {error}.") from error
    if not current:
        say("another program wrote the corpus store meanwhile: entities are listed as each document "
            "groups them; run the command again for the corpus-wide ones")


def main(args: list[str], cache_folder: Path) -> int:
    """Run `seedview entities ARGS`; returns the exit code."""
    options = parser().parse_args(args)

    def body(say: Speaker) -> int:
        run = up_to_date_store(options.path, cache_folder, say, options.processes, options.dask,
                               trust_folder_stamp=True)
        try:
            from gui.cli.corrections import with_corrections  # which imports `resolved` from here

            resolved(run.store, say)
            with_corrections(run.store, say)  # those the desk has and the store has not applied yet
            found = entities(run.store, options.label, options.top)
            if not found and options.label:
                there = labels(run.store)
                raise CommandError(f"no entity has the label {options.label}; " + (
                    f"the labels there are: {', '.join(there)}" if there else "the corpus has no entities"))
        finally:
            run.store.close()
        utf8_stdout()
        if not options.json and found:
            print(f"{'documents':>8} {'mentions':>9}  {'label':<12} name")
        for entity in found:
            print(as_json(entity) if options.json else as_text(entity))
        return EXIT_OK

    return run_guarded("entities", body)
