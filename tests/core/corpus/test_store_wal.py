"""The store's file alone is the store once its upkeep is done: what the upkeep wrote is copied
out of the WAL (the window's process ends without closing its connections, gui.app.run)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from tests.core.corpus.store_helpers import stored_corpus


def test_a_settled_store_is_whole_in_its_file_while_its_connections_stay_open(tmp_path: Path) -> None:
    store = stored_corpus(tmp_path, {f"news{n}.txt": f"Angela Merkel in Paris, day {n}." for n in range(30)})
    assert store.path is not None
    reader = sqlite3.connect(store.path)  # another thread's connection, open till the process ends
    try:
        reader.execute("SELECT count(*) FROM documents").fetchone()
        wal = Path(f"{store.path}-wal")
        assert wal.stat().st_size > 0  # the upkeep's writes are there, not in the file yet
        store.settle()
        assert wal.stat().st_size == 0
        copy = tmp_path / "copy.sqlite3"
        shutil.copyfile(store.path, copy)  # the file alone, as a backup takes it
        alone = sqlite3.connect(copy)
        try:
            assert alone.execute("SELECT count(*) FROM documents").fetchone() == (30,)
        finally:
            alone.close()
    finally:
        reader.close()
        store.close()
