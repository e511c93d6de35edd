"""The window's menus and its commands' QActions: the menu titles at once, for the first paint;
the actions a moment after it, or at the first key pressed before then."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from gui.widgets.menus import MENUS

if TYPE_CHECKING:  # QAction is made after the first paint
    from PySide6.QtGui import QAction


class _MakesActionsOnFirstKey(QObject):
    """Installed on the window until its actions are made: a key pressed before then makes them,
    so that its shortcut works (Qt asks the focus widget, then its window, whether it takes the
    key, before it looks the key up among the shortcuts)."""

    def __init__(self, make: Callable[[], object], parent: QObject) -> None:
        super().__init__(parent)
        self._make = make

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt override: make the actions at the first key; let every event through."""
        if event.type() == QEvent.Type.ShortcutOverride:
            self._make()
        return False


class WindowActions:
    """One window's menus and, once made, the QAction of every command, by command id."""

    def __init__(
        self,
        window: QMainWindow,
        recent_menu: QMenu,
        slot: Callable[[str], Callable[[], object]],
        scopes: Callable[[], Mapping[str, QWidget]],
        states: Callable[[], Mapping[str, bool]],
    ) -> None:
        self._window = window
        self._recent_menu = recent_menu
        self._slot = slot  # the callable a command names
        self._scopes = scopes  # the widgets that scoped commands are limited to, by name
        self._states = states  # what each checkable command shows, as things stand
        self.menus = {title: window.menuBar().addMenu(title) for title in MENUS}
        self._actions: dict[str, QAction] | None = None
        self._first_key = _MakesActionsOnFirstKey(self.make, window)
        window.installEventFilter(self._first_key)

    @property
    def made(self) -> bool:
        """Whether the actions exist yet."""
        return self._actions is not None

    def make(self) -> dict[str, QAction]:
        """The actions by command id, made and put in the menus the first time."""
        if self._actions is None:
            self._actions = self._build()
            self._window.removeEventFilter(self._first_key)
        return self._actions

    def check(self, command_id: str, checked: bool) -> None:
        """Show a checkable command's state in its menu (once its action is made)."""
        if self._actions is not None:
            self._actions[command_id].setChecked(checked)

    def _build(self) -> dict[str, QAction]:
        # The command table and its key sequences (QKeySequence, QAction, QIcon) are not needed
        # for the first screen.
        from gui.widgets.actions import COMMANDS, create_actions

        actions = create_actions(self._window, self._slot, self._scopes())
        states = self._states()
        for command in COMMANDS:
            self.menus[command.menu].addAction(actions[command.id])
            if command.id == "open_file":
                self.menus[command.menu].addMenu(self._recent_menu)
            if command.checkable:
                actions[command.id].setChecked(states[command.id])
        return actions
