"""Frames drawn around find-in-document matches, over the text: entity colours stay visible."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Protocol

from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QPlainTextEdit

from gui.widgets.text.visible_blocks import range_rects, visible_blocks

FRAME_COLOUR = QColor("#d9480f")
FRAME_WIDTH = 2.0


class FramedMatches(Protocol):
    """The find matches to frame, asked for one screenful at a time (there may be very many)."""

    def overlapping(self, begin: int, end: int) -> Sequence[tuple[int, int]]:
        """The (start, end) UTF-16 ranges of the matches that overlap `begin`..`end`, sorted."""
        ...


def paint_match_frames(view: QPlainTextEdit, matches: FramedMatches | None) -> None:
    """Frame each match that lies in the visible blocks."""
    if matches is None:
        return
    blocks = list(visible_blocks(view))
    if not blocks:
        return
    last = blocks[-1][0]
    shown = matches.overlapping(blocks[0][0].position(), last.position() + last.length())
    if not shown:
        return
    starts = [start for start, _ in shown]
    painter = QPainter(view.viewport())
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(FRAME_COLOUR, FRAME_WIDTH))
    offset = view.contentOffset()
    for block, top in blocks:
        begin, end = block.position(), block.position() + block.length()
        # Matches that start before this block's end and end after its start.
        i = max(bisect.bisect_left(starts, begin) - 1, 0)
        while i < len(shown) and shown[i][0] < end:
            match_start, match_end = shown[i]
            i += 1
            if match_end <= begin:
                continue
            for rect in range_rects(block, top, offset.x(), match_start, match_end):
                painter.drawRoundedRect(rect.adjusted(-1, 0, 1, 0), 3, 3)
    painter.end()
