"""The store's documents joined with the user's desk (gui/core/desk): the query language's
`is:read`, `is:unread`, `is:starred`, `has:note` and `tag:NAME`, how much of a corpus, or of a
query's documents, has been read, and the desk's corrections in a reader's words (a mention by
its line in the document's text, which the store holds).

A desk row names a document as the store does, by its file name's bytes and its corpus id, so the
join is on (name, doc_id): a file changed on disk is a new row of the store with the same name and
id, and keeps its state.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from gui.core.corpus.store import CorpusStore
from gui.core.desk.corrections import Correction, RelabelMention, in_words, line_of
from gui.core.search.query import Query, StateFilter, TagFilter

# The desk's documents in a state, as the store's document ids. CROSS JOIN keeps the desk's rows
# outside (the few the user marked), each looked up by name, where SQLite would else scan every
# document and look each up in the desk.
_DOCUMENTS_IN_STATE = (
    "SELECT s.id FROM desk.documents r CROSS JOIN documents s ON s.name = r.name AND s.doc_id = r.doc_id"
    " WHERE {}"
)
_STATES = {
    "read": "r.read_at IS NOT NULL",
    "unread": "r.read_at IS NOT NULL",  # negated below: a document with no desk row is unread
    "starred": "r.starred",
    "note": "r.note != ''",
}
_TAGGED = (
    "SELECT s.id FROM desk.tags t CROSS JOIN documents s ON s.name = t.name AND s.doc_id = t.doc_id"
    " WHERE t.tag = ? COLLATE NOCASE"
)


def desk_predicate(query: StateFilter | TagFilter) -> tuple[str, list[object]]:
    """SQL true of the documents (`d`) in the desk state a filter names, and its parameters."""
    if isinstance(query, TagFilter):
        return f"d.id IN ({_TAGGED})", [query.tag]
    sql = "d.id {} (" + _DOCUMENTS_IN_STATE.format(_STATES[query.state]) + ")"
    return sql.format("NOT IN" if query.state == "unread" else "IN"), []


@dataclass(frozen=True)
class ReadingProgress:
    """How many documents (of a corpus, or of those a query matches) there are, and how many of
    them have been read."""

    read: int
    documents: int


def reading_progress(store: CorpusStore, query: Query | None = None) -> ReadingProgress:
    """How many of the store's documents (those `query` matches, if given) are read."""
    from gui.core.corpus.store_query import predicate  # store_query imports this module

    where, parameters = predicate(query) if query is not None else ("1", [])
    read_sql = _DOCUMENTS_IN_STATE.format(_STATES["read"])
    documents, read = store.db.execute(
        f"SELECT count(*), total(d.id IN ({read_sql})) FROM documents d WHERE {where}", parameters
    ).fetchone()
    return ReadingProgress(int(read), int(documents))


def corrections_in_words(store: CorpusStore, corrections: Iterable[tuple[int, Correction]]) -> dict[int, str]:
    """Each correction (by its seq) as a reader says it (corrections.in_words), a mention by its
    line in the text the store holds of its document."""
    said = {}
    for seq, correction in corrections:
        line = None
        if isinstance(correction, RelabelMention):
            (name, doc_id), start = correction.document, correction.start
            found = store.db.execute(
                "SELECT t.body FROM documents d JOIN plain_texts t ON t.id = d.id"
                " WHERE d.doc_id = ? AND (d.name = ? OR ? = x'') LIMIT 1", (doc_id, name, name)).fetchone()
            line = line_of(found[0], start) if found is not None else None
        said[seq] = in_words(correction, line)
    return said
