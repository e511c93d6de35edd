"""A document's entities as the view shows them, worked out where it is cheap to do so.

For an article that is the UI thread, at once. For a big document it is the thread that read it:
turning 100,000 entities into the view's spans takes longer than the event loop may stall, and
the view then takes the prepared spans as they are (`DocumentView.use_prepared`).
"""

from __future__ import annotations

import itertools
import time
from collections import Counter
from collections.abc import Sequence
from functools import partial
from itertools import repeat
from operator import attrgetter, itemgetter
from typing import NamedTuple

from gui.core.model.document import Entity
from gui.core.model.offsets import OffsetMap
from gui.widgets.text.highlighter import Span, with_layers

_START, _END = itemgetter(0), itemgetter(1)
_FIELDS = attrgetter("start"), attrgetter("end"), attrgetter("label"), attrgetter("note")
_as_span = partial(tuple.__new__, Span)  # a Span made in C, without a Python-level call
# Spans are made this many at a time: each call holds the interpreter briefly only.
CHUNK = 20_000


class PreparedSpans(NamedTuple):
    """Entities of a body in the view's terms: spans in reading order and what finds them fast."""

    entities: Sequence[Entity]  # what the spans were made from (the view checks it was given these)
    body: str  # the text they are in
    spans: list[Span]  # in reading order (span_key), UTF-16 positions; they may overlap
    starts: list[int]
    reach: list[int]  # the furthest end among the spans up to each one
    barred: list[Span]  # the spans that overlap another, which get bars
    counts: Counter[str]  # mentions by type, for the legend (of all the entities)
    complete: bool = True  # False: the spans of the entities at the top of the text only


NO_SPANS = PreparedSpans((), "", [], [], [], [], Counter())
# The offset map of the last text at least this long is kept: a big document's spans are made
# three times (its .ann's first lines, the top, then all), and mapping it each time is not free.
REMEMBERED_OFFSETS_CHARS = 100_000
_remembered: tuple[str, OffsetMap] | None = None  # (the text itself, its map)


def _offsets_of(body: str) -> OffsetMap:
    """The offset map of `body`, made once for the latest long text."""
    global _remembered
    remembered = _remembered  # one read: another thread may replace it meanwhile
    if remembered is not None and remembered[0] is body:
        return remembered[1]
    offsets = OffsetMap(body)
    if len(body) >= REMEMBERED_OFFSETS_CHARS:
        _remembered = (body, offsets)
    return offsets


def prepare_spans(
    entities: Sequence[Entity], body: str, top: Sequence[Entity] | None = None, pause_s: float = 0.0
) -> PreparedSpans:
    """The view's spans for entities of `body` (code-point offsets); only for `top`, those of them
    at the top of the text, if given (the first screen's: the rest is to follow). `pause_s`: a
    sleep after each chunk of spans, which leaves the interpreter to other threads."""
    counts = Counter(map(attrgetter("label"), entities))
    if top is not None:
        return prepare_spans(top, body)._replace(entities=entities, counts=counts, complete=False)
    if not entities:
        return NO_SPANS._replace(entities=entities, body=body)
    offsets = _offsets_of(body)
    if offsets.is_identity:  # no characters outside the BMP: both offsets agree
        spans: list[Span] = []
        for first in range(0, len(entities), CHUNK):
            part = entities[first : first + CHUNK]
            columns = (map(field, part) for field in _FIELDS)
            spans.extend(map(_as_span, zip(*columns, repeat(-1), repeat(0))))
            if pause_s:
                time.sleep(pause_s)
    else:
        utf16 = offsets.to_utf16
        spans = [Span(utf16(e.start), utf16(e.end), e.label, e.note) for e in entities]
    spans = with_layers(spans)
    return PreparedSpans(
        entities,
        body,
        spans,
        list(map(_START, spans)),
        list(itertools.accumulate(map(_END, spans), max)),
        [span for span in spans if span.layer >= 0],
        counts,
    )
