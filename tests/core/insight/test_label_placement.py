"""The network's names: placed greedily where each plainly belongs to its own circle, none over
another name or circle, the rest left out, the focus always named."""

from __future__ import annotations

import itertools
import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gui.core.insight.label_placement import GAP, Box, Mark, label_order, place_labels
from gui.core.insight.node_spread import spread_nodes

BOUNDS = Box(0, 0, 400, 200)

marks = st.lists(
    st.builds(Mark, st.floats(0, 400), st.floats(0, 200), st.floats(2, 14)), min_size=1, max_size=60
)


def test_the_focus_comes_first_then_its_neighbours_then_the_biggest() -> None:
    assert label_order([5, 9, 1, 9, 3], focused=4, neighbours=[2, 4]) == [4, 2, 1, 3, 0]
    assert label_order([5, 9, 1], focused=None, neighbours=[]) == [1, 0, 2]


def test_a_lone_node_is_named_on_its_right_and_one_at_the_edge_on_its_left() -> None:
    placed = place_labels([Mark(100, 100, 10), Mark(395, 50, 4)], [(50, 12), (50, 12)], [0, 1], BOUNDS)
    assert placed[0] == Box(100 + 10 + GAP, 94, 50, 12)
    assert placed[1].left + placed[1].width < 395


def test_crowded_names_are_left_out_but_never_the_focus() -> None:
    crowd = [Mark(200 + dx, 100, 3) for dx in range(0, 30, 3)]
    order = label_order([1] * len(crowd), focused=4, neighbours=[])
    placed = place_labels(crowd, [(80, 12)] * len(crowd), order, BOUNDS, always=4)
    assert 4 in placed
    assert len(placed) < len(crowd)


def circle_gap(mark: Mark, box: Box) -> float:
    """Pixels from the circle to the rectangle, negative where they overlap (measured here, not
    with the module's own helper)."""
    dx = max(box.left - mark.x, 0.0, mark.x - (box.left + box.width))
    dy = max(box.top - mark.y, 0.0, mark.y - (box.top + box.height))
    return math.hypot(dx, dy) - mark.radius


def assert_unmistakable(found: list[Mark], sizes: list[tuple[float, float]], placed: dict[int, Box],
                        focused: int | None, bounds: Box) -> None:
    """Every name shown lies within the bounds, off every circle, GAP from its own circle and at
    least twice that from any other (four times from one in line with it), and over no other
    name; the focus is always named."""
    if focused is not None:
        assert focused in placed
        assert circle_gap(found[focused], placed[focused]) >= 0  # not over its own circle
    for (first, a), (second, b) in itertools.combinations(placed.items(), 2):
        assert not a.overlaps(b, 0.0), (first, second)
    for node, box in placed.items():
        assert box.width == sizes[node][0] and box.height == sizes[node][1]
        assert box.inside(bounds), node
        if node == focused:
            continue
        own = circle_gap(found[node], box)
        assert 0 <= own <= GAP + 0.01, node
        for other, mark in enumerate(found):
            if other != node:
                assert circle_gap(mark, box) >= 2 * GAP, (node, other)
                level = box.top <= mark.y <= box.top + box.height
                above_or_below = box.left <= mark.x <= box.left + box.width
                if level or above_or_below:  # where that circle's own name would go
                    assert circle_gap(mark, box) >= 4 * GAP, (node, other)


@settings(max_examples=60, deadline=None)
@given(marks, st.data())
def test_every_name_is_nearest_its_own_circle_and_covers_nothing(
        found: list[Mark], data: st.DataObject) -> None:
    sizes = data.draw(st.lists(st.tuples(st.floats(10, 120), st.floats(8, 16)),
                               min_size=len(found), max_size=len(found)))
    focused = data.draw(st.none() | st.integers(0, len(found) - 1))
    order = label_order([round(mark.radius) for mark in found], focused, [])
    placed = place_labels(found, sizes, order, BOUNDS, always=focused)
    assert_unmistakable(found, sizes, placed, focused, BOUNDS)


@pytest.mark.parametrize("seed", range(12))
def test_spread_random_networks_name_each_node_unmistakably(seed: int) -> None:
    """Networks as the view draws them (a random layout spread over the view, the circles apart
    with a line of text between them): every name shown plainly belongs to its own circle, and
    the layout leaves room to name many."""
    rng = random.Random(seed)
    count = rng.randint(6, 60)
    width, height = 660.0, 300.0
    radii = [rng.uniform(5, 16) for _ in range(count)]
    places = [(rng.gauss(0, 1), rng.gauss(0, 1)) for _ in range(count)]
    centres = spread_nodes(places, radii, width, height, gap=17 + GAP)
    found = [Mark(x, y, radius) for (x, y), radius in zip(centres, radii, strict=True)]
    sizes = [(rng.uniform(20, 110), 17.0) for _ in range(count)]
    focused = rng.randrange(count)
    order = label_order([round(radius) for radius in radii], focused, [])
    bounds = Box(0, 0, width, height)
    placed = place_labels(found, sizes, order, bounds, always=focused)
    assert_unmistakable(found, sizes, placed, focused, bounds)
    assert len(placed) >= min(count, 6)


def test_a_name_that_would_touch_another_circle_goes_to_a_free_side() -> None:
    """As "Libyan" was: written left of its circle, it touched the right side of LNA's circle
    and read as LNA's name. It goes where it is plainly its own circle's, or is left out."""
    libyan, lna = Mark(200, 100, 10), Mark(200 - 10 - GAP - 60 - 9, 100, 8)
    # Right of Libyan is the view's edge: only left, above or below remain.
    bounds = Box(0, 0, 200 + 10 + GAP + 30, 200)
    placed = place_labels([libyan, lna], [(60, 14), (30, 14)], [0, 1], bounds)
    assert placed[0].top + placed[0].height <= 100 - 10 or placed[0].top >= 100 + 10  # above or below
    assert_unmistakable([libyan, lna], [(60, 14), (30, 14)], placed, None, bounds)
