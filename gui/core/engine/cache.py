"""An on-disk entity cache in SQLite, keyed by the text's hash and the pipeline that produced it."""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

from gui.core.model.document import Entity
from gui.core.model.sqlite_files import CALLER_TELLS, error_code, proven_damaged, retried_while_busy
from gui.core.model.text_hash import sha256_hex

log = logging.getLogger(__name__)

CACHE_FILE_NAME = "entities.sqlite3"
# How long a write waits for another program's lock on the cache before it is given up.
BUSY_TIMEOUT_S = 10.0
# Keys per look-up query: well under SQLite's limit on bound parameters (999 in old builds).
LOOKUP_CHUNK = 500
# Texts at least this long have their key remembered (see text_key): hashing them is not free.
REMEMBERED_KEY_CHARS = 100_000
_REMEMBERED_KEYS = 4
_remembered: list[tuple[str, str]] = []  # (text, key), the latest last; the strings themselves
_remembered_lock = threading.Lock()
_SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS entities (
    text_sha256 TEXT NOT NULL,
    pipeline TEXT NOT NULL,
    spans TEXT NOT NULL,
    PRIMARY KEY (text_sha256, pipeline)
) WITHOUT ROWID
"""


def text_key(text: str) -> str:
    """The cache key of a text: the SHA-256 of its UTF-8 bytes."""
    if len(text) < REMEMBERED_KEY_CHARS:
        return sha256_hex(text.encode("utf-8", errors="surrogatepass"))
    # The window asks for the key of a long text on screen several times as it shows it and its
    # entities, and the thread that read it can work it out beforehand: remember the last few
    # keys, for those very strings (kept here, so no other string can take their place in memory).
    with _remembered_lock:
        for known, key in _remembered:
            if known is text:
                return key
    key = sha256_hex(text.encode("utf-8", errors="surrogatepass"))
    with _remembered_lock:
        _remembered.append((text, key))
        del _remembered[:-_REMEMBERED_KEYS]
    return key


def _is_locked(error: sqlite3.Error) -> bool:
    # SQLITE_BUSY is another connection's lock; SQLITE_LOCKED is a conflict within this one.
    return error_code(error) == sqlite3.SQLITE_BUSY


def _is_read_only(error: sqlite3.Error) -> bool:
    return error_code(error) == sqlite3.SQLITE_READONLY


def _open_reader(path: Path, busy_timeout: float) -> sqlite3.Connection | None:
    """A read-only connection to a cache file whose entities can be read, else None: it creates,
    repairs and locks nothing."""
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=busy_timeout)
    except (sqlite3.DatabaseError, OSError, ValueError):
        return None
    try:
        db.execute("SELECT count(*) FROM entities WHERE 0").fetchone()
    except sqlite3.DatabaseError:
        db.close()
        return None
    return db


def _encode(entities: Sequence[Entity]) -> str:
    return json.dumps([[e.start, e.end, e.label] for e in entities], separators=(",", ":"))


def _decode(spans: str) -> tuple[Entity, ...]:
    return tuple(Entity(int(start), int(end), str(label)) for start, end, label in json.loads(spans))


class EntityCache:
    """Raw engine entities per (text hash, pipeline); never fatal. A damaged cache file is rebuilt;
    one that is locked by another program or read-only is kept and read, and `problem` says why
    new entities are not saved to it.

    One instance belongs to one thread (SQLite connections are not shared across threads).
    """

    def __init__(
        self,
        path: Path | None,
        pipeline: str,
        db: sqlite3.Connection | None = None,
        busy_timeout: float = BUSY_TIMEOUT_S,
    ) -> None:
        self.path = path
        self.pipeline = pipeline
        self.problem: str | None = None
        self._busy_timeout = busy_timeout
        self._writing = True  # until a write finds the file locked or read-only
        self._db = db if db is not None else self._connect()

    @classmethod
    def read_only(cls, path: Path, pipeline: str) -> EntityCache | None:
        """The cache at `path` for look-ups only, or None if there is none (yet) or it cannot be
        read: it is neither created, nor repaired, nor locked for writing, so another thread's
        cache can keep writing to the file meanwhile."""
        db = _open_reader(path, BUSY_TIMEOUT_S)
        return None if db is None else cls(path, pipeline, db)

    def _connect(self) -> sqlite3.Connection:
        if self.path is None:
            return self._create(":memory:")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            location, timeout = str(self.path), self._busy_timeout
            return retried_while_busy(lambda: self._create(location, timeout), timeout)
        except OSError as error:
            return self._in_memory(f"cannot be written ({error.strerror or error})")
        except sqlite3.DatabaseError as error:
            failure = error
        # Only a file proven damaged is deleted: another program may hold a healthy one open
        # (locked, its commit still to come), or it may merely be read-only.
        if _is_locked(failure):
            state = f"is locked by another program (still after {self._busy_timeout:g} s)"
        elif _is_read_only(failure):
            state = "is read-only"
        elif self._damaged(failure):
            return self._rebuild(failure)
        else:
            state = f"cannot be written ({failure})"
        reader = _open_reader(self.path, self._busy_timeout)
        if reader is None:
            return self._in_memory(f"{state}, and it cannot be opened for reading either")
        self._stop_writing(f"{state}: its entities are read, but new ones are not saved to it this time.",
                           CALLER_TELLS)
        return reader

    def _damaged(self, failure: sqlite3.DatabaseError) -> bool:
        """Whether the file is proven damaged: only then is it deleted and rebuilt."""
        assert self.path is not None
        return proven_damaged(self.path, failure, self._busy_timeout)

    def _rebuild(self, failure: sqlite3.DatabaseError) -> sqlite3.Connection:
        """Replace a damaged cache file with an empty one (or use memory if that fails)."""
        log.warning("The entity cache %s is damaged (%s); rebuilding it.", self.path, failure)
        try:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            location, timeout = str(self.path), self._busy_timeout
            return retried_while_busy(lambda: self._create(location, timeout), timeout)
        except OSError as error:
            return self._in_memory(f"is damaged and cannot be replaced ({error.strerror or error})")
        except sqlite3.DatabaseError as error:
            return self._in_memory(f"is damaged and cannot be replaced ({error})")

    def _in_memory(self, why: str) -> sqlite3.Connection:
        """A cache for this session only, in memory, with a problem that says why."""
        self.problem = f"The entity cache {self.path} {why}; using memory."
        log.warning("%s", self.problem, extra=CALLER_TELLS)
        return self._create(":memory:")

    def _stop_writing(self, state: str, extra: dict[str, bool] | None = None) -> None:
        """Write nothing more to the cache file, and say why (`state` completes its name); `extra`
        for the log record (CALLER_TELLS: found on opening, its `problem` is told by the caller)."""
        self._writing = False
        self.problem = f"The entity cache {self.path} {state}"
        log.warning("%s", self.problem, extra=extra)

    @staticmethod
    def _create(location: str, busy_timeout: float = BUSY_TIMEOUT_S) -> sqlite3.Connection:
        db = sqlite3.connect(location, timeout=busy_timeout)
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            tables = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'entities'")
            has_table = bool(tables.fetchall())
            # A cache in shape is opened without writing, so a lock or a read-only file is no
            # obstacle to reading it.
            if version != _SCHEMA_VERSION or not has_table:
                if version not in (0, _SCHEMA_VERSION):
                    db.execute("DROP TABLE IF EXISTS entities")
                db.execute(_SCHEMA)
                db.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
                db.commit()
            if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.execute("PRAGMA journal_mode = WAL")
            db.execute("SELECT count(*) FROM entities").fetchone()
            if location != ":memory:":
                # A write that changes nothing, rolled back: a file that is read-only, or locked
                # by another program, says so now rather than at the first write.
                db.execute("BEGIN IMMEDIATE")
                try:
                    db.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
                finally:
                    db.rollback()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def get(self, key: str) -> tuple[Entity, ...] | None:
        """The cached entities of a text key, or None if it was never annotated (or unreadable)."""
        return self.get_many([key]).get(key)

    def get_many(self, keys: Iterable[str]) -> dict[str, tuple[Entity, ...]]:
        """The cached entities of those text keys the cache has (and can read), by key.

        One query per LOOKUP_CHUNK keys: reopening a folder looks up thousands at once, and one
        query each cost more than decoding the answers.
        """
        unique = list(dict.fromkeys(keys))
        found: dict[str, tuple[Entity, ...]] = {}
        for first in range(0, len(unique), LOOKUP_CHUNK):
            chunk = unique[first : first + LOOKUP_CHUNK]
            marks = ",".join("?" * len(chunk))
            try:
                rows = self._db.execute(
                    "SELECT text_sha256, spans FROM entities"
                    f" WHERE pipeline = ? AND text_sha256 IN ({marks})",
                    (self.pipeline, *chunk),
                ).fetchall()
            except sqlite3.DatabaseError as error:
                log.warning("Unreadable cache entries for %d texts: %s", len(chunk), error)
                continue
            for key, spans in rows:
                try:
                    found[key] = _decode(spans)
                except (ValueError, TypeError) as error:
                    log.warning("Unreadable cache entry for %s: %s", key, error)
        return found

    def put_many(self, items: Iterable[tuple[str, Sequence[Entity]]]) -> None:
        """Store entities for several text keys in one transaction; a failure only logs. Nothing
        is written once the file was found locked by another program or read-only."""
        if not self._writing:
            return
        rows = [(key, self.pipeline, _encode(entities)) for key, entities in items]
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO entities VALUES (?, ?, ?)", rows)
        except sqlite3.DatabaseError as error:
            if _is_locked(error):
                # Waiting again for every batch would stall annotation for as long as the lock lasts.
                self._stop_writing(
                    f"stayed locked by another program for {self._busy_timeout:g} s: new entities "
                    "are not saved to it this time."
                )
            elif _is_read_only(error):
                self._stop_writing("is read-only: new entities are not saved to it.")
            else:
                self.problem = f"Could not write to the entity cache: {error}."
                log.warning("%s", self.problem)

    def close(self) -> None:
        """Close the database."""
        self._db.close()
