"""The document list's order across sessions: restored when the window is built, remembered (in
QSettings) each time the user chooses another, and said in the status line."""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from gui.core.corpus.list_order import SortBy
from gui.widgets.runtime import settings as keys

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings

    from gui.widgets.commands.command_context import CommandContext


class ListOrderMemory(QObject):
    """Restores the list's order, then follows the user's choices of it (a child of the list's
    pane, which keeps it; the window is held weakly, as its parts hold it)."""

    def __init__(self, settings: QSettings, window: CommandContext) -> None:
        super().__init__(window.document_pane)
        self._settings = settings
        self._window = weakref.ref(window)
        pane = window.document_pane
        pane.set_sort(SortBy.parse(keys.LIST_SORT.read(settings)))
        pane.sortChanged.connect(self._on_sort_changed)

    def _on_sort_changed(self, by: SortBy) -> None:
        window = self._window()
        if window is None:
            return
        keys.LIST_SORT.write(self._settings, window.document_pane.remembered_sort.value)
        window.say(f"Documents sorted by {by.label[0].lower()}{by.label[1:]}", 4000)
