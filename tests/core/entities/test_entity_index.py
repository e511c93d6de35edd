"""The corpus entity index: documents per entity with counts, updated one document at a time."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gui.core.engine.engine import SpacyEngine
from gui.core.entities.entity_index import EntityIndex, EntitySummary
from gui.core.entities.mentions import EntityKey, MentionGroup, entity_key, group_mentions
from gui.core.entities.postprocess import postprocess, strip_possessive
from gui.core.model.document import Entity, parse_document
from tests.conftest import SEED_NAME, SEEDS

SEED_BODY = parse_document(SEEDS / SEED_NAME, (SEEDS / SEED_NAME).read_bytes()).body
HAFTAR = EntityKey("PERSON", "khalifa haftar")
RUSSIA = EntityKey("GPE", "russia")
CNN = EntityKey("ORG", "cnn")


def group(label: str, name: str, count: int) -> MentionGroup:
    """A mention group of `count` made-up one-character mentions."""
    mentions = tuple(Entity(i, i + 1, label) for i in range(count))
    return MentionGroup(entity_key(label, name), name, mentions)


@pytest.fixture
def index() -> EntityIndex:
    index = EntityIndex()
    index.add_document("a", [group("PERSON", "Khalifa Haftar", 6), group("GPE", "Russia", 4)])
    index.add_document("b", [group("GPE", "Russia", 9), group("ORG", "CNN", 1)])
    index.add_document("c", [group("PERSON", "Khalifa Haftar", 1), group("GPE", "Russia", 4)])
    return index


def test_documents_for_an_entity_most_mentions_first(index: EntityIndex) -> None:
    assert index.documents_for(RUSSIA) == [("b", 9), ("a", 4), ("c", 4)]
    assert index.documents_for(HAFTAR) == [("a", 6), ("c", 1)]
    assert index.documents_for(EntityKey("GPE", "atlantis")) == []


def test_top_entities_by_mentions_then_documents(index: EntityIndex) -> None:
    assert index.top_entities() == [
        EntitySummary(RUSSIA, "Russia", "GPE", documents=3, mentions=17),
        EntitySummary(HAFTAR, "Khalifa Haftar", "PERSON", documents=2, mentions=7),
        EntitySummary(CNN, "CNN", "ORG", documents=1, mentions=1),
    ]
    assert [row.name for row in index.top_entities(limit=2)] == ["Russia", "Khalifa Haftar"]
    assert [row.name for row in index.top_entities("PERSON")] == ["Khalifa Haftar"]
    assert index.top_entities("LAW") == []
    assert index.labels() == ["GPE", "ORG", "PERSON"]


def test_re_annotating_a_document_replaces_its_counts(index: EntityIndex) -> None:
    index.add_document("b", [group("GPE", "Russia", 2), group("NORP", "Russian", 3)])
    assert index.documents_for(RUSSIA) == [("a", 4), ("c", 4), ("b", 2)]
    assert index.documents_for(CNN) == []
    assert index.summary(RUSSIA) == EntitySummary(RUSSIA, "Russia", "GPE", 3, 10)
    assert index.labels() == ["GPE", "NORP", "PERSON"]
    assert len(index) == 3


def test_removing_a_document(index: EntityIndex) -> None:
    assert index.remove_document("a")
    assert not index.remove_document("a")
    assert "a" not in index and sorted(index) == ["b", "c"]
    assert index.documents_for(HAFTAR) == [("c", 1)]
    assert index.summary(HAFTAR) == EntitySummary(HAFTAR, "Khalifa Haftar", "PERSON", 1, 1)
    index.remove_document("c")
    assert index.summary(HAFTAR) is None and index.name_for(HAFTAR) is None
    assert "PERSON" not in index.labels()


def test_a_document_without_entities_is_still_indexed() -> None:
    index = EntityIndex()
    index.add_document("empty", [])
    assert "empty" in index and index.entities_of("empty") == {}
    assert index.top_entities() == []


def test_the_corpus_name_is_the_most_complete_then_the_most_shown(index: EntityIndex) -> None:
    index.add_document("d", [group("ORG", "Cnn", 1)])
    index.add_document("e", [group("ORG", "Cnn", 2)])
    assert index.name_for(CNN) == "Cnn"  # two documents show "Cnn", one "CNN"
    index.remove_document("e")
    assert index.name_for(CNN) == "CNN"  # one each: the tie goes by code point
    index.add_document("f", [MentionGroup(CNN, "CNN International", (Entity(0, 3, "ORG"),))])
    assert index.name_for(CNN) == "CNN International"  # more words beat more documents


def test_entities_of_a_document(index: EntityIndex) -> None:
    assert index.entities_of("b") == {RUSSIA: 9, CNN: 1}
    assert index.entities_of("nope") == {}


def test_clear(index: EntityIndex) -> None:
    index.clear()
    assert len(index) == 0 and index.top_entities() == [] and index.labels() == []


def test_groups_sharing_a_key_add_up() -> None:
    index = EntityIndex()
    index.add_document("a", [group("GPE", "Russia", 2), group("GPE", "RUSSIA", 3)])
    assert index.documents_for(RUSSIA) == [("a", 5)]


def test_keys_from_mention_grouping_find_documents(engine: SpacyEngine) -> None:
    paragraphs = SEED_BODY.split("\n\n")
    texts = {"whole": SEED_BODY, "first": paragraphs[1], "last": paragraphs[-1]}
    index = EntityIndex()
    for doc_id, text in texts.items():
        (raw,) = engine.annotate([text])
        index.add_document(doc_id, group_mentions(text, postprocess(text, raw)))
    assert index.documents_for(HAFTAR) == [("whole", 6), ("first", 1)]
    # The last paragraph alone never gives the full name, so its "Haftar" is an entity of its own
    # (and the small model calls the second one an ORG there).
    assert index.documents_for(EntityKey("PERSON", "haftar")) == [("last", 1)]
    department = index.documents_for(EntityKey("ORG", "state department"))
    assert department == [("whole", 3), ("first", 1)]
    top = index.top_entities("PERSON", limit=1)
    assert top == [EntitySummary(HAFTAR, "Khalifa Haftar", "PERSON", 2, 7)]


# Incremental updates agree with a build from scratch ---------------------------------------------

NAMES = {
    "PERSON": ["Khalifa Haftar", "KHALIFA HAFTAR", "Haftar", "David Schenker"],
    "GPE": ["Russia", "Libya", "US"],
    "ORG": ["CNN", "Cnn", "State Department"],
}
group_strategy = st.sampled_from(list(NAMES)).flatmap(
    lambda label: st.builds(group, st.just(label), st.sampled_from(NAMES[label]), st.integers(1, 5))
)
operation = st.tuples(
    st.sampled_from(["a", "b", "c", "d"]),
    st.none() | st.lists(group_strategy, max_size=5),  # None removes the document
)


def snapshot(index: EntityIndex) -> object:
    keys = {row.key for row in index.top_entities(limit=None)}
    return (
        sorted(index),
        index.labels(),
        index.top_entities(limit=None),
        {label: index.top_entities(label, limit=2) for label in NAMES},
        {key: (index.documents_for(key), index.name_for(key)) for key in keys},
        {doc: index.entities_of(doc) for doc in index},
    )


@given(st.lists(operation, max_size=25))
def test_incremental_updates_equal_a_fresh_build(
    operations: list[tuple[str, list[MentionGroup] | None]],
) -> None:
    incremental = EntityIndex()
    final: dict[str, list[MentionGroup]] = {}
    for doc_id, groups in operations:
        if groups is None:
            assert incremental.remove_document(doc_id) == (doc_id in final)
            final.pop(doc_id, None)
        else:
            incremental.add_document(doc_id, groups)
            final[doc_id] = groups
    fresh = EntityIndex()
    for doc_id in sorted(final):
        fresh.add_document(doc_id, final[doc_id])
    assert snapshot(incremental) == snapshot(fresh)
    for row in fresh.top_entities(limit=None):
        expected = {d: sum(g.count for g in gs if g.key == row.key) for d, gs in final.items()}
        assert dict(fresh.documents_for(row.key)) == {d: c for d, c in expected.items() if c}
        assert row.mentions == sum(expected.values())


# A generated corpus of 2,000 documents ----------------------------------------------------------


Annotated = dict[str, tuple[str, tuple[Entity, ...]]]  # id -> (body, entities)


def generated_documents(engine: SpacyEngine, count: int, seed: int = 5) -> Annotated:
    """`count` documents of some of the seed's paragraphs, shuffled, with the engine's spans shifted.

    The engine runs once per distinct paragraph: a document's spans are its paragraphs' spans.
    """
    paragraphs = [p.strip() for p in SEED_BODY.split("\n\n") if p.strip()]
    spans = dict(zip(paragraphs, engine.annotate(paragraphs), strict=True))
    rng = random.Random(seed)
    documents = {}
    for i in range(count):
        chosen = rng.sample(paragraphs, rng.randint(1, len(paragraphs)))
        entities: list[Entity] = []
        offset = 0
        for paragraph in chosen:
            entities.extend(Entity(e.start + offset, e.end + offset, e.label) for e in spans[paragraph])
            offset += len(paragraph) + 2
        body = "\n\n".join(chosen)
        documents[f"doc{i:04d}"] = (body, postprocess(body, entities))
    return documents


def test_an_index_of_two_thousand_documents(engine: SpacyEngine) -> None:
    documents = generated_documents(engine, 2_000)
    index = EntityIndex()
    for doc_id, (body, entities) in documents.items():
        index.add_document(doc_id, group_mentions(body, entities))
    assert len(index) == 2_000
    expected = {}
    for doc_id, (body, entities) in documents.items():
        if "Khalifa Haftar" in body:  # the full name is there, so every "Haftar" is that person
            texts = [strip_possessive(body[e.start : e.end]) for e in entities]
            expected[doc_id] = sum(text in ("Haftar", "Khalifa Haftar") for text in texts)
    assert dict(index.documents_for(HAFTAR)) == expected
    counts = [count for _, count in index.documents_for(HAFTAR)]
    assert counts == sorted(counts, reverse=True) and len(expected) > 500
    rows = index.top_entities(limit=None)
    assert sum(row.mentions for row in rows) == sum(len(entities) for _, entities in documents.values())
    assert rows[0].mentions >= rows[-1].mentions
    # Drop every third document and re-annotate every fifth with less: as a fresh build would be.
    for i in range(0, 2_000, 3):
        index.remove_document(f"doc{i:04d}")
    fresh = EntityIndex()
    for i, (doc_id, (body, entities)) in enumerate(documents.items()):
        if i % 5 == 0:
            index.add_document(doc_id, group_mentions(body, entities[:3]))
            fresh.add_document(doc_id, group_mentions(body, entities[:3]))
        elif i % 3 != 0:
            fresh.add_document(doc_id, group_mentions(body, entities))
    assert snapshot(index) == snapshot(fresh)


def test_a_bare_surname_follows_the_one_full_name_across_documents() -> None:
    from gui.core.entities.mentions import entity_key, group_mentions
    from gui.core.model.document import Entity

    def groups(text: str, spans: list[tuple[int, int, str]]) -> list[MentionGroup]:
        return group_mentions(text, [Entity(s, e, label) for s, e, label in spans])

    index = EntityIndex()
    index.add_document("full", groups("Khalifa Haftar spoke.", [(0, 14, "PERSON")]))
    index.add_document("bare", groups("Haftar left.", [(0, 6, "PERSON")]))
    both = [(0, 12, "PERSON"), (17, 32, "PERSON")]
    index.add_document("other", groups("Bill Clinton and Hillary Clinton.", both))
    index.add_document("clinton", groups("Clinton spoke.", [(0, 7, "PERSON")]))
    haftar, full = entity_key("PERSON", "Haftar"), entity_key("PERSON", "Khalifa Haftar")
    assert index.same_person(haftar) == index.same_person(full) == {haftar, full}
    assert [doc for doc, _ in index.documents_for_any(index.same_person(haftar))] == ["bare", "full"]
    clinton = entity_key("PERSON", "Clinton")
    assert index.same_person(clinton) == {clinton}  # two full names end in Clinton: neither
    tripoli = entity_key("GPE", "Tripoli")
    assert index.same_person(tripoli) == {tripoli}
