"""The label cue: each entity's type written small after it, so colour is never the only signal.

The highlighter leaves a gap after each entity's last character (letter spacing as wide as the
cue); this writes the type names into it, in the entity's text colour on its own highlight.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter
from PySide6.QtWidgets import QPlainTextEdit

from gui.core.colours.palette import Palette
from gui.widgets.text.highlighter import cue_font
from gui.widgets.text.visible_blocks import visible_blocks, x_of


def paint_label_cues(
    view: QPlainTextEdit,
    cues: Mapping[int, str],
    palette: Palette,
    colour_label: Callable[[int], str | None],
    gap_width: Callable[[str], float],
) -> None:
    """Write the cues (UTF-16 entity end -> type names) of the visible blocks into their gaps, in
    the text colour of the highlight the gap sits on (`colour_label` of the entity's last char)."""
    if not cues:
        return
    ends = sorted(cues)
    font = cue_font(view.font())
    text_ascent = QFontMetricsF(view.font()).ascent()
    painter = QPainter(view.viewport())
    painter.setFont(font)
    offset = view.contentOffset()
    for block, top in visible_blocks(view):
        begin = block.position()
        layout = block.layout()
        i = bisect.bisect_right(ends, begin)
        while i < len(ends) and ends[i] <= begin + block.length() - 1:
            end = ends[i]
            i += 1
            cue = cues[end]
            line = layout.lineForTextPosition(end - 1 - begin)
            if not line.isValid():
                continue
            right = x_of(line, end - begin)
            width = gap_width(cue)  # the gap the highlighter made, in the same measure
            # The text's own band of the line: lines with bars above are taller than the text.
            text_top = line.y() + line.ascent() - text_ascent
            rect = QRectF(right - width, text_top, width, text_ascent + line.descent())
            under = colour_label(end - 1) or cue.split(" ", 1)[0]
            painter.setPen(QColor(palette.style(under).text))
            painter.drawText(
                rect.translated(offset.x(), top),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignHCenter),
                cue,
            )
    painter.end()
