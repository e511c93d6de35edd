"""The store's resolution layer: the corpus's entities resolved across documents (the Blairs,
Yukos's disputed label), current until a document comes, goes or gets its entities, and what
`entity:` and the entity filter find with it."""

from __future__ import annotations

import concurrent.futures
import random
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from gui.core.corpus import store_resolution
from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_entities import CorpusEntity, entities, entity_documents, labels, mentioning
from gui.core.corpus.store_query import search
from gui.core.corpus.store_resolution import resolution_current, resolve_store
from gui.core.corpus.store_writes import Transaction, delete_document, fill_in_entities, insert_document
from gui.core.engine.cache import text_key
from gui.core.entities.resolution import Resolution, Row, resolve
from gui.core.model import worker_processes
from gui.core.model.document import Document, Entity
from gui.core.search.query import EntityFilter
from tests.core.entities import reference_resolution
from tests.core.entities.test_resolution_reference import corpus_rows

# Each document with the label its names were given there (Yukos is a PERSON to the model, mostly).
DOCUMENTS = {
    "tony": ("Tony Blair spoke. Mr Blair said the war was just. Blair left.", "PERSON"),
    "cherie": ("Cherie Blair opened a ward. Mrs Blair praised the nurses.", "PERSON"),
    "pm": ("Mr Blair faced questions in the Commons.", "PERSON"),
    "tax": ("Yukos owed taxes. Yukos said so. Yukos paid.", "PERSON"),
    "shares": ("Yukos shares fell.", "ORG"),
}
NAMES = re.compile(r"Tony Blair|Cherie Blair|Mrs Blair|Mr Blair|Blair|Yukos")


def found(text: str, label: str) -> tuple[Entity, ...]:
    return tuple(Entity(m.start(), m.end(), label) for m in NAMES.finditer(text))


def put(store: CorpusStore, doc_id: str, text: str, label: str, pending: bool = False) -> int:
    document = Document(Path(f"{doc_id}.txt"), doc_id, None, text, found(text, label))
    with Transaction(store.db):
        return insert_document(store.db, (f"{doc_id}.txt".encode(), -1), (1, 1, -1, -1), document, pending)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CorpusStore]:
    made = CorpusStore.for_corpus(tmp_path / "cache", tmp_path)
    for doc_id, (text, label) in DOCUMENTS.items():
        put(made, doc_id, text, label)
    yield made
    made.close()


def named(store: CorpusStore, name: str) -> CorpusEntity:
    (entity,) = [entity for entity in entities(store) if entity.name == name]
    return entity


def test_resolving_joins_a_persons_names_and_says_why(store: CorpusStore) -> None:
    assert not resolution_current(store)
    assert resolve_store(store) and resolution_current(store)
    tony = named(store, "Tony Blair")
    assert set(tony.aliases) == {"Tony Blair", "Mr Blair", "Blair"}
    why = dict(zip(tony.aliases, tony.why, strict=True))
    assert why["Blair"] == "surname of 'Tony Blair' in the same document"
    assert "title 'Mr' dropped" in why["Mr Blair"]
    assert (tony.documents, tony.mentions) == (2, 4)  # "pm"'s Mr Blair is Tony's too
    cherie = named(store, "Cherie Blair")
    assert set(cherie.aliases) == {"Cherie Blair", "Mrs Blair"}
    assert {entity.name for entity in entities(store)} == {"Tony Blair", "Cherie Blair", "Yukos"}


def test_an_entitys_label_is_its_mentions_majority_and_the_dispute_shows(store: CorpusStore) -> None:
    resolve_store(store)
    yukos = named(store, "Yukos")
    assert yukos.label == "PERSON" and yukos.disputed
    assert yukos.label_counts == (("PERSON", 3), ("ORG", 1))
    assert yukos.label_summary() == "Yukos — PERSON 3 · ORG 1"
    assert not named(store, "Tony Blair").disputed
    assert labels(store) == ["PERSON"]  # every entity's consensus label
    assert entities(store, "ORG") == []


def test_entity_queries_find_a_document_that_only_says_mr_blair(store: CorpusStore) -> None:
    before = {match.id for match in search(store, EntityFilter("Tony Blair"))}
    assert before == {"tony"}  # the per-document entities: "pm" names only "Mr Blair"
    resolve_store(store)
    matches = {match.id: match for match in search(store, EntityFilter("Tony Blair"))}
    assert set(matches) == {"tony", "pm"}
    assert [hit.match for hit in matches["pm"].hits] == ["Mr Blair"]
    assert [hit.match for hit in matches["tony"].hits] == ["Tony Blair", "Mr Blair", "Blair"]
    assert {match.id for match in search(store, EntityFilter("Cherie Blair"))} == {"cherie"}
    # The entity filter (Ctrl+E) from any of the names' keys, whatever label the model gave.
    filtered = entity_documents(store, "PERSON", "tony blair")
    assert filtered.name == "Tony Blair" and dict(filtered.documents) == {"tony": 3, "pm": 1}
    assert dict(entity_documents(store, "ORG", "yukos").documents) == {"tax": 3, "shares": 1}
    listed = mentioning(store, "PERSON", "tony blair")
    assert (listed.name, listed.count, listed.ids) == ("Tony Blair", 2, frozenset({"tony", "pm"}))


def test_adding_removing_or_filling_in_a_document_leaves_the_resolution_stale(store: CorpusStore) -> None:
    resolve_store(store)
    row = put(store, "later", "Tony Blair again.", "PERSON")
    assert not resolution_current(store)
    assert named(store, "Blair").documents == 1  # the per-document entities answer meanwhile
    resolve_store(store)
    with Transaction(store.db):
        delete_document(store.db, row)
    assert not resolution_current(store)
    resolve_store(store)
    text = "Mrs Blair spoke."
    put(store, "waiting", text, "PERSON", pending=True)
    resolve_store(store)
    with Transaction(store.db):
        assert fill_in_entities(store.db, "waiting", text_key(text), found(text, "PERSON"))
    assert not resolution_current(store)
    assert resolve_store(store)
    assert "Mrs Blair" in named(store, "Cherie Blair").aliases


def test_a_resolution_overtaken_by_another_writer_is_not_written(
    store: CorpusStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = CorpusStore.for_corpus(tmp_path / "cache", tmp_path)
    real = resolve

    def resolve_while_another_writes(rows: list[Row]) -> Resolution:
        put(other, "meanwhile", "Tony Blair wrote.", "PERSON")
        return real(rows)

    monkeypatch.setattr(store_resolution, "resolve", resolve_while_another_writes)
    try:
        assert not resolve_store(store)
        assert not resolution_current(store) and not store.db.in_transaction
    finally:
        other.close()
    monkeypatch.setattr(store_resolution, "resolve", real)
    assert resolve_store(store)
    assert named(store, "Tony Blair").documents == 3


def test_a_worker_process_resolves_a_store_file_as_this_process_would(
    store: CorpusStore, tmp_path: Path
) -> None:
    here = CorpusStore(None, tmp_path)  # a store in memory is resolved in this process
    for doc_id, (text, label) in DOCUMENTS.items():
        put(here, doc_id, text, label)
    assert store_resolution.resolve_in_worker(here) and resolution_current(here)
    assert store_resolution.resolve_in_worker(store)  # the file's, in a worker process
    assert resolution_current(store)  # written by the worker, read here
    assert [(e.name, e.label, e.aliases) for e in entities(store)] == [
        (e.name, e.label, e.aliases) for e in entities(here)]
    here.close()


def test_the_worker_process_steps_back_for_the_window_s_threads(
    store: CorpusStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A minute of a core's work at 100,000 documents: a Ctrl+E meanwhile waited for a core.
    started: list[tuple[object, ...]] = []
    real_pool = worker_processes.process_pool

    def recording_pool(processes: int, initializer: Callable[..., object], initargs: tuple[object, ...] = ()
                       ) -> concurrent.futures.ProcessPoolExecutor:
        started.append((processes, initializer, initargs))
        return real_pool(processes, initializer, initargs)

    monkeypatch.setattr(worker_processes, "process_pool", recording_pool)

    assert store_resolution.resolve_in_worker(store) and resolution_current(store)
    assert started == [(1, worker_processes.start_worker_process, (worker_processes.BACKGROUND_NICENESS,))]
    assert worker_processes.BACKGROUND_NICENESS > 0


def test_the_tables_hold_what_the_plain_resolution_says_of_the_stored_mentions(tmp_path: Path) -> None:
    """resolve_store counts the mentions its own way, fast: its tables are those the plain
    resolution gives, by (document, text) and by entity and document, on generated news."""
    store = CorpusStore.for_corpus(tmp_path / "cache", tmp_path)
    try:
        rows = corpus_rows(random.Random(3), 300, 30)
        by_doc: dict[int | str, list[tuple[str, str]]] = {}
        for doc, text, label, count in rows:
            if text.strip():
                by_doc.setdefault(doc, []).extend([(text, label)] * count)
        for doc, mentions in by_doc.items():
            body, spans = "", []
            for text, label in mentions:
                spans.append(Entity(len(body), len(body) + len(text), label))
                body += text + " . "
            document = Document(Path(f"{doc}.txt"), str(doc), None, body, tuple(spans))
            with Transaction(store.db):
                insert_document(store.db, (f"{doc}.txt".encode(), -1), (1, 1, -1, -1), document)
        assert resolve_store(store)
        stored = Counter({(doc, text, label): 0 for doc, text, label in store.db.execute(
            "SELECT document, text, label FROM mentions")})
        stored.update(store.db.execute("SELECT document, text, label FROM mentions"))
        plain = reference_resolution.resolve([(*key, count) for key, count in stored.items()])
        keys = dict(store.db.execute("SELECT id, key FROM resolved"))
        assert sorted(keys.values()) == sorted(entity.key for entity in plain.entities)
        meant = {(doc, text): keys[entity] for doc, text, entity in store.db.execute(
            f"SELECT m.document, m.text, {store_resolution.RESOLVED_OF_MENTION} FROM mentions m")}
        assert meant == {(doc, text): plain.entity_of(doc, text).key for doc, text, _ in stored}
        per_document: Counter[tuple[str, int]] = Counter()
        for (doc, text, _), count in stored.items():
            per_document[plain.entity_of(doc, text).key, doc] += count
        written = {(keys[entity], doc): count for entity, doc, count in store.db.execute(
            "SELECT resolved, document, mentions FROM resolved_documents")}
        assert written == dict(per_document)
    finally:
        store.close()
