"""Paints a sidebar row: the title on one line, date and entity count (or a problem) beneath;
the title in bold while the document is unread, a star before it once starred, and its tags."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView, QStyledItemDelegate, QStyleOptionViewItem

from gui.core.model.display_text import isolate
from gui.core.model.document_marks import DocumentMarks
from gui.widgets.sidebar.document_list_model import (
    UNMARKED,
    DateRole,
    EntityCountRole,
    NoticeRole,
    ProblemRole,
    ReviewRole,
    TitleRole,
)

PADDING = 6
STAR = "★ "


def subtitle(
    date: str, count: int | None, problem: str | None, notice: str | None, marks: DocumentMarks = UNMARKED
) -> str:
    """The row's second line: the date or 'Undated', the entity count once known, a warning
    sign when the file had to be repaired (the tooltip says how), the user's tags and a note."""
    if problem:
        return f"⚠ {isolate(problem)}"
    parts = [date or "Undated"]
    if count is not None:
        parts.append(f"{count:,} {'entity' if count == 1 else 'entities'}")
    if notice:
        parts.append("⚠ see tooltip")
    if marks.note:
        parts.append("✎ note")
    if marks.tags:
        parts.append(", ".join(f"#{isolate(tag)}" for tag in marks.tags))
    return " · ".join(parts)


class DocumentItemDelegate(QStyledItemDelegate):
    """Two-line rows; text is drawn as plain text and elided to the row's width.

    Qt's own delegate paints the row's panel (selection, focus, hover) without its text; the
    lines are drawn here. Nothing here asks for the style (QStyle): creating its Python class
    and enums would delay the window's first paint, which the sidebar is in.
    """

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        """Qt override: room for a bold title line and a small detail line."""
        metrics = QFontMetrics(option.font)
        return QSize(200, metrics.height() * 2 + PADDING * 2 + 2)

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        """Qt override: the row's panel without Qt's line of text (paint draws two)."""
        super().initStyleOption(option, index)
        option.text = ""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """Qt override: the item panel (selection, focus) then the two lines of text."""
        super().paint(painter, option, index)
        selection = self._view.selectionModel()
        selected = selection is not None and selection.isSelected(index)
        rect: QRect = option.rect.adjusted(PADDING, PADDING, -PADDING, -PADDING)
        palette: QPalette = option.palette
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        found = index.data(ReviewRole)  # an unread document's title is bold, a starred one's has a star
        marks = found if isinstance(found, DocumentMarks) else UNMARKED
        title_font = QFont(option.font)
        title_font.setBold(not marks.read)
        title_metrics = QFontMetrics(title_font)
        star = STAR if marks.starred else ""
        title = title_metrics.elidedText(
            star + isolate(str(index.data(TitleRole) or "")), Qt.TextElideMode.ElideRight, rect.width()
        )
        detail = subtitle(
            str(index.data(DateRole) or ""),
            index.data(EntityCountRole),
            index.data(ProblemRole),
            index.data(NoticeRole),
            marks,
        )
        detail_metrics = QFontMetrics(option.font)
        detail = detail_metrics.elidedText(detail, Qt.TextElideMode.ElideRight, rect.width())

        painter.save()
        painter.setPen(palette.color(role))
        painter.setFont(title_font)
        top = QRect(rect.left(), rect.top(), rect.width(), title_metrics.height())
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
        painter.setFont(option.font)
        bottom = QRect(rect.left(), top.bottom() + 2, rect.width(), detail_metrics.height())
        painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, detail)
        painter.restore()
