"""checkpoint_file: a database's WAL copied into its file while another connection keeps it open
(what the window's threads do until the process ends), unless that would be slow or the file is
of a later version."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from gui.core.model.sqlite_files import checkpoint_file


def written(path: Path, version: int = 1) -> sqlite3.Connection:
    """A WAL database with a table and rows, committed, its connection left open (no checkpoint)."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA wal_autocheckpoint = 0")
    db.execute("CREATE TABLE marks (name TEXT)")
    db.executemany("INSERT INTO marks VALUES (?)", [(f"doc{n}",) for n in range(500)])
    db.execute(f"PRAGMA user_version = {version}")
    return db


def rows_in_the_file_alone(path: Path, tmp_path: Path) -> int | None:
    copy = tmp_path / "copy.sqlite3"
    shutil.copyfile(path, copy)
    db = sqlite3.connect(copy)
    try:
        return int(db.execute("SELECT count(*) FROM marks").fetchone()[0])
    except sqlite3.OperationalError:
        return None  # no table: it was all in the WAL
    finally:
        db.close()


def test_the_wal_is_copied_into_the_file_while_another_connection_stays_open(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    db = written(path)
    try:
        assert rows_in_the_file_alone(path, tmp_path) is None
        assert checkpoint_file(path, busy_timeout=0.05)
        assert Path(f"{path}-wal").stat().st_size == 0
        assert rows_in_the_file_alone(path, tmp_path) == 500
    finally:
        db.close()


def test_a_big_wal_or_a_later_version_is_left_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    db = written(path, version=7)
    try:
        size = Path(f"{path}-wal").stat().st_size
        assert not checkpoint_file(path, 0.05, wal_at_most=size - 1)
        assert not checkpoint_file(path, 0.05, version_at_most=6)
        assert Path(f"{path}-wal").stat().st_size == size
        assert rows_in_the_file_alone(path, tmp_path) is None
        assert checkpoint_file(path, 0.05, wal_at_most=size, version_at_most=7)
    finally:
        db.close()
    assert checkpoint_file(tmp_path / "none.sqlite3", 0.05)  # no WAL: nothing to copy
