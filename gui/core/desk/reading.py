"""The reader's marks on documents, kept in the desk (desk_file.py): read or not, starred, tags and
a note; and notes on entities.

Plain functions of a connection that has the desk attached as `desk` (a CorpusStore's `.db`).
A document is named by its key, as the store names it: its file name's bytes and its corpus id;
a changed file keeps its marks while its path stays the same. A document's row goes once it
holds nothing (unread, not starred, no note), so the desk holds only what the user made.

Writes take the desk's lock only (a deferred transaction): the store's own writer, which holds
the store's lock for a batch at a time, never makes a mark wait.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from gui.core.model.display_text import REPLACEMENT, readable
from gui.core.model.document import Document
from gui.core.model.document_marks import DocumentMarks, MarksOf
from gui.core.model.sqlite_files import transaction

DocumentKey = tuple[bytes, str]  # the file name's bytes and the corpus id, as the store's documents


def document_key(path: Path, doc_id: str) -> DocumentKey:
    """The desk's key of a document listed at `path` (its file, or its JSON Lines file) with the
    corpus id `doc_id`: as the store writes its documents' name and doc_id."""
    return os.fsencode(path.name), readable(doc_id)


# The key the window keeps a listed document's marks under (marks_key): the desk's whole key only
# where the id alone would not name one document.
MarksKey = str | DocumentKey


def marks_key(path: Path, doc_id: str) -> MarksKey:
    """The key of a document's marks in the window: its id as the desk writes it, unless that holds
    U+FFFD, which stands for any undecodable byte of a file name (café and cafè in Latin-1 are both
    caf\N{REPLACEMENT CHARACTER} once readable): then the desk's own key, whose name bytes tell them
    apart. A corpus lists each id once, so the readable id is enough for every other document."""
    if doc_id.isascii():
        return doc_id  # the common case, and the cheapest
    shown = readable(doc_id)
    return shown if REPLACEMENT not in shown else (os.fsencode(path.name), shown)


def marks_key_of(key: DocumentKey) -> MarksKey:
    """The window's key (marks_key) of the document the desk keys `key`."""
    return key if REPLACEMENT in key[1] else key[1]


def listed_marks_keys(ids: Sequence[str], path_at: Callable[[int], Path]) -> list[MarksKey]:
    """The marks keys of a listing's documents, from their ids (`path_at(row)`: the file of the
    document on a row, asked only where the id has an undecodable byte or U+FFFD)."""

    joined = "\n".join(ids)  # one pass in C for the common case: every id is its own key
    if joined.isascii() or (REPLACEMENT not in joined and readable(joined) == joined):
        return list(ids)

    def non_ascii(row: int, doc_id: str) -> MarksKey:
        shown = readable(doc_id)
        return shown if REPLACEMENT not in shown else (os.fsencode(path_at(row).name), shown)

    return [doc_id if doc_id.isascii() else non_ascii(row, doc_id) for row, doc_id in enumerate(ids)]


def now() -> str:
    """The time a mark is made, as the desk keeps it (ISO 8601, UTC, to the second)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _ensure_row(db: sqlite3.Connection, key: DocumentKey) -> None:
    db.execute("INSERT OR IGNORE INTO desk.documents (name, doc_id) VALUES (?, ?)", key)


def _drop_if_empty(db: sqlite3.Connection, key: DocumentKey) -> None:
    db.execute(
        "DELETE FROM desk.documents WHERE name = ? AND doc_id = ? AND read_at IS NULL AND NOT starred"
        " AND note = ''", key
    )


def set_read(db: sqlite3.Connection, key: DocumentKey, read: bool, when: str | None = None) -> None:
    """Mark a document read (at `when`, else now; a read one keeps its first time) or unread."""
    with transaction(db):
        _ensure_row(db, key)
        if read:
            db.execute("UPDATE desk.documents SET read_at = coalesce(read_at, ?)"
                       " WHERE name = ? AND doc_id = ?", (when or now(), *key))
        else:
            db.execute("UPDATE desk.documents SET read_at = NULL WHERE name = ? AND doc_id = ?", key)
            _drop_if_empty(db, key)


def set_starred(db: sqlite3.Connection, key: DocumentKey, starred: bool) -> None:
    """Star a document, or take its star away."""
    with transaction(db):
        _ensure_row(db, key)
        db.execute("UPDATE desk.documents SET starred = ? WHERE name = ? AND doc_id = ?",
                   (int(starred), *key))
        _drop_if_empty(db, key)


def set_note(db: sqlite3.Connection, key: DocumentKey, note: str) -> None:
    """Replace a document's note (plain text; blank removes it)."""
    kept = note if note.strip() else ""
    with transaction(db):
        _ensure_row(db, key)
        db.execute("UPDATE desk.documents SET note = ? WHERE name = ? AND doc_id = ?", (kept, *key))
        _drop_if_empty(db, key)


def clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags as kept: spaces trimmed and collapsed, blank ones dropped, each once (the first of
    those that differ only in case), in the order given."""
    kept: dict[str, str] = {}
    for tag in tags:
        cleaned = " ".join(tag.split())
        if cleaned:
            kept.setdefault(cleaned.casefold(), cleaned)
    return tuple(kept.values())


def set_tags(db: sqlite3.Connection, key: DocumentKey, tags: Iterable[str]) -> tuple[str, ...]:
    """Give a document exactly these tags (cleaned: clean_tags); returns them."""
    kept = clean_tags(tags)
    with transaction(db):
        db.execute("DELETE FROM desk.tags WHERE name = ? AND doc_id = ?", key)
        db.executemany("INSERT INTO desk.tags (name, doc_id, tag) VALUES (?, ?, ?)",
                       [(*key, tag) for tag in kept])
    return kept


def marks_of(db: sqlite3.Connection, key: DocumentKey) -> DocumentMarks:
    """Everything the user made of one document."""
    row = db.execute(
        "SELECT read_at IS NOT NULL, starred, note FROM desk.documents WHERE name = ? AND doc_id = ?", key
    ).fetchone()
    tags = tuple(tag for (tag,) in db.execute(
        "SELECT tag FROM desk.tags WHERE name = ? AND doc_id = ? ORDER BY tag COLLATE NOCASE", key))
    if row is None:
        return DocumentMarks(tags=tags)
    return DocumentMarks(bool(row[0]), bool(row[1]), tags, row[2])


def all_marks(db: sqlite3.Connection) -> dict[DocumentKey, DocumentMarks]:
    """The marks of every document that has some (for the list's rows and the export)."""
    marks: dict[DocumentKey, DocumentMarks] = {}
    for name, doc_id, read, starred, note in db.execute(
        "SELECT name, doc_id, read_at IS NOT NULL, starred, note FROM desk.documents"
    ):
        marks[(bytes(name), doc_id)] = DocumentMarks(bool(read), bool(starred), (), note)
    tags: dict[DocumentKey, list[str]] = {}
    rows = db.execute("SELECT name, doc_id, tag FROM desk.tags ORDER BY tag COLLATE NOCASE")
    for name, doc_id, tag in rows:
        tags.setdefault((bytes(name), doc_id), []).append(tag)
    for key, its_tags in tags.items():
        found = marks.get(key, DocumentMarks())
        marks[key] = DocumentMarks(found.read, found.starred, tuple(its_tags), found.note)
    return marks


def corpus_tags(db: sqlite3.Connection) -> list[tuple[str, int]]:
    """The tags of the corpus with how many documents have each, most used first (for completion)."""
    rows = db.execute(
        "SELECT tag, count(*) AS uses FROM desk.tags GROUP BY tag ORDER BY uses DESC, tag COLLATE NOCASE"
    )
    return [(tag, int(uses)) for tag, uses in rows]


def entity_note(db: sqlite3.Connection, entity: str) -> str:
    """The note on an entity (keyed by its casefolded canonical name), or ''."""
    row = db.execute("SELECT note FROM desk.entity_notes WHERE entity = ?", (entity,)).fetchone()
    return str(row[0]) if row is not None else ""


def entity_notes(db: sqlite3.Connection) -> dict[str, str]:
    """Every note on an entity, by the entity's key (for the entity panel to show which have one)."""
    rows = db.execute("SELECT entity, note FROM desk.entity_notes")
    return {str(entity): str(note) for entity, note in rows}


def set_entity_note(db: sqlite3.Connection, entity: str, note: str) -> None:
    """Replace the note on an entity (blank removes it)."""
    with transaction(db):
        if note.strip():
            db.execute("INSERT OR REPLACE INTO desk.entity_notes (entity, note) VALUES (?, ?)",
                       (entity, note))
        else:
            db.execute("DELETE FROM desk.entity_notes WHERE entity = ?", (entity,))


def read_marks(
    desk_file: Path, warn: Callable[[str], None] | None = None
) -> dict[DocumentKey, DocumentMarks]:
    """Every document's marks in the desk file at `desk_file`, read without writing anything
    (for `seedview export`); none if there is no desk yet, or if it cannot be read (then `warn`
    gets a sentence saying so)."""
    if not desk_file.is_file():
        return {}
    db = sqlite3.connect(":memory:", uri=True)
    try:
        db.execute("ATTACH DATABASE ? AS desk", (f"{desk_file.as_uri()}?mode=ro",))
        return all_marks(db)
    except sqlite3.Error as error:
        if warn is not None:
            warn(f"the desk {desk_file} could not be read ({error}): every document is written unread,"
                 " unstarred, without tags or a note")
        return {}
    finally:
        db.close()


def marks_by_document(marks: dict[DocumentKey, DocumentMarks]) -> MarksOf:
    """The marks of each document (its file and id) among `marks`, for an export."""
    unmarked = DocumentMarks()

    def of(document: Document) -> DocumentMarks:
        return marks.get(document_key(document.path, document.id), unmarked)

    return of
