"""What an SQLite error says about a database file: its result code, and whether the file is
proven damaged (only then may it be rebuilt: another program may hold a healthy one locked)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
RETRY_PAUSE_S = 0.05  # between tries to open a database another process holds busy
# A log record's `extra` for a notice its caller is given to tell people (a store's `notices`, a
# cache's `problem`): a command that says them itself leaves such records out of its stderr.
CALLER_TELLS = {"caller_tells": True}


def error_code(error: sqlite3.Error) -> int | None:
    """SQLite's primary result code for an error (SQLITE_BUSY, SQLITE_NOTADB...), if it has one."""
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def proven_damaged(path: Path, failure: sqlite3.DatabaseError, busy_timeout: float) -> bool:
    """Whether the database at `path` that failed with `failure` is damaged: not a database, or
    failing SQLite's quick check when opened read-only."""
    if error_code(failure) in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT):
        return True
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=busy_timeout)
    except sqlite3.DatabaseError:
        return False  # it cannot even be opened for reading: nothing proves it damaged
    try:
        verdict = db.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as error:
        return error_code(error) in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
    finally:
        db.close()
    return verdict != [("ok",)]


def retried_while_busy(open_database: Callable[[], T], busy_timeout: float) -> T:
    """`open_database()`, tried again while SQLite says the file is busy, up to `busy_timeout`
    seconds in all: SQLite answers "busy" at once, without its busy handler, where waiting could
    deadlock (two processes making a new database, or switching it to WAL, at the same moment)."""
    deadline = time.monotonic() + busy_timeout
    while True:
        try:
            return open_database()
        except sqlite3.DatabaseError as error:
            if error_code(error) != sqlite3.SQLITE_BUSY or time.monotonic() >= deadline:
                raise
        time.sleep(RETRY_PAUSE_S)


def statements(script: str) -> list[str]:
    """A script's SQL statements, one by one, to run inside the caller's transaction (which
    `executescript` would commit)."""
    found: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            found.append(pending.strip())
            pending = ""
    return found


@contextmanager
def transaction(db: sqlite3.Connection, immediate: bool = False) -> Iterator[None]:
    """A transaction around the block, committed at its end and rolled back on any error; or,
    when the caller has one open already, the caller's (which commits or rolls back with it).
    `immediate` takes the write lock at once (BEGIN IMMEDIATE), so that two writers wait for each
    other (the busy timeout) instead of failing on a lock upgrade; without it, the first write
    locks only the database it writes (the desk alone, not the store it is attached to)."""
    if db.in_transaction:
        yield
        return
    db.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
    try:
        yield
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


BOUND_AT_ONCE = 400  # values per IN (...): below SQLite's limit on bound parameters


def in_chunks(items: Sequence[object]) -> Iterator[Sequence[object]]:
    """`items` in slices of BOUND_AT_ONCE, each bound to one statement's IN (...)."""
    for first in range(0, len(items), BOUND_AT_ONCE):
        yield items[first : first + BOUND_AT_ONCE]


def checkpoint_file(
    path: Path, busy_timeout: float, wal_at_most: int | None = None, version_at_most: int | None = None
) -> bool:
    """Copy what the WAL beside the database at `path` holds into the file itself and empty the
    WAL (`PRAGMA wal_checkpoint(TRUNCATE)`), from a connection of its own: the file alone is then
    whole (a backup of the `.sqlite3` alone keeps everything), even while other connections of
    this process stay open until it ends. Skipped if the WAL is bigger than `wal_at_most` bytes
    (copying it would take long), or if the database's user_version is above `version_at_most`
    (a later Seedview's desk is left as it is). Returns whether the WAL is now empty; never raises."""
    wal = Path(f"{path}-wal")
    try:
        size = wal.stat().st_size
    except OSError:
        return True  # no WAL: nothing to copy
    if wal_at_most is not None and size > wal_at_most:
        return False
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=busy_timeout)
        try:
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
            if version_at_most is not None and version > version_at_most:
                return False
            busy, _, _ = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            db.close()
    except sqlite3.Error:
        return False
    return not busy
