"""Where the model's label of a mention disagrees with its entity's (issue 15, label consensus).

An entity's label is the majority of its mentions' labels, corpus-wide (or the label a correction
gave it); each mention keeps the model's own. These questions find the mentions that disagree:

- `mention_entities(store, document, texts)`: the corpus entity each text of a document means
  there, as the resolution and the corrections leave it (the final_* views), with its label and
  label counts: the window compares them with the labels it shows.
- `disputed_documents(store, entity_ids, settled)`: the ids of the documents that mention one of
  those entities (every disputed one when None) under another label than the entity's; entities
  in `settled` (relabelled by a correction: their mentions all take its label) are left out.
  An entity's texts are matched by their alias keys, so a document where a text means another
  entity ("Blair" beside Cherie Blair) may be listed too: the window checks each document's
  mentions exactly when it shows it.
- `final_ids(store, key)`: the final ids of the entities of a key (the entity table's rows).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Sequence
from typing import NamedTuple

from gui.core.corpus.store import CorpusStore
from gui.core.desk.corrections import DocumentKey

_CHUNK = 400  # values per IN (...): below SQLite's limit on bound parameters


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


def _chunks(items: Sequence[object]) -> Iterable[Sequence[object]]:
    for first in range(0, len(items), _CHUNK):
        yield items[first : first + _CHUNK]


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
    for chunk in _chunks(wanted):
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
    for chunk in _chunks(ids):
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
    for chunk in _chunks(chosen):
        marks = ",".join("?" * len(chunk))
        for entity_id, name, label, counts in db.execute(
            f"SELECT id, name, label, label_counts FROM final_entities WHERE id IN ({marks})", chunk
        ):
            entities[entity_id] = FinalEntity(entity_id, name, label, _counts(counts))
    return {text: entities[entity] for text, entity in final.items() if entity in entities}


def disputed_documents(
    store: CorpusStore, entity_ids: Collection[int] | None = None, settled: Collection[int] = ()
) -> list[str]:
    """The ids of the documents where the model labelled one of the entities otherwise than the
    entity is (every disputed entity when `entity_ids` is None), in the store's order."""
    if entity_ids is not None:
        chosen = sorted(set(entity_ids) - set(settled))
        if not chosen:
            return []
        where = f"r.id IN ({','.join(map(str, chosen))})"  # ints of the store's own
    else:
        where = "json_array_length(r.label_counts) > 1"
        if settled:
            where += f" AND r.id NOT IN ({','.join(map(str, sorted(set(settled))))})"
    rows = store.db.execute(
        "SELECT d.doc_id FROM documents d WHERE d.id IN (SELECT ed.document FROM final_entities r"
        " JOIN final_aliases ra ON ra.resolved = r.id JOIN aliases a ON a.alias_key = ra.alias_key"
        " JOIN entities e ON e.id = a.entity AND e.label != r.label"
        f" JOIN entity_documents ed ON ed.entity = e.id WHERE {where}) ORDER BY d.id"
    )
    return [doc_id for (doc_id,) in rows]


def final_ids(store: CorpusStore, key: str) -> list[int]:
    """The final ids of the corpus entities keyed `key` (their casefolded name)."""
    rows = store.db.execute("SELECT id FROM final_entities WHERE key = ? ORDER BY id", (key,))
    return [row for (row,) in rows]
