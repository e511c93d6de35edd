"""The desk: the user's own state for a corpus, attached to every connection of its store, and
kept whatever happens to the store (rebuilt, damaged) or to the desk itself."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_schema import SCHEMA_VERSION
from gui.core.desk.desk_file import DESK_VERSION, attach_desk, desk_path


def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("Angela Merkel spoke.\n", encoding="utf-8")
    return folder


def opened(tmp_path: Path, folder: Path) -> CorpusStore:
    """The corpus store of `folder`, its stores in tmp_path/cache and its desk in tmp_path/data."""
    return CorpusStore.for_corpus(tmp_path / "cache", folder, desk_folder=tmp_path / "data")


def desk_made_for(tmp_path: Path, folder: Path) -> Path:
    """Where `opened` keeps the desk of `folder`, its folder made (the desk itself not)."""
    path = desk_path(tmp_path / "data", folder)
    path.parent.mkdir(parents=True)
    return path


def star(store: CorpusStore, name: bytes = b"a.txt") -> None:
    store.db.execute("INSERT INTO desk.documents (name, doc_id, starred) VALUES (?, 'a', 1)", (name,))


def starred(store: CorpusStore) -> list[tuple[bytes, str]]:
    return store.db.execute("SELECT name, doc_id FROM desk.documents WHERE starred").fetchall()


def test_the_desk_lives_in_the_folder_given_keyed_by_the_corpus_and_is_attached(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    store = opened(tmp_path, folder)
    try:
        star(store)
        assert store.desk_path == desk_path(tmp_path / "data", folder)
        assert store.desk_path.is_file()
        assert not store.notices
    finally:
        store.close()
    reader = sqlite3.connect(desk_path(tmp_path / "data", folder))
    assert reader.execute("PRAGMA user_version").fetchone()[0] == DESK_VERSION
    assert reader.execute("SELECT name, starred FROM documents").fetchall() == [(b"a.txt", 1)]
    reader.close()
    assert sorted(path.name for path in folder.iterdir()) == ["a.txt"]  # nothing written there


def test_without_a_desk_folder_the_desk_goes_beside_the_stores(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    store = CorpusStore.for_corpus(tmp_path / "cache", folder)
    store.close()
    assert store.desk_path == desk_path(tmp_path / "cache", folder)
    assert store.desk_path.is_file()


def test_two_connections_share_one_desk(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    first = opened(tmp_path, folder)
    second = opened(tmp_path, folder)
    try:
        star(first)
        assert starred(second) == [(b"a.txt", "a")]
    finally:
        first.close()
        second.close()


def test_the_desk_outlives_a_store_rebuilt_for_another_schema_or_damage(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    store = opened(tmp_path, folder)
    star(store)
    assert store.path is not None
    store.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    store.close()
    rebuilt = opened(tmp_path, folder)
    assert any("rebuilt" in notice for notice in rebuilt.notices)
    assert starred(rebuilt) == [(b"a.txt", "a")]
    rebuilt.close()
    store.path.write_bytes(b"this is not a database" * 100)
    damaged = opened(tmp_path, folder)
    try:
        assert any("damaged" in notice for notice in damaged.notices)
        assert starred(damaged) == [(b"a.txt", "a")]
    finally:
        damaged.close()


def test_a_damaged_desk_is_moved_aside_never_deleted(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    path = desk_made_for(tmp_path, folder)
    path.write_bytes(b"garbage, but the user's garbage" * 200)
    store = opened(tmp_path, folder)
    try:
        (notice,) = store.notices
        assert "damaged" in notice and "moved to" in notice
        kept = [p for p in path.parent.iterdir() if ".damaged-" in p.name]
        assert len(kept) == 1 and kept[0].read_bytes() == b"garbage, but the user's garbage" * 200
        star(store)  # the new desk works
        assert starred(store) == [(b"a.txt", "a")]
    finally:
        store.close()


def test_a_desk_of_a_later_version_is_left_untouched(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    path = desk_made_for(tmp_path, folder)
    later = sqlite3.connect(path)
    later.execute("CREATE TABLE future (x)")
    later.execute(f"PRAGMA user_version = {DESK_VERSION + 1}")
    later.close()
    before = path.read_bytes()
    store = opened(tmp_path, folder)
    try:
        (notice,) = store.notices
        assert "later version" in notice and "in memory" in notice
        star(store)
        assert starred(store) == [(b"a.txt", "a")]
    finally:
        store.close()
    assert path.read_bytes() == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_an_unwritable_desk_folder_gives_a_desk_in_memory(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    data = tmp_path / "data"
    data.mkdir(mode=0o500)
    try:
        store = CorpusStore.for_corpus(tmp_path / "cache", folder, desk_folder=data)
        try:
            (notice,) = store.notices
            assert "cannot be written" in notice
            star(store)
            assert starred(store) == [(b"a.txt", "a")]
        finally:
            store.close()
    finally:
        data.chmod(0o700)


def test_a_file_in_the_desks_place_gives_a_desk_in_memory(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    (tmp_path / "data").write_text("a file, not a folder")
    store = opened(tmp_path, folder)
    try:
        (notice,) = store.notices
        assert "cannot be written" in notice
        star(store)
        assert starred(store) == [(b"a.txt", "a")]
    finally:
        store.close()
    assert (tmp_path / "data").read_text() == "a file, not a folder"


def test_a_store_in_memory_has_a_desk_in_memory(tmp_path: Path) -> None:
    store = CorpusStore(None, corpus(tmp_path))
    try:
        star(store)
        assert starred(store) == [(b"a.txt", "a")]
        assert store.desk_path is None
    finally:
        store.close()


def test_attaching_twice_migrates_once(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    for _ in range(2):
        db = sqlite3.connect(":memory:", isolation_level=None)
        assert attach_desk(db, path, 1.0) == []
        assert db.execute("PRAGMA desk.user_version").fetchone()[0] == DESK_VERSION
        db.close()
