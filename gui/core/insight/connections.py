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
from gui.core.corpus.store_entities import CorpusEntity, entity_aliases
from gui.core.corpus.store_query import alias_key, id_chunks
from gui.core.corpus.store_resolution import alias_rows, resolution_current
from gui.core.insight.final_counts import final_entity_counts
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


def _subject(store: CorpusStore, name: str) -> tuple[str, list[int]] | None:
    """SQL selecting the documents of the entity called `name` (with `entity:`'s reading: the
    corpus-level entities, as corrected, while the resolution is current; else the per-document
    ones), and its parameters, the ids of those entities; None if there is none."""
    key = alias_key(name)
    if resolution_current(store):
        resolved = sorted(row for (row,) in store.db.execute(
            "SELECT id FROM final_entities WHERE key = ? UNION SELECT resolved FROM final_aliases"
            " WHERE alias_key = ?", (key, key)))
        if not resolved:
            return None
        marks = ",".join("?" * len(resolved))
        return f"SELECT document FROM final_documents WHERE resolved IN ({marks})", resolved
    subject = entity_ids(store, name)
    if not subject:
        return None
    marks = ",".join("?" * len(subject))
    return f"SELECT document FROM entity_documents WHERE entity IN ({marks})", subject


def is_entity(store: CorpusStore, name: str) -> bool:
    """Whether some entity is called `name` (a name or alias of it, case aside), as `connections`
    reads it: connections are asked of no entity otherwise."""
    return _subject(store, name) is not None


def close_names(store: CorpusStore, name: str, at_most: int = 3) -> list[str]:
    """The entities' names closest to `name` (a typo's, a wrong spelling's), best first: what
    to suggest for a name no entity has."""
    import difflib

    table = "final_entities" if resolution_current(store) else "entities"
    names = {row: row.casefold() for (row,) in store.db.execute(f"SELECT DISTINCT name FROM {table}")}
    by_folded: dict[str, str] = {}
    for shown, folded in names.items():
        by_folded.setdefault(folded, shown)
    close = difflib.get_close_matches(name.casefold(), list(by_folded), n=at_most, cutoff=0.75)
    return [by_folded[folded] for folded in close]


def connections(
    store: CorpusStore,
    name: str,
    top: int | None = 20,
    order: Order = Order.SCORE,
    within: Query | None = None,
) -> list[Connection]:
    """The entities sharing documents with the entity called `name` (every entity with that
    alias, taken as one), best first by `order`, at most `top`; only in the documents matching
    `within` if given, which then also scopes the score's document counts. They are the
    corpus-level entities as corrected (their names, labels and aliases; a rejected one is left
    out) while the resolution is current, else the per-document ones."""
    found_subject = _subject(store, name)
    if found_subject is None:
        return []
    subject_sql, subject = found_subject
    where, parameters = matching(within)
    scope = "" if within is None else f" AND document IN (SELECT d.id FROM documents d WHERE {where})"
    subject_documents = f"{subject_sql}{scope}"
    subject_parameters: list[object] = [*subject, *([] if within is None else parameters)]
    (total,) = store.db.execute(f"SELECT count(*) FROM documents d WHERE {where}", parameters).fetchone()
    (documents,) = store.db.execute(
        f"SELECT count(DISTINCT document) FROM ({subject_documents})", subject_parameters).fetchone()
    final = resolution_current(store)
    counted = _final if final else _per_document
    ids, shared, others = counted(store, subject_documents, subject_parameters, subject, within)
    candidates = np.flatnonzero(shared)
    scores = _scores(shared[candidates], documents, others[candidates], total)
    firsts, seconds = (scores, shared[candidates]) if order is Order.SCORE else (shared[candidates], scores)
    if top is not None and top < len(candidates):
        # Only those as good as the top-th (ties included) are read and sorted by name.
        best = np.lexsort((-seconds, -firsts))[top - 1]
        kept = (firsts > firsts[best]) | ((firsts == firsts[best]) & (seconds >= seconds[best]))
        candidates, scores = candidates[kept], scores[kept]
    chosen_ids = ids[candidates].tolist()
    named = _final_entities(store, chosen_ids) if final else _document_entities(store, chosen_ids)
    counts = shared[candidates].tolist()
    found = [(Connection(named[row], int(count), float(score)), row)
             for row, count, score in zip(chosen_ids, counts, scores.tolist(), strict=True) if row in named]
    found.sort(key=lambda item: (*_rank(item[0], order), item[1]))
    return [connection for connection, _ in (found if top is None else found[:top])]


def _per_document(
    store: CorpusStore, documents: str, parameters: list[object], subject: list[int], within: Query | None
) -> tuple[Ids, Counts, Counts]:
    """The per-document entities' ids, how many of the subject's documents mention each (the
    subject's own at 0), and how many documents of the corpus (or of `within`) do."""
    (largest,) = store.db.execute("SELECT coalesce(max(id), 0) FROM entities").fetchone()
    shared = entity_counts(store, documents, parameters, largest)
    shared[subject] = 0
    if within is None:
        others = corpus_counts(store, largest)
    else:
        where, scoped = matching(within)
        others = entity_counts(store, f"SELECT d.id FROM documents d WHERE {where}", scoped, largest)
    return np.arange(largest + 1, dtype=np.int64), shared, others


def _final(
    store: CorpusStore, documents: str, parameters: list[object], subject: list[int], within: Query | None
) -> tuple[Ids, Counts, Counts]:
    """`_per_document` for the corpus-level entities as corrected (final_counts)."""
    counted = final_entity_counts(store, documents, parameters)
    shared = counted.documents.copy()
    shared[np.isin(counted.ids, subject)] = 0
    if within is None:
        sizes = dict(store.db.execute("SELECT id, documents FROM final_entities"))
        others = np.array([sizes.get(entity, 0) for entity in counted.ids.tolist()], dtype=np.int64)
    else:
        where, scope_parameters = matching(within)
        others = final_entity_counts(
            store, f"SELECT d.id FROM documents d WHERE {where}", scope_parameters).of(counted.ids)
    return counted.ids, shared, others


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


def _document_entities(store: CorpusStore, ids: list[int]) -> dict[int, CorpusEntity]:
    """The per-document entities of these row ids, with their counts in the corpus."""
    found: dict[int, CorpusEntity] = {}
    for chunk in id_chunks(ids):
        marks = ",".join("?" * len(chunk))
        for row, entity_name, label, mentions, documents in store.db.execute(
            f"SELECT id, name, label, mentions, documents FROM entities WHERE id IN ({marks})", chunk
        ):
            found[row] = CorpusEntity(entity_name, label, (entity_name,), mentions, documents)
    aliases = entity_aliases(store, ids)
    return {row: replace(entity, aliases=aliases.get(row) or entity.aliases) for row, entity in found.items()}


def _final_entities(store: CorpusStore, ids: list[int]) -> dict[int, CorpusEntity]:
    """The corpus-level entities, as corrected, of these ids, with their counts in the corpus and
    their aliases (most mentioned first, as `seedview entities` gives them)."""
    found: dict[int, CorpusEntity] = {}
    aliases = alias_rows(store, ids)
    for chunk in id_chunks(ids):
        marks = ",".join("?" * len(chunk))
        for row, entity_name, label, mentions, documents in store.db.execute(
            f"SELECT id, name, label, mentions, documents FROM final_entities WHERE id IN ({marks})", chunk
        ):
            names = tuple(text for text, _ in aliases.get(row, [])) or (entity_name,)
            found[row] = CorpusEntity(entity_name, label, names, mentions, documents)
    return found


def _rank(connection: Connection, order: Order) -> tuple[float, float, str, str]:
    """Best first by `order`, then by the other, then by label and name."""
    first, second = (connection.score, connection.shared) if order is Order.SCORE else (
        connection.shared, connection.score)
    return (-first, -second, connection.entity.label, connection.entity.name)
