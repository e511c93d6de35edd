"""The corrections folded over a resolution: which entity each text becomes, with labels,
rejections, additions, conflicts and notices; merging is order-independent."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from gui.core.desk.corrected_entities import REJECTED, CorrectedEntities, ResolutionIndex, fold
from gui.core.desk.corrections import Add, Correction, Merge, Reject, Relabel, RelabelMention, Split
from gui.core.entities.resolution import resolve

ROWS = [
    (1, "Tony Blair", "PERSON", 2), (1, "Mr Blair", "PERSON", 1), (1, "Blair", "PERSON", 3),
    (2, "Mr Blair", "PERSON", 1),
    (3, "Yukos", "PERSON", 5), (4, "Yukos", "ORG", 1),
    (5, "Gordon Brown", "PERSON", 1), (5, "Mr Brown", "PERSON", 2),
    (6, "Chelsea", "PERSON", 2), (7, "Manchester United", "PERSON", 4), (7, "Man Utd", "ORG", 1),
]
INDEX = ResolutionIndex(resolve(ROWS))


def folded(*corrections: Correction) -> CorrectedEntities:
    return fold(enumerate(corrections, start=1), INDEX)


def owner_name(state: CorrectedEntities, text: str) -> str:
    (owner,) = {state.entities[owner].name for (_, piece), owner in state.owner.items() if piece == text}
    return owner


def test_nothing_is_touched_without_corrections() -> None:
    state = folded()
    assert state.touched == {} and state.live() == []


def test_a_relabel_by_any_alias_relabels_the_whole_entity() -> None:
    state = folded(Relabel("mr blair's", "NORP"))
    (entity,) = state.live()
    assert entity.name == "Tony Blair" and entity.label == "NORP"
    assert {text for _, text in entity.pieces} == {"Tony Blair", "Mr Blair", "Blair"}


def test_a_reject_drops_the_entity() -> None:
    state = folded(Reject("Chelsea"))
    assert state.live() == []
    assert state.entities[next(iter(state.owner.values()))].override == REJECTED


def test_a_merge_joins_pieces_into_the_member_with_most_mentions() -> None:
    state = folded(Merge(("Man Utd", "Manchester United")))
    assert owner_name(state, "Man Utd") == owner_name(state, "Manchester United") == "Manchester United"


def test_a_split_makes_an_entity_of_the_alias() -> None:
    state = folded(Split("Tony Blair", "Mr Blair"))
    assert owner_name(state, "Mr Blair") == "Mr Blair"
    assert owner_name(state, "Blair") == "Tony Blair"
    split = next(entity for entity in state.live() if entity.name == "Mr Blair")
    assert split.id < 0 and split.split_from is not None


def test_a_later_correction_finds_the_entity_an_earlier_one_made() -> None:
    state = folded(Split("Tony Blair", "Mr Blair"), Relabel("Mr Blair", "TITLE"))
    assert {entity.name: entity.label for entity in state.live()} == {"Mr Blair": "TITLE", "Tony Blair": None}


def test_an_added_text_joins_the_entity_it_names_else_one_of_its_own() -> None:
    state = folded(Add("Yukos", "ORG"), Add("Tuesday", "DATE"))
    assert state.entities[state.added["yukos"].entity].name == "Yukos"
    new = state.entities[state.added["tuesday"].entity]
    assert new.id < 0 and new.name == "Tuesday"


def test_conflicts_name_the_earlier_and_the_later_correction() -> None:
    state = folded(Relabel("Yukos", "PERSON"), Relabel("Yukos", "ORG"), Merge(("Tony Blair", "Mr Blair")),
                   Add("BT", "ORG"), Add("BT", "GPE"),
                   RelabelMention((b"a", "a"), 0, 2, "X"), RelabelMention((b"a", "a"), 0, 2, "Y"))
    assert [(conflict.earlier, conflict.later) for conflict in state.conflicts] == [(1, 2), (4, 5), (6, 7)]
    assert [notice.seq for notice in state.notices] == [3]  # the merge: one entity already


def test_a_split_after_the_merge_that_joined_them_conflicts() -> None:
    state = folded(Merge(("Gordon Brown", "Yukos")), Split("Yukos", "Gordon Brown"))
    assert [(conflict.earlier, conflict.later) for conflict in state.conflicts] == [(1, 2)]
    assert owner_name(state, "Gordon Brown") == "Gordon Brown"


def test_a_name_no_entity_has_is_a_notice_and_does_nothing() -> None:
    state = folded(Relabel("Nobody", "ORG"), Merge(("Yukos", "Nobody")), Split("Yukos", "Blair"))
    assert [(notice.seq, notice.unknown) for notice in state.notices] == [(1, True), (2, True), (3, True)]
    for entity in state.live():  # touched in looking, unchanged
        assert entity.override is None and entity.id > 0
        assert entity.pieces == {(rid, text) for rid, text in state.owner if rid == entity.id}


NAMES = ["Tony Blair", "Yukos", "Gordon Brown", "Chelsea", "Manchester United", "Man Utd", "Mr Brown"]


def partition(state: CorrectedEntities) -> set[frozenset[tuple[int, str]]]:
    return {frozenset(entity.pieces) for entity in state.live()}


def names(state: CorrectedEntities) -> dict[frozenset[tuple[int, str]], tuple[str, str | None]]:
    return {frozenset(entity.pieces): (entity.name, entity.label) for entity in state.live()}


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(st.sampled_from(NAMES), min_size=2, max_size=4, unique=True), min_size=1,
                max_size=5), st.randoms(use_true_random=False))
def test_merging_is_order_independent(merges: list[list[str]], chance: random.Random) -> None:
    """The same merges, in any order and with their names in any order, leave the same entities
    with the same names."""
    forward = folded(*(Merge(tuple(names)) for names in merges))
    shuffled = [chance.sample(names, len(names)) for names in merges]
    chance.shuffle(shuffled)
    backward = folded(*(Merge(tuple(names)) for names in shuffled))
    assert partition(forward) == partition(backward)
    assert names(forward) == names(backward)
