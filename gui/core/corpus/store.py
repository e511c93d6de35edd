"""The corpus store: one SQLite database per corpus, in the cache folder (never the viewed one),
holding its documents, bodies (with an FTS5 index), mentions and entities.

Opening one never fails: a damaged store, or one of another schema, is rebuilt with a notice; a
cache folder that cannot be written gives a store in memory for this session, with a notice.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

from gui.core.corpus.store_schema import (
    SCHEMA_VERSION,
    TABLES,
    StoreConnection,
    drop_statements,
    make_instances,
    register_functions,
    schema_statements,
)
from gui.core.desk.desk_file import attach_desk, corpus_digest, desk_path
from gui.core.model.sqlite_files import CALLER_TELLS, error_code, proven_damaged, retried_while_busy

log = logging.getLogger(__name__)

STORES_FOLDER = "stores"
# How long a write waits for another process's transaction (a window and `seedview index` at
# once) before giving up: long, as each transaction is one batch of documents.
BUSY_TIMEOUT_S = 120.0
WAL_KEPT_BYTES = 4 << 20


def store_path(cache_folder: Path, corpus: Path) -> Path:
    """Where the store of a corpus (a folder, a `.txt` or a JSON Lines file) lives: a file named
    by a hash of the corpus's resolved path, under the cache folder."""
    return cache_folder / STORES_FOLDER / f"{corpus_digest(corpus)}.sqlite3"


def store_desk_path(cache_folder: Path, corpus: Path, desk_folder: Path | None = None) -> Path:
    """Where the desk of the corpus whose store is in `cache_folder` lives: in `desk_folder` (the
    app gives its data folder), else beside the stores."""
    return desk_path(desk_folder or cache_folder, corpus.expanduser().resolve())


class CorpusStore:
    """The store of one corpus, open for reading and upkeep. `notices` says, for people, what
    had to be done to open it (rebuilt, in memory). One instance belongs to one thread."""

    def __init__(
        self,
        path: Path | None,
        corpus: Path,
        busy_timeout: float = BUSY_TIMEOUT_S,
        desk_folder: Path | None = None,
    ) -> None:
        self.path = path  # None: in memory from the start
        self.corpus = corpus.expanduser().resolve()
        # The user's desk (gui/core/desk), attached as `desk`: in `desk_folder` (the app gives
        # its data folder), else in the cache folder beside the stores; in memory with the store.
        self.desk_folder = desk_folder
        if path is None:
            self.desk_path: Path | None = None
        else:
            self.desk_path = store_desk_path(path.parent.parent, self.corpus, desk_folder)  # cache/stores/
        # The folder its documents' names are in: the corpus itself, or a single file's folder.
        self.root = self.corpus if self.corpus.is_dir() else self.corpus.parent
        self.notices: list[str] = []
        self._busy_timeout = busy_timeout
        self.db = self._connect()
        if self._memory and desk_folder is None:
            self.desk_path = None  # beside a store that could not be written: its notice says it
        for notice in attach_desk(self.db, self.desk_path, busy_timeout):
            self._say(notice)

    @classmethod
    def for_corpus(
        cls,
        cache_folder: Path,
        corpus: Path,
        busy_timeout: float = BUSY_TIMEOUT_S,
        desk_folder: Path | None = None,
    ) -> CorpusStore:
        """The store of `corpus` in `cache_folder`, made if it is not there yet, with its desk in
        `desk_folder` (by default beside the stores)."""
        return cls(store_path(cache_folder, corpus), corpus, busy_timeout, desk_folder)

    @property
    def in_memory(self) -> bool:
        """Whether the store lives only as long as this process (the cache folder is unwritable)."""
        return self.path is None or self._memory

    def _connect(self) -> sqlite3.Connection:
        self._memory = False
        if self.path is None:
            return self._create(":memory:")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return retried_while_busy(lambda: self._create(str(self.path)), self._busy_timeout)
        except OSError as error:
            return self._in_memory(f"cannot be written ({error.strerror or error})")
        except sqlite3.DatabaseError as error:
            failure = error
        if error_code(failure) in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM):
            return self._in_memory(f"cannot be written ({failure})")
        if error_code(failure) == sqlite3.SQLITE_BUSY:
            return self._in_memory(f"stayed locked by another program for {self._busy_timeout:g} s")
        if self._damaged(failure):
            return self._rebuild(f"is damaged ({failure})")
        return self._in_memory(f"cannot be opened ({failure})")

    def _damaged(self, failure: sqlite3.DatabaseError) -> bool:
        """Whether the file is proven damaged: only then is it deleted and rebuilt."""
        assert self.path is not None
        return proven_damaged(self.path, failure, self._busy_timeout)

    def _rebuild(self, why: str) -> sqlite3.Connection:
        """Replace the file with an empty store (or use memory if that fails), with a notice."""
        assert self.path is not None
        self._say(f"The corpus store {self.path} {why}; it is rebuilt.")
        try:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            return self._create(str(self.path))
        except (OSError, sqlite3.DatabaseError) as error:
            return self._in_memory(f"cannot be replaced ({error})")

    def _in_memory(self, why: str) -> sqlite3.Connection:
        self._memory = True
        self._say(f"The corpus store {self.path} {why}; the corpus is indexed in memory for this session.")
        return self._create(":memory:")

    def _say(self, notice: str) -> None:
        self.notices.append(notice)
        log.warning("%s", notice, extra=CALLER_TELLS)

    def _create(self, location: str) -> sqlite3.Connection:
        """A connection to a store in shape: made, or rebuilt if of another schema version."""
        db = sqlite3.connect(
            location, timeout=self._busy_timeout, isolation_level=None, factory=StoreConnection
        )
        register_functions(db)  # the views unpack the bodies with them
        try:
            if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal" and location != ":memory:":
                db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")  # WAL stays consistent after a crash
            # The WAL file, once copied back, is cut to this size: it kept its biggest (a rebuild
            # left 71 MB beside the store).
            db.execute(f"PRAGMA journal_size_limit = {WAL_KEPT_BYTES}")
            version, tables = self._shape(db)
            rebuilt = False
            if version != SCHEMA_VERSION or tables != set(TABLES):
                # Two processes may open a new store at once: one makes it, the other finds it made.
                db.execute("BEGIN IMMEDIATE")
                try:
                    version, tables = self._shape(db)
                    if version != SCHEMA_VERSION or tables != set(TABLES):
                        if tables or version:
                            self._say(
                                f"The corpus store {self.path} was made by another version of Seedview "
                                f"(schema {version}, this one reads {SCHEMA_VERSION}); it is rebuilt."
                            )
                            rebuilt = True
                        present = db.execute("SELECT type, name FROM sqlite_master").fetchall()
                        for statement in drop_statements(present):
                            db.execute(statement)
                        for statement in schema_statements():
                            db.execute(statement)
                        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                        db.execute("INSERT OR REPLACE INTO facts VALUES ('corpus', ?)",
                                   (os.fsdecode(self.corpus),))
                    db.execute("COMMIT")
                except BaseException:
                    if db.in_transaction:
                        db.execute("ROLLBACK")
                    raise
            if rebuilt:
                self._shrink(db)
            db.execute("SELECT count(*) FROM documents").fetchone()
            make_instances(db)
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _shrink(self, db: sqlite3.Connection) -> None:
        """Give the file system back the pages of the tables a rebuild dropped (the file kept the
        old store's size): quick, the store being empty. Left for later if another connection
        is writing to it."""
        db.execute("PRAGMA busy_timeout = 0")
        try:
            db.execute("VACUUM")  # through the WAL: the whole store again
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.OperationalError as error:
            log.info("The rebuilt corpus store %s is not shrunk yet: %s", self.path, error)
        finally:
            db.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout * 1000)}")

    @staticmethod
    def _shape(db: sqlite3.Connection) -> tuple[int, set[str]]:
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        names = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return version, names & set(TABLES) if version == SCHEMA_VERSION else names - {"sqlite_sequence"}

    def document_count(self) -> int:
        """How many documents the store holds."""
        return int(self.db.execute("SELECT count(*) FROM documents").fetchone()[0])

    def settle(self) -> None:
        """Copy the WAL into the store's file and empty it, as far as no other connection's
        reading holds it back (never waiting for one): after the upkeep, the file alone is the
        store, and the process may end without closing it (gui.app.run)."""
        if self.in_memory:
            return
        self.db.execute("PRAGMA busy_timeout = 0")
        try:
            self.db.execute("PRAGMA main.wal_checkpoint(TRUNCATE)").fetchone()
        except sqlite3.OperationalError as error:
            log.info("The corpus store %s keeps its WAL for now: %s", self.path, error)
        finally:
            self.db.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout * 1000)}")

    def close(self) -> None:
        """Close the database."""
        self.db.close()
