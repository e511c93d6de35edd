"""The legend: the entity types of the current document, their colours and counts, each toggleable."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPointF,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from gui.core.colours.palette import Palette
from gui.core.model.display_text import isolate
from gui.widgets.sidebar.model_index import AnyIndex
from gui.widgets.text.plain_tooltip import plain_tooltip

LabelRole = Qt.ItemDataRole.UserRole + 1
CountRole = Qt.ItemDataRole.UserRole + 2


class LegendModel(QAbstractListModel):
    """One row per entity type present, most frequent first, checked while the type is shown."""

    hiddenTypesChanged = Signal()

    def __init__(self, palette: Palette, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._palette = palette
        self._rows: list[tuple[str, int]] = []
        self._hidden: set[str] = set()

    @property
    def hidden_types(self) -> frozenset[str]:
        """The types whose highlights are switched off (remembered across documents)."""
        return frozenset(self._hidden)

    def set_hidden_types(self, hidden: frozenset[str]) -> None:
        """Replace the hidden types and repaint the check marks."""
        if hidden == self._hidden:
            return
        self._hidden = set(hidden)
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))
        self.hiddenTypesChanged.emit()

    def set_counts(self, counts: Mapping[str, int]) -> None:
        """Show these types with their mention counts, always in the palette's order of types
        (so a type keeps its place from one document to the next), unknown types last."""
        order = {label: i for i, label in enumerate(self._palette.labels)}
        self.beginResetModel()
        self._rows = sorted(counts.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))
        self.endResetModel()

    def toggle(self, row: int) -> None:
        """Hide the type on a row if shown, show it if hidden."""
        if 0 <= row < len(self._rows):
            label = self._rows[row][0]
            self.set_hidden_types(frozenset(self._hidden ^ {label}))

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Qt override: the number of types present."""
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override: label, count and colours of a type."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        label, count = self._rows[index.row()]
        style = self._palette.style(label)
        shown = label not in self._hidden
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{isolate(self._palette.display_name(label))}  {count}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(f"{label}: {style.description} ({count} in this document)")
        if role == Qt.ItemDataRole.AccessibleTextRole:
            state = "shown" if shown else "hidden"
            return f"{label}, {style.description}, {count} mentions, {state}"
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if shown else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.BackgroundRole and shown:
            return QColor(style.background)
        if role == Qt.ItemDataRole.ForegroundRole and shown:
            return QColor(style.text)
        if role == LabelRole:
            return label
        if role == CountRole:
            return count
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        """Qt override: selectable rows; toggling goes through `toggle`, by click or by key."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class LegendItemDelegate(QStyledItemDelegate):
    """Draws a row's check box itself, light with a dark tick, so it reads on any type colour
    (the style's own box takes the row's text colour, and vanishes on dark rows). Qt's delegate
    paints the rest of the row; nothing here asks for the style (see DocumentItemDelegate)."""

    BOX_PX = 13

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._painting = False  # Qt's delegate is painting a row: without its check box

    def initStyleOption(self, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        """Qt override: while painting, the row without the style's check box (its size hint,
        and so the row's width, keeps room for ours)."""
        super().initStyleOption(option, index)
        if self._painting:
            option.features &= ~QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        """Qt override: the row without the style's check box, then our box in its place."""
        checked = index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
        rect = option.rect
        box = QRect(rect.left() + 4, rect.center().y() - self.BOX_PX // 2, self.BOX_PX, self.BOX_PX)
        row = QStyleOptionViewItem(option)
        row.rect = rect.adjusted(self.BOX_PX + 8, 0, 0, 0)
        self._painting = True
        try:
            super().paint(painter, row, index)
        finally:
            self._painting = False
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("#3a4a5c"), 1.2))
        painter.setBrush(QColor("#ffffff"))
        painter.drawRoundedRect(box, 2, 2)
        if checked:
            painter.setPen(QPen(QColor("#1b1b1b"), 2.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            left, top = box.left(), box.top()
            painter.drawPolyline(
                QPolygonF(
                    [QPointF(left + 3, top + 7), QPointF(left + 5.5, top + 10), QPointF(left + 10, top + 3)]
                )
            )
        painter.restore()


class LegendView(QListView):
    """The legend's list: a click on a row, or Space on the current row, toggles its type."""

    def __init__(self, model: LegendModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setObjectName("legend")
        self.setAccessibleName("Entity types legend")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSpacing(2)
        self.setItemDelegate(LegendItemDelegate(self))
        self.clicked.connect(lambda index: model.toggle(index.row()))

    def toggle_current(self) -> None:
        """Toggle the type on the current row."""
        model = self.model()
        if isinstance(model, LegendModel) and self.currentIndex().isValid():
            model.toggle(self.currentIndex().row())
