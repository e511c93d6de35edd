"""Search the corpus (Ctrl+Shift+F) in the query language: the corpus store answers, off the UI
thread, from what it holds so far; Enter opens a hit, selected."""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from gui.core.corpus.corpus import Corpus
from gui.core.corpus.store_desk import ReadingProgress, reading_progress
from gui.core.corpus.store_query import DocumentMatch, search
from gui.core.model.display_text import isolate
from gui.core.search.query import QueryError, describe_query_language, parse_query
from gui.widgets.background.single_shot_timer import single_shot_timer
from gui.widgets.panels.search_history import SearchHistory
from gui.widgets.sidebar.list_navigation import ResultsNavigation
from gui.widgets.sidebar.model_index import AnyIndex
from gui.widgets.text.plain_tooltip import plain_tooltip

if TYPE_CHECKING:
    from gui.core.corpus.store import CorpusStore
    from gui.core.corpus.store_query import Hit
    from gui.core.search.query import Query
    from gui.core.session.events import StoreAnswer
    from gui.widgets.background.store_link import StoreLink
    from gui.widgets.commands.command_context import CommandContext

RESULT_DOCUMENTS = 100  # the best documents shown, ranked
PER_DOCUMENT = 5  # hits shown per document, so that one long document does not fill the list
TYPING_PAUSE_MS = 120  # search when the typing pauses, not on every keystroke
LIST_AGAIN_MS = 1000  # a search listed in the sidebar is listed again at most this often


class ChosenHit(NamedTuple):
    """A hit to open: the document and the code-point offsets of the match in its body."""

    doc_id: str
    start: int
    end: int


class Found(NamedTuple):
    """What the store found for one query, how many documents it searched, and how many of all
    those it matches are read."""

    matches: list[DocumentMatch]
    searched: int
    progress: ReadingProgress


def find(store: CorpusStore, query: Query) -> Found:
    """The best documents for `query`, in the store's thread."""
    found = search(store, query, limit=RESULT_DOCUMENTS)
    return Found(found, store.document_count(), reading_progress(store, query))


class SearchResultsModel(QAbstractListModel):
    """Hits as two lines: the document's title, date and file name, then the match in context."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[DocumentMatch, Hit | None]] = []

    def set_matches(self, matches: list[DocumentMatch]) -> None:
        """Show the hits of these documents, in their order; a document found by filters alone
        (is:starred, date:2019) on one row, without a hit."""
        self.beginResetModel()
        self._rows = [(match, hit) for match in matches for hit in match.hits[:PER_DOCUMENT] or (None,)]
        self.endResetModel()

    def hit_at(self, row: int) -> ChosenHit:
        """The hit on a row (the document's start, for one without a hit)."""
        match, hit = self._rows[row]
        return ChosenHit(match.id, hit.start, hit.end) if hit is not None else ChosenHit(match.id, 0, 0)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Qt override: the number of hits."""
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override: title, date, file name and snippet, all plain text."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        match, hit = self._rows[index.row()]
        date = match.date or "undated"
        # A file's name; a JSON Lines record's file and id.
        name = match.path.name if match.path.stem == match.id else f"{match.path.name}: {match.id}"
        if role == Qt.ItemDataRole.DisplayRole:
            snippet = (f"{isolate(hit.before)}«{isolate(hit.match)}»{isolate(hit.after)}" if hit is not None
                       else "(found by its filters: no words to show)")
            return f"{isolate(match.title)} · {date} · {isolate(name)}\n{snippet}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            found = hit.snippet if hit is not None else "found by its filters"
            return f"{match.title}, {date}, {name}: {found}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(name)
        return None


class CorpusSearchDialog(QDialog):
    """A query box over the best documents of the whole folder; it searches again as the store
    takes more documents."""

    hitChosen = Signal(object)  # the ChosenHit to open

    def __init__(self, store: StoreLink, corpus: Corpus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Search All Documents")
        self._store = store
        self._corpus = corpus
        self._asked = 0  # the number of the last search asked; older answers are dropped
        self._answered = 0
        self.model = SearchResultsModel(self)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText('Words, "a phrase", entity:"Tony Blair", type:ORG, date:2019-11…')
        self.edit.setAccessibleName("Search all documents")
        self.edit.setToolTip(plain_tooltip("Search every document:\n" + describe_query_language()))
        self.results = QListView(self)
        self.results.setAccessibleName("Search results")
        self.results.setModel(self.model)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.results.setWordWrap(True)
        self.results.activated.connect(lambda _index: self._choose())
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Search status")
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        ResultsNavigation(self.edit, self.results)
        self.history = SearchHistory(self.edit, store, self)  # asked before the results' navigation
        self._timer = single_shot_timer(self, TYPING_PAUSE_MS, self.run_search)
        self.edit.textChanged.connect(self.search_soon)
        self.edit.returnPressed.connect(self._choose)
        self._enter_waits = False  # Enter pressed before the answer came: open its first hit then
        self.resize(760, 520)
        self.run_search()

    def search_soon(self) -> None:
        """Search again once typing (or the store's upkeep) pauses."""
        self._timer.start()

    @property
    def searching(self) -> bool:
        """Whether an answer is still to come for what was typed."""
        return self._timer.isActive() or self._answered < self._asked

    def run_search(self) -> None:
        """Ask the store for what is typed (when typing pauses, and when it takes documents)."""
        text = self.edit.text()
        if not text.strip():
            self._asked = self._answered = self._asked + 1
            self.model.set_matches([])
            self.status.setText("Type to search every document; hover over the box for the query language.")
            return
        try:
            query = parse_query(text)
        except QueryError as error:
            self._asked = self._answered = self._asked + 1
            self.model.set_matches([])
            self.status.setText(f"⚠ {error}")
            return
        self._asked += 1
        number = self._asked
        self._store.ask(lambda store: find(store, query), lambda reply: self._show(number, reply), self,
                        kind="corpus search")

    def _show(self, number: int, reply: StoreAnswer) -> None:
        if number != self._asked:
            return  # a newer search was asked meanwhile
        self._answered = number
        if reply.problem:
            self.model.set_matches([])
            self.status.setText(f"⚠ {reply.problem}")
            return
        found = reply.result
        assert isinstance(found, Found)
        self.model.set_matches(found.matches)
        if self.model.rowCount():
            self.results.setCurrentIndex(self.model.index(0))
        total = len(self._corpus)
        if found.searched < total:
            scope = f"searched {found.searched:,} of {_plural(total, 'document')} so far"
        else:
            scope = "searched the only document" if total == 1 else f"searched all {total:,} documents"
        documents = len(found.matches)
        if not documents:
            self.status.setText(f"No document matches; {scope}.")
        else:
            cut = " (the best ones: refine the query for others)" if documents >= RESULT_DOCUMENTS else ""
            progress = found.progress
            self.status.setText(
                f"{_plural(documents, 'document')}{cut}, at most {PER_DOCUMENT} hits each; {scope};"
                f" {progress.read:,} of {progress.documents:,} read in this search."
            )
        if self._enter_waits:
            self._enter_waits = False
            self._choose()

    def _choose(self) -> None:
        if self.searching:  # Enter before the answer: open the first hit once it comes
            if self._timer.isActive():
                self._timer.stop()
                self.run_search()
            self._enter_waits = self._answered < self._asked
            if self._enter_waits:
                return
        index = self.results.currentIndex()
        if index.isValid():
            self.hitChosen.emit(self.model.hit_at(index.row()))
            self.accept()


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


class ListedSearchUpkeep(QObject):
    """Lists the documents of the search listed in the sidebar again as the store takes documents
    (its upkeep, the engine's fills): once a second at most however often it changes, in the
    list's order, its current row and the focus kept (view_commands.list_search, quiet)."""

    def __init__(self, window: CommandContext) -> None:
        super().__init__(window.main_window)
        self._window_ref = weakref.ref(window)  # the window owns this object: no cycle through it
        self._soon = single_shot_timer(self, LIST_AGAIN_MS, self._list_again)
        window.storeChanged.connect(self._on_store_changed)

    def _on_store_changed(self) -> None:
        if not self._soon.isActive():  # coalesced: the first change starts the wait, others join it
            self._soon.start()

    def _list_again(self) -> None:
        from gui.widgets.commands.view_commands import list_search

        window = self._window_ref()
        pane = window.document_pane if window is not None else None
        if window is not None and pane is not None and pane.listed_search and pane.has_entity_filter():
            list_search(window, pane.listed_search, quiet=True)
