"""Layers for overlapping and nested spans: which bar each span gets, and the pieces they cut.

Entities read from files may overlap and nest, four deep or more. Each span that overlaps another
gets a layer (0, 1, 2...) so that no two overlapping spans share one; the viewer and the HTML
export draw one bar per layer under the text, so every span stays visible and distinguishable.
"""

from __future__ import annotations

import heapq
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


def span_order(spans: Sequence[SpanLike]) -> list[int]:
    """Indices of spans by start, the longer first at equal starts (outer before inner)."""
    return sorted(range(len(spans)), key=lambda i: (spans[i].start, -spans[i].end, spans[i].label))


def assign_layers(spans: Sequence[SpanLike]) -> list[int]:
    """A layer for every span: the lowest not taken by a span it overlaps. Outer spans get lower
    layers; spans that overlap nothing get layer 0."""
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
