"""The store's row of entities per document (document_entities, which the charts count from) says
what entity_documents says, however documents come, go, change or get their entities later."""

from __future__ import annotations

import struct
from pathlib import Path

from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_writes import delete_document, fill_in_entities, insert_document
from gui.core.engine.cache import text_key
from gui.core.model.document import Document, Entity, Source

NAMES = {"Lima": "GPE", "Oslo": "GPE", "Chen": "PERSON", "Nato": "ORG"}


def document(number: int, names: list[str]) -> Document:
    """A document mentioning these names (each one word), in order."""
    body = " ".join(["and", *names, "and"]) + "."
    entities, at = [], 4
    for name in names:
        entities.append(Entity(at, at + len(name), NAMES[name]))
        at += len(name) + 1
    return Document(Path(f"doc{number}.txt"), f"doc{number}", None, body, tuple(entities),
                    entity_source=Source.BRAT)


def per_document(store: CorpusStore) -> dict[int, tuple[list[int], int]]:
    """document_entities, decoded: each document's entity ids, sorted, and its mentions."""
    found = {}
    for row, blob, mentions in store.db.execute("SELECT document, entities, mentions FROM document_entities"):
        found[row] = (sorted(struct.unpack(f"<{len(blob) // 4}i", blob)), mentions)
    return found


def per_entity_rows(store: CorpusStore) -> dict[int, tuple[list[int], int]]:
    """The same, from entity_documents."""
    found: dict[int, list[tuple[int, int]]] = {}
    for entity, row, mentions in store.db.execute("SELECT entity, document, mentions FROM entity_documents"):
        found.setdefault(row, []).append((entity, mentions))
    return {row: (sorted(entity for entity, _ in pairs), sum(count for _, count in pairs))
            for row, pairs in found.items()}


def test_a_document_row_of_entities_follows_every_write(tmp_path: Path) -> None:
    store = CorpusStore(tmp_path / "store.sqlite3", tmp_path)
    try:
        db = store.db
        stamp = (0, 0, -1, -1)
        rows = [insert_document(db, (f"doc{n}.txt".encode(), -1), stamp, document(n, names))
                for n, names in enumerate([["Lima", "Chen", "Lima"], ["Oslo"], ["Nato", "Chen"], []])]
        pending = document(9, ["Oslo", "Nato", "Oslo"])
        insert_document(db, (b"doc9.txt", -1), stamp, pending, pending=True)
        assert per_document(store) == per_entity_rows(store)
        assert len(per_document(store)) == 3  # neither the document without entities nor the pending one
        assert per_document(store)[rows[0]][0] == sorted(set(per_document(store)[rows[0]][0]))
        assert [len(entities) for entities, _ in per_document(store).values()] == [2, 1, 2]  # each once
        assert per_document(store)[rows[0]][1] == 3  # and every mention counted

        delete_document(db, rows[1])
        assert fill_in_entities(db, "doc9", text_key(pending.body), pending.entities)
        assert per_document(store) == per_entity_rows(store)
        assert rows[1] not in per_document(store) and len(per_document(store)) == 3
    finally:
        store.close()
