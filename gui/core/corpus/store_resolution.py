"""The corpus store's resolution layer (issue 15): every mention of the corpus joined to one
real-world entity by gui/core/entities/resolution.py, kept in the `resolved*` tables beside the
per-document entities.

The per-document entities are kept up to date document by document as the store takes documents;
the resolution cannot be (a document may change what "Mr Blair" means in every other), so it is
rewritten whole by `resolve_store`, in one transaction, from a snapshot of the mentions. The fact
RESOLUTION_FACT says the tables match the mentions: a trigger of the schema forgets it whenever
a document is added, removed or given its entities, and readers then fall back on the
per-document entities (store_query) until it runs again.

The desk's entity corrections are applied over each new resolution, in its transaction
(store_corrections): they never need one of their own.

Who runs it: `seedview entities` before it lists (when stale), and the window's store link in its
upkeep thread after an update and, at most every few seconds, after the engine's fills. The
window's runs in a worker process that steps back in the CPU scheduler's eyes
(BACKGROUND_NICENESS): a minute of a core's work at 100,000 documents, during which a Ctrl+E
otherwise waited for a core up to three times as long as it took.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from itertools import groupby
from operator import itemgetter
from pathlib import Path

from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_corrections import apply_corrections
from gui.core.corpus.store_schema import RESOLUTION_FACT, plain_body
from gui.core.entities.resolution import Resolution, collector_paused, resolve

_CHUNK = 500  # ids per IN (...): below SQLite's limit on bound parameters
_DOC = itemgetter(0)
_TABLES = ("resolved", "resolved_aliases", "resolved_texts", "resolved_exceptions", "resolved_documents")
# A mention's resolved entity: where its text means another in its document, else its text's.
RESOLVED_OF_MENTION = (
    "coalesce((SELECT x.resolved FROM resolved_exceptions x WHERE x.document = m.document"
    " AND x.text = m.text), (SELECT t.resolved FROM resolved_texts t WHERE t.text = m.text))"
)


def resolve_store_apart(path: Path, corpus: Path, desk_folder: Path | None = None) -> bool:
    """`resolve_store` on the store file at `path` (of `corpus`, its desk in `desk_folder`), with
    a connection of its own: what a worker process runs, so that the resolution's memory and time
    are not the window's."""
    store = CorpusStore(path, corpus, desk_folder=desk_folder)
    try:
        return not store.in_memory and resolve_store(store)
    finally:
        store.close()


def resolve_in_worker(store: CorpusStore) -> bool:
    """`resolve_store` in a worker process of its own (a store in memory: here), which ends with
    it and yields the CPU to the window's threads (BACKGROUND_NICENESS); True if the resolution is
    current afterwards."""
    if store.path is None or store.in_memory:
        return resolve_store(store)
    from gui.core.model.worker_processes import BACKGROUND_NICENESS, process_pool, start_worker_process

    pool = process_pool(1, start_worker_process, (BACKGROUND_NICENESS,))
    try:
        return bool(pool.submit(resolve_store_apart, store.path, store.corpus, store.desk_folder).result())
    finally:
        pool.shutdown(wait=True)


def resolution_current(store: CorpusStore) -> bool:
    """Whether the resolution tables match the store's mentions."""
    found = store.db.execute("SELECT 1 FROM facts WHERE name = ?", (RESOLUTION_FACT,)).fetchone()
    return found is not None


def resolve_store(store: CorpusStore) -> bool:
    """Resolve the corpus's entities from its mentions and rewrite the resolution tables; True if
    they are current afterwards. False, leaving them as they were, when another connection wrote
    documents meanwhile (the resolution read is already stale): run it again later."""
    db = store.db
    db.execute("BEGIN")  # a read snapshot: what is resolved is what is written over
    try:
        if resolution_current(store):
            db.execute("COMMIT")
            return True
        with collector_paused():  # millions of rows, none in a cycle: see collector_paused
            rows = mention_texts(db)
            resolution = resolve(rows)
            try:
                _write(db, resolution, rows)
                apply_corrections(store, anew=True)  # the desk's corrections, over the new resolution
            except sqlite3.OperationalError:
                # Another connection wrote since the snapshot (SQLITE_BUSY_SNAPSHOT), or holds the lock.
                db.execute("ROLLBACK")
                return False
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    return True


def mention_texts(db: sqlite3.Connection) -> list[tuple[int, str, str, int]]:
    """How many times each document mentions each (text, label), by document: what the resolution
    reads."""
    labels = dict(db.execute("SELECT id, label FROM entities"))
    # The spans in their own order (by document), each document's first with its body: a body is
    # read and unpacked once, not once per mention (its SQL's substr would, or the mentions
    # view, given a body each time). Counted here (Counter, in C): a GROUP BY would sort every
    # mention's text, which the store does not keep (it is the body's). A text of a document has one
    # entity per label there (its mentions are grouped by text and label), so (document, text,
    # entity) counts (document, text, label); were there two, their two rows would be added up
    # by the resolution, as rows given twice are.
    rows = db.execute(
        'SELECT m.document, m.start, m."end", m.entity, CASE WHEN m.seq = 0 THEN t.body END'
        " FROM mention_spans m JOIN texts t ON t.id = m.document ORDER BY m.document, m.seq")

    def texts() -> Iterator[tuple[int, str, int]]:
        current, body = None, ""
        for document, start, end, entity, stored in rows:
            if document != current:
                if stored is None:  # spans numbered from 0 (store_writes) never lack it
                    (stored,) = db.execute("SELECT body FROM texts WHERE id = ?", (document,)).fetchone()
                current, body = document, plain_body(stored)
            yield document, body[start:end], entity

    counted = Counter(texts())
    return [(document, text, labels[entity], count) for (document, text, entity), count in counted.items()]


def _write(db: sqlite3.Connection, resolution: Resolution, rows: Sequence[tuple[int, str, str, int]]) -> None:
    """Rewrite the resolution tables (in the caller's transaction); entity i is row id i + 1."""
    for table in _TABLES:
        db.execute(f"DELETE FROM {table}")
    entities = resolution.entities
    db.executemany(
        "INSERT INTO resolved VALUES (?, ?, ?, ?, ?, ?, ?)",
        ((i + 1, e.key, e.name, e.label, json.dumps(e.label_counts), e.mentions, e.documents)
         for i, e in enumerate(entities)))
    db.executemany(
        "INSERT INTO resolved_aliases VALUES (?, ?, ?, ?, ?, ?)",
        ((i + 1, a.text, a.key, a.why, a.mentions, a.documents)
         for i, e in enumerate(entities) for a in e.aliases))
    db.executemany("INSERT INTO resolved_texts VALUES (?, ?)",
                   ((text, i + 1) for text, i in resolution.by_text.items()))
    db.executemany("INSERT INTO resolved_exceptions VALUES (?, ?, ?)",
                   ((doc, text, i + 1) for (doc, text), i in resolution.by_mention.items()))
    db.executemany("INSERT INTO resolved_documents VALUES (?, ?, ?)",
                   ((i + 1, doc, count) for (i, doc), count in _document_counts(resolution, rows).items()))
    db.execute("INSERT OR REPLACE INTO facts VALUES (?, ?)", (RESOLUTION_FACT, str(len(entities))))


def _document_counts(
    resolution: Resolution, rows: Iterable[tuple[int, str, str, int]]
) -> dict[tuple[int, int], int]:
    """How many mentions of each entity (by position) each document has."""
    by_text = resolution.by_text
    moved: dict[object, dict[str, int]] = {}  # document -> its texts that mean another entity there
    for (doc, text), i in resolution.by_mention.items():
        moved.setdefault(doc, {})[text] = i
    counts: dict[tuple[int, int], int] = {}
    get = counts.get
    for doc, run in groupby(rows, _DOC):
        here = moved.get(doc)
        if here is None:
            for _, text, _label, count in run:
                pair = (by_text[text], doc)
                counts[pair] = get(pair, 0) + count
        else:
            for _, text, _label, count in run:
                found = here.get(text)
                pair = (by_text[text] if found is None else found, doc)
                counts[pair] = get(pair, 0) + count
    return counts


def resolved_ids(store: CorpusStore, key: str) -> list[int]:
    """The resolved entities a looked-up name means: the one whose canonical key it is, else every
    one with an alias of that key (a bare "blair" may be Tony's in some documents, Cherie's in
    others); as the desk's corrections leave them (the final_* views)."""
    own = [row for (row,) in store.db.execute("SELECT id FROM final_entities WHERE key = ?", (key,))]
    if own:
        return own
    return [row for (row,) in store.db.execute(
        "SELECT DISTINCT resolved FROM final_aliases WHERE alias_key = ? ORDER BY resolved", (key,))]


def final_documents_of(store: CorpusStore, ids: Sequence[int]) -> tuple[str, list[object]]:
    """SQL selecting (resolved, document, mentions) of these final entities, the rows and order
    the final_documents view gives for `resolved IN (ids)`, and its parameters: the resolution's
    rows of the entities no correction touched, then the corrected rows (each part only if it
    has some). The view tests each of its rows against corrected_pieces (a probe per row, in a
    co-routine): for an entity in most documents, a third of Ctrl+E's SQL; here the touched
    entities are looked up once."""
    marks = ",".join("?" * len(ids))
    touched = {row for (row,) in store.db.execute(
        f"SELECT DISTINCT resolved FROM corrected_pieces WHERE resolved IN ({marks})", list(ids))}
    untouched = [row for row in ids if row not in touched]
    corrected = f"SELECT resolved, document, mentions FROM corrected_documents WHERE resolved IN ({marks})"
    if not untouched:
        return corrected, list(ids)
    resolution = (f"SELECT resolved, document, mentions FROM resolved_documents WHERE resolved IN"
                  f" ({','.join('?' * len(untouched))})")
    if store.db.execute(f"SELECT 1 FROM ({corrected}) LIMIT 1", list(ids)).fetchone():
        return f"{resolution} UNION ALL {corrected}", [*untouched, *ids]
    return resolution, [*untouched]  # one table: no co-routine between it and the caller's query


def alias_rows(store: CorpusStore, ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """The aliases of resolved entities, (text, why), most mentions first, by entity id."""
    found: dict[int, list[tuple[str, str]]] = {}
    for first in range(0, len(ids), _CHUNK):
        chunk = ids[first : first + _CHUNK]
        marks = ",".join("?" * len(chunk))
        for entity, alias, why in store.db.execute(
            f"SELECT resolved, alias, why FROM final_aliases WHERE resolved IN ({marks})"
            " ORDER BY resolved, mentions DESC, alias", chunk
        ):
            found.setdefault(entity, []).append((alias, why))
    return found


def label_counts(text: str) -> tuple[tuple[str, int], ...]:
    """A resolved entity's label counts, from their JSON column."""
    return tuple((str(label), int(count)) for label, count in json.loads(text))
