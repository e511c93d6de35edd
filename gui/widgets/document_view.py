"""The read-only text of the current document, its entity highlights, tooltips and navigation."""

from __future__ import annotations

import bisect
import html
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QFontMetrics,
    QHelpEvent,
    QPaintEvent,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from gui.core.document import Entity
from gui.core.offsets import OffsetMap
from gui.core.palette import Palette
from gui.widgets.highlighter import EntityHighlighter, Span
from gui.widgets.match_frames import paint_match_frames

BASE_POINT_SIZE = 11.0
ZOOM_STEP = 1.0


class DocumentView(QPlainTextEdit):
    """Shows a body as plain text (never markup) with its entities highlighted by type."""

    entityAtCaretChanged = Signal(str)  # a one-line description, or "" off any entity

    def __init__(self, palette: Palette, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._palette = palette
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        # Read-only, but the caret stays: it is how the keyboard walks through the entities.
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.setAccessibleName("Document text")
        self.document().setDocumentMargin(14)
        self._highlighter = EntityHighlighter(self.document(), palette)
        self._spans: list[Span] = []
        self._starts: list[int] = []
        self._hidden: frozenset[str] = frozenset()
        self._zoom_steps = 0
        self._find_matches: list[tuple[int, int]] = []
        self._last_caret_text = ""
        self.cursorPositionChanged.connect(self._on_cursor_moved)

    # Content -------------------------------------------------------------------------------

    def show_text(self, body: str, entities: Sequence[Entity] = ()) -> None:
        """Show a new body (as plain text) with its entities, the caret at the top."""
        self._set_spans([], "")  # no stale spans while the new text lays out
        self._find_matches = []
        self.setPlainText(body)
        self._set_spans(entities, body)
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def set_entities(self, entities: Sequence[Entity]) -> None:
        """Highlight entities of the body already shown (code-point offsets)."""
        self._set_spans(entities, self.toPlainText())
        self._on_cursor_moved()

    def _set_spans(self, entities: Sequence[Entity], body: str) -> None:
        offsets = OffsetMap(body)
        self._spans = sorted(
            Span(offsets.to_utf16(e.start), offsets.to_utf16(e.end), e.label) for e in entities
        )
        self._starts = [span.start for span in self._spans]
        self._highlighter.set_spans(self._spans)

    @property
    def spans(self) -> list[Span]:
        """The entities shown, in UTF-16 positions."""
        return list(self._spans)

    def set_hidden_types(self, hidden: frozenset[str]) -> None:
        """Stop highlighting (and stepping to) these entity types."""
        self._hidden = hidden
        self._highlighter.set_hidden(hidden)

    # Entities at positions -----------------------------------------------------------------

    def span_at(self, position: int) -> Span | None:
        """The entity covering a UTF-16 position (its end counts, so a caret after it finds it)."""
        i = bisect.bisect_right(self._starts, position) - 1
        if i >= 0 and self._spans[i].start <= position <= self._spans[i].end:
            return self._spans[i]
        return None

    def describe(self, span: Span) -> str:
        """'GPE: Countries, cities, states', for the status bar and tooltips."""
        return f"{span.label}: {self._palette.style(span.label).description}"

    def _visible_spans(self) -> list[Span]:
        return [span for span in self._spans if span.label not in self._hidden]

    def select_next_entity(self, forward: bool = True, label: str | None = None) -> Span | None:
        """Select the next (or previous) visible entity after the caret, of `label` if given,
        and scroll to it; wraps around."""
        cursor = self.textCursor()
        visible = [s for s in self._visible_spans() if label is None or s.label == label]
        if forward:
            after = cursor.selectionEnd() if cursor.hasSelection() else cursor.position()
            later = [span for span in visible if span.start >= after]
            target = later[0] if later else (visible[0] if visible else None)
        else:
            earlier = [span for span in visible if span.end <= cursor.selectionStart()]
            target = earlier[-1] if earlier else (visible[-1] if visible else None)
        if target is not None:
            self.select_span(target)
        return target

    def select_span(self, span: Span) -> None:
        """Put the caret on an entity, select it and bring it into view."""
        self.select_range(span.start, span.end)

    def span_at_caret(self) -> Span | None:
        """The entity at the caret (or the selected one), if any."""
        cursor = self.textCursor()
        return self.span_at(cursor.selectionStart() if cursor.hasSelection() else cursor.position())

    def _on_cursor_moved(self) -> None:
        span = self.span_at_caret()
        text = self.describe(span) if span else ""
        if text != self._last_caret_text:
            self._last_caret_text = text
            self.entityAtCaretChanged.emit(text)
            if span is not None and self.hasFocus():
                self._show_caret_tooltip(span)

    def _show_caret_tooltip(self, span: Span) -> None:
        # Above the caret's line, so the tooltip never hides the line the reader goes on to;
        # below it only when the line is at the top of the view. Qt draws a tooltip about 16 px
        # below the point it is given, and this one has two lines.
        start = QTextCursor(self.document())
        start.setPosition(span.start)
        rect = self.cursorRect(start)
        metrics = QFontMetrics(QToolTip.font())
        height = 2 * metrics.lineSpacing() + 12
        above = QPoint(rect.left(), rect.top() - height - 20)
        point = above if above.y() >= 0 else QPoint(rect.left(), rect.bottom() + 4)
        QToolTip.showText(self.viewport().mapToGlobal(point), self._tooltip(span), self)

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Qt override: the status bar names the entity at the caret while the text has focus."""
        super().focusInEvent(event)
        span = self.span_at_caret()
        self._last_caret_text = self.describe(span) if span else ""
        self.entityAtCaretChanged.emit(self._last_caret_text)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """Qt override: nothing is 'at the caret' once the focus is elsewhere."""
        super().focusOutEvent(event)
        self._last_caret_text = ""
        self.entityAtCaretChanged.emit("")

    def _tooltip(self, span: Span) -> str:
        # Rich text built here with every piece of document text escaped: a tooltip given plain text
        # that looks like markup would otherwise be rendered as markup by Qt.
        quoted = self.text_between(span.start, span.end)
        style = self._palette.style(span.label)
        return (
            f"<p style='white-space:pre'><b>{html.escape(span.label)}</b> — "
            f"{html.escape(style.description)}<br>“{html.escape(quoted)}”</p>"
        )

    def text_between(self, start: int, end: int) -> str:
        """The text between two UTF-16 positions."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        return cursor.selectedText()

    def character_at(self, point: QPoint) -> int | None:
        """The UTF-16 position of the character under a viewport point, or None off the text.

        cursorForPosition gives the nearest caret position even in margins and past line ends,
        so check that the point lies inside the glyph between two caret positions.
        """
        nearest = self.cursorForPosition(point).position()
        cursor = QTextCursor(self.document())
        for position in (nearest - 1, nearest):
            if position < 0 or position + 1 > self.document().characterCount() - 1:
                continue
            cursor.setPosition(position)
            left = self.cursorRect(cursor)
            cursor.setPosition(position + 1)
            right = self.cursorRect(cursor)
            if (
                left.top() == right.top()
                and left.left() <= point.x() < right.left()
                and left.top() <= point.y() <= left.bottom()
            ):
                return position
        return None

    def viewportEvent(self, event: QEvent) -> bool:
        """Qt override: a tooltip over an entity names its type and quotes it."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            position = self.character_at(event.pos())
            span = self.span_at(position) if position is not None else None
            if span is not None:
                QToolTip.showText(event.globalPos(), self._tooltip(span), self)
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    # Find matches ----------------------------------------------------------------------------

    def set_find_matches(self, matches: Sequence[tuple[int, int]]) -> None:
        """Frame these (UTF-16 start, end) ranges, sorted; an empty list removes the frames."""
        self._find_matches = list(matches)
        self.viewport().update()

    @property
    def find_matches(self) -> list[tuple[int, int]]:
        """The framed find matches, in UTF-16 positions."""
        return list(self._find_matches)

    def select_range(self, start: int, end: int) -> None:
        """Select a UTF-16 range and bring it into view."""
        cursor = self.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Qt override: the text, then frames around find matches on top of it."""
        super().paintEvent(event)
        paint_match_frames(self, self._find_matches)

    # Zoom ----------------------------------------------------------------------------------

    @property
    def zoom_percent(self) -> int:
        """The text size relative to the normal size, in percent."""
        return round(100 * self.font().pointSizeF() / BASE_POINT_SIZE)

    @property
    def zoom_steps(self) -> int:
        """How many steps the text is zoomed in (negative: out)."""
        return self._zoom_steps

    def set_zoom_steps(self, steps: int) -> None:
        """Set the text size to the base size plus `steps` points (at least 6 points)."""
        self._zoom_steps = steps
        font = self.font()
        font.setPointSizeF(max(6.0, BASE_POINT_SIZE + steps * ZOOM_STEP))
        self.setFont(font)
