"""The desk file: one SQLite database per corpus holding what only the user can make of it
(entity corrections, read and starred documents, tags, notes, saved views, past searches).

The corpus store (gui/core/corpus/store.py) is derived: it lives in the cache folder and is
rebuilt whenever it is damaged or of another schema. The desk is not derived, so it is kept
apart and treated as the user's own document:
- it lives in the data folder (the caller chooses: clearing caches never reaches it);
- it is never dropped: a newer Seedview adds to it by migrations, an older one that finds a desk
  of a later version opens it read-only rather than touch it;
- a damaged desk is moved aside, never deleted, with a notice.
The store attaches it to each of its connections as the schema `desk`, so queries can join the
two (`is:read`, `tag:NAME`, corrected entities).

Documents are keyed as the store names them, by their file name's bytes and their corpus id, so
that a changed file keeps its state when its path stays the same.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import time
from pathlib import Path

from gui.core.model.sqlite_files import proven_damaged, statements

log = logging.getLogger(__name__)

DESKS_FOLDER = "desks"
SCHEMA = "desk"  # the name it is attached under
_KEY_DIGITS = 24

# Each step takes the desk from one version to the next, in a transaction; PRAGMA user_version
# counts the steps taken. Steps are only ever appended: a desk is migrated, never rebuilt.
MIGRATIONS: tuple[str, ...] = (
    """
    -- Entity corrections, in the order they were made: a later one wins over an earlier one it
    -- conflicts with. `body` is the correction as `seedview corrections export` writes it (a
    -- JSON object with its "op"); `active` is 0 for one undone or removed (kept for redo).
    CREATE TABLE desk.corrections (
        seq INTEGER PRIMARY KEY,
        op TEXT NOT NULL,
        body TEXT NOT NULL,
        made TEXT NOT NULL,               -- ISO time it was made
        active INTEGER NOT NULL DEFAULT 1
    );
    -- A document's reading state; a row only once there is some.
    CREATE TABLE desk.documents (
        name BLOB NOT NULL,               -- as the store's documents.name
        doc_id TEXT NOT NULL,             -- as the store's documents.doc_id
        read_at TEXT,                     -- ISO time it was read; NULL: unread
        starred INTEGER NOT NULL DEFAULT 0,
        note TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (name, doc_id)
    ) WITHOUT ROWID;
    CREATE TABLE desk.tags (
        name BLOB NOT NULL,
        doc_id TEXT NOT NULL,
        tag TEXT NOT NULL,
        PRIMARY KEY (name, doc_id, tag)
    ) WITHOUT ROWID;
    CREATE INDEX desk.tags_by_tag ON tags (tag);
    -- Notes on entities, keyed by the entity's casefolded canonical name.
    CREATE TABLE desk.entity_notes (entity TEXT PRIMARY KEY, note TEXT NOT NULL) WITHOUT ROWID;
    -- Views saved under a name: the query, filters and sort, as JSON.
    CREATE TABLE desk.saved_views (name TEXT PRIMARY KEY, view TEXT NOT NULL) WITHOUT ROWID;
    -- Searches as typed, the latest last; each query once.
    CREATE TABLE desk.searches (seq INTEGER PRIMARY KEY, query TEXT NOT NULL UNIQUE);
    """,
)
DESK_VERSION = len(MIGRATIONS)


def desk_path(folder: Path, corpus: Path) -> Path:
    """Where the desk of a corpus (a folder, a `.txt` or a JSON Lines file) lives: a file named
    by a hash of the corpus's resolved path, under `folder`."""
    return folder / DESKS_FOLDER / f"{corpus_digest(corpus)}.sqlite3"


def corpus_digest(corpus: Path) -> str:
    """A short, stable name for a corpus: a hash of its resolved path's bytes."""
    resolved = os.fsencode(corpus.expanduser().resolve())
    return hashlib.sha256(resolved).hexdigest()[:_KEY_DIGITS]


def attach_desk(db: sqlite3.Connection, path: Path | None, busy_timeout: float) -> list[str]:
    """Attach the desk at `path` (None: one in memory, for this connection only) to `db` as
    `desk`, made or migrated as needed. Returns notices for people: what had to be done. Never
    raises for the desk's sake: a desk that cannot be used is replaced by one in memory."""
    notices: list[str] = []
    if path is None:
        _attach(db, ":memory:", notices)
        return notices
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _attach(db, str(path), notices)
        return notices
    except OSError as error:
        notices.append(f"The desk {path} cannot be written ({error.strerror or error}); "
                       "corrections and reading state are kept in memory for this session.")
    except sqlite3.DatabaseError as error:
        if not proven_damaged(path, error, busy_timeout):
            notices.append(f"The desk {path} cannot be opened ({error}); corrections and reading state "
                           "are kept in memory for this session.")
        else:
            kept = _set_aside(path)
            notices.append(f"The desk {path} is damaged ({error}); it was moved to {kept} and a new "
                           "one begun.")
            try:
                _attach(db, str(path), notices)
                return notices
            except (OSError, sqlite3.DatabaseError) as again:
                notices.append(f"A new desk cannot be made at {path} ({again}); corrections and reading "
                               "state are kept in memory for this session.")
    _detach_quietly(db)
    _attach(db, ":memory:", notices)
    return notices


def _attach(db: sqlite3.Connection, location: str, notices: list[str]) -> None:
    db.execute(f"ATTACH DATABASE ? AS {SCHEMA}", (location,))
    try:
        _migrate(db, location, notices)
    except BaseException:
        _detach_quietly(db)
        raise


def _migrate(db: sqlite3.Connection, location: str, notices: list[str]) -> None:
    """Take the attached desk to DESK_VERSION, each step in its own transaction (another process
    may be migrating the same desk: the version is read again inside the transaction)."""
    version = _version(db)
    if version > DESK_VERSION:
        # Left untouched: the reading goes on with a desk in memory.
        notices.append(f"The desk {location} was made by a later version of Seedview (version {version}, "
                       f"this one knows {DESK_VERSION}); it is left as it is, and corrections and reading "
                       "state are kept in memory for this session.")
        _detach_quietly(db)
        _attach(db, ":memory:", notices)
        return
    if version == DESK_VERSION:
        return
    if location != ":memory:":
        db.execute(f"PRAGMA {SCHEMA}.journal_mode = WAL")
    while version < DESK_VERSION:
        db.execute("BEGIN IMMEDIATE")
        try:
            version = _version(db)
            if version < DESK_VERSION:
                for statement in statements(MIGRATIONS[version]):
                    db.execute(statement)
                version += 1
                db.execute(f"PRAGMA {SCHEMA}.user_version = {version}")
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise


def _version(db: sqlite3.Connection) -> int:
    return int(db.execute(f"PRAGMA {SCHEMA}.user_version").fetchone()[0])


def _set_aside(path: Path) -> Path:
    """Move a damaged desk (and its WAL files) aside, under a name that says when."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    kept = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{path}{suffix}")
        if source.exists():
            source.replace(Path(f"{kept}{suffix}"))
    return kept


def _detach_quietly(db: sqlite3.Connection) -> None:
    try:
        db.execute(f"DETACH DATABASE {SCHEMA}")
    except sqlite3.Error:
        pass
