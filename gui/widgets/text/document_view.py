"""The read-only text of the current document, its entity highlights, tooltips and navigation."""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QFontMetrics,
    QHelpEvent,
    QPaintEvent,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import QToolTip, QWidget

from gui.core.colours.palette import Palette
from gui.core.model.display_text import isolate
from gui.core.model.document import Entity
from gui.core.model.quoting import elide
from gui.widgets.background.single_shot_timer import single_shot_timer
from gui.widgets.text.highlighter import EntityHighlighter, Span
from gui.widgets.text.label_cues import paint_label_cues
from gui.widgets.text.match_frames import FramedMatches, paint_match_frames
from gui.widgets.text.prepared_spans import NO_SPANS, PreparedSpans, prepare_spans
from gui.widgets.text.span_bars import paint_span_bars
from gui.widgets.text.view_appearance import ViewAppearance
from gui.widgets.text.visible_blocks import visible_blocks

if TYPE_CHECKING:
    from gui.widgets.text.difference_marks import DifferenceMarks, DifferenceSource

# A long text goes into the widget a slice at a time, the event loop running in between: Qt's
# time grows with the characters, and setPlainText of 5 MB at once would freeze the window.
FIRST_SLICE_CHARS = 100_000
FILL_SLICE_CHARS = 150_000
# A pause between slices: a timer that is always due (a zero interval) keeps Qt from firing other timers.
FILL_PAUSE_MS = 2
# A longer pause while the text is shown without its entities: the thread reading them needs the
# interpreter more than the text below the first screen does.
FILL_PAUSE_AWAITING_MS = 150


class DocumentView(ViewAppearance):
    """Shows a body as plain text (never markup) with its entities highlighted by type. A long
    body goes in `slice_chars` at a time: so much first, then so much a slice."""

    entityAtCaretChanged = Signal(str)  # a one-line description, or "" off any entity
    textAboutToChange = Signal()  # another text is about to replace the one shown (still there)

    def __init__(
        self, palette: Palette, parent: QWidget | None = None,
        slice_chars: tuple[int, int] = (FIRST_SLICE_CHARS, FILL_SLICE_CHARS),
    ) -> None:
        super().__init__(parent)
        self._palette = palette
        self._first_slice_chars, self._fill_slice_chars = slice_chars
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
        self._highlighter.set_base_font(self.font())
        self._body = ""  # the text shown, all of it, even while the widget is still filling
        self._filled = 0  # how much of it (code points) the widget has
        self._fill_timer = single_shot_timer(self, FILL_PAUSE_MS, self._fill_slice)
        self._prepared = NO_SPANS
        self._offered: PreparedSpans | None = None  # spans worked out elsewhere, for set_entities
        self._spans: list[Span] = []  # in reading order (span_key); they may overlap
        self._starts: list[int] = []
        self._reach: list[int] = []  # the furthest end among the spans up to each one
        self._selected: Span | None = None  # the span last selected by stepping
        self._hidden: frozenset[str] = frozenset()
        self._zoom_steps = 0
        self._find_matches: FramedMatches | None = None
        # While comparing a file's entities with the engine's: how they differ, asked of the
        # source each time the entities shown change.
        self._difference_source: DifferenceSource | None = None
        self._differences: DifferenceMarks | None = None
        self._plain_text: str | None = None  # toPlainText(), kept once asked for
        self._last_caret_text = ""
        self.cursorPositionChanged.connect(self._on_cursor_moved)

    # Content -------------------------------------------------------------------------------

    def show_text(self, body: str, entities: Sequence[Entity] = ()) -> None:
        """Show a new body (as plain text) with its entities, the caret at the top. A long body
        fills in a slice per turn of the event loop, the top first."""
        self.textAboutToChange.emit()
        self._set_spans(NO_SPANS)  # no stale spans while the new text lays out
        if self._offered is not None and self._offered.body is not body:
            self._offered = None  # spans for another text
        self._find_matches = None
        self._differences = None  # marks for the text before; asked for again with the entities
        self._plain_text = None
        self._highlighter.forget_blocks()
        self._fill_timer.stop()
        self._body = body
        self._filled = self._slice_end(0, self._first_slice_chars)
        self.setPlainText(body[: self._filled])
        self._fill_timer.setInterval(FILL_PAUSE_MS if entities else FILL_PAUSE_AWAITING_MS)
        if self._filled < len(body):
            self._fill_timer.start()
        self._set_spans(self._prepared_for(entities, body))
        self.moveCursor(QTextCursor.MoveOperation.Start)

    @property
    def shown_body(self) -> str:
        """The text shown, all of it, even while the widget is still being given it."""
        return self._body

    def shows(self, body: str) -> bool:
        """Whether this very text (the same string) is the one shown."""
        return body is self._body

    def use_prepared(self, prepared: PreparedSpans) -> None:
        """Spans worked out in another thread for entities this view is about to be given:
        `set_entities` (or `show_text`) takes them as they are if it is given those entities."""
        self._offered = prepared

    def take_spans(self, prepared: PreparedSpans) -> None:
        """All the spans of the entities shown, when those given first were only the top of the
        text's (PreparedSpans.complete); spans for other entities or another text are dropped."""
        shown = self._prepared
        if not shown.complete:
            if prepared.entities is shown.entities and prepared.body is shown.body is self._body:
                self._set_spans(prepared)

    def set_entities(self, entities: Sequence[Entity], more_to_come: bool = False) -> None:
        """Highlight entities of the body already shown (code-point offsets); `more_to_come`: those
        of the top of the text, while the others are still being read."""
        if entities is not self._prepared.entities or self._prepared.body is not self._body:
            self._set_spans(self._prepared_for(entities, self._body))
        if not more_to_come:
            self._fill_timer.setInterval(FILL_PAUSE_MS)  # they are here: the rest of the text now
        self._ask_differences()
        self._on_cursor_moved(force=self._differences is not None)

    # Differences with the engine -------------------------------------------------------------

    def set_difference_source(self, source: DifferenceSource | None) -> None:
        """Ask `source`, whenever the entities shown change, how a file's entities and the
        engine's differ in the text shown, and mark the differences; None: never mark any."""
        self._difference_source = source
        self._ask_differences()

    def _ask_differences(self) -> None:
        shown = self._difference_source() if self._difference_source is not None else None
        mine = shown is not None and shown.body is self._body
        if shown is not None and mine:
            from gui.widgets.text.difference_marks import mark_differences  # comparing: not at start-up

            self._differences = mark_differences(shown)
        else:
            self._differences = None
        self.viewport().update()

    @property
    def differences(self) -> DifferenceMarks | None:
        """The differences marked in the text, if the entities shown are compared with a file's."""
        return self._differences

    def select_next_difference(self, forward: bool = True) -> tuple[Span, bool] | None:
        """Select the next (or previous) difference after the caret, wrapping around; the span
        and whether only the engine found it (else it is only in the file)."""
        if self._differences is None:
            return None
        found = self._differences.next_after(self.textCursor().selectionStart(), forward)
        if found is not None:
            self.select_range(found[0].start, found[0].end)
        return found

    @property
    def label_counts(self) -> Counter[str]:
        """How many of the entities shown are of each type."""
        return Counter(self._prepared.counts)

    def _prepared_for(self, entities: Sequence[Entity], body: str) -> PreparedSpans:
        offered = self._offered
        if offered is not None and offered.entities is entities and offered.body is body:
            self._offered = None
            return offered
        return prepare_spans(entities, body)

    def _set_spans(self, prepared: PreparedSpans) -> None:
        self._prepared = prepared
        self._spans, self._starts, self._reach = prepared.spans, prepared.starts, prepared.reach
        self._selected = None
        self._highlighter.set_spans(self._spans, prepared.body if self._spans else "", prepared.barred)
        self.viewport().update()

    # Filling in a long text --------------------------------------------------------------------

    def _slice_end(self, start: int, size: int) -> int:
        """Where a slice of the body from `start` ends: after a line break if there is one."""
        end = start + size
        if end >= len(self._body):
            return len(self._body)
        cut = self._body.rfind("\n", start, end)
        return cut + 1 if cut > start else end

    def _fill_slice(self) -> None:
        """Append the next slice of the body to the widget."""
        end = self._slice_end(self._filled, self._fill_slice_chars)
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        self._highlighter.forget_blocks_from(cursor.blockNumber())  # the last block grows
        cursor.insertText(self._body[self._filled : end])
        self._filled = end
        if self.filling:
            self._fill_timer.start()

    @property
    def filling(self) -> bool:
        """Whether the widget is still being given the rest of a long text."""
        return self._filled < len(self._body)

    def _fill_to(self, position: int) -> None:
        """Give the widget the text up to a UTF-16 position now (a jump or a query needs it)."""
        while self.filling and self.document().characterCount() - 1 < position:
            self._fill_slice()

    def toPlainText(self) -> str:
        """Qt override: the whole text, even while it is still filling in."""
        while self.filling:
            self._fill_slice()
        return super().toPlainText()

    @property
    def spans(self) -> list[Span]:
        """The entities shown, in UTF-16 positions."""
        return list(self._spans)

    def set_hidden_types(self, hidden: frozenset[str]) -> None:
        """Stop highlighting (and stepping to) these entity types."""
        self._hidden = hidden
        self._highlighter.set_hidden(hidden)
        self.viewport().update()

    # Entities at positions -----------------------------------------------------------------

    def spans_at(self, position: int) -> list[Span]:
        """Every entity covering a UTF-16 position, outermost first (an end counts, so a caret
        just after an entity finds it)."""
        found: list[Span] = []
        i = bisect.bisect_right(self._starts, position) - 1
        # Walk back while an earlier span may still reach the position (overlaps allow it).
        while i >= 0 and self._reach[i] >= position:
            if self._spans[i].end >= position:
                found.append(self._spans[i])
            i -= 1
        found.reverse()
        return found

    def span_at(self, position: int) -> Span | None:
        """The innermost entity covering a UTF-16 position, if any."""
        covering = self.spans_at(position)
        inner = [span for span in covering if span.end > position] or covering
        return inner[-1] if inner else None

    def describe(self, span: Span) -> str:
        """'GPE: Countries, cities, states', for the status bar and tooltips."""
        return f"{isolate(span.label)}: {isolate(self._palette.style(span.label).description)}"

    def _visible_spans(self) -> list[Span]:
        return [span for span in self._spans if span.label not in self._hidden]

    def select_next_entity(self, forward: bool = True, label: str | None = None) -> Span | None:
        """Select the next (or previous) visible entity in reading order, of `label` if given,
        and scroll to it; wraps around. Nested and overlapping entities are each visited."""
        visible = [s for s in self._visible_spans() if label is None or s.label == label]
        if not visible:
            return None
        current = self._selected_span()
        here = next((i for i, span in enumerate(visible) if span is current), None)
        if here is not None:
            # Step from the selected entity itself: its nested entities start inside it, and an
            # entity with the same span as it (another annotation of the same words) comes next.
            i = here + 1 if forward else here - 1
        else:
            caret = self.textCursor().position()
            i = (
                bisect.bisect_left(self._starts_of(visible), caret)
                if forward
                else bisect.bisect_left(self._starts_of(visible), caret) - 1
            )
        target = visible[i % len(visible)]
        self.select_span(target)
        return target

    @staticmethod
    def _starts_of(spans: Sequence[Span]) -> list[int]:
        return [span.start for span in spans]

    def _selected_span(self) -> Span | None:
        """The span last stepped to, while the selection is still exactly it."""
        cursor = self.textCursor()
        span = self._selected
        if span is not None and (cursor.selectionStart(), cursor.selectionEnd()) == (span.start, span.end):
            return span
        return None

    def select_span(self, span: Span) -> None:
        """Put the caret on an entity, select it and bring it into view."""
        self.select_range(span.start, span.end)
        self._selected = span
        self._on_cursor_moved(force=True)

    def span_at_caret(self) -> Span | None:
        """The entity at the caret (the one stepped to, or the innermost there), if any."""
        selected = self._selected_span()
        if selected is not None:
            return selected
        cursor = self.textCursor()
        return self.span_at(cursor.selectionStart() if cursor.hasSelection() else cursor.position())

    def spans_at_caret(self) -> list[Span]:
        """Every entity at the caret, outermost first."""
        cursor = self.textCursor()
        return self.spans_at(cursor.selectionStart() if cursor.hasSelection() else cursor.position())

    def _on_cursor_moved(self, force: bool = False) -> None:
        span = self.span_at_caret()
        text = self.describe(span) if span else ""
        others = len(self.spans_at_caret()) - 1 if span else 0
        if span is not None and others > 0:
            quoted = isolate(elide(self.text_between(span.start, span.end), 60))
            text += f" “{quoted}” (and {others} more {'entity' if others == 1 else 'entities'} here)"
        cursor = self.textCursor()
        at = cursor.selectionStart() if cursor.hasSelection() else cursor.position()
        if self._differences is not None:
            text += self._differences.caret_note(at, span, self.describe)
        if text != self._last_caret_text or force:
            self._last_caret_text = text
            self.entityAtCaretChanged.emit(text)
            if span is not None and self.hasFocus():
                self._show_caret_tooltip(span)
            elif span is None and QToolTip.isVisible():
                QToolTip.hideText()

    def _show_caret_tooltip(self, span: Span) -> None:
        # Above the caret's line, so the tooltip never hides the line the reader goes on to;
        # below it only when the line is at the top of the view. Qt draws a tooltip about 16 px
        # below the point it is given, and this one has two lines.
        self._fill_to(span.end)
        start = QTextCursor(self.document())
        start.setPosition(span.start)
        rect = self.cursorRect(start)
        metrics = QFontMetrics(QToolTip.font())
        covering = self._tooltip_spans(span)
        lines = sum(2 + span.note.count("\n") + bool(span.note) for span in covering)
        height = lines * metrics.lineSpacing() + 12
        above = QPoint(rect.left(), rect.top() - height - 20)
        point = above if above.y() >= 0 else QPoint(rect.left(), rect.bottom() + 4)
        QToolTip.showText(self.viewport().mapToGlobal(point), self.tooltip_for(covering), self)

    def _tooltip_spans(self, span: Span) -> list[Span]:
        """The spans a tooltip lists: every one covering the span's start, or just the span."""
        covering = [s for s in self.spans_at(span.start) if s.end > span.start]
        return covering if span in covering else [span]

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

    def tooltip_for(self, spans: Sequence[Span]) -> str:
        """The tooltip that lists these spans (each one's type, description, text and note)."""
        # Rich text built here with every piece of document text escaped: a tooltip given plain text
        # that looks like markup would otherwise be rendered as markup by Qt.
        import html  # when first needed (see plain_tooltip)

        parts = []
        for span in spans:
            quoted = self.text_between(span.start, span.end)
            style = self._palette.style(span.label)
            note = "".join(f"<br><i>{html.escape(line)}</i>" for line in span.note.splitlines())
            parts.append(
                f"<p style='white-space:pre'><b>{html.escape(span.label)}</b> — "
                f"{html.escape(style.description)}<br>“{html.escape(quoted)}”{note}</p>"
            )
        return "".join(parts)

    def text_between(self, start: int, end: int) -> str:
        """The text between two UTF-16 positions."""
        self._fill_to(end)
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
            spans = self.spans_at(position) if position is not None else []
            covering = [s for s in spans if position is not None and s.end > position]
            if covering:
                QToolTip.showText(event.globalPos(), self.tooltip_for(covering), self)
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    # Find matches ----------------------------------------------------------------------------

    def plain_text(self) -> str:
        """The text shown, as `toPlainText` gives it; kept until another text is shown (copying a
        big text out of Qt takes a while)."""
        if self._plain_text is None:
            self._plain_text = self.toPlainText()
        return self._plain_text

    def set_find_matches(self, matches: FramedMatches | None) -> None:
        """Frame these matches (asked for as they come into view); None removes the frames."""
        self._find_matches = matches
        self.viewport().update()

    @property
    def find_matches(self) -> list[tuple[int, int]]:
        """Every framed find match, in UTF-16 positions."""
        if self._find_matches is None:
            return []
        return list(self._find_matches.overlapping(0, self.document().characterCount()))

    def select_range(self, start: int, end: int) -> None:
        """Select a UTF-16 range and bring it into view."""
        self._fill_to(max(start, end))
        cursor = self.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Qt override: the text, then frames around find matches on top of it."""
        # Highlight lazily: only the blocks about to be painted (a document may be huge).
        self._highlighter.format_visible(visible_blocks(self))
        super().paintEvent(event)
        paint_span_bars(self, self._prepared.barred, self._palette, self._hidden)
        highlighter = self._highlighter
        paint_label_cues(
            self, highlighter.cues, self._palette, highlighter.colour_label_at, highlighter.cue_width
        )
        paint_match_frames(self, self._find_matches)
        if self._differences is not None:
            from gui.widgets.text.difference_marks import paint_difference_marks

            paint_difference_marks(self, self._differences)
