"""The main window: it composes the sidebar, the text and the panels, connects them in one place,
and draws what the reading session says (gui/core/session)."""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow, QMenu, QVBoxLayout, QWidget

from gui import APP_NAME
from gui.core.colours.palette import Palette
from gui.core.corpus.corpus import Corpus, CorpusError, DocumentEntry, load_entry
from gui.core.engine.annotator import CacheLookUp
from gui.core.engine.engine import Engine
from gui.core.entities.mentions import MentionGroup
from gui.core.model.corpus_entry import listed_size
from gui.core.model.display_text import isolate
from gui.core.model.document import Document, Source
from gui.core.session.reading_session import ReadingSession, Shown
from gui.widgets.background.annotation_link import AnnotationLink
from gui.widgets.background.document_loader import DocumentLoader, is_big
from gui.widgets.background.folder_watcher import FolderWatcher
from gui.widgets.background.single_shot_timer import single_shot_timer
from gui.widgets.background.store_link import StoreLink
from gui.widgets.background.type_config_reader import TypeConfigReader
from gui.widgets.commands.window_commands import ColourChoice, follow_system_colours
from gui.widgets.panels.entity_panel import EntityPanel, EntityPanelModel
from gui.widgets.panels.legend import LegendModel, LegendView
from gui.widgets.panels.pane_layout import PaneLayout
from gui.widgets.panels.titled_column import titled_column
from gui.widgets.sidebar.document_sidebar import DocumentSidebar
from gui.widgets.text.document_header import DocumentHeader
from gui.widgets.text.document_view import DocumentView
from gui.widgets.window.big_document_display import BigDocumentDisplay
from gui.widgets.window.document_panels import DocumentPanels
from gui.widgets.window.folder_listing import BACKGROUND_LISTING_OVER, FolderListing
from gui.widgets.window.parts_on_demand import PartsOnDemand
from gui.widgets.window.recent_folders import RecentFolders
from gui.widgets.window.session_queries import SessionQueries
from gui.widgets.window.status_line import StatusLine
from gui.widgets.window.store_replies import StoreReplies
from gui.widgets.window.window_actions import WindowActions
from gui.widgets.window.window_state import dropped_path, restore_window, save_window, start_location

if TYPE_CHECKING:
    from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QPaintEvent

    from gui.core.session import events

log = logging.getLogger(__name__)

WORKER_STARTS_AT_LATEST_MS = 250  # after the window is built, if it has not been painted by then
CLOSE_WAITS_S = 0.05  # for the annotation thread to end, at most, when the window closes


class MainWindow(SessionQueries, PartsOnDemand, QMainWindow):
    """Lists a corpus, shows the selected document with its entities, and runs the commands."""

    # Doc ids go as Python objects: a QString drops the surrogates that stand for a file name's
    # non-UTF-8 bytes, and the id received would then name no document.
    documentShown = Signal(object)  # doc id (str), when its text is on screen
    highlightsShown = Signal(object)  # doc id (str), when its entities are highlighted (maybe none)
    entitiesUnavailable = Signal(str)  # why the engine cannot run
    storeChanged = Signal()  # the corpus store took documents or entities: corpus-wide answers may change
    corpusChanged = Signal(str)  # what changed on disk, in words: "1 added, 2 changed"
    listingProgress = Signal(int, int)  # documents listed so far, documents found in all
    startedUp = Signal()  # once first painted (or `starts_at_latest_ms` after it was built)

    def __init__(
        self,
        settings: QSettings,
        cache_path: Path | None,
        load_engine: Callable[[], Engine],
        palette: Palette | None = None,
        starts_at_latest_ms: int | None = None,
    ) -> None:
        super().__init__()
        self._settings = settings
        self._palette = palette or Palette.load()
        self.cache_path = cache_path  # the entity cache (the corpus stores go beside it)
        self._cache = CacheLookUp(cache_path)  # the shown document's look-ups, in this thread
        self.session = ReadingSession(cached_entities=self._cache)
        self.remember_session = True
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(640, 400)
        self.setAcceptDrops(True)  # a folder or document dropped on the window opens
        self._build_widgets(cache_path)
        self.recent = RecentFolders(self._settings, QMenu("Open &Recent", self), self.open_path)
        self.window_actions = WindowActions(self, self, self.recent.menu)
        # The worker reads through the loader, so that a big document is read once for both.
        self.annotation_link = AnnotationLink(cache_path, load_engine, self.loader.read, self)
        self._connect_signals()
        # The commands' actions are made, and the worker made and started, once the window is
        # first painted (or at the latest after a moment): the first screen needs neither, and the
        # worker's look-ups and indexing would otherwise take turns with building and painting it.
        at_latest = WORKER_STARTS_AT_LATEST_MS if starts_at_latest_ms is None else starts_at_latest_ms
        self._after_first_paint = single_shot_timer(self, at_latest, self._once_painted)
        self._after_first_paint.start()
        # Stop the worker even if the window is dropped without being closed.
        weakref.finalize(self, self.annotation_link.queue.stop)
        restore_window(self._settings, self)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._follow_system_colours)

    # Construction ------------------------------------------------------------------------------

    def _build_widgets(self, cache_path: Path | None) -> None:
        left = self.document_pane = DocumentSidebar(self, chosen_id=self._chosen_id)
        # The pane's parts, by the names the commands and tests use.
        self.filter_edit, self.filter_model = left.filter_edit, left.filter_model
        self.no_match_label, self.sidebar = left.no_match_label, left.list_view
        self.header = DocumentHeader(self)
        self.view = DocumentView(self._palette, self)
        self.view.setObjectName("text")
        centre = QWidget(self)
        self.text_column = QVBoxLayout(centre)  # the find bar goes under the text when first used
        self.text_column.setContentsMargins(0, 4, 0, 4)
        for widget, stretch in ((self.header, 0), (self.view, 1)):
            self.text_column.addWidget(widget, stretch)
        self.legend_model = LegendModel(self._palette, self)
        self.legend = LegendView(self.legend_model, self)
        self.entity_panel_model = EntityPanelModel(self._palette, self)
        self.entity_panel = EntityPanel(self.entity_panel_model, self)
        right = titled_column(
            self, (("Entity types", self.legend, 1), ("Entities in this document", self.entity_panel, 2))
        )
        self.pane_layout = PaneLayout(self, left, centre, right)  # which panes show, by key and width
        self.splitter = self.pane_layout.splitter
        self.setCentralWidget(self.splitter)
        self.status = StatusLine(self.statusBar(), self.session.annotations.summary)
        self.caret_label, self.progress = self.status.caret_label, self.status.progress
        self.panes: list[QWidget] = [left.filter_edit, left.list_view, self.view, self.legend]
        self.panes.append(self.entity_panel)
        self.store = StoreLink(cache_path, self)
        self.store_replies = StoreReplies(self)
        self.document_panels = DocumentPanels(self)  # the legend and the entity panel
        self.colours = ColourChoice()
        self.watcher = FolderWatcher(self)
        self.listing = FolderListing(self)
        self.type_reader = TypeConfigReader(self)
        self.loader: DocumentLoader = DocumentLoader(self)
        self.big_document = BigDocumentDisplay(self)

    def _connect_signals(self) -> None:
        """Every connection between the window's parts, in one place."""
        self.document_pane.entryChosen.connect(self.show_entry)
        self.document_pane.entityFilterCleared.connect(self.session.forget_entity_filter)
        self.view.entityAtCaretChanged.connect(self.status.set_caret)
        self.legend_model.hiddenTypesChanged.connect(
            lambda: self.view.set_hidden_types(self.legend_model.hidden_types)
        )
        self.entity_panel.groupActivated.connect(self._on_group_activated)
        self.entitiesUnavailable.connect(self.start_waiting_export)
        self.watcher.changed.connect(self.listing.relist)
        self.type_reader.typesRead.connect(self._on_types_read)
        self.loader.textLoaded.connect(self.big_document.on_text_read)
        self.loader.headLoaded.connect(self.big_document.on_head_read)
        self.loader.loaded.connect(self.big_document.on_read)
        self.loader.spansPrepared.connect(self.view.take_spans)
        worker = self.annotation_link  # the worker's signals, passed on in this thread
        worker.annotated.connect(self._on_annotated_batch)
        worker.compared.connect(self._on_compared)
        worker.progress.connect(self._on_progress)
        worker.engineLoading.connect(self.status.engine_loading)
        worker.engineLoaded.connect(self.status.engine_loaded)
        worker.engineFailed.connect(self._on_engine_failed)
        worker.cacheProblem.connect(self.status.cache_failed)

    @property
    def actions_by_id(self) -> dict[str, QAction]:
        """Every command's QAction, by command id (made when first asked for)."""
        return self.window_actions.make()

    def _once_painted(self) -> None:
        self.document_panels.window_painted()
        self.window_actions.make()
        self.annotation_link.start()
        self.store.start()
        self.startedUp.emit()

    @property
    def worker_started(self) -> bool:
        """Whether the annotation worker has started (after the first paint)."""
        return self.annotation_link.started

    def hold_start(self) -> None:
        """Make the actions and start the worker only when asked (a key, `actions_by_id`)."""
        self._after_first_paint.stop()

    def start_at_latest(self, ms: int) -> None:
        """Make the actions and start the worker at the first paint, or `ms` from now at the latest."""
        if self._after_first_paint.isActive():
            self._after_first_paint.start(ms)

    @property
    def main_window(self) -> QMainWindow:
        """The window itself, as commands see it (the parent of their dialogs)."""
        return self

    def _on_group_activated(self, group: MentionGroup) -> None:
        from gui.widgets.commands.entity_commands import select_next_mention

        select_next_mention(self, group)

    def start_waiting_export(self) -> None:
        """Start a folder's export that waits for every document's entities, if it may now."""
        if self.made("exports"):  # else no export waits
            self.exports.start_waiting()

    def _follow_system_colours(self) -> None:
        follow_system_colours(self)

    def say(self, text: str, timeout_ms: int = 0) -> None:
        """Show a message in the status bar for `timeout_ms` (0: until the next one)."""
        self.status.say(text, timeout_ms)

    # Opening -----------------------------------------------------------------------------------

    def open_path(self, path: Path, document_name: str | None = None) -> bool:
        """Open a folder, a .txt file or a JSON Lines file; select `document_name` (id or file
        name) or the newest."""
        try:
            corpus = Corpus.open(path, read_at_most=BACKGROUND_LISTING_OVER, read_types=False)
        except CorpusError as error:
            self.say(isolate(str(error)))
            if self.session.corpus is None:
                self.header.show_problem(f"{isolate(str(error))} Press Ctrl+O to open a folder.")
            return False
        if path.is_file() and corpus.root != path:
            document_name = path.stem  # one document of its folder
        # The worker annotates the document shown, and those the corpus store asks for.
        self.session.open(corpus, self.annotation_link.queue.replace(()), wanted=document_name)
        self.store_replies.folder_opened()
        if self.remember_session:
            self.recent.remember(corpus.source)
        self.store.open(corpus.source, self.session.generation, upkeep=not corpus.pending)  # big: once listed
        self.type_reader.read(corpus)  # a big configuration: in the background (_on_types_read)
        self.document_pane.set_corpus(corpus)
        self.watcher.watch_corpus(corpus)
        self.annotation_link.queue.defer_engine(bool(corpus.pending))  # until the listing is done
        if corpus.problems:
            self.say(" ".join(map(isolate, corpus.problems)), 10_000)
        return self.listing.start(corpus)

    def start_annotating(self, corpus: Corpus) -> None:
        """A folder listed in the background is listed: update its store, annotate what it asks."""
        self.store.start_upkeep()
        self.store_replies.annotate_listed_pending(corpus)
        self.annotation_link.queue.defer_engine(False)

    def annotate_again(self, entries: list[DocumentEntry]) -> None:
        """Annotate documents added or changed on disk (again, whatever the worker knew)."""
        self.annotation_link.queue.enqueue(entries, again=True)

    def _on_types_read(self, read: events.TypesRead) -> None:
        """The corpus's own types were read: name and colour them, and say what was wrong."""
        if not self.session.types_read(read):
            return  # another folder was opened meanwhile
        self._palette.configure(read.types)
        self.view.palette_changed()
        self.refresh_entities()  # the legend and the panel take the new names and colours
        if read.problems:
            self.say(" ".join(map(isolate, read.problems)), 10_000)

    def show_entry(self, entry: DocumentEntry) -> None:
        """Show a document of the open corpus (a big one once it is read, off this thread)."""
        self.session.choose(entry)
        if not is_big(entry):
            self.display(entry, load_entry(entry))
            return
        # A big document: read it off this thread and show it when it is read.
        self.header.show_problem(f"Opening {isolate(entry.name)} ({listed_size(entry) / 1e6:.1f} MB)…")
        self.view.show_text("")
        self.loader.load(entry)

    def show_title(self, entry: DocumentEntry, document: Document) -> None:
        """Name the document in the window's title and the header."""
        name = entry.name if entry.record is None else f"{entry.id} — {entry.name}"
        folder = self.session.corpus.name if self.session.corpus else ""
        self.setWindowTitle(" — ".join(isolate(part) for part in (name, folder, APP_NAME) if part))
        self.header.show_document(document.title, document.date, name, document.notices)

    def display(self, entry: DocumentEntry, loaded: Document) -> None:
        """Show a document that has been read, with the entities the session decides."""
        self.watcher.watch_document(entry.path if entry.record is None else None)
        self.show_title(entry, loaded)
        if not self.view.shows(loaded.body):  # a big document's text may be shown already
            self.view.show_text(loaded.body)
        displayed = self.session.display(entry, loaded, look_up=not is_big(entry))
        self._draw(displayed.shown)
        if self.made("find_bar"):
            self.find_bar.refresh()
        self.documentShown.emit(entry.id)
        if displayed.annotate:
            # The worker takes the document as read here rather than reading it again (and fills
            # in what the cache look-up here left out: its list count, its indexes, its groups).
            queue = self.annotation_link.queue
            queue.prioritize(entry, again=displayed.again, document=displayed.shown.document)

    def refresh_entities(self) -> None:
        """Highlight the current document's entities as the session decides, and say whence."""
        shown = self.session.refresh()
        if shown is not None:
            self._draw(shown)

    def _draw(self, shown: Shown) -> None:
        """Draw the entities the session chose for the document on screen (the panels' say
        `highlightsShown` when filled)."""
        annotation, entities = shown.annotation, shown.document.entities
        if shown.ask_engine is not None:
            self.annotation_link.queue.compare(shown.ask_engine)
        self.view.set_entities(entities)
        known = annotation is not None
        source = annotation.source if annotation is not None else None
        self.header.set_entity_summary(len(entities) if known else None, source, shown.detail)
        self.document_panels.show(shown)

    # Annotation results ------------------------------------------------------------------------

    def _on_annotated_batch(self, annotated: events.DocumentsAnnotated) -> None:
        """Documents the worker annotated or found in the cache: a handful per signal."""
        generation = annotated.generation
        for report in annotated.reports:
            accepted = self.session.accept(generation, report)
            if not accepted.stored:
                continue  # a result for the folder that was open before
            self.document_pane.set_entity_count(report.doc_id, self.session.entity_count(report))
            if report.source in (Source.ENGINE, Source.CACHE):
                self.store.take(report.doc_id, report.body, report.entities)
            if accepted.reread is not None:
                # The worker read another version of the file than the one on screen: ask again.
                self.annotation_link.queue.prioritize(accepted.reread, again=True)
            elif accepted.shown is not None:
                self._draw(accepted.shown)

    def _on_compared(self, compared: events.EngineCompared) -> None:
        shown = self.session.accept_comparison(compared.generation, compared.report)
        if shown is not None:
            self._draw(shown)

    def _on_progress(self, progress: events.AnnotationProgress) -> None:
        if progress.generation == self.session.generation:
            self.status.annotated(progress.done, progress.total)

    def _on_engine_failed(self, message: str) -> None:
        log.error("Entity engine unavailable: %s", message)
        self.session.engine_problem = message
        self.entitiesUnavailable.emit(message)
        self.status.stop_progress()
        self.say(message)
        self.status.set_caret("Entities are unavailable: see the message above the text.")
        self.header.notice.setText(f"⚠ Entities are unavailable. {message}")
        self.header.notice.setVisible(True)

    # Settings, drops and closing -----------------------------------------------------------------

    def start_location(self, path: Path | None) -> tuple[Path, str | None]:
        """Where to start: `path` (or the last session's folder if it still exists, else the
        bundled seeds) and the document the last session showed there, if any."""
        return start_location(self._settings, path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Qt override: accept a folder or a document file dragged over the window."""
        if dropped_path(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Qt override: open what was dropped."""
        path = dropped_path(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            self.open_path(path)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Qt override: the first paint makes the actions and starts the worker, right after it."""
        super().paintEvent(event)
        self.document_panels.window_painted()
        if self._after_first_paint.isActive():
            self._after_first_paint.start(0)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Qt override: remember the session and stop the worker before closing."""
        if self.remember_session:
            save_window(self._settings, self)
        self._settings.sync()  # now: the process may end without destroying it (gui.app.run)
        self.listing.stop()
        # The annotation thread is a daemon that ends with the process: a round of the engine,
        # or its loading, is not waited for (closing must be immediate).
        self.annotation_link.shutdown(wait_s=CLOSE_WAITS_S)
        self.store.close(quitting=True)  # its files whole: the process ends next
        self._cache.close()  # and no more look-ups from here
        super().closeEvent(event)
