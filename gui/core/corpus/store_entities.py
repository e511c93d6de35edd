"""The corpus store's entities, as the window and `seedview entities` ask for them: the table of
the corpus's entities, their labels, the documents mentioning one (the entity filter), and how
many documents or mentions each has.

They are the corpus-level resolution's (store_resolution) when it is current, as the desk's
entity corrections leave it (store_corrections: the final_* views); while it is stale
(documents came or went since it ran), the per-document entities answer, with a surname joining
its one full name across the corpus (`same_person`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_query import CHUNK_IDS, alias_key, id_chunks
from gui.core.corpus.store_resolution import (
    alias_rows,
    final_documents_of,
    label_counts,
    resolution_current,
    resolved_ids,
)
from gui.core.corpus.store_writes import PENDING_SOURCE
from gui.core.entities.postprocess import PERSON
from gui.core.model.display_text import REPLACEMENT, readable


@dataclass(frozen=True)
class CorpusEntity:
    """An entity of the corpus: its most complete name, its label, every form it is mentioned by,
    and how many mentions and documents it has."""

    name: str
    label: str
    aliases: tuple[str, ...]
    mentions: int
    documents: int
    key: str = ""  # the casefolded name it is keyed by, with its label (as mentions.entity_key)
    label_counts: tuple[tuple[str, int], ...] = ()  # resolved: its mentions by label, most first
    why: tuple[str, ...] = ()  # resolved: why each alias joined it, in the aliases' order

    @property
    def disputed(self) -> bool:
        """Whether some of its mentions carry another label than the entity's."""
        return len(self.label_counts) > 1

    def label_summary(self) -> str:
        """'Yukos — PERSON 182 · ORG 12': the name with its label counts."""
        counts = self.label_counts or ((self.label, self.mentions),)
        return f"{self.name} — " + " · ".join(f"{label} {count}" for label, count in counts)


def entities(
    store: CorpusStore,
    label: str | None = None,
    top: int | None = None,
    containing: str = "",
    by_mentions: bool = False,
) -> list[CorpusEntity]:
    """The corpus's entities, most documents first (most mentions first if `by_mentions`; then
    by name); only those of `label` if given, and those with a name containing `containing`
    (any of its names, case aside) if given; at most `top` if given. The resolved entities, with
    their label counts and why each alias joined, when the resolution is current."""
    if resolution_current(store):
        return _resolved_entities(store, label, top, containing, by_mentions)
    where, parameters = _choice(label, containing, "SELECT entity FROM aliases")
    rows = store.db.execute(
        f"SELECT id, name, label, mentions, documents, key FROM entities WHERE {where}"
        f" ORDER BY {_order(by_mentions)}, name LIMIT ?", [*parameters, -1 if top is None else top]
    ).fetchall()
    aliases = entity_aliases(store, [row[0] for row in rows])
    return [CorpusEntity(name, label, aliases.get(row, (name,)), mentions, documents, key)
            for row, name, label, mentions, documents, key in rows]


def _resolved_entities(
    store: CorpusStore, label: str | None, top: int | None, containing: str, by_mentions: bool
) -> list[CorpusEntity]:
    """`entities` from the resolution tables."""
    where, parameters = _choice(label, containing, "SELECT resolved FROM final_aliases")
    rows = store.db.execute(
        f"SELECT id, name, label, mentions, documents, key, label_counts FROM final_entities"
        f" WHERE {where} ORDER BY {_order(by_mentions)}, name LIMIT ?",
        [*parameters, -1 if top is None else top],
    ).fetchall()
    aliases = alias_rows(store, [row[0] for row in rows])
    found = []
    for row, name, label_, mentions, documents, key, counts in rows:
        texts = aliases.get(row, [(name, "")])
        found.append(CorpusEntity(name, label_, tuple(text for text, _ in texts), mentions, documents, key,
                                  label_counts(counts), tuple(why for _, why in texts)))
    return found


def _choice(label: str | None, containing: str, aliases: str) -> tuple[str, list[object]]:
    """The WHERE clause choosing entities of `label` with a name containing `containing` (among
    the `aliases` query's entities), and its parameters."""
    conditions: list[str] = ["documents > 0"]
    parameters: list[object] = []
    if label:
        conditions.append("label = ? COLLATE NOCASE")
        parameters.append(label)
    if containing.strip():
        conditions.append(f"id IN ({aliases} WHERE alias_key LIKE ? ESCAPE '\\')")
        parameters.append("%" + _like_escaped(alias_key(containing)) + "%")
    return " AND ".join(conditions), parameters


def _order(by_mentions: bool) -> str:
    return "mentions DESC, documents DESC" if by_mentions else "documents DESC, mentions DESC"


def _like_escaped(text: str) -> str:
    """Text matched literally by LIKE ... ESCAPE '\\'."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def document_counts(store: CorpusStore, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """How many documents mention each entity given as (label, key); those none does are left out.
    An entity a correction touched (as the window draws it: its corrected label, a name of it as
    key) is counted as corrected (a relabelled one's documents of every label, a merged one's of
    all it took in); any other as the model's per-document entities of that label and key."""
    wanted = list(dict.fromkeys(keys))
    found: dict[tuple[str, str], int] = {}
    current = resolution_current(store)
    for first in range(0, len(wanted), CHUNK_IDS // 2):
        chunk = wanted[first : first + CHUNK_IDS // 2]
        pairs = " OR ".join("(label = ? AND key = ?)" for _ in chunk)
        rows = store.db.execute(
            f"SELECT label, key, documents FROM entities WHERE documents > 0 AND ({pairs})",
            [part for pair in chunk for part in pair],
        )
        found.update(((label, key), documents) for label, key, documents in rows)
        if current:  # the corrected entities have a name so keyed (the most documents if several)
            corrected = store.db.execute(
                "SELECT c.label, a.alias_key, max(c.documents) FROM corrected_aliases a JOIN corrected c ON"
                f" c.id = a.resolved WHERE c.documents > 0 AND a.alias_key IN ({','.join('?' * len(chunk))})"
                " GROUP BY c.label, a.alias_key", [key for _, key in chunk])
            asked = set(chunk)
            found.update(((label, key), documents) for label, key, documents in corrected
                         if (label, key) in asked)
    return found


def labels(store: CorpusStore) -> list[str]:
    """The labels of the corpus's entities, A-Z (the resolved entities' when current)."""
    if resolution_current(store):
        return [label for (label,) in store.db.execute(
            "SELECT DISTINCT label FROM final_entities WHERE documents > 0 ORDER BY label")]
    return [label for (label,) in store.db.execute(
        "SELECT DISTINCT label FROM entities WHERE documents > 0 ORDER BY label")]


def mention_counts(store: CorpusStore) -> dict[str, int]:
    """How many entity mentions each document with known entities has, by document id: as the
    corrections leave them while the resolution is current (a rejected entity's mentions are
    not counted, those an `add` correction found are)."""
    rows = store.db.execute(
        "SELECT d.id, d.doc_id, count(m.document) FROM documents d LEFT JOIN mention_spans m"
        " ON m.document = d.id WHERE d.entity_source != ? GROUP BY d.id", (PENDING_SOURCE,)).fetchall()
    changes = _corrected_changes(store) if resolution_current(store) else {}
    return {doc_id: max(count + changes.get(row, 0), 0) for row, doc_id, count in rows}


# Rows (document, mentions) whose sum per document is how many mentions the corrections add to
# it (< 0: take away): the final_* views' mentions there less the resolution's, for the resolved
# entities they touch alone (read by entity: their primary keys' prefix). Only while the
# resolution is current.
CORRECTED_CHANGES = (
    "SELECT document, -mentions AS mentions FROM resolved_documents"
    " WHERE resolved IN (SELECT DISTINCT resolved FROM corrected_pieces)"
    " UNION ALL SELECT document, mentions FROM corrected_documents"
)


def _corrected_changes(store: CorpusStore) -> dict[int, int]:
    """How many mentions the corrections add to each document they change (CORRECTED_CHANGES).
    Summed by SQLite, which returns only the documents whose count changes (a relabel, a merge
    or a split moves mentions, changing none)."""
    return dict(store.db.execute(
        f"SELECT document, sum(mentions) FROM ({CORRECTED_CHANGES})"
        " GROUP BY document HAVING sum(mentions) != 0"))


def pending_ids(store: CorpusStore) -> list[str]:
    """The ids of the documents whose entities are not known yet, as the listing gives them: the
    id of a file whose name is not UTF-8 is its name's stem with the undecodable bytes as
    surrogates, as the window knows it (stored with U+FFFD, it named no listed document, so the
    engine was never asked for it and the store never became complete)."""
    ids: list[str] = []
    for name, record, doc_id in store.db.execute(
        "SELECT name, record, doc_id FROM documents WHERE entity_source = ?", (PENDING_SOURCE,)
    ):
        if record < 0 and REPLACEMENT in doc_id:  # a file's, with an undecodable byte, maybe
            stem = Path(os.fsdecode(bytes(name))).stem
            doc_id = stem if readable(stem) == doc_id else doc_id
        ids.append(doc_id)
    return ids


@dataclass(frozen=True)
class EntityDocuments:
    """The documents mentioning an entity (or another name of the same person), with how often,
    most mentions first; `name` is its most complete name across the corpus."""

    name: str
    documents: tuple[tuple[str, int], ...]  # (document id, mentions)


def _entity_ids(store: CorpusStore, label: str, key: str) -> list[int]:
    return [row for (row,) in store.db.execute(
        "SELECT id FROM entities WHERE label = ? AND key = ? AND documents > 0", (label, key))]


def same_person(store: CorpusStore, label: str, key: str) -> list[int]:
    """The entity of (label, key) and those naming the same person across the corpus: a one-word
    PERSON name ("haftar") and the one multi-word PERSON name that ends with it ("khalifa
    haftar"). A surname shared by several full names ("clinton") joins none of them."""
    own = _entity_ids(store, label, key)
    words = key.split()
    if label != PERSON or not words:
        return own
    surname = words[-1]
    full = [row for row, name in store.db.execute(
        "SELECT id, key FROM entities WHERE label = ? AND documents > 0 AND key LIKE ? ESCAPE '\\'",
        (PERSON, "% " + _like_escaped(surname))) if name.split()[-1] == surname]
    if len(full) != 1:
        return own
    return sorted({*own, full[0], *_entity_ids(store, PERSON, surname)})


def entity_documents(store: CorpusStore, label: str, key: str) -> EntityDocuments:
    """The documents mentioning the entity (label, key) or another name of the same person: by
    the resolution when current (any label: a form is one entity whatever the model called it),
    else by `same_person`."""
    if resolution_current(store):
        return _resolved_documents(store, key)
    ids = same_person(store, label, key)
    if not ids:
        return EntityDocuments(key, ())
    marks = ",".join("?" * len(ids))
    names = [name for (name,) in store.db.execute(f"SELECT name FROM entities WHERE id IN ({marks})", ids)]
    rows = store.db.execute(
        f"SELECT ed.document, d.doc_id, ed.mentions FROM entity_documents ed"
        f" JOIN documents d INDEXED BY documents_ids ON d.id = ed.document WHERE ed.entity IN ({marks})", ids,
    )
    if len(ids) == 1:
        found = [(doc_id, count) for _, doc_id, count in rows]
    else:  # a document may mention several of the names: its counts are summed
        merged: dict[int, tuple[str, int]] = {}
        for document, doc_id, count in rows:
            if document in merged:
                merged[document] = (doc_id, merged[document][1] + count)
            else:
                merged[document] = (doc_id, count)
        found = list(merged.values())
    # Most mentions first, then by id: two stable sorts in Python, quicker than SQLite's sorter
    # on the many rows of a frequent entity.
    found.sort(key=itemgetter(0))
    found.sort(key=itemgetter(1), reverse=True)
    name = max(names, key=lambda name: (len(name.split()), len(name)))
    return EntityDocuments(name, tuple(found))


def _resolved_documents(store: CorpusStore, key: str) -> EntityDocuments:
    """`entity_documents` from the resolution tables."""
    ids = resolved_ids(store, key)
    if not ids:
        return EntityDocuments(key, ())
    marks = ",".join("?" * len(ids))
    names = store.db.execute(
        f"SELECT name FROM final_entities WHERE id IN ({marks}) ORDER BY mentions DESC, id", ids).fetchall()
    final, parameters = final_documents_of(store, ids)
    rows = store.db.execute(
        f"SELECT rd.document, d.doc_id, rd.mentions FROM ({final}) AS rd"
        " JOIN documents d INDEXED BY documents_ids ON d.id = rd.document", parameters,
    )
    if len(ids) == 1:  # a document once (the table's key): its rows as they come, a third quicker
        found = [(doc_id, count) for _, doc_id, count in rows]
        found.sort(key=itemgetter(0))
    else:  # a document of several of them: its counts summed
        merged: dict[int, tuple[str, int]] = {}
        for document, doc_id, count in rows:
            known = merged.get(document)
            merged[document] = (doc_id, count if known is None else known[1] + count)
        found = sorted(merged.values(), key=itemgetter(0))
    found.sort(key=itemgetter(1), reverse=True)
    return EntityDocuments(names[0][0], tuple(found))


@dataclass(frozen=True)
class Mentioning:
    """The documents mentioning an entity (or another name of the same person) as the list's
    entity filter wants them: the entity's most complete name, how many documents, their ids."""

    name: str
    count: int
    ids: frozenset[str]


def mentioning(store: CorpusStore, label: str, key: str) -> Mentioning:
    """The documents mentioning the entity (label, key) or another name of the same person, as
    `entity_documents` finds them, without their counts: what Ctrl+E needs, quicker."""
    resolved = resolution_current(store)
    entity_ids = resolved_ids(store, key) if resolved else same_person(store, label, key)
    if not entity_ids:
        return Mentioning(key, 0, frozenset())
    marks = ",".join("?" * len(entity_ids))
    if resolved:  # the most mentioned of the resolution's entities
        (name,) = store.db.execute(f"SELECT name FROM final_entities WHERE id IN ({marks})"
                                   " ORDER BY mentions DESC, id", entity_ids).fetchone()
        rows, parameters = final_documents_of(store, entity_ids)
    else:  # the most complete of the names
        names = [name for (name,) in store.db.execute(f"SELECT name FROM entities WHERE id IN ({marks})",
                                                      entity_ids)]
        name = max(names, key=lambda name: (len(name.split()), len(name)))
        rows = f"SELECT document FROM entity_documents WHERE entity IN ({marks})"
        parameters = list(entity_ids)
    # One JSON array rather than a row per document: most of the time went into making rows. The
    # entity's rows lead, each looking up its document by row id (an IN over them built a set
    # first); a document mentions one entity once, several maybe more than once. Those of several
    # come out of DISTINCT in document order too, as one entity's do: the look-ups then walk the
    # documents once (the entities' rows one after the other walked them once per entity, a
    # third of the question's time for "Haftar" with "Khalifa Haftar" in 89,000 documents).
    distinct = "DISTINCT " if len(entity_ids) > 1 else ""
    order = " ORDER BY document" if len(entity_ids) > 1 else ""
    (found,) = store.db.execute(
        f"SELECT json_group_array(d.doc_id) FROM (SELECT {distinct}document FROM ({rows}){order}) AS m"
        " CROSS JOIN documents d ON d.id = m.document", parameters).fetchone()
    ids = json.loads(found)
    return Mentioning(name, len(ids), frozenset(ids))


def entity_aliases(store: CorpusStore, ids: list[int]) -> dict[int, tuple[str, ...]]:
    """Every alias of each per-document entity (by row id), sorted."""
    found: dict[int, list[str]] = {}
    for chunk in id_chunks(ids):
        marks = ",".join("?" * len(chunk))
        for entity, alias in store.db.execute(
            f"SELECT entity, alias FROM aliases WHERE entity IN ({marks}) ORDER BY entity, alias", chunk
        ):
            found.setdefault(entity, []).append(alias)
    return {entity: tuple(names) for entity, names in found.items()}
