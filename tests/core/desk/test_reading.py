"""The reader's marks in the desk: read, starred, tags, notes; kept apart per document, gone
once empty, and kept across a restart and a changed file."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_upkeep import update
from gui.core.desk.reading import (
    all_marks,
    clean_tags,
    corpus_tags,
    document_key,
    entity_note,
    entity_notes,
    listed_marks_keys,
    marks_key,
    marks_key_of,
    marks_of,
    read_marks,
    set_entity_note,
    set_note,
    set_read,
    set_starred,
    set_tags,
)
from gui.core.engine.cache import EntityCache
from gui.core.model.document_marks import DocumentMarks
from tests.core.corpus.store_helpers import PIPELINE, NameRunner, annotation

A = (b"a.txt", "a")
B = (b"b.txt", "b")


@pytest.fixture
def db() -> Iterator[sqlite3.Connection]:
    store = CorpusStore(None, Path("."))  # in memory, with a desk in memory
    yield store.db
    store.close()


def test_a_document_is_unread_unstarred_and_bare_until_marked(db: sqlite3.Connection) -> None:
    assert marks_of(db, A) == DocumentMarks()
    assert all_marks(db) == {}


def test_read_and_unread(db: sqlite3.Connection) -> None:
    set_read(db, A, True, when="2026-01-02T03:04:05+00:00")
    set_read(db, A, True)  # read again: the first time stays
    assert marks_of(db, A).read
    assert db.execute("SELECT read_at FROM desk.documents").fetchall() == [("2026-01-02T03:04:05+00:00",)]
    assert not marks_of(db, B).read
    set_read(db, A, False)
    assert marks_of(db, A) == DocumentMarks()
    assert db.execute("SELECT count(*) FROM desk.documents").fetchone() == (0,)  # nothing left


def test_a_star_a_note_and_tags_stay_apart(db: sqlite3.Connection) -> None:
    set_starred(db, A, True)
    set_note(db, A, "Check the second source.\nCall back.")
    assert set_tags(db, A, ["  to   check ", "Libya", "libya", ""]) == ("to check", "Libya")
    set_tags(db, B, ["Libya"])
    set_read(db, A, False)  # unread, but still starred and noted: kept
    note = "Check the second source.\nCall back."
    assert marks_of(db, A) == DocumentMarks(False, True, ("Libya", "to check"), note)
    assert marks_of(db, B) == DocumentMarks(tags=("Libya",))
    assert all_marks(db) == {A: marks_of(db, A), B: marks_of(db, B)}
    assert corpus_tags(db) == [("Libya", 2), ("to check", 1)]
    set_starred(db, A, False)
    set_note(db, A, "   ")  # blank: no note
    set_tags(db, A, [])
    assert marks_of(db, A) == DocumentMarks()
    assert db.execute("SELECT count(*) FROM desk.documents").fetchone() == (0,)


def test_clean_tags_keeps_the_first_spelling_in_order() -> None:
    assert clean_tags(["B", " a  b ", "b", "A B"]) == ("B", "a b")


def test_entity_notes(db: sqlite3.Connection) -> None:
    assert entity_note(db, "tony blair") == ""
    set_entity_note(db, "tony blair", "Prime minister until 2007.")
    assert entity_note(db, "tony blair") == "Prime minister until 2007."
    assert entity_notes(db) == {"tony blair": "Prime minister until 2007."}
    set_entity_note(db, "tony blair", "")
    assert entity_note(db, "tony blair") == ""


def test_the_key_is_the_file_name_bytes_and_the_id_as_the_store_writes_them(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    odd = folder / "caf\udce9.txt"  # a Latin-1 byte in the name: not UTF-8
    odd.write_text("Angela Merkel spoke in Paris.\n", encoding="utf-8")
    store = CorpusStore.for_corpus(tmp_path / "cache", folder)
    try:
        cache = EntityCache(None, PIPELINE)
        update(store, folder, annotation(cache, NameRunner()))
        cache.close()
        ((name, doc_id),) = store.db.execute("SELECT name, doc_id FROM documents").fetchall()
        assert document_key(odd, "caf\udce9") == (bytes(name), doc_id) == (b"caf\xe9.txt", "caf\ufffd")
    finally:
        store.close()


def test_the_windows_marks_key_tells_apart_names_that_differ_only_in_undecodable_bytes() -> None:
    e_acute, e_grave = Path("caf\udce9.txt"), Path("caf\udce8.txt")  # Latin-1 bytes: not UTF-8
    assert marks_key(e_acute, "caf\udce9") == (b"caf\xe9.txt", "caf\ufffd")
    assert marks_key(e_grave, "caf\udce8") == (b"caf\xe8.txt", "caf\ufffd")
    # Any other id is the key itself, as the desk writes it; U+FFFD in a name is ambiguous too.
    assert marks_key(Path("a.txt"), "a") == "a"
    assert marks_key(Path("café.txt"), "café") == "café"
    assert marks_key(Path("caf\ufffd.txt"), "caf\ufffd") == ("caf\ufffd.txt".encode(), "caf\ufffd")
    # The desk's keys lead to the same keys.
    for path in (e_acute, e_grave, Path("a.txt"), Path("café.txt"), Path("caf\ufffd.txt")):
        assert marks_key_of(document_key(path, path.stem)) == marks_key(path, path.stem)
    paths = [Path("a.txt"), e_acute, Path("café.txt"), e_grave]
    asked: list[int] = []

    def path_at(row: int) -> Path:
        asked.append(row)
        return paths[row]

    keys = listed_marks_keys([path.stem for path in paths], path_at)
    assert keys == ["a", (b"caf\xe9.txt", "caf\ufffd"), "café", (b"caf\xe8.txt", "caf\ufffd")]
    assert asked == [1, 3]  # the file is asked of the ambiguous ids only
    asked.clear()
    names = ["статья", "café", "a"]  # no undecodable byte, no U+FFFD: each id is its own key
    assert listed_marks_keys(names, path_at) == names and asked == []


def test_marks_survive_a_restart_and_a_changed_file(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("Angela Merkel spoke in Paris.\n", encoding="utf-8")
    cache = EntityCache(None, PIPELINE)

    def opened() -> CorpusStore:
        store = CorpusStore.for_corpus(tmp_path / "cache", folder)
        update(store, folder, annotation(cache, NameRunner()))
        return store

    store = opened()
    set_read(store.db, A, True)
    set_starred(store.db, A, True)
    set_tags(store.db, A, ["Merkel"])
    set_note(store.db, A, "First version.")
    first = store.db.execute("SELECT text_sha256 FROM documents").fetchone()
    store.close()
    (folder / "a.txt").write_text("Angela Merkel spoke in Berlin, at length.\n", encoding="utf-8")
    store = opened()
    try:
        assert store.db.execute("SELECT text_sha256 FROM documents").fetchone() != first  # read anew
        assert marks_of(store.db, A) == DocumentMarks(True, True, ("Merkel",), "First version.")
    finally:
        store.close()
        cache.close()


def test_read_marks_reads_a_desk_file_without_writing_it(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    store = CorpusStore.for_corpus(tmp_path / "cache", folder)
    set_starred(store.db, A, True)
    set_tags(store.db, B, ["x"])
    desk_file = store.desk_path
    store.close()
    assert desk_file is not None
    before = desk_file.stat().st_mtime_ns
    assert read_marks(desk_file) == {A: DocumentMarks(starred=True), B: DocumentMarks(tags=("x",))}
    assert desk_file.stat().st_mtime_ns == before
    assert read_marks(tmp_path / "none.sqlite3") == {}
    assert not (tmp_path / "none.sqlite3").exists()
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"not a database" * 100)
    said: list[str] = []
    assert read_marks(damaged, said.append) == {}
    assert said and said[0].startswith(f"the desk {damaged} could not be read (")
