"""Quick open (Ctrl+P): type a few letters of a title or file name, Enter opens the document; or
of a saved view's name (listed first; `view:` lists only them), Enter shows the list so again."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, Qt
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from gui.core.corpus.corpus import DocumentEntry
from gui.core.desk.views import SavedView
from gui.core.model.display_text import isolate
from gui.core.search.fuzzy import rank
from gui.widgets.sidebar.list_navigation import ResultsNavigation
from gui.widgets.sidebar.model_index import AnyIndex
from gui.widgets.text.plain_tooltip import plain_tooltip

RESULT_LIMIT = 200
VIEW_PREFIX = "view:"  # typed first: only the saved views are listed
VIEWS_AMONG_DOCUMENTS = 5  # saved views listed above the documents, at most, without the prefix


class NamedView(NamedTuple):
    """A saved view, by its name."""

    name: str
    view: SavedView


class QuickOpenModel(QAbstractListModel):
    """The saved views and the documents matching the query, best first."""

    def __init__(self, entries: Sequence[DocumentEntry], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries = list(entries)
        self._texts = [f"{entry.title} {entry.name}" for entry in self._entries]
        self._views: list[NamedView] = []
        self._query = ""
        self._results: list[DocumentEntry | NamedView] = list(self._entries[:RESULT_LIMIT])

    def set_views(self, views: Sequence[NamedView]) -> None:
        """List these saved views too (they come from the desk once the dialog is open)."""
        self._views = list(views)
        if self._views:
            self.set_query(self._query)

    def set_query(self, query: str) -> None:
        """Rank the views and the documents against `query` (all, in list order, when it is empty)."""
        self.beginResetModel()
        self._query = query
        views_only = query.lstrip().casefold().startswith(VIEW_PREFIX)
        if views_only:
            query = query.lstrip()[len(VIEW_PREFIX) :]
        names = [view.name for view in self._views]
        views = self._views
        if query.strip():
            views = [view for view, _ in rank(query, self._views, names, RESULT_LIMIT)]
        if views_only:
            self._results = list(views)
        elif query.strip():
            documents = [entry for entry, _ in rank(query, self._entries, self._texts, RESULT_LIMIT)]
            self._results = [*views[:VIEWS_AMONG_DOCUMENTS], *documents]
        else:
            self._results = [*views[:VIEWS_AMONG_DOCUMENTS], *self._entries[:RESULT_LIMIT]]
        self.endResetModel()

    def item_at(self, row: int) -> DocumentEntry | NamedView:
        """The document or saved view on a result row."""
        return self._results[row]

    def entry_at(self, row: int) -> DocumentEntry:
        """The document on a result row (which must be one)."""
        item = self._results[row]
        assert isinstance(item, DocumentEntry), f"row {row} is a saved view"
        return item

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Qt override: the number of results."""
        return 0 if parent.isValid() else len(self._results)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override: title, then file name and date."""
        if not index.isValid() or not 0 <= index.row() < len(self._results):
            return None
        entry = self._results[index.row()]
        if isinstance(entry, NamedView):
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{isolate(entry.name)}\nSaved view · {isolate(entry.view.summary())}"
            if role == Qt.ItemDataRole.ToolTipRole:
                return plain_tooltip(f"Show the list as the view “{entry.name}” saved it")
            return None
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
        self.edit.setPlaceholderText(f"Type letters of a title or file name ({VIEW_PREFIX} for saved views)")
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
        """The document the user picked (the current result), if it is one."""
        item = self.chosen_item()
        return item if isinstance(item, DocumentEntry) else None

    def chosen_item(self) -> DocumentEntry | NamedView | None:
        """The document or saved view the user picked (the current result)."""
        index = self.results.currentIndex()
        return self.model.item_at(index.row()) if index.isValid() else None

    def set_views(self, views: Sequence[NamedView]) -> None:
        """List these saved views too (the first row is current again)."""
        self.model.set_views(views)
        if views:
            self._show_first()

    def _on_query(self, query: str) -> None:
        self.model.set_query(query)
        self._show_first()

    def _show_first(self) -> None:
        if self.model.rowCount():
            self.results.setCurrentIndex(self.model.index(0))
        count = self.model.rowCount()
        self.count_label.setText("No matching document" if not count else f"{count} shown")
