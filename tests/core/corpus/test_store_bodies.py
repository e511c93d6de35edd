"""The store keeps its bodies packed (schema 15: raw deflate), yet whatever reads them back (search
snippets, the mentions' texts, the resolution's rows, the full-text index's deletes) gets the
text exactly: accents, characters outside the BMP, and a body of 5 MB."""

from __future__ import annotations

import gc
import os
import sqlite3
import weakref
import zlib
from collections import Counter
from pathlib import Path

import pytest

from gui.core.corpus.store import CorpusStore, store_path
from gui.core.corpus.store_query import search
from gui.core.corpus.store_resolution import mention_texts, resolve_store
from gui.core.corpus.store_schema import (
    SCHEMA_VERSION,
    TABLES,
    StoreConnection,
    packed_body,
    plain_body,
    register_functions,
)
from gui.core.corpus.store_upkeep import update
from gui.core.engine.cache import EntityCache
from gui.core.search.query import parse_query
from tests.core.corpus.store_helpers import PIPELINE, NameRunner, annotation, find_names, stored_corpus

# Astral characters (one code point, two UTF-16 units, four UTF-8 bytes) before the names: an
# offset counted in anything but code points would cut the wrong text.
ACCENTED = ("Ångström’s café: 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀 «crêpes» — Tony Blair met Angela Merkel in Paris. "
            "Blair said the zebroid deal held; Merkel said little in Berlin. 𝄞 Paris again.")
PARAGRAPH = "Reuters wrote from Lima 😀 that Ana Lopez spoke. Ça va, dit-elle, très bien. 𝔘 "
HUGE = PARAGRAPH * (5_000_000 // len(PARAGRAPH.encode())) + "The quokka spoke last to Barack Obama."
FILES = {
    "accented.txt": ACCENTED,
    "huge.txt": HUGE,
    "short.txt": "Obama in Lima.",  # under PACKED_FROM_BYTES: kept as text
}


def test_packed_bodies_read_back_exactly() -> None:
    for body in (ACCENTED, HUGE, "", "Obama in Lima.", "\ufffd\u200d👩‍👩‍👧"):
        stored = packed_body(body)
        assert plain_body(stored) == body
        if len(body.encode()) >= 64:
            assert isinstance(stored, bytes) and len(stored) < len(body.encode())
            assert zlib.decompress(stored, wbits=-15).decode() == body  # raw deflate, no header


def test_the_store_holds_packed_bodies_and_gives_their_texts_back(tmp_path: Path) -> None:
    store = stored_corpus(tmp_path, FILES)
    try:
        stored = {doc_id: body for doc_id, body in store.db.execute(
            "SELECT d.doc_id, t.body FROM documents d JOIN texts t ON t.id = d.id")}
        assert isinstance(stored["accented"], bytes) and isinstance(stored["huge"], bytes)
        assert stored["short"] == FILES["short.txt"]
        assert len(stored["huge"]) < len(HUGE.encode()) / 10  # the bodies are a store's biggest part
        assert b"Merkel" not in stored["accented"]

        # Search: the match, its hits and snippets are of the text itself.
        (found,) = search(store, parse_query("zebroid"))
        assert found.id == "accented" and found.title == ACCENTED[: ACCENTED.index(".") + 1]
        (hit,) = found.hits
        assert ACCENTED[hit.start : hit.end] == "zebroid" and hit.match == "zebroid"
        assert hit.before.endswith("Blair said the ") and hit.after.startswith(" deal held;")
        (last,) = search(store, parse_query("quokka"))
        (hit,) = last.hits
        assert HUGE[hit.start : hit.end] == "quokka"
        assert hit.start == len(HUGE) - len("quokka spoke last to Barack Obama.")

        # Every mention's text, through the view and through the resolution's bulk read.
        bodies = {"accented": ACCENTED, "huge": HUGE, "short": FILES["short.txt"]}
        rows = {row: doc_id for row, doc_id in store.db.execute("SELECT id, doc_id FROM documents")}
        viewed = store.db.execute('SELECT document, start, "end", label, text FROM mentions').fetchall()
        assert len(viewed) == sum(len(find_names(body)) for body in bodies.values())
        names = {doc_id: {(e.start, e.end, e.label) for e in find_names(body)}
                 for doc_id, body in bodies.items()}
        for document, start, end, label, text in viewed:
            assert text == bodies[rows[document]][start:end] and (start, end, label) in names[rows[document]]
        # Mentions of several documents in turn: each text is its own document's.
        for document, start, end, text in store.db.execute(
            'SELECT document, start, "end", text FROM mentions ORDER BY start, document DESC'
        ):
            assert text == bodies[rows[document]][start:end]
        expected = Counter((document, text, label) for document, _, _, label, text in viewed)
        assert sorted(mention_texts(store.db)) == sorted(
            (document, text, label, count) for (document, text, label), count in expected.items())
        assert resolve_store(store)
        found = store.db.execute("SELECT count(*) FROM resolved_texts WHERE text = 'Ana Lopez'").fetchone()
        assert found == (1,)
    finally:
        store.close()


def test_a_changed_or_removed_document_leaves_nothing_in_the_full_text_index(tmp_path: Path) -> None:
    store = stored_corpus(tmp_path, FILES)
    folder = tmp_path / "corpus"
    cache = EntityCache(None, PIPELINE)
    try:
        changed = ACCENTED.replace("zebroid", "okapi") + " Changed."
        (folder / "accented.txt").write_text(changed, encoding="utf-8")
        (folder / "huge.txt").unlink()
        summary = update(store, folder, annotation(cache, NameRunner()))
        assert (summary.changed, summary.removed) == (1, 1)
        assert search(store, parse_query("zebroid")) == [] and search(store, parse_query("quokka")) == []
        assert [match.id for match in search(store, parse_query("okapi"))] == ["accented"]
        # The index holds exactly the words of the bodies it reads (external content, unpacked).
        store.db.execute("INSERT INTO bodies (bodies, rank) VALUES ('integrity-check', 1)")
    finally:
        cache.close()
        store.close()


def test_a_store_of_schema_14_with_plain_bodies_is_rebuilt(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "accented.txt").write_text(ACCENTED, encoding="utf-8")
    path = store_path(tmp_path / "cache", folder)
    path.parent.mkdir(parents=True)
    old = sqlite3.connect(path)
    for table in TABLES:  # every table there, its bodies as text: only the version tells
        if table == "bodies":
            old.execute("CREATE VIRTUAL TABLE bodies USING fts5(body, content='texts', content_rowid='id')")
        elif table == "texts":
            old.execute("CREATE TABLE texts (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        else:
            old.execute(f"CREATE TABLE {table} (id INTEGER)")
    old.execute("INSERT INTO texts VALUES (1, 'zebroid, in the clear')")
    old.executemany("INSERT INTO texts VALUES (?, ?)", ((row, ACCENTED * 200) for row in range(2, 200)))
    old.execute("INSERT INTO bodies (rowid, body) VALUES (1, 'zebroid, in the clear')")
    old.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    old.commit()
    old.close()
    store = CorpusStore.for_corpus(tmp_path / "cache", folder)
    cache = EntityCache(None, PIPELINE)
    try:
        assert len(store.notices) == 1 and f"schema {SCHEMA_VERSION - 1}" in store.notices[0]
        assert store.document_count() == 0
        assert update(store, folder, annotation(cache, NameRunner())).added == 1
        (stored,) = store.db.execute("SELECT body FROM texts").fetchone()
        assert isinstance(stored, bytes) and plain_body(stored) == ACCENTED
        assert [match.id for match in search(store, parse_query("zebroid"))] == ["accented"]
    finally:
        cache.close()
        store.close()
    assert path.stat().st_size < 1_000_000  # the old store's pages given back (8 MB without)


def test_a_connection_without_the_functions_cannot_read_the_views(tmp_path: Path) -> None:
    """What another program sees (the sqlite3 shell): the tables, not the views that unpack."""
    store = stored_corpus(tmp_path, FILES)
    path = store.path
    store.close()
    assert path is not None
    other = sqlite3.connect(path)
    try:
        with pytest.raises(sqlite3.OperationalError, match="plain_body"):
            other.execute("SELECT body FROM plain_texts").fetchall()
        assert other.execute("SELECT count(*) FROM texts").fetchone() == (3,)
    finally:
        other.close()


def test_the_views_work_where_sqlite_does_not_trust_schemas(tmp_path: Path) -> None:
    """Python's functions cannot be marked innocuous: a connection with trusted_schema off (the
    default of some SQLite builds) refused every view that calls them, the full-text index's
    content included, unless the store trusts its own schema."""
    store = stored_corpus(tmp_path, FILES)
    path = store.path
    store.close()
    assert path is not None
    distrustful = sqlite3.connect(path, factory=StoreConnection)
    try:
        distrustful.execute("PRAGMA trusted_schema = OFF")
        distrustful.create_function("plain_body", 1, plain_body, deterministic=True)
        with pytest.raises(sqlite3.OperationalError, match="unsafe use of plain_body"):
            distrustful.execute("SELECT body FROM plain_texts").fetchall()
        register_functions(distrustful)
        bodies = {body for (body,) in distrustful.execute("SELECT body FROM plain_texts")}
        assert bodies == set(FILES.values())
        texts = [text for (text,) in distrustful.execute("SELECT text FROM mentions WHERE text = 'Merkel'")]
        assert texts and set(texts) == {"Merkel"}
    finally:
        distrustful.close()


def test_a_store_dropped_without_closing_lets_go_of_its_files(tmp_path: Path) -> None:
    """span_text refers to its connection weakly: held, it made a cycle through SQLite that no
    collection frees, and a store left without close() kept its files open."""
    store = stored_corpus(tmp_path, FILES)
    path = store.path
    assert path is not None
    gone = weakref.ref(store.db)
    del store
    gc.collect()
    assert gone() is None
    opened = {os.path.realpath(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd")}
    assert str(path.resolve()) not in opened
