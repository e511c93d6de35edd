"""The window's plain commands, each a function of a command context (commands/command_context.py):
moving between documents, entities and panes, find, zoom, the type toggles, themes and colours."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gui.core.colours.palette import load_variant
from gui.widgets.runtime import settings as keys
from gui.widgets.runtime.theme import (
    THEME_NAMES,
    THEMES,
    apply_window_colours,
    is_dark,
    next_theme,
    system_is_dark,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from gui.widgets.commands.command_context import CommandContext
    from gui.widgets.panels.quick_open import QuickOpenDialog


class ColourChoice:
    """The window's theme and whether its entity colours are the colour-blind-safe ones (a plain
    class: a dataclass takes longer to define, and this module is imported before the first paint)."""

    def __init__(self, theme: str = THEMES[0], colour_blind: bool = False) -> None:
        self.theme = theme
        self.colour_blind = colour_blind


def focus_entities(window: CommandContext) -> None:
    """Put the focus on the entity panel."""
    window.entity_panel.setFocus(Qt.FocusReason.ShortcutFocusReason)
    if not window.entity_panel.currentIndex().isValid() and window.entity_panel_model.rowCount():
        first_type = window.entity_panel_model.index(0, 0)
        window.entity_panel.setCurrentIndex(window.entity_panel_model.index(0, 0, first_type))


def show_quick_open(window: CommandContext) -> None:
    """Open a document by typing letters of its title or file name."""
    if window.session.corpus is None:
        return
    from gui.widgets.panels import quick_open  # kept off the start-up path

    entries = window.session.corpus.entries
    at_most = window.quick_open_ranked_here_at_most
    at_most = quick_open.RANKED_HERE_AT_MOST if at_most is None else at_most
    dialog = quick_open.QuickOpenDialog(entries, window.main_window, at_most)
    # The store ranks the documents of a big folder, once it holds them all.
    dialog.model.set_store_ranking(quick_open.store_ranking(window.store, entries, dialog, at_most))
    window.store.opened.connect(dialog.model.store_left)  # its answers owed are dropped then
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: _open_chosen(window, dialog))
    dialog.open()


def _open_chosen(window: CommandContext, dialog: QuickOpenDialog) -> None:
    entry = dialog.chosen()
    if entry is not None and window.jumps.jump_to(entry.id):
        window.view.setFocus(Qt.FocusReason.OtherFocusReason)


def open_folder_dialog(window: CommandContext) -> None:
    """Ask for a folder and open it."""
    from PySide6.QtWidgets import QFileDialog  # dialogs: kept off the start-up path

    start = str(window.session.corpus.root) if window.session.corpus else ""
    folder = QFileDialog.getExistingDirectory(window.main_window, "Open Folder", start)
    if folder:
        window.open_path(Path(folder))


def open_file_dialog(window: CommandContext) -> None:
    """Ask for a .txt or JSON Lines file and open it."""
    from PySide6.QtWidgets import QFileDialog

    start = str(window.session.corpus.root) if window.session.corpus else ""
    name, _ = QFileDialog.getOpenFileName(
        window.main_window,
        "Open File",
        start,
        "Documents (*.txt *.jsonl *.ndjson);;Text files (*.txt);;JSON Lines (*.jsonl *.ndjson)",
    )
    if name:
        window.open_path(Path(name))


def go_next_document(window: CommandContext) -> None:
    """Show the next document of the (filtered) list."""
    window.document_pane.step(lambda row, _rows: row + 1)


def go_previous_document(window: CommandContext) -> None:
    """Show the previous document of the (filtered) list."""
    window.document_pane.step(lambda row, _rows: row - 1 if row >= 0 else 0)


def go_first_document(window: CommandContext) -> None:
    """Show the first (newest) document of the list."""
    window.document_pane.step(lambda _row, _rows: 0)


def go_last_document(window: CommandContext) -> None:
    """Show the last (oldest) document of the list."""
    window.document_pane.step(lambda _row, rows: rows - 1)


def go_next_entity(window: CommandContext) -> None:
    """Select the next highlighted entity in the text."""
    _step_entity(window, forward=True)


def go_previous_entity(window: CommandContext) -> None:
    """Select the previous highlighted entity in the text."""
    _step_entity(window, forward=False)


def _step_entity(window: CommandContext, forward: bool) -> None:
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


def focus_cycle(window: CommandContext) -> list[QWidget]:
    """The panes F6 goes through, in order: the window's that are shown (Alt+1, Alt+2, the reading
    mode and a narrow window hide some), then the chart dock while it is shown."""
    panes = [pane for pane in window.panes if not pane.isHidden() and pane.isVisibleTo(window.main_window)]
    if window.made("charts") and window.charts.isVisible():
        panes.append(window.charts)
    return panes


def _within(widget: QWidget | None, ancestor: QWidget) -> bool:
    """Whether `widget` is `ancestor` or inside it, a floating dock's window included."""
    while widget is not None:
        if widget is ancestor:
            return True
        widget = widget.parentWidget()
    return False


def _focus_pane(window: CommandContext, step: int) -> None:
    focused = QApplication.focusWidget()
    if not _within(focused, window.main_window):
        focused = window.main_window.focusWidget()
    panes = focus_cycle(window)
    # The dock holds many widgets: the focus in any of them is the focus in its pane.
    index = next((i for i, pane in enumerate(panes) if _within(focused, pane)), -1)
    if index == -1:
        index = 0 if step > 0 else 1
    pane = panes[(index + step) % len(panes)]
    if window.made("charts") and pane is window.charts:
        window.charts.focus_chart()
    else:
        pane.setFocus(Qt.FocusReason.ShortcutFocusReason)


def focus_next_pane(window: CommandContext) -> None:
    """Move the focus to the next pane: filter, documents, text, legend, entities, charts."""
    _focus_pane(window, 1)


def focus_previous_pane(window: CommandContext) -> None:
    """Move the focus to the previous pane."""
    _focus_pane(window, -1)


def focus_filter(window: CommandContext) -> None:
    """Put the focus in the filter box, its text selected for typing over."""
    window.document_pane.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
    window.document_pane.filter_edit.selectAll()


def clear_filter(window: CommandContext) -> None:
    """Empty the filter box and go back to the (complete) document list."""
    window.document_pane.filter_edit.clear()
    focus_sidebar(window)


def go_to_list(window: CommandContext) -> None:
    """From the filter box to the document list, on the document shown."""
    focus_sidebar(window)


def focus_sidebar(window: CommandContext) -> None:
    """Put the focus on the document list."""
    window.document_pane.focus_list()


def focus_text(window: CommandContext) -> None:
    """Put the focus on the document text."""
    window.view.setFocus(Qt.FocusReason.ShortcutFocusReason)


def focus_legend(window: CommandContext) -> None:
    """Put the focus on the legend, on its first type if none is current."""
    window.legend.setFocus(Qt.FocusReason.ShortcutFocusReason)
    if not window.legend.currentIndex().isValid() and window.legend_model.rowCount():
        window.legend.setCurrentIndex(window.legend_model.index(0))


def open_find(window: CommandContext) -> None:
    """Show the find bar with the focus in it."""
    window.find_bar.open_bar()


def find_next(window: CommandContext) -> None:
    """Select the next match of the find bar's phrase."""
    window.find_bar.step(forward=True)


def find_previous(window: CommandContext) -> None:
    """Select the previous match of the find bar's phrase."""
    window.find_bar.step(forward=False)


def close_find(window: CommandContext) -> None:
    """Close the find bar and go back to the text."""
    window.find_bar.close_bar()


def zoom_in(window: CommandContext) -> None:
    """Make the text larger."""
    set_zoom(window, window.view.zoom_steps + 1)


def zoom_out(window: CommandContext) -> None:
    """Make the text smaller."""
    set_zoom(window, window.view.zoom_steps - 1)


def zoom_reset(window: CommandContext) -> None:
    """Back to the normal text size."""
    set_zoom(window, 0)


def set_zoom(window: CommandContext, steps: int, say: bool = True) -> None:
    """Set the text size in steps from the normal size, within the allowed range; `say` it
    in the status bar (not when a saved size is restored)."""
    steps = max(keys.ZOOM_MIN_STEPS, min(keys.ZOOM_MAX_STEPS, steps))
    window.view.set_zoom_steps(steps)
    if say:
        window.say(f"Text size {window.view.zoom_percent} %", 2000)


def toggle_type_at_caret(window: CommandContext) -> None:
    """Hide the highlights of the type at the caret; or show them again if hidden."""
    span = window.view.span_at_caret()
    if span is None:
        window.say("Put the caret on an entity to hide its type", 3000)
        return
    window.legend_model.set_hidden_types(window.legend_model.hidden_types ^ {span.label})


def toggle_label_cue(window: CommandContext) -> None:
    """Write each entity's type after it, or stop."""
    set_label_cue(window, not window.view.label_cue)
    shown = window.view.label_cue
    window.say("Entity labels shown" if shown else "Entity labels hidden", 2000)


def set_label_cue(window: CommandContext, shown: bool) -> None:
    """Write each entity's type after it (True) or not, and check the menu item to match."""
    window.view.set_label_cue(shown)


def show_notices(window: CommandContext) -> None:
    """List every notice about the document shown (the header has room for a few)."""
    current = window.session.current
    if current is None or not current.notices:
        window.say("No problems with this document", 3000)
        return
    from gui.widgets.dialogs.notices_dialog import NoticesDialog

    dialog = NoticesDialog(current.path.name, current.notices, window.main_window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()


def switch_theme(window: CommandContext) -> None:
    """Follow the system's colours, then the look it does not have, then the one it has, in turn."""
    set_colours(window, next_theme(window.colours.theme, system_is_dark()), window.colours.colour_blind)
    theme = window.colours.theme
    now = f" ({'dark' if is_dark(theme) else 'light'} now)" if theme == "system" else ""
    window.say(f"Theme: {THEME_NAMES[theme]}{now}", 3000)


def toggle_colour_blind(window: CommandContext) -> None:
    """Switch between the usual entity colours and the colour-blind-safe ones."""
    set_colours(window, window.colours.theme, not window.colours.colour_blind)
    state = "on" if window.colours.colour_blind else "off"
    window.say(f"Colour-blind-safe colours {state}", 3000)


def set_colours(window: CommandContext, theme: str, colour_blind: bool) -> None:
    """Use a theme and an entity palette: the window's colours and the highlights follow."""
    window.colours.theme = theme if theme in THEMES else THEMES[0]
    window.colours.colour_blind = colour_blind
    dark = is_dark(window.colours.theme)
    app = QApplication.instance()
    if isinstance(app, QApplication):
        apply_window_colours(app, window.colours.theme)
        # Setting the stylesheet again re-polishes the widgets, which resets the text's zoom.
        window.view.set_zoom_steps(window.view.zoom_steps)
    window.entity_palette.use(load_variant(dark, colour_blind))
    window.view.palette_changed()
    window.refresh_entities()  # the legend and the panel take the new colours


def follow_system_colours(window: CommandContext) -> None:
    """The desktop switched between light and dark: follow it if the theme says so."""
    if window.colours.theme == "system":
        set_colours(window, window.colours.theme, window.colours.colour_blind)


def show_all_types(window: CommandContext) -> None:
    """Show every entity type again."""
    window.legend_model.set_hidden_types(frozenset())


def toggle_selected_legend_type(window: CommandContext) -> None:
    """Hide or show the type selected in the legend."""
    window.legend.toggle_current()


def show_shortcuts(window: CommandContext) -> None:
    """Show the list of keyboard shortcuts."""
    from gui.widgets.dialogs.shortcuts_dialog import ShortcutsDialog

    dialog = ShortcutsDialog(window.main_window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()


def close_window(window: CommandContext) -> None:
    """Close the window (and quit)."""
    window.main_window.close()


def label_cue_shown(window: CommandContext) -> bool:
    """Whether each entity's type is written after it."""
    return window.view.label_cue


def colour_blind_safe(window: CommandContext) -> bool:
    """Whether the entity colours are the colour-blind-safe ones."""
    return window.colours.colour_blind
