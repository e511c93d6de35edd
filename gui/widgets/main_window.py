"""The main window: sidebar, document view and legend, wired to the commands and the worker."""

from __future__ import annotations

import dataclasses
import logging
import sys
import weakref
from collections.abc import Callable, Sequence
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QMimeData, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication, QPaintEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gui import APP_NAME
from gui.core.annotation_store import AnnotatedDocument, Annotation, AnnotationStore
from gui.core.annotator import Annotator
from gui.core.cache import EntityCache, text_key
from gui.core.corpus import (
    DOCUMENT_SUFFIX,
    JSONL_SUFFIXES,
    Corpus,
    CorpusChange,
    CorpusError,
    DocumentEntry,
    load_entry,
)
from gui.core.display_text import isolate
from gui.core.document import Document, Entity, Source
from gui.core.engine import Engine, EngineError, pipeline_name
from gui.core.mentions import MentionGroup, group_mentions
from gui.core.offsets import OffsetMap
from gui.core.palette import Palette
from gui.core.resource_files import seeds_folder
from gui.widgets import settings as keys
from gui.widgets.annotation_worker import AnnotationThread, AnnotationWorker
from gui.widgets.corpus_lister import BACKGROUND_LISTING_OVER, CorpusLister
from gui.widgets.document_header import DocumentHeader
from gui.widgets.document_loader import DocumentLoader, is_big, listed_size
from gui.widgets.document_sidebar import DocumentSidebar
from gui.widgets.document_view import DocumentView
from gui.widgets.engine_comparison import EngineComparison, difference_summary
from gui.widgets.entity_commands import EntityCommands
from gui.widgets.entity_panel import EntityPanel, EntityPanelModel
from gui.widgets.export_commands import ExportCommands
from gui.widgets.find_bar import FindBar
from gui.widgets.folder_watcher import FolderWatcher
from gui.widgets.legend import LegendModel, LegendView
from gui.widgets.menus import MENUS
from gui.widgets.prepared_spans import PreparedSpans
from gui.widgets.recent_folders import RecentFolders
from gui.widgets.single_shot_timer import single_shot_timer
from gui.widgets.taking_turns import SWITCH_INTERVAL_S
from gui.widgets.type_config_reader import TypeConfigReader, TypesRead
from gui.widgets.window_commands import WindowCommands

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from gui.core.entity_index import EntityIndex
    from gui.core.history import History, Location
    from gui.core.text_search import TextIndex

log = logging.getLogger(__name__)

OPENABLE_SUFFIXES = (DOCUMENT_SUFFIX, *JSONL_SUFFIXES)
GROUP_HERE_AT_MOST = 2_000  # entities whose mentions the UI thread groups itself
INDEX_IN_TURNS_OVER = 20_000  # entities of a document indexed over two turns of the event loop
PROGRESS_REPAINT_MS = 150
WORKER_STARTS_AT_LATEST_MS = 250  # after the window is built, if it has not been painted by then


class _MakesActionsOnFirstKey(QObject):
    """Installed on the window until its actions are made: a key pressed before then makes them,
    so that its shortcut works (Qt asks the focus widget, then its window, whether it takes the
    key, before it looks the key up among the shortcuts)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt override: make the actions at the first key; let every event through."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(watched, MainWindow):
            watched._make_actions()
        return False


class MainWindow(QMainWindow):
    """Lists a corpus, shows the selected document with its entities, and runs the commands."""

    # Doc ids go as Python objects: a QString drops the surrogates that stand for a file name's
    # non-UTF-8 bytes, and the id received would then name no document.
    documentShown = Signal(object)  # doc id (str), when its text is on screen
    highlightsShown = Signal(object)  # doc id (str), when its entities are highlighted (maybe none)
    entitiesUnavailable = Signal(str)  # why the engine cannot run
    documentIndexed = Signal(object)  # doc id (str), once its entities and text are in the corpus indexes
    corpusChanged = Signal(str)  # what changed on disk, in words: "1 added, 2 changed"
    listingProgress = Signal(int, int)  # documents listed so far, documents found in all
    startedUp = Signal()  # once first painted (or WORKER_STARTS_AT_LATEST_MS after it was built)

    def __init__(
        self,
        settings: QSettings,
        cache_path: Path | None,
        load_engine: Callable[[], Engine],
        palette: Palette | None = None,
    ) -> None:
        super().__init__()
        self._settings = settings
        self._palette = palette or Palette.load()
        self._corpus: Corpus | None = None
        self._current: Document | None = None
        self._annotations = AnnotationStore()
        self.remember_session = True
        self._engine_problem = ""  # why the engine cannot run, once it failed
        self.cache_problem = ""  # why the entity cache cannot be used or written, if it cannot
        self._shown: Document | None = None  # the current document with its highlighted entities
        self._shown_annotation: Annotation | None = None  # what they are and where they came from
        self._cache_path = cache_path
        self._cache_reader: Annotator | None = None  # looks up the document shown, in this thread
        # The threads the window starts hand the interpreter back to its UI thread often.
        sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL_S))
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(640, 400)
        self.setAcceptDrops(True)  # a folder or document dropped on the window opens
        self._build_widgets()
        self._build_menus()
        self._actions: dict[str, QAction] | None = None  # made after the first paint (_make_actions)
        self._first_key = _MakesActionsOnFirstKey(self)
        self.installEventFilter(self._first_key)
        # The worker reads through the loader, so that a big document is read once for both.
        self._worker = AnnotationWorker(cache_path, load_engine, read_entry=self.loader.read)
        self._connect_worker(self._worker)
        self._thread = AnnotationThread(self._worker)
        # The commands' actions are made, and the worker starts, once the window is first painted
        # (or at the latest after a moment): the first screen needs neither, and the worker's
        # look-ups and indexing would otherwise take turns with building and painting it.
        self._after_first_paint = single_shot_timer(
            self, WORKER_STARTS_AT_LATEST_MS, self._once_painted
        )
        self._after_first_paint.start()
        # Stop the worker even if the window is dropped without being closed.
        weakref.finalize(self, self._worker.stop)
        self._restore_settings()

    # Construction ------------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        left = self.document_pane = DocumentSidebar(self)
        left.entryChosen.connect(self._show_entry)
        # The pane's parts, by the names the commands and tests use.
        self.filter_edit = left.filter_edit
        self.filter_model = left.filter_model
        self.no_match_label = left.no_match_label
        self.sidebar = left.list_view

        self.header = DocumentHeader(self)
        self.view = DocumentView(self._palette, self)
        self.view.setObjectName("text")
        self.view.entityAtCaretChanged.connect(self._on_entity_at_caret)
        centre = QWidget(self)
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 4, 0, 4)
        centre_layout.addWidget(self.header)
        centre_layout.addWidget(self.view, 1)
        self.find_bar = FindBar(self.view, self)
        centre_layout.addWidget(self.find_bar)

        self.legend_model = LegendModel(self._palette, self)
        self.legend_model.hiddenTypesChanged.connect(self._on_hidden_types_changed)
        self.legend = LegendView(self.legend_model, self)
        legend_title = QLabel("Entity types", self)
        legend_title.setBuddy(self.legend)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 4, 4, 4)
        right_layout.addWidget(legend_title)
        right_layout.addWidget(self.legend, 1)
        self.entity_panel_model = EntityPanelModel(self._palette, self)
        self.entity_panel = EntityPanel(self.entity_panel_model, self)
        self.entity_commands = EntityCommands(self)
        self.comparison = EngineComparison(self)
        self.export_commands = ExportCommands(self)
        self.commands = WindowCommands(self)
        self.watcher = FolderWatcher(self)
        self.watcher.changed.connect(self.refresh_corpus)
        self.lister = CorpusLister(self)
        self.lister.listed.connect(self._on_listed)
        self.type_reader = TypeConfigReader(self)
        self.type_reader.typesRead.connect(self._on_types_read)
        self.loader = DocumentLoader(self)
        self.loader.textLoaded.connect(self._on_text_loaded)
        self.loader.headLoaded.connect(self._on_head_loaded)
        self.loader.loaded.connect(self._on_loaded)
        self.loader.spansPrepared.connect(self.view.take_spans)
        self._wanted: str | None = None  # the document to show once a big folder lists it
        self._stand_in: str | None = None  # the document shown while a big folder is listed
        self._progress_state = (0, 0)  # the worker's last (done, total)
        self._progress_timer = single_shot_timer(self, PROGRESS_REPAINT_MS, self._show_progress)
        self.entity_panel.groupActivated.connect(self.entity_commands.select_next_mention)
        panel_title = QLabel("Entities in this document", self)
        panel_title.setBuddy(self.entity_panel)
        right_layout.addWidget(panel_title)
        right_layout.addWidget(self.entity_panel, 2)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("splitter")
        for pane in (left, centre, right):
            self.splitter.addWidget(pane)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 700, 220])
        self.setCentralWidget(self.splitter)

        self.caret_label = QLabel(self)
        self.caret_label.setObjectName("caretEntity")
        self.caret_label.setTextFormat(Qt.TextFormat.PlainText)
        self.progress = QProgressBar(self)
        self.progress.setMinimumWidth(230)
        self.progress.setVisible(False)
        self.statusBar().addWidget(self.caret_label, 1)
        self.statusBar().addPermanentWidget(self.progress)
        self.panes: list[QWidget] = [
            self.filter_edit, self.sidebar, self.view, self.legend, self.entity_panel
        ]

    def _build_menus(self) -> None:
        """The menus, empty until the actions are made: their titles are in the first paint."""
        self._menus = {title: self.menuBar().addMenu(title) for title in MENUS}
        self.recent = RecentFolders(self._settings, QMenu("Open &Recent", self), self.open_path)

    @property
    def actions_by_id(self) -> dict[str, QAction]:
        """Every command's QAction, by command id (see _make_actions)."""
        return self._make_actions()

    def _make_actions(self) -> dict[str, QAction]:
        """The actions, made and put in the menus the first time: just after the window's first
        paint, when a key is pressed before it, or when first asked for."""
        if self._actions is None:
            self._actions = self._build_actions()
            self.removeEventFilter(self._first_key)
        return self._actions

    def _build_actions(self) -> dict[str, QAction]:
        # The command table and its key sequences (QKeySequence, QAction, QIcon): about 9 ms,
        # not needed for the first screen.
        from gui.widgets.actions import COMMANDS, create_actions

        scopes: dict[str, QWidget] = {
            "legend": self.legend,
            "filter": self.filter_edit,
            "find bar": self.find_bar.edit,
            "document list": self.sidebar,
            "text": self.view,
            "entity panel": self.entity_panel,
        }
        actions = create_actions(self, self._slot, scopes)
        # What the checkable commands show, as things stand (each must have its state here).
        states = {
            "label_cue": self.view.label_cue,
            "colour_blind": self.commands.colour_blind,
            "compare_engine": self.comparison.active,
        }
        for command in COMMANDS:
            self._menus[command.menu].addAction(actions[command.id])
            if command.id == "open_file":
                self._menus[command.menu].addMenu(self.recent.menu)
            if command.checkable:
                actions[command.id].setChecked(states[command.id])
        return actions

    def check_action(self, command_id: str, checked: bool) -> None:
        """Show a checkable command's state in its menu (once its action is made)."""
        if self._actions is not None:
            self._actions[command_id].setChecked(checked)

    def _once_painted(self) -> None:
        self._make_actions()
        self._thread.start()
        self.startedUp.emit()

    def _slot(self, name: str) -> Callable[[], object]:
        """The method a command names: the window's own, or one of its entity commands."""
        slot = getattr(self, name, None)
        for holder in (self.commands, self.entity_commands, self.comparison, self.export_commands):
            slot = slot or getattr(holder, name, None)
        assert callable(slot), name
        return slot  # type: ignore[no-any-return]

    def _connect_worker(self, worker: AnnotationWorker) -> None:
        worker.annotated.connect(self._on_annotated_batch)
        worker.compared.connect(self.comparison.on_compared)
        worker.progress.connect(self._on_progress)
        # Bound methods, not lambdas: a lambda would run in the worker's thread.
        worker.engineLoading.connect(self._on_engine_loading)
        worker.engineLoaded.connect(self._on_engine_loaded)
        worker.engineFailed.connect(self._on_engine_failed)
        worker.cacheProblem.connect(self._on_cache_problem)

    # Opening -----------------------------------------------------------------------------------

    @property
    def corpus(self) -> Corpus | None:
        """The open corpus, if any."""
        return self._corpus

    # The corpus indexes and the jump history are made when first used, after the first paint
    # (their modules are about 7 ms of the start); LAZY_PARTS names them for open_path.
    LAZY_PARTS = ("entity_index", "text_index", "_history")

    @cached_property
    def entity_index(self) -> EntityIndex:
        """The corpus's entities, document by document, for the corpus-wide commands."""
        from gui.core.entity_index import EntityIndex

        return EntityIndex()

    @cached_property
    def text_index(self) -> TextIndex:
        """The corpus's words, for searching every document."""
        from gui.core.text_search import TextIndex

        return TextIndex()

    @cached_property
    def _history(self) -> History:
        """Where the jumps came from and went to, for Back and Forward."""
        from gui.core.history import History

        return History()

    @property
    def entity_palette(self) -> Palette:
        """The entity colours (QWidget.palette stays Qt's)."""
        return self._palette

    @property
    def annotation_generation(self) -> int:
        """The worker generation whose results the window accepts (that of the open corpus)."""
        return self._annotations.generation

    def indexing_done(self) -> bool:
        """Whether every document of the folder is annotated and in the corpus indexes."""
        return self._corpus is not None and len(self.entity_index) >= len(self._corpus)

    @property
    def engine_problem(self) -> str:
        """Why the engine cannot run, once it has failed; else ''."""
        return self._engine_problem

    def annotations_snapshot(self) -> dict[str, Annotation]:
        """The annotations of the open corpus by document id (a copy)."""
        return self._annotations.snapshot()

    @property
    def entities_known(self) -> bool:
        """Whether the entities of the document on screen are known (and highlighted)."""
        return self._shown_annotation is not None

    @property
    def shown_groups(self) -> tuple[MentionGroup, ...]:
        """The mention groups of the entities highlighted now (the engine's while comparing)."""
        return self._shown_annotation.groups if self._shown_annotation else ()

    @property
    def shown_document(self) -> Document | None:
        """The document on screen with the entities highlighted now (the engine's while comparing)."""
        return self._shown

    def annotation_for(self, doc_id: str, body: str) -> Annotation | None:
        """The annotation of exactly this text of a document, if known."""
        return self._annotations.for_text(doc_id, body)

    @property
    def current_document(self) -> Document | None:
        """The document on screen, with its entities once they are known."""
        return self._current

    def open_path(self, path: Path, document_name: str | None = None) -> bool:
        """Open a folder, a .txt file or a JSON Lines file; select `document_name` (id or file
        name) or the newest."""
        try:
            corpus = Corpus.open(path, read_at_most=BACKGROUND_LISTING_OVER, read_types=False)
        except CorpusError as error:
            self.statusBar().showMessage(isolate(str(error)))
            if self._corpus is None:
                self.header.show_problem(f"{isolate(str(error))} Press Ctrl+O to open a folder.")
            return False
        self._corpus = corpus
        self._current = self._shown = self._shown_annotation = None
        if self.remember_session:
            self.recent.remember(corpus.source)
        for name in self.LAZY_PARTS:
            if name in self.__dict__:  # made already (see LAZY_PARTS)
                getattr(self, name).clear()
        self.comparison.reset()
        self.type_reader.read(corpus)  # a big configuration: in the background (_on_types_read)
        self.document_pane.set_corpus(corpus)
        self.watcher.watch_corpus(corpus)
        self._annotations.reset(self._worker.replace_queue(corpus))
        self._worker.defer_engine(bool(corpus.pending))  # until the listing is done
        if corpus.problems:
            self.statusBar().showMessage(" ".join(map(isolate, corpus.problems)), 10_000)
        self._wanted = document_name
        self._stand_in = None
        if corpus.pending:
            # A big folder: the list fills in from the background; the first batch picks the
            # document to show.
            self.header.show_problem(f"Listing {len(corpus.pending):,} documents of {isolate(corpus.name)}…")
            self.view.show_text("")
            self.lister.start(corpus)
            return True
        if not len(corpus):
            self.header.show_problem(f"No documents in {isolate(str(corpus.root))}")
            self.view.show_text("")
            return True
        if path.is_file() and corpus.root != path:
            document_name = path.stem
        row = self._row_of_name(document_name) if document_name else 0
        self.document_pane.select_source_row(max(row, 0))
        self.sidebar.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def _on_types_read(self, read: TypesRead) -> None:
        """The corpus's own types were read: name and colour them, and say what was wrong."""
        if read.corpus is not self._corpus:
            return  # another folder was opened meanwhile
        read.corpus.types = read.types
        read.corpus.problems += read.problems
        self._palette.configure(read.types)
        self.view.palette_changed()
        self.refresh_entities()  # the legend and the panel take the new names and colours
        if read.problems:
            self.statusBar().showMessage(" ".join(map(isolate, read.problems)), 10_000)

    def _on_listed(self, corpus: object, entries: object, done: bool) -> None:
        """A batch of a big folder's listing: add it, annotate it, and show a document once
        there is one (the one asked for, as soon as it is listed)."""
        if corpus is not self._corpus or not isinstance(corpus, Corpus) or not isinstance(entries, list):
            return  # another folder was opened meanwhile
        corpus.add_entries(entries)
        self.document_pane.corpus_grew()
        if done:
            # Annotation waits for the listing: both want the disk and the interpreter, and the
            # document shown is annotated first anyway.
            self._worker.enqueue(corpus)
            self._worker.defer_engine(False)
        listed = len(corpus)
        total = listed + len(corpus.pending)
        self.listingProgress.emit(listed, total)
        if done:
            self.statusBar().showMessage(f"Listed {listed:,} documents of {isolate(corpus.name)}", 8000)
        else:
            what = f"the documents of {isolate(corpus.name)}: {listed:,} of {total:,}"
            self.statusBar().showMessage(f"Listing {what}…")
        # Nothing chosen yet (a big document being read counts as chosen): the one asked for as
        # soon as it is listed, else the newest listed so far, to read while the rest come.
        if self.document_pane.shown_id is None:
            row = self._row_of_name(self._wanted) if self._wanted else 0
            if row >= 0 or done:
                self.document_pane.select_source_row(max(row, 0))
                self._stand_in = None if self._wanted or done else self.document_pane.shown_id
        elif done and self._stand_in is not None and self._stand_in == self.document_pane.shown_id:
            # The complete listing has the folder's newest document: show it instead of the one
            # shown meanwhile, unless the reader has moved in that one.
            caret, scrolled = self.view.textCursor().position(), self.view.verticalScrollBar().value()
            if caret == 0 and scrolled == 0:
                self.document_pane.select_source_row(0)
        if done:
            self._stand_in = None

    def _row_of_name(self, name: str) -> int:
        assert self._corpus is not None
        for row, entry in enumerate(self._corpus.entries):
            if name in (entry.id, entry.name):
                return row
        return -1

    def _show_entry(self, entry: DocumentEntry) -> None:
        if is_big(entry):
            # A big document: read it off this thread and show it when it is read.
            self._current = self._shown = self._shown_annotation = None
            self.document_pane.shown_id = entry.id
            self.header.show_problem(f"Opening {isolate(entry.name)} ({listed_size(entry) / 1e6:.1f} MB)…")
            self.view.show_text("")
            self.loader.load(entry)
            return
        self._display(entry, load_entry(entry))

    def _show_title(self, entry: DocumentEntry) -> str:
        """Name the document in the window's title; return its name as the header shows it."""
        name = entry.name if entry.record is None else f"{entry.id} — {entry.name}"
        folder = self._corpus.name if self._corpus else ""
        self.setWindowTitle(" — ".join(isolate(part) for part in (name, folder, APP_NAME) if part))
        return name

    def _being_read(self, entry: object) -> bool:
        """Whether a big document being read is still the one chosen (and not shown yet)."""
        if not isinstance(entry, DocumentEntry) or self._corpus is None:
            return False
        # Not another folder, nor a new listing of this one, nor another document chosen since.
        chosen = self._corpus.entry(entry.id) is entry and self.document_pane.shown_id == entry.id
        return chosen and self._current is None

    def _on_text_loaded(self, entry: object, document: object) -> None:
        """A big document's text has been read, and its .ann is being read: show the text
        meanwhile (it becomes the current document once its entities are there too)."""
        if self._being_read(entry) and isinstance(entry, DocumentEntry) and isinstance(document, Document):
            name = self._show_title(entry)
            self.header.show_document(document.title, document.date, name, document.notices)
            ann = isolate(entry.path.with_suffix(".ann").name)
            self.header.set_entity_summary(None, None, f"reading {ann}…")
            self.view.show_text(document.body)

    def _on_head_loaded(self, entry: object, head: object, spans: object) -> None:
        """The entities of a big document's first `.ann` lines, while the rest is read: highlight
        the top of the text with them (the whole document follows in `_on_loaded`)."""
        if (
            self._being_read(entry) and isinstance(entry, DocumentEntry) and isinstance(head, Document)
            and isinstance(spans, PreparedSpans) and self.view.shows(head.body)
        ):
            self.view.use_prepared(spans)
            self.view.set_entities(head.entities, more_to_come=True)
            self.legend_model.set_counts(self.view.label_counts)  # so far, as the header says
            ann = entry.path.with_suffix(".ann").name
            noun = "entity" if len(head.entities) == 1 else "entities"
            so_far = f"{len(head.entities):,} {noun} so far, reading {isolate(ann)}…"
            self.header.set_entity_summary(None, None, so_far)

    def _on_loaded(self, entry: object, document: object, spans: object) -> None:
        """A big document has been read: show it, if it is still the one chosen."""
        if self._being_read(entry) and isinstance(entry, DocumentEntry) and isinstance(document, Document):
            if isinstance(spans, PreparedSpans):
                self.view.use_prepared(spans)  # worked out in the loader's thread
            self._display(entry, document)

    def _display(self, entry: DocumentEntry, loaded: Document) -> None:
        document = dataclasses.replace(loaded, id=entry.id)
        self._current = document
        self.document_pane.shown_id = entry.id
        self.watcher.watch_document(entry.path if entry.record is None else None)
        name = self._show_title(entry)
        self.header.show_document(document.title, document.date, name, document.notices)
        if not self.view.shows(document.body):  # a big document's text may be shown already
            self.view.show_text(document.body)
        known = self._annotations.has(entry.id)  # some version of it, before the look-up below
        cached = None
        if not is_big(entry) and document.entity_source is None:
            if self._annotations.for_text(entry.id, document.body) is None:
                cached = self._cached_now(document)
        if cached is not None:
            self._annotations.accept(self._annotations.generation, entry.id, cached)
            self._current = dataclasses.replace(document, entities=cached.entities)
        self.refresh_entities()
        self.find_bar.refresh()
        self.documentShown.emit(entry.id)
        if cached is not None or self._annotations.for_text(entry.id, document.body) is None:
            # `again`: a known document whose file changed since it was annotated. The worker
            # takes the document as read here rather than reading it again (and fills in what
            # the cache look-up here left out: its list count, its indexes, maybe its groups).
            self._worker.prioritize(entry, again=known, document=document)

    def _cached_now(self, document: Document) -> Annotation | None:
        """The document's entities straight from the entity cache, looked up in this thread so
        that its text is painted with its highlights the first time (the worker's report comes a
        paint or more later, and still fills the indexes and the list's counts); None if the
        cache does not have them, or there is no cache yet."""
        if self._cache_reader is None and self._cache_path is not None:
            cache = EntityCache.read_only(self._cache_path, pipeline_name())
            self._cache_reader = Annotator(cache, _no_engine) if cache else None
        entities = self._cache_reader.cached(document.body) if self._cache_reader else None
        if entities is None:
            return None
        groups = self._groups_of(document.body, entities)
        return Annotation(text_key(document.body), entities, Source.CACHE, groups)

    def refresh_entities(self) -> None:
        """Highlight the current document's entities: the engine's while comparing, else its
        file's or its annotation's; say where they came from."""
        current = self._current
        if current is None:
            return
        annotation = self._annotations.for_text(current.id, current.body)
        detail = ""
        if self.comparison.wanted(current):
            shown = self.comparison.result_for(current)
            entry = self._corpus.entry(current.id) if self._corpus else None
            if shown is None and self._engine_problem:
                detail = f"the engine is unavailable: {self._engine_problem}"
            elif shown is None and entry is not None:
                self._worker.compare(entry)
                detail = "the engine's entities are on their way…"
            elif shown is not None:
                from_brat = entry is not None and entry.record is None
                source = current.path.with_suffix(".ann").name if from_brat else "the file"
                detail = "compared: " + difference_summary(current.entities, shown.entities, source)
        elif current.entity_source is not None:
            groups = annotation.groups if annotation else self._groups_of(current.body, current.entities)
            shown = Annotation(text_key(current.body), current.entities, current.entity_source, groups)
        else:
            shown = annotation
        entities = shown.entities if shown else ()
        self._shown = dataclasses.replace(current, entities=entities)
        self._shown_annotation = shown
        self.view.set_entities(entities)
        self.entity_panel_model.set_groups(shown.groups if shown else ())
        self.legend_model.set_counts(self.view.label_counts if shown else {})
        if shown is None:
            self.header.set_entity_summary(None, None, detail)
        else:
            self.header.set_entity_summary(len(entities), shown.source, detail)
        if shown is not None:
            self.highlightsShown.emit(current.id)

    @staticmethod
    def _groups_of(body: str, entities: Sequence[Entity]) -> tuple[MentionGroup, ...]:
        """Mention groups of a text's entities, before the worker has sent them; none for many
        entities (the worker groups them off this thread, and the panel fills in)."""
        if len(entities) > GROUP_HERE_AT_MOST:
            return ()
        return tuple(group_mentions(body, entities))

    # The folder changed on disk --------------------------------------------------------------

    def refresh_corpus(self) -> None:
        """List the open folder again after it changed on disk: new documents appear, removed
        ones leave (the one shown too, with a word), changed ones are re-read and re-annotated."""
        old = self._corpus
        if old is None or not old.complete:
            return  # a big folder still being listed: its listing will see the files as they are
        if old.source.is_file() and old.source == old.root:
            # A JSON Lines file changed: its records' offsets moved, so open it again.
            self.open_path(old.source, self._current.id if self._current else None)
            return
        try:
            new = Corpus.open(old.source, read_types=False)  # the types stay those read at opening
        except CorpusError as error:
            self.statusBar().showMessage(f"{isolate(old.name)} can no longer be read: {isolate(str(error))}")
            return
        change = CorpusChange.between(old, new)
        if not change:
            return
        self._corpus = new
        new.types = old.types
        for doc_id in change.removed:
            self.entity_index.remove_document(doc_id)
            self.text_index.remove_document(doc_id)
        self.document_pane.replace_corpus(new)
        for doc_id, annotation in self._annotations.snapshot().items():
            if doc_id not in change.removed:
                self.document_pane.set_entity_count(doc_id, len(annotation.entities))
        self._worker.enqueue([*change.added, *change.changed], again=True)
        self.statusBar().showMessage(f"{isolate(old.name)} changed on disk: {change.summary()}", 8000)
        self.corpusChanged.emit(change.summary())
        current = self._current
        if current is None:
            return
        if current.id in change.removed:
            self.header.show_problem(f"{isolate(current.path.name)} was removed from {isolate(old.name)}.")
            self.view.show_text("")
            self._current = self._shown = self._shown_annotation = None
            self.document_pane.shown_id = None
        elif current.id in {entry.id for entry in change.changed}:
            entry = new.entry(current.id)
            if entry is not None:
                caret = self.view.textCursor().position()
                self._show_entry(entry)
                # The whole new text, not the slice shown so far, bounds where the caret can go.
                caret = min(caret, len(self.view.toPlainText()))
                self.view.select_range(caret, caret)  # the reader keeps their place

    # Annotation results ------------------------------------------------------------------------

    def _on_annotated_batch(self, generation: int, reports: object) -> None:
        """Documents the worker annotated or found in the cache: a handful per signal."""
        assert isinstance(reports, list)
        for report in reports:
            self._on_annotated(generation, report)

    def _on_annotated(self, generation: int, report: object) -> None:
        assert isinstance(report, AnnotatedDocument)
        doc_id, key, entities = report.doc_id, report.key, report.entities
        annotation = Annotation(key, entities, report.source, report.groups)
        if not self._annotations.accept(generation, doc_id, annotation):
            return  # a result for the folder that was open before
        self.document_pane.set_entity_count(doc_id, len(entities))
        if len(entities) > INDEX_IN_TURNS_OVER:
            # Each index takes tens of milliseconds for such a document: one a turn of the event
            # loop, after the highlights below.
            QTimer.singleShot(0, self, partial(self._index_in_turns, generation, report))
        else:
            # Both indexes replace what they had of this document: a changed file updates them.
            self.entity_index.add_document(doc_id, report.groups)
            self.text_index.add_prepared(doc_id, report.words)
            self.documentIndexed.emit(doc_id)
        current = self._current
        if current is None or current.id != doc_id or self._corpus is None:
            return
        entry = self._corpus.entry(doc_id)
        if key != text_key(current.body) and entry is not None:
            # The worker read another version of the file than the one on screen: ask again.
            self._worker.prioritize(entry, again=True)
        elif current.entity_source is None:
            if annotation != self._shown_annotation:  # else shown already, from the cache
                self._current = dataclasses.replace(current, entities=entities)
                self.refresh_entities()
        elif not self.comparison.wanted(current):
            self.refresh_entities()  # the file's entities, now with their mention groups

    def _index_in_turns(self, generation: int, report: AnnotatedDocument, turn: int = 0) -> None:
        """Put a big document in the corpus indexes, its words in one turn of the event loop and
        its entities in the next, unless another folder or another version of it came since, or
        it left the folder."""
        if generation != self._annotations.generation:
            return
        if self._annotations.for_text(report.doc_id, report.body) is None:
            return
        if self._corpus is None or self._corpus.entry(report.doc_id) is None:
            return  # removed from the folder meanwhile
        if turn == 0:
            self.text_index.add_prepared(report.doc_id, report.words)
            QTimer.singleShot(0, self, partial(self._index_in_turns, generation, report, 1))
        else:  # the entity index last: `indexing_done` counts the documents it has
            self.entity_index.add_document(report.doc_id, report.groups)
            self.documentIndexed.emit(report.doc_id)

    def _on_progress(self, generation: int, done: int, total: int) -> None:
        if generation != self._annotations.generation:
            return
        self._progress_state = (done, total)
        # Cached documents arrive by the thousand: repaint the bar a few times a second, not for
        # each one (that alone cost 0.2 s when reopening 2,000 documents); the last one at once.
        if done < total and self._progress_timer.isActive():
            return
        self._show_progress()
        if done < total:
            self._progress_timer.start()

    def _show_progress(self) -> None:
        done, total = self._progress_state
        busy = done < total
        self.progress.setVisible(busy)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"Annotated {done:,} of {total:,}")
        if not busy:
            self.statusBar().showMessage(self._annotations.summary(), 8000)

    def _on_engine_loading(self) -> None:
        self.statusBar().showMessage("Loading the language model…")

    def _on_engine_loaded(self, seconds: float) -> None:
        self.statusBar().showMessage(f"Language model loaded in {seconds:.1f} s", 5000)

    def _on_engine_failed(self, message: str) -> None:
        log.error("Entity engine unavailable: %s", message)
        self._engine_problem = message
        self.entitiesUnavailable.emit(message)
        self.progress.setVisible(False)
        self.statusBar().showMessage(message)
        self.caret_label.setText("Entities are unavailable: see the message above the text.")
        self.header.notice.setText(f"⚠ Entities are unavailable. {message}")
        self.header.notice.setVisible(True)

    def _on_cache_problem(self, message: str) -> None:
        self.cache_problem = message
        log.warning("Entity cache: %s", message)
        self.statusBar().showMessage(f"⚠ {message} Entities are found, but not kept for next time.", 15_000)

    def _on_entity_at_caret(self, description: str) -> None:
        self.caret_label.setText(description)

    def _on_hidden_types_changed(self) -> None:
        hidden = self.legend_model.hidden_types
        self.view.set_hidden_types(hidden)

    # Jumps and the history ---------------------------------------------------------------------

    def location(self) -> Location | None:
        """Where the reader is: the document shown and the caret (code points)."""
        if self._current is None:
            return None
        from gui.core.history import Location

        caret = self.view.textCursor().selectionStart()
        return Location(self._current.id, OffsetMap(self._current.body).to_code_point(caret))

    def jump_to(self, doc_id: str, start: int | None = None, end: int | None = None) -> bool:
        """Show a document (selecting start..end, code points, if given), remembering the way back."""
        origin = self.location()
        if not self._go_to(doc_id, start, end):
            return False
        if origin is not None and origin != self.location():
            self._history.jumped(origin)
        return True

    def _go_to(self, doc_id: str, start: int | None = None, end: int | None = None) -> bool:
        if self._corpus is None or self._corpus.entry(doc_id) is None:
            return False
        row = self._corpus.index_of(doc_id)
        if not self.document_pane.is_listed(row):
            # A jump outside the filtered list: show all, so the list shows where the reader is.
            self.document_pane.clear_filters()
            self.entity_commands.filter_key = None
        if self._current is None or self._current.id != doc_id:
            self.document_pane.select_source_row(row)
        if start is not None and self._current is not None:
            offsets = OffsetMap(self._current.body)
            first = offsets.to_utf16(start)
            self.view.select_range(first, offsets.to_utf16(end) if end is not None else first)
        return True

    def go_back(self) -> None:
        """Back to where the last jump came from."""
        self._retrace(self._history.back)

    def go_forward(self) -> None:
        """Forward again to where a jump led."""
        self._retrace(self._history.forward)

    def _retrace(self, step: Callable[[Location], Location | None]) -> None:
        current = self.location()
        target = step(current) if current is not None else None
        if target is None:
            self.statusBar().showMessage("Nowhere further to go", 2000)
            return
        self._go_to(target.doc_id, target.position)
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # Settings ----------------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        geometry = keys.WINDOW_GEOMETRY.read(self._settings)
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.resize(1200, 760)
        splitter = keys.SPLITTER_STATE.read(self._settings)
        if not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        self.commands.set_zoom(keys.ZOOM_STEPS.read(self._settings), say=False)
        hidden = frozenset(label for label in keys.HIDDEN_TYPES.read(self._settings) if label)
        self.legend_model.set_hidden_types(hidden)
        self.view.set_hidden_types(hidden)
        self.commands.set_label_cue(keys.LABEL_CUE.read(self._settings))
        self.commands.set_colours(keys.THEME.read(self._settings), keys.COLOUR_BLIND.read(self._settings))
        QGuiApplication.styleHints().colorSchemeChanged.connect(self.commands.follow_system_colours)

    def start_location(self, path: Path | None) -> tuple[Path, str | None]:
        """Where to start: `path` (or the last session's folder if it still exists, else the
        bundled seeds) and the document the last session showed there, if any."""
        folder = Path(keys.LAST_FOLDER.read(self._settings) or "")
        document = keys.LAST_DOCUMENT.read(self._settings) or None
        remembered = folder if folder.name and (folder.is_dir() or folder.is_file()) else None
        target = path if path is not None else remembered or seeds_folder()
        if remembered is not None and remembered.resolve() == target.expanduser().resolve():
            return target, document
        return target, None

    def shows(self, name: str) -> bool:
        """Whether the document on screen has this id or file name."""
        current = self._current
        return current is not None and name in (current.id, current.path.name)

    def save_settings(self) -> None:
        """Write the window state, the folder and document shown, zoom and hidden types."""
        keys.WINDOW_GEOMETRY.write(self._settings, self.saveGeometry())
        keys.SPLITTER_STATE.write(self._settings, self.splitter.saveState())
        if self._corpus is not None:
            keys.LAST_FOLDER.write(self._settings, str(self._corpus.root.resolve()))
        if self._current is not None:
            keys.LAST_DOCUMENT.write(self._settings, self._current.id)
        keys.ZOOM_STEPS.write(self._settings, self.view.zoom_steps)
        keys.HIDDEN_TYPES.write(self._settings, sorted(self.legend_model.hidden_types))
        keys.LABEL_CUE.write(self._settings, self.view.label_cue)
        keys.THEME.write(self._settings, self.commands.theme)
        keys.COLOUR_BLIND.write(self._settings, self.commands.colour_blind)
        self._settings.sync()

    # Drag and drop -----------------------------------------------------------------------------

    @staticmethod
    def dropped_path(mime: QMimeData) -> Path | None:
        """The first dropped folder, .txt or JSON Lines file (local), if any."""
        for url in mime.urls():
            path = Path(url.toLocalFile()) if url.isLocalFile() else None
            if path is not None and (path.is_dir() or path.suffix.lower() in OPENABLE_SUFFIXES):
                return path
        return None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Qt override: accept a folder or a document file dragged over the window."""
        if self.dropped_path(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Qt override: open what was dropped."""
        path = self.dropped_path(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            self.open_path(path)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Qt override: the first paint makes the actions and starts the worker, right after it."""
        super().paintEvent(event)
        if self._after_first_paint.isActive():
            self._after_first_paint.start(0)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Qt override: remember the session and stop the worker before closing."""
        if self.remember_session:
            self.save_settings()
        self.lister.stop()
        self._thread.shutdown()
        if self._cache_reader is not None:
            self._cache_reader.cache.close()
            self._cache_reader = None
        self._cache_path = None  # and no more look-ups from here
        super().closeEvent(event)


def _no_engine() -> Engine:
    """The engine of the window's own cache look-ups, which never run one."""
    raise EngineError("The window looks entities up in the cache only; the worker runs the engine.")
