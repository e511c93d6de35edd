"""Questions to the corpus store: documents matching a query (ranked, with their hits and
snippets), the documents mentioning an entity by any of its names (its entities' own
questions are in store_entities), and the documents quick open lists for a few typed letters.

Entities are the corpus-level resolution's (store_resolution) when it is current, as the desk's
corrections leave it (store_corrections, the final_* views): `entity:` then follows every name of
a person ("Mr Blair" for Tony Blair), and what the user merged, split, rejected or added. While
it is stale (documents came or went since it ran), the per-document entities answer.

A query tree (gui.core.search.query) becomes SQL here. Every word and phrase goes to FTS5 quoted,
as a string, so nothing typed is ever FTS5 syntax; the parts that only FTS5 can answer together
(words, phrases, OR and NOT between them) go as one MATCH expression.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_corrections import final_mention_spans
from gui.core.corpus.store_desk import desk_predicate
from gui.core.corpus.store_resolution import resolution_current
from gui.core.corpus.store_schema import RESOLUTION_FACT
from gui.core.entities.mentions import entity_key, normalise_mention
from gui.core.model.clusters import cluster_end, cluster_start
from gui.core.model.document import make_title
from gui.core.search.fuzzy import SCORED_AT_MOST, fold, rank
from gui.core.search.query import (
    And,
    DateFilter,
    EntityFilter,
    Not,
    Or,
    Phrase,
    Query,
    StateFilter,
    TagFilter,
    TypeFilter,
    Word,
)

_WHITESPACE = re.compile(r"\s+")
SNIPPET_CONTEXT = 60  # characters of the body on each side of a hit
_OPEN, _CLOSE = "\ue000", "\ue001"  # what FTS5's highlight() puts around each hit
CHUNK_IDS = 500  # ids per IN (...): below SQLite's limit on bound parameters
# The most matches a search ranks. BM25 costs time per match, and a query matching
# more than this many documents is too common to rank by (BM25 gives a word in over half the
# documents no weight): its best are looked for among the last indexed, as Elasticsearch's
# terminate_after collects only so many per shard. Narrower queries are ranked whole.
RANKED_AT_MOST = 10_000
# A label in one document in this many or more is broad: a `type:` page tests the newest documents
# one by one, finding 20 among at most some hundreds, rather than sorting all of the label's.
BROAD_SHARE = 20


@dataclass(frozen=True)
class Hit:
    """Where a document matches: code-point offsets into its body, the text matched and some text
    on each side of it (on one line, '…' where cut)."""

    start: int
    end: int
    before: str
    match: str
    after: str

    @property
    def snippet(self) -> str:
        """The hit in its context, as one line."""
        return self.before + self.match + self.after


@dataclass(frozen=True)
class DocumentMatch:
    """A document a query found, best first, with its hits in text order."""

    path: Path
    id: str
    title: str
    date: str | None
    hits: tuple[Hit, ...]


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def fts_expression(query: Query) -> str | None:
    """The FTS5 MATCH expression of a query made only of words and phrases (with AND, OR, and NOT
    beside something positive), or None if it has filters or a lone negation."""
    match query:
        case Word(text=text, prefix=prefix):
            return _quoted(text) + ("*" if prefix else "")
        case Phrase(words=words):
            return _quoted(" ".join(words))
        case Or(items=items):
            parts = [fts_expression(item) for item in items]
            return None if None in parts else "(" + " OR ".join(map(str, parts)) + ")"
        case And(items=items):
            positive = [fts_expression(item) for item in items if not isinstance(item, Not)]
            negative = [fts_expression(item.item) for item in items if isinstance(item, Not)]
            if not positive or None in positive or None in negative:
                return None
            expression = "(" + " AND ".join(map(str, positive)) + ")"
            return expression + "".join(f" NOT {part}" for part in negative)
    return None


def sought(query: Query, negated: bool = False) -> Iterator[Query]:
    """The query's leaves (words, phrases, filters) it looks for: those not negated (under no Not,
    or under two), in its order; what ranks and highlights a match, and what it names, are read
    from these."""
    match query:
        case And(items=items) | Or(items=items):
            for item in items:
                yield from sought(item, negated)
        case Not(item=item):
            yield from sought(item, not negated)
        case _:
            if not negated:
                yield query


def positive_text(query: Query) -> Iterator[str]:
    """The FTS5 expressions of the words and phrases a match should be ranked and highlighted by."""
    return (str(fts_expression(item)) for item in sought(query) if isinstance(item, Word | Phrase))


def _positive_entities(query: Query) -> Iterator[str]:
    return (alias_key(item.name) for item in sought(query) if isinstance(item, EntityFilter))


def _needs_text(query: Query) -> bool:
    """Whether every match of the query matches some of its words or phrases."""
    match query:
        case Word() | Phrase():
            return True
        case And(items=items):
            return any(map(_needs_text, items))
        case Or(items=items):
            return all(map(_needs_text, items))
    return False


def alias_key(name: str) -> str:
    """How a name typed in `entity:` is looked up among the aliases (as the mentions are keyed)."""
    return entity_key("", normalise_mention(name) or " ".join(name.split())).name


# True while the resolution is current: `entity:` reads it then, the per-document entities else.
_CURRENT = f"EXISTS (SELECT 1 FROM facts WHERE name = '{RESOLUTION_FACT}')"


def predicate(query: Query, broad: frozenset[str] = frozenset()) -> tuple[str, list[object]]:
    """SQL that is true of the documents (`d`) the query matches, and its parameters. The labels
    in `broad` (upper case) are in many documents: their `type:` is tested document by document,
    so that a page of them, newest first, reads only the newest documents."""
    expression = fts_expression(query)
    if expression is not None:
        return "d.id IN (SELECT rowid FROM bodies WHERE bodies MATCH ?)", [expression]
    match query:
        case EntityFilter(name=name):
            key = alias_key(name)
            # One IN over both sources, the stale one's rows ruled out by the fact: SQLite then
            # walks the matches, where a CASE between two INs has it test every document.
            return (f"d.id IN (SELECT document FROM final_documents WHERE {_CURRENT} AND resolved IN"
                    " (SELECT id FROM final_entities WHERE key = ? UNION SELECT resolved FROM final_aliases"
                    " WHERE alias_key = ?) UNION ALL SELECT document FROM entity_documents WHERE NOT"
                    f" {_CURRENT} AND entity IN (SELECT entity FROM aliases WHERE alias_key = ?))",
                    [key, key, key])
        case TypeFilter(label=label):
            # While the resolution is current, a type is the final entities' (their consensus,
            # or the label a correction gave them), as the panel and the legend show it: a
            # relabelled entity is found by its new type, a rejected one by none, an added text
            # by its own. Else the per-document entities' labels, as the model gave them.
            # The final entities' labels by document are kept in label_documents (a row per
            # document of the label, where the views gave one per document of each entity), with
            # the mentions relabelled alone (store_corrected_tables.relabel_changes): a document
            # is the label's if one of its mentions is, by its own label or else its entity's.
            others = ("d.id IN (SELECT document FROM entity_documents WHERE NOT"
                      f" {_CURRENT} AND entity IN (SELECT id FROM entities WHERE label = ? COLLATE NOCASE))")
            if label.upper() in broad:  # read for each document, in the order the query's own
                return (f"(EXISTS (SELECT 1 FROM label_documents WHERE {_CURRENT} AND label = ?"
                        f" AND document = d.id) OR {others})", [label, label])
            # Else read first: every document of the label, then sorted.
            return (f"(d.id IN (SELECT document FROM label_documents WHERE {_CURRENT} AND label = ?)"
                    f" OR {others})", [label, label])
        case DateFilter(start=start, end=end):
            return "d.date BETWEEN ? AND ?", [start.isoformat(), end.isoformat()]
        case StateFilter() | TagFilter():  # the user's desk: is:read, tag:NAME, has:note
            return desk_predicate(query)
        case Not(item=item):
            sql, parameters = predicate(item)
            return f"NOT ({sql})", parameters
        case And(items=items) | Or(items=items):
            joiner = " AND " if isinstance(query, And) else " OR "
            parts = [predicate(item, broad) for item in items]
            return "(" + joiner.join(sql for sql, _ in parts) + ")", [p for _, ps in parts for p in ps]
    raise TypeError(f"not a query: {query!r}")


def _ranked_sql(
    query: Query, columns: str, limit: int, first_row: int = 0, broad: frozenset[str] = frozenset()
) -> tuple[str, list[object]]:
    """SQL that selects `columns` of the documents (`d`) matching `query`, best first (by BM25
    when it has words or phrases to rank by, else newest first), at most `limit` (-1: all); a
    query of words and phrases alone ranks only the matches from row id `first_row` on (all of
    them: those first, then the others)."""
    text = list(dict.fromkeys(positive_text(query)))
    rank = " OR ".join(text) if text else None
    whole = fts_expression(query)
    # Ranked by bm25() rather than by FTS5's rank column: FTS5 answers ORDER BY rank by ranking
    # every match before SQLite filters any, where bm25() is computed only for the rows kept.
    if whole is not None and limit == -1:  # every match, those `search` ranks first
        return (f"SELECT {columns} FROM (SELECT rowid, rowid < ? AS later, bm25(bodies) AS score FROM bodies"
                " WHERE bodies MATCH ?) AS best JOIN documents d ON d.id = best.rowid"
                " ORDER BY best.later, best.score", [first_row, whole])
    if whole is not None:  # ranked first, so that only the best are looked up in documents
        return (f"SELECT {columns} FROM (SELECT rowid, bm25(bodies) AS score FROM bodies WHERE bodies"
                " MATCH ? AND rowid >= ? ORDER BY score LIMIT ?) AS best"
                " JOIN documents d ON d.id = best.rowid ORDER BY best.score", [whole, first_row, limit])
    where, parameters = predicate(query, broad)
    if rank is not None and _needs_text(query):
        return (f"SELECT {columns} FROM bodies JOIN documents d ON d.id = bodies.rowid"
                f" WHERE bodies MATCH ? AND {where} ORDER BY bm25(bodies) LIMIT ?",
                [rank, *parameters, limit])
    if rank is not None:
        return (f"SELECT {columns} FROM documents d LEFT JOIN (SELECT rowid, bm25(bodies) AS rank"
                f" FROM bodies WHERE bodies MATCH ?) AS r ON r.rowid = d.id WHERE {where}"
                " ORDER BY r.rank IS NULL, r.rank, d.date IS NULL, d.date DESC, d.id LIMIT ?",
                [rank, *parameters, limit])
    return (f"SELECT {columns} FROM documents d WHERE {where}"
            " ORDER BY d.date IS NULL, d.date DESC, d.id LIMIT ?", [*parameters, limit])


def ranked_ids(store: CorpusStore, query: Query, ranked_at_most: int = RANKED_AT_MOST) -> list[str]:
    """The corpus ids of every document matching `query`, best first (as `search` ranks them)."""
    whole = fts_expression(query)
    first_row = 0 if whole is None else first_ranked_row(store, whole, ranked_at_most)
    return [doc_id for (doc_id,) in store.db.execute(*_ranked_sql(query, "d.doc_id", -1, first_row))]


def search(
    store: CorpusStore, query: Query, limit: int = 20, ranked_at_most: int = RANKED_AT_MOST
) -> list[DocumentMatch]:
    """The documents matching `query`, best first (by BM25 when it has words or phrases to rank
    by, else newest first), at most `limit`, each with its hits. Words and phrases that match
    more than `ranked_at_most` documents are ranked among the `ranked_at_most` last indexed."""
    text = list(dict.fromkeys(positive_text(query)))
    rank = " OR ".join(text) if text else None
    whole = fts_expression(query)
    first_row = 0 if whole is None else first_ranked_row(store, whole, ranked_at_most)
    columns = "d.id, d.name, d.record, d.doc_id, d.title, d.date"
    sql, parameters = _ranked_sql(query, columns, limit, first_row, broad_labels(store, query))
    rows = store.db.execute(sql, parameters).fetchall()
    ids = [row[0] for row in rows]
    found = bodies(store, ids)
    hits = _hits(store, found, whole or rank, list(dict.fromkeys(_positive_entities(query))))
    root = store.root
    return [
        DocumentMatch(root / os.fsdecode(bytes(name)), doc_id, title_of(title, found.get(row, "")), date,
                      hits.get(row, ()))
        for row, name, _record, doc_id, title, date in rows
    ]


def _labels(query: Query) -> Iterator[str]:
    match query:
        case TypeFilter(label=label):
            yield label.upper()
        case And(items=items) | Or(items=items):
            for item in items:
                yield from _labels(item)


def broad_labels(store: CorpusStore, query: Query) -> frozenset[str]:
    """The labels of the query's `type:` that at least one document in BROAD_SHARE has: a page of
    the newest of those is found among the newest documents."""
    labels = set(_labels(query))
    if not labels:
        return frozenset()
    enough = max(1, store.document_count() // BROAD_SHARE)
    return frozenset(label for label in labels if store.db.execute(
        "SELECT count(*) FROM (SELECT 1 FROM label_documents WHERE label = ? LIMIT ?)", (label, enough)
    ).fetchone()[0] >= enough)


def first_ranked_row(store: CorpusStore, expression: str, ranked_at_most: int = RANKED_AT_MOST) -> int:
    """The lowest row id of the `ranked_at_most` last indexed documents an FTS5 expression matches
    (0 if fewer match: all are ranked)."""
    found = store.db.execute("SELECT rowid FROM bodies WHERE bodies MATCH ? ORDER BY rowid DESC"
                             " LIMIT 1 OFFSET ?", (expression, ranked_at_most)).fetchone()
    return 0 if found is None else int(found[0]) + 1


def bodies(store: CorpusStore, ids: list[int]) -> dict[int, str]:
    """The bodies of these documents, by row id."""
    found: dict[int, str] = {}
    for chunk in id_chunks(ids):
        marks = ",".join("?" * len(chunk))
        found.update(store.db.execute(f"SELECT id, body FROM plain_texts WHERE id IN ({marks})", chunk))
    return found


def title_of(stored: str | None, body: str) -> str:
    """A document's title: the one stored (its source's own), else its body's first sentence, as
    Document.title makes it (the store does not keep it twice)."""
    return stored if stored is not None else make_title(body)


def _hits(
    store: CorpusStore, texts: dict[int, str], expression: str | None, entity_keys: list[str]
) -> dict[int, tuple[Hit, ...]]:
    """The hits of each document (its body given in `texts`, by row id): the words and phrases
    FTS5 highlights, and the mentions of the entities asked for."""
    ids = list(texts)
    spans: dict[int, set[tuple[int, int]]] = {row: set() for row in ids}
    resolved: set[int] | None = None  # the resolved entities asked for, when current
    if entity_keys and ids and resolution_current(store):
        resolved = set()
        for key in entity_keys:  # as predicate() reads `entity:`: its own key, or an alias's
            resolved.update(row for (row,) in store.db.execute(
                "SELECT id FROM final_entities WHERE key = ? UNION SELECT resolved FROM final_aliases"
                " WHERE alias_key = ?", (key, key)))
    for chunk in id_chunks(ids):
        marks = ",".join("?" * len(chunk))
        if expression is not None:
            highlighted = store.db.execute(
                f"SELECT rowid, highlight(bodies, 0, '{_OPEN}', '{_CLOSE}') FROM bodies"
                f" WHERE bodies MATCH ? AND rowid IN ({marks})", [expression, *chunk]
            )
            for row, text in highlighted:
                spans[row].update(marked_spans(text))
        if entity_keys and resolved is not None:
            for row, start, end in final_mention_spans(store, chunk, resolved):
                spans[row].add((start, end))
        elif entity_keys:
            keys = ",".join("?" * len(entity_keys))
            mentions = store.db.execute(
                f'SELECT document, start, "end" FROM mention_spans WHERE document IN ({marks}) AND entity IN'
                f" (SELECT entity FROM aliases WHERE alias_key IN ({keys}))", [*chunk, *entity_keys]
            )
            for row, start, end in mentions:
                spans[row].add((start, end))
    return {
        row: tuple(Hit(start, end, *snippet_parts(texts[row], start, end))
                   for start, end in sorted(found))
        for row, found in spans.items()
    }


def marked_spans(text: str) -> Iterator[tuple[int, int]]:
    """The spans highlight() marked, as offsets into the text without the marks."""
    removed = 0
    start = 0
    at = text.find(_OPEN)
    while at != -1:
        close = text.find(_CLOSE, at)
        if close == -1:
            return
        start = at - removed
        removed += 1
        yield start, close - removed
        removed += 1
        at = text.find(_OPEN, close)


def snippet_parts(body: str, start: int, end: int, context: int = SNIPPET_CONTEXT) -> tuple[str, str, str]:
    """The text before a hit, the hit, and the text after it: on one line, cut at spaces, '…'
    where cut."""
    left = max(0, start - context)
    right = min(len(body), end + context)
    if left > 0:  # from a word's start, or at least a whole character's
        space = body.find(" ", left, start)
        left = space + 1 if space != -1 else cluster_start(body, left)
    if right < len(body):
        space = body.rfind(" ", end, right)
        right = space if space != -1 else cluster_end(body, right)
    before = ("…" if left > 0 else "") + _one_line(body[left:start]).lstrip()
    after = _one_line(body[end:right]).rstrip() + ("…" if right < len(body) else "")
    return before, _one_line(body[start:end]), after


def _one_line(text: str) -> str:
    return _WHITESPACE.sub(" ", text)


def snippet(body: str, start: int, end: int, context: int = SNIPPET_CONTEXT) -> str:
    """The hit with some text on each side, on one line, cut at spaces, '…' where cut."""
    return "".join(snippet_parts(body, start, end, context))


def id_chunks(items: list[int]) -> Iterator[list[int]]:
    for first in range(0, len(items), CHUNK_IDS):
        yield items[first : first + CHUNK_IDS]


def documents_mentioning(store: CorpusStore, name: str) -> list[tuple[DocumentMatch, int]]:
    """The documents mentioning the entity called `name` (or any entity with it as an alias),
    with how often, most mentions first; each with the mentions as its hits."""
    rows = store.db.execute(
        "SELECT d.id, d.name, d.doc_id, d.title, d.date, sum(ed.mentions) AS count"
        " FROM entity_documents ed JOIN documents d ON d.id = ed.document"
        " WHERE ed.entity IN (SELECT entity FROM aliases WHERE alias_key = ?)"
        " GROUP BY d.id ORDER BY count DESC, d.date IS NULL, d.date DESC, d.id",
        [alias_key(name)],
    ).fetchall()
    found = bodies(store, [row[0] for row in rows])
    hits = _hits(store, found, None, [alias_key(name)])
    root = store.root
    return [
        (DocumentMatch(root / os.fsdecode(bytes(file)), doc_id, title_of(title, found.get(row, "")), date,
                       hits.get(row, ())), count)
        for row, file, doc_id, title, date, count in rows
    ]


def quick_open_ranking(
    store: CorpusStore,
    query: str,
    limit: int,
    positions: Mapping[str, int] | None = None,
    ordered_from_ids_at_most: int | None = None,
    wanted: Callable[[], bool] | None = None,
) -> list[str]:
    """The ids of the documents quick open (Ctrl+P) lists for `query`, best first, as its
    in-memory ranking (gui/core/search/fuzzy's FuzzyIndex over "title name") lists them: one LIKE
    of the query's characters in order over the stored names (document_names, folded: LIKE's
    ASCII-only case folding misses nothing) finds the matches, of which the SCORED_AT_MOST first
    in the listing's default order (newest first, then by file name) are scored. Ties go by
    `positions` (each id's place in the window's list), else in that order. An empty query: [].
    `ordered_from_ids_at_most` is ORDERED_FROM_IDS_AT_MOST unless given (see below). `wanted`,
    if given, is asked once the matches are found: False (the query was typed on) gives [] at
    once, without scoring them, and so does False while they are scored (asked again every
    few hundred): a query typed on stops soon, whatever it was doing, and the newer is asked."""
    at_most = ORDERED_FROM_IDS_AT_MOST if ordered_from_ids_at_most is None else ordered_from_ids_at_most
    needle = fold("".join(query.split()))
    if not needle:
        return []
    pattern = "%" + "%".join(_LIKE_SPECIAL.sub(r"\\\g<0>", char) for char in needle) + "%"
    # The names alone first (a scan of a few MB): a query matching some thousands of documents is
    # ordered from their ids, where the listing's order, walked by its index and joined row by row
    # till SCORED_AT_MOST matched, took many times as long on a big folder. A query that
    # matches more is ordered by that walk: it stops early. How many it matches is guessed from
    # a sample of the names first: scanning for more than `at_most` matches of a query matching
    # some tens of thousands read most of the names, before the walk, for nothing.
    hits, seen = store.db.execute(
        "SELECT total(names LIKE ? ESCAPE '\\'), count(*) FROM (SELECT names FROM document_names LIMIT ?)",
        (pattern, NAMES_SAMPLED)).fetchone()
    if seen == NAMES_SAMPLED:
        (highest,) = store.db.execute("SELECT max(id) FROM document_names").fetchone()
        many = hits / seen * highest > at_most  # ids are nearly dense: the last one counts them
    else:
        many = hits > at_most  # the sample is every name
    found: dict[int, str] = {} if many else dict(store.db.execute(
        "SELECT id, names FROM document_names WHERE names LIKE ? ESCAPE '\\' LIMIT ?",
        (pattern, at_most + 1)))
    if not many and len(found) <= at_most:
        # Their ids alone are ordered (the names found are not carried through the sort).
        ordered = store.db.execute(
            "SELECT id, doc_id FROM documents WHERE id IN (SELECT value FROM json_each(?))"
            " ORDER BY date IS NULL, date DESC, name, record LIMIT ?",
            (json.dumps(list(found)), SCORED_AT_MOST))
        rows = [(doc_id, found[row]) for row, doc_id in ordered]
    else:
        rows = store.db.execute(
            "SELECT d.doc_id, n.names FROM document_names n JOIN documents d ON d.id = n.id"
            " WHERE n.names LIKE ? ESCAPE '\\'"
            " ORDER BY d.date IS NULL, d.date DESC, d.name, d.record LIMIT ?",
            (pattern, SCORED_AT_MOST)).fetchall()
    if wanted is not None and not wanted():
        return []
    if positions is not None:
        unlisted = len(positions)
        rows.sort(key=lambda row: positions.get(row[0], unlisted))
    ranked = rank(query, [row[0] for row in rows], [row[1] for row in rows], limit, wanted)
    return [doc_id for doc_id, _ in ranked]


_LIKE_SPECIAL = re.compile(r"[%_\\]")
ORDERED_FROM_IDS_AT_MOST = 10_000  # matches of a quick open query ordered from their ids (above)
NAMES_SAMPLED = 5_000  # names a quick open query is tried on first, to guess how many it matches
