"""Find in document: an incremental search bar under the text, with every match framed.

A big document may hold a phrase hundreds of thousands of times. A keystroke finds the matches
only as far as the one it selects, the view frames only the matches on screen, and the rest are
counted a slice at a time while the event loop runs ("1 of 20,000+" fills in to "1 of 303,197").
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from gui.core.model.offsets import OffsetMap
from gui.core.search.find_in_text import FoldedText, MatchScan
from gui.widgets.text.document_view import DocumentView


class ShownMatches:
    """A phrase's matches in the shown text, in the view's UTF-16 positions."""

    def __init__(self, scan: MatchScan, offsets: OffsetMap) -> None:
        self.scan = scan
        self._offsets = offsets

    def code_point(self, position: int) -> int:
        """The code-point offset of a UTF-16 position of the view."""
        return self._offsets.to_code_point(position)

    def span(self, index: int) -> tuple[int, int]:
        """The UTF-16 (start, end) of a match found."""
        start, end = self.scan.span(index)
        return self._offsets.to_utf16(start), self._offsets.to_utf16(end)

    def overlapping(self, begin: int, end: int) -> list[tuple[int, int]]:
        """The UTF-16 (start, end) of the matches that overlap `begin`..`end`, for the frames."""
        offsets = self._offsets
        if offsets.is_identity:
            return self.scan.overlapping(begin, end)
        to_utf16 = offsets.to_utf16
        spans = self.scan.overlapping(offsets.to_code_point(begin), offsets.to_code_point(end))
        return [(to_utf16(start), to_utf16(stop)) for start, stop in spans]


class FindBar(QWidget):
    """Finds a phrase in the shown text as it is typed; steps through the matches."""

    def __init__(self, view: DocumentView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._view = view
        self._text: FoldedText | None = None  # the shown text, folded once while the bar is open
        self._offsets = OffsetMap("")
        self._matches: ShownMatches | None = None  # of the phrase, while the bar is open
        self._index: int | None = None  # the match selected last
        self._counting = QTimer(self)  # finds the rest of the matches between events
        self._counting.setInterval(0)
        self._counting.timeout.connect(self._count_more)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("find")
        self.edit.setPlaceholderText("Find in document")
        self.edit.setAccessibleName("Find in document")
        self.edit.textChanged.connect(self._on_text_changed)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("findCount")
        self.count_label.setMinimumWidth(110)
        close = QToolButton(self)
        close.setText("✕")
        close.setToolTip("Close the find bar (Esc)")
        close.setAccessibleName("Close find")
        close.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        close.clicked.connect(self.close_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.addWidget(QLabel("Find:", self))
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(close)
        self.setVisible(False)

    @property
    def match_count(self) -> int:
        """How many matches the shown text has (counting the rest now if they are still being
        counted)."""
        matches = self._current_matches()
        if matches is None:
            return 0
        matches.scan.scan_all()
        return matches.scan.count

    @property
    def counting(self) -> bool:
        """Whether the matches are still being counted."""
        return self._matches is not None and not self._matches.scan.complete

    def open_bar(self) -> None:
        """Show the bar with the focus in it (the selected text, if any, as the phrase)."""
        selected = self._view.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.edit.setText(selected)
        self.setVisible(True)
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()
        self.refresh()

    def close_bar(self) -> None:
        """Hide the bar, drop the frames, and give the focus back to the text."""
        self.setVisible(False)
        self._counting.stop()
        self._matches = None
        self._text = None  # a folded copy of a big text is big
        self._view.set_find_matches(None)
        self._view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def refresh(self) -> None:
        """Search again (the phrase or the shown document changed)."""
        if not self.isVisible():
            return
        text = self._view.plain_text()
        if self._text is None or self._text.text is not text:
            self._text = FoldedText(text)
            self._offsets = OffsetMap(text)
        self._matches = ShownMatches(self._text.matches(self.edit.text()), self._offsets)
        self._index = None
        if not self._matches.scan.scan():
            self._counting.start()
        self._view.set_find_matches(self._matches)
        self._show_count()

    def _current_matches(self) -> ShownMatches | None:
        """The matches in the text shown now (searched again if another text was shown since)."""
        if not self.isVisible():
            return None
        if self._matches is None or self._text is None or self._text.text is not self._view.plain_text():
            self.refresh()
        return self._matches

    def step(self, forward: bool = True) -> None:
        """Select the next (or previous) match from the caret, wrapping around."""
        if not self.isVisible():
            self.open_bar()
        matches = self._current_matches()
        if matches is None:
            return
        scan = matches.scan
        caret = matches.code_point(self._view.textCursor().selectionStart())
        if forward:
            index = scan.first_after(caret)
            if index is None and scan.count:
                index = 0  # wrap around to the top
        else:
            index = scan.last_before(caret)
            if index is None:
                scan.scan_all()  # wrap around to the last match: every match must be known
                index = scan.count - 1 if scan.count else None
        if index is None:
            self._show_count()
            return
        self._select(index)

    def _on_text_changed(self, _text: str) -> None:
        self.refresh()
        matches = self._matches if self.isVisible() else None
        index = None
        cursor = self._view.textCursor()
        if matches is not None:
            # Incremental: the first match at or after where the reader is, else the first one.
            index = matches.scan.first_from(matches.code_point(cursor.selectionStart()))
            if index is None and matches.scan.count:
                index = 0
        if index is None:
            # Drop the selection of a previous match: nothing matches now.
            cursor.setPosition(cursor.selectionStart())
            self._view.setTextCursor(cursor)
            self._show_count()
        else:
            self._select(index)

    def _select(self, index: int) -> None:
        assert self._matches is not None
        self._index = index
        self._view.select_range(*self._matches.span(index))
        self._show_count()

    def _count_more(self) -> None:
        """Find another slice of the matches (the timer runs this while the event loop idles)."""
        matches = self._current_matches()  # another text may have been shown meanwhile
        if matches is None or matches.scan.scan():
            self._counting.stop()
        self._show_count()

    def _show_count(self) -> None:
        scan = self._matches.scan if self._matches is not None else None
        if not self.edit.text().strip():
            self.count_label.setText("")
        elif scan is None or (scan.complete and not scan.count):
            self.count_label.setText("No matches")
        else:
            total = f"{scan.count:,}" if scan.complete else f"{scan.count:,}+"
            if self._index is not None:
                self.count_label.setText(f"{self._index + 1:,} of {total}")
            elif scan.complete and scan.count == 1:
                self.count_label.setText("1 match")
            else:
                self.count_label.setText(f"{total} matches")
