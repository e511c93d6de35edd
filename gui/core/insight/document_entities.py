"""What the corpus store says of one document's mentions (issue 15): which corpus entity each of
its texts means there, as the resolution and the corrections leave them. The entity panel groups
the document's mentions by these entities (gui/core/session/final_groups), so that "Mr Blair"
and a bare "Blair" are rows of "Tony Blair", not rows of their own.

The answer has two layers, because the window shows a correction before the store has written it
into its corrected tables (gui/widgets/corrections/window_corrections):

- the resolution's: the resolved entity each text means in the document (its exceptions first),
  those entities as resolved, and why each text joined its entity. A correction never changes
  this layer, so it holds with any overlay of corrections built over the same resolution;
- the final one (the final_* views): the entities those texts mean once the corrections in the
  store's tables are applied, with their labels, label counts and documents, and why each text
  is an alias of its final entity. It holds for the overlay of the same corrections (`stamp`).

`document_entities(store, document, texts)` answers for a document keyed as the desk keys it
(its file name's bytes, its id); `known` is False when the store has no such document or has
never resolved its entities: the panel then keeps the document's own grouping. The answer says
which texts it was asked of (`asked`): one asked ahead of the reader (`stored_document_entities`,
of the texts the store holds for the document) is for the document as shown only if it covers
the texts shown, which a correction's added mention may not.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_resolution import label_counts
from gui.core.corpus.store_schema import CORRECTIONS_FACT
from gui.core.desk.corrections import DocumentKey
from gui.core.model.sqlite_files import in_chunks

Counts = tuple[tuple[str, int], ...]


class CorpusEntity(NamedTuple):
    """A corpus entity as the panel names it: its id, casefolded key, canonical name, label, how
    many of its mentions the model labelled each way (most first) and its documents."""

    id: int
    key: str
    name: str
    label: str
    label_counts: Counts
    documents: int


class DocumentEntities(NamedTuple):
    """The store's answer for one document (see the module)."""

    document: DocumentKey
    known: bool  # the store has the document and has resolved entities
    text_key: str  # the SHA-256 of the body the store holds (hex): the answer is for that text
    resolved_of: dict[str, int]  # each text of the document known to the resolution -> resolved id
    resolved: dict[int, CorpusEntity]  # those resolved entities, as resolved
    resolved_why: dict[tuple[int, str], str]  # (resolved id, text) -> why the text joined it
    final_of: dict[str, int | None]  # each text -> its final entity (None: rejected)
    final: dict[int, CorpusEntity]  # those final entities, as the store's tables have them
    final_why: dict[tuple[int, str], str]  # (final id, text) -> why the text is its alias
    stamp: str = ""  # the corrections the final layer applies (the store's corrections fact)
    corrected: bool = False  # whether the store's tables hold any correction of an entity
    asked: frozenset[str] = frozenset()  # the texts asked of: the others' entities are not said

    def covers(self, texts: Iterable[str]) -> bool:
        """Whether the answer says what each of these texts means (was asked of them)."""
        return self.asked.issuperset(texts)


def unknown(document: DocumentKey, asked: frozenset[str] = frozenset()) -> DocumentEntities:
    """The answer for a document the store does not know."""
    return DocumentEntities(document, False, "", {}, {}, {}, {}, {}, {}, asked=asked)



def _marks(chunk: Sequence[object]) -> str:
    return ",".join("?" * len(chunk))


def document_entities(store: CorpusStore, document: DocumentKey, texts: Iterable[str]) -> DocumentEntities:
    """Which corpus entity each of these texts (a document's mentions') means in the document, in
    both layers (see the module). Read in one transaction: the layers agree."""
    db = store.db
    asked = frozenset(texts)
    wanted = sorted(asked)
    with_transaction = not db.in_transaction
    if with_transaction:
        db.execute("BEGIN")  # a read snapshot: an upkeep or a correction written meanwhile waits
    try:
        row = db.execute("SELECT id, text_sha256 FROM documents WHERE name = ? AND doc_id = ?",
                         document).fetchone()
        if row is None or db.execute("SELECT 1 FROM resolved LIMIT 1").fetchone() is None:
            return unknown(document, asked)
        document_row, sha = row
        resolved_of: dict[str, int] = {}
        for chunk in in_chunks(wanted):
            resolved_of.update(db.execute(
                f"SELECT text, resolved FROM resolved_texts WHERE text IN ({_marks(chunk)})", chunk))
            resolved_of.update(db.execute(
                "SELECT text, resolved FROM resolved_exceptions WHERE document = ?"
                f" AND text IN ({_marks(chunk)})", [document_row, *chunk]))
        ids = sorted(set(resolved_of.values()))
        resolved = _entities(store, "resolved", ids)
        resolved_why = _whys(store, "resolved_aliases", resolved_of)
        pieces: dict[tuple[int, str], int | None] = {}
        for chunk in in_chunks(ids):
            for rid, text, entity in db.execute(
                f"SELECT resolved, text, entity FROM corrected_pieces WHERE resolved IN ({_marks(chunk)})",
                chunk,
            ):
                pieces[rid, text] = entity
        final_of = {text: pieces[rid, text] if (rid, text) in pieces else rid
                    for text, rid in resolved_of.items()}
        final_ids = sorted({entity for entity in final_of.values() if entity is not None})
        final = _entities(store, "final_entities", final_ids)
        final_why = _whys(store, "final_aliases",
                          {text: entity for text, entity in final_of.items() if entity is not None})
        stamp = db.execute("SELECT value FROM facts WHERE name = ?", (CORRECTIONS_FACT,)).fetchone()
        corrected = db.execute("SELECT 1 FROM corrected_pieces LIMIT 1").fetchone() is not None
        return DocumentEntities(document, True, bytes(sha).hex(), resolved_of, resolved, resolved_why,
                                final_of, final, final_why, stamp[0] if stamp else "", corrected, asked)
    finally:
        if with_transaction and db.in_transaction:
            db.execute("COMMIT")


def stored_document_entities(store: CorpusStore, documents: Iterable[DocumentKey]) -> list[DocumentEntities]:
    """`document_entities` of each document, asked of the texts of the mentions the store holds
    for it (those of its body as the store read it): what the panel asks ahead of the reader, of
    documents not read yet (the next and previous in the list). A document the store lacks is
    `unknown`."""
    answers = []
    for document in documents:
        texts = [text for (text,) in store.db.execute(
            "SELECT DISTINCT m.text FROM documents d JOIN mentions m ON m.document = d.id"
            " WHERE d.name = ? AND d.doc_id = ?", document)]
        answers.append(document_entities(store, document, texts))
    return answers


def _entities(store: CorpusStore, table: str, ids: Sequence[int]) -> dict[int, CorpusEntity]:
    """The entities of `table` (resolved, or the final_entities view) with these ids."""
    found: dict[int, CorpusEntity] = {}
    for chunk in in_chunks(ids):
        for entity_id, key, name, label, counts, documents in store.db.execute(
            f"SELECT id, key, name, label, label_counts, documents FROM {table}"
            f" WHERE id IN ({_marks(chunk)})",
            chunk,
        ):
            found[entity_id] = CorpusEntity(entity_id, key, name, label, label_counts(counts), documents)
    return found


def _whys(store: CorpusStore, table: str, owners: dict[str, int]) -> dict[tuple[int, str], str]:
    """Why each text is an alias of its entity (`owners`: text -> entity), from `table`
    (resolved_aliases, or the final_aliases view), read by entity and alias (their key)."""
    ids = sorted(set(owners.values()))
    texts = sorted(owners)
    found: dict[tuple[int, str], str] = {}
    for id_chunk in in_chunks(ids):
        for text_chunk in in_chunks(texts):
            for entity, alias, why in store.db.execute(
                f"SELECT resolved, alias, why FROM {table} WHERE resolved IN ({_marks(id_chunk)})"
                f" AND alias IN ({_marks(text_chunk)})", [*id_chunk, *text_chunk]
            ):
                if owners.get(alias) == entity:
                    found[entity, alias] = why
    return found
