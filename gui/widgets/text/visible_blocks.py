"""The blocks of a plain-text view that are on screen, for what paints over the text (find
frames, bars over overlapping spans, label cues) and for the lazy highlighter."""

from __future__ import annotations

from collections.abc import Iterator

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
