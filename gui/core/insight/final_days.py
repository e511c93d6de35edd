"""The documents and mentions of some final entities (the resolution as corrected: the final_*
views) per day, for a timeline of `entity:` or `type:` while the resolution is current.

Why not SQL's own GROUP BY date: joining each of an entity's rows to its document for the date
costs a seek per row, several times what reading the rows alone and every document's date once
does (an entity in a quarter of 100,000 documents, a label's thousands of entities). So the
rows are read as arrays (resolved_documents for the entities no correction touched, by their
key's prefix, corrected_documents for the others), summed by document, then by day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import numpy as np
import numpy.typing as npt

from gui.core.corpus.store import CorpusStore

Ids = npt.NDArray[np.int64]
_CHUNK = 20_000  # ids written out per query (ints of the store's own)
UNDATED = 0  # a document's day code when it has no date
SEEK_COST = 4  # about what looking a document up by id costs, against reading one row in order


def final_rows(store: CorpusStore, ids: list[int]) -> tuple[Ids, Ids]:
    """Every (document, mentions) row of these final entities, as two arrays."""
    touched = {row for (row,) in store.db.execute("SELECT DISTINCT resolved FROM corrected_pieces")}
    documents: list[Ids] = []
    mentions: list[Ids] = []
    for table, chosen in (("resolved_documents", [i for i in ids if i not in touched and i > 0]),
                          ("corrected_documents", [i for i in ids if i in touched or i < 0])):
        for first in range(0, len(chosen), _CHUNK):
            listed = ",".join(str(int(entity)) for entity in chosen[first : first + _CHUNK])
            found, counts = store.db.execute(
                f"SELECT group_concat(document), group_concat(mentions) FROM {table}"
                f" WHERE resolved IN ({listed})").fetchone()
            documents.append(parse_ids(found))
            mentions.append(parse_ids(counts))
    if not documents:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(documents), np.concatenate(mentions)


def label_documents(store: CorpusStore, labels: Iterable[str]) -> Ids:
    """The row ids of the documents of these labels (label_documents: what `type:` finds while
    the resolution is current), each once."""
    chosen = sorted({label.upper() for label in labels})
    (found,) = store.db.execute(
        "SELECT group_concat(document) FROM (SELECT DISTINCT document FROM label_documents"
        f" WHERE label IN ({','.join('?' * len(chosen))}))", chosen).fetchone()
    return parse_ids(found)


def matching_documents(store: CorpusStore, where: str, parameters: list[object]) -> Ids:
    """The row ids of the documents (`d`) matching `where`."""
    (found,) = store.db.execute(
        f"SELECT group_concat(d.id) FROM documents d WHERE {where}", parameters).fetchone()
    return parse_ids(found)


def day_counts(
    store: CorpusStore, documents: Ids, rows: tuple[Ids, Ids], changes: Mapping[int, int] | None = None
) -> dict[dt.date | None, tuple[int, int]]:
    """Per day (None: undated), how many of `documents` (row ids, each once) there are and how
    many mentions the rows (their documents and mentions, as final_rows gives them) give them,
    with `changes` (by document) added."""
    if not len(documents):
        return {}
    codes = _day_codes(store, documents)
    inside = rows[0] < len(codes)
    per_document = np.bincount(rows[0][inside], weights=rows[1][inside], minlength=len(codes))
    for document, change in (changes or {}).items():
        if document < len(per_document):
            per_document[document] += change
    days = codes[documents]
    unique, inverse = np.unique(days, return_inverse=True)
    counted = np.bincount(inverse, minlength=len(unique))
    totals = np.bincount(inverse, weights=per_document[documents], minlength=len(unique))
    return {_day(int(code)): (int(count), max(round(total), 0))
            for code, count, total in zip(unique.tolist(), counted.tolist(), totals.tolist(), strict=True)}


def _day_codes(store: CorpusStore, documents: Ids) -> Ids:
    """Each of these documents' day as an integer YYYYMMDD (UNDATED: none), indexed by row id:
    a few looked up by id, many read with every other in the order of the table (a seek each
    costs several times a row read in order)."""
    highest = int(documents.max())
    codes = np.full(highest + 1, UNDATED, dtype=np.int64)
    day = "ifnull(CAST(replace(date, '-', '') AS INTEGER), 0)"
    if len(documents) * SEEK_COST < highest:
        chunks = [documents[first : first + _CHUNK] for first in range(0, len(documents), _CHUNK)]
        wanted = [f"id IN ({','.join(map(str, chunk.tolist()))})" for chunk in chunks]
    else:
        wanted = [f"id <= {highest}"]
    for condition in wanted:  # ints of the store's own
        found, days = store.db.execute(
            f"SELECT group_concat(id), group_concat({day}) FROM documents WHERE {condition}").fetchone()
        codes[parse_ids(found)] = parse_ids(days)
    return codes


def _day(code: int) -> dt.date | None:
    return None if code == UNDATED else dt.date(code // 10_000, code // 100 % 100, code % 100)


def parse_ids(text: str | None) -> Ids:
    """The integers of a group_concat (none for NULL or '')."""
    return np.fromstring(text, dtype=np.int64, sep=",") if text else np.zeros(0, dtype=np.int64)
