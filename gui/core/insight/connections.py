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
from collections.abc import Iterator
from dataclasses import dataclass, replace
from enum import Enum

from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_query import CorpusEntity, alias_key
from gui.core.insight.query_scope import matching
from gui.core.search.query import Query

_CHUNK = 500  # ids per IN (...): below SQLite's limit on bound parameters


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
    subject = entity_ids(store, name)
    if not subject:
        return []
    marks = ",".join("?" * len(subject))
    where, parameters = matching(within)
    scope = f"SELECT d.id FROM documents d WHERE {where}"
    (total,) = store.db.execute(f"SELECT count(*) FROM ({scope})", parameters).fetchone()
    (documents,) = store.db.execute(
        f"SELECT count(DISTINCT document) FROM entity_documents WHERE entity IN ({marks})"
        f" AND document IN ({scope})", [*subject, *parameters]
    ).fetchone()
    rows = store.db.execute(
        f"WITH shared_documents(id) AS (SELECT DISTINCT document FROM entity_documents"
        f" WHERE entity IN ({marks}) AND document IN ({scope}))"
        " SELECT ed.entity, e.name, e.label, e.mentions, e.documents, count(*) FROM shared_documents s"
        " JOIN entity_documents ed ON ed.document = s.id JOIN entities e ON e.id = ed.entity"
        f" WHERE ed.entity NOT IN ({marks}) GROUP BY ed.entity",
        [*subject, *parameters, *subject],
    ).fetchall()
    others = {row[0]: row[4] for row in rows}
    if within is not None:
        others = _documents_within(store, list(others), scope, parameters)
    found = [
        (Connection(CorpusEntity(entity_name, label, (entity_name,), mentions, corpus), shared,
                    association(shared, documents, others[row], total)), row)
        for row, entity_name, label, mentions, corpus, shared in rows
    ]
    found.sort(key=lambda item: (*_rank(item[0], order), item[1]))
    chosen = found if top is None else found[:top]
    aliases = entity_aliases(store, [row for _, row in chosen])
    return [_with_aliases(connection, aliases.get(row)) for connection, row in chosen]


def _with_aliases(connection: Connection, aliases: tuple[str, ...] | None) -> Connection:
    if not aliases:
        return connection
    return replace(connection, entity=replace(connection.entity, aliases=aliases))


def _rank(connection: Connection, order: Order) -> tuple[float, float, str, str]:
    """Best first by `order`, then by the other, then by label and name."""
    first, second = (connection.score, connection.shared) if order is Order.SCORE else (
        connection.shared, connection.score)
    return (-first, -second, connection.entity.label, connection.entity.name)


def _documents_within(
    store: CorpusStore, ids: list[int], scope: str, parameters: list[object]
) -> dict[int, int]:
    """How many of the documents in `scope` each entity is mentioned in."""
    counts: dict[int, int] = {}
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        counts.update(store.db.execute(
            f"SELECT entity, count(*) FROM entity_documents WHERE entity IN ({marks})"
            f" AND document IN ({scope}) GROUP BY entity", [*chunk, *parameters]
        ))
    return counts


def entity_aliases(store: CorpusStore, ids: list[int]) -> dict[int, tuple[str, ...]]:
    """Every alias of each entity, sorted."""
    found: dict[int, list[str]] = {}
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for entity, alias in store.db.execute(
            f"SELECT entity, alias FROM aliases WHERE entity IN ({marks}) ORDER BY entity, alias", chunk
        ):
            found.setdefault(entity, []).append(alias)
    return {entity: tuple(names) for entity, names in found.items()}


def _chunks(items: list[int]) -> Iterator[list[int]]:
    for first in range(0, len(items), _CHUNK):
        yield items[first : first + _CHUNK]
