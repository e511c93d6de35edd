"""The window's state across sessions (geometry, panes, zoom, hidden types, colours, the folder
last shown, and in each folder the document last read and how far) and what a drop on it opens."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Protocol

from PySide6.QtCore import QEvent, QMimeData, QObject, QSettings

from gui.core.corpus.corpus import DOCUMENT_SUFFIX, JSONL_SUFFIXES
from gui.core.model.resource_files import seeds_folder
from gui.widgets.background.single_shot_timer import single_shot_timer
from gui.widgets.commands import window_commands
from gui.widgets.commands.command_context import CommandContext
from gui.widgets.runtime import settings as keys
from gui.widgets.runtime.settings_sync import SyncLater
from gui.widgets.text.reading_position import scroll_to_top, top_position
from gui.widgets.window.list_order_memory import ListOrderMemory

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

OPENABLE_SUFFIXES = (DOCUMENT_SUFFIX, *JSONL_SUFFIXES)
MAX_READING_PLACES = 50  # folders whose place is remembered, the most recent
READING_MEASURE = 90  # characters in a line, at most, in the reading mode


class RestoredWindow(CommandContext, Protocol):
    """What restoring and saving the window's state use: the commands' context, and the signal
    that a document is on screen."""

    remember_session: bool

    @property
    def documentShown(self) -> SignalInstance:
        """Emitted with a document's id once its text is on screen."""


class ReadingPlace(NamedTuple):
    """Where the reader was in a folder: the document and the first position in view (UTF-16)."""

    doc_id: str
    top: int


def _folder_key(path: Path) -> str:
    return str(path.expanduser().resolve())


def _read_places(settings: QSettings) -> dict[str, ReadingPlace]:
    places: dict[str, ReadingPlace] = {}
    for item in keys.READING_PLACES.read(settings):
        try:
            folder, doc_id, top = json.loads(item)
        except (TypeError, ValueError):  # not JSON, or not three values: an old or foreign value
            continue
        if isinstance(folder, str) and isinstance(doc_id, str) and type(top) is int:
            places.setdefault(folder, ReadingPlace(doc_id, max(top, 0)))
    return places


def reading_place(settings: QSettings, folder: Path) -> ReadingPlace | None:
    """The document last read in a folder (or JSON Lines file) and how far, if remembered."""
    return _read_places(settings).get(_folder_key(folder))


def remember_place(settings: QSettings, folder: Path, place: ReadingPlace) -> None:
    """Remember where the reader is in a folder, as the most recent place."""
    key = _folder_key(folder)
    others = [(other, kept) for other, kept in _read_places(settings).items() if other != key]
    # JSON's escapes keep a file name's undecodable bytes (surrogates), which QSettings would drop.
    items = [json.dumps([name, *kept]) for name, kept in [(key, place), *others]]
    keys.READING_PLACES.write(settings, items[:MAX_READING_PLACES])


# Events by which the reader moves in the text: a place restored is theirs to change from then on.
_READER_MOVES = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel})


class ReadingPlaces(QObject):
    """Remembers, per folder, the document last shown and how far it was scrolled, and scrolls a
    remembered document back there when it is shown again after its folder is opened."""

    def __init__(self, settings: QSettings, window: RestoredWindow) -> None:
        super().__init__(window.main_window)
        self._settings = settings
        self._window = window
        self._shown: tuple[Path, str] | None = None  # the folder and document on screen
        self._restored_in = -1  # the last session generation whose place was restored
        # A place restored is kept at the top while the view is still being given its size (the
        # lines wrap anew and the text would slide), until the reader moves.
        self._pinned: int | None = None
        self._repin = single_shot_timer(self, 0, self._scroll_to_pinned)
        window.documentShown.connect(self._on_shown)
        window.view.textAboutToChange.connect(self._on_leaving)
        window.view.installEventFilter(self)
        window.view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt override: follow the view's resizes with a pinned place, until the reader moves."""
        if self._pinned is not None:
            if event.type() in _READER_MOVES:
                self._pinned = None
            elif event.type() == QEvent.Type.Resize:
                self._repin.start()  # once the view has laid its lines out anew
        return False

    def _scroll_to_pinned(self) -> None:
        if self._pinned is not None:
            scroll_to_top(self._window.view, self._pinned)

    def _on_leaving(self) -> None:
        # The text still on screen: how far the reader got in it.
        self._pinned = None
        if self._shown is not None and self._window.remember_session:
            folder, doc_id = self._shown
            remember_place(self._settings, folder, ReadingPlace(doc_id, top_position(self._window.view)))
        self._shown = None

    def _on_shown(self, doc_id: str) -> None:
        session, view = self._window.session, self._window.view
        if session.corpus is None or not self._window.remember_session:
            return
        folder = session.corpus.source
        if session.generation != self._restored_in:
            # Only the first document shown after the folder opens: one shown again later (its
            # file changed, it was chosen again) keeps the reader's place in this session.
            self._restored_in = session.generation
            place = reading_place(self._settings, folder)
            if place is not None and place.doc_id == doc_id:
                scroll_to_top(view, place.top)
                self._pinned = place.top
        self._shown = (folder, doc_id)
        remember_place(self._settings, folder, ReadingPlace(doc_id, top_position(view)))


def restore_window(settings: QSettings, context: RestoredWindow) -> None:
    """Give the window the state it had when it was last closed (defaults for anything foreign),
    and keep track of where the reader is in each folder from now on."""
    window, view, legend_model = context.main_window, context.view, context.legend_model
    # The reading place changes at every document shown: written once the reader pauses.
    sync_later = settings.findChild(SyncLater) or SyncLater(settings)
    context.documentShown.connect(sync_later.postpone)
    geometry = keys.WINDOW_GEOMETRY.read(settings)
    if geometry.isEmpty() or not window.restoreGeometry(geometry):
        window.resize(1200, 760)
    # The reading mode keeps the lines to a comfortable length.
    context.pane_layout.readingChanged.connect(lambda on: view.set_measure(READING_MEASURE if on else None))
    context.pane_layout.restore(settings)  # the splitter's sizes, the panes shown, the reading mode
    window_commands.set_zoom(context, keys.ZOOM_STEPS.read(settings), say=False)
    hidden = frozenset(label for label in keys.HIDDEN_TYPES.read(settings) if label)
    legend_model.set_hidden_types(hidden)
    view.set_hidden_types(hidden)
    window_commands.set_label_cue(context, keys.LABEL_CUE.read(settings))
    window_commands.set_colours(context, keys.THEME.read(settings), keys.COLOUR_BLIND.read(settings))
    ReadingPlaces(settings, context)  # a child of the window, which keeps it
    ListOrderMemory(settings, context)  # a child of the document list, which keeps it
    if keys.LIST_REVIEW.read(settings) != keys.LIST_REVIEW.default:
        context.review_filter  # noqa: B018  # made now, it applies the reading filter remembered


def save_window(settings: QSettings, context: CommandContext) -> None:
    """Write the window state, the folder and document shown and how far it is read, zoom and
    hidden types."""
    window, view, session = context.main_window, context.view, context.session
    keys.WINDOW_GEOMETRY.write(settings, window.saveGeometry())
    context.pane_layout.save(settings)
    if session.corpus is not None:
        keys.LAST_FOLDER.write(settings, str(session.corpus.root.resolve()))
    if session.current is not None:
        keys.LAST_DOCUMENT.write(settings, session.current.id)
        if session.corpus is not None:
            place = ReadingPlace(session.current.id, top_position(view))
            remember_place(settings, session.corpus.source, place)
    keys.ZOOM_STEPS.write(settings, view.zoom_steps)
    keys.HIDDEN_TYPES.write(settings, sorted(context.legend_model.hidden_types))
    keys.LABEL_CUE.write(settings, view.label_cue)
    keys.THEME.write(settings, context.colours.theme)
    keys.COLOUR_BLIND.write(settings, context.colours.colour_blind)
    settings.sync()


def start_location(settings: QSettings, path: Path | None) -> tuple[Path, str | None]:
    """Where to start: `path` (or the last session's folder if it still exists, else the bundled
    seeds) and the document last read there, if any."""
    folder = Path(keys.LAST_FOLDER.read(settings) or "")
    remembered = folder if folder.name and (folder.is_dir() or folder.is_file()) else None
    target = path if path is not None else remembered or seeds_folder()
    place = reading_place(settings, target)
    if place is not None:
        return target, place.doc_id
    if remembered is not None and remembered.resolve() == target.expanduser().resolve():
        return target, keys.LAST_DOCUMENT.read(settings) or None  # a version that kept no places
    return target, None


def dropped_path(mime: QMimeData) -> Path | None:
    """The first dropped folder, .txt or JSON Lines file (local), if any."""
    for url in mime.urls():
        path = Path(url.toLocalFile()) if url.isLocalFile() else None
        if path is not None and (path.is_dir() or path.suffix.lower() in OPENABLE_SUFFIXES):
            return path
    return None
