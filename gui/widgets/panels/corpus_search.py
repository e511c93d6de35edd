"""Search the corpus (Ctrl+Shift+F): every document's text; Enter opens a hit, selected."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from gui.core.corpus.corpus import Corpus
from gui.core.model.display_text import isolate
from gui.core.search.text_search import SearchHit, TextIndex
from gui.widgets.background.single_shot_timer import single_shot_timer
from gui.widgets.sidebar.list_navigation import ResultsNavigation
from gui.widgets.sidebar.model_index import AnyIndex
from gui.widgets.text.plain_tooltip import plain_tooltip

RESULT_LIMIT = 300
PER_DOCUMENT = 5  # so that one long document does not fill the list
TYPING_PAUSE_MS = 120  # search when the typing pauses, not on every keystroke


class SearchResultsModel(QAbstractListModel):
    """Hits as two lines: the document's title and date, then the match in its context."""

    def __init__(self, corpus: Corpus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._corpus = corpus
        self._hits: list[SearchHit] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        """Show these hits."""
        self.beginResetModel()
        self._hits = hits
        self.endResetModel()

    def hit_at(self, row: int) -> SearchHit:
        """The hit on a row."""
        return self._hits[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Qt override: the number of hits."""
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override: title, date and snippet, all plain text."""
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        entry = self._corpus.entry(hit.doc_id)
        title = entry.title if entry else hit.doc_id
        date = entry.date.isoformat() if entry and entry.date else "undated"
        if role == Qt.ItemDataRole.DisplayRole:
            snippet = f"{isolate(hit.snippet_before)}«{isolate(hit.match)}»{isolate(hit.snippet_after)}"
            return f"{isolate(title)} · {date}\n{snippet}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{title}, {date}: {hit.snippet_before}{hit.match}{hit.snippet_after}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(entry.name if entry else hit.doc_id)
        return None


class CorpusSearchDialog(QDialog):
    """A query box over the hits of the whole folder; it updates as more documents are indexed."""

    hitChosen = Signal(object)  # the SearchHit to open

    def __init__(self, index: TextIndex, corpus: Corpus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Search All Documents")
        self._index = index
        self._corpus = corpus
        self.model = SearchResultsModel(corpus, self)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("Words or a phrase to find in every document")
        self.edit.setAccessibleName("Search all documents")
        self.results = QListView(self)
        self.results.setAccessibleName("Search results")
        self.results.setModel(self.model)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.results.setWordWrap(True)
        self.results.activated.connect(lambda _index: self._choose())
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)
        ResultsNavigation(self.edit, self.results)
        self._timer = single_shot_timer(self, TYPING_PAUSE_MS, self.run_search)
        self.edit.textChanged.connect(self.search_soon)
        self.edit.returnPressed.connect(self._choose)
        self.resize(760, 520)
        self.run_search()

    def search_soon(self) -> None:
        """Search again once typing (or indexing) pauses."""
        self._timer.start()

    def run_search(self) -> None:
        """Search now (called when typing pauses, and when more documents are indexed)."""
        query = self.edit.text()
        hits = (
            self._index.search(query, limit=RESULT_LIMIT, per_document=PER_DOCUMENT)
            if query.strip()
            else []
        )
        self.model.set_hits(hits)
        if hits:
            self.results.setCurrentIndex(self.model.index(0))
        searched = len(self._index)
        total = len(self._corpus)
        scope = f"{searched:,} of {total:,} documents searched" if searched < total else (
            f"all {total:,} documents searched"
        )
        if not query.strip():
            self.status.setText(f"Type to search; {scope}.")
        else:
            documents = len({hit.doc_id for hit in hits})
            cut = " (the first shown; refine the query for others)" if len(hits) >= RESULT_LIMIT else ""
            self.status.setText(
                f"{_plural(len(hits), 'hit')} in {_plural(documents, 'document')}{cut}, "
                f"at most {PER_DOCUMENT} per document; {scope}."
            )

    def _choose(self) -> None:
        if self._timer.isActive():  # Enter before the pause: search first
            self._timer.stop()
            self.run_search()
        index = self.results.currentIndex()
        if index.isValid():
            self.hitChosen.emit(self.model.hit_at(index.row()))
            self.accept()


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
