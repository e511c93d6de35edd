"""Reading SQLite's errors, and opening a database another process holds busy."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from gui.core.model.sqlite_files import error_code, retried_while_busy, transaction


def real_busy_error(tmp_path: Path) -> sqlite3.OperationalError:
    """The error SQLite gives a writer while another connection holds the database locked."""
    path = tmp_path / "locked.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    writer = sqlite3.connect(path, timeout=0)
    try:
        writer.execute("INSERT INTO t VALUES (1)")
    except sqlite3.OperationalError as error:
        return error
    finally:
        writer.close()
        holder.execute("ROLLBACK")
        holder.close()
    raise AssertionError("the write was not refused")


def test_a_busy_database_is_tried_again_until_it_opens(tmp_path: Path) -> None:
    busy = real_busy_error(tmp_path)
    assert error_code(busy) == sqlite3.SQLITE_BUSY
    tries: list[int] = []

    def opens_the_third_time() -> str:
        tries.append(1)
        if len(tries) < 3:
            raise busy
        return "open"

    assert retried_while_busy(opens_the_third_time, busy_timeout=10) == "open"
    assert len(tries) == 3


def test_other_errors_and_a_busy_database_past_the_timeout_are_raised(tmp_path: Path) -> None:
    busy = real_busy_error(tmp_path)
    tries: list[int] = []

    def always_busy() -> str:
        tries.append(1)
        raise busy

    with pytest.raises(sqlite3.OperationalError):
        retried_while_busy(always_busy, busy_timeout=0)
    assert len(tries) == 1

    def not_a_database() -> str:
        tries.append(1)
        raise sqlite3.DatabaseError("file is not a database")

    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        retried_while_busy(not_a_database, busy_timeout=10)
    assert len(tries) == 2


def test_a_transaction_commits_rolls_back_or_joins_the_callers() -> None:
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.execute("CREATE TABLE t (x)")
    with transaction(db, immediate=True):
        db.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(ZeroDivisionError), transaction(db):
        db.execute("INSERT INTO t VALUES (2)")
        1 / 0  # noqa: B018
    assert db.execute("SELECT x FROM t").fetchall() == [(1,)] and not db.in_transaction
    db.execute("BEGIN")
    with transaction(db):  # the caller's: nothing committed until the caller does
        db.execute("INSERT INTO t VALUES (3)")
    assert db.in_transaction
    db.execute("ROLLBACK")
    assert db.execute("SELECT x FROM t").fetchall() == [(1,)]
