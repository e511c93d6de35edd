"""The lines above the text: title, date and file as metadata, and any notice about the file."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from gui.core.annotator import Source


def _plain_label(name: str, parent: QWidget) -> QLabel:
    # Document text goes into these labels: never let Qt guess that it is rich text.
    label = QLabel(parent)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def format_date(date: dt.date | None) -> str:
    """'Wednesday 27 November 2019', or 'Undated'."""
    return f"{date:%A} {date.day} {date:%B %Y}" if date else "Undated"


def entity_summary(count: int | None, source: str | None) -> str:
    """'56 entities (from cache)', or a word on what is still to come."""
    if count is None:
        return "entities pending…"
    if source == Source.EMPTY.value:
        return "no text to annotate"
    noun = "entity" if count == 1 else "entities"
    return f"{count} {noun}" + (f" (from {source})" if source else "")


class DocumentHeader(QWidget):
    """Title, metadata line and notices of the current document."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = _plain_label("documentTitle", self)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        # Room for two lines of title always, so the text below does not jump between documents.
        self.title.setMinimumHeight(2 * self.title.fontMetrics().lineSpacing())
        self.meta = _plain_label("documentMeta", self)
        self.notice = _plain_label("documentNotice", self)
        self.notice.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 2)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(self.notice)
        self._date: dt.date | None = None
        self._file = ""

    def show_document(
        self, title: str, date: dt.date | None, file_name: str, notices: tuple[str, ...]
    ) -> None:
        """Show a document's title, date and file; notices appear in their own line."""
        self.title.setText(title or file_name)
        self._date = date
        self._file = file_name
        self.set_entity_summary(None, None)
        self.notice.setText("\n".join(f"⚠ {notice}" for notice in notices))
        self.notice.setVisible(bool(notices))

    def set_entity_summary(self, count: int | None, source: str | None) -> None:
        """Update the entity count in the metadata line."""
        self.meta.setText(
            " · ".join((format_date(self._date), self._file, entity_summary(count, source)))
        )

    def show_problem(self, message: str) -> None:
        """Show a message in place of a document (nothing to show, or the folder failed)."""
        self.title.setText(message)
        self.meta.setText("")
        self.notice.setVisible(False)
