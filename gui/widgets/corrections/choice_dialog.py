"""A small keyboard dialog that chooses one name from a list by typing part of it: a label for a
relabel or an add, the entity a merge joins. Up and Down move in the list while typing, Enter
chooses, Esc cancels; the list can be refilled as the user types (names asked of the store)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QSortFilterProxyModel, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListView, QVBoxLayout, QWidget


class ChoiceDialog(QDialog):
    """Type to narrow the choices; Enter takes the highlighted one (or, if `free_text`, what
    was typed when none is highlighted)."""

    chosen = Signal(str)

    def __init__(
        self, title: str, prompt: str, choices: Sequence[str], parent: QWidget, free_text: bool = False
    ) -> None:
        super().__init__(parent)
        self.setObjectName("choiceDialog")
        self.setWindowTitle(title)
        self._free_text = free_text
        self.prompt = QLabel(prompt, self)
        self.edit = QLineEdit(self)
        self.edit.setAccessibleName(prompt)
        self.edit.setClearButtonEnabled(True)
        self.model = QStringListModel(list(choices), self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.list_view = QListView(self)
        self.list_view.setModel(self.proxy)
        self.list_view.setAccessibleName("Choices")
        self.list_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys stay in the edit
        layout = QVBoxLayout(self)
        for widget in (self.prompt, self.edit, self.list_view):
            layout.addWidget(widget)
        self.prompt.setBuddy(self.edit)
        self.edit.textChanged.connect(self._narrow)
        self.edit.installEventFilter(self)
        self.edit.returnPressed.connect(self.accept)
        self.list_view.activated.connect(lambda _index: self.accept())
        self._narrow("")
        self.resize(360, 320)

    def set_choices(self, choices: Sequence[str]) -> None:
        """Replace the choices (names asked of the store for what was typed)."""
        self.model.setStringList(list(choices))
        self._narrow(self.edit.text())

    def current_choice(self) -> str:
        """The highlighted choice, else what was typed if free text is allowed, else ''."""
        index = self.list_view.currentIndex()
        if index.isValid():
            return str(index.data())
        return self.edit.text().strip() if self._free_text else ""

    def _narrow(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        if self.proxy.rowCount():
            self.list_view.setCurrentIndex(self.proxy.index(0, 0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt override: Up, Down, Page Up and Page Down in the edit move in the list."""
        if watched is self.edit and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            steps = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -10, Qt.Key.Key_PageDown: 10}
            step = steps.get(Qt.Key(event.key()))
            if step is not None and self.proxy.rowCount():
                row = self.list_view.currentIndex().row() if self.list_view.currentIndex().isValid() else -1
                row = max(0, min(self.proxy.rowCount() - 1, row + step))
                self.list_view.setCurrentIndex(self.proxy.index(row, 0))
                return True
        return super().eventFilter(watched, event)

    def accept(self) -> None:
        """Qt override: choose the highlighted name (nothing chosen: the dialog stays open)."""
        choice = self.current_choice()
        if not choice:
            return
        super().accept()
        self.chosen.emit(choice)
