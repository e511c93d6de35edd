"""An extra: the entity panel's answer on a resolved (and corrected) corpus store (issue 15): what
the store says of one document's texts (insight.document_entities, in the store's thread) and the
grouping of its mentions by it (session.final_groups.document_rows, on the UI thread), for a
sample of documents and for those with the most mentions, against a baseline from the same run:
reading the document's mentions alone (what any answer about them costs).

The store is opened read-only (it may be another run's, of an older schema that opening it as a
CorpusStore would rebuild): nothing is written.
Run: `.venv/bin/python benchmarks/entity_panel.py STORE [--documents N] [--quick]`
(STORE: a store's .sqlite3, e.g. one `seedview` left in its cache folder for a 100,000-document
folder, resolved and corrected).
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import sys
import time
from pathlib import Path
from typing import cast

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a file: find `benchmarks`

from benchmarks.table import measured, print_table, worst
from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_schema import StoreConnection, register_functions
from gui.core.engine.cache import text_key
from gui.core.insight.document_entities import document_entities
from gui.core.model.document import Entity
from gui.core.session.final_groups import document_rows

LIMIT_S = 0.100  # the panel's answer, the store's part and the UI thread's together


class _ReadOnlyStore:
    """The part of a CorpusStore the question reads: its connection (read-only here)."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(
            f"file:{path}?mode=ro", uri=True, isolation_level=None, factory=StoreConnection
        )
        register_functions(self.db)  # the views unpack the bodies with them


def _mentions(db: sqlite3.Connection, row: int) -> tuple[str, list[Entity]]:
    (body,) = db.execute("SELECT body FROM plain_texts WHERE id = ?", (row,)).fetchone()
    spans = [Entity(start, end, label) for start, end, label in db.execute(
        'SELECT start, "end", label FROM mentions WHERE document = ? ORDER BY seq', (row,))]
    return body, spans


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--documents", type=int, default=200,
                        help="documents sampled (and 20 of the most mentions)")
    parser.add_argument("--quick", action="store_true")
    options = parser.parse_args()
    store = _ReadOnlyStore(options.store)
    db = store.db
    count = 40 if options.quick else options.documents
    (total,) = db.execute("SELECT count(*) FROM documents").fetchone()
    ids = [row for (row,) in db.execute("SELECT id FROM documents")]
    sample = random.Random(15).sample(ids, min(count, len(ids)))
    biggest = [row for (row,) in db.execute(
        "SELECT document FROM document_entities ORDER BY mentions DESC LIMIT 20")]
    rows = []
    for name, chosen in (("sampled", sample), ("most mentions", biggest)):
        baseline, asked, grouped, together, mentions = [], [], [], [], []
        for row in chosen:
            key_row = db.execute("SELECT name, doc_id FROM documents WHERE id = ?", (row,)).fetchone()
            key = (bytes(key_row[0]), str(key_row[1]))
            started = time.perf_counter()
            body, spans = _mentions(db, row)
            baseline.append(time.perf_counter() - started)
            texts = {body[span.start : span.end] for span in spans}
            started = time.perf_counter()
            answer = document_entities(cast(CorpusStore, store), key, texts)
            asked.append(time.perf_counter() - started)
            labels = {(span.start, span.end): span.label for span in spans}
            digest = text_key(body)
            started = time.perf_counter()
            found = document_rows(body, spans, answer, None, key, digest, labels)
            grouped.append(time.perf_counter() - started)
            assert answer.known and sum(entity.group.count for entity in found) == len(spans)
            together.append(asked[-1] + grouped[-1])
            mentions.append(len(spans))
        note = f"{len(chosen)} documents of {total:,}, {min(mentions)}-{max(mentions)} mentions"
        rows += [
            measured(f"{name}: the store's answer (median)", sorted(asked)[len(asked) // 2],
                     baseline=sorted(baseline)[len(baseline) // 2], note=note),
            measured(f"{name}: the store's answer (worst)", worst(asked), baseline=worst(baseline)),
            measured(f"{name}: grouping on the UI thread (worst)", worst(grouped)),
            measured(f"{name}: answer and grouping (worst)", worst(together), limit=LIMIT_S),
        ]
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print_table(f"The entity panel's answer ({options.store.name}; load average {load})", rows)
    return 0 if all(row.passed is not False for row in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
