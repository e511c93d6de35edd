"""Reading SQLite's errors, and opening a database another process holds busy."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from gui.core.model.sqlite_files import error_code, retried_while_busy


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
