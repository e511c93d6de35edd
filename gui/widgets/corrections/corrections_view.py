"""The Corrections view (issue 15): the open corpus's corrections in the order they were made,
each with how many mentions it changes; Delete removes the chosen one (Ctrl+Z brings it back),
and the corrections can be imported from and exported to a JSON Lines file."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from gui.core.model.display_text import isolate
from gui.widgets.sidebar.model_index import AnyIndex

if TYPE_CHECKING:
    from gui.core.corpus.store import CorpusStore
    from gui.core.session.events import StoreAnswer
    from gui.widgets.commands.command_context import CommandContext
    from gui.widgets.corrections.window_corrections import WindowCorrections

SeqRole = Qt.ItemDataRole.UserRole + 1
HEADERS = ("Correction", "Mentions changed", "Made")


class CorrectionRow(NamedTuple):
    """A correction as the view lists it."""

    seq: int
    what: str
    mentions: int | None  # None: it changes nothing now (a name no entity has yet)
    made: str


def correction_rows(store: CorpusStore) -> list[CorrectionRow]:
    """The active corrections with how many mentions each changes (on the store's thread)."""
    from gui.core.corpus.store_corrections import correction_changes
    from gui.core.corpus.store_desk import corrections_in_words
    from gui.core.desk.correction_log import active_corrections

    changes = correction_changes(store)
    active = active_corrections(store.db)
    said = corrections_in_words(store, [(item.seq, item.correction) for item in active])
    return [CorrectionRow(item.seq, said[item.seq], changes.get(item.seq), _local(item.made))
            for item in active]


def _local(made: str) -> str:
    """When a correction was made (ISO, UTC), in local time to the minute."""
    try:
        return dt.datetime.fromisoformat(made).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return made


class CorrectionsModel(QAbstractTableModel):
    """The rows of the view: one correction each."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[CorrectionRow] = []

    def set_rows(self, rows: list[CorrectionRow]) -> None:
        """Show these corrections."""
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Qt override: one row per correction."""
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Qt override: what, how many mentions, when."""
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Qt override: the column names."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override: the correction's words, its mention count, when it was made."""
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == SeqRole:
            return row.seq
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if index.column() == 0:
                return isolate(row.what)
            if index.column() == 1:
                return f"{row.mentions or 0:,}"  # none counted: it changes nothing now
            return row.made
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class CorrectionsView(QDialog):
    """Lists the corrections; Delete removes the chosen one; Import and Export share them."""

    def __init__(self, window: CommandContext, corrections: WindowCorrections) -> None:
        super().__init__(window.main_window)
        self.setObjectName("correctionsView")
        self.setWindowTitle("Corrections")
        self._window = window  # the window owns this dialog: no cycle outlives it
        self._corrections = corrections
        self.model = CorrectionsModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Corrections")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.summary = QLabel("Reading the corrections…", self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        for text, slot in (("&Import…", self._import), ("&Export…", self._export)):
            button = QPushButton(text, self)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.summary, self.table, buttons):
            layout.addWidget(widget)
        from gui.widgets.commands.actions import add_dialog_actions  # the table's: Delete removes

        add_dialog_actions(self, "Corrections view", window)
        self._add_action("Undo", [QKeySequence("Ctrl+Z")], corrections.undo)
        self._add_action("Redo", [QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")], corrections.redo)
        corrections.changed.connect(self.refresh)
        self.resize(640, 360)
        self.refresh()

    def _add_action(self, text: str, keys: list[QKeySequence], slot: Any) -> None:
        action = QAction(text, self)
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)

    def refresh(self) -> None:
        """Ask the store for the corrections again (they changed)."""

        def show(reply: StoreAnswer) -> None:
            if reply.problem or not isinstance(reply.result, list):
                self.summary.setText(reply.problem or "The corrections could not be read.")
                return
            row = max(0, self.table.currentIndex().row())
            self.model.set_rows(reply.result)
            count = len(reply.result)
            if count:
                self.summary.setText(f"{count} correction{'s' if count != 1 else ''}: Delete removes the"
                                     " chosen one, Ctrl+Z brings it back")
            else:
                self.summary.setText("No corrections yet: F2 relabels the entity at the caret")
            if count:
                self.table.setCurrentIndex(self.model.index(min(row, count - 1), 0))
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

        self._window.store.ask(correction_rows, show, self)

    def remove_current(self) -> None:
        """Remove the chosen correction (turned off: Ctrl+Z brings it back)."""
        index = self.table.currentIndex()
        if not index.isValid():
            return
        seq = index.data(SeqRole)
        what = self.model.rows[index.row()].what
        self._corrections.remove((int(seq),), f"Removed: {isolate(what)}")

    def _import(self) -> None:
        from gui.widgets.corrections.correction_commands import import_corrections

        import_corrections(self._window)

    def _export(self) -> None:
        from gui.widgets.corrections.correction_commands import export_corrections

        export_corrections(self._window)

