"""The lines above the text: title, date and file as metadata, and any notice about the file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from gui.core.model.display_text import isolate
from gui.core.model.document import Source
from gui.widgets.text.plain_tooltip import plain_tooltip

# How many notices the header lists; the rest are counted (a bad .ann file can have hundreds).
MAX_NOTICES_SHOWN = 4


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


def source_phrase(source: Source, file_name: str = "") -> str:
    """Where entities came from, in words: 'from cache', 'from article.ann (brat)'."""
    if source is Source.BRAT:
        ann = Path(file_name).with_suffix(".ann").name if file_name else ""
        return f"from {isolate(ann)} (brat)" if ann else "from brat"
    if source is Source.JSONL:
        return "from the JSON Lines file"
    return f"from {source.value}"


def entity_summary(count: int | None, source: Source | None, file_name: str = "", detail: str = "") -> str:
    """'56 entities (from cache)', or a word on what is still to come."""
    if count is None:
        return detail or "entities pending…"
    if source is Source.EMPTY:
        return "no text to annotate"
    noun = "entity" if count == 1 else "entities"
    where = source_phrase(source, file_name) if source else ""
    inside = "; ".join(part for part in (where, detail) if part)
    return f"{count:,} {noun}" + (f" ({inside})" if inside else "")


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
        self.comparison_legend = _plain_label("comparisonLegend", self)  # what Ctrl+K's marks mean
        self.comparison_legend.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 2)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(self.comparison_legend)
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
        shown = [f"⚠ {isolate(notice)}" for notice in notices[:MAX_NOTICES_SHOWN]]
        if len(notices) > MAX_NOTICES_SHOWN:
            rest = len(notices) - MAX_NOTICES_SHOWN
            noun = "problem" if rest == 1 else "problems"
            shown.append(f"⚠ … and {rest} more {noun} (Ctrl+I lists them all)")
        self.notice.setText("\n".join(shown))
        # The notices quote the file: shown as text, never as markup.
        self.notice.setToolTip(
            plain_tooltip("\n".join(notices)) if len(notices) > MAX_NOTICES_SHOWN else ""
        )
        self.notice.setVisible(bool(notices))

    def set_entity_summary(self, count: int | None, source: Source | None, detail: str = "") -> None:
        """Update the entity count, and where the entities came from, in the metadata line."""
        summary = entity_summary(count, source, self._file, detail)
        # A file name is isolated: an override (U+202E) in it must not reverse the rest of the line.
        self.meta.setText(" · ".join((format_date(self._date), isolate(self._file), summary)))

    def show_comparison_legend(self, text: str) -> None:
        """Say what the marks of a comparison with the engine mean; "" hides the line."""
        self.comparison_legend.setText(text)
        self.comparison_legend.setVisible(bool(text))

    def show_problem(self, message: str) -> None:
        """Show a message in place of a document (nothing to show, or the folder failed)."""
        self.title.setText(message)
        self.meta.setText("")
        self.notice.setVisible(False)
