"""Writing one document into the corpus store, or taking it out: its row, its body and full-text
entry, its mentions, and its share of the corpus entities' counts. The caller holds the
transaction."""

from __future__ import annotations

import os
import sqlite3
import struct
from collections.abc import Sequence

from gui.core.corpus.store_schema import packed_body, plain_body
from gui.core.engine.cache import text_key
from gui.core.entities.mentions import entity_key, group_mentions, normalise_mention
from gui.core.model.display_text import readable
from gui.core.model.document import Document, Entity, make_title
from gui.core.search.fuzzy import fold

ENGINE_SOURCE = "engine"  # entities from the entity cache or the engine, not from a file
PENDING_SOURCE = "pending"  # entities not known yet: the engine has still to find them

# A name's completeness, for the canonical name: more words, then more characters.
_COMPLETENESS = "(length({0}) - length(replace({0}, ' ', ''))) * 10000 + length({0})"
_UPSERT_ENTITY = f"""
INSERT INTO entities (label, key, name, documents, mentions) VALUES (?, ?, ?, 1, ?)
ON CONFLICT (label, key) DO UPDATE SET
    documents = documents + 1,
    mentions = mentions + excluded.mentions,
    name = CASE WHEN {_COMPLETENESS.format('excluded.name')} > {_COMPLETENESS.format('name')}
           THEN excluded.name ELSE name END
"""
_PAIRS = 400  # (label, key) pairs per statement: below SQLite's limit on bound parameters


def storable(text: str) -> str:
    """Text SQLite can hold: a lone surrogate (from a JSON Lines escape) becomes U+FFFD, one code
    point for one, so that offsets stay right."""
    return readable(text)


def entity_ids_blob(ids: Sequence[int]) -> bytes:
    """A document's entity ids as document_entities holds them: little-endian 32-bit integers."""
    return struct.pack(f"<{len(ids)}i", *ids)


def quick_open_names(document: Document, file_name: str) -> str:
    """What quick open matches of a document: "title name" (folded), the title as the corpus
    listing makes it (corpus.entry_fields: the body's first sentence, else the file name; a
    source's own title first, as a JSON Lines listing gives it)."""
    title = storable(document.heading) or make_title(storable(document.body)) or file_name
    return fold(f"{title} {file_name}")


def insert_document(
    db: sqlite3.Connection,
    key: tuple[bytes, int],
    stamp: tuple[int, int, int, int],
    document: Document,
    pending: bool = False,
) -> int:
    """Add a document with its mentions; returns its row id. A `pending` document's entities are
    not known yet (the engine has still to find them): it goes in without mentions, for now."""
    body = storable(document.body)
    source = PENDING_SOURCE if pending else (
        document.entity_source.value if document.entity_source is not None else ENGINE_SOURCE)
    cursor = db.execute(
        "INSERT INTO documents (name, record, doc_id, size, mtime_ns, ann_size, ann_mtime_ns, text_sha256,"
        " date, title, entity_source, notices) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (*key, storable(document.id), *stamp, bytes.fromhex(text_key(document.body)),
         document.date.isoformat() if document.date else None, storable(document.heading) or None, source,
         storable("\n".join(document.notices))),
    )
    row = cursor.lastrowid
    assert row is not None
    db.execute("INSERT INTO texts (id, body) VALUES (?, ?)", (row, packed_body(body)))
    db.execute("INSERT INTO bodies (rowid, body) VALUES (?, ?)", (row, body))
    db.execute("INSERT INTO document_names (id, names) VALUES (?, ?)",
               (row, quick_open_names(document, storable(os.fsdecode(key[0])))))
    if not pending:
        _insert_mentions(db, row, body, document.entities)
    return row


def _insert_mentions(db: sqlite3.Connection, row: int, body: str, entities: Sequence[Entity]) -> None:
    """Write a document's mentions, grouped per entity, and its share of the entities' counts: a
    few statements per document, whatever its number of entities."""
    groups = group_mentions(body, entities)
    if not groups:
        return
    db.executemany(_UPSERT_ENTITY, [(g.label, g.key.name, g.name, len(g.mentions)) for g in groups])
    ids: dict[tuple[str, str], int] = {}
    for first in range(0, len(groups), _PAIRS):  # their ids, read back (executemany returns none)
        chunk = groups[first : first + _PAIRS]
        pairs = ",".join("(?, ?)" for _ in chunk)
        ids.update(((label, key), entity) for entity, label, key in db.execute(
            f"SELECT e.id, e.label, e.key FROM (VALUES {pairs}) AS v"
            " JOIN entities e ON e.label = v.column1 AND e.key = v.column2",
            [part for group in chunk for part in (group.label, group.key.name)]))
    spans: list[tuple[int, int, int]] = []
    shares: list[tuple[int, int, int]] = []
    forms: dict[tuple[int, str], str] = {}
    for group in groups:
        entity = ids[(group.label, group.key.name)]
        shares.append((entity, row, len(group.mentions)))
        for mention in group.mentions:
            spans.append((mention.start, mention.end, entity))
            text = body[mention.start : mention.end]
            form = normalise_mention(text) or " ".join(text.split())
            forms[(entity, form)] = entity_key(group.label, form).name
    db.executemany("INSERT INTO entity_documents VALUES (?, ?, ?)", shares)
    db.execute("INSERT INTO document_entities VALUES (?, ?, ?)",
               (row, entity_ids_blob([entity for entity, _, _ in shares]), len(spans)))
    db.executemany("INSERT OR IGNORE INTO aliases VALUES (?, ?, ?)",
                   [(entity, form, alias_key) for (entity, form), alias_key in forms.items()])
    spans.sort()
    db.executemany("INSERT INTO mention_spans VALUES (?, ?, ?, ?, ?)",
                   [(row, seq, *span) for seq, span in enumerate(spans)])


def _delete_mentions(db: sqlite3.Connection, row: int) -> None:
    """Take a document's mentions out, with its share of the entities' counts."""
    # Its entities are read from its spans (by the document first): entity_documents is keyed by
    # entity, and an index of it by document would be a twentieth of the store.
    shares = db.execute("SELECT entity, count(*) FROM mention_spans WHERE document = ? GROUP BY entity",
                        (row,)).fetchall()
    db.executemany("UPDATE entities SET documents = documents - 1, mentions = mentions - ? WHERE id = ?",
                   [(count, entity) for entity, count in shares])
    db.executemany("DELETE FROM entity_documents WHERE entity = ? AND document = ?",
                   [(entity, row) for entity, _ in shares])
    db.execute("DELETE FROM document_entities WHERE document = ?", (row,))
    db.execute("DELETE FROM mention_spans WHERE document = ?", (row,))


def delete_document(db: sqlite3.Connection, row: int) -> None:
    """Take a document out, with its mentions and its share of the entities' counts."""
    found = db.execute("SELECT body FROM texts WHERE id = ?", (row,)).fetchone()
    if found is not None:
        # An external-content index is told what it indexed, to take exactly that out.
        db.execute("INSERT INTO bodies (bodies, rowid, body) VALUES ('delete', ?, ?)",
                   (row, plain_body(found[0])))
    _delete_mentions(db, row)
    for table, column in (("texts", "id"), ("document_names", "id"), ("documents", "id")):
        db.execute(f"DELETE FROM {table} WHERE {column} = ?", (row,))


def fill_in_entities(db: sqlite3.Connection, doc_id: str, text_hash: str, entities: Sequence[Entity]) -> bool:
    """Give a pending document the entities the engine found for its text (whose hash is
    `text_hash`); False, changing nothing, if the store has no pending document of that id with
    that text (the file changed since, or its entities are known already)."""
    found = db.execute(
        "SELECT d.id, t.body FROM documents d JOIN texts t ON t.id = d.id"
        " WHERE d.doc_id = ? AND d.text_sha256 = ? AND d.entity_source = ?",
        (storable(doc_id), bytes.fromhex(text_hash), PENDING_SOURCE),  # as insert_document wrote it
    ).fetchone()
    if found is None:
        return False
    row, stored = found
    _delete_mentions(db, row)
    _insert_mentions(db, row, plain_body(stored), entities)
    db.execute("UPDATE documents SET entity_source = ? WHERE id = ?", (ENGINE_SOURCE, row))
    return True


def drop_unmentioned_entities(db: sqlite3.Connection) -> None:
    """Remove the entities no document mentions any more, with their aliases."""
    db.execute("DELETE FROM aliases WHERE entity IN (SELECT id FROM entities WHERE documents <= 0)")
    db.execute("DELETE FROM entities WHERE documents <= 0")


class Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error: the write lock is taken at once, so
    two writers wait for each other (the busy timeout) instead of failing on a lock upgrade."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is None:
            self._db.execute("COMMIT")
        elif self._db.in_transaction:
            self._db.execute("ROLLBACK")
