"""What an SQLite error says about a database file: its result code, and whether the file is
proven damaged (only then may it be rebuilt: another program may hold a healthy one locked)."""

from __future__ import annotations

import sqlite3
from pathlib import Path


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
