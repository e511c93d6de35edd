"""Quick open (Ctrl+P): type a few letters of a title or file name, Enter opens the document."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, Qt
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from gui.core.corpus.corpus import DocumentEntry
from gui.core.model.display_text import isolate
from gui.core.search.fuzzy import rank
from gui.widgets.sidebar.list_navigation import ResultsNavigation
from gui.widgets.sidebar.model_index import AnyIndex
from gui.widgets.text.plain_tooltip import plain_tooltip

RESULT_LIMIT = 200


class QuickOpenModel(QAbstractListModel):
    """The documents matching the query, best first."""

    def __init__(self, entries: Sequence[DocumentEntry], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries = list(entries)
        self._texts = [f"{entry.title} {entry.name}" for entry in self._entries]
        self._results: list[DocumentEntry] = self._entries[:RESULT_LIMIT]

    def set_query(self, query: str) -> None:
        """Rank the documents against `query` (all of them, in list order, when it is empty)."""
        self.beginResetModel()
        if query.strip():
            self._results = [entry for entry, _ in rank(query, self._entries, self._texts, RESULT_LIMIT)]
        else:
            self._results = self._entries[:RESULT_LIMIT]
        self.endResetModel()

    def entry_at(self, row: int) -> DocumentEntry:
        """The document on a result row."""
        return self._results[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Qt override: the number of results."""
        return 0 if parent.isValid() else len(self._results)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override: title, then file name and date."""
        if not index.isValid() or not 0 <= index.row() < len(self._results):
            return None
        entry = self._results[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            date = entry.date.isoformat() if entry.date else "undated"
            return f"{isolate(entry.title)}\n{isolate(entry.name)} · {date}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(str(entry.path))
        return None


class QuickOpenDialog(QDialog):
    """A query box over a ranked list; Up/Down move in the list while typing, Enter opens."""

    def __init__(self, entries: Sequence[DocumentEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Open Document")
        self.model = QuickOpenModel(entries, self)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("Type letters of a title or file name")
        self.edit.setAccessibleName("Quick open query")
        self.results = QListView(self)
        self.results.setAccessibleName("Matching documents")
        self.results.setModel(self.model)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.results.activated.connect(lambda _index: self.accept())
        self.count_label = QLabel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        layout.addWidget(self.results)
        layout.addWidget(self.count_label)
        self.edit.textChanged.connect(self._on_query)
        self.edit.returnPressed.connect(self.accept)
        ResultsNavigation(self.edit, self.results)
        self._on_query("")
        self.resize(640, 420)

    def chosen(self) -> DocumentEntry | None:
        """The document the user picked (the current result)."""
        index = self.results.currentIndex()
        return self.model.entry_at(index.row()) if index.isValid() else None

    def _on_query(self, query: str) -> None:
        self.model.set_query(query)
        if self.model.rowCount():
            self.results.setCurrentIndex(self.model.index(0))
        count = self.model.rowCount()
        self.count_label.setText("No matching document" if not count else f"{count} shown")
