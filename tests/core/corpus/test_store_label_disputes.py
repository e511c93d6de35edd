"""The mentions whose model label disagrees with their entity's (issue 15): what each text of a
document means, with the entity's label counts, and the documents that hold a disagreement;
a relabelled entity settles its disputes; a document whose text means another entity there is
not one of them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_corrections import apply_corrections
from gui.core.corpus.store_label_disputes import disputed_documents, mention_entities
from gui.core.corpus.store_resolution import resolve_store
from gui.core.corpus.store_writes import Transaction, insert_document
from gui.core.desk.correction_log import add_correction
from gui.core.desk.corrections import Merge, Reject, Relabel
from gui.core.model.document import Document, Entity
from tests.core.corpus.test_store_resolution import DOCUMENTS, put


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CorpusStore]:
    made = CorpusStore.for_corpus(tmp_path / "cache", tmp_path)
    for doc_id, (text, label) in DOCUMENTS.items():
        put(made, doc_id, text, label)
    resolve_store(made)
    yield made
    made.close()


def test_each_text_means_its_entity_with_the_models_labels(store: CorpusStore) -> None:
    found = mention_entities(store, (b"shares.txt", "shares"), ["Yukos", "Nobody"])
    assert set(found) == {"Yukos"}
    yukos = found["Yukos"]
    assert (yukos.name, yukos.label, yukos.summary()) == ("Yukos", "PERSON", "PERSON 3 · ORG 1")
    tony = mention_entities(store, (b"tony.txt", "tony"), ["Mr Blair"])["Mr Blair"]
    assert tony.name == "Tony Blair" and tony.label_counts == (("PERSON", 4),)


def test_the_documents_with_a_disagreement_and_a_relabel_settles_them(store: CorpusStore) -> None:
    assert disputed_documents(store) == ["shares"]  # Yukos is an ORG there, a PERSON in the corpus
    yukos = mention_entities(store, (b"tax.txt", "tax"), ["Yukos"])["Yukos"]
    assert disputed_documents(store, [yukos.id]) == ["shares"]
    assert disputed_documents(store, [yukos.id], settled=[yukos.id]) == []
    add_correction(store.db, Relabel("Yukos", "ORG"))
    apply_corrections(store)
    relabelled = mention_entities(store, (b"tax.txt", "tax"), ["Yukos"])["Yukos"]
    assert relabelled.label == "ORG"
    add_correction(store.db, Reject("Tony Blair"))
    apply_corrections(store)
    assert "Mr Blair" not in mention_entities(store, (b"pm.txt", "pm"), ["Mr Blair"])


def test_a_document_is_disputed_only_where_the_text_means_the_entity(tmp_path: Path) -> None:
    # "Washington" is the city (GPE 3, and a PERSON once in w3: a real disagreement); in gw it is
    # George Washington's surname, a PERSON as he is: no disagreement, though the key is the same.
    names = re.compile("George Washington|Washington")
    texts = {"w1": ("Washington agreed. Washington signed.", "GPE"), "w2": ("Washington voted.", "GPE"),
             "gw": ("George Washington crossed. Washington rested.", "PERSON"),
             "w3": ("Washington said so.", "PERSON")}
    store = CorpusStore.for_corpus(tmp_path / "cache", tmp_path / "corpus")
    for doc_id, (text, label) in texts.items():
        spans = tuple(Entity(m.start(), m.end(), label) for m in names.finditer(text))
        with Transaction(store.db):
            insert_document(store.db, (f"{doc_id}.txt".encode(), -1), (1, 1, -1, -1),
                            Document(Path(f"{doc_id}.txt"), doc_id, None, text, spans), False)
    assert resolve_store(store)
    city = mention_entities(store, (b"w1.txt", "w1"), ["Washington"])["Washington"]
    assert city.summary() == "GPE 3 · PERSON 1"
    assert disputed_documents(store) == ["w3"]
    assert disputed_documents(store, [city.id]) == ["w3"]
    # Merged into the city, George Washington's mentions are the city's: PERSONs in a GPE.
    add_correction(store.db, Merge(("Washington", "George Washington")))
    apply_corrections(store)
    assert disputed_documents(store) == ["gw", "w3"]
    store.close()
