"""How many of some documents mention each of the corpus's entities as resolved and corrected
(the store's final_* views), counted from the per-document entities' rows: what the connections
list, so that a merged alias is counted as the entity it joined, a relabelled entity has its new
label and a rejected one is left out.

Why not count final_documents itself: it has no index by document, and reading all of it for an
entity's documents costs several times what the per-document rows (document_entities, a row per
document) do. So each per-document entity is read as the final entity its names mean. Its names
are joined to the resolution's texts by alias key, as `entity:` joins them. When every text of
its names means one final entity (or none: rejected), which is most of them, its documents are
that entity's. When they mean several, as a surname shared by two people or a name a correction
split off, each of those final entities is counted exactly from final_documents, one entity's
rows at a time (an index prefix), as are the entities with mentions an `add` correction found,
which no per-document entity has.

Only while the resolution is current (store_resolution.resolution_current): its tables are then
those of the mentions counted.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_query import id_chunks
from gui.core.model.sqlite_files import transaction

Ids = npt.NDArray[np.int64]
Counts = npt.NDArray[np.int64]

MEANINGS = "final_meanings"  # the connection's temporary table of what each per-document entity means
_LARGE = 20_000  # documents: an entity counted exactly with a query of its own
NOT_COUNTED = -1  # an index into the final entities' ids (which may be < 0) for none


@dataclass(frozen=True)
class FinalEntityCounts:
    """The final entities (their ids, sorted; a new one's id is < 0) and how many of the
    documents counted mention each, in the same order."""

    ids: Ids
    documents: Counts

    def of(self, entity_ids: Ids) -> Counts:
        """The counts of these final entities (0 for one not counted)."""
        lookup = dict(zip(self.ids.tolist(), self.documents.tolist(), strict=True))
        return np.array([lookup.get(entity, 0) for entity in entity_ids.tolist()], dtype=np.int64)


def final_entity_ids(store: CorpusStore) -> Ids:
    """Every final entity's id, sorted."""
    (found,) = store.db.execute("SELECT group_concat(id) FROM final_entities").fetchone()
    return np.sort(_parse(found))


def final_entity_counts(store: CorpusStore, documents: str, parameters: list[object]) -> FinalEntityCounts:
    """How many of the documents `documents` (SQL selecting their ids, with `parameters`) mention
    each final entity."""
    ids, listed, pairs_documents, finals, index_of, exact_ids = _read_as_finals(store, documents, parameters)
    width = len(ids) + 1
    # A document counts once per final entity, however many of its per-document entities mean
    # it: the pairs of entities meant by several are made unique (sorted), the others need not be.
    shared_final = np.bincount(index_of[index_of >= 0], minlength=width) > 1
    alone = finals >= 0
    alone[alone] = ~shared_final[finals[alone]]
    together = (finals >= 0) & ~alone
    keys = np.sort(pairs_documents[together] * width + finals[together])
    keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))] if len(keys) else keys
    counts = (np.bincount(finals[alone], minlength=width) + np.bincount(keys % width, minlength=width))
    counts = counts[: len(ids)].astype(np.int64)
    if len(exact_ids):
        counted = _exact_counts(store, exact_ids.tolist(), _selected(store, listed, documents, parameters))
        counts[np.searchsorted(ids, exact_ids)] = [counted.get(entity, 0) for entity in exact_ids.tolist()]
    return FinalEntityCounts(ids, counts)


@dataclass(frozen=True)
class FinalEntityPairs:
    """Every (document, final entity) of some documents, each pair once: the documents' row ids
    and the final entities' indexes in `ids` (every final entity's id, sorted), in two arrays of
    the same length."""

    documents: Ids
    entities: Ids
    ids: Ids


def final_entity_pairs(store: CorpusStore, documents: str, parameters: list[object]) -> FinalEntityPairs:
    """Every (document, final entity) of the documents `documents` (SQL selecting their ids, with
    `parameters`) selects: the network's nodes and links, as final_entity_counts counts them."""
    ids, listed, pairs_documents, finals, _, exact_ids = _read_as_finals(store, documents, parameters)
    kept = finals >= 0
    documents_found, indexes = [pairs_documents[kept]], [finals[kept]]
    if len(exact_ids):
        selected = _selected(store, listed, documents, parameters)
        chosen = np.zeros(int(selected.max()) + 1 if len(selected) else 0, dtype=bool)
        chosen[selected] = True
        for entity in exact_ids.tolist():
            (rows_text,) = store.db.execute(
                "SELECT group_concat(document) FROM final_documents WHERE resolved = ?", (entity,)).fetchone()
            rows = _parse(rows_text)
            rows = rows[rows < len(chosen)]
            rows = rows[chosen[rows]]
            documents_found.append(rows)
            indexes.append(np.full(len(rows), int(np.searchsorted(ids, entity)), dtype=np.int64))
    width = len(ids) + 1
    # Sorted and made unique (np.unique hashes: slower).
    keys = np.sort(np.concatenate(documents_found) * width + np.concatenate(indexes))
    keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))] if len(keys) else keys
    return FinalEntityPairs(keys // width, keys % width, ids)


class _AsFinals(NamedTuple):
    """The documents' per-document entities read as final entities (see the module)."""

    ids: Ids  # every final entity's id, sorted
    listed: Ids  # the documents with per-document entities
    documents: Ids  # each (document, per-document entity) pair's document
    finals: Ids  # and its final entity's index in `ids`, when counted from the pairs alone
    index_of: Ids  # each candidate per-document entity's final index (NOT_COUNTED: not so)
    exact_ids: Ids  # the final entities (among `ids`) counted exactly, one query each


def _read_as_finals(store: CorpusStore, documents: str, parameters: list[object]) -> _AsFinals:
    ids = final_entity_ids(store)
    listed, pairs_documents, pairs_entities = _pairs(store, documents, parameters)
    present = np.bincount(pairs_entities) if len(pairs_entities) else np.zeros(0, dtype=np.int64)
    candidates = np.flatnonzero(present)  # ids of the store's (np.unique hashes: slower)
    meant, meaning, exact = _meanings(store, candidates)
    # Each per-document entity as its final entity's index, if it is counted from pairs alone.
    exact_ids = np.array(sorted(exact), dtype=np.int64)
    at = np.minimum(np.searchsorted(meant, candidates), max(len(meant) - 1, 0))
    single = meant[at] == candidates if len(meant) else np.zeros(len(candidates), dtype=bool)
    finals_of = np.where(single, meaning[at], 0) if len(meant) else np.zeros(len(candidates), dtype=np.int64)
    from_pairs = single & ~np.isin(finals_of, exact_ids) & np.isin(finals_of, ids)
    index_of = np.where(from_pairs, np.searchsorted(ids, finals_of), NOT_COUNTED)
    lookup = np.full(len(present), NOT_COUNTED, dtype=np.int64)
    lookup[candidates] = index_of
    return _AsFinals(ids, listed, pairs_documents, lookup[pairs_entities], index_of,
                     exact_ids[np.isin(exact_ids, ids)])


def _selected(store: CorpusStore, listed: Ids, documents: str, parameters: list[object]) -> Ids:
    """Every document selected: those listed have a row of per-document entities, which one
    without any lacks, whose mentions may be those an `add` correction found alone. The documents
    are selected again only if there are such mentions (a query's scope is a full-text search:
    read twice otherwise)."""
    if store.db.execute("SELECT 1 FROM corrected_mentions LIMIT 1").fetchone() is None:
        return listed
    (every,) = store.db.execute(
        f"SELECT group_concat(id) FROM documents WHERE id IN ({documents})", parameters).fetchone()
    return _parse(every)


def _pairs(store: CorpusStore, documents: str, parameters: list[object]) -> tuple[Ids, Ids, Ids]:
    """The documents with known entities (every one with mentions), and every (document,
    per-document entity) of them as two arrays of row ids."""
    # As connections.entity_pairs: a row per document, its entities' ids one hex string.
    found, lengths, blob = store.db.execute(
        "SELECT group_concat(document), group_concat(length(entities) / 4), group_concat(hex(entities), '')"
        f" FROM document_entities WHERE document IN ({documents})", parameters).fetchone()
    entities = np.frombuffer(bytes.fromhex(blob or ""), dtype="<i4").astype(np.int64)
    listed = _parse(found)
    return listed, np.repeat(listed, _parse(lengths)), entities


def _meanings(store: CorpusStore, entities: Ids) -> tuple[Ids, Ids, set[int]]:
    """The per-document entities that mean one final entity (not those rejected, nor those
    meaning several), sorted, and the final entity each means; and the final entities to count
    exactly (those meant by one of `entities` meaning several, and those with mentions an `add`
    correction found). Those meaning one are most: read as two arrays, whatever `entities` are."""
    db = store.db
    _keep_meanings(db)
    exact = {entity for (entity,) in db.execute("SELECT DISTINCT entity FROM corrected_mentions")}
    meant, meaning = db.execute(
        f"SELECT group_concat(entity), group_concat(finals) FROM temp.{MEANINGS}"
        " WHERE NOT rejected AND instr(finals, ',') = 0").fetchone()
    wanted = set(entities.tolist())
    for entity, finals, rejected in db.execute(
        f"SELECT entity, finals, rejected FROM temp.{MEANINGS} WHERE rejected OR instr(finals, ',') > 0"
    ):
        named = [int(final) for final in finals.split(",")] if finals else []
        if entity in wanted and len(named) + rejected > 1:
            exact.update(named)
    meant_ids, meaning_ids = _parse(meant), _parse(meaning)
    order = np.argsort(meant_ids, kind="stable")  # the table's key order, most likely: sorted
    return meant_ids[order], meaning_ids[order], exact


def _keep_meanings(db: sqlite3.Connection) -> None:
    """Write what every per-document entity means into the connection's own temporary table,
    unless it holds that already: the join behind it reads every alias of the corpus (a long
    pause on a big corpus), and each entity asked about would read it again.
    It holds while no other connection has written the store (PRAGMA data_version) and this one
    has written nothing since (total_changes): a resolution, a correction applied."""
    db.execute(f"CREATE TEMP TABLE IF NOT EXISTS {MEANINGS}"
               " (entity INTEGER PRIMARY KEY, finals TEXT, rejected INTEGER NOT NULL)")
    db.execute(f"CREATE TEMP TABLE IF NOT EXISTS {MEANINGS}_made (data_version INTEGER, changes INTEGER)")
    (version,) = db.execute("PRAGMA data_version").fetchone()
    if db.execute(f"SELECT data_version, changes FROM temp.{MEANINGS}_made").fetchone() == (
            version, db.total_changes):
        return
    with transaction(db):
        db.execute(f"DELETE FROM temp.{MEANINGS}")
        db.execute(f"DELETE FROM temp.{MEANINGS}_made")
        # A text of a resolved entity a correction touched means what its piece says (NULL:
        # rejected); any other, its resolved entity. Each entity's distinct ones, by SQLite (a
        # surname's text is one of each person who bears it: many rows).
        db.execute(
            f"INSERT INTO temp.{MEANINGS} SELECT entity, group_concat(DISTINCT final), max(final IS NULL)"
            " FROM (SELECT a.entity, CASE WHEN p.resolved IS NULL THEN r.resolved ELSE p.entity END AS final"
            " FROM aliases a JOIN resolved_aliases r ON r.alias_key = a.alias_key"
            " LEFT JOIN corrected_pieces p ON p.resolved = r.resolved AND p.text = r.alias) GROUP BY entity")
        db.execute(f"INSERT INTO temp.{MEANINGS}_made VALUES (?, 0)", (version,))
    # The stamp's own write is counted too: one row.
    db.execute(f"UPDATE temp.{MEANINGS}_made SET changes = ?", (db.total_changes + 1,))


def _exact_counts(store: CorpusStore, entities: list[int], listed: Ids) -> dict[int, int]:
    """How many of the `listed` documents mention each of these final entities, from
    final_documents (read by entity: its primary key's prefix)."""
    chosen = np.zeros(int(listed.max()) + 1 if len(listed) else 0, dtype=bool)
    chosen[listed] = True
    found: dict[int, int] = {}
    sizes = _sizes(store, entities)
    # A large entity alone (its rows in key order), the others in groups (a GROUP BY sorts them).
    large = [entity for entity in entities if sizes.get(entity, 0) > _LARGE]
    for entity in large:
        (documents,) = store.db.execute(
            "SELECT group_concat(document) FROM final_documents WHERE resolved = ?", (entity,)).fetchone()
        rows = _parse(documents)
        found[entity] = int(chosen[rows[rows < len(chosen)]].sum())
    for chunk in id_chunks([entity for entity in entities if sizes.get(entity, 0) <= _LARGE]):
        listed_ids = ",".join(str(int(entity)) for entity in chunk)  # ints of the store's own
        entity_rows, document_rows = store.db.execute(
            "SELECT group_concat(resolved), group_concat(document) FROM final_documents"
            f" WHERE resolved IN ({listed_ids})").fetchone()
        owners, rows = _parse(entity_rows), _parse(document_rows)
        inside = rows < len(chosen)
        owners, rows = owners[inside], rows[inside]
        for entity, count in zip(*np.unique(owners[chosen[rows]], return_counts=True), strict=True):
            found[int(entity)] = int(count)
    return found


def _sizes(store: CorpusStore, entities: list[int]) -> dict[int, int]:
    """How many documents each final entity has."""
    found: dict[int, int] = {}
    for chunk in id_chunks(entities):
        found.update(store.db.execute(
            f"SELECT id, documents FROM final_entities WHERE id IN ({','.join('?' * len(chunk))})", chunk))
    return found


def _parse(text: str | None) -> Ids:
    """The integers of a group_concat (none for NULL or '')."""
    return np.fromstring(text, dtype=np.int64, sep=",") if text else np.zeros(0, dtype=np.int64)
