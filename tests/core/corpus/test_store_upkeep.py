"""Keeping the corpus store up to date: only what was added, changed or removed is read again;
files with entities of their own keep them; the cache spares the engine; the folder is untouched."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import gui.core.corpus.store_upkeep as store_upkeep
from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_query import title_of
from gui.core.corpus.store_upkeep import Pending, update
from gui.core.corpus.store_writes import Transaction
from gui.core.engine.cache import EntityCache
from gui.core.model.document import Document
from tests.core.corpus.store_helpers import PIPELINE, NameRunner, annotation, fingerprint

WriteCorpus = Callable[[dict[str, str | bytes]], Path]
MERKEL = "date 2020-01-05\nAngela Merkel met Emmanuel Macron in Paris. Merkel said little.\n"
OBAMA = "date 2020-01-04\nBarack Obama visited Berlin on Monday.\n"
BLAIR = "date 2019-11-20\nTony Blair spoke in London. Blair was calm, Reuters said.\n"


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[EntityCache]:
    cache = EntityCache(tmp_path / "cache" / "entities.sqlite3", PIPELINE)
    yield cache
    cache.close()


@pytest.fixture
def runner() -> NameRunner:
    return NameRunner()


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the documents the upkeep reads, in order."""
    read: list[str] = []
    real = store_upkeep.read_document

    def counting(listing: store_upkeep.Listing, key: store_upkeep.Key) -> Document:
        read.append(os.fsdecode(key[0]) if key[1] == -1 else f"{os.fsdecode(key[0])}@{key[1]}")
        return real(listing, key)

    monkeypatch.setattr(store_upkeep, "read_document", counting)
    return read


def open_store(tmp_path: Path, corpus: Path) -> CorpusStore:
    return CorpusStore.for_corpus(tmp_path / "cache", corpus)


def entity_counts(store: CorpusStore) -> dict[tuple[str, str], tuple[int, int]]:
    rows = store.db.execute("SELECT name, label, documents, mentions FROM entities")
    return {(name, label): (documents, mentions) for name, label, documents, mentions in rows}


def test_a_first_update_stores_every_document_with_its_entities_and_text(
    tmp_path: Path, write_corpus: WriteCorpus, cache: EntityCache, runner: NameRunner, reads: list[str]
) -> None:
    folder = write_corpus({"merkel.txt": MERKEL, "obama.txt": OBAMA, ".hidden.txt": OBAMA, "notes.md": "x"})
    store = open_store(tmp_path, folder)
    try:
        summary = update(store, folder, annotation(cache, runner))
        assert (summary.added, summary.changed, summary.removed, summary.unchanged) == (2, 0, 0, 0)
        assert sorted(reads) == ["merkel.txt", "obama.txt"]
        rows = store.db.execute(
            "SELECT d.doc_id, d.date, d.title, t.body, d.entity_source FROM documents d"
            " JOIN plain_texts t ON t.id = d.id ORDER BY d.doc_id")
        # A title that is the body's first sentence is not stored twice: title_of makes it.
        titled = [(doc_id, date, title_of(title, body), source) for doc_id, date, title, body, source in rows]
        assert titled == [
            ("merkel", "2020-01-05", "Angela Merkel met Emmanuel Macron in Paris.", "engine"),
            ("obama", "2020-01-04", "Barack Obama visited Berlin on Monday.", "engine"),
        ]
        counts = entity_counts(store)
        # "Merkel" alone joins "Angela Merkel": one entity, two mentions, two aliases.
        assert counts[("Angela Merkel", "PERSON")] == (1, 2)
        aliases = store.db.execute(
            "SELECT alias FROM aliases JOIN entities ON entities.id = aliases.entity WHERE name = ?",
            ("Angela Merkel",),
        )
        assert sorted(alias for (alias,) in aliases) == ["Angela Merkel", "Merkel"]
        found = store.db.execute("SELECT rowid FROM bodies WHERE bodies MATCH 'berlin'").fetchall()
        assert len(found) == 1
        mentions = store.db.execute(
            "SELECT start, \"end\", label, text FROM mentions JOIN documents ON documents.id = document"
            " WHERE doc_id = 'merkel' ORDER BY seq"
        ).fetchall()
        assert mentions[0] == (0, 13, "PERSON", "Angela Merkel")
        assert [text for *_, text in mentions] == ["Angela Merkel", "Emmanuel Macron", "Paris", "Merkel"]
    finally:
        store.close()


def test_only_what_was_added_changed_or_removed_is_read_again(
    tmp_path: Path, write_corpus: WriteCorpus, cache: EntityCache, runner: NameRunner, reads: list[str]
) -> None:
    folder = write_corpus({"merkel.txt": MERKEL, "obama.txt": OBAMA, "gone.txt": BLAIR})
    store = open_store(tmp_path, folder)
    try:
        update(store, folder, annotation(cache, runner))
        reads.clear()
        again = update(store, folder, annotation(cache, runner))
        assert (again.added, again.changed, again.removed, again.unchanged) == (0, 0, 0, 3)
        assert reads == []

        (folder / "gone.txt").unlink()
        (folder / "obama.txt").write_text(OBAMA.replace("Berlin", "Paris"), encoding="utf-8")
        (folder / "blair.txt").write_text(BLAIR, encoding="utf-8")
        summary = update(store, folder, annotation(cache, runner))
        assert (summary.added, summary.changed, summary.removed, summary.unchanged) == (1, 1, 1, 1)
        assert sorted(reads) == ["blair.txt", "obama.txt"]
        counts = entity_counts(store)
        assert counts[("Paris", "GPE")] == (2, 2)
        assert ("Berlin", "GPE") not in counts  # no document mentions it any more
        assert counts[("Tony Blair", "PERSON")] == (1, 2)
        assert store.document_count() == 3
        assert store.db.execute("SELECT count(*) FROM bodies WHERE bodies MATCH 'berlin'").fetchone() == (0,)
    finally:
        store.close()


def test_a_changed_ann_file_is_read_again_and_its_entities_kept(
    tmp_path: Path, write_corpus: WriteCorpus, cache: EntityCache, runner: NameRunner, reads: list[str]
) -> None:
    text = "Ana Lopez went to Lima.\n"
    folder = write_corpus({"lopez.txt": text, "lopez.ann": "T1\tPERSON 0 9\tAna Lopez\n"})
    store = open_store(tmp_path, folder)
    try:
        update(store, folder, annotation(cache, runner))
        assert runner.texts == []  # its own entities: the engine is not asked
        assert entity_counts(store) == {("Ana Lopez", "PERSON"): (1, 1)}
        assert store.db.execute("SELECT entity_source FROM documents").fetchone() == ("brat",)
        reads.clear()
        both = "T1\tPERSON 0 9\tAna Lopez\nT2\tGPE 18 22\tLima\n"
        (folder / "lopez.ann").write_text(both, encoding="utf-8")
        summary = update(store, folder, annotation(cache, runner))
        assert summary.changed == 1 and reads == ["lopez.txt"]
        assert entity_counts(store) == {("Ana Lopez", "PERSON"): (1, 1), ("Lima", "GPE"): (1, 1)}
    finally:
        store.close()


def test_the_entity_cache_spares_the_engine_for_a_new_store(
    tmp_path: Path, write_corpus: WriteCorpus, cache: EntityCache, runner: NameRunner
) -> None:
    folder = write_corpus({"merkel.txt": MERKEL, "obama.txt": OBAMA})
    first = CorpusStore.for_corpus(tmp_path / "one", folder)
    second = CorpusStore.for_corpus(tmp_path / "two", folder)
    try:
        update(first, folder, annotation(cache, runner))
        assert len(runner.texts) == 2
        update(second, folder, annotation(cache, runner))
        assert len(runner.texts) == 2  # both texts came from the cache
        assert entity_counts(second) == entity_counts(first)
    finally:
        first.close()
        second.close()


def test_a_json_lines_file_goes_in_with_its_records_entities(
    tmp_path: Path, cache: EntityCache, runner: NameRunner, reads: list[str]
) -> None:
    records = [
        {"id": "r1", "text": "Ana Lopez visited Lima.", "ents": [{"start": 0, "end": 9, "label": "PERSON"}]},
        {"id": "r2", "text": "ACME hired Bo.", "label": [[0, 4, "ORG"]]},
        "not an object",
    ]
    source = tmp_path / "records.jsonl"
    source.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    store = open_store(tmp_path, source)
    try:
        summary = update(store, source, annotation(cache, runner))
        assert summary.added == 2 and runner.texts == []
        assert entity_counts(store) == {("Ana Lopez", "PERSON"): (1, 1), ("ACME", "ORG"): (1, 1)}
        reads.clear()
        assert update(store, source, annotation(cache, runner)).unchanged == 2
        assert reads == []
        with source.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps({"id": "r3", "text": "Tony Blair in London."}) + "\n")
        summary = update(store, source, annotation(cache, runner))
        assert (summary.added, summary.changed, summary.unchanged) == (1, 2, 0)
        # A record is a document with entities of its own, even none: the engine is not asked.
        assert runner.texts == [] and ("Tony Blair", "PERSON") not in entity_counts(store)
        assert store.db.execute("SELECT count(*) FROM bodies WHERE bodies MATCH 'blair'").fetchone() == (1,)
    finally:
        store.close()


def test_a_file_name_that_is_not_utf8_is_kept_exactly(
    tmp_path: Path, write_corpus: WriteCorpus, cache: EntityCache, runner: NameRunner, reads: list[str]
) -> None:
    folder = write_corpus({"merkel.txt": MERKEL})
    name = b"caf\xe9.txt"
    with open(os.path.join(os.fsencode(folder), name), "wb") as handle:
        handle.write(OBAMA.encode())
    store = open_store(tmp_path, folder)
    try:
        update(store, folder, annotation(cache, runner))
        names = {bytes(row[0]) for row in store.db.execute("SELECT name FROM documents")}
        assert names == {b"merkel.txt", name}
        reads.clear()
        assert update(store, folder, annotation(cache, runner)).unchanged == 2
        assert reads == []
    finally:
        store.close()


def test_updating_leaves_the_folder_byte_for_byte_unchanged(
    tmp_path: Path, write_corpus: WriteCorpus, cache: EntityCache, runner: NameRunner
) -> None:
    folder = write_corpus(
        {"merkel.txt": MERKEL, "lopez.txt": "Ana Lopez.\n", "lopez.ann": "T1\tPERSON 0 9\tAna Lopez\n"}
    )
    before = fingerprint(folder)
    store = open_store(tmp_path, folder)
    try:
        update(store, folder, annotation(cache, runner))
        update(store, folder, annotation(cache, runner))
    finally:
        store.close()
    assert fingerprint(folder) == before
    assert not (tmp_path / "cache" / "stores").is_relative_to(folder)


def test_an_update_stopped_mid_way_keeps_whole_batches_and_the_next_completes_it(
    tmp_path: Path, write_corpus: WriteCorpus, cache: EntityCache, runner: NameRunner, reads: list[str]
) -> None:
    folder = write_corpus({f"doc{n}.txt": f"Tony Blair went to London {n} times.\n" for n in range(7)})
    store = open_store(tmp_path, folder)
    try:
        def failing(documents: object) -> Iterator[Document | Pending]:
            for number, document in enumerate(annotation(cache, runner)(documents)):  # type: ignore[arg-type]
                if number == 5:
                    raise KeyboardInterrupt
                yield document

        with pytest.raises(KeyboardInterrupt):
            update(store, folder, failing, batch_documents=2)
        assert store.document_count() == 4  # two whole batches
        assert entity_counts(store)[("Tony Blair", "PERSON")] == (4, 4)
        reads.clear()
        summary = update(store, folder, annotation(cache, runner), batch_documents=2)
        assert (summary.added, summary.unchanged) == (3, 4)
        assert len(reads) == 3
        assert entity_counts(store)[("Tony Blair", "PERSON")] == (7, 7)
    finally:
        store.close()


def age(folder: Path, seconds: float = 60.0) -> None:
    """Set the folder's modification time in the past, as a folder left alone for a while has."""
    past = os.stat(folder).st_mtime_ns - int(seconds * 1e9)
    os.utime(folder, ns=(past, past))


def test_an_unchanged_listing_is_not_compared_file_by_file(
    tmp_path: Path, write_corpus: WriteCorpus, cache: EntityCache, runner: NameRunner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = write_corpus({"merkel.txt": MERKEL, "obama.txt": OBAMA})
    store = open_store(tmp_path, folder)
    compared: list[int] = []
    real = store_upkeep.stored_stamps

    def counting(store: CorpusStore) -> dict[store_upkeep.Key, store_upkeep.Stamp]:
        compared.append(1)
        return real(store)

    monkeypatch.setattr(store_upkeep, "stored_stamps", counting)
    try:
        update(store, folder, annotation(cache, runner))
        again = update(store, folder, annotation(cache, runner))
        assert (again.added, again.changed, again.removed, again.unchanged) == (0, 0, 0, 2)
        assert len(compared) == 1  # the second update matched the listing the first one left
        (folder / "obama.txt").write_text(OBAMA.replace("Berlin", "Rome"), encoding="utf-8")
        changed = update(store, folder, annotation(cache, runner))
        assert (changed.changed, changed.unchanged) == (1, 1)
        # A document written by anything else than an update is compared file by file again.
        with Transaction(store.db):
            store.db.execute("DELETE FROM documents WHERE doc_id = 'merkel'")
        assert update(store, folder, annotation(cache, runner)).added == 1
        assert len(compared) == 3
    finally:
        store.close()


def test_a_folder_whose_stamp_is_unchanged_is_trusted_until_a_file_comes_or_goes(
    tmp_path: Path, write_corpus: WriteCorpus, cache: EntityCache, runner: NameRunner
) -> None:
    folder = write_corpus({"merkel.txt": MERKEL, "obama.txt": OBAMA})
    store = open_store(tmp_path, folder)
    try:
        assert not store_upkeep.unchanged_folder(store, folder)  # never updated
        update(store, folder, annotation(cache, runner))
        # Changed a moment before the update, the folder may change again unseen within its
        # file system's clock tick: it is not trusted yet.
        assert not store_upkeep.unchanged_folder(store, folder)
        for change in (
            lambda: (folder / "blair.txt").write_text(BLAIR, encoding="utf-8"),  # added
            lambda: (folder / "blair.txt").rename(folder / "tony.txt"),  # renamed
            lambda: (folder / "tony.txt").unlink(),  # removed
            lambda: (folder / "new.tmp").write_text(MERKEL.replace("Paris", "Rome"), encoding="utf-8"),
            lambda: (folder / "new.tmp").replace(folder / "merkel.txt"),  # saved as editors do
        ):
            age(folder)
            update(store, folder, annotation(cache, runner))
            assert store_upkeep.unchanged_folder(store, folder)
            change()
            assert not store_upkeep.unchanged_folder(store, folder)
        # A file written in place leaves the folder's stamp as it was: only an update sees it.
        age(folder)
        update(store, folder, annotation(cache, runner))
        (folder / "obama.txt").write_text(OBAMA.replace("Berlin", "Rome"), encoding="utf-8")
        assert store_upkeep.unchanged_folder(store, folder)
        assert update(store, folder, annotation(cache, runner)).changed == 1
        # Any document written outside an update makes the folder untrusted until the next one.
        assert store_upkeep.unchanged_folder(store, folder)
        with Transaction(store.db):
            store.db.execute("UPDATE documents SET size = size + 1 WHERE doc_id = 'obama'")
        assert not store_upkeep.unchanged_folder(store, folder)
        assert not store_upkeep.unchanged_folder(store, folder / "obama.txt")  # not a folder
    finally:
        store.close()
