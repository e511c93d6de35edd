"""The blocks of a plain-text view that are on screen, for what paints over the text (find
frames, bars over overlapping spans, label cues) and for the lazy highlighter."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QRectF
from PySide6.QtGui import QTextBlock, QTextLine
from PySide6.QtWidgets import QPlainTextEdit


def visible_blocks(view: QPlainTextEdit) -> Iterator[tuple[QTextBlock, float]]:
    """Each block from the first visible one down to the viewport's bottom, with its top edge
    in viewport pixels."""
    offset = view.contentOffset()
    height = view.viewport().height()
    block = view.firstVisibleBlock()
    while block.isValid():
        top = view.blockBoundingGeometry(block).translated(offset).top()
        if top > height:
            return
        yield block, top
        block = block.next()


def x_of(line: QTextLine, position: int) -> float:
    """The x coordinate of a position (relative to its block) on a laid-out line."""
    # PySide returns cursorToX's C++ out-parameter too: (x, position).
    result = line.cursorToX(position)
    assert isinstance(result, tuple)
    return float(result[0])


def range_rects(block: QTextBlock, top: float, left: float, start: int, end: int) -> Iterator[QRectF]:
    """The rectangles, in viewport pixels, that the UTF-16 range start..end covers on each line of
    a block whose top edge is at `top` (and text's left edge at `left`)."""
    begin = block.position()
    layout = block.layout()
    for number in range(layout.lineCount()):
        line = layout.lineAt(number)
        line_start = begin + line.textStart()
        first, last = max(start, line_start), min(end, line_start + line.textLength())
        if first >= last:
            continue
        x1, x2 = x_of(line, first - begin), x_of(line, last - begin)
        yield QRectF(x1 + left, line.y() + top, x2 - x1, line.height())
