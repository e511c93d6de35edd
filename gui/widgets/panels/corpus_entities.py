"""The corpus view (Ctrl+Shift+E): the folder's most mentioned entities, in a sortable table.

Once the store has resolved the corpus's entities (gui/core/corpus/store_resolution), a row is a
real-world entity with all its names; one whose mentions the model labelled otherwise shows its
label counts ("Yukos — PERSON 182 · ORG 12"), and each row's tooltip lists its names with why each
is one of them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

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
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.core.colours.palette import Palette
from gui.core.corpus.store_entities import CorpusEntity, entities, labels
from gui.core.entities.mentions import EntityKey
from gui.core.model.display_text import isolate
from gui.widgets.background.single_shot_timer import single_shot_timer
from gui.widgets.sidebar.list_navigation import ResultsNavigation
from gui.widgets.sidebar.model_index import AnyIndex
from gui.widgets.text.plain_tooltip import plain_tooltip

if TYPE_CHECKING:
    from gui.core.corpus.store import CorpusStore
    from gui.core.session.events import StoreAnswer
    from gui.widgets.background.store_link import StoreLink

ROW_LIMIT = 500
KeyRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
COLUMNS = ("Entity", "Type", "Documents", "Mentions")
MENTIONS_COLUMN = 3
TYPING_PAUSE_MS = 150
TOOLTIP_ALIASES = 12  # names listed in a row's tooltip, most mentioned first
SORTS = (
    ("Most mentions", MENTIONS_COLUMN, Qt.SortOrder.DescendingOrder),
    ("Most documents", 2, Qt.SortOrder.DescendingOrder),
    ("Name", 0, Qt.SortOrder.AscendingOrder),
    ("Type", 1, Qt.SortOrder.AscendingOrder),
)


class EntityRows(NamedTuple):
    """The store's answer: the corpus's entity types, and the rows asked for."""

    labels: list[str]
    rows: list[CorpusEntity]


class EntityTableModel(QAbstractTableModel):
    """One row per entity: name, type, how many documents mention it and how often."""

    def __init__(self, palette: Palette, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._palette = palette
        self._rows: list[CorpusEntity] = []

    def set_rows(self, rows: list[CorpusEntity]) -> None:
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
            if column == 0 and row.disputed:
                return isolate(row.name) + " — " + " · ".join(
                    f"{label} {count:,}" for label, count in row.label_counts)
            return isolate(str(values[column]))
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(entity_tooltip(row))
        if role == SortRole:
            return values[column] if column >= 2 else str(values[column]).casefold()
        if role == KeyRole:
            return EntityKey(row.label, row.key)
        if role == Qt.ItemDataRole.BackgroundRole and column == 1:
            return QColor(self._palette.style(row.label).background)
        if role == Qt.ItemDataRole.ForegroundRole and column == 1:
            return QColor(self._palette.style(row.label).text)
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def entity_tooltip(entity: CorpusEntity) -> str:
    """A row's tooltip: the entity, its mentions by label when they disagree, and its names, each
    with why it is one of them (when the entities are resolved)."""
    lines = [f"{isolate(entity.name)} ({entity.label})"]
    if entity.disputed:
        counts = " · ".join(f"{label} {count:,}" for label, count in entity.label_counts)
        lines.append(f"{entity.label} by most mentions; the model said {counts}")
    whys = entity.why or ("",) * len(entity.aliases)
    shown = list(zip(entity.aliases, whys, strict=True))[:TOOLTIP_ALIASES]
    if len(entity.aliases) > 1 or entity.why:
        lines.append("Names:")
        lines += [f"  {isolate(alias)}" + (f": {why}" if why else "") for alias, why in shown]
        if len(entity.aliases) > len(shown):
            lines.append(f"  and {len(entity.aliases) - len(shown):,} more")
    return "\n".join(lines)


class CorpusEntitiesDialog(QDialog):
    """A name filter and a type chooser over the entity table, which the corpus store fills off
    the UI thread; Enter on a row lists the documents that mention it. Tab goes from the filter
    to the type, the sort and the table; in any of them the arrows move in the table and Enter
    chooses its row (a chooser changes with Alt+Down, F4 or typing)."""

    entityChosen = Signal(object)  # the EntityKey

    def __init__(self, store: StoreLink, palette: Palette, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Entities of All Documents")
        self._store = store
        self._palette = palette
        self._asked = 0  # the number of the last question; older answers are dropped
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Filter by name (any of an entity's names)")
        self.filter_edit.setAccessibleName("Filter entities by name")
        self.filter_edit.setClearButtonEnabled(True)
        self.type_box = QComboBox(self)
        self.type_box.setAccessibleName("Entity type")
        self.type_box.addItem("All types", None)
        self.model = EntityTableModel(palette, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.table = QTableView(self)
        self.table.setAccessibleName("Most mentioned entities")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the filter and choosers
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda _index: self._choose())
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName("Entity table status")
        self.sort_box = QComboBox(self)
        self.sort_box.setAccessibleName("Sort by")
        for text, column, order in SORTS:
            self.sort_box.addItem(text, (column, order))
        choosers = QHBoxLayout()
        filter_label = QLabel("&Name:", self)
        filter_label.setBuddy(self.filter_edit)
        type_label = QLabel("&Type:", self)
        type_label.setBuddy(self.type_box)
        sort_label = QLabel("&Sort by:", self)
        sort_label.setBuddy(self.sort_box)
        for widget, stretch in ((filter_label, 0), (self.filter_edit, 2), (type_label, 0), (self.type_box, 1),
                                (sort_label, 0), (self.sort_box, 0)):
            choosers.addWidget(widget, stretch)
        layout = QVBoxLayout(self)
        layout.addLayout(choosers)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        for first, second in ((self.filter_edit, self.type_box), (self.type_box, self.sort_box),
                              (self.sort_box, self.table), (self.table, self.filter_edit)):
            QWidget.setTabOrder(first, second)
        self._timer = single_shot_timer(self, TYPING_PAUSE_MS, self.refresh)
        self.filter_edit.textChanged.connect(lambda _text: self._timer.start())
        self.filter_edit.returnPressed.connect(self._choose)
        # The row above the table is one filter: in any of its boxes Up, Down, Page Up and Page
        # Down move in the table and Enter chooses its row; a chooser changes with Alt+Down, F4 or
        # typing (Down, met on the way from Tab to the table, changed the type by accident).
        ResultsNavigation(self.filter_edit, self.table)
        for chooser in (self.type_box, self.sort_box):
            ResultsNavigation(chooser, self.table, self._choose)
        self.type_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.sort_box.currentIndexChanged.connect(lambda _i: self._sort_changed())
        self.table.horizontalHeader().sortIndicatorChanged.connect(lambda *_: self._to_top())
        self.status.setText("Reading the corpus's entities…")
        self.refresh()
        self._sort_by_choice()
        self.resize(700, 560)
        # Typing filters at once; Up and Down move in the table, Enter chooses its row.
        self.filter_edit.setFocus()

    def refresh_soon(self) -> None:
        """The store took more documents: ask again once it pauses."""
        self._timer.start()

    def refresh(self) -> None:
        """Ask the store for the entities of the chosen type and name filter."""
        label = self.type_box.currentData()
        containing = self.filter_edit.text()
        by_mentions = self.sort_box.currentData()[0] == MENTIONS_COLUMN
        self._asked += 1
        number = self._asked

        def question(store: CorpusStore) -> EntityRows:
            return EntityRows(labels(store), entities(store, label, ROW_LIMIT, containing, by_mentions))

        self._store.ask(question, lambda reply: self._show(number, reply), self, kind="entity table")

    def _show(self, number: int, reply: StoreAnswer) -> None:
        if number != self._asked:
            return  # a newer question was asked meanwhile
        if reply.problem:
            self.status.setText(f"⚠ {reply.problem}")
            return
        answer = reply.result
        assert isinstance(answer, EntityRows)
        rows = answer.rows
        self._offer_labels(answer.labels)
        current = self.table.currentIndex().data(KeyRole)
        self.model.set_rows(rows)
        self.status.setText(self._describe(len(rows)))
        self._to_top(current)

    def _offer_labels(self, found: list[str]) -> None:
        """Offer every type the corpus has so far in the chooser, keeping the one chosen."""
        offered = [self.type_box.itemData(i) for i in range(1, self.type_box.count())]
        if offered == found:
            return
        chosen = self.type_box.currentData()
        self.type_box.blockSignals(True)
        self.type_box.clear()
        self.type_box.addItem("All types", None)
        for label in found:
            self.type_box.addItem(f"{label}: {self._palette.style(label).description}", label)
        self.type_box.setCurrentIndex(max(0, self.type_box.findData(chosen)))
        self.type_box.blockSignals(False)

    def _describe(self, count: int) -> str:
        shown = f"the first {count:,}" if count >= ROW_LIMIT else f"{count:,}"
        what = "entities" if count != 1 else "entity"
        if self.filter_edit.text().strip():
            what += f" named like “{isolate(self.filter_edit.text().strip())}”"
        scope = "" if self._store.complete() else " (the folder is still being indexed)"
        return f"{shown} {what}{scope}. Enter lists the documents that mention the entity."

    def _sort_changed(self) -> None:
        self._sort_by_choice()
        self.refresh()  # the store ranks the first ROW_LIMIT by the chosen count

    def _sort_by_choice(self) -> None:
        column, order = self.sort_box.currentData()
        self.table.sortByColumn(column, order)
        self._to_top()

    def _to_top(self, keep: object = None) -> None:
        # After filling or sorting, start at the top of the ranking (or stay on the entity that
        # was current, when the store sent more), not wherever a row moved.
        if not self.proxy.rowCount():
            return
        row = 0
        if keep is not None:
            found = self.proxy.match(self.proxy.index(0, 0), KeyRole, keep, 1, Qt.MatchFlag.MatchExactly)
            row = found[0].row() if found else 0
        self.table.selectRow(row)
        self.table.setCurrentIndex(self.proxy.index(row, 0))
        if row == 0:
            self.table.scrollToTop()

    def _choose(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.entityChosen.emit(index.data(KeyRole))
            self.accept()
