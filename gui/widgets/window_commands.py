"""The window's plain commands: moving between documents, entities and panes, find, zoom and
the type toggles. They act on the main window's parts; the command table names them like its own."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gui.core.palette import load_variant
from gui.widgets import settings as keys
from gui.widgets.theme import THEME_NAMES, THEMES, apply_window_colours, is_dark, next_theme
from gui.widgets.window_part import WindowPart

if TYPE_CHECKING:
    from gui.widgets.main_window import MainWindow
    from gui.widgets.quick_open import QuickOpenDialog


class WindowCommands(WindowPart):
    """Slots for the navigation, focus, find, zoom and display commands of one window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.theme = THEMES[0]
        self.colour_blind = False

    def focus_entities(self) -> None:
        """Put the focus on the entity panel."""
        window = self._window
        window.entity_panel.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not window.entity_panel.currentIndex().isValid() and window.entity_panel_model.rowCount():
            first_type = window.entity_panel_model.index(0, 0)
            window.entity_panel.setCurrentIndex(window.entity_panel_model.index(0, 0, first_type))

    def show_quick_open(self) -> None:
        """Open a document by typing letters of its title or file name."""
        window = self._window
        if window.corpus is None:
            return
        from gui.widgets.quick_open import QuickOpenDialog  # dialogs: kept off the start-up path

        dialog = QuickOpenDialog(window.corpus.entries, window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._open_chosen(dialog))
        dialog.open()

    def _open_chosen(self, dialog: QuickOpenDialog) -> None:
        window = self._window
        entry = dialog.chosen()
        if entry is not None and window.jumps.jump_to(entry.id):
            window.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_folder_dialog(self) -> None:
        """Ask for a folder and open it."""
        from PySide6.QtWidgets import QFileDialog  # dialogs: kept off the start-up path

        window = self._window
        start = str(window.corpus.root) if window.corpus else ""
        folder = QFileDialog.getExistingDirectory(window, "Open Folder", start)
        if folder:
            window.open_path(Path(folder))

    def open_file_dialog(self) -> None:
        """Ask for a .txt or JSON Lines file and open it."""
        from PySide6.QtWidgets import QFileDialog

        window = self._window
        start = str(window.corpus.root) if window.corpus else ""
        name, _ = QFileDialog.getOpenFileName(
            window,
            "Open File",
            start,
            "Documents (*.txt *.jsonl *.ndjson);;Text files (*.txt);;JSON Lines (*.jsonl *.ndjson)",
        )
        if name:
            window.open_path(Path(name))

    def go_next_document(self) -> None:
        """Show the next document of the (filtered) list."""
        window = self._window
        window.document_pane.step(lambda row, _rows: row + 1)

    def go_previous_document(self) -> None:
        """Show the previous document of the (filtered) list."""
        window = self._window
        window.document_pane.step(lambda row, _rows: row - 1 if row >= 0 else 0)

    def go_first_document(self) -> None:
        """Show the first (newest) document of the list."""
        window = self._window
        window.document_pane.step(lambda _row, _rows: 0)

    def go_last_document(self) -> None:
        """Show the last (oldest) document of the list."""
        window = self._window
        window.document_pane.step(lambda _row, rows: rows - 1)

    def go_next_entity(self) -> None:
        """Select the next highlighted entity in the text."""
        self._step_entity(forward=True)

    def go_previous_entity(self) -> None:
        """Select the previous highlighted entity in the text."""
        self._step_entity(forward=False)

    def _step_entity(self, forward: bool) -> None:
        window = self._window
        before = window.view.textCursor().selectionStart()
        span = window.view.select_next_entity(forward)
        if span is None:
            window.say("No highlighted entities in this document", 3000)
            return
        if (span.start < before) if forward else (span.start > before):
            where = "first" if forward else "last"
            window.say(f"Wrapped around to the {where} entity", 3000)
        if not window.view.hasFocus():
            window.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _focus_pane(self, step: int) -> None:
        window = self._window
        focused = window.focusWidget()
        index = next((i for i, pane in enumerate(window.panes) if pane is focused), -1)
        if index == -1:
            index = 0 if step > 0 else 1
        window.panes[(index + step) % len(window.panes)].setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_next_pane(self) -> None:
        """Move the focus to the next pane: filter, documents, text, legend."""
        self._focus_pane(1)

    def focus_previous_pane(self) -> None:
        """Move the focus to the previous pane."""
        self._focus_pane(-1)

    def focus_filter(self) -> None:
        """Put the focus in the filter box, its text selected for typing over."""
        window = self._window
        window.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        window.filter_edit.selectAll()

    def clear_filter(self) -> None:
        """Empty the filter box and go back to the (complete) document list."""
        window = self._window
        window.filter_edit.clear()
        self.focus_sidebar()

    def go_to_list(self) -> None:
        """From the filter box to the document list, on the document shown."""
        self.focus_sidebar()

    def focus_sidebar(self) -> None:
        """Put the focus on the document list."""
        window = self._window
        window.document_pane.focus_list()

    def focus_text(self) -> None:
        """Put the focus on the document text."""
        window = self._window
        window.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_legend(self) -> None:
        """Put the focus on the legend, on its first type if none is current."""
        window = self._window
        window.legend.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not window.legend.currentIndex().isValid() and window.legend_model.rowCount():
            window.legend.setCurrentIndex(window.legend_model.index(0))

    def open_find(self) -> None:
        """Show the find bar with the focus in it."""
        window = self._window
        window.find_bar.open_bar()

    def find_next(self) -> None:
        """Select the next match of the find bar's phrase."""
        window = self._window
        window.find_bar.step(forward=True)

    def find_previous(self) -> None:
        """Select the previous match of the find bar's phrase."""
        window = self._window
        window.find_bar.step(forward=False)

    def close_find(self) -> None:
        """Close the find bar and go back to the text."""
        window = self._window
        window.find_bar.close_bar()

    def zoom_in(self) -> None:
        """Make the text larger."""
        window = self._window
        self.set_zoom(window.view.zoom_steps + 1)

    def zoom_out(self) -> None:
        """Make the text smaller."""
        window = self._window
        self.set_zoom(window.view.zoom_steps - 1)

    def zoom_reset(self) -> None:
        """Back to the normal text size."""
        self.set_zoom(0)

    def set_zoom(self, steps: int, say: bool = True) -> None:
        """Set the text size in steps from the normal size, within the allowed range; `say` it
        in the status bar (not when a saved size is restored)."""
        window = self._window
        steps = max(keys.ZOOM_MIN_STEPS, min(keys.ZOOM_MAX_STEPS, steps))
        window.view.set_zoom_steps(steps)
        if say:
            window.say(f"Text size {window.view.zoom_percent} %", 2000)

    def toggle_type_at_caret(self) -> None:
        """Hide the highlights of the type at the caret; or show them again if hidden."""
        window = self._window
        span = window.view.span_at_caret()
        if span is None:
            window.say("Put the caret on an entity to hide its type", 3000)
            return
        window.legend_model.set_hidden_types(window.legend_model.hidden_types ^ {span.label})

    def toggle_label_cue(self) -> None:
        """Write each entity's type after it, or stop."""
        window = self._window
        self.set_label_cue(not window.view.label_cue)
        shown = window.view.label_cue
        window.say("Entity labels shown" if shown else "Entity labels hidden", 2000)

    def set_label_cue(self, shown: bool) -> None:
        """Write each entity's type after it (True) or not, and check the menu item to match."""
        window = self._window
        window.view.set_label_cue(shown)
        window.check_action("label_cue", shown)

    def show_notices(self) -> None:
        """List every notice about the document shown (the header has room for a few)."""
        window = self._window
        current = window.current_document
        if current is None or not current.notices:
            window.say("No problems with this document", 3000)
            return
        from gui.widgets.notices_dialog import NoticesDialog

        dialog = NoticesDialog(current.path.name, current.notices, window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def switch_theme(self) -> None:
        """Light, dark or the system's colours, in turn."""
        self.set_colours(next_theme(self.theme), self.colour_blind)
        self._window.say(f"Theme: {THEME_NAMES[self.theme]}", 3000)

    def toggle_colour_blind(self) -> None:
        """Switch between the usual entity colours and the colour-blind-safe ones."""
        self.set_colours(self.theme, not self.colour_blind)
        state = "on" if self.colour_blind else "off"
        self._window.say(f"Colour-blind-safe colours {state}", 3000)

    def set_colours(self, theme: str, colour_blind: bool) -> None:
        """Use a theme and an entity palette: the window's colours and the highlights follow."""
        window = self._window
        self.theme = theme if theme in THEMES else THEMES[0]
        self.colour_blind = colour_blind
        dark = is_dark(self.theme)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_window_colours(app, self.theme)
            # Setting the stylesheet again re-polishes the widgets, which resets the text's zoom.
            window.view.set_zoom_steps(window.view.zoom_steps)
        window.entity_palette.use(load_variant(dark, colour_blind))
        window.check_action("colour_blind", colour_blind)
        window.view.palette_changed()
        window.refresh_entities()  # the legend and the panel take the new colours

    def follow_system_colours(self) -> None:
        """The desktop switched between light and dark: follow it if the theme says so."""
        if self.theme == "system" and self.window_alive:
            self.set_colours(self.theme, self.colour_blind)

    def show_all_types(self) -> None:
        """Show every entity type again."""
        window = self._window
        window.legend_model.set_hidden_types(frozenset())

    def toggle_selected_legend_type(self) -> None:
        """Hide or show the type selected in the legend."""
        window = self._window
        window.legend.toggle_current()

    def show_shortcuts(self) -> None:
        """Show the list of keyboard shortcuts."""
        from gui.widgets.shortcuts_dialog import ShortcutsDialog

        dialog = ShortcutsDialog(self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
