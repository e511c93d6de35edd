"""Paints a sidebar row: the title on one line, date and entity count (or a problem) beneath."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from gui.widgets.document_list_model import (
    DateRole,
    EntityCountRole,
    NoticeRole,
    ProblemRole,
    TitleRole,
)

PADDING = 6


def subtitle(date: str, count: int | None, problem: str | None, notice: str | None) -> str:
    """The row's second line: the date or 'Undated', the entity count once known, and a warning
    sign when the file had to be repaired (the tooltip says how)."""
    if problem:
        return f"⚠ {problem}"
    parts = [date or "Undated"]
    if count is not None:
        parts.append(f"{count:,} {'entity' if count == 1 else 'entities'}")
    if notice:
        parts.append("⚠ see tooltip")
    return " · ".join(parts)


class DocumentItemDelegate(QStyledItemDelegate):
    """Two-line rows; text is drawn as plain text and elided to the row's width."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        """Qt override: room for a bold title line and a small detail line."""
        metrics = QFontMetrics(option.font)
        return QSize(200, metrics.height() * 2 + PADDING * 2 + 2)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """Qt override: the item panel (selection, focus) then the two lines of text."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)

        rect: QRect = opt.rect.adjusted(PADDING, PADDING, -PADDING, -PADDING)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = opt.palette
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        title_font = QFont(opt.font)
        title_font.setBold(True)
        title_metrics = QFontMetrics(title_font)
        title = title_metrics.elidedText(
            str(index.data(TitleRole) or ""), Qt.TextElideMode.ElideRight, rect.width()
        )
        detail = subtitle(
            str(index.data(DateRole) or ""),
            index.data(EntityCountRole),
            index.data(ProblemRole),
            index.data(NoticeRole),
        )
        detail_metrics = QFontMetrics(opt.font)
        detail = detail_metrics.elidedText(detail, Qt.TextElideMode.ElideRight, rect.width())

        painter.save()
        painter.setPen(palette.color(role))
        painter.setFont(title_font)
        top = QRect(rect.left(), rect.top(), rect.width(), title_metrics.height())
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
        painter.setFont(opt.font)
        bottom = QRect(rect.left(), top.bottom() + 2, rect.width(), detail_metrics.height())
        painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, detail)
        painter.restore()
