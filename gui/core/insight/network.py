"""The network of a query's top entities: one node per entity (its size the documents it is
mentioned in, its colour its label), one edge per pair that shares documents (its width how
many), laid out the same way every time for the same corpus.

Its entities are the corpus-level ones as the desk's corrections leave them (final_*: a merged
pair is one node, a relabelled entity has its new label, a rejected one is left out, an added
text is one) while the resolution is current, else the per-document ones, as the connections'.

The layout is networkx's spring layout from a fixed seed, over nodes and edges given in an order
that follows from the corpus alone (documents, mentions, label, name), never from row ids or
timing; the same corpus and query give the same picture. Asked again as the store grows (while
a folder is annotated), the network may keep the places of the nodes it had: those stay where
they were and only the new ones are laid out among them, so that the picture does not jump.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_query import id_chunks
from gui.core.corpus.store_resolution import resolution_current
from gui.core.insight.connections import Counts, Ids, entity_pairs, parse_ids
from gui.core.insight.final_counts import final_entity_pairs
from gui.core.insight.query_scope import matching
from gui.core.search.query import Query

LAYOUT_SEED = 16
# Above this many nodes networkx lays out with scipy, which Seedview does not need otherwise.
MAX_NODES = 400
# Kept places are used while at least this share of the nodes had one: a network mostly new is
# laid out anew (from its first answers, a folder's network is little like its last).
KEPT_SHARE = 0.5
_CHUNK = 500  # ids per IN (...): below SQLite's limit on bound parameters
Bits = npt.NDArray[np.uint64]  # rows of bits, 64 to a word
Shared = npt.NDArray[np.int64]
Places = Mapping[tuple[str, str], tuple[float, float]]  # (name, label): where a node was drawn


@dataclass(frozen=True)
class Node:
    """An entity of the network: its name and label, how many of the query's documents mention
    it, and where it is drawn (x and y within -1..1)."""

    name: str
    label: str
    documents: int
    x: float
    y: float


@dataclass(frozen=True)
class Edge:
    """Two nodes (their indexes, `source` < `target`) and how many documents mention both."""

    source: int
    target: int
    shared: int


@dataclass(frozen=True)
class Network:
    """Nodes, most documents first, and the edges between them in (source, target) order."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]


def _top_entities(store: CorpusStore, counts: Counts | None, top: int) -> list[tuple[int, str, str, int]]:
    """(id, name, label, documents) of the `top` entities in most documents: of the corpus, or
    by `counts` (documents per entity row id) if given."""
    if counts is None:
        return store.db.execute(
            "SELECT id, name, label, documents FROM entities WHERE documents > 0"
            " ORDER BY documents DESC, mentions DESC, label, key LIMIT ?", [top]
        ).fetchall()
    candidates = np.flatnonzero(counts)
    if top < len(candidates):
        # Only those with as many documents as the top-th (ties included) are read and sorted.
        least = np.sort(counts[candidates])[-top]
        candidates = candidates[counts[candidates] >= least]
    found: list[tuple[int, str, str, int, int, str]] = []
    ids = candidates.tolist()
    for first in range(0, len(ids), _CHUNK):
        chunk = ids[first : first + _CHUNK]
        marks = ",".join("?" * len(chunk))
        rows = store.db.execute(
            f"SELECT id, name, label, mentions, key FROM entities WHERE id IN ({marks})", chunk)
        found += [(row, name, label, int(counts[row]), mentions, key)
                  for row, name, label, mentions, key in rows]
    found.sort(key=lambda item: (-item[3], -item[4], item[2], item[5]))
    return [(row, name, label, documents) for row, name, label, documents, _, _ in found[:top]]


Chosen = list[tuple[int, str, str, int]]  # (id, name, label, documents) of each node's entity


def _final_chosen(store: CorpusStore, ids: Ids, counts: Counts, top: int) -> Chosen:
    """The `top` of these final entities by `counts` (documents), then mentions, label, key."""
    if top < len(ids):
        # Only those with as many documents as the top-th (ties included) are read and sorted.
        least = np.sort(counts)[-top]
        ids, counts = ids[counts >= least], counts[counts >= least]
    documents_of = dict(zip(ids.tolist(), counts.tolist(), strict=True))
    found: list[tuple[int, str, str, int, int, str]] = []
    for chunk in id_chunks(ids.tolist()):
        marks = ",".join("?" * len(chunk))
        rows = store.db.execute(
            f"SELECT id, name, label, mentions, key FROM final_entities WHERE id IN ({marks})", chunk)
        found += [(row, name, label, documents_of[row], mentions, key)
                  for row, name, label, mentions, key in rows]
    found.sort(key=lambda item: (-item[3], -item[4], item[2], item[5]))
    return [(row, name, label, documents) for row, name, label, documents, _, _ in found[:top]]


def _final_network_sets(store: CorpusStore, query: Query | None, top: int) -> tuple[Chosen, Bits]:
    """The `top` final entities of the documents matching `query` (None: every document) and
    their documents' sets (as `_document_sets`)."""
    if query is None:
        chosen = store.db.execute(
            "SELECT id, name, label, documents FROM final_entities WHERE documents > 0"
            " ORDER BY documents DESC, mentions DESC, label, key LIMIT ?", [top]
        ).fetchall()
        return chosen, _final_document_sets(store, [row[0] for row in chosen])
    where, parameters = matching(query)
    pairs = final_entity_pairs(store, f"SELECT d.id FROM documents d WHERE {where}", parameters)
    counts = np.bincount(pairs.entities, minlength=len(pairs.ids)).astype(np.int64)
    present = np.flatnonzero(counts)
    chosen = _final_chosen(store, pairs.ids[present], counts[present], top)
    (largest,) = store.db.execute("SELECT coalesce(max(id), 0) FROM documents").fetchone()
    words = largest // 64 + 1
    sets = np.zeros((len(chosen), words * 64), dtype=np.bool_)
    rank = np.full(len(pairs.ids), -1, dtype=np.int64)
    rank[np.searchsorted(pairs.ids, [row[0] for row in chosen])] = np.arange(len(chosen))
    ranks = rank[pairs.entities]
    kept = ranks >= 0
    sets[ranks[kept], pairs.documents[kept]] = True
    return chosen, np.packbits(sets, axis=1, bitorder="little").view(np.uint64)


def _final_document_sets(store: CorpusStore, ids: list[int]) -> Bits:
    """`_document_sets` of final entities over the corpus: each one's documents read from the
    table it is in (a view of both reads each row twice as slowly)."""
    (largest,) = store.db.execute("SELECT coalesce(max(id), 0) FROM documents").fetchone()
    words = largest // 64 + 1
    sets = np.zeros((len(ids), words * 64), dtype=np.bool_)
    if not ids:
        return np.zeros((0, words), dtype=np.uint64)
    corrected = {row for (row,) in store.db.execute("SELECT id FROM corrected")}
    for number, entity in enumerate(ids):
        table = "corrected_documents" if entity in corrected else "resolved_documents"
        (documents_of,) = store.db.execute(
            f"SELECT group_concat(document) FROM {table} WHERE resolved = ?", [entity]
        ).fetchone()
        sets[number, parse_ids(documents_of)] = True
    return np.packbits(sets, axis=1, bitorder="little").view(np.uint64)


def _document_sets(store: CorpusStore, ids: list[int], pairs: tuple[Ids, Ids] | None) -> Bits:
    """Each entity's documents as a row of bits, in the order of `ids`: bit d of row i is set if
    document d mentions entity ids[i]. The documents are the corpus's, or those of `pairs`
    (document and entity row ids) if given."""
    (largest,) = store.db.execute("SELECT coalesce(max(id), 0) FROM documents").fetchone()
    words = largest // 64 + 1
    sets = np.zeros((len(ids), words * 64), dtype=np.bool_)
    if not ids:
        return np.zeros((0, words), dtype=np.uint64)
    if pairs is not None:
        documents, entities = pairs
        rank = np.full(max(int(entities.max(initial=0)), max(ids)) + 1, -1, dtype=np.int64)
        rank[ids] = np.arange(len(ids))
        ranks = rank[entities]
        kept = ranks >= 0
        sets[ranks[kept], documents[kept]] = True
    else:
        for number, entity in enumerate(ids):
            (documents_of,) = store.db.execute(
                "SELECT group_concat(document) FROM entity_documents WHERE entity = ?", [entity]
            ).fetchone()
            sets[number, parse_ids(documents_of)] = True
    return np.packbits(sets, axis=1, bitorder="little").view(np.uint64)


def shared_documents(sets: Bits) -> Shared:
    """How many documents each pair of rows of bits has in common (a symmetric matrix)."""
    shared = np.zeros((len(sets), len(sets)), dtype=np.int64)
    for row in range(len(sets) - 1):
        shared[row, row + 1 :] = np.bitwise_count(sets[row] & sets[row + 1 :]).sum(axis=1)
    return shared + shared.T


def network(
    store: CorpusStore,
    query: Query | None = None,
    top: int = 100,
    min_shared: int = 1,
    kept: Places | None = None,
) -> Network:
    """The network of the `top` entities (at most MAX_NODES) mentioned in most of the documents
    matching `query` (None: every document), with an edge for each pair sharing at least
    `min_shared` of those documents. `kept`: the places of the nodes of the network shown
    before, which its nodes still there keep (while at least KEPT_SHARE of them are)."""
    top = min(top, MAX_NODES)
    if resolution_current(store):
        chosen, sets = _final_network_sets(store, query, top)
    elif query is None:
        chosen = _top_entities(store, None, top)
        sets = _document_sets(store, [row[0] for row in chosen], None)
    else:
        # The query's documents' entities, read once: to count them, and for the chosen's links.
        where, parameters = matching(query)
        pairs = entity_pairs(store, f"SELECT d.id FROM documents d WHERE {where}", parameters)
        chosen = _top_entities(store, np.bincount(pairs[1]).astype(np.int64), top)
        sets = _document_sets(store, [row[0] for row in chosen], pairs)
    shared = shared_documents(sets)
    sources, targets = np.nonzero(np.triu(shared >= max(min_shared, 1), k=1))
    edges = [Edge(source, target, int(shared[source, target]))
             for source, target in zip(sources.tolist(), targets.tolist(), strict=True)]
    fixed = {number: kept[(name, label)] for number, (_, name, label, _) in enumerate(chosen)
             if kept is not None and (name, label) in kept}
    places = spring_layout([row[3] for row in chosen], edges,
                           fixed if len(fixed) >= KEPT_SHARE * len(chosen) else None)
    nodes = tuple(Node(name, label, documents, x, y)
                  for (_, name, label, documents), (x, y) in zip(chosen, places, strict=True))
    return Network(nodes, tuple(edges))


def spring_layout(
    sizes: list[int], edges: list[Edge], fixed: Mapping[int, tuple[float, float]] | None = None
) -> list[tuple[float, float]]:
    """Where to draw each node: a force-directed layout from a fixed seed, edges pulling by how
    much of their nodes' documents they share (shared over the geometric mean of the two). The
    nodes of `fixed` (by index) stay at the places given; the others are laid out among them."""
    if not sizes:
        return []
    if fixed and len(fixed) == len(sizes):
        return [fixed[node] for node in range(len(sizes))]
    if len(sizes) == 1:
        return [(0.0, 0.0)]
    import networkx as nx  # its import is paid for by the network alone

    graph = nx.Graph()
    graph.add_nodes_from(range(len(sizes)))
    for edge in edges:
        strength = edge.shared / math.sqrt(sizes[edge.source] * sizes[edge.target])
        graph.add_edge(edge.source, edge.target, weight=strength)
    if fixed:
        places = nx.spring_layout(graph, pos=dict(fixed), fixed=list(fixed), seed=LAYOUT_SEED,
                                  weight="weight")
    else:
        places = nx.spring_layout(graph, seed=LAYOUT_SEED, weight="weight")
    return [(round(float(places[node][0]), 6), round(float(places[node][1]), 6))
            for node in range(len(sizes))]
