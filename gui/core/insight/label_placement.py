"""Where to write the names of a network's nodes so that each name plainly belongs to its own
circle: a greedy placement in screen pixels, most wanted names first (the node in focus, its
neighbours, then the biggest nodes), each tried right of its node, left, centred above and centred
below, and left out where none of these is unmistakable.

A place is unmistakable when the name lies GAP from its own circle and at least CLEARANCE from
every other circle (twice that from one in line with it: level with the name, or above or below
it, where that circle's own name would go), within the view, and clear of the names placed before
it. A name merely kept off the other circles (as it was) could touch one: "Libyan", written left
of its circle, touched the right side of LNA's circle and read as LNA's name, and only hovering
told them apart. A dense network has more names than room; naming only what is unmistakable (a
name cut short where that finds it a place), in the order a reader wants them, keeps every written
name trustworthy (every node still has its name as a tooltip and in the table of numbers). The
node in focus is named, whole, even where no place is unmistakable (at the place that comes
closest to other circles least), and the view frames that name in the cursor's colour.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

GAP = 4.0  # pixels between a node's circle and its name: clear of the cursor's 4-pixel outline
CLEARANCE = 8.0  # pixels at least between a name and any other circle (twice that in line with it)
MARGIN = 3.0  # pixels kept free around a name: two names 6 apart do not read as one
SHORTER = 0.7  # a name with no place is tried this much shorter, down to the shortest allowed


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

    def moved_into(self, bounds: Box) -> Box:
        """The rectangle shifted (not resized) to lie within `bounds` as far as it fits."""
        left = min(max(self.left, bounds.left), bounds.left + bounds.width - self.width)
        top = min(max(self.top, bounds.top), bounds.top + bounds.height - self.height)
        return Box(max(left, bounds.left), max(top, bounds.top), self.width, self.height)


@dataclass(frozen=True)
class Mark:
    """A node as drawn: its centre and radius in pixels."""

    x: float
    y: float
    radius: float

    def box(self) -> Box:
        """The square around the circle."""
        return Box(self.x - self.radius, self.y - self.radius, 2 * self.radius, 2 * self.radius)

    def gap(self, box: Box) -> float:
        """Pixels from the circle to the rectangle (negative where they overlap)."""
        dx = max(box.left - self.x, 0.0, self.x - box.left - box.width)
        dy = max(box.top - self.y, 0.0, self.y - box.top - box.height)
        return float(np.hypot(dx, dy)) - self.radius


def candidates(mark: Mark, width: float, height: float) -> list[Box]:
    """Where a name of this size may go: right of the node, left, centred above, centred below
    (in that order), each GAP from the circle. Not flush with one side of the circle above or
    below: so placed, "State Department" began just right of another circle, where that circle's
    own name would be, and read as its name."""
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


class _Circles:
    """The circles as arrays, to measure many rectangles against all of them at once (a hundred
    nodes' places, against a hundred circles, in Python loops took tens of milliseconds of the
    UI thread)."""

    def __init__(self, marks: Sequence[Mark]) -> None:
        self.xs = np.array([mark.x for mark in marks], dtype=np.float64)
        self.ys = np.array([mark.y for mark in marks], dtype=np.float64)
        self.radii = np.array([mark.radius for mark in marks], dtype=np.float64)

    def nearest_other(self, boxes: npt.NDArray[np.float64], node: int) -> npt.NDArray[np.float64]:
        """For each rectangle (rows of left, top, width, height), the gap to the nearest circle
        other than `node`'s (inf if none), a circle in line with it counted at half its gap."""
        left, top = boxes[:, 0:1], boxes[:, 1:2]
        right, bottom = left + boxes[:, 2:3], top + boxes[:, 3:4]
        dx = np.maximum(np.maximum(left - self.xs, self.xs - right), 0.0)
        dy = np.maximum(np.maximum(top - self.ys, self.ys - bottom), 0.0)
        gaps = np.hypot(dx, dy) - self.radii
        # A circle in line with the name (its centre level with the name, or above or below it)
        # must be twice as far: the name sat where that circle's own name would go.
        gaps = np.where((dx == 0) | (dy == 0), gaps / 2, gaps)
        gaps[:, node] = np.inf
        return gaps.min(axis=1) if gaps.shape[1] else np.full(len(boxes), np.inf)


def _as_rows(boxes: Sequence[Box]) -> npt.NDArray[np.float64]:
    return np.array([(box.left, box.top, box.width, box.height) for box in boxes],
                    dtype=np.float64).reshape(-1, 4)


def _free(boxes: npt.NDArray[np.float64], placed: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
    """Which rectangles overlap none of `placed` (each grown by MARGIN, as Box.overlaps)."""
    if not len(placed):
        return np.ones(len(boxes), dtype=np.bool_)
    a, b = boxes[:, None, :], placed[None, :, :]
    hit = ((a[..., 0] - MARGIN < b[..., 0] + b[..., 2] + MARGIN)
           & (b[..., 0] - MARGIN < a[..., 0] + a[..., 2] + MARGIN)
           & (a[..., 1] - MARGIN < b[..., 1] + b[..., 3] + MARGIN)
           & (b[..., 1] - MARGIN < a[..., 1] + a[..., 3] + MARGIN))
    return np.asarray(np.logical_not(np.any(hit, axis=1)), dtype=np.bool_)


def _widths(width: float, shortest: float | None) -> list[float]:
    """A name's width, then ever shorter (by SHORTER) down to `shortest`, if that is given."""
    widths = [width]
    while shortest is not None and widths[-1] * SHORTER >= shortest:
        widths.append(widths[-1] * SHORTER)
    if shortest is not None and widths[-1] > shortest and width > shortest:
        widths.append(shortest)
    return widths


def place_labels(
    marks: Sequence[Mark],
    sizes: Sequence[tuple[float, float]],
    order: Sequence[int],
    bounds: Box | None = None,
    always: int | None = None,
    shortest: float | None = None,
) -> dict[int, Box]:
    """Where each node's name goes (by node index), for the nodes in `order` whose name has an
    unmistakable place.

    `sizes` is each name's (width, height) in pixels. A place (see `candidates`) is
    unmistakable where it is CLEARANCE at least from every other circle, stays within `bounds`
    and overlaps no name placed before it; the first such place is taken. With `shortest`, a
    name with no such place is tried shorter (the box returned is narrower: the caller elides
    the name to it), down to `shortest` pixels: in a crowded view, a name cut short beats none.
    The node `always` is named, whole, even where no place is unmistakable: at the place within
    `bounds`, clear of the names before it, that is farthest from the other circles (the
    reader's focus is never nameless).
    """
    placed: dict[int, Box] = {}
    circles = _Circles(marks)
    for node in order:
        full, height = sizes[node]
        if node == always:
            placed[node] = _focus_place(marks, node, full, height, placed, circles, bounds)
            continue
        # Every place at every width at once, in the order they are wanted; the first that is
        # unmistakable is taken.
        places = [box for width in _widths(full, shortest) for box in candidates(marks[node], width, height)]
        rows = _as_rows(places)
        good = _free(rows, _as_rows(list(placed.values()))) & (circles.nearest_other(rows, node) >= CLEARANCE)
        if bounds is not None:
            good &= ((rows[:, 0] >= bounds.left) & (rows[:, 1] >= bounds.top)
                     & (rows[:, 0] + rows[:, 2] <= bounds.left + bounds.width)
                     & (rows[:, 1] + rows[:, 3] <= bounds.top + bounds.height))
        if good.any():
            placed[node] = places[int(np.argmax(good))]
    return placed


def _focus_place(
    marks: Sequence[Mark], node: int, width: float, height: float, placed: dict[int, Box],
    circles: _Circles, bounds: Box | None,
) -> Box:
    """The first unmistakable place for the focus's name, whole; failing that, the place clear
    of the names before it that is farthest from the other circles; failing that, right of it."""
    places = candidates(marks[node], width, height)
    if bounds is not None:  # the focus at an edge: its names shifted in
        places += [box.moved_into(bounds) for box in places if not box.inside(bounds)]
    best: Box | None = None
    best_clearance = -np.inf
    for box in places:
        if bounds is not None and not box.inside(bounds):
            continue
        if marks[node].gap(box) < GAP - 0.5 or any(box.overlaps(other) for other in placed.values()):
            continue  # shifted onto its own circle, or over a name
        clearance = float(circles.nearest_other(_as_rows([box]), node)[0])
        if clearance >= CLEARANCE:
            return box
        if clearance > best_clearance:
            best, best_clearance = box, clearance
    if best is None:
        best = places[0].moved_into(bounds) if bounds is not None else places[0]
    return best
