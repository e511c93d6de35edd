"""The numbers behind a chart as a table: plain rows that the table view shows and the CSV holds."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from gui.core.model.display_text import isolate

AnyIndex = QModelIndex | QPersistentModelIndex
SortRole = Qt.ItemDataRole.UserRole + 1  # the cell's own value: numbers sort as numbers
Cell = str | int | float


@dataclass(frozen=True)
class ChartTable:
    """A chart's numbers: column headers and rows of cells (numbers stay numbers)."""

    headers: tuple[str, ...] = ()
    rows: tuple[tuple[Cell, ...], ...] = field(default_factory=tuple)

    def write_csv(self, path: Path) -> None:
        """Write the headers and rows as CSV (UTF-8, with the header row)."""
        with path.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(self.headers)
            writer.writerows(self.rows)


class ChartTableModel(QAbstractTableModel):
    """A ChartTable for a QTableView: numbers right-aligned and sortable as numbers."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.table = ChartTable()

    def set_table(self, table: ChartTable) -> None:
        """Show other numbers."""
        self.beginResetModel()
        self.table = table
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Qt override: one row per row of the table."""
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Qt override: one column per header."""
        return 0 if parent.isValid() else len(self.table.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Qt override: the column headers."""
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.table.headers[section] if 0 <= section < len(self.table.headers) else None
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override: the cells as text; numbers right-aligned."""
        if not index.isValid() or not 0 <= index.row() < len(self.table.rows):
            return None
        value = self.table.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return isolate(f"{value:,.2f}" if isinstance(value, float) else str(value))
        if role == SortRole:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int | float):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
