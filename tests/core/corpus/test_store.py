"""Opening a corpus store: where it lives, and what happens when it is damaged, of an older
schema, or its folder cannot be written."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from gui.core.corpus.store import CorpusStore, store_path
from gui.core.corpus.store_schema import SCHEMA_VERSION
from gui.core.corpus.store_upkeep import update
from gui.core.engine.cache import EntityCache
from tests.core.corpus.store_helpers import NameRunner, annotation

TEXT = "date 2020-01-05\nAngela Merkel met Emmanuel Macron in Paris.\n"


def make_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "merkel.txt").write_text(TEXT, encoding="utf-8")
    return folder


def built_store(tmp_path: Path, folder: Path) -> Path:
    cache = EntityCache(None, "test-pipeline")
    store = CorpusStore.for_corpus(tmp_path / "cache", folder)
    try:
        update(store, folder, annotation(cache, NameRunner()))
        assert store.path is not None
        return store.path
    finally:
        store.close()
        cache.close()


def test_the_store_lives_in_the_cache_folder_keyed_by_the_resolved_corpus_path(tmp_path: Path) -> None:
    folder = make_corpus(tmp_path)
    cache = tmp_path / "cache"
    path = store_path(cache, folder)
    assert path.parent == cache / "stores" and path.suffix == ".sqlite3"
    assert store_path(cache, folder / ".." / "corpus") == path
    assert store_path(cache, tmp_path / "other") != path
    store = CorpusStore.for_corpus(cache, folder)
    try:
        assert store.path == path and path.is_file() and store.notices == []
        assert store.db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert store.db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        assert not store.in_memory
    finally:
        store.close()
    assert list(folder.iterdir()) == [folder / "merkel.txt"]


def test_a_corrupt_store_is_rebuilt_with_a_notice(tmp_path: Path) -> None:
    folder = make_corpus(tmp_path)
    path = built_store(tmp_path, folder)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.write_bytes(b"This is not a database, whatever its name says." * 100)
    store = CorpusStore.for_corpus(tmp_path / "cache", folder)
    try:
        assert len(store.notices) == 1
        assert "is damaged" in store.notices[0] and "rebuilt" in store.notices[0]
        assert not store.in_memory and store.document_count() == 0
        summary = update(store, folder, annotation(_memory_cache(), NameRunner()))
        assert summary.added == 1
    finally:
        store.close()


def _memory_cache() -> EntityCache:
    return EntityCache(None, "test-pipeline")


def test_a_store_of_an_older_schema_is_rebuilt_with_a_notice(tmp_path: Path) -> None:
    folder = make_corpus(tmp_path)
    path = store_path(tmp_path / "cache", folder)
    path.parent.mkdir(parents=True)
    old = sqlite3.connect(path)
    old.execute("CREATE TABLE documents (path TEXT PRIMARY KEY, body TEXT)")
    old.execute("INSERT INTO documents VALUES ('merkel.txt', 'old')")
    old.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    old.commit()
    old.close()
    store = CorpusStore.for_corpus(tmp_path / "cache", folder)
    try:
        assert len(store.notices) == 1 and "another version of Seedview" in store.notices[0]
        assert store.document_count() == 0
        cache = _memory_cache()
        assert update(store, folder, annotation(cache, NameRunner())).added == 1
        cache.close()
    finally:
        store.close()
    again = CorpusStore.for_corpus(tmp_path / "cache", folder)
    try:
        assert again.notices == [] and again.document_count() == 1
    finally:
        again.close()


def test_an_unwritable_cache_folder_gives_a_store_in_memory_with_a_notice(tmp_path: Path) -> None:
    folder = make_corpus(tmp_path)
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be")  # unwritable even for root
    store = CorpusStore.for_corpus(blocked, folder)
    try:
        assert store.in_memory
        assert len(store.notices) == 1 and "in memory for this session" in store.notices[0]
        cache = _memory_cache()
        assert update(store, folder, annotation(cache, NameRunner())).added == 1
        cache.close()
        assert store.db.execute("SELECT count(*) FROM bodies WHERE bodies MATCH 'macron'").fetchone() == (1,)
    finally:
        store.close()
