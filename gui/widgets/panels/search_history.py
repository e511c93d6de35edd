"""The corpus search box's past searches (kept in the desk, gui/core/desk/views.py): Up recalls
the one before, Down the one after, as in a shell, while the box is empty or shows one recalled;
otherwise Up and Down move through the results. A search is remembered when its box closes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLineEdit

from gui.core.desk.views import SearchRecall, past_searches, remember_search
from gui.core.search.query import QueryError, parse_query
from gui.widgets.commands.widget_keys import NEWER_SEARCH, OLDER_SEARCH

if TYPE_CHECKING:
    from gui.core.session.events import StoreAnswer
    from gui.widgets.background.store_link import StoreLink


class SearchHistory(QObject):
    """Installed on a search box (after its results' navigation, so that it is asked first)."""

    def __init__(self, edit: QLineEdit, store: StoreLink, dialog: QDialog) -> None:
        super().__init__(dialog)
        self._edit = edit
        self._store = store
        self.recall = SearchRecall([])
        self._loaded = False
        edit.installEventFilter(self)
        edit.textEdited.connect(lambda _text: self.recall.stop())  # typed, not recalled
        dialog.finished.connect(lambda _result: self.remember(edit.text()))
        store.ask(lambda store: past_searches(store.db), self._on_loaded, self)

    @property
    def loaded(self) -> bool:
        """Whether the past searches have come from the desk."""
        return self._loaded

    def _on_loaded(self, reply: StoreAnswer) -> None:
        if isinstance(reply.result, list):
            self.recall = SearchRecall([*reply.result, *self.recall.searches])
        self._loaded = True

    def remember(self, text: str) -> None:
        """Keep a search that could be made (not an empty box, nor one the language refuses)."""
        text = text.strip()
        try:
            parse_query(text)
        except QueryError:  # an empty box too
            return
        self.recall.add(text)
        self._store.ask(lambda store: remember_search(store.db, text), lambda _reply: None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt override: Up and Down recall past searches while the box is empty or shows one."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if OLDER_SEARCH.matches(event) and (self.recall.recalling or not self._edit.text()):
            recalled = self.recall.older(self._edit.text())
        elif NEWER_SEARCH.matches(event) and self.recall.recalling:
            recalled = self.recall.newer()
        else:
            return False
        if recalled is None:
            return False  # nothing to recall: the results move, as without a history
        self._edit.setText(recalled)  # setText, not typing: textEdited is not emitted
        return True
