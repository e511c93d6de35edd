"""The corpus view (Ctrl+Shift+E): the folder's most mentioned entities, in a sortable table."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.core.colours.palette import Palette
from gui.core.entities.entity_index import EntityIndex, EntitySummary
from gui.core.model.display_text import isolate
from gui.widgets.sidebar.model_index import AnyIndex

ROW_LIMIT = 500
KeyRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
COLUMNS = ("Entity", "Type", "Documents", "Mentions")
SORTS = (
    ("Most mentions", 3, Qt.SortOrder.DescendingOrder),
    ("Most documents", 2, Qt.SortOrder.DescendingOrder),
    ("Name", 0, Qt.SortOrder.AscendingOrder),
    ("Type", 1, Qt.SortOrder.AscendingOrder),
)


class EntityTableModel(QAbstractTableModel):
    """One row per entity: name, type, how many documents mention it and how often."""

    def __init__(self, palette: Palette, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._palette = palette
        self._rows: list[EntitySummary] = []

    def set_rows(self, rows: list[EntitySummary]) -> None:
        """Show these entities."""
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Qt override: the number of entities."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Qt override: entity, type, documents, mentions."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Qt override: the column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override: the values, numbers sortable as numbers."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        values = (row.name, row.label, row.documents, row.mentions)
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return isolate(str(values[column]))
        if role == SortRole:
            return values[column] if column >= 2 else str(values[column]).casefold()
        if role == KeyRole:
            return row.key
        if role == Qt.ItemDataRole.BackgroundRole and column == 1:
            return QColor(self._palette.style(row.label).background)
        if role == Qt.ItemDataRole.ForegroundRole and column == 1:
            return QColor(self._palette.style(row.label).text)
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class CorpusEntitiesDialog(QDialog):
    """A type chooser over the entity table; Enter on a row lists the documents that mention it."""

    entityChosen = Signal(object)  # the EntityKey

    def __init__(self, index: EntityIndex, palette: Palette, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Entities of All Documents")
        self._index = index
        self.type_box = QComboBox(self)
        self.type_box.setAccessibleName("Entity type")
        self.type_box.addItem("All types", None)
        for label in index.labels():
            self.type_box.addItem(f"{label}: {palette.style(label).description}", label)
        self.model = EntityTableModel(palette, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.table = QTableView(self)
        self.table.setAccessibleName("Most mentioned entities")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda _index: self._choose())
        hint = QLabel("Enter lists the documents that mention the entity.", self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        self.sort_box = QComboBox(self)
        self.sort_box.setAccessibleName("Sort by")
        for text, column, order in SORTS:
            self.sort_box.addItem(text, (column, order))
        self.type_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.sort_box.currentIndexChanged.connect(lambda _i: self._sort_by_choice())
        self.table.horizontalHeader().sortIndicatorChanged.connect(lambda *_: self._to_top())
        choosers = QHBoxLayout()
        choosers.addWidget(self.type_box, 1)
        choosers.addWidget(QLabel("Sort by:", self))
        choosers.addWidget(self.sort_box)
        layout.insertLayout(0, choosers)
        self.refresh()
        self._sort_by_choice()
        self.resize(640, 560)
        self.table.setFocus()

    def refresh(self) -> None:
        """Fill the table for the chosen type, the first row current."""
        label = self.type_box.currentData()
        self.model.set_rows(self._index.top_entities(label, ROW_LIMIT))
        self._to_top()

    def _sort_by_choice(self) -> None:
        column, order = self.sort_box.currentData()
        self.table.sortByColumn(column, order)
        self._to_top()

    def _to_top(self) -> None:
        # After filling or sorting, start at the top of the ranking, not wherever a row moved.
        if self.proxy.rowCount():
            self.table.selectRow(0)
            self.table.setCurrentIndex(self.proxy.index(0, 0))
        self.table.scrollToTop()

    def _choose(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.entityChosen.emit(index.data(KeyRole))
            self.accept()
