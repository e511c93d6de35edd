"""Documents whose entities are not known yet: stored at once, searchable, and given their
entities when the engine has found them; and what the window asks the store for."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest

from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_entities import (
    Mentioning,
    document_counts,
    entities,
    entity_documents,
    labels,
    mention_counts,
    mentioning,
    pending_ids,
)
from gui.core.corpus.store_query import search, snippet, snippet_parts
from gui.core.corpus.store_upkeep import Annotate, Pending, update
from gui.core.corpus.store_writes import fill_in_entities
from gui.core.engine.cache import text_key
from gui.core.model.document import Document, Entity
from gui.core.search.query import parse_query

FILES = {
    "a.txt": "Khalifa Haftar spoke in Paris. Haftar was calm.\n",
    "b.txt": "Haftar left Paris for Berlin.\n",
    "c.txt": "Bill Clinton met Hillary Clinton. Clinton spoke.\n",
    "d.txt": "Clinton said nothing in Berlin.\n",
}
NAMES = {"Khalifa Haftar": "PERSON", "Haftar": "PERSON", "Paris": "GPE", "Berlin": "GPE",
         "Bill Clinton": "PERSON", "Hillary Clinton": "PERSON", "Clinton": "PERSON"}


def names(body: str) -> tuple[Entity, ...]:
    """The NAMES in a body, longest first where they overlap."""
    found: list[tuple[int, int, str]] = []
    for name, label in NAMES.items():
        at = body.find(name)
        while at != -1:
            if not any(s <= at < e for s, e, _ in found):
                found.append((at, at + len(name), label))
            at = body.find(name, at + len(name))
    return tuple(sorted(Entity(s, e, label) for s, e, label in found))


def cached_only(known: set[str]) -> Annotate:
    """The window's annotation: entities for the documents in `known`, the rest pending."""

    def annotate(documents: Iterable[Document]) -> Iterator[Document | Pending]:
        for document in documents:
            if document.id in known:
                yield dataclasses.replace(document, entities=names(document.body))
            else:
                yield Pending(document)

    return annotate


@pytest.fixture
def folder(write_corpus: Callable[..., Path]) -> Path:
    return write_corpus(FILES)


@pytest.fixture
def store(tmp_path: Path, folder: Path) -> Iterator[CorpusStore]:
    store = CorpusStore.for_corpus(tmp_path / "cache", folder)
    yield store
    store.close()


def test_pending_documents_are_searchable_at_once_without_mentions(store: CorpusStore, folder: Path) -> None:
    update(store, folder, cached_only({"a"}))
    assert sorted(pending_ids(store)) == ["b", "c", "d"]
    assert [match.id for match in search(store, parse_query("Berlin"))] != []
    assert mention_counts(store) == {"a": 3}  # pending ones are not counted as entity-less
    assert {entity.name for entity in entities(store)} == {"Khalifa Haftar", "Paris"}


def test_filling_in_gives_a_pending_document_its_entities_once(store: CorpusStore, folder: Path) -> None:
    update(store, folder, cached_only(set()))
    body = FILES["b.txt"]
    assert fill_in_entities(store.db, "b", text_key(body), names(body))
    assert sorted(pending_ids(store)) == ["a", "c", "d"]
    assert mention_counts(store) == {"b": 3}
    # Known now: a second report of it changes nothing; nor does one for another text.
    assert not fill_in_entities(store.db, "b", text_key(body), ())
    assert not fill_in_entities(store.db, "c", text_key("another text"), names(FILES["c.txt"]))
    assert mention_counts(store) == {"b": 3}
    assert {(e.name, e.documents) for e in entities(store)} == {("Haftar", 1), ("Paris", 1), ("Berlin", 1)}


def test_a_pending_document_whose_name_is_not_utf8_is_filled_in(store: CorpusStore, folder: Path) -> None:
    odd = "caf\udce9"  # a Latin-1 byte in the file name: the id the listing gives it
    (folder / f"{odd}.txt").write_text("Haftar met Clinton.\n", encoding="utf-8")
    update(store, folder, cached_only(set()))
    body = "Haftar met Clinton.\n"
    assert odd in pending_ids(store)  # as the listing names it, for the window to find it
    assert fill_in_entities(store.db, odd, text_key(body), names(body))  # no UnicodeEncodeError
    assert odd not in pending_ids(store)
    assert mention_counts(store)["caf\ufffd"] == 2


def test_a_filled_in_document_counts_as_the_updates_own(store: CorpusStore, folder: Path) -> None:
    update(store, folder, cached_only(set()))
    for name, body in FILES.items():
        assert fill_in_entities(store.db, Path(name).stem, text_key(body), names(body))
    filled = sorted((e.name, e.label, e.documents, e.mentions) for e in entities(store))
    other = CorpusStore(None, folder)
    update(other, folder, cached_only({"a", "b", "c", "d"}))
    assert filled == sorted((e.name, e.label, e.documents, e.mentions) for e in entities(other))
    assert mention_counts(store) == mention_counts(other)
    assert labels(store) == ["GPE", "PERSON"]
    other.close()


def test_a_surname_follows_the_one_full_name_it_goes_with(store: CorpusStore, folder: Path) -> None:
    update(store, folder, cached_only({"a", "b", "c", "d"}))
    haftar = entity_documents(store, "PERSON", "haftar")
    assert haftar.name == "Khalifa Haftar"
    assert dict(haftar.documents) == {"a": 2, "b": 1}
    assert entity_documents(store, "PERSON", "khalifa haftar") == haftar
    # Two full names share "Clinton": the bare surname joins neither.
    assert dict(entity_documents(store, "PERSON", "clinton").documents) == {"c": 1, "d": 1}
    assert dict(entity_documents(store, "PERSON", "bill clinton").documents) == {"c": 1}
    assert entity_documents(store, "GPE", "paris").documents == (("a", 1), ("b", 1))
    assert entity_documents(store, "ORG", "nobody").documents == ()


def test_the_list_filter_gets_the_documents_the_entity_filter_finds(store: CorpusStore, folder: Path) -> None:
    update(store, folder, cached_only({"a", "b", "c", "d"}))
    for label, key in [("PERSON", "haftar"), ("PERSON", "clinton"), ("GPE", "paris"), ("ORG", "nobody")]:
        expected = entity_documents(store, label, key)
        found = mentioning(store, label, key)
        ids = frozenset(dict(expected.documents))
        assert found == Mentioning(expected.name, len(expected.documents), ids)
    haftar = Mentioning("Khalifa Haftar", 2, frozenset({"a", "b"}))
    assert mentioning(store, "PERSON", "khalifa haftar") == haftar



def test_snippet_parts_put_the_hit_between_its_context_on_one_line() -> None:
    body = "first line\n\nthe   TARGET\tword and then a good deal more text to be cut away at the end " * 3
    start = body.index("TARGET")
    before, match, after = snippet_parts(body, start, start + 6, context=20)
    assert match == "TARGET"
    assert before.endswith("the ") and "\n" not in before and "  " not in before
    assert after.startswith(" word") and after.endswith("…")
    assert before + match + after == snippet(body, start, start + 6, context=20)


def test_document_counts_answer_for_the_keys_asked_only(store: CorpusStore, folder: Path) -> None:
    update(store, folder, cached_only({"a", "b", "c", "d"}))
    counts = document_counts(store, [("PERSON", "haftar"), ("GPE", "paris"), ("GPE", "paris"),
                                     ("GPE", "berlin"), ("ORG", "nobody")])
    assert counts == {("PERSON", "haftar"): 1, ("GPE", "paris"): 2, ("GPE", "berlin"): 2}
    many = [("GPE", f"place {number}") for number in range(1_000)] + [("GPE", "berlin")]
    assert document_counts(store, many) == {("GPE", "berlin"): 2}  # more keys than one statement holds
