"""Where a network's nodes are drawn in a view: over the whole view, no circle over another where
there is room, and the circles smaller the more of them share a small view."""

from __future__ import annotations

import itertools
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from gui.core.insight.node_spread import FILL, largest_radius, spread_nodes

places = st.lists(st.tuples(st.floats(-1, 1), st.floats(-1, 1)), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(places, st.floats(4, 14))
def test_the_circles_stay_in_the_view_apart_where_there_is_room(points: list[tuple[float, float]],
                                                                 radius: float) -> None:
    width, height, gap = 900.0, 500.0, 18.0
    radii = [radius] * len(points)
    drawn = spread_nodes(points, radii, width, height, gap)
    assert len(drawn) == len(points)
    for x, y in drawn:
        assert radius <= x <= width - radius and radius <= y <= height - radius
    # 40 circles of at most 14 px with 18 px between them have room in 900 × 500: none overlaps.
    for (ax, ay), (bx, by) in itertools.combinations(drawn, 2):
        assert math.hypot(ax - bx, ay - by) >= 2 * radius + gap - 1.0


def test_a_crowded_middle_is_spread_over_the_view_in_the_same_order() -> None:
    """A layout whose nodes are nearly all in a tight middle, one far out, as a spring layout of
    a small corpus is: the middle's nodes are spread over the view, left to right as they were."""
    middle = [(0.5 + 0.01 * math.cos(number), 0.01 * math.sin(number)) for number in range(12)]
    points = [(-1.0, -1.0), *middle]
    drawn = spread_nodes(points, [10.0] * len(points), 650, 190, 18)
    xs = [x for x, _ in drawn[1:]]
    assert max(xs) - min(xs) > 250  # was 1 % of the layout's width, fitted: 6 px
    order = sorted(range(12), key=lambda number: middle[number][0])
    assert sorted(range(12), key=lambda number: xs[number]) == order
    assert drawn[0][0] < min(xs) and drawn[0][1] < min(y for _, y in drawn[1:])


def test_the_circles_shrink_as_more_of_them_share_a_small_view() -> None:
    few = largest_radius([1.0, 0.5, 0.4], 650, 190, 5, 24)
    many = largest_radius([0.6] * 30, 650, 190, 5, 24)
    assert few == 24 and 8 <= many < 24
    assert sum((2 * (5 + (many - 5) * 0.6)) ** 2 for _ in range(30)) <= FILL * 650 * 190 + 1
    assert largest_radius([0.6] * 30, 1800, 900, 5, 24) == 24  # a big view has room for them


def test_pinned_nodes_stay_and_the_new_ones_give_way() -> None:
    """A network redrawn with one more node leaves the nodes drawn before where they were."""
    points = [(-0.5, 0.0), (0.5, 0.0), (0.0, 0.5)]
    before = spread_nodes(points, [10.0] * 3, 600, 300, 18)
    after = spread_nodes([*points, (0.01, 0.49)], [10.0] * 4, 600, 300, 18,
                         pinned=dict(enumerate(before)))
    assert after[:3] == before
    for x, y in before:
        assert math.hypot(after[3][0] - x, after[3][1] - y) >= 2 * 10 + 18 - 1.0
