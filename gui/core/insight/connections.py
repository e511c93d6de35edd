"""The entities that go with an entity: those mentioned in the documents that mention it, with how
many documents they share and how strongly they are associated.

The association score is local pointwise mutual information: shared × log2(lift), where lift is
how many times more often the two share documents than they would by chance. An entity found
everywhere ("US", "BBC") shares many documents only as often as chance would have it (lift near
1, score near 0); an entity of one document can share no more than one (a small score however
high its lift). What comes first is what both goes with the entity and is seen with it often.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from enum import Enum

import numpy as np
import numpy.typing as npt

from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_corrections import rejected_entity_ids
from gui.core.corpus.store_entities import CorpusEntity, entity_aliases
from gui.core.corpus.store_query import alias_key, id_chunks
from gui.core.corpus.store_resolution import resolution_current
from gui.core.insight.query_scope import matching
from gui.core.search.query import Query

Counts = npt.NDArray[np.int64]  # a count per entity row id
Ids = npt.NDArray[np.int64]  # row ids
Scores = npt.NDArray[np.float64]


class Order(Enum):
    """How connections are sorted, best first."""

    SCORE = "score"
    SHARED = "documents"


@dataclass(frozen=True)
class Connection:
    """An entity that shares documents with the one asked about: the entity (with its counts in
    the whole corpus), how many documents they share, and their association score."""

    entity: CorpusEntity
    shared: int
    score: float


def association(shared: int, documents: int, other: int, total: int) -> float:
    """Local pointwise mutual information of two entities: `shared` × log2 of `shared` × `total`
    over `documents` × `other` (each one's documents, of `total`); 0 if they share none."""
    if shared <= 0 or documents <= 0 or other <= 0 or total <= 0:
        return 0.0
    return shared * math.log2(shared * total / (documents * other))


def entity_ids(store: CorpusStore, name: str) -> list[int]:
    """The entities called `name` by any of their aliases (as `entity:` finds them)."""
    rows = store.db.execute("SELECT entity FROM aliases WHERE alias_key = ?", [alias_key(name)])
    return sorted(entity for (entity,) in rows)


def _subject(store: CorpusStore, name: str) -> tuple[str, list[int], list[int]] | None:
    """SQL selecting the documents of the entity called `name` (with `entity:`'s reading: the
    corpus-level entity, as corrected, while the resolution is current), its parameters, and the
    per-document entities that are that entity (not connections of it); None if there is none."""
    key = alias_key(name)
    if resolution_current(store):
        resolved = sorted(row for (row,) in store.db.execute(
            "SELECT id FROM final_entities WHERE key = ? UNION SELECT resolved FROM final_aliases"
            " WHERE alias_key = ?", (key, key)))
        if not resolved:
            return None
        marks = ",".join("?" * len(resolved))
        # Those whose every name is one of it (a document's "Tony Blair" group holding its "Mr
        # Blair" stays a connection of an entity "Mr Blair" was split off to).
        own = sorted(entity for (entity,) in store.db.execute(
            f"WITH names AS (SELECT alias_key FROM final_aliases WHERE resolved IN ({marks}))"
            " SELECT DISTINCT a.entity FROM aliases a WHERE a.alias_key IN names AND NOT EXISTS"
            " (SELECT 1 FROM aliases b WHERE b.entity = a.entity AND b.alias_key NOT IN names)", resolved))
        return f"SELECT document FROM final_documents WHERE resolved IN ({marks})", resolved, own
    subject = entity_ids(store, name)
    if not subject:
        return None
    marks = ",".join("?" * len(subject))
    return f"SELECT document FROM entity_documents WHERE entity IN ({marks})", subject, subject


def connections(
    store: CorpusStore,
    name: str,
    top: int | None = 20,
    order: Order = Order.SCORE,
    within: Query | None = None,
) -> list[Connection]:
    """The entities sharing documents with the entity called `name` (every entity with that
    alias, taken as one), best first by `order`, at most `top`; only in the documents matching
    `within` if given, which then also scopes the score's document counts."""
    found_subject = _subject(store, name)
    if found_subject is None:
        return []
    subject_sql, subject, own = found_subject
    where, parameters = matching(within)
    scope = "" if within is None else f" AND document IN (SELECT d.id FROM documents d WHERE {where})"
    scope_parameters = [] if within is None else parameters
    subject_documents = f"{subject_sql}{scope}"
    (total,) = store.db.execute(f"SELECT count(*) FROM documents d WHERE {where}", parameters).fetchone()
    (documents,) = store.db.execute(
        f"SELECT count(DISTINCT document) FROM ({subject_documents})", [*subject, *scope_parameters]
    ).fetchone()
    (largest,) = store.db.execute("SELECT coalesce(max(id), 0) FROM entities").fetchone()
    shared = entity_counts(store, subject_documents, [*subject, *scope_parameters], largest)
    shared[own] = 0
    if resolution_current(store):
        shared[rejected_entity_ids(store)] = 0  # rejected by a correction: never an entity
    if within is None:
        others = corpus_counts(store, largest)
    else:
        others = entity_counts(store, f"SELECT d.id FROM documents d WHERE {where}", parameters, largest)
    candidates = np.flatnonzero(shared)
    scores = _scores(shared[candidates], documents, others[candidates], total)
    firsts, seconds = (scores, shared[candidates]) if order is Order.SCORE else (shared[candidates], scores)
    if top is not None and top < len(candidates):
        # Only those as good as the top-th (ties included) are read and sorted by name.
        best = np.lexsort((-seconds, -firsts))[top - 1]
        kept = (firsts > firsts[best]) | ((firsts == firsts[best]) & (seconds >= seconds[best]))
        candidates, scores = candidates[kept], scores[kept]
    found = _connections(store, candidates.tolist(), shared, scores.tolist())
    found.sort(key=lambda item: (*_rank(item[0], order), item[1]))
    chosen = found if top is None else found[:top]
    aliases = entity_aliases(store, [row for _, row in chosen])
    return [_with_aliases(connection, aliases.get(row)) for connection, row in chosen]


def entity_counts(store: CorpusStore, documents: str, parameters: list[object], largest: int) -> Counts:
    """How many of the documents that `documents` (SQL selecting their ids) selects mention each
    entity, by entity row id (up to `largest`)."""
    _, entities = entity_pairs(store, documents, parameters, with_documents=False)
    return np.bincount(entities, minlength=largest + 1).astype(np.int64)


def entity_pairs(
    store: CorpusStore, documents: str, parameters: list[object], with_documents: bool = True
) -> tuple[Ids, Ids]:
    """Every (document, entity) of the documents that `documents` (SQL selecting their ids)
    selects, as two arrays of row ids (the documents' empty unless `with_documents`)."""
    # A row per document (document_entities), whose entities' ids come as one hex string that
    # numpy reads in C: far fewer rows and Python objects than a row per document and entity.
    # The aggregates of one query step through the same rows in the same order.
    rows = "group_concat(document), group_concat(length(entities) / 4)" if with_documents else "0, 0"
    found, lengths, blob = store.db.execute(
        f"SELECT {rows}, group_concat(hex(entities), '') FROM document_entities"
        f" WHERE document IN ({documents})",
        parameters,
    ).fetchone()
    entities = np.frombuffer(bytes.fromhex(blob or ""), dtype="<i4").astype(np.int64)
    if not with_documents or not found:
        return np.zeros(0, dtype=np.int64), entities
    return np.repeat(parse_ids(found), parse_ids(lengths)), entities


def corpus_counts(store: CorpusStore, largest: int) -> Counts:
    """How many documents of the corpus mention each entity, by entity row id (up to `largest`)."""
    ids, counts = store.db.execute(
        "SELECT group_concat(id), group_concat(documents) FROM entities").fetchone()
    found = np.zeros(largest + 1, dtype=np.int64)
    found[parse_ids(ids)] = parse_ids(counts)
    return found


def parse_ids(text: str | None) -> Ids:
    """The integers of a group_concat, read by numpy in C (none for NULL or '')."""
    return np.fromstring(text, dtype=np.int64, sep=",") if text else np.zeros(0, dtype=np.int64)


def _scores(shared: Counts, documents: int, others: Counts, total: int) -> Scores:
    """`association` of each candidate, at once."""
    with np.errstate(divide="ignore", invalid="ignore"):
        lift = shared * total / (documents * others.astype(np.float64))
        scores = shared * np.log2(lift)
    return np.where((shared > 0) & (others > 0), scores, 0.0)


def _connections(
    store: CorpusStore, ids: list[int], shared: Counts, scores: list[float]
) -> list[tuple[Connection, int]]:
    """The candidates as connections (their aliases still to come), with their row ids."""
    score_of = dict(zip(ids, scores, strict=True))
    found: list[tuple[Connection, int]] = []
    for chunk in id_chunks(ids):
        marks = ",".join("?" * len(chunk))
        for row, entity_name, label, mentions, documents in store.db.execute(
            f"SELECT id, name, label, mentions, documents FROM entities WHERE id IN ({marks})", chunk
        ):
            entity = CorpusEntity(entity_name, label, (entity_name,), mentions, documents)
            found.append((Connection(entity, int(shared[row]), float(score_of[row])), row))
    return found


def _with_aliases(connection: Connection, aliases: tuple[str, ...] | None) -> Connection:
    if not aliases:
        return connection
    return replace(connection, entity=replace(connection.entity, aliases=aliases))


def _rank(connection: Connection, order: Order) -> tuple[float, float, str, str]:
    """Best first by `order`, then by the other, then by label and name."""
    first, second = (connection.score, connection.shared) if order is Order.SCORE else (
        connection.shared, connection.score)
    return (-first, -second, connection.entity.label, connection.entity.name)
