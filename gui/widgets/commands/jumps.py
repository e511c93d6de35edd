"""Jumps between documents and places in them, with the way back: Alt+Left, Alt+Right."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from gui.core.model.display_text import isolate
from gui.core.model.offsets import OffsetMap
from gui.widgets.commands.entity_commands import keep_place
from gui.widgets.window_part import WindowPart

if TYPE_CHECKING:
    from gui.core.corpus.corpus import DocumentEntry
    from gui.core.session.history import Location
    from gui.widgets.commands.command_context import CommandContext


def go_back(window: CommandContext) -> None:
    """Back to where the last jump came from."""
    window.jumps.go_back()


def go_forward(window: CommandContext) -> None:
    """Forward again to where a jump led."""
    window.jumps.go_forward()


def _showing_all(window: CommandContext, entry: DocumentEntry) -> str:
    """Why the list shows every document again: which filter left the document out."""
    shown = isolate(entry.name)
    allowed = window.document_pane.filter_model.allowed_ids
    if allowed is not None and entry.id not in allowed:
        entity = window.session.entity_filter
        if entity is not None:
            entity_name = isolate(window.session.entity_filter_name or entity.name)
            return f"Showing all documents: {shown} is not among those mentioning {entity_name}"
        listed = window.document_pane.chip_label.text()  # a chart's period or link
        return f"Showing all documents: {shown} is not among those listed ({listed})"
    typed = window.document_pane.filter_edit.text().strip()
    return f"Showing all documents: {shown} does not match “{isolate(typed)}”"


class Jumps(WindowPart["CommandContext"]):
    """Where the reader is, jumps that remember where they came from, Back and Forward."""

    def location(self) -> Location | None:
        """Where the reader is: the document shown and the caret (code points)."""
        window = self._window
        current = window.session.current
        if current is None:
            return None
        caret = window.view.textCursor().selectionStart()
        return window.session.location(OffsetMap(current.body).to_code_point(caret))

    def jump_to(self, doc_id: str, start: int | None = None, end: int | None = None) -> bool:
        """Show a document (selecting start..end, code points, if given), remembering the way back."""
        origin = self.location()
        if not self._go_to(doc_id, start, end):
            return False
        self.came_from(origin)
        return True

    def came_from(self, origin: Location | None) -> None:
        """Remember `origin` as the way back, if the reader has left it (by a jump, a filter)."""
        if origin is not None and origin != self.location():
            self._window.session.history.jumped(origin)

    def _go_to(self, doc_id: str, start: int | None = None, end: int | None = None) -> bool:
        window = self._window
        corpus = window.session.corpus
        if corpus is None or corpus.entry(doc_id) is None:
            return False
        row = corpus.index_of(doc_id)
        why_all = ""
        listed = window.document_pane.is_listed(row)
        if not listed and window.made("review_filter") and window.review_filter.hold(corpus.entries[row]):
            listed = window.document_pane.is_listed(row)  # the reading filter lists it now
        if not listed:
            # A jump outside the filtered list: show all, so the list shows where the reader is.
            why_all = _showing_all(window, corpus.entries[row])
            window.document_pane.clear_filters()
            window.session.entity_filter = None
        current = window.session.current
        if current is None or current.id != doc_id:
            window.document_pane.select_source_row(row)
            current = window.session.current
        if start is not None and current is not None:
            offsets = OffsetMap(current.body)
            first = offsets.to_utf16(start)
            window.view.select_range(first, offsets.to_utf16(end) if end is not None else first)
            keep_place(window)  # not the entity filter's first mention: this place was asked for
        if why_all:
            window.say(why_all, 8000)
        return True

    def go_back(self) -> None:
        """Back to where the last jump came from."""
        window = self._window
        self._retrace(window.session.history.back)

    def go_forward(self) -> None:
        """Forward again to where a jump led."""
        window = self._window
        self._retrace(window.session.history.forward)

    def _retrace(self, step: Callable[[Location], Location | None]) -> None:
        window = self._window
        current = self.location()
        target = step(current) if current is not None else None
        if target is None:
            window.say("Nowhere further to go", 2000)
            return
        self._go_to(target.doc_id, target.position)
        window.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
