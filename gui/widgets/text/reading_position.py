"""Where the reader is in a document's text: the first line in view, as a position that outlives
the window's size and zoom, and back to it."""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit

from gui.widgets.text.document_view import DocumentView


def top_position(view: QPlainTextEdit) -> int:
    """The UTF-16 position where the first line in view (even partly) begins."""
    block = view.firstVisibleBlock()
    if not block.isValid():
        return 0
    top = view.blockBoundingGeometry(block).translated(view.contentOffset()).top()
    layout = block.layout()
    for number in range(layout.lineCount()):
        line = layout.lineAt(number)
        if top + line.y() + line.height() > 0:
            return block.position() + line.textStart()
    return block.position()


def scroll_to_top(view: DocumentView, position: int) -> None:
    """Bring the line holding a UTF-16 position to the top of the view, the caret at it."""
    length = len(view.shown_body.encode("utf-16-le")) // 2  # the file may have shrunk since
    position = min(max(position, 0), length)
    view.select_range(position, position)  # the text filled in up to there, the caret there
    bar = view.verticalScrollBar()
    if position == 0:  # the first line: no need to lay out the whole text to bring it up
        bar.setValue(bar.minimum())
        return
    bar.setValue(bar.maximum())
    view.ensureCursorVisible()  # from below: the caret's line comes to the top
