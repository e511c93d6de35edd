"""Arrow and page keys typed in a query box (or a chooser beside it) move through the list of
results beneath it; Enter there may choose the list's row."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QWidget

from gui.widgets.commands.widget_keys import OPEN_CHOOSER, RESULTS_CHOOSE, RESULTS_MOVE


class ResultsNavigation(QObject):
    """Installed on a query box or a chooser: its navigation keys go to the results view instead,
    and Enter runs `enter` (if given).

    On a combo box (a type or sort chooser above a table) this keeps Down from changing the
    filter by accident when the reader tabs through on the way to the table: the chooser changes
    with Alt+Down or F4 (its list opens, where the arrows choose), or by typing an item's first
    letters, as Qt's choosers do. The keys are widget_keys' RESULTS_MOVE and RESULTS_CHOOSE.

    A chooser over a chart, with no list to move in (`results` None: the timeline's Bars), takes
    the arrows and does nothing with them, so that they change it only as they change the others:
    in its open list."""

    def __init__(
        self, edit: QWidget, results: QAbstractItemView | None, enter: Callable[[], object] | None = None
    ) -> None:
        super().__init__(edit)
        self._results = results
        self._enter = enter
        edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt override: forward Up, Down, Page Up and Page Down to the results; Enter chooses."""
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and isinstance(watched, QComboBox) and OPEN_CHOOSER.matches(event)):
            # A chooser in the window's chart dock: Alt+Down opens its list, not the window's
            # next document (Alt+Down there too).
            event.accept()
            return True
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        if RESULTS_MOVE.matches(event):
            if self._results is not None:
                self._results.keyPressEvent(event)  # the view moves its current row itself
            return True
        if self._enter is not None and RESULTS_CHOOSE.matches(event):
            self._enter()
            return True
        return super().eventFilter(watched, event)
