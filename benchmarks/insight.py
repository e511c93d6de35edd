"""An extra: insight into a corpus store (issue 16) on 100,000 generated dated documents with
about 25 entity mentions each, over a Zipf-like distribution of 20,000 entities
(the most mentioned in about a quarter of the documents).

The store is written directly through its public write function (no files, no engine). Each
figure against a baseline from the same run: the timeline and the connections of an entity
against a bare count of its documents; the network of the top 100 entities (query and layout)
against a bare count of those entities' document rows.
Run: `.venv/bin/python benchmarks/insight.py [--quick] [--documents N]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a file: find `benchmarks`

from benchmarks.table import Row, measured, median, print_table, run_count
from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_writes import insert_document
from gui.core.insight.connections import connections
from gui.core.insight.network import network, spring_layout
from gui.core.insight.timeline import timeline
from gui.core.model.document import Document, Entity, Source
from gui.core.search.query import EntityFilter, parse_query

DOCUMENTS = 100_000
ENTITIES = 20_000
MENTIONS = (20, 30)  # per document
LABELS = ("PERSON", "ORG", "GPE", "NORP", "DATE", "CARDINAL")
FIRST_DAY = dt.date(2015, 1, 1)
DAYS = 6 * 365
UNDATED_SHARE = 0.03
BATCH = 2_000
TOP = 100
# Zipf-Mandelbrot: the weight of rank r is 1 / (r + ZIPF_SHIFT); the shift flattens the head, so
# that the most mentioned entity is in about a quarter of the documents, as "US" is in the news.
ZIPF_SHIFT = 10
# The entities timed: the most mentioned (the worst case) and a typical one of the top hundred.
RANKS = (0, 50)


def entity_name(rank: int) -> str:
    """A one-word name per entity, so that every mention of it is grouped as one."""
    return f"Entity{rank:05d}"


def generate_document(number: int, chance: random.Random, weights: list[float]) -> Document:
    """A document whose body is its mentions' names between filler words, each one an entity."""
    count = chance.randint(*MENTIONS)
    ranks = chance.choices(range(ENTITIES), cum_weights=weights, k=count)
    words: list[str] = []
    entities: list[Entity] = []
    at = 0
    for rank in ranks:
        filler = "the report said that"
        name = entity_name(rank)
        start = at + len(filler) + 1
        entities.append(Entity(start, start + len(name), LABELS[rank % len(LABELS)]))
        words += [filler, name]
        at = start + len(name) + 1
    body = " ".join(words) + "."
    date = None if chance.random() < UNDATED_SHARE else FIRST_DAY + dt.timedelta(days=chance.randrange(DAYS))
    return Document(Path(f"doc{number:06d}.txt"), f"doc{number:06d}", date, body, tuple(entities),
                    entity_source=Source.BRAT)


def write_store(folder: Path, documents: int) -> CorpusStore:
    """A store of `documents` generated documents, in batched transactions."""
    folder.mkdir(parents=True, exist_ok=True)
    store = CorpusStore(folder / "store.sqlite3", folder)
    chance = random.Random(16)
    weights = list(itertools.accumulate(1 / (rank + ZIPF_SHIFT) for rank in range(ENTITIES)))
    for first in range(0, documents, BATCH):
        store.db.execute("BEGIN IMMEDIATE")
        for number in range(first, min(first + BATCH, documents)):
            document = generate_document(number, chance, weights)
            insert_document(store.db, (document.path.name.encode(), -1), (0, 0, -1, -1), document)
        store.db.execute("COMMIT")
    store.db.execute("ANALYZE")
    return store


def median_seconds(work: Callable[[], object], runs: int) -> float:
    """The median wall time of `runs` calls, after one untimed call to warm the page cache."""
    work()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return median(times)


def entity_documents(store: CorpusStore, name: str) -> int:
    """The baseline: a bare count of an entity's documents."""
    return int(store.db.execute(
        "SELECT count(*) FROM entity_documents"
        " WHERE entity IN (SELECT entity FROM aliases WHERE alias_key = ?)", [name.casefold()],
    ).fetchone()[0])


def top_rows(store: CorpusStore) -> int:
    """The baseline of the network: a bare count of the top entities' document rows."""
    return int(store.db.execute(
        "SELECT count(*) FROM entity_documents WHERE entity IN"
        " (SELECT id FROM entities ORDER BY documents DESC LIMIT ?)", [TOP]
    ).fetchone()[0])


def main(quick: bool = False, documents: int = DOCUMENTS) -> list[Row]:
    """Build the store, time the timelines, connections and networks; return the rows."""
    runs = run_count(quick)
    with tempfile.TemporaryDirectory(prefix="seedview-insight-bench-") as scratch:
        started = time.perf_counter()
        store = write_store(Path(scratch) / "corpus", documents)
        built = time.perf_counter() - started
        mentions, distinct = store.db.execute(
            "SELECT count(*), count(DISTINCT entity) FROM mentions").fetchone()
        corpus = (f"{documents:,} documents, {mentions:,} mentions of {distinct:,} entities, "
                  f"written in {built:.0f} s")
        rows: list[Row] = []
        for rank in RANKS:
            name = entity_name(rank)
            count = entity_documents(store, name)
            baseline = median_seconds(partial(entity_documents, store, name), runs)
            rows.append(measured(
                f"timeline of entity:{name} ({count:,} documents)",
                median_seconds(partial(timeline, store, EntityFilter(name)), runs),
                baseline=baseline, limit=0.100,
                note=(corpus + "; " if rank == 0 else "") + "baseline: SELECT count(*) of its documents",
            ))
            rows.append(measured(
                f"connections of {name}, top 20 by score",
                median_seconds(partial(connections, store, name), runs),
                baseline=baseline, limit=0.200,
                note=f"{len(connections(store, name, top=None)):,} entities share its documents",
            ))
        baseline = median_seconds(partial(top_rows, store), runs)
        picture = network(store, None, TOP)
        sizes = [node.documents for node in picture.nodes]
        rows.append(measured(
            f"network of the top {TOP} entities (query and layout)",
            median_seconds(partial(network, store, None, TOP), runs), baseline=baseline, limit=0.300,
            note=f"{len(picture.edges):,} edges; baseline: SELECT count(*) of their {top_rows(store):,} "
            "document rows; the target is from query to painted",
        ))
        rows.append(measured(
            f"  of which the layout ({TOP} nodes)",
            median_seconds(partial(spring_layout, sizes, list(picture.edges)), runs),
        ))
        rows.append(measured(
            f"network of the top {TOP} entities of date:2019",
            median_seconds(partial(network, store, parse_query("date:2019"), TOP), runs), limit=0.300,
        ))
        store.close()
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--documents", type=int, default=DOCUMENTS)
    options = parser.parse_args()
    print_table("Corpus insight (issue 16)", main(options.quick, options.documents))
