"""An on-disk entity cache in SQLite, keyed by the text's hash and the pipeline that produced it."""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

from gui.core.document import Entity
from gui.core.text_hash import sha256_hex

log = logging.getLogger(__name__)

CACHE_FILE_NAME = "entities.sqlite3"
# Keys per look-up query: well under SQLite's limit on bound parameters (999 in old builds).
LOOKUP_CHUNK = 500
# Texts at least this long have their key remembered (see text_key): hashing 5 MB takes 15 ms.
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


def _encode(entities: Sequence[Entity]) -> str:
    return json.dumps([[e.start, e.end, e.label] for e in entities], separators=(",", ":"))


def _decode(spans: str) -> tuple[Entity, ...]:
    return tuple(Entity(int(start), int(end), str(label)) for start, end, label in json.loads(spans))


class EntityCache:
    """Raw engine entities per (text hash, pipeline); a broken cache file is replaced, never fatal.

    One instance belongs to one thread (SQLite connections are not shared across threads).
    """

    def __init__(self, path: Path | None, pipeline: str, db: sqlite3.Connection | None = None) -> None:
        self.path = path
        self.pipeline = pipeline
        self.problem: str | None = None
        self._db = db if db is not None else self._connect()

    @classmethod
    def read_only(cls, path: Path, pipeline: str) -> EntityCache | None:
        """The cache at `path` for look-ups only, or None if there is none (yet) or it cannot be
        read: it is neither created, nor repaired, nor locked for writing, so another thread's
        cache can keep writing to the file meanwhile."""
        try:
            db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        except (sqlite3.DatabaseError, OSError, ValueError):
            return None
        try:
            db.execute("SELECT count(*) FROM entities WHERE 0").fetchone()
        except sqlite3.DatabaseError:
            db.close()
            return None
        return cls(path, pipeline, db)

    def _connect(self) -> sqlite3.Connection:
        if self.path is None:
            return self._create(":memory:")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return self._create(str(self.path))
        except (sqlite3.DatabaseError, OSError) as error:
            log.warning("Entity cache %s is unusable (%s); rebuilding it", self.path, error)
        try:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            return self._create(str(self.path))
        except (sqlite3.DatabaseError, OSError) as error:
            self.problem = f"The entity cache {self.path} cannot be written ({error}); using memory."
            log.warning("%s", self.problem)
            return self._create(":memory:")

    @staticmethod
    def _create(location: str) -> sqlite3.Connection:
        db = sqlite3.connect(location)
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, _SCHEMA_VERSION):
                db.execute("DROP TABLE IF EXISTS entities")
            db.execute(_SCHEMA)
            db.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
            db.execute("PRAGMA journal_mode = WAL")
            db.commit()
            db.execute("SELECT count(*) FROM entities").fetchone()
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
        """Store entities for several text keys in one transaction; a failure only logs."""
        rows = [(key, self.pipeline, _encode(entities)) for key, entities in items]
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO entities VALUES (?, ?, ?)", rows)
        except sqlite3.DatabaseError as error:
            self.problem = f"Could not write to the entity cache: {error}."
            log.warning("%s", self.problem)

    def close(self) -> None:
        """Close the database."""
        self._db.close()
