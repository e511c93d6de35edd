"""View ▸ the panes: hide or show the document list, the entity panel and the docked panes, and
the reading mode that shows only the text (gui/widgets/panels/pane_layout.py holds the layout)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from gui.widgets.commands import window_commands as plain
from gui.widgets.panels.pane_layout import DOCUMENTS, ENTITIES

if TYPE_CHECKING:
    from gui.widgets.commands.command_context import CommandContext


def focus_document_list(window: CommandContext) -> None:
    """Put the focus on the document list, shown if it was hidden."""
    window.pane_layout.reveal(DOCUMENTS)
    plain.focus_sidebar(window)


def focus_filter(window: CommandContext) -> None:
    """Put the focus in the filter box (the document list shown if it was hidden)."""
    window.pane_layout.reveal(DOCUMENTS)
    plain.focus_filter(window)


def focus_legend(window: CommandContext) -> None:
    """Put the focus on the legend, the entity panel shown if it was hidden."""
    window.pane_layout.reveal(ENTITIES)
    plain.focus_legend(window)


def focus_entities(window: CommandContext) -> None:
    """Put the focus on the entity panel, shown if it was hidden."""
    window.pane_layout.reveal(ENTITIES)
    plain.focus_entities(window)


def toggle_document_list(window: CommandContext) -> None:
    """Hide the document list, or show it with the focus in it."""
    if window.pane_layout.toggle(DOCUMENTS):
        window.document_pane.focus_list()
    elif window.document_pane.isAncestorOf(window.main_window.focusWidget()):
        window.view.setFocus(Qt.FocusReason.ShortcutFocusReason)  # the focus never stays hidden


def toggle_entity_panel(window: CommandContext) -> None:
    """Hide the entity types and the document's entities, or show them (the focus stays)."""
    column = window.pane_layout.sides[ENTITIES]
    if not window.pane_layout.toggle(ENTITIES) and column.isAncestorOf(window.main_window.focusWidget()):
        window.view.setFocus(Qt.FocusReason.ShortcutFocusReason)


def toggle_docks(window: CommandContext) -> None:
    """Hide the docked panes (the charts, and any other), or show those hidden so again."""
    layout = window.pane_layout
    if not layout.docks():
        window.say("No docked pane is open: the charts (Ctrl+T, Ctrl+R, Ctrl+Shift+V) open one", 5000)
        return
    if not layout.toggle_docks():
        focused = window.main_window.focusWidget()
        if focused is None or not focused.isVisible():
            window.view.setFocus(Qt.FocusReason.ShortcutFocusReason)


def toggle_reading_mode(window: CommandContext) -> None:
    """Show only the text, or the panes again."""
    set_reading_mode(window, not window.pane_layout.reading)


def leave_reading_mode(window: CommandContext) -> None:
    """Esc in the text: leave the reading mode (nothing otherwise)."""
    if window.pane_layout.reading:
        set_reading_mode(window, False)


def set_reading_mode(window: CommandContext, reading: bool) -> None:
    """Enter or leave the reading mode, the focus in the text, and say how to leave it."""
    window.pane_layout.set_reading(reading)
    window.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
    window.say("Reading mode: only the text. F9 or Esc shows the panes again" if reading
               else "The panes are back", 4000)


def document_list_shown(window: CommandContext) -> bool:
    """Whether the document list is shown."""
    return window.pane_layout.shown(DOCUMENTS)


def entity_panel_shown(window: CommandContext) -> bool:
    """Whether the entity panel is shown."""
    return window.pane_layout.shown(ENTITIES)


def docks_shown(window: CommandContext) -> bool:
    """Whether any docked pane is shown."""
    return window.pane_layout.docks_shown()


def reading(window: CommandContext) -> bool:
    """Whether the reading mode is on."""
    return window.pane_layout.reading
