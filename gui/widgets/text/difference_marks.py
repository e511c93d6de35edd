"""Marks over the text while a file's entities are compared with the engine's (Ctrl+K): the
engine's entities are the ones highlighted; those only it found get a dashed frame, and those only
in the file, not highlighted, a wavy underline."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPalette, QPen, QTextBlock
from PySide6.QtWidgets import QPlainTextEdit

from gui.core.colours.palette import bar_colour
from gui.core.model.display_text import isolate
from gui.core.session.comparison import SpanDifferences
from gui.widgets.text.highlighter import Span
from gui.widgets.text.prepared_spans import prepare_spans
from gui.widgets.text.visible_blocks import range_rects, visible_blocks

# The hues of the two marks, each drawn in the shade of it that stands out from the page.
ONLY_ENGINE_HUE = "#1c7ed6"
ONLY_FILE_HUE = "#c2255c"
MARK_WIDTH = 1.6
WAVE_PX = 4.0  # the length of one wave of the underline


class ShownDifferences(NamedTuple):
    """The differences of the text on screen, and what its file's entities are called."""

    body: str  # the text they are in (the view checks it is the one it shows)
    differences: SpanDifferences
    source: str  # 'police.ann', 'the file'


DifferenceSource = Callable[[], "ShownDifferences | None"]


class DifferenceMarks(NamedTuple):
    """The differences in the view's terms: UTF-16 spans in reading order."""

    only_file: list[Span]
    only_engine: list[Span]
    source: str

    def at(self, position: int) -> tuple[list[Span], list[Span]]:
        """The spans only in the file and those only the engine found that cover a position."""
        return _covering(self.only_file, position), _covering(self.only_engine, position)

    def in_order(self) -> list[tuple[Span, bool]]:
        """Every difference in reading order, with whether it is only the engine's."""
        marked = [(span, False) for span in self.only_file] + [(span, True) for span in self.only_engine]
        return sorted(marked, key=lambda item: (item[0].start, -item[0].end, item[1]))

    def next_after(self, position: int, forward: bool) -> tuple[Span, bool] | None:
        """The first difference starting after a position (or the last before it), wrapping
        around; with whether it is only the engine's."""
        marked = self.in_order()
        if not marked:
            return None
        starts = [span.start for span, _ in marked]
        i = bisect.bisect_right(starts, position) if forward else bisect.bisect_left(starts, position) - 1
        return marked[i % len(marked)]

    def caret_note(self, position: int, span: Span | None, describe: Callable[[Span], str]) -> str:
        """What the status line adds about the entity at the caret (`span`, the engine's), or
        says of a span only in the file there."""
        only_file, only_engine = self.at(position)
        if span is not None and any(same_span(span, other) for other in only_engine):
            labels = ", ".join(dict.fromkeys(isolate(other.label) for other in only_file))
            return " — only found by the engine" + (f"; {self.source} has {labels} here" if labels else "")
        if span is not None:
            return f" — also in {self.source}"
        if only_file:
            return f"Only in {self.source}: {describe(only_file[0])}"
        return ""


def mark_differences(shown: ShownDifferences) -> DifferenceMarks:
    """The view's spans of a comparison's differences."""
    differences, body = shown.differences, shown.body
    only_file = prepare_spans(differences.only_file, body).spans
    only_engine = prepare_spans(differences.only_engine, body).spans
    return DifferenceMarks(only_file, only_engine, shown.source)


def same_span(first: Span, second: Span) -> bool:
    """Whether two spans cover the same text with the same type."""
    return (first.start, first.end, first.label) == (second.start, second.end, second.label)


def _covering(spans: Sequence[Span], position: int) -> list[Span]:
    # Reading order is by start: those starting at or before the position, ending after it.
    last = bisect.bisect_right([span.start for span in spans], position)
    return [span for span in spans[:last] if span.end > position]


def paint_difference_marks(view: QPlainTextEdit, marks: DifferenceMarks | None) -> None:
    """Frame the engine's own entities and underline the file's own, where they are in view."""
    if marks is None or not (marks.only_file or marks.only_engine):
        return
    blocks = list(visible_blocks(view))
    if not blocks:
        return
    page = view.palette().color(QPalette.ColorRole.Base).name()
    painter = QPainter(view.viewport())
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    left = view.contentOffset().x()
    frame = QPen(QColor(bar_colour(ONLY_ENGINE_HUE, page)), MARK_WIDTH, Qt.PenStyle.DashLine)
    painter.setPen(frame)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for rect in _rects(blocks, left, marks.only_engine):
        painter.drawRect(rect.adjusted(-1, 0, 1, 0))
    painter.setPen(QPen(QColor(bar_colour(ONLY_FILE_HUE, page)), MARK_WIDTH))
    for rect in _rects(blocks, left, marks.only_file):
        painter.drawPath(_wave(rect))
    painter.end()


def _rects(blocks: list[tuple[QTextBlock, float]], left: float, spans: Sequence[Span]) -> Iterator[QRectF]:
    """The rectangles of the spans that lie in the visible blocks, line by line."""
    if not spans:
        return
    first, last = blocks[0][0], blocks[-1][0]
    begin, end = first.position(), last.position() + last.length()
    starts = [span.start for span in spans]
    shown = [span for span in spans[: bisect.bisect_left(starts, end)] if span.end > begin]
    for block, top in blocks:
        block_begin, block_end = block.position(), block.position() + block.length()
        for span in shown:
            if span.start < block_end and span.end > block_begin:
                yield from range_rects(block, top, left, span.start, span.end)


def _wave(rect: QRectF) -> QPainterPath:
    """A wavy line along the bottom of a rectangle."""
    path = QPainterPath()
    y = rect.bottom() - 2.0
    x = rect.left()
    path.moveTo(QPointF(x, y))
    up = True
    while x < rect.right():
        x = min(x + WAVE_PX / 2, rect.right())
        path.lineTo(QPointF(x, y - 1.5 if up else y + 1.0))
        up = not up
    return path
