"""The window's menus and its commands' QActions: the menu titles at once, for the first paint;
the actions a moment after it, or at the first key pressed before then."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from gui.widgets.commands.menus import MENUS

if TYPE_CHECKING:  # QAction and the command table are made after the first paint
    from PySide6.QtGui import QAction

    from gui.widgets.commands.actions import Command
    from gui.widgets.commands.command_context import CommandContext


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


def scopes(context: CommandContext) -> Mapping[str, QWidget]:
    """The widgets that scoped commands are limited to, by the names the command table uses."""
    return {
        "legend": context.legend,
        "filter": context.document_pane.filter_edit,
        "find bar": context.find_bar.edit,
        "document list": context.document_pane.list_view,
        "text": context.view,
        "entity panel": context.entity_panel,
    }


class WindowActions:
    """One window's menus and, once made, the QAction of every command, by command id."""

    def __init__(
        self,
        window: QMainWindow,
        context: CommandContext,
        recent_menu: QMenu,
    ) -> None:
        self._window = weakref.ref(window)  # the window owns its actions
        self._context = weakref.ref(context)  # what the commands act on: the window owns them
        self._recent_menu = recent_menu
        self.menus = {title: window.menuBar().addMenu(title) for title in MENUS}
        for menu in self.menus.values():  # a pane may have given way to a narrow window meanwhile
            menu.aboutToShow.connect(self.show_states)
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
            window = self._window()
            assert window is not None, "the window is gone"
            self._actions = self._build(window)
            window.removeEventFilter(self._first_key)
        return self._actions

    def show_states(self) -> None:
        """Check the menu items of the on/off commands that are on, and enable the commands that
        apply, as things stand."""
        from gui.widgets.commands.actions import COMMANDS

        context = self._context()
        if self._actions is None or context is None:
            return
        for command in COMMANDS:
            if command.checked is not None:
                self._actions[command.id].setChecked(command.checked(context))
            if command.enabled is not None:
                self._actions[command.id].setEnabled(command.enabled(context))

    def run(self, command: Command) -> None:
        """Run a command on the window, then show the on/off states as they are."""
        context = self._context()
        if context is not None:
            command.run(context)
            self.show_states()

    def _trigger(self, command: Command) -> Callable[[], None]:
        """What an action runs: `command` on the window (no arguments: Qt passes its checked state
        to a slot that takes one)."""
        return lambda: self.run(command)

    def _build(self, window: QMainWindow) -> dict[str, QAction]:
        # The command table and its key sequences (QKeySequence, QAction, QIcon) are not needed
        # for the first screen.
        from gui.widgets.commands.actions import COMMANDS, create_actions

        context = self._context()
        assert context is not None, "the window is gone"
        actions = create_actions(window, self._trigger, scopes(context))
        for command in COMMANDS:
            self.menus[command.menu].addAction(actions[command.id])
            if command.id == "open_file":
                self.menus[command.menu].addMenu(self._recent_menu)
        self._actions = actions
        self.show_states()
        return actions
