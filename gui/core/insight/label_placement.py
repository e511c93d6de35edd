"""Where to write the names of a network's nodes so that none covers another: a greedy placement
in screen pixels, most wanted names first (the node in focus, its neighbours, then the biggest
nodes), each tried right, left, above and below its node and left out if all four collide.

A dense network has more names than room; naming only what fits, in the order a reader wants
them, keeps every drawn name readable (every node still has its name as a tooltip and in the
table of numbers).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

GAP = 2.0  # pixels between a node's circle and its name
MARGIN = 1.0  # pixels kept free around a name


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in pixels: left, top, width, height."""

    left: float
    top: float
    width: float
    height: float

    def overlaps(self, other: Box, margin: float = MARGIN) -> bool:
        """Whether the two rectangles, each grown by `margin`, intersect."""
        return (self.left - margin < other.left + other.width + margin
                and other.left - margin < self.left + self.width + margin
                and self.top - margin < other.top + other.height + margin
                and other.top - margin < self.top + self.height + margin)

    def inside(self, bounds: Box) -> bool:
        """Whether the rectangle lies within `bounds`."""
        return (self.left >= bounds.left and self.top >= bounds.top
                and self.left + self.width <= bounds.left + bounds.width
                and self.top + self.height <= bounds.top + bounds.height)


@dataclass(frozen=True)
class Mark:
    """A node as drawn: its centre and radius in pixels."""

    x: float
    y: float
    radius: float

    def box(self) -> Box:
        """The square around the circle."""
        return Box(self.x - self.radius, self.y - self.radius, 2 * self.radius, 2 * self.radius)


def candidates(mark: Mark, width: float, height: float) -> list[Box]:
    """Where a name of this size may go: right of the node, left, above, below (in that order)."""
    x, y, reach = mark.x, mark.y, mark.radius + GAP
    return [
        Box(x + reach, y - height / 2, width, height),
        Box(x - reach - width, y - height / 2, width, height),
        Box(x - width / 2, y - reach - height, width, height),
        Box(x - width / 2, y + reach, width, height),
    ]


def label_order(sizes: Sequence[int], focused: int | None, neighbours: Iterable[int]) -> list[int]:
    """The nodes in the order their names are wanted: the focused one, its neighbours (in the
    order given), then the others by size, largest first (ties by index)."""
    order: list[int] = []
    seen: set[int] = set()
    firsts = ([focused] if focused is not None else []) + list(neighbours)
    by_size = sorted(range(len(sizes)), key=lambda node: (-sizes[node], node))
    for node in [*firsts, *by_size]:
        if 0 <= node < len(sizes) and node not in seen:
            seen.add(node)
            order.append(node)
    return order


def place_labels(
    marks: Sequence[Mark],
    sizes: Sequence[tuple[float, float]],
    order: Sequence[int],
    bounds: Box | None = None,
    always: int | None = None,
    may_cover: Collection[int] = (),
) -> dict[int, Box]:
    """Where each node's name goes (by node index), for the nodes in `order` whose name fits.

    `sizes` is each name's (width, height) in pixels. A name fits where it overlaps no name
    placed before it nor any other node, and stays within `bounds`; the first place that fits is
    taken. The names of the nodes in `may_cover` (the biggest, in the crowded middle) may cover
    other nodes where nothing else fits (the place covering fewest), never a name, a named node
    or the node `always`. The node
    `always` is named even where nothing fits: the reader's focus is never nameless.
    """
    placed: dict[int, Box] = {}
    lenient = set(may_cover)
    circles = [mark.box() for mark in marks]
    for node in order:
        width, height = sizes[node]
        best: Box | None = None
        best_covered = len(circles) + 1
        for box in candidates(marks[node], width, height):
            if bounds is not None and not box.inside(bounds):
                continue
            if any(box.overlaps(other) for other in placed.values()):
                continue
            if any(box.overlaps(circles[other], 0.0) for other in (*placed, always)
                   if other is not None and other != node):
                continue  # a named node, or the focus, stays in view
            covered = sum(1 for other, circle in enumerate(circles)
                          if other != node and box.overlaps(circle, 0.0))
            if covered < best_covered and (covered == 0 or node == always or node in lenient):
                best, best_covered = box, covered
            if covered == 0:
                break
        if best is None and node == always:
            best = candidates(marks[node], width, height)[0]
        if best is not None:
            placed[node] = best
    return placed
