"""Arrow and page keys typed in a query box move through the list of results beneath it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

_NAVIGATION_KEYS = frozenset(
    {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}
)


class ResultsNavigation(QObject):
    """Installed on a query box: its navigation keys go to the results view instead."""

    def __init__(self, edit: QLineEdit, results: QAbstractItemView) -> None:
        super().__init__(edit)
        self._results = results
        edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt override: forward Up, Down, Page Up and Page Down to the results."""
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _NAVIGATION_KEYS
        ):
            self._results.keyPressEvent(event)  # the view moves its current row itself
            return True
        return super().eventFilter(watched, event)
