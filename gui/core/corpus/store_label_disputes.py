"""Where the model's label of a mention disagrees with its entity's (issue 15, label consensus).

An entity's label is the majority of its mentions' labels, corpus-wide (or the label a correction
gave it); each mention keeps the model's own. These questions find the mentions that disagree:

- `mention_entities(store, document, texts)`: the corpus entity each text of a document means
  there, as the resolution and the corrections leave it (the final_* views), with its label and
  label counts: the window compares them with the labels it shows.
- `disputed_documents(store, entity_ids, settled)`: the ids of the documents that mention one of
  those entities (every disputed one when None) under another label than the entity's; entities
  in `settled` (relabelled by a correction: their mentions all take its label) are left out.
  Exactly: a document where the text means another entity ("Washington" beside George
  Washington, a PERSON, is not the city's) is not listed. The per-document entities that may
  be the entity are found by alias key; those whose names may mean others too have their
  mentions read, in their own documents alone.
- `final_ids(store, key)`: the final ids of the entities of a key (the entity table's rows).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Sequence
from typing import NamedTuple

from gui.core.corpus.store import CorpusStore
from gui.core.desk.corrections import DocumentKey
from gui.core.model.sqlite_files import in_chunks


class FinalEntity(NamedTuple):
    """A corpus entity as the window's questions see it: its final id, name, label and how many
    of its mentions the model labelled each way (most first)."""

    id: int
    name: str
    label: str
    label_counts: tuple[tuple[str, int], ...]

    def summary(self) -> str:
        """'PERSON 182 · ORG 12'."""
        return " · ".join(f"{label} {count}" for label, count in self.label_counts)



def _counts(text: str) -> tuple[tuple[str, int], ...]:
    try:
        found = json.loads(text)
        return tuple((str(label), int(count)) for label, count in found)
    except (ValueError, TypeError):
        return ()


def mention_entities(
    store: CorpusStore, document: DocumentKey, texts: Iterable[str]
) -> dict[str, FinalEntity]:
    """The final entity each text means in the document (texts a correction rejected, or the
    resolution does not know, are left out)."""
    db = store.db
    wanted = sorted(set(texts))
    row = db.execute("SELECT id FROM documents WHERE name = ? AND doc_id = ?", document).fetchone()
    resolved: dict[str, int] = {}
    for chunk in in_chunks(wanted):
        marks = ",".join("?" * len(chunk))
        resolved.update(
            db.execute(f"SELECT text, resolved FROM resolved_texts WHERE text IN ({marks})", chunk))
        if row is not None:
            resolved.update(db.execute(
                f"SELECT text, resolved FROM resolved_exceptions WHERE document = ? AND text IN ({marks})",
                [row[0], *chunk]))
    final: dict[str, int] = {}
    pieces: dict[tuple[int, str], int | None] = {}
    ids = sorted(set(resolved.values()))
    for chunk in in_chunks(ids):
        marks = ",".join("?" * len(chunk))
        for rid, text, entity in db.execute(
            f"SELECT resolved, text, entity FROM corrected_pieces WHERE resolved IN ({marks})", chunk
        ):
            pieces[rid, text] = entity
    for text, rid in resolved.items():
        entity = pieces[rid, text] if (rid, text) in pieces else rid
        if entity is not None:
            final[text] = entity
    entities: dict[int, FinalEntity] = {}
    chosen = sorted(set(final.values()))
    for chunk in in_chunks(chosen):
        marks = ",".join("?" * len(chunk))
        for entity_id, name, label, counts in db.execute(
            f"SELECT id, name, label, label_counts FROM final_entities WHERE id IN ({marks})", chunk
        ):
            entities[entity_id] = FinalEntity(entity_id, name, label, _counts(counts))
    return {text: entities[entity] for text, entity in final.items() if entity in entities}


def disputed_documents(
    store: CorpusStore, entity_ids: Collection[int] | None = None, settled: Collection[int] = ()
) -> list[str]:
    """The ids of the documents where the model labelled a mention of one of the entities
    otherwise than the entity is (every disputed entity when `entity_ids` is None), in the
    store's order. A mention is one of an entity where its text means that entity in its
    document (as the final_* views read it: "Washington" beside George Washington is his, not
    the city's), and its label is the model's own (its per-document entity's)."""
    if entity_ids is not None:
        chosen = sorted(set(entity_ids) - set(settled))
        if not chosen:
            return []
        where = f"r.id IN ({','.join(map(str, chosen))})"  # ints of the store's own
    else:
        where = "json_array_length(r.label_counts) > 1"
        if settled:
            where += f" AND r.id NOT IN ({','.join(map(str, sorted(set(settled))))})"
    db = store.db
    # The per-document entities whose label is not the entity's and one of whose names is an
    # alias of it: their mentions may be of it (found by alias key, which is all that is
    # stored of a per-document entity's names).
    suspects: dict[int, set[int]] = {}  # per-document entity -> the final entities it may be
    labels: dict[int, str] = {}
    # The entities and their aliases are chosen first (MATERIALIZED): joined as views, every
    # per-document entity of a key was sorted to drop duplicates.
    for final, label, entity in db.execute(
        f"WITH r AS MATERIALIZED (SELECT id, label, label_counts FROM final_entities r WHERE {where}), ra AS"
        " MATERIALIZED (SELECT resolved, alias_key FROM final_aliases WHERE resolved IN (SELECT id FROM r))"
        " SELECT DISTINCT r.id, r.label, a.entity FROM r JOIN ra ON ra.resolved = r.id JOIN aliases a"
        " ON a.alias_key = ra.alias_key JOIN entities e ON e.id = a.entity AND e.label != r.label"
    ):
        suspects.setdefault(entity, set()).add(final)
        labels[final] = label
    defaults, exceptions = _meanings(store, sorted(suspects))
    # One whose every name means, wherever the resolution made no exception, one of the entities
    # is one of it in each of its documents but those exceptions: only there are its mentions
    # read. One whose names may mean others has its mentions read in all its documents.
    documents: set[int] = set()
    of_entity = _documents_of(store, sorted(suspects))
    for entity, finals in suspects.items():
        texts = defaults.get(entity, {})
        rows = of_entity.get(entity, set())
        if texts and set(texts.values()) <= finals:
            # (each intersection walks the smaller set: a common surname has many exceptions)
            unsure = set().union(*(rows & exceptions[text] for text in texts if text in exceptions))
            documents.update(rows - unsure)
            rows = unsure
        rows = rows - documents  # known already (`-=` would walk all those known)
        if rows:
            documents.update(_read_disputes(store, entity, sorted(rows), labels))
    found = sorted(documents)
    ids: list[str] = []
    for chunk in in_chunks(found):
        ids.extend(doc_id for (doc_id,) in db.execute(
            f"SELECT doc_id FROM documents WHERE id IN ({','.join('?' * len(chunk))}) ORDER BY id", chunk))
    return ids


# The final entity a mention (`m`: its document and text) means: what a correction made of its
# resolved entity's text (NULL: rejected), else that resolved entity.
_RESOLVED_OF_MENTION = (
    "coalesce((SELECT x.resolved FROM resolved_exceptions x WHERE x.document = m.document"
    " AND x.text = m.text), (SELECT t.resolved FROM resolved_texts t WHERE t.text = m.text))"
)
_FINAL_OF_MENTION = (
    f"(SELECT CASE WHEN p.resolved IS NULL THEN r.resolved ELSE p.entity END FROM"
    f" (SELECT {_RESOLVED_OF_MENTION} AS resolved) r LEFT JOIN corrected_pieces p"
    " ON p.resolved = r.resolved AND p.text = m.text)"
)


def _meanings(
    store: CorpusStore, entities: Sequence[int]
) -> tuple[dict[int, dict[str, int | None]], dict[str, set[int]]]:
    """What the texts of each per-document entity's names mean where the resolution made no
    exception, as final entities (None: rejected), by text (the texts of the resolution with
    their alias keys); and the documents where each of those texts means another entity."""
    defaults: dict[int, dict[str, int | None]] = {}
    for chunk in in_chunks(entities):
        for entity, text, final in store.db.execute(
            "SELECT a.entity, t.text, CASE WHEN p.resolved IS NULL THEN t.resolved ELSE p.entity END"
            " FROM aliases a JOIN resolved_aliases r ON r.alias_key = a.alias_key"
            " JOIN resolved_texts t ON t.text = r.alias"
            " LEFT JOIN corrected_pieces p ON p.resolved = t.resolved AND p.text = t.text"
            f" WHERE a.entity IN ({','.join('?' * len(chunk))})", chunk,
        ):
            defaults.setdefault(entity, {})[text] = final
    texts = sorted({text for found in defaults.values() for text in found})
    exceptions: dict[str, set[int]] = {}
    # Read in one pass, the texts given as one JSON array: the table is keyed by document, and
    # a text's rows are scattered through it.
    for document, text in store.db.execute(
        "SELECT document, text FROM resolved_exceptions WHERE text IN (SELECT value FROM json_each(?))",
        (json.dumps(texts),),
    ):
        exceptions.setdefault(text, set()).add(document)
    return defaults, exceptions


def _documents_of(store: CorpusStore, entities: Sequence[int]) -> dict[int, set[int]]:
    """The documents of each per-document entity."""
    found: dict[int, set[int]] = {}
    for chunk in in_chunks(entities):
        for entity, document in store.db.execute(
            f"SELECT entity, document FROM entity_documents WHERE entity IN ({','.join('?' * len(chunk))})",
            chunk,
        ):
            found.setdefault(entity, set()).add(document)
    return found


def _read_disputes(store: CorpusStore, entity: int, rows: Sequence[int], labels: dict[int, str]) -> set[int]:
    """Those of the documents where a mention of the per-document entity means one of the final
    entities of `labels` and has another label than it."""
    found: set[int] = set()
    for chunk in in_chunks(rows):
        for document, label, final in store.db.execute(
            f"SELECT m.document, m.label, {_FINAL_OF_MENTION} FROM mentions m"
            f" WHERE m.document IN ({','.join('?' * len(chunk))}) AND m.entity = ?", [*chunk, entity]
        ):
            if final in labels and labels[final] != label:
                found.add(document)
    return found


def final_ids(store: CorpusStore, key: str) -> list[int]:
    """The final ids of the corpus entities keyed `key` (their casefolded name)."""
    rows = store.db.execute("SELECT id FROM final_entities WHERE key = ? ORDER BY id", (key,))
    return [row for (row,) in rows]
