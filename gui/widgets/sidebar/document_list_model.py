"""The sidebar's item model over a Corpus, and the proxy that filters it as the user types."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QAbstractProxyModel,
    QModelIndex,
    QObject,
    Qt,
)

from gui.core.corpus.corpus import Corpus, DocumentEntry
from gui.core.model.document_marks import DocumentMarks
from gui.widgets.background.single_shot_timer import single_shot_timer
from gui.widgets.sidebar.model_index import AnyIndex
from gui.widgets.text.plain_tooltip import plain_tooltip

if TYPE_CHECKING:
    from gui.core.desk.reading import MarksKey

DocumentIdRole = Qt.ItemDataRole.UserRole + 1
DateRole = Qt.ItemDataRole.UserRole + 2
TitleRole = Qt.ItemDataRole.UserRole + 3
EntityCountRole = Qt.ItemDataRole.UserRole + 4
ProblemRole = Qt.ItemDataRole.UserRole + 5
SearchTextRole = Qt.ItemDataRole.UserRole + 6
NoticeRole = Qt.ItemDataRole.UserRole + 7
ReviewRole = Qt.ItemDataRole.UserRole + 8  # the reader's DocumentMarks: read, starred, tags, note
UNMARKED = DocumentMarks()

COUNT_SIGNAL_MS = 50  # entity counts changed within this time share one change signal


class DocumentListModel(QAbstractListModel):
    """One row per corpus entry, newest first; entity counts fill in as annotation finishes."""

    def __init__(self, corpus: Corpus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._corpus = corpus
        self._entity_counts: dict[str, int] = {}
        self._changed_rows: list[int] = []  # rows whose count changed since the last signal
        self._flush_timer = single_shot_timer(self, COUNT_SIGNAL_MS, self._flush_counts)
        self._ids: list[str] | None = None  # document_ids(), until the next refresh
        # The reader's marks by marks_key (gui/core/desk/reading.py; gui/widgets/desk gives them).
        self.marks: Mapping[MarksKey, DocumentMarks] = {}

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
        if role == ReviewRole:
            return self.marks_of(entry)
        if role == SearchTextRole:
            return entry.search_text
        return None

    def _accessible_text(self, entry: DocumentEntry) -> str:
        count = self._entity_counts.get(entry.id)
        parts = [entry.title, entry.date.isoformat() if entry.date else "undated"]
        if count is not None:
            parts.append(f"{count:,} entities")
        marks = self.marks_of(entry)
        parts.append("read" if marks.read else "unread")
        parts.extend(["starred"] if marks.starred else [])
        parts.extend([f"tagged {', '.join(marks.tags)}"] if marks.tags else [])
        parts.extend(["with a note"] if marks.note else [])
        return ", ".join(parts)

    def marks_of(self, entry: DocumentEntry) -> DocumentMarks:
        """The reader's marks of a listed document (none: unread)."""
        if not self.marks:
            return UNMARKED
        if entry.id.isascii():
            return self.marks.get(entry.id, UNMARKED)  # an ASCII id is its own key (marks_key)
        # The desk's module, kept out of the first paint: imported here once a row needs its key.
        from gui.core.desk.reading import marks_key

        return self.marks.get(marks_key(entry.path, entry.id), UNMARKED)

    def marks_changed(self) -> None:
        """The reader's marks changed: every row's may look otherwise (one signal)."""
        if self.rowCount():
            roles = [ReviewRole, Qt.ItemDataRole.AccessibleTextRole]
            self.dataChanged.emit(self.index(0), self.index(self.rowCount() - 1), roles)

    def refresh(self) -> None:
        """The corpus's entries changed (a big folder's listing went on): show them all again."""
        self.beginResetModel()
        self._ids = None
        self.endResetModel()

    def search_texts(self) -> list[str]:
        """Each row's title, file name and date, case-folded: what the filter looks in."""
        return self._corpus.search_texts

    def document_ids(self) -> list[str]:
        """Each row's document id: a list of this model's own until the next refresh, copied (in
        C) from the corpus's, which is made as the corpus is listed (a pass over 100,000 entries
        here held the window at the first Ctrl+E after each turn of a big listing)."""
        if self._ids is None:
            self._ids = list(self._corpus.ids)
        return self._ids

    def entry_at(self, row: int) -> DocumentEntry:
        """The corpus entry shown on a row."""
        return self._corpus.entries[row]

    def row_of(self, doc_id: str) -> int:
        """The row of a document id, or -1."""
        return self._corpus.index_of(doc_id)

    @property
    def entity_counts(self) -> dict[str, int]:
        """The entity counts known so far, by document id (a copy: the list's order sorts by it)."""
        return dict(self._entity_counts)

    def set_entity_count(self, doc_id: str, count: int) -> None:
        """Record a document's entity count once it is annotated; its row repaints shortly after
        (counts from the cache arrive by the thousand: one change signal for a burst)."""
        row = self._corpus.index_of(doc_id)  # a bisection, not a map of every row
        if row < 0 or self._entity_counts.get(doc_id) == count:
            return
        self._entity_counts[doc_id] = count
        self._changed_rows.append(row)
        if not self._flush_timer.isActive():
            self._flush_timer.start()

    def set_entity_counts(self, counts: dict[str, int]) -> None:
        """Record the entity counts of many documents at once (a corpus store's answer, which
        this model keeps: the first answer of a big corpus is taken as it is rather than copied,
        100,000 counts on the window's thread): one change signal for every row."""
        if self._entity_counts:
            self._entity_counts.update(counts)
        else:
            self._entity_counts = counts
        self._flush_timer.stop()
        self._changed_rows.clear()
        if self.rowCount():
            roles = [EntityCountRole, Qt.ItemDataRole.AccessibleTextRole]
            self.dataChanged.emit(self.index(0), self.index(self.rowCount() - 1), roles)

    def _flush_counts(self) -> None:
        """Say which rows' counts changed, as one span."""
        rows, self._changed_rows = self._changed_rows, []
        if rows and max(rows) < self.rowCount():
            roles = [EntityCountRole, Qt.ItemDataRole.AccessibleTextRole]
            self.dataChanged.emit(self.index(min(rows)), self.index(max(rows)), roles)


RECENT_FILTERS = 32  # filters whose rows are kept for narrowing and for Backspace


class DocumentFilterModel(QAbstractProxyModel):
    """Keeps the rows whose title, file name or date contain every word typed in the filter, that
    an entity filter allows, and that the reader's filter (set_row_filter) keeps.

    Not a QSortFilterProxyModel: that one asks Python about every row and then updates its row
    mappings one change at a time, a pause at each keystroke over a big folder's documents. This
    one works out the matching rows in one pass over the list model's prepared search texts and
    resets (the view only asks for the rows it shows).
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._allowed: frozenset[str] | None = None
        # The rows the entity filter keeps, worked out off the UI thread, and the list model's
        # document_ids() they are rows of (used only while the list model gives that same list).
        self._allowed_rows: tuple[list[str], list[int]] | None = None
        self._rows: list[int] = []  # the source rows shown, in order
        # The reader's filter (read, starred, tagged): the list model's rows it keeps, in order,
        # asked each time the rows are worked out (gui/widgets/desk/review_filter.py).
        self._row_filter: Callable[[DocumentListModel], Sequence[int]] | None = None
        # The rows of recent filters, while the list and the entity filter stay as they are: a
        # word typed on only narrows what an earlier filter kept, and Backspace finds its rows here.
        self._recent: dict[tuple[str, ...], list[int]] = {}

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        """Qt override: follow a new list model (another corpus)."""
        previous = self.sourceModel()
        if previous is not None:
            for signal, slot in self._connections(previous):
                signal.disconnect(slot)
        self.beginResetModel()
        super().setSourceModel(model)
        self._recent.clear()
        self._refilter()
        self.endResetModel()
        for signal, slot in self._connections(model):
            signal.connect(slot)

    def _connections(self, model: QAbstractItemModel) -> list[tuple[Any, Any]]:
        return [
            (model.dataChanged, self._on_source_data_changed),
            (model.modelReset, self._on_source_reset),
            (model.rowsInserted, self._on_source_reset),
            (model.rowsRemoved, self._on_source_reset),
            (model.layoutChanged, self._on_source_reset),
        ]

    def set_allowed_ids(
        self, ids: frozenset[str] | None, rows_in: tuple[list[str], list[int]] | None = None
    ) -> None:
        """Keep only these documents (an entity filter), or all of them again with None.
        `rows_in`: a list of ids (the list model's document_ids()) and the rows of it that hold
        these documents, worked out elsewhere: a look-up per row of a big folder stalled the
        window on a big folder."""
        if ids != self._allowed:
            self._allowed = ids
            self._allowed_rows = rows_in if ids is not None else None
            self._recent.clear()
            self._reset()

    def set_row_filter(self, rows_of: Callable[[DocumentListModel], Sequence[int]] | None) -> None:
        """Keep only the rows `rows_of(list model)` gives (in order) as well, or stop with None;
        set again, the rows are asked again (the reader's filter is applied again)."""
        self._row_filter = rows_of
        self._recent.clear()
        self._reset()

    @property
    def allowed_ids(self) -> frozenset[str] | None:
        """The documents an entity filter keeps, if one is set."""
        return self._allowed

    def set_filter_text(self, text: str) -> None:
        """Filter on the words of `text`, case-insensitively, in any order."""
        words = text.casefold().split()
        if words != self._words:
            self._words = words
            self._reset()

    def _on_source_reset(self, *_args: object) -> None:
        self._recent.clear()  # the rows they hold are no longer those of the list
        self._reset()

    def _reset(self, *_args: object) -> None:
        self.beginResetModel()
        self._refilter()
        self.endResetModel()

    def _refilter(self) -> None:
        source = self.sourceModel()
        if not isinstance(source, DocumentListModel):
            self._rows = []
            return
        key = tuple(self._words)
        if key in self._recent:
            self._rows = self._recent[key]
            return
        # Start from the fewest rows an earlier filter kept that this one can only narrow: each
        # of its words is part of one of ours (a text with ours has its words too).
        narrower: list[list[int]] = [
            kept for words, kept in self._recent.items()
            if all(any(word in ours for ours in key) for word in words)
        ]
        rows: Iterable[int] = range(source.rowCount())
        if narrower:
            fewest: list[int] = min(narrower, key=len)
            rows = fewest
        elif self._allowed is not None:
            ids, allowed = source.document_ids(), self._allowed
            if self._allowed_rows is not None and self._allowed_rows[0] is ids:
                rows = self._allowed_rows[1]
            else:
                rows = [row for row in rows if ids[row] in allowed]
        if self._row_filter is not None and not narrower:  # those narrower kept passed it already
            kept = self._row_filter(source)
            if isinstance(rows, range):
                rows = kept
            else:
                keep = set(kept)
                rows = [row for row in rows if row in keep]
        texts = source.search_texts() if self._words else []
        for word in self._words:  # one pass per word keeps the inner loop in C as far as it goes
            rows = [row for row in rows if word in texts[row]]
        self._rows = list(rows)
        if len(self._recent) >= RECENT_FILTERS:
            del self._recent[next(iter(self._recent))]  # the oldest
        self._recent[key] = self._rows

    def _on_source_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, roles: Any) -> None:
        # One signal for the span of shown rows the change covers (filtering keeps the order).
        first = bisect.bisect_left(self._rows, top_left.row())
        last = bisect.bisect_right(self._rows, bottom_right.row()) - 1
        if first <= last:
            self.dataChanged.emit(self.index(first, 0), self.index(last, 0), roles)

    def mapToSource(self, proxy_index: AnyIndex) -> QModelIndex:
        """Qt override: the list model's index of a row shown here."""
        source = self.sourceModel()
        if source is None or not proxy_index.isValid() or not 0 <= proxy_index.row() < len(self._rows):
            return QModelIndex()
        return source.index(self._rows[proxy_index.row()], 0)

    def mapFromSource(self, source_index: AnyIndex) -> QModelIndex:
        """Qt override: where a list model row is shown here (invalid when filtered out)."""
        row = source_index.row() if source_index.isValid() else -1
        # The rows shown are in source order: a binary search finds one.
        at = bisect.bisect_left(self._rows, row)
        if row < 0 or at == len(self._rows) or self._rows[at] != row:
            return QModelIndex()
        return self.index(at, 0)

    def index(self, row: int, column: int = 0, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        """Qt override: a flat list."""
        if parent.isValid() or column != 0 or not 0 <= row < len(self._rows):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, *args: Any) -> Any:
        """Qt override: no row has a parent (and, without an index, the QObject parent)."""
        if not args:
            return QObject.parent(self)
        return QModelIndex()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Qt override: the rows that pass the filters."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Qt override: one column."""
        return 0 if parent.isValid() else 1

    def source_rows(self) -> list[int]:
        """The list model's rows that pass the filters, in order (a copy), for counting them."""
        return list(self._rows)
