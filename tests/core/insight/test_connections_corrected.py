"""The connections as the corpus's entities are, resolved and corrected: a surname joins its full
name, a merged alias is counted as the entity it joined, a relabelled entity has its new label,
a rejected one is gone, a split-off name is an entity of its own; and, with no correction, the
same counts as the per-document entities give where each entity has one name."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings

from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_corrections import apply_corrections
from gui.core.corpus.store_resolution import resolution_current, resolve_store
from gui.core.corpus.store_writes import Transaction, insert_document
from gui.core.desk.correction_log import add_correction
from gui.core.desk.corrections import Add, Correction, Merge, Reject, Relabel, Split
from gui.core.insight.connections import Connection, Order, connections
from gui.core.insight.final_counts import final_entity_counts
from gui.core.model.document import Document, Entity
from gui.core.search.query import parse_query
from tests.core.insight.generated_corpus import Article, write_store
from tests.core.insight.test_connections import articles

# What the model said of each name (Yukos wrongly a PERSON, "He" taken for one).
LABELS = {"Tony Blair": "PERSON", "Mr Blair": "PERSON", "Yukos": "PERSON", "Gazprom": "ORG",
          "Rosneft": "ORG", "He": "PERSON", "Moscow": "GPE"}
NAMES = re.compile("|".join(sorted(LABELS, key=len, reverse=True)))
TEXTS = {
    "a": "Yukos met Gazprom. Tony Blair watched in Moscow.",
    "b": "Yukos and Gazprom talked. Yukos said so. Mr Blair spoke.",
    "c": "Gazprom paid. He said so.",
    "d": "Gazprom and Rosneft merged.",
    "e": "Rosneft grew in Moscow.",
}


def put(store: CorpusStore, doc_id: str, text: str) -> None:
    spans = tuple(Entity(m.start(), m.end(), LABELS[m.group()]) for m in NAMES.finditer(text))
    document = Document(Path(f"{doc_id}.txt"), doc_id, None, text, spans)
    with Transaction(store.db):
        insert_document(store.db, (f"{doc_id}.txt".encode(), -1), (1, 1, -1, -1), document, False)


def resolved_texts(tmp_path: Path) -> CorpusStore:
    """A store under `tmp_path` of the five TEXTS, resolved (the caller closes it)."""
    made = CorpusStore.for_corpus(tmp_path / "cache", tmp_path / "corpus")
    for doc_id, text in TEXTS.items():
        put(made, doc_id, text)
    assert resolve_store(made)
    return made


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CorpusStore]:
    made = resolved_texts(tmp_path)
    yield made
    made.close()


def correct(store: CorpusStore, *corrections: Correction) -> None:
    for correction in corrections:
        add_correction(store.db, correction)
    apply_corrections(store)


def listed(found: list[Connection]) -> dict[str, tuple[str, int, tuple[str, ...]]]:
    return {c.entity.name: (c.entity.label, c.shared, tuple(sorted(c.entity.aliases))) for c in found}


def test_a_surname_is_counted_with_the_full_name_it_joined(store: CorpusStore) -> None:
    assert listed(connections(store, "Gazprom", top=None)) == {
        "Yukos": ("PERSON", 2, ("Yukos",)),
        "Tony Blair": ("PERSON", 2, ("Mr Blair", "Tony Blair")),  # "Mr Blair" alone in b
        "He": ("PERSON", 1, ("He",)),
        "Rosneft": ("ORG", 1, ("Rosneft",)),
        "Moscow": ("GPE", 1, ("Moscow",)),
    }


def test_a_merge_a_relabel_and_a_reject_show_in_the_connections(store: CorpusStore) -> None:
    correct(store, Merge(("Yukos", "Rosneft")), Relabel("Yukos", "ORG"), Reject("He"))
    found = connections(store, "Gazprom", top=None)
    assert listed(found) == {
        "Yukos": ("ORG", 3, ("Rosneft", "Yukos")),  # a, b and d
        "Tony Blair": ("PERSON", 2, ("Mr Blair", "Tony Blair")),
        "Moscow": ("GPE", 1, ("Moscow",)),
    }
    yukos = next(c for c in found if c.entity.name == "Yukos")
    assert (yukos.entity.documents, yukos.entity.mentions) == (4, 5)  # the corrected entity's own counts
    # Its connections are the merged entity's, its own names left out.
    assert listed(connections(store, "Rosneft", top=None)) == {
        "Gazprom": ("ORG", 3, ("Gazprom",)),
        "Tony Blair": ("PERSON", 2, ("Mr Blair", "Tony Blair")),
        "Moscow": ("GPE", 2, ("Moscow",)),
    }


def test_a_split_off_name_is_an_entity_of_its_own(store: CorpusStore) -> None:
    correct(store, Split("Tony Blair", "Mr Blair"))
    found = listed(connections(store, "Gazprom", top=None))
    assert found["Tony Blair"] == ("PERSON", 1, ("Tony Blair",))
    assert found["Mr Blair"] == ("PERSON", 1, ("Mr Blair",))
    assert listed(connections(store, "Mr Blair", top=None)) == {
        "Yukos": ("PERSON", 1, ("Yukos",)), "Gazprom": ("ORG", 1, ("Gazprom",))}


def test_an_added_text_is_a_connection_with_its_documents(store: CorpusStore) -> None:
    correct(store, Add("paid", "EVENT"))
    found = listed(connections(store, "Gazprom", top=None))
    assert found["paid"] == ("EVENT", 1, ("paid",))
    scoped = connections(store, "Gazprom", top=None, within=parse_query("Moscow"))
    assert listed(scoped) == {"Yukos": ("PERSON", 1, ("Yukos",)),
                              "Tony Blair": ("PERSON", 1, ("Mr Blair", "Tony Blair")),
                              "Moscow": ("GPE", 1, ("Moscow",))}


def test_final_counts_count_a_document_once_per_entity(store: CorpusStore) -> None:
    correct(store, Merge(("Yukos", "Rosneft", "Gazprom")))
    counted = final_entity_counts(store, "SELECT id FROM documents", [])
    by_id = dict(zip(counted.ids.tolist(), counted.documents.tolist(), strict=True))
    (merged,) = store.db.execute("SELECT resolved FROM final_aliases WHERE alias = 'Yukos'").fetchone()
    assert by_id[merged] == 5  # a to e, though a, b and d name two of its names


@settings(max_examples=30, deadline=None)
@given(articles)
def test_without_corrections_the_resolved_counts_are_the_per_document_ones(corpus: list[Article]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        store = write_store(Path(scratch) / "corpus", corpus)
        try:
            names = {name for article in corpus for name in article.names}
            before = {name: connections(store, name, top=None, order=Order.SHARED) for name in names}
            assert resolve_store(store) and resolution_current(store)
            after = {name: connections(store, name, top=None, order=Order.SHARED) for name in names}
        finally:
            store.close()
    assert after == before


def test_what_each_entity_means_is_read_again_once_the_store_changes(
    store: CorpusStore, tmp_path: Path
) -> None:
    assert listed(connections(store, "Gazprom", top=None))["Tony Blair"] == (
        "PERSON", 2, ("Mr Blair", "Tony Blair"))
    correct(store, Split("Tony Blair", "Mr Blair"))  # written by this connection
    assert listed(connections(store, "Gazprom", top=None))["Mr Blair"] == ("PERSON", 1, ("Mr Blair",))
    other = CorpusStore.for_corpus(tmp_path / "cache", tmp_path / "corpus")  # and by another
    correct(other, Merge(("Yukos", "Rosneft")))
    other.close()
    assert listed(connections(store, "Gazprom", top=None))["Yukos"] == ("PERSON", 3, ("Rosneft", "Yukos"))
