"""The sidebar: a filter box, a note when nothing matches, and the list of documents."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gui.core.corpus.corpus import Corpus, DocumentEntry
from gui.core.corpus.list_order import ListOrder, SortBy
from gui.widgets.background.single_shot_timer import single_shot_timer
from gui.widgets.sidebar.document_item_delegate import DocumentItemDelegate
from gui.widgets.sidebar.document_list_model import DocumentFilterModel, DocumentListModel
from gui.widgets.sidebar.document_list_view import DocumentListView
from gui.widgets.sidebar.sort_chooser import SortChooser

SCROLL_RETRY_MS = 25
SCROLL_RETRIES = 160  # four seconds of batches, at most
# Rows laid out per turn of the event loop: each costs a call of the filter model's index(), and
# on a busy machine a batch twice this size held the window for a pause the user saw.
LAYOUT_BATCH_ROWS = 250


class DocumentSidebar(QWidget):
    """Lists a corpus, filters it as the user types, and says which document the user picked.
    The list is shown through `filter_model` if one is given (a test's, to see what the list asks
    of it), else through a new DocumentFilterModel; either way the sidebar owns it."""

    entryChosen = Signal(object)  # the DocumentEntry whose row became current
    entityFilterCleared = Signal()  # the entity filter was removed (its chip, Esc, a jump)
    sortChanged = Signal(object)  # the SortBy the list is now in

    def __init__(
        self,
        parent: QWidget | None = None,
        chosen_id: Callable[[], str | None] | None = None,
        filter_model: DocumentFilterModel | None = None,
    ) -> None:
        super().__init__(parent)
        # The document on screen, kept selected while filtering: the window's session holds it.
        self._chosen_id = chosen_id or (lambda: None)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("filter")
        self.filter_edit.setPlaceholderText("Filter by title, date or file name (Ctrl+L)")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter documents")
        self.no_match_label = QLabel(self)
        self.no_match_label.setObjectName("noMatch")
        self.no_match_label.setTextFormat(Qt.TextFormat.PlainText)
        self.no_match_label.setWordWrap(True)
        self.no_match_label.setVisible(False)
        self.match_count_label = QLabel(self)  # "1,971 of 20,000 documents", while filtering
        self.match_count_label.setObjectName("matchCount")
        self.match_count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.match_count_label.setVisible(False)
        self.list_view = DocumentListView(self)
        self.list_view.setObjectName("sidebar")
        self.list_view.setAccessibleName("Documents")
        self.list_view.setUniformItemSizes(True)
        # Laid out in slices between events: a filter over 100,000 documents answers at once
        # instead of waiting for every row to be placed.
        self.list_view.setLayoutMode(QListView.LayoutMode.Batched)
        self.list_view.setBatchSize(LAYOUT_BATCH_ROWS)
        # A row far down is not laid out yet right after a filter changes: scroll to it again
        # as the batches come, until it is in view.
        self._scroll_tries = 0
        # A document to keep where it is in the view as the list grows, and how far below the top.
        self._anchor: tuple[str, int] | None = None
        self._scroll_timer = single_shot_timer(self, SCROLL_RETRY_MS, self._scroll_to_current)
        self.list_view.setItemDelegate(DocumentItemDelegate(self.list_view))
        self.list_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.filter_model = filter_model if filter_model is not None else DocumentFilterModel()
        self.filter_model.setParent(self)
        self.list_view.setModel(self.filter_model)
        self.filter_edit.textChanged.connect(self._on_filter_text_changed)
        self.list_view.selectionModel().currentChanged.connect(self._on_current_changed)
        self.chip = QWidget(self)
        self.chip.setObjectName("entityChip")
        self.chip.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)  # for its rounded frame
        self.chip_label = QLabel(self.chip)
        self.chip_label.setTextFormat(Qt.TextFormat.PlainText)
        self.chip_label.setWordWrap(True)
        chip_close = QToolButton(self.chip)
        chip_close.setText("✕")
        chip_close.setToolTip("Show all documents again (Esc)")
        chip_close.setAccessibleName("Remove the entity filter")
        chip_close.clicked.connect(self.clear_entity_filter)
        chip_layout = QHBoxLayout(self.chip)
        chip_layout.setContentsMargins(6, 2, 2, 2)
        chip_layout.addWidget(self.chip_label, 1)
        chip_layout.addWidget(chip_close)
        self.chip.setVisible(False)
        # The list's order: the one chosen, and the one to go back to once a search's documents,
        # listed by relevance, are no longer listed.
        self.sort_by = SortBy.DATE
        self._sort_before_search = SortBy.DATE
        self._ranks: dict[str, int] = {}  # the listed search's documents, by rank (0 best)
        self.listed_search = ""  # the query of the search whose documents are listed, if any
        self.sort_chooser = SortChooser(self)
        self.sort_chooser.orderChosen.connect(self.set_sort)
        self.sort_chooser.done.connect(self.focus_list)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 0, 4)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.sort_chooser)
        layout.addWidget(self.chip)
        layout.addWidget(self.no_match_label)
        layout.addWidget(self.match_count_label)
        layout.addWidget(self.list_view)

    @property
    def source_model(self) -> DocumentListModel | None:
        """The list model over the open corpus, if one is open."""
        model = self.filter_model.sourceModel()
        return model if isinstance(model, DocumentListModel) else None

    @property
    def shown_id(self) -> str | None:
        """The id of the document on screen (or being read), if any."""
        return self._chosen_id()

    @property
    def search_listed(self) -> bool:
        """Whether the list is narrowed to a search's documents (which can be sorted by relevance)."""
        return bool(self._ranks)

    @property
    def remembered_sort(self) -> SortBy:
        """The order to remember for the next session: the one chosen, not relevance to a search
        that will not be listed then."""
        return self._sort_before_search if self.sort_by is SortBy.RELEVANCE else self.sort_by

    def set_sort(self, by: SortBy) -> None:
        """Sort the list so (relevance only while a search's documents are listed), keeping the
        document shown selected."""
        if by is SortBy.RELEVANCE and not self._ranks:
            by = self.sort_by
        self.sort_chooser.show_order(by)
        if by is self.sort_by:
            return
        self.sort_by = by
        self._apply_order()
        self.sortChanged.emit(by)

    def _order(self, model: DocumentListModel | None) -> ListOrder:
        counts = model.entity_counts if model is not None and self.sort_by is SortBy.ENTITIES else {}
        ranks = self._ranks if self.sort_by is SortBy.RELEVANCE else {}
        return ListOrder(self.sort_by, counts, ranks)

    def _apply_order(self) -> None:
        model = self.source_model
        if model is None:
            return
        model.corpus.reorder(self._order(model))
        model.refresh()
        self._keep_shown_selected(model)

    def set_corpus(self, corpus: Corpus) -> None:
        """List a newly opened corpus."""
        self.filter_model.set_allowed_ids(None)
        self.chip.setVisible(False)
        self._end_search_listing(reorder=False)  # the corpus is ordered here
        corpus.reorder(self._order(None))
        previous = self.source_model
        self.filter_model.setSourceModel(DocumentListModel(corpus, self.filter_model))
        if previous is not None:
            previous.deleteLater()  # and with it the previous corpus
        self._update_no_match_note()

    def replace_corpus(self, corpus: Corpus) -> None:
        """List a new listing of the same corpus (it changed on disk), keeping the filters and
        the document shown selected (if it is still there)."""
        previous = self.source_model
        corpus.reorder(self._order(previous))
        model = DocumentListModel(corpus, self.filter_model)
        self.filter_model.setSourceModel(model)
        if previous is not None:
            previous.deleteLater()
        self._update_no_match_note()
        row = model.row_of(self.shown_id) if self.shown_id is not None else -1
        index = self.filter_model.mapFromSource(model.index(row)) if row >= 0 else QModelIndex()
        if index.isValid():
            self._make_current(index)  # the same id: no entryChosen, the view stays as it is

    def corpus_grew(self, anchor: tuple[str, int] | None = None) -> None:
        """More entries of a big folder were listed: show them, keeping the document shown
        selected (its row may have moved); with an `anchor` (view_anchor before they were
        added), the view keeps that document as far below its top as it was."""
        model = self.source_model
        if model is None:
            return
        model.refresh()
        self._update_no_match_note()
        self._keep_shown_selected(model, anchor)

    def view_anchor(self) -> tuple[str, int] | None:
        """A document in view and how many rows below the top of the view it is: the current
        one if it is in view, else the one at the top (asked before the corpus grows)."""
        view, model = self.list_view, self.source_model
        top, current = view.indexAt(QPoint(1, 1)), view.currentIndex()
        if model is None or not top.isValid():
            return None
        if current.isValid() and view.visualRect(current).intersects(view.viewport().rect()):
            top, below = current, current.row() - top.row()
        else:
            below = 0
        return model.entry_at(self.filter_model.mapToSource(top).row()).id, below

    def _keep_shown_selected(self, model: DocumentListModel, anchor: tuple[str, int] | None = None) -> None:
        """Select the document shown again, on its new row (if it is listed); with an `anchor`
        (view_anchor), the view shows that document as far below its top as it was."""
        row = model.row_of(self.shown_id) if self.shown_id is not None else -1
        index = self.filter_model.mapFromSource(model.index(row)) if row >= 0 else QModelIndex()
        if index.isValid():
            self._make_current(index, anchor)  # the same id: no entryChosen

    def set_entity_filter(
        self,
        ids: frozenset[str],
        description: str,
        ranked: list[str] | None = None,
        search: str = "",
        rows_in: tuple[list[str], list[int]] | None = None,
        keep_shown: bool = False,
    ) -> None:
        """List only these documents, with a removable chip that says why; `ranked`: they are the
        documents of the `search`, best first, and are sorted so (relevance) until another order
        is chosen; `rows_in`: their rows, worked out off the UI thread (set_allowed_ids).
        The document shown stays selected if it is listed; if not, the first listed is shown,
        unless `keep_shown` (the same filter asked again as the store changed, or the document
        mentions the entity): then it stays shown with no row current, and is selected again
        once a later answer lists it."""
        if ranked:
            self.listed_search = search
            if self.sort_by is not SortBy.RELEVANCE:
                self._sort_before_search = self.sort_by
            self._ranks = {doc_id: rank for rank, doc_id in enumerate(ranked)}
            self.sort_chooser.set_relevance_available(True)
            self.sort_by = SortBy.RELEVANCE
            self.sort_chooser.show_order(SortBy.RELEVANCE)
            self._apply_order()
            self.sortChanged.emit(SortBy.RELEVANCE)
        else:
            self._end_search_listing()
        self.filter_model.set_allowed_ids(ids, rows_in)
        self.chip_label.setText(description)
        self.chip.setAccessibleName(description)
        self.chip.setVisible(True)
        self._after_filter_change(keep_shown)

    def say_why_listed(self, description: str) -> None:
        """Say anew on the chip why the list is narrowed (the same documents listed)."""
        self.chip_label.setText(description)
        self.chip.setAccessibleName(description)

    def set_row_filter(self, rows_of: Callable[[DocumentListModel], Sequence[int]] | None) -> None:
        """List only the rows `rows_of` keeps as well (the reader's filter), or all with None;
        set again, it is applied again (DocumentFilterModel.set_row_filter)."""
        self.filter_model.set_row_filter(rows_of)
        self._after_filter_change()

    def add_filter_bar(self, bar: QWidget) -> None:
        """Show `bar` (what another filter says of itself) under the entity filter's chip."""
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.indexOf(self.chip) + 1, bar)

    def has_entity_filter(self) -> bool:
        """Whether an entity filter narrows the list."""
        return self.filter_model.allowed_ids is not None

    def is_listed(self, source_row: int) -> bool:
        """Whether a corpus row passes the filters."""
        model = self.source_model
        return model is not None and self.filter_model.mapFromSource(model.index(source_row)).isValid()

    def clear_filters(self) -> None:
        """Show every document: no entity filter, an empty filter box."""
        self.clear_entity_filter()
        self.filter_edit.clear()

    def clear_entity_filter(self) -> bool:
        """Remove the entity filter; say whether there was one."""
        if self.filter_model.allowed_ids is None:
            return False
        self._end_search_listing()
        self.filter_model.set_allowed_ids(None)
        self.chip.setVisible(False)
        self._after_filter_change()
        self.entityFilterCleared.emit()
        return True

    def set_entity_count(self, doc_id: str, count: int) -> None:
        """Show a document's entity count on its row."""
        if self.source_model is not None:
            self.source_model.set_entity_count(doc_id, count)

    def set_entity_counts(self, counts: dict[str, int]) -> None:
        """Show the entity counts of many documents (by id) on their rows; a list sorted by them
        is sorted again (counts found one at a time leave the rows where they are, so that the
        list does not move under the reader while a folder is annotated)."""
        if self.source_model is not None:
            self.source_model.set_entity_counts(counts)
            if self.sort_by is SortBy.ENTITIES:
                self._apply_order()

    def _end_search_listing(self, reorder: bool = True) -> None:
        """A search's documents are no longer listed: back to the order chosen before them."""
        if not self._ranks:
            return
        self._ranks, self.listed_search = {}, ""
        self.sort_chooser.set_relevance_available(False)
        if self.sort_by is SortBy.RELEVANCE:
            self.sort_by = self._sort_before_search
            self.sort_chooser.show_order(self.sort_by)
            if reorder:
                self._apply_order()
            self.sortChanged.emit(self.sort_by)

    def select_source_row(self, source_row: int) -> None:
        """Make a corpus row current; one hidden by the filter is chosen all the same."""
        model = self.source_model
        if model is None or not 0 <= source_row < model.rowCount():
            return
        index = self.filter_model.mapFromSource(model.index(source_row))
        if index.isValid() and index != self.list_view.currentIndex():
            self._make_current(index)
        elif model.entry_at(source_row).id != self.shown_id:
            # Already current (so no change signal), or hidden by a filter: choose it directly.
            self.entryChosen.emit(model.entry_at(source_row))

    def step(self, target: Callable[[int, int], int]) -> None:
        """Move to the row `target(current row, row count)` of the filtered list."""
        rows = self.filter_model.rowCount()
        if rows == 0:
            return
        current = self.list_view.currentIndex()
        row = target(current.row() if current.isValid() else -1, rows)
        self._make_current(self.filter_model.index(min(max(row, 0), rows - 1), 0))

    def neighbours(self) -> list[DocumentEntry]:
        """The documents listed just below and just above the current row (in that order): where
        Down and Up go next, in the list's order and filter."""
        model, current = self.source_model, self.list_view.currentIndex()
        if model is None or not current.isValid():
            return []
        rows = (current.row() + 1, current.row() - 1)
        return [model.entry_at(self.filter_model.mapToSource(self.filter_model.index(row, 0)).row())
                for row in rows if 0 <= row < self.filter_model.rowCount()]

    def focus_list(self) -> None:
        """Put the focus on the list, on the shown document (or the first row)."""
        self.list_view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.list_view.currentIndex().isValid() and self.filter_model.rowCount():
            self._make_current(self.filter_model.index(0, 0))

    def _make_current(self, index: QModelIndex, anchor: tuple[str, int] | None = None) -> None:
        self.list_view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self._scroll_tries, self._anchor = SCROLL_RETRIES, anchor
        self._scroll_to_current()

    def _scroll_to_current(self) -> None:
        view = self.list_view
        index = view.currentIndex()
        if not index.isValid():
            return
        in_view = view.viewport().rect()
        anchored = self._anchored_top()
        if anchored is not None:
            view.scrollTo(anchored, QAbstractItemView.ScrollHint.PositionAtTop)
            placed = view.indexAt(QPoint(1, 1)) == anchored
        else:
            view.scrollTo(index)
            placed = view.visualRect(index).intersects(in_view)
        if not placed and self._scroll_tries > 0:
            self._scroll_tries -= 1
            self._scroll_timer.start()

    def _anchored_top(self) -> QModelIndex | None:
        """The row to show at the top of the view for the anchor's document to be where it was."""
        model = self.source_model
        if self._anchor is None or model is None:
            return None
        doc_id, below = self._anchor
        row = model.row_of(doc_id)
        anchor = self.filter_model.mapFromSource(model.index(row)) if row >= 0 else QModelIndex()
        return self.filter_model.index(max(anchor.row() - below, 0), 0) if anchor.isValid() else None

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        model = self.source_model
        if model is None or not current.isValid():
            return
        entry: DocumentEntry = model.entry_at(self.filter_model.mapToSource(current).row())
        if entry.id != self.shown_id:
            self.entryChosen.emit(entry)

    def _on_filter_text_changed(self, text: str) -> None:
        self.filter_model.set_filter_text(text)
        self._after_filter_change()

    def _after_filter_change(self, keep_shown: bool = False) -> None:
        self._update_no_match_note()
        model = self.source_model
        if model is None or self.filter_model.rowCount() == 0:
            return
        # Keep the document on screen selected if it still matches, else show the first match
        # (unless it is to stay shown: then no row is current, and Down goes to the first).
        row = model.row_of(self.shown_id) if self.shown_id is not None else -1
        index = self.filter_model.mapFromSource(model.index(row)) if row >= 0 else QModelIndex()
        if index.isValid() or not keep_shown or self.shown_id is None:
            self._make_current(index if index.isValid() else self.filter_model.index(0, 0))

    def _update_no_match_note(self) -> None:
        text = self.filter_edit.text().strip()
        model = self.source_model
        corpus = model.corpus if model is not None else None
        if corpus is not None and corpus.pending:  # a big folder is still being listed
            self.no_match_label.setText(
                f"No document listed so far matches “{text}”; {len(corpus.pending):,} are still "
                "being listed."
            )
        else:
            self.no_match_label.setText(f"No document title, date or file name matches “{text}”.")
        shown = self.filter_model.rowCount()
        self.no_match_label.setVisible(bool(text) and shown == 0)
        listed = model.rowCount() if model is not None else 0
        noun = "document" if listed == 1 else "documents"
        self.match_count_label.setText(f"{shown:,} of {listed:,} {noun}")
        self.match_count_label.setVisible(bool(text) and shown > 0)
