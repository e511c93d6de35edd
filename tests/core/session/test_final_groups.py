"""The entity panel's rows (issue 15): a document's mentions grouped by the corpus's entities as
the store resolved and the corrections left them, from what the store says of the document
(insight.document_entities) and the corrections' overlay, without Qt."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_corrections import apply_corrections, correction_overlay
from gui.core.corpus.store_resolution import resolve_store
from gui.core.desk.correction_log import add_correction
from gui.core.desk.correction_overlay import CorrectionOverlay
from gui.core.desk.corrections import Add, Correction, Merge, Reject, Relabel, RelabelMention, Split
from gui.core.engine.cache import text_key
from gui.core.insight.document_entities import (
    CorpusEntity,
    DocumentEntities,
    document_entities,
    stored_document_entities,
)
from gui.core.model.document import Entity
from gui.core.session.corrected_shown import corrected_entities
from gui.core.session.final_groups import EntityRow, document_rows, own_rows
from tests.core.corpus.test_store_resolution import DOCUMENTS, found, put


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CorpusStore]:
    made = CorpusStore.for_corpus(tmp_path / "cache", tmp_path / "corpus")
    for doc_id, (text, label) in DOCUMENTS.items():
        put(made, doc_id, text, label)
    assert resolve_store(made)
    yield made
    made.close()


def key(doc_id: str) -> tuple[bytes, str]:
    return f"{doc_id}.txt".encode(), doc_id


def rows(store: CorpusStore, doc_id: str, overlay: CorrectionOverlay | None = None) -> tuple[EntityRow, ...]:
    """The panel's rows for a document of DOCUMENTS, its spans corrected by `overlay`."""
    text, label = DOCUMENTS[doc_id]
    model = found(text, label)
    spans = corrected_entities(overlay, key(doc_id), text, model) if overlay is not None else model
    answer = document_entities(store, key(doc_id), {text[e.start : e.end] for e in model})
    labels = {(entity.start, entity.end): entity.label for entity in model}
    return document_rows(text, spans, answer, overlay, key(doc_id), text_key(text), labels)


def shown(found_rows: tuple[EntityRow, ...]) -> list[tuple[str, str, int, list[str]]]:
    """Each row as (label, name, mentions, the names it has here)."""
    return [(row.group.label, row.group.name, row.group.count, [alias.group.name for alias in row.aliases])
            for row in found_rows]


def correct(store: CorpusStore, *corrections: Correction, apply: bool = True) -> CorrectionOverlay:
    """Add corrections to the desk; the overlay the window would show them with, at once
    (before the store applies them, unless `apply`)."""
    for correction in corrections:
        add_correction(store.db, correction)
    overlay = correction_overlay(store)
    if apply:
        apply_corrections(store)
    return overlay


def test_every_name_of_a_person_is_one_row_with_why(store: CorpusStore) -> None:
    assert shown(rows(store, "tony")) == [("PERSON", "Tony Blair", 3, ["Tony Blair", "Mr Blair", "Blair"])]
    (tony,) = rows(store, "tony")
    assert tony.entity is not None and tony.documents == 2  # "pm" says only "Mr Blair"
    whys = {alias.group.name: alias.why for alias in tony.aliases}
    assert "title 'Mr' dropped" in whys["Mr Blair"]
    assert shown(rows(store, "pm")) == [("PERSON", "Tony Blair", 1, ["Mr Blair"])]
    assert rows(store, "pm")[0].shows_names
    assert shown(rows(store, "cherie")) == [("PERSON", "Cherie Blair", 2, ["Cherie Blair", "Mrs Blair"])]
    # The panel's keys are the corpus entity's: what Ctrl+E follows.
    assert rows(store, "pm")[0].group.key == ("PERSON", "tony blair")


def test_the_label_is_the_corpus_one_and_the_models_is_said(store: CorpusStore) -> None:
    (yukos,) = rows(store, "shares")  # ORG here, PERSON in 3 of 4 mentions
    assert (yukos.group.label, yukos.label_counts) == ("PERSON", (("PERSON", 3), ("ORG", 1)))
    assert yukos.model_labels == (("ORG", 1),)
    assert rows(store, "tax")[0].model_labels == ()


def test_the_documents_own_grouping_until_the_store_knows_it(store: CorpusStore) -> None:
    text, label = DOCUMENTS["tony"]
    spans = found(text, label)
    own = own_rows(text, spans)
    assert document_rows(text, spans, None, None, key("tony"), text_key(text)) == own
    elsewhere = document_entities(store, key("nowhere"), ["Tony Blair"])
    assert not elsewhere.known
    assert document_rows(text, spans, elsewhere, None, key("tony"), text_key(text)) == own
    # An answer for another version of the text is not this one's.
    answer = document_entities(store, key("tony"), {text[e.start : e.end] for e in spans})
    assert document_rows(text + " More.", spans, answer, None, key("tony"), text_key(text + " More.")) == own


@pytest.mark.parametrize("apply", [False, True], ids=["at once", "once the store has it"])
def test_a_split_and_a_merge(store: CorpusStore, apply: bool) -> None:
    overlay = correct(store, Split("Tony Blair", "Mr Blair"), apply=apply)
    assert shown(rows(store, "tony", overlay)) == [
        ("PERSON", "Tony Blair", 2, ["Tony Blair", "Blair"]), ("PERSON", "Mr Blair", 1, ["Mr Blair"])]
    mr_blair = rows(store, "tony", overlay)[1]
    assert mr_blair.aliases[0].why == "split off Tony Blair by a correction"
    assert mr_blair.exact == apply
    assert mr_blair.documents == (2 if apply else None)
    assert shown(rows(store, "pm", overlay)) == [("PERSON", "Mr Blair", 1, ["Mr Blair"])]
    overlay = correct(store, Merge(("Mr Blair", "Cherie Blair")), apply=apply)
    merged = rows(store, "cherie", overlay)
    assert [(row.group.count, sorted(alias.group.name for alias in row.aliases)) for row in merged] == [
        (2, ["Cherie Blair", "Mrs Blair"])]
    (pm,) = rows(store, "pm", overlay)
    assert pm.entity == merged[0].entity and pm.group.name == merged[0].group.name


@pytest.mark.parametrize("apply", [False, True], ids=["at once", "once the store has it"])
def test_a_relabel_a_reject_and_an_added_text(store: CorpusStore, apply: bool) -> None:
    overlay = correct(store, Relabel("Yukos", "ORG"), apply=apply)
    assert shown(rows(store, "tax", overlay)) == [("ORG", "Yukos", 3, ["Yukos"])]
    (tax,) = rows(store, "tax", overlay)
    assert tax.model_labels == (("PERSON", 3),)  # the model's own, which the tooltip says
    overlay = correct(store, Reject("Mr Blair"), apply=apply)  # Tony Blair, every name of him
    assert rows(store, "tony", overlay) == ()
    overlay = correct(store, Add("taxes", "LAW"), apply=apply)
    assert shown(rows(store, "tax", overlay)) == [
        ("ORG", "Yukos", 3, ["Yukos"]), ("LAW", "taxes", 1, ["taxes"])]
    assert rows(store, "tax", overlay)[1].aliases[0].why == "added by a correction"


def test_a_mention_relabelled_alone_stays_in_its_entity(store: CorpusStore) -> None:
    overlay = correct(store, RelabelMention(key("tax"), 0, 5, "GPE", "Yukos"))
    (yukos,) = rows(store, "tax", overlay)
    assert (yukos.group.label, yukos.group.count) == ("PERSON", 3)
    assert yukos.aliases[0].relabelled == (("GPE", 1),)


# Any spans over a text of names, any answer the store may give: every mention in one row.
NAMES = ("Tony Blair", "Mr Blair", "Blair", "Yukos", "BT", "the BBC")
TEXT = " ".join(NAMES) + " " + " ".join(reversed(NAMES))
PLACES = [(TEXT.index(name), TEXT.index(name) + len(name)) for name in NAMES]
PLACES += [(TEXT.rindex(name), TEXT.rindex(name) + len(name)) for name in NAMES]


@given(
    st.lists(st.tuples(st.sampled_from(PLACES), st.sampled_from(["PERSON", "ORG", "GPE"])),
             unique_by=lambda item: item[0]),
    st.dictionaries(st.sampled_from(NAMES), st.integers(1, 3)),
)
def test_every_mention_lands_in_exactly_one_row(
    spans: list[tuple[tuple[int, int], str]], meaning: dict[str, int]
) -> None:
    entities = [Entity(start, end, label) for (start, end), label in spans]
    known = {entity: CorpusEntity(entity, f"entity {entity}", f"Entity {entity}", "PERSON", (), 1)
             for entity in set(meaning.values())}
    answer = DocumentEntities(key("t"), True, text_key(TEXT), meaning, known,
                              {}, dict(meaning), known, {})
    found_rows = document_rows(TEXT, entities, answer, None, key("t"), text_key(TEXT))
    placed = [(m.start, m.end, m.label) for row in found_rows for m in row.group.mentions]
    assert sorted(placed) == sorted((e.start, e.end, e.label) for e in entities)
    assert sum(row.group.count for row in found_rows) == len(entities)
    for row in found_rows:
        if row.entity is not None:  # its names here share out its mentions
            names = [m for alias in row.aliases for m in alias.group.mentions]
            assert sorted(names) == sorted(row.group.mentions)
    assert len({row.group.key for row in found_rows}) == len(found_rows)  # a row is found by its key


def test_the_answer_asked_ahead_is_the_one_asked_of_the_documents_texts(store: CorpusStore) -> None:
    # The panel asks ahead of the reader for documents it has not read: of the texts the store
    # holds for them. The answer is the one it would ask of the document shown, and says what it
    # was asked of: a text a correction adds later is not covered (the panel asks again).
    ahead = stored_document_entities(store, [key("tony"), key("pm"), (b"gone.txt", "gone")])
    for doc_id, answer in zip(["tony", "pm"], ahead, strict=False):
        text, label = DOCUMENTS[doc_id]
        texts = {text[e.start : e.end] for e in found(text, label)}
        assert answer == document_entities(store, key(doc_id), texts)
        assert answer.known and answer.covers(texts) and not answer.covers({*texts, "war"})
    assert not ahead[2].known and ahead[2].asked == frozenset()
