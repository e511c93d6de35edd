"""The window's state across sessions (geometry, panes, zoom, hidden types, colours, the folder and
document last shown) and what a drop on it opens."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QSettings
from PySide6.QtWidgets import QSplitter

from gui.core.corpus.corpus import DOCUMENT_SUFFIX, JSONL_SUFFIXES
from gui.core.model.resource_files import seeds_folder
from gui.widgets.commands import window_commands
from gui.widgets.runtime import settings as keys

if TYPE_CHECKING:
    from gui.widgets.commands.command_context import CommandContext

OPENABLE_SUFFIXES = (DOCUMENT_SUFFIX, *JSONL_SUFFIXES)


def restore_window(settings: QSettings, splitter: QSplitter, context: CommandContext) -> None:
    """Give the window the state it had when it was last closed (defaults for anything foreign)."""
    window, view, legend_model = context.main_window, context.view, context.legend_model
    geometry = keys.WINDOW_GEOMETRY.read(settings)
    if geometry.isEmpty() or not window.restoreGeometry(geometry):
        window.resize(1200, 760)
    state = keys.SPLITTER_STATE.read(settings)
    if not state.isEmpty():
        splitter.restoreState(state)
    window_commands.set_zoom(context, keys.ZOOM_STEPS.read(settings), say=False)
    hidden = frozenset(label for label in keys.HIDDEN_TYPES.read(settings) if label)
    legend_model.set_hidden_types(hidden)
    view.set_hidden_types(hidden)
    window_commands.set_label_cue(context, keys.LABEL_CUE.read(settings))
    window_commands.set_colours(context, keys.THEME.read(settings), keys.COLOUR_BLIND.read(settings))


def save_window(settings: QSettings, splitter: QSplitter, context: CommandContext) -> None:
    """Write the window state, the folder and document shown, zoom and hidden types."""
    window, view, session = context.main_window, context.view, context.session
    keys.WINDOW_GEOMETRY.write(settings, window.saveGeometry())
    keys.SPLITTER_STATE.write(settings, splitter.saveState())
    if session.corpus is not None:
        keys.LAST_FOLDER.write(settings, str(session.corpus.root.resolve()))
    if session.current is not None:
        keys.LAST_DOCUMENT.write(settings, session.current.id)
    keys.ZOOM_STEPS.write(settings, view.zoom_steps)
    keys.HIDDEN_TYPES.write(settings, sorted(context.legend_model.hidden_types))
    keys.LABEL_CUE.write(settings, view.label_cue)
    keys.THEME.write(settings, context.colours.theme)
    keys.COLOUR_BLIND.write(settings, context.colours.colour_blind)
    settings.sync()


def start_location(settings: QSettings, path: Path | None) -> tuple[Path, str | None]:
    """Where to start: `path` (or the last session's folder if it still exists, else the bundled
    seeds) and the document the last session showed there, if any."""
    folder = Path(keys.LAST_FOLDER.read(settings) or "")
    document = keys.LAST_DOCUMENT.read(settings) or None
    remembered = folder if folder.name and (folder.is_dir() or folder.is_file()) else None
    target = path if path is not None else remembered or seeds_folder()
    if remembered is not None and remembered.resolve() == target.expanduser().resolve():
        return target, document
    return target, None


def dropped_path(mime: QMimeData) -> Path | None:
    """The first dropped folder, .txt or JSON Lines file (local), if any."""
    for url in mime.urls():
        path = Path(url.toLocalFile()) if url.isLocalFile() else None
        if path is not None and (path.is_dir() or path.suffix.lower() in OPENABLE_SUFFIXES):
            return path
    return None
