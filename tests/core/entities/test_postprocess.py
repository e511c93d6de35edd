"""Post-processing rules over the engine's entities: a bare surname after a full name is a PERSON."""

from __future__ import annotations

from gui.core.entities.postprocess import postprocess, promote_surnames, strip_possessive
from gui.core.model.document import Entity
from tests.conftest import SEED_NAME, SEEDS

SEED_BODY = (SEEDS / SEED_NAME).read_text(encoding="utf-8")[len(" date 2019-11-27 ") :]


def span(text: str, words: str, label: str, occurrence: int = 0) -> Entity:
    """The entity over the n-th occurrence of `words` in `text`."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(words, start + 1)
    return Entity(start, start + len(words), label)


def labelled(text: str, entities: tuple[Entity, ...] | list[Entity]) -> list[tuple[str, str]]:
    return [(text[e.start : e.end], e.label) for e in entities]


def test_schenker_after_david_schenker_becomes_a_person() -> None:
    entities = [span(SEED_BODY, "David Schenker", "PERSON"), span(SEED_BODY, "Schenker", "ORG", 1)]
    assert labelled(SEED_BODY, postprocess(SEED_BODY, entities)) == [
        ("David Schenker", "PERSON"),
        ("Schenker", "PERSON"),
    ]


def test_haftar_after_khalifa_haftar_becomes_a_person() -> None:
    entities = [span(SEED_BODY, "Khalifa Haftar", "PERSON"), span(SEED_BODY, "Haftar", "ORG", occurrence=1)]
    result = postprocess(SEED_BODY, entities)
    assert [e.label for e in result] == ["PERSON", "PERSON"]
    assert result[1].start == entities[1].start and result[1].end == entities[1].end


def test_a_possessive_surname_becomes_a_person() -> None:
    possessive = span(SEED_BODY, "Haftar’s", "ORG")
    result = postprocess(SEED_BODY, [span(SEED_BODY, "Khalifa Haftar", "PERSON"), possessive])
    assert labelled(SEED_BODY, result) == [("Khalifa Haftar", "PERSON"), ("Haftar’s", "PERSON")]


def test_the_full_name_may_itself_be_possessive() -> None:
    text = "Khalifa Haftar's forces advanced. Haftar denied it."
    entities = [span(text, "Khalifa Haftar's", "PERSON"), span(text, "Haftar", "ORG", 1)]
    result = promote_surnames(text, entities)
    assert [e.label for e in result] == ["PERSON", "PERSON"]


def test_other_one_word_entities_stay() -> None:
    entities = [
        span(SEED_BODY, "David Schenker", "PERSON"),
        span(SEED_BODY, "Russia", "GPE"),
        span(SEED_BODY, "CNN", "ORG"),
        span(SEED_BODY, "Haftar", "ORG"),  # no PERSON named Haftar in this list
    ]
    assert postprocess(SEED_BODY, entities) == tuple(sorted(entities))


def test_multi_word_entities_are_not_relabelled() -> None:
    text = "David Schenker visited Schenker Associates and the Wagner Group."
    entities = [
        span(text, "David Schenker", "PERSON"),
        span(text, "Schenker Associates", "ORG"),
        span(text, "the Wagner Group", "ORG"),
    ]
    assert postprocess(text, entities) == tuple(entities)


def test_a_one_word_person_gives_no_surname() -> None:
    text = "Haftar spoke. Haftar left."
    entities = [span(text, "Haftar", "PERSON"), span(text, "Haftar", "ORG", 1)]
    assert [e.label for e in postprocess(text, entities)] == ["PERSON", "ORG"]


def test_postprocess_sorts_by_position() -> None:
    text = "Paris and Berlin"
    entities = [span(text, "Berlin", "GPE"), span(text, "Paris", "GPE")]
    assert postprocess(text, entities) == (span(text, "Paris", "GPE"), span(text, "Berlin", "GPE"))


def test_strip_possessive() -> None:
    assert strip_possessive("Haftar’s") == "Haftar"
    assert strip_possessive("Haftar's") == "Haftar"
    assert strip_possessive("Jones'") == "Jones"
    assert strip_possessive("Haftar") == "Haftar"
    assert strip_possessive("’s") == "’s"  # nothing would be left
