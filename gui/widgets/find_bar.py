"""Find in document: an incremental search bar under the text, with every match framed."""

from __future__ import annotations

import bisect

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from gui.core.find_in_text import find_all
from gui.core.offsets import OffsetMap
from gui.widgets.document_view import DocumentView


class FindBar(QWidget):
    """Finds a phrase in the shown text as it is typed; steps through the matches."""

    def __init__(self, view: DocumentView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._view = view
        self._matches: list[tuple[int, int]] = []  # UTF-16 positions, as the view counts
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
        """How many matches the shown text has."""
        return len(self._matches)

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
        self._matches = []
        self._view.set_find_matches([])
        self._view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def refresh(self) -> None:
        """Search again (the phrase or the shown document changed)."""
        if not self.isVisible():
            return
        text = self._view.toPlainText()
        offsets = OffsetMap(text)
        self._matches = [
            (offsets.to_utf16(start), offsets.to_utf16(end))
            for start, end in find_all(text, self.edit.text())
        ]
        self._view.set_find_matches(self._matches)
        self._update_count(None)

    def step(self, forward: bool = True) -> None:
        """Select the next (or previous) match from the caret, wrapping around."""
        if not self.isVisible():
            self.open_bar()
        if not self._matches:
            self._update_count(None)
            return
        cursor = self._view.textCursor()
        starts = [start for start, _ in self._matches]
        if forward:
            index = bisect.bisect_right(starts, cursor.selectionStart()) % len(starts)
        else:
            index = (bisect.bisect_left(starts, cursor.selectionStart()) - 1) % len(starts)
        self._view.select_range(*self._matches[index])
        self._update_count(index)

    def _on_text_changed(self, _text: str) -> None:
        self.refresh()
        if not self._matches:
            # Drop the selection of a previous match: nothing matches now.
            cursor = self._view.textCursor()
            cursor.setPosition(cursor.selectionStart())
            self._view.setTextCursor(cursor)
        else:
            # Incremental: the first match at or after where the reader is.
            starts = [start for start, _ in self._matches]
            cursor = self._view.textCursor()
            index = bisect.bisect_left(starts, cursor.selectionStart()) % len(starts)
            self._view.select_range(*self._matches[index])
            self._update_count(index)

    def _update_count(self, index: int | None) -> None:
        if not self.edit.text().strip():
            self.count_label.setText("")
        elif not self._matches:
            self.count_label.setText("No matches")
        elif index is None:
            count = len(self._matches)
            self.count_label.setText("1 match" if count == 1 else f"{count} matches")
        else:
            self.count_label.setText(f"{index + 1} of {len(self._matches)}")
