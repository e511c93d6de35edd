"""Where to draw a network's nodes in a view of a given size, in pixels: the layout's places
stretched to fill the view, its crowded middle loosened, then every circle pushed off the others
with a line of text's room between them.

A spring layout of a small corpus packs most nodes in a tight middle (nearly every pair shares
the few documents) while a chain of rarely linked ones reaches far out; fitted as it was, the
middle's circles covered each other and no name fitted there. Each axis is therefore spread by
blending the places with their ranks (the order left to right and top to bottom is kept), and the
circles are then moved apart in a few rounds of pushes, the view's edges holding them in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

EVENNESS = 0.5  # how much of each axis is spread by rank rather than by the layout's distances
ROUNDS = 80  # pushes at most: a view too small for every circle settles on the least overlap
PUSH = 0.6  # of each pair's overlap undone a round: all of it overshoots where many push at once
SETTLED = 0.5  # pixels of overlap left that count as none
MARGIN = 4.0  # pixels between the view's edges and the circles
FILL = 0.12  # of the view, the squares around the circles take at most this share

Points = npt.NDArray[np.float64]


def _spread_axis(values: Points, evenness: float) -> Points:
    """The values within 0..1: their place in the range, blended with their rank."""
    count = len(values)
    low, high = float(values.min()), float(values.max())
    scaled = (values - low) / (high - low) if high - low > 1e-9 else np.full(count, 0.5)
    ranks = np.empty(count)
    ranks[np.argsort(values, kind="stable")] = np.arange(count) / max(count - 1, 1)
    if high - low <= 1e-9:
        ranks = np.full(count, 0.5)
    return (1 - evenness) * scaled + evenness * ranks


def spread_nodes(
    places: Sequence[tuple[float, float]],
    radii: Sequence[float],
    width: float,
    height: float,
    gap: float,
    evenness: float = EVENNESS,
    pinned: Mapping[int, tuple[float, float]] | None = None,
) -> list[tuple[float, float]]:
    """Each node's centre in a `width` × `height` view: `places` (any scale) stretched over the
    view, spread by rank (`evenness`, 0 to 1), and moved until no two circles of `radii` come
    closer than `gap` (as far as the view has room), each circle within the view. The nodes of
    `pinned` (by index) stay at the centres given (where they were drawn): only the others move,
    so that a network redrawn with a few new nodes does not move the ones the reader has seen."""
    count = len(places)
    if count == 0:
        return []
    sizes = np.asarray(radii, dtype=np.float64)
    inset = float(sizes.max()) + MARGIN
    left, top = inset, inset
    right, bottom = max(width - inset, left), max(height - inset, top)
    points = np.asarray(places, dtype=np.float64).reshape(count, 2)
    pinned = pinned or {}
    if count == 1:
        return [pinned.get(0, ((left + right) / 2, (top + bottom) / 2))]
    xs = left + _spread_axis(points[:, 0], evenness) * (right - left)
    ys = top + _spread_axis(points[:, 1], evenness) * (bottom - top)
    at = np.column_stack([xs, ys])
    held = np.zeros(count, dtype=np.bool_)
    for node, (x, y) in pinned.items():
        at[node], held[node] = (x, y), True
    # A node gives way by half of an overlap with one that moves, by all of it with a pinned one.
    shares = np.where(held[None, :], 1.0, 0.5) * ~held[:, None]
    needed = sizes[:, None] + sizes[None, :] + gap
    np.fill_diagonal(needed, 0.0)
    # Where two centres coincide, they part along a direction of their own (from their indexes).
    angles = np.add.outer(np.arange(count), np.arange(count)) * 2.399963
    apart = np.stack([np.cos(angles), np.sin(angles)], axis=-1)
    apart = apart * np.sign(np.subtract.outer(np.arange(count), np.arange(count)))[..., None]
    for _ in range(ROUNDS):
        offsets = at[:, None, :] - at[None, :, :]
        distances = np.hypot(offsets[..., 0], offsets[..., 1])
        overlap = np.clip(needed - distances, 0.0, None)
        if overlap.max() <= SETTLED:
            break
        directions = np.where(distances[..., None] > 1e-9,
                              offsets / np.maximum(distances, 1e-9)[..., None], apart)
        at = at + PUSH * (directions * (overlap * shares)[..., None]).sum(axis=1)
        at[~held, 0] = np.clip(at[~held, 0], left, right)
        at[~held, 1] = np.clip(at[~held, 1], top, bottom)
        if not (overlap * shares).any():
            break  # what overlaps is pinned: nothing can move
    return [(round(float(x), 2), round(float(y), 2)) for x, y in at]


def largest_radius(
    shares: Sequence[float], width: float, height: float, smallest: float, largest: float
) -> float:
    """The biggest node's radius such that the circles (radius `smallest` plus `shares` of the
    rest up to it, each share 0 to 1) cover about FILL of the view, at most `largest`: a small
    corpus's nodes are of one size, and as big, they filled a small view."""
    room = FILL * width * height
    sizes = np.asarray(shares, dtype=np.float64)

    def covered(biggest: float) -> float:
        return float(((2 * (smallest + (biggest - smallest) * sizes)) ** 2).sum())

    low, high = smallest * 1.6, largest
    if covered(high) <= room:
        return high
    for _ in range(16):
        middle = (low + high) / 2
        low, high = (middle, high) if covered(middle) <= room else (low, middle)
    return low
