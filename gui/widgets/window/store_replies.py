"""What the window does with what its corpus store says (gui/widgets/background/store_link.py):
notices in the status line, the list's entity counts, the documents the worker is to annotate,
the panel's corpus counts, and `storeChanged` for whatever shows corpus-wide answers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gui.core.entities.mentions import EntityKey, MentionGroup
from gui.core.model.display_text import isolate
from gui.widgets.window_part import WindowPart

if TYPE_CHECKING:
    from gui.core.corpus.corpus import Corpus
    from gui.core.corpus.store import CorpusStore
    from gui.core.session import events
    from gui.widgets.window.main_window import MainWindow


class StoreReplies(WindowPart["MainWindow"]):
    """Takes the store's events for the window it belongs to."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._pending_unlisted: set[str] = set()  # the store's, for documents not listed yet
        store = window.store
        store.opened.connect(self.on_opened)
        store.updated.connect(self.on_updated)
        store.pendingFound.connect(self.on_pending_found)
        store.filled.connect(self.on_filled)
        window.storeChanged.connect(self.on_store_changed)
        # The corrections' overlay is asked for once the store opens, which it does once the window
        # has started: their part is made then (a correction command makes it sooner).
        window.startedUp.connect(self._make_corrections)

    def _make_corrections(self) -> None:
        from gui.widgets.corrections.window_corrections import WindowCorrections

        window = self._window
        if window.main_window.findChild(WindowCorrections, "corrections") is None:
            WindowCorrections(window)  # the window's child

    def folder_opened(self) -> None:
        """Another folder was opened: what the store asked for the last one goes."""
        self._pending_unlisted.clear()
        if self._window.made("reading_desk"):
            self._window.reading_desk.folder_opened()

    def on_opened(self, opened: events.StoreOpened) -> None:
        """The store is open: say how, show the counts it had from before; it can be searched."""
        window = self._window
        if opened.notices:
            window.say(" ".join(map(isolate, opened.notices)), 10_000)
        if opened.documents:
            self.ask_entity_counts()  # what the store held from before: at once
        window.reading_desk.store_opened()  # the reader's marks
        window.storeChanged.emit()

    def on_updated(self, updated: events.StoreUpdated) -> None:
        """The store is up to date with the folder (or stopped short, saying why)."""
        window = self._window
        if updated.problem:
            window.say(isolate(updated.problem), 10_000)
        self.ask_entity_counts()
        window.storeChanged.emit()
        window.start_waiting_export()

    def on_filled(self, _filled: events.StoreFilled) -> None:
        """Pending documents got their entities."""
        window = self._window
        window.storeChanged.emit()
        window.start_waiting_export()  # a folder's export waits for every document's entities

    def on_store_changed(self) -> None:
        """The store took documents or entities: the entity filter takes them in, and the panel's
        corpus counts are asked again (the document shown may have been pending when drawn)."""
        from gui.widgets.commands.entity_commands import refresh_filter, settle_chip

        window = self._window
        refresh_filter(window)
        settle_chip(window)  # once annotation has ended, the chip no longer says it goes on
        shown = window.session.shown
        if shown is not None and shown.annotation is not None and shown.annotation.groups:
            self.ask_corpus_counts(shown.annotation.groups)

    def ask_entity_counts(self) -> None:
        """Show every document's entity count in the list, as the store knows them."""
        from gui.core.corpus.store_entities import mention_counts

        window = self._window

        def show(reply: events.StoreAnswer) -> None:
            if not reply.problem and isinstance(reply.result, dict):
                window.document_pane.set_entity_counts(reply.result)
                if (shown := window.session.shown_entity_count()) is not None:
                    window.document_pane.set_entity_count(*shown)  # with the corrections, as its header says

        window.store.ask(mention_counts, show, long=True, kind="entity counts")

    def ask_corpus_counts(self, groups: tuple[MentionGroup, ...]) -> None:
        """How many documents of the folder mention each entity of the panel (for its tooltips)."""
        window = self._window
        keys = [(group.key.label, group.key.name) for group in groups]

        def question(store: CorpusStore) -> dict[tuple[str, str], int]:
            # Imported in the store's thread: the first document is drawn before the first paint,
            # which needs none of the store's modules.
            from gui.core.corpus.store_entities import document_counts

            return document_counts(store, keys)

        def show(reply: events.StoreAnswer) -> None:
            # Counts are the corpus's, whatever the document: a late answer is still right.
            if isinstance(reply.result, dict):
                counts = {EntityKey(label, name): count for (label, name), count in reply.result.items()}
                window.entity_panel_model.set_corpus_counts(counts)

        window.store.ask(question, show, kind="corpus counts")

    def on_pending_found(self, found: events.StorePending) -> None:
        """Documents the store has no entities for: the worker annotates them (those of a big
        folder still being listed once they are)."""
        window = self._window
        corpus = window.session.corpus
        if corpus is None or found.generation != window.session.generation:
            return
        self._pending_unlisted.update(found.doc_ids)
        self.annotate_listed_pending(corpus)

    def annotate_listed_pending(self, corpus: Corpus) -> None:
        """Queue for the worker the pending documents that are listed."""
        entries = [entry for doc_id in self._pending_unlisted if (entry := corpus.entry(doc_id)) is not None]
        if entries:
            self._pending_unlisted.difference_update(entry.id for entry in entries)
            self._window.annotation_link.queue.enqueue(entries)
