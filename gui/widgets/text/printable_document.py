"""The document as it is printed or saved as PDF: its title, date and file name, then its text
with the highlights in their colours, as the view shows them.

The view colours only the blocks it paints, through their layouts (gui/widgets/text/highlighter.py),
which a printer never sees. This gives every highlight to the characters themselves, in a new
QTextDocument: the innermost span's colour where spans overlap, as on screen, hidden types left
plain, and with the label cue on, each entity's type written after it, as the view writes it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QFont, QTextCharFormat, QTextCursor, QTextDocument

from gui.core.colours.palette import Palette
from gui.core.entities.span_layers import pieces
from gui.widgets.text.highlighter import Span, char_format, cue_font, cue_labels

PRINT_POINT_SIZE = 11.0


def printable_document(
    body: str,
    spans: Sequence[Span],
    palette: Palette,
    *,
    heading: Sequence[str] = (),
    hidden: frozenset[str] = frozenset(),
    label_cue: bool = False,
    family: str = "",
) -> QTextDocument:
    """A document of `heading` (its first line as a title) and `body` with the `spans` (UTF-16
    positions into the body, as the view's) highlighted."""
    document = QTextDocument()
    font = QFont(family) if family else QFont()
    font.setPointSizeF(PRINT_POINT_SIZE)
    document.setDefaultFont(font)
    cursor = QTextCursor(document)
    for number, line in enumerate(heading):
        fmt = QTextCharFormat()
        if number == 0:
            fmt.setFontWeight(QFont.Weight.Bold)
            fmt.setFontPointSize(PRINT_POINT_SIZE * 1.4)
        else:
            fmt.setFontPointSize(PRINT_POINT_SIZE * 0.9)
        cursor.insertText(line, fmt)
        cursor.insertBlock()
    if heading:
        cursor.insertBlock()
    offset = cursor.position()
    cursor.insertText(body, QTextCharFormat())
    visible = [span for span in spans if span.label not in hidden]
    for piece in pieces(visible):
        cursor.setPosition(offset + piece.start)
        cursor.setPosition(offset + piece.end, QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(char_format(palette, visible[piece.covering[-1]].label))
    if label_cue:
        small = cue_font(font)
        # From the end, so that the positions before each insertion still hold.
        for end, cue in sorted(cue_labels(visible).items(), reverse=True):
            fmt = QTextCharFormat()
            fmt.setFont(small)
            cursor.setPosition(offset + end)
            cursor.insertText(f" {cue}", fmt)
    return document
