"""The sidebar's item model over a Corpus, and the proxy that filters it as the user types."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
)

from gui.core.corpus import Corpus, DocumentEntry
from gui.widgets.model_index import AnyIndex
from gui.widgets.plain_tooltip import plain_tooltip

DocumentIdRole = Qt.ItemDataRole.UserRole + 1
DateRole = Qt.ItemDataRole.UserRole + 2
TitleRole = Qt.ItemDataRole.UserRole + 3
EntityCountRole = Qt.ItemDataRole.UserRole + 4
ProblemRole = Qt.ItemDataRole.UserRole + 5
SearchTextRole = Qt.ItemDataRole.UserRole + 6
NoticeRole = Qt.ItemDataRole.UserRole + 7


class DocumentListModel(QAbstractListModel):
    """One row per corpus entry, newest first; entity counts fill in as annotation finishes."""

    def __init__(self, corpus: Corpus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._corpus = corpus
        self._rows = {entry.id: row for row, entry in enumerate(corpus.entries)}
        self._entity_counts: dict[str, int] = {}

    @property
    def corpus(self) -> Corpus:
        """The corpus the rows come from."""
        return self._corpus

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Qt override: the number of documents (a list has no children)."""
        return 0 if parent.isValid() else len(self._corpus.entries)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override: the entry's values for the sidebar's roles."""
        if not index.isValid() or not 0 <= index.row() < len(self._corpus.entries):
            return None
        entry = self._corpus.entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.title
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = filter(None, (entry.name, entry.title, entry.problem, entry.notice))
            return plain_tooltip("\n".join(lines))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._accessible_text(entry)
        if role == DocumentIdRole:
            return entry.id
        if role == DateRole:
            return entry.date.isoformat() if entry.date else ""
        if role == TitleRole:
            return entry.title
        if role == EntityCountRole:
            return self._entity_counts.get(entry.id)
        if role == ProblemRole:
            return entry.problem
        if role == NoticeRole:
            return entry.notice
        if role == SearchTextRole:
            date = entry.date.isoformat() if entry.date else ""
            return f"{entry.title}\n{entry.name}\n{date}"
        return None

    def _accessible_text(self, entry: DocumentEntry) -> str:
        count = self._entity_counts.get(entry.id)
        parts = [entry.title, entry.date.isoformat() if entry.date else "undated"]
        if count is not None:
            parts.append(f"{count} entities")
        return ", ".join(parts)

    def entry_at(self, row: int) -> DocumentEntry:
        """The corpus entry shown on a row."""
        return self._corpus.entries[row]

    def row_of(self, doc_id: str) -> int:
        """The row of a document id, or -1."""
        return self._rows.get(doc_id, -1)

    def set_entity_count(self, doc_id: str, count: int) -> None:
        """Record a document's entity count once it is annotated, and repaint its row."""
        row = self._rows.get(doc_id)
        if row is None or self._entity_counts.get(doc_id) == count:
            return
        self._entity_counts[doc_id] = count
        index = self.index(row)
        self.dataChanged.emit(index, index, [EntityCountRole, Qt.ItemDataRole.AccessibleTextRole])


class DocumentFilterModel(QSortFilterProxyModel):
    """Keeps the rows whose title, file name or date contain every word typed in the filter."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._allowed: frozenset[str] | None = None
        self.setFilterRole(SearchTextRole)

    def set_allowed_ids(self, ids: frozenset[str] | None) -> None:
        """Keep only these documents (an entity filter), or all of them again with None."""
        if ids != self._allowed:
            self.beginFilterChange()
            self._allowed = ids
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    @property
    def allowed_ids(self) -> frozenset[str] | None:
        """The documents an entity filter keeps, if one is set."""
        return self._allowed

    def set_filter_text(self, text: str) -> None:
        """Filter on the words of `text`, case-insensitively, in any order."""
        words = text.casefold().split()
        if words != self._words:
            self.beginFilterChange()
            self._words = words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        """Qt override: a row passes when the entity filter keeps it and it has every word."""
        source = self.sourceModel()
        if self._allowed is not None:
            doc_id = source.data(source.index(source_row, 0, source_parent), DocumentIdRole)
            if doc_id not in self._allowed:
                return False
        if not self._words:
            return True
        haystack = str(source.data(source.index(source_row, 0, source_parent), SearchTextRole))
        haystack = haystack.casefold()
        return all(word in haystack for word in self._words)
