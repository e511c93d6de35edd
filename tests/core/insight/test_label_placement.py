"""The network's names: placed greedily where they fit, none over another, the focus always named."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from gui.core.insight.label_placement import Box, Mark, label_order, place_labels

BOUNDS = Box(0, 0, 400, 200)

marks = st.lists(
    st.builds(Mark, st.floats(0, 400), st.floats(0, 200), st.floats(2, 14)), min_size=1, max_size=60
)


def test_the_focus_comes_first_then_its_neighbours_then_the_biggest() -> None:
    assert label_order([5, 9, 1, 9, 3], focused=4, neighbours=[2, 4]) == [4, 2, 1, 3, 0]
    assert label_order([5, 9, 1], focused=None, neighbours=[]) == [1, 0, 2]


def test_a_lone_node_is_named_on_its_right_and_one_at_the_edge_on_its_left() -> None:
    placed = place_labels([Mark(100, 100, 10), Mark(395, 50, 4)], [(50, 12), (50, 12)], [0, 1], BOUNDS)
    assert placed[0] == Box(112, 94, 50, 12)
    assert placed[1].left + placed[1].width < 395


def test_crowded_names_are_left_out_but_never_the_focus() -> None:
    crowd = [Mark(200 + dx, 100, 3) for dx in range(0, 30, 3)]
    order = label_order([1] * len(crowd), focused=4, neighbours=[])
    placed = place_labels(crowd, [(80, 12)] * len(crowd), order, BOUNDS, always=4)
    assert 4 in placed
    assert len(placed) < len(crowd)


@settings(max_examples=60, deadline=None)
@given(marks, st.data())
def test_no_name_covers_another_or_leaves_the_bounds(found: list[Mark], data: st.DataObject) -> None:
    sizes = data.draw(st.lists(st.tuples(st.floats(10, 120), st.floats(8, 16)),
                               min_size=len(found), max_size=len(found)))
    focused = data.draw(st.integers(0, len(found) - 1))
    lenient = data.draw(st.sets(st.integers(0, len(found) - 1), max_size=5))
    order = label_order([round(mark.radius) for mark in found], focused, [])
    placed = place_labels(found, sizes, order, BOUNDS, always=focused, may_cover=lenient)
    assert focused in placed
    for (first, a), (second, b) in itertools.combinations(placed.items(), 2):
        assert not a.overlaps(b, 0.0), (first, second)
    named = list(placed)
    for rank, (node, box) in enumerate(placed.items()):
        assert box.width == sizes[node][0] and box.height == sizes[node][1]
        if node != focused:
            assert box.inside(BOUNDS)
            # Nor the nodes named before it (the focus among them).
            assert not any(box.overlaps(found[other].box(), 0.0) for other in named[:rank])
        if node != focused and node not in lenient:
            assert not any(box.overlaps(mark.box(), 0.0) for other, mark in enumerate(found) if other != node)
