"""Quick open (Ctrl+P): type a few letters of a title or file name, Enter opens the document; or
of a saved view's name (listed first; `view:` lists only them), Enter shows the list so again.

The documents are ranked through a FuzzyIndex (gui/core/search/fuzzy): one regular expression
finds those matching before any is scored. A big folder's are ranked off the UI thread, in a
thread of the dialog's, the newest query only (on a big folder a query held the UI thread far
longer than a keystroke's wait); Enter typed before the answer opens its first document once it comes.

A big folder's documents are ranked by its corpus store instead, once it holds every document
(`store_ranking`): store_query.quick_open_ranking ranks them as the FuzzyIndex does (the same
results), its matches found by SQLite, on the store's reader thread, and the listing is never
indexed in memory. A small folder's stay ranked here, at once (Enter opens without waiting); a
store not up to date yet, or one that could not answer, leaves the query to the ranking here."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from gui.core.corpus.corpus import DocumentEntry
from gui.core.desk.views import SavedView
from gui.core.model.display_text import isolate
from gui.core.search.fuzzy import FuzzyIndex, rank
from gui.widgets.sidebar.list_navigation import ResultsNavigation
from gui.widgets.sidebar.model_index import AnyIndex
from gui.widgets.text.plain_tooltip import plain_tooltip

if TYPE_CHECKING:
    from gui.core.corpus.store import CorpusStore
    from gui.core.session.events import StoreAnswer
    from gui.widgets.background.store_link import StoreLink

RESULT_LIMIT = 200
VIEW_PREFIX = "view:"  # typed first: only the saved views are listed
VIEWS_AMONG_DOCUMENTS = 5  # saved views listed above the documents, at most, without the prefix
RANKED_HERE_AT_MOST = 5_000  # documents ranked on the UI thread; more are ranked in a thread
PLACES_AT_ONCE = 10_000  # ids whose places in the list the store's thread works out in one call
# Asks the store to rank the documents for a query, at most a number of them: the callback gets
# them best first (on the UI thread, once), or None if the store could not answer. A newer
# question may supersede an older, whose callback is then never called.
StoreRanking = Callable[[str, int, Callable[[list[DocumentEntry] | None], None]], None]


class NamedView(NamedTuple):
    """A saved view, by its name."""

    name: str
    view: SavedView


class QuickOpenModel(QAbstractListModel):
    """The saved views and the documents matching the query, best first. More than
    `ranked_here_at_most` documents are ranked in a thread: `rankedLater` says when they are."""

    rankedLater = Signal()  # the documents of the last query are ranked (in the thread)
    _ranked = Signal(int, object)  # a query's number and its documents, from the thread

    def __init__(
        self,
        entries: Sequence[DocumentEntry],
        parent: QObject | None = None,
        ranked_here_at_most: int = RANKED_HERE_AT_MOST,
        store_ranking: StoreRanking | None = None,
    ) -> None:
        super().__init__(parent)
        self._entries = list(entries)
        self._store_ranking = store_ranking
        self.ranked_by_store = False  # whether the documents shown were ranked by the store
        self._index: FuzzyIndex | None = None  # made when first asked (in the thread, if there)
        self._in_thread = len(self._entries) > ranked_here_at_most
        self._views: list[NamedView] = []
        self._query = ""
        self._documents: list[DocumentEntry] = self._entries[:RESULT_LIMIT]
        self._results: list[DocumentEntry | NamedView] = list(self._documents)
        self._asked = self._answered = 0  # the numbers of the last query asked and answered
        self._wanted = threading.Condition()  # the thread's next query: the newest only
        self._next: tuple[int, str] | None = None
        self._thread_started = self._closed = False
        self._ranked.connect(self._take_ranked)

    @property
    def ranking(self) -> bool:
        """Whether the documents of the last query are still being ranked (in the thread)."""
        return self._answered < self._asked

    def set_store_ranking(self, ranking: StoreRanking | None) -> None:
        """Rank the documents of the next queries through the store (None: here, in memory)."""
        self._store_ranking = ranking

    def set_views(self, views: Sequence[NamedView]) -> None:
        """List these saved views too (they come from the desk once the dialog is open)."""
        self._views = list(views)
        if self._views:
            self._show(self._query)

    def set_query(self, query: str) -> None:
        """Rank the views and the documents against `query` (all, in list order, when it is empty)."""
        self._asked += 1
        self.ranked_by_store = False
        text = self._document_query(query)
        if text is None or not text.strip():
            self._documents = [] if text is None else self._entries[:RESULT_LIMIT]
            self._answered = self._asked
        elif self._store_ranking is not None:
            number = self._asked
            self._store_ranking(text, RESULT_LIMIT, lambda found: self._take_stored(number, found))
        elif not self._in_thread:
            self._documents = [entry for entry, _ in self._fuzzy().rank(text, self._entries, RESULT_LIMIT)]
            self._answered = self._asked
        else:
            self._rank_in_thread(self._asked, text)
        self._show(query)

    @staticmethod
    def _document_query(query: str) -> str | None:
        """What the documents are ranked by (None: a `view:` query lists no document)."""
        return None if query.lstrip().casefold().startswith(VIEW_PREFIX) else query

    def _fuzzy(self) -> FuzzyIndex:
        if self._index is None:
            self._index = FuzzyIndex([f"{entry.title} {entry.name}" for entry in self._entries])
        return self._index

    def _rank_in_thread(self, number: int, text: str) -> None:
        with self._wanted:
            self._next = (number, text)
            self._wanted.notify()
        if not self._thread_started:
            self._thread_started = True
            threading.Thread(target=self._rank_queries, name="quick open", daemon=True).start()

    def close(self) -> None:
        """The dialog closed: the thread ends (what it ranks meanwhile is dropped)."""
        with self._wanted:
            self._closed = True
            self._wanted.notify()

    def _rank_queries(self) -> None:
        """The thread: rank the newest query asked, until the dialog closes."""
        while True:
            with self._wanted:
                self._wanted.wait_for(lambda: self._next is not None or self._closed)
                if self._closed or self._next is None:
                    return
                (number, text), self._next = self._next, None
            found = [entry for entry, _ in self._fuzzy().rank(text, self._entries, RESULT_LIMIT)]
            with self._wanted:
                if self._closed:
                    return
                try:
                    self._ranked.emit(number, found)
                except RuntimeError:  # the dialog went meanwhile
                    return

    def store_left(self, *_event: object) -> None:
        """The store was opened again (the folder listed anew, or another): an answer it owed is
        dropped, so the documents are ranked here from now on, the query waiting included."""
        if self._store_ranking is None:
            return
        self._store_ranking = None
        if self.ranking:
            self.set_query(self._query)
            if not self.ranking:
                self.rankedLater.emit()

    def _take_stored(self, number: int, found: list[DocumentEntry] | None) -> None:
        """The store's answer; if it had none, the documents are ranked here (or in the thread)."""
        if found is not None:
            self.ranked_by_store = number == self._asked
            self._take_ranked(number, found)
        elif number == self._asked:
            self._store_ranking = None  # it failed once: it is not asked again
            self.set_query(self._query)
            if not self.ranking:
                self.rankedLater.emit()

    def _take_ranked(self, number: int, found: list[DocumentEntry]) -> None:
        if number != self._asked:
            return  # a newer query was typed meanwhile: its answer comes
        self._documents, self._answered = found, number
        self._show(self._query)
        self.rankedLater.emit()

    def _show(self, query: str) -> None:
        """List the views matching `query` and the documents ranked last."""
        self.beginResetModel()
        self._query = query
        views_only = self._document_query(query) is None
        if views_only:
            query = query.lstrip()[len(VIEW_PREFIX) :]
        names = [view.name for view in self._views]
        views = self._views
        if query.strip():
            views = [view for view, _ in rank(query, self._views, names, RESULT_LIMIT)]
        self._results = list(views) if views_only else [*views[:VIEWS_AMONG_DOCUMENTS], *self._documents]
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


class NarrowRowDelegate(QStyledItemDelegate):
    """Draws the results as the default delegate does, but asks for no width of its own: with
    uniform item sizes the view takes one row's size for all, so a first row with a long title made
    every row that wide (titles clipped at the view's edge, a horizontal scrollbar) where each row
    should be the view's width, its long title elided with "…"."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        """Qt override: the row's height, no width (the view gives each row its own width)."""
        return QSize(1, super().sizeHint(option, index).height())


class QuickOpenDialog(QDialog):
    """A query box over a ranked list; Up/Down move in the list while typing, Enter opens."""

    def __init__(
        self,
        entries: Sequence[DocumentEntry],
        parent: QWidget | None = None,
        ranked_here_at_most: int = RANKED_HERE_AT_MOST,
        store_ranking: StoreRanking | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Open Document")
        self.model = QuickOpenModel(entries, self, ranked_here_at_most, store_ranking)
        self.model.rankedLater.connect(self._on_ranked)
        self.finished.connect(lambda _result: self.model.close())
        self._enter_waits = False  # Enter typed before the documents were ranked
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(f"Type letters of a title or file name ({VIEW_PREFIX} for saved views)")
        self.edit.setAccessibleName("Quick open query")
        self.results = QListView(self)
        self.results.setAccessibleName("Matching documents")
        self.results.setModel(self.model)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # Every result is two lines (title; file name and date, or a view's name and summary): one
        # row's size is every row's. Measured row by row, the 200 results held the dialog at each
        # letter typed on a busy machine, and again when the store's answer came.
        self.results.setUniformItemSizes(True)
        self.results.setItemDelegate(NarrowRowDelegate(self.results))
        self.results.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
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

    def accept(self) -> None:
        """Qt override: open the current result; typed before the documents were ranked, once
        they are (the first of them, as it would have been)."""
        if self.model.ranking:
            self._enter_waits = True
            return
        super().accept()

    def _on_query(self, query: str) -> None:
        self.model.set_query(query)
        self._show_first()

    def _on_ranked(self) -> None:
        self._show_first()
        if self._enter_waits:
            self._enter_waits = False
            self.accept()

    def _show_first(self) -> None:
        if self.model.rowCount():
            self.results.setCurrentIndex(self.model.index(0))
        count = self.model.rowCount()
        if self.model.ranking:
            self.count_label.setText("Looking through every document…")
        else:
            self.count_label.setText("No matching document" if not count else f"{count} shown")


def store_ranking(
    store: StoreLink, entries: Sequence[DocumentEntry], asker: QObject,
    ranked_here_at_most: int = RANKED_HERE_AT_MOST,
) -> StoreRanking | None:
    """Quick open's questions to the folder's corpus store, for a folder of more than
    `ranked_here_at_most` documents once the store holds every document (None otherwise: the
    listing is ranked in memory). The store answers with ids, each
    given back as its entry of `entries` (the window's list, whose order breaks ties); the ids'
    places in it are worked out in the store's thread as the dialog opens, before the first
    letter is typed, and kept for the next dialog opened on the same list (`LAST_PLACES`). A
    newer query supersedes the older, and one superseded stops before its matches are scored."""
    known = LAST_PLACES.places_of(entries)  # (those of another list are forgotten)
    if not store.up_to_date or len(entries) <= ranked_here_at_most:
        return None
    places: dict[str, int] = {} if known is None else known  # each id's place in `entries`
    asked = [0]  # the number of the newest query
    worked_out = threading.Event()  # places is complete (set and read in the store's thread)
    if known is not None:
        worked_out.set()

    def work_out_places(_store: CorpusStore | None = None) -> None:
        if worked_out.is_set():
            return
        # In C, a slice at a time: a comprehension over a big folder's entries is slow, and one
        # call over them all holds the interpreter, and so the dialog's typing, for a pause.
        for start in range(0, len(entries), PLACES_AT_ONCE):
            end = start + PLACES_AT_ONCE
            places.update(zip(map(attrgetter("id"), entries[start:end]), range(start, end), strict=False))
        worked_out.set()
        LAST_PLACES.keep(entries, places)

    def ask(text: str, limit: int, deliver: Callable[[list[DocumentEntry] | None], None]) -> None:
        asked[0] += 1
        number = asked[0]

        def newest() -> bool:  # a query typed on supersedes this one: its answer is dropped
            return asked[0] == number

        def question(corpus_store: CorpusStore) -> list[DocumentEntry]:
            from gui.core.corpus.store_query import quick_open_ranking  # the store's modules: in its thread

            if not newest():
                return []
            work_out_places()  # done as the dialog opened, unless that question was dropped
            found = quick_open_ranking(corpus_store, text, limit, places, wanted=newest)
            return [entries[places[doc_id]] for doc_id in found if doc_id in places]

        def answer(reply: StoreAnswer) -> None:
            deliver(reply.result if not reply.problem and isinstance(reply.result, list) else None)

        store.ask(question, answer, asker, kind="quick open")

    if known is None:
        store.ask(work_out_places, lambda _reply: None, asker)
    return ask


class ListPlaces:
    """The places of the ids in the list quick open was last opened on, once worked out: a
    dialog opened again on the same list (a corpus never changes its list in place, it makes a
    new one) finds them here, where working them out again took a big folder's store thread
    a while as the dialog opened, the first letter's question waiting behind it."""

    def __init__(self) -> None:
        self._kept: tuple[Sequence[DocumentEntry], dict[str, int]] | None = None

    def keep(self, entries: Sequence[DocumentEntry], places: dict[str, int]) -> None:
        """Keep the places worked out for `entries` (complete: never changed after), instead of
        any kept before (the store's thread keeps them, the UI thread reads them)."""
        self._kept = (entries, places)

    def places_of(self, entries: Sequence[DocumentEntry]) -> dict[str, int] | None:
        """The places kept for this very list (the same object), else None: those of another
        list are forgotten then (its entries are not kept alive for nothing)."""
        kept = self._kept
        if kept is not None and kept[0] is entries:
            return kept[1]
        self._kept = None
        return None


LAST_PLACES = ListPlaces()
