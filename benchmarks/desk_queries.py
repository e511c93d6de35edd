"""The reader's desk (issue 17), each figure against a baseline from the same run.

On a store of 100,000 generated briefs (10,000 with --quick) written through the store's own
insert_document, a fifth of them read, one in twenty starred, one in fifty tagged: the query
language's desk filters (search, best 100) against a date: filter that keeps about as many
documents (alone, and after a word), the reading progress of a query against counting its
documents, and the window's progress count over every listed id against building a set of them.
Written in a temporary folder, removed after.
Run: `.venv/bin/python benchmarks/desk_queries.py [--quick]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a file: find `benchmarks`

from benchmarks.english_text import ArticleWriter
from benchmarks.table import Row, measured, median_time, print_table, run_count
from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_desk import reading_progress
from gui.core.corpus.store_query import predicate, search
from gui.core.corpus.store_writes import insert_document
from gui.core.model.document import Document, Entity, Source
from gui.core.search.query import parse_query

DOCUMENTS = 100_000
QUICK_DOCUMENTS = 10_000
RUNS = 7




def build(folder: Path, count: int) -> CorpusStore:
    """A store of `count` briefs with their desk's marks, in `folder`."""
    store = CorpusStore.for_corpus(folder / "cache", folder / "corpus", desk_folder=folder / "data")
    writer = ArticleWriter(17)
    chance = random.Random(17)
    db = store.db
    db.execute("BEGIN")
    for number in range(count):
        body = writer.short_body(3) + " Tripoli said so."
        start = body.index("Tripoli")
        date = dt.date(2015, 1, 1) + dt.timedelta(days=chance.randrange(6 * 365))
        document = Document(Path(f"doc{number:07d}.txt"), f"doc{number:07d}", date, body,
                            (Entity(start, start + 7, "GPE"),), entity_source=Source.BRAT)
        insert_document(db, (f"doc{number:07d}.txt".encode(), -1), (1, 1, -1, -1), document)
    db.execute("COMMIT")
    db.execute("BEGIN")
    for number in range(count):
        key = (f"doc{number:07d}.txt".encode(), f"doc{number:07d}")
        read_at = "2026-01-01T00:00:00+00:00" if number % 5 == 0 else None
        if read_at or number % 20 == 3:
            db.execute("INSERT INTO desk.documents (name, doc_id, read_at, starred) VALUES (?, ?, ?, ?)",
                       (*key, read_at, int(number % 20 == 3)))
        if number % 50 == 7:
            db.execute("INSERT INTO desk.tags (name, doc_id, tag) VALUES (?, ?, 'libya')", key)
    db.execute("COMMIT")
    return store


def main(quick: bool = False) -> list[Row]:
    """Build the store, measure, and return the rows."""
    count = QUICK_DOCUMENTS if quick else DOCUMENTS
    runs = max(run_count(quick), RUNS if not quick else 3)
    scale = f"{count:,} briefs"
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="seedview-desk-bench-") as scratch:
        store = build(Path(scratch), count)
        try:
            def best(text: str) -> Callable[[], object]:
                query = parse_query(text)
                return lambda: search(store, query, limit=100)

            # Each against a date: filter that keeps about as many documents (the dates are spread
            # evenly over six years): what a search costs grows with what it keeps. A desk filter
            # joins the desk's rows to the store's documents, so it may cost a few times as much.
            for text, like in (("is:starred", "date:2017-01..2017-03"), ("tag:libya", "date:2017-01"),
                               ("is:unread", "date:2015-03..2019-12"), ("is:read", "date:2017..2018-02"),
                               ("is:read date:2017", "date:2017-01..2017-03"),
                               ("tripoli is:unread", "tripoli date:2015-03..2019-12")):
                rows.append(measured(f"search {text} ({scale})", median_time(best(text), runs),
                                     baseline=median_time(best(like), runs), max_ratio=2.5,
                                     note=f"baseline: {like}"))
            query = parse_query("tripoli")
            where, parameters = predicate(query)
            counted = median_time(lambda: store.db.execute(
                f"SELECT count(*) FROM documents d WHERE {where}", parameters).fetchone(), runs)
            rows.append(measured(f"reading progress of tripoli ({scale})",
                                 median_time(lambda: reading_progress(store, query), runs), baseline=counted,
                                 limit=0.5, note="baseline: counting its documents"))
        finally:
            store.close()
    ids = [f"doc{number:07d}" for number in range(count)]
    read = {doc_id for number, doc_id in enumerate(ids) if number % 5 == 0}
    listed = set(ids)
    rows.append(measured(f"the window's progress count ({scale})",
                         median_time(lambda: len(read & listed), runs),
                         baseline=median_time(lambda: set(ids), runs), limit=0.016,
                         note="baseline: a set of every id (made once per listing)"))
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_DOCUMENTS:,} briefs, fewer runs")
    arguments = parser.parse_args()
    print_table("The reader's desk (issue 17)", main(quick=arguments.quick))
