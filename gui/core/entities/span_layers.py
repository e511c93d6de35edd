"""Layers for overlapping and nested spans: which bar each span gets, and the pieces they cut.

Entities read from files may overlap and nest, four deep or more. Each span that overlaps another
gets a layer (0, 1, 2...) so that no two overlapping spans share one; the viewer and the HTML
export draw one bar per layer under the text, so every span stays visible and distinguishable.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import NamedTuple, Protocol


class SpanLike(Protocol):
    """Anything with a start, an end and a label (core Entities, the view's UTF-16 spans)."""

    @property
    def start(self) -> int:
        """Where the span begins."""
        ...

    @property
    def end(self) -> int:
        """Where the span ends (exclusive)."""
        ...

    @property
    def label(self) -> str:
        """The span's entity type."""
        ...


class Piece(NamedTuple):
    """A stretch of text covered by the same spans (indices into the sequence given)."""

    start: int
    end: int
    covering: tuple[int, ...]  # outermost first: by start, then the longer first


class LayeredPiece(NamedTuple):
    """A stretch of text covered by the same spans, with only the spans on the first rows named."""

    start: int
    end: int
    inner: int  # the innermost span covering it: the last by `span_order`
    shown: tuple[int, ...]  # the covering spans on a layer below the limit, outermost first
    more: int  # how many other spans cover it (on a layer at or above the limit)


def span_order(spans: Sequence[SpanLike]) -> list[int]:
    """Indices of spans by start, the longer first at equal starts (outer before inner)."""
    return sorted(range(len(spans)), key=lambda i: (spans[i].start, -spans[i].end, spans[i].label))


def assign_layers(spans: Sequence[SpanLike]) -> list[int]:
    """A layer for every span: the lowest not taken by a span it overlaps. Outer spans get lower
    layers; spans that overlap nothing get layer 0."""
    import heapq  # for overlapping spans only: a start whose text has none does without it

    layers = [0] * len(spans)
    open_spans: list[tuple[int, int]] = []  # (end, layer) of spans that may still overlap
    free: list[int] = []  # layers released by spans that ended
    next_layer = 0
    for i in span_order(spans):
        span = spans[i]
        while open_spans and open_spans[0][0] <= span.start:
            heapq.heappush(free, heapq.heappop(open_spans)[1])
        if free:
            layer = heapq.heappop(free)
        else:
            layer, next_layer = next_layer, next_layer + 1
        layers[i] = layer
        heapq.heappush(open_spans, (span.end, layer))
    return layers


def overlapping(spans: Sequence[SpanLike]) -> set[int]:
    """Indices of the spans that share at least one character with another span."""
    found: set[int] = set()
    reach_end, reach_index = -1, -1  # the furthest-reaching span seen so far
    for i in span_order(spans):
        span = spans[i]
        if span.start < reach_end and span.end > span.start:
            found.update((i, reach_index))
        if span.end > reach_end:
            reach_end, reach_index = span.end, i
    return found


def pieces(spans: Sequence[SpanLike]) -> list[Piece]:
    """The text cut at every span boundary; each piece lists the spans that cover it."""
    bounds = sorted({p for span in spans for p in (span.start, span.end)})
    order = span_order(spans)
    rank = {index: position for position, index in enumerate(order)}
    result: list[Piece] = []
    active: list[int] = []
    cursor = 0
    for start, end in itertools.pairwise(bounds):
        while cursor < len(order) and spans[order[cursor]].start <= start:
            active.append(order[cursor])
            cursor += 1
        active = [i for i in active if spans[i].end > start]
        if active:
            result.append(Piece(start, end, tuple(sorted(active, key=rank.__getitem__))))
    return result


def layered_pieces(spans: Sequence[SpanLike], layers: Sequence[int], rows: int) -> list[LayeredPiece]:
    """The text cut at every span boundary, as `pieces`, but naming of the spans that cover each
    piece only those on layers 0 to `rows` - 1 (the rows drawn), and counting the others.

    Deeply nested spans cover many pieces each: listing every covering span of every piece grows
    with the square of the spans, this with the spans times `rows`.
    """
    import heapq

    order = span_order(spans)
    rank = [0] * len(spans)
    for position, index in enumerate(order):
        rank[index] = position
    bounds = sorted({p for span in spans for p in (span.start, span.end)})
    on_row: list[int | None] = [None] * rows  # the covering span on each row drawn
    ending: list[tuple[int, int]] = []  # (end, index) of the covering spans
    innermost: list[tuple[int, int]] = []  # (-rank, index): the last started first, ended or not
    covering = 0
    cursor = 0
    result: list[LayeredPiece] = []
    for start, end in itertools.pairwise(bounds):
        while cursor < len(order) and spans[order[cursor]].start <= start:
            index = order[cursor]
            cursor += 1
            heapq.heappush(ending, (spans[index].end, index))
            heapq.heappush(innermost, (-rank[index], index))
            covering += 1
            if layers[index] < rows:
                on_row[layers[index]] = index
        while ending and ending[0][0] <= start:
            _, index = heapq.heappop(ending)
            covering -= 1
            if layers[index] < rows and on_row[layers[index]] == index:
                on_row[layers[index]] = None
        if not covering:
            continue
        while spans[innermost[0][1]].end <= start:  # ended: not innermost any more
            heapq.heappop(innermost)
        shown = sorted((index for index in on_row if index is not None), key=rank.__getitem__)
        result.append(LayeredPiece(start, end, innermost[0][1], tuple(shown), covering - len(shown)))
    return result
