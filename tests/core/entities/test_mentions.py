"""Mention grouping: each real-world entity of a document once, with all its mentions."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gui.core.engine.engine import SpacyEngine
from gui.core.entities.mentions import (
    EntityKey,
    MentionGroup,
    entity_key,
    group_at,
    group_mentions,
    group_of,
    next_mention,
    normalise_mention,
    previous_mention,
)
from gui.core.entities.postprocess import postprocess
from gui.core.model.document import Entity, parse_document
from tests.conftest import SEED_NAME, SEEDS

SEED_BODY = parse_document(SEEDS / SEED_NAME, (SEEDS / SEED_NAME).read_bytes()).body


def span(text: str, words: str, label: str, occurrence: int = 0) -> Entity:
    """The entity over the n-th occurrence of `words` in `text`."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(words, start + 1)
    return Entity(start, start + len(words), label)


def mention_texts(text: str, group: MentionGroup) -> list[str]:
    return [text[m.start : m.end] for m in group.mentions]


def named(groups: list[MentionGroup], name: str) -> MentionGroup:
    (group,) = [g for g in groups if g.name == name]
    return group


@pytest.fixture(scope="module")
def seed_groups(engine: SpacyEngine) -> list[MentionGroup]:
    (raw,) = engine.annotate([SEED_BODY])
    return group_mentions(SEED_BODY, postprocess(SEED_BODY, raw))


# The seed article, through the real engine --------------------------------------------------------


def test_haftar_and_khalifa_haftar_are_one_person(seed_groups: list[MentionGroup]) -> None:
    haftar = named(seed_groups, "Khalifa Haftar")
    assert haftar.label == "PERSON"
    assert haftar.key == EntityKey("PERSON", "khalifa haftar")
    assert mention_texts(SEED_BODY, haftar) == ["Khalifa Haftar"] + ["Haftar"] * 5
    assert haftar.count == 6 == SEED_BODY.count("Haftar")
    assert not any("Haftar" in g.name for g in seed_groups if g is not haftar)


def test_the_state_department_in_all_its_forms_is_one_organisation(
    seed_groups: list[MentionGroup],
) -> None:
    department = named(seed_groups, "State Department")
    assert department.label == "ORG"
    assert mention_texts(SEED_BODY, department) == [
        "State Department",
        "the State Department’s",
        "State Department",
    ]
    assert [g for g in seed_groups if "state department" in g.key.name] == [department]


def test_schenker_joins_david_schenker(seed_groups: list[MentionGroup]) -> None:
    schenker = named(seed_groups, "David Schenker")
    assert schenker.count == 4
    assert {g.label for g in seed_groups if "Schenker" in g.name} == {"PERSON"}


def test_seed_groups_are_in_text_order_and_cover_every_entity(
    engine: SpacyEngine, seed_groups: list[MentionGroup]
) -> None:
    (raw,) = engine.annotate([SEED_BODY])
    entities = postprocess(SEED_BODY, raw)
    assert sorted(m for g in seed_groups for m in g.mentions) == sorted(entities)
    firsts = [g.mentions[0].start for g in seed_groups]
    assert firsts == sorted(firsts)
    assert [g.name for g in seed_groups[:3]] == ["Russia", "Libya", "State Department"]


# Normalising one mention ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mention", "name"),
    [
        ("the State Department’s", "State Department"),
        ("The State Department", "State Department"),
        ("State Department's", "State Department"),
        ("an Associated Press", "Associated Press"),
        ("a Reuters", "Reuters"),
        ("Jones'", "Jones"),
        ("Jones’", "Jones"),
        ("  “the Wagner Group”  ", "Wagner Group"),
        ("\"Haftar's\"", "Haftar"),
        ("the\nState \t Department", "State Department"),
        ("A Q Khan", "A Q Khan"),  # a capital "A" may be an initial
        ("the", "the"),  # nothing would be left
        ("Theresa May", "Theresa May"),
        ("Haftar", "Haftar"),
        ("", ""),
    ],
)
def test_normalise_mention(mention: str, name: str) -> None:
    assert normalise_mention(mention) == name


def test_keys_ignore_case_and_apostrophe_style() -> None:
    assert entity_key("PERSON", "O’Brien") == entity_key("PERSON", "O'BRIEN")
    assert entity_key("PERSON", "O’Brien") != entity_key("ORG", "O’Brien")


# Grouping hand-made entities ---------------------------------------------------------------------


def test_a_surname_shared_by_two_people_joins_neither() -> None:
    text = "Bill Clinton met Hillary Clinton. Clinton spoke."
    entities = [
        span(text, "Bill Clinton", "PERSON"),
        span(text, "Hillary Clinton", "PERSON"),
        span(text, "Clinton", "PERSON", occurrence=2),
    ]
    groups = group_mentions(text, entities)
    assert [(g.name, g.count) for g in groups] == [
        ("Bill Clinton", 1),
        ("Hillary Clinton", 1),
        ("Clinton", 1),
    ]


def test_only_a_person_mention_joins_a_person() -> None:
    text = "Khalifa Haftar spoke. Haftar is also a company. Haftar’s forces advanced."
    entities = [
        span(text, "Khalifa Haftar", "PERSON"),
        span(text, "Haftar", "ORG", occurrence=1),
        span(text, "Haftar’s", "PERSON"),
    ]
    groups = group_mentions(text, entities)
    assert [(g.label, g.name, g.count) for g in groups] == [
        ("PERSON", "Khalifa Haftar", 2),
        ("ORG", "Haftar", 1),
    ]


def test_a_possessive_full_name_still_takes_its_surname() -> None:
    text = "Khalifa Haftar's forces advanced. Haftar denied it."
    groups = group_mentions(
        text, [span(text, "Khalifa Haftar's", "PERSON"), span(text, "Haftar", "PERSON", occurrence=1)]
    )
    assert [(g.name, g.count) for g in groups] == [("Khalifa Haftar", 2)]


def test_a_surname_before_the_full_name_joins_it_and_the_group_starts_there() -> None:
    text = "Haftar advanced. Later, Khalifa Haftar spoke."
    groups = group_mentions(text, [span(text, "Khalifa Haftar", "PERSON"), span(text, "Haftar", "PERSON")])
    (group,) = groups
    assert group.name == "Khalifa Haftar"
    assert mention_texts(text, group) == ["Haftar", "Khalifa Haftar"]


def test_the_same_words_with_another_label_are_another_entity() -> None:
    text = "Washington said Washington would visit."
    groups = group_mentions(text, [span(text, "Washington", "GPE"), span(text, "Washington", "PERSON", 1)])
    assert [g.key for g in groups] == [EntityKey("GPE", "washington"), EntityKey("PERSON", "washington")]


def test_the_display_name_is_the_most_complete_form() -> None:
    text = "STATE DEPARTMENT. the State Department’s. State Department."
    entities = [
        span(text, "STATE DEPARTMENT", "ORG"),
        span(text, "the State Department’s", "ORG"),
        span(text, "State Department", "ORG", occurrence=1),
    ]
    (group,) = group_mentions(text, entities)
    # Same words and length: the form used most often wins over the one seen first.
    assert group.name == "State Department"
    assert group.count == 3


def test_no_entities_no_groups() -> None:
    assert group_mentions("Nothing here.", []) == []


def test_an_entity_of_only_a_determiner_keeps_its_text() -> None:
    text = "the  and the"
    groups = group_mentions(text, [Entity(0, 3, "ORG"), Entity(9, 12, "ORG")])
    assert [(g.name, g.count) for g in groups] == [("the", 2)]


# Finding and cycling mentions --------------------------------------------------------------------

CYCLE_TEXT = "Khalifa Haftar and Russia. Haftar met Russia. Haftar left."


@pytest.fixture
def cycle_groups() -> list[MentionGroup]:
    entities = [
        span(CYCLE_TEXT, "Khalifa Haftar", "PERSON"),
        span(CYCLE_TEXT, "Russia", "GPE"),
        span(CYCLE_TEXT, "Haftar", "PERSON", occurrence=1),
        span(CYCLE_TEXT, "Russia", "GPE", occurrence=1),
        span(CYCLE_TEXT, "Haftar", "PERSON", occurrence=2),
    ]
    return group_mentions(CYCLE_TEXT, entities)


def test_group_at_a_position(cycle_groups: list[MentionGroup]) -> None:
    haftar, russia = cycle_groups
    assert group_at(cycle_groups, 0) is haftar
    assert group_at(cycle_groups, CYCLE_TEXT.index("Russia") + 2) is russia
    assert group_at(cycle_groups, CYCLE_TEXT.index(" and")) is haftar  # the caret right after it
    assert group_at(cycle_groups, CYCLE_TEXT.index("and") + 1) is None
    assert group_at(cycle_groups, len(CYCLE_TEXT)) is None


def test_where_two_mentions_touch_the_later_one_is_at_the_caret() -> None:
    text = "ParisFrance"
    groups = group_mentions(text, [Entity(0, 5, "GPE"), Entity(5, 11, "GPE")])
    assert group_at(groups, 5) is groups[1]
    assert group_at(groups, 4) is groups[0]


def test_group_of_an_entity(cycle_groups: list[MentionGroup]) -> None:
    russia = cycle_groups[1]
    assert group_of(cycle_groups, russia.mentions[1]) is russia
    assert group_of(cycle_groups, Entity(1, 2, "GPE")) is None


def test_next_mention_cycles_through_the_group(cycle_groups: list[MentionGroup]) -> None:
    haftar = cycle_groups[0]
    position = -1
    seen = []
    for _ in range(4):
        mention = next_mention(haftar, position)
        seen.append(mention)
        position = mention.start  # the widget selects it; the caret is at its start
    assert seen == [*haftar.mentions, haftar.mentions[0]]


def test_next_mention_from_the_caret_or_the_end_of_a_selection(cycle_groups: list[MentionGroup]) -> None:
    haftar = cycle_groups[0]
    assert next_mention(haftar, CYCLE_TEXT.index("Russia")) == haftar.mentions[1]
    assert next_mention(haftar, haftar.mentions[1].end) == haftar.mentions[2]
    assert next_mention(haftar, len(CYCLE_TEXT)) == haftar.mentions[0]


def test_previous_mention_cycles_backwards(cycle_groups: list[MentionGroup]) -> None:
    haftar = cycle_groups[0]
    assert previous_mention(haftar, haftar.mentions[1].start) == haftar.mentions[0]
    assert previous_mention(haftar, haftar.mentions[0].start) == haftar.mentions[2]
    assert previous_mention(haftar, len(CYCLE_TEXT)) == haftar.mentions[2]


# Properties --------------------------------------------------------------------------------------

WORDS = ["the", "The", "a", "Haftar", "Haftar’s", "Khalifa", "State", "Department's", "“Wagner”", "US", "’s"]


@st.composite
def texts_and_entities(draw: st.DrawFn) -> tuple[str, list[Entity]]:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=30))
    text = " ".join(words)
    bounds = [0]
    for word in words:
        bounds.append(bounds[-1] + len(word) + 1)
    entities = []
    for _ in range(draw(st.integers(0, 12))):
        first = draw(st.integers(0, len(words) - 1))
        last = draw(st.integers(first, min(len(words) - 1, first + 3)))
        label = draw(st.sampled_from(["PERSON", "ORG", "GPE"]))
        entities.append(Entity(bounds[first], bounds[last + 1] - 1, label))
    return text, entities


@given(texts_and_entities())
def test_every_entity_belongs_to_exactly_one_group(case: tuple[str, list[Entity]]) -> None:
    text, entities = case
    groups = group_mentions(text, entities)
    assert Counter(m for g in groups for m in g.mentions) == Counter(entities)
    assert len({g.key for g in groups}) == len(groups)
    for group in groups:
        assert group.count > 0
        assert list(group.mentions) == sorted(group.mentions)
        assert {m.label for m in group.mentions} == {group.label}
        assert entity_key(group.label, group.name) == group.key
    firsts = [g.mentions[0] for g in groups]
    assert firsts == sorted(firsts)


@given(texts_and_entities(), st.integers(-2, 200))
def test_next_and_previous_mention_stay_in_the_group(case: tuple[str, list[Entity]], position: int) -> None:
    text, entities = case
    for group in group_mentions(text, entities):
        following = next_mention(group, position)
        preceding = previous_mention(group, position)
        assert following in group.mentions and preceding in group.mentions
        assert following.start > position or following == group.mentions[0]
        assert preceding.start < position or preceding == group.mentions[-1]
