"""Bars above overlapping entity spans, one row per layer, painted over the view's text.

The highlighter gives lines with overlapping spans the room (a taller ascent); each span of an
overlap gets a bar in a darker shade of its colour, inner spans nearest the text, so four nested
spans over one word show as four stacked bars of their own lengths.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QTextLayout
from PySide6.QtWidgets import QPlainTextEdit

from gui.core.colours.palette import Palette, bar_colour
from gui.widgets.text.highlighter import BAR_PX, BAR_ROW_PX, Span
from gui.widgets.text.visible_blocks import visible_blocks, x_of


def paint_span_bars(
    view: QPlainTextEdit, spans: Sequence[Span], palette: Palette, hidden: frozenset[str]
) -> None:
    """Paint the bars of the overlapping spans (layer >= 0, sorted by start) in the visible blocks."""
    barred = [span for span in spans if span.layer >= 0 and span.label not in hidden]
    if not barred:
        return
    starts = [span.start for span in barred]
    # The furthest end among the spans up to each one: the spans still open at a block.
    reach = list(itertools.accumulate((span.end for span in barred), max))
    text_ascent = QFontMetricsF(view.font()).ascent()
    page = view.palette().base().color().name()
    painter = QPainter(view.viewport())
    offset = view.contentOffset()
    for block, top in visible_blocks(view):
        begin, end = block.position(), block.position() + block.length()
        first = bisect.bisect_left(reach, begin + 1)  # the first span that ends inside or after
        last = bisect.bisect_left(starts, end)
        layout = block.layout()
        _clear_room(painter, view, layout, top + 0.0, text_ascent)
        for span in barred[first:last]:
            if span.end <= begin:
                continue
            # A shade of the type's colour that stands out on the page (3:1), light or dark.
            colour = QColor(bar_colour(palette.style(span.label).background, page))
            for line_number in range(layout.lineCount()):
                line = layout.lineAt(line_number)
                line_start = begin + line.textStart()
                left = max(span.start, line_start)
                right = min(span.end, line_start + line.textLength())
                if left >= right:
                    continue
                x1, x2 = x_of(line, left - begin), x_of(line, right - begin)
                # Rows count up from the text: the innermost layer sits just above the letters.
                text_top = line.y() + line.ascent() - text_ascent
                y = text_top - (span.depth - span.layer) * BAR_ROW_PX
                rect = QRectF(x1 + 1, y, max(x2 - x1 - 2, 2.0), BAR_PX)
                painter.fillRect(rect.translated(offset.x(), top), colour)
    painter.end()


def _clear_room(
    painter: QPainter, view: QPlainTextEdit, layout: QTextLayout, top: float, ascent: float
) -> None:
    """Blank the room above the text of lines that have bars: the highlights' backgrounds fill
    the whole (taller) line, and the bars read better on the page's own colour."""
    base = view.palette().base()
    width = view.viewport().width()
    for line_number in range(layout.lineCount()):
        line = layout.lineAt(line_number)
        room = line.ascent() - ascent
        if room > 1:
            painter.fillRect(QRectF(0, top + line.y(), width, room - 1), base)
