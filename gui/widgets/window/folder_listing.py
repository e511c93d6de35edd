"""Listing the open folder: choosing its first document (at once for a small folder; for a big
one, listed in the background, as soon as the document asked for, or any, is listed), and
listing it again when it changes on disk."""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from gui import APP_NAME
from gui.core.corpus.corpus import Corpus, CorpusError
from gui.core.model.display_text import isolate
from gui.core.session.events import FolderListed
from gui.widgets.background.single_shot_timer import single_shot_timer
from gui.widgets.runtime.main_thread_gc import set_aside_long_lived
from gui.widgets.window_part import WindowPart

if TYPE_CHECKING:
    from gui.widgets.background.corpus_lister import CorpusLister
    from gui.widgets.window.main_window import MainWindow

# Folders with more documents than this are listed in the background.
BACKGROUND_LISTING_OVER = 3_000
# Entries of a background listing merged into the list per turn of the event loop, at most, when
# they are merged here: the lister's last batches hold tens of thousands, and merging one in whole
# stalled the window. The lister merges them in its thread (its batches are taken whole then),
# unless the list was sorted otherwise meanwhile.
ENTRIES_PER_TURN = 8_000


class FolderListing(WindowPart["MainWindow"]):
    """The window's listings of the open folder: the first, and each after a change on disk."""

    def __init__(self, window: MainWindow, entries_per_turn: int | None = None) -> None:
        """`entries_per_turn`: at most so many entries taken in per turn; by default the lister's
        batches whole (they come merged), or ENTRIES_PER_TURN to merge here."""
        super().__init__(window)
        self._at_most = entries_per_turn
        self._per_turn = entries_per_turn or ENTRIES_PER_TURN
        self._lister: CorpusLister | None = None  # made for the first big folder
        self._backlog: deque[FolderListed] = deque()  # batches listed, not yet taken in, in order
        self._take_soon = single_shot_timer(window, 0, self._take_some)

    def _background_lister(self) -> CorpusLister:
        """The thread that lists big folders (its module is imported with the first one)."""
        if self._lister is None:
            from gui.widgets.background.corpus_lister import CorpusLister

            self._lister = CorpusLister(self._window, part=self._at_most)
            self._lister.listed.connect(self.on_listed)
        return self._lister

    def stop(self) -> None:
        """Stop a background listing under way (the window is closing)."""
        if self._lister is not None:
            self._lister.stop()

    def start(self, corpus: Corpus) -> bool:
        """A folder was opened: show the document the session wants first, once it is listed."""
        window = self._window
        if corpus.pending:
            # A big folder: the list fills in from the background; the first batch picks the
            # document to show.
            listing = f"Listing {len(corpus.pending):,} documents of {isolate(corpus.name)}…"
            window.header.show_problem(listing)
            window.view.show_text("")
            self._background_lister().start(corpus)
            return True
        if not len(corpus):
            window.header.show_problem(f"No documents in {isolate(str(corpus.root))}")
            window.view.show_text("")
            return True
        window.document_pane.select_source_row(window.session.first_row())
        window.sidebar.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def on_listed(self, batch: FolderListed) -> None:
        """A batch of a big folder's listing: taken into the list in order, one per turn of the
        event loop (merged by the lister; one it did not merge as the list is now, a part of
        ENTRIES_PER_TURN at a time)."""
        self._backlog.append(batch)
        if not self._take_soon.isActive():
            self._take_some()

    def _take_some(self) -> None:
        if not self._backlog:
            return
        batch = self._backlog[0]
        if batch.merged is not None and batch.corpus.listed_as(batch.merged[0]):
            self._backlog.popleft()  # merged in the lister's thread: taken as it is
        elif len(batch.entries) > self._per_turn:
            self._backlog[0] = batch._replace(entries=batch.entries[self._per_turn :], merged=None)
            batch = batch._replace(entries=batch.entries[: self._per_turn], done=False, merged=None)
        else:
            self._backlog.popleft()
        self._take_in(batch)
        if self._backlog:
            self._take_soon.start()

    def _take_in(self, batch: FolderListed) -> None:
        """Add part of a big folder's listing, annotate it once all is listed, and show a
        document once there is one (the one asked for, as soon as it is listed)."""
        window = self._window
        corpus, done = batch.corpus, batch.done
        if corpus is not window.session.corpus:
            return  # another folder was opened meanwhile
        pane = window.document_pane
        anchor = pane.view_anchor()  # where the reader is in the list, before it changes
        corpus.add_entries(batch.entries, batch.merged)
        # The entries live as long as the folder is open: no collection need look at them again.
        set_aside_long_lived()
        pane.corpus_grew(anchor)
        if done:
            # Annotation waits for the listing: both want the disk and the interpreter, and the
            # document shown is annotated first anyway.
            window.start_annotating(corpus)
        listed = len(corpus)
        total = listed + len(corpus.pending)
        window.listingProgress.emit(listed, total)
        if done:
            window.say(f"Listed {listed:,} documents of {isolate(corpus.name)}", 8000)
        else:
            window.say(f"Listing the documents of {isolate(corpus.name)}: {listed:,} of {total:,}…")
        view = window.view
        # The reader has moved in the document, or narrowed the list on it (Ctrl+E, a search,
        # the filter box): the document shown stays, and stays chosen.
        moved = (view.textCursor().position() != 0 or view.verticalScrollBar().value() != 0
                 or pane.has_entity_filter() or pane.search_listed or bool(pane.filter_edit.text()))
        row = window.session.listed(done, reader_moved=moved)
        if row is not None:
            pane.select_source_row(row)

    def relist(self) -> None:
        """List the open folder again after it changed on disk: new documents appear, removed
        ones leave (the one shown too, with a word), changed ones are re-read and re-annotated."""
        window = self._window
        old, what = window.session.corpus, window.session.relisting()
        if old is None or what == "none":
            return
        if what == "reopen":
            current = window.session.current
            window.open_path(old.source, current.id if current else None)
            return
        try:
            new = Corpus.open(old.source)
        except CorpusError as error:
            window.say(f"{isolate(old.name)} can no longer be read: {isolate(str(error))}")
            return
        changed = window.session.corpus_changed(new)
        if changed is None:
            return
        change = changed.change
        window.store.update()
        pane = window.document_pane
        # The counts the list showed are kept: they are corrected (the store's, or the session's
        # for a document the worker annotated), where the annotations' are the model's. A document
        # changed keeps its count until the worker has annotated it again, as it did before.
        shown = pane.source_model.entity_counts if pane.source_model is not None else {}
        pane.replace_corpus(new)
        counts = {doc_id: len(annotation.entities) for doc_id, annotation
                  in window.session.annotations.snapshot().items() if doc_id not in shown}
        counts.update(shown)
        removed = change.removed
        pane.set_entity_counts({doc_id: count for doc_id, count in counts.items() if doc_id not in removed})
        window.annotate_again([*change.added, *change.changed])
        window.say(f"{isolate(old.name)} changed on disk: {change.summary()}", 8000)
        window.corpusChanged.emit(change.summary())
        if changed.removed is not None:
            gone = isolate(changed.removed.path.name)
            window.header.show_problem(f"{gone} was removed from {isolate(old.name)}.")
            window.view.show_text("")
            # The title, the legend and the entity panel agree with the header: no document.
            window.setWindowTitle(" — ".join((f"{gone} (removed)", isolate(new.name), APP_NAME)))
            window.legend_model.set_counts({})
            window.entity_panel_model.set_groups(())
        elif changed.reread is not None:
            caret = window.view.textCursor().position()
            window.show_entry(changed.reread)
            # The whole new text, not the slice shown so far, bounds where the caret can go.
            caret = min(caret, len(window.view.toPlainText()))
            window.view.select_range(caret, caret)  # the reader keeps their place
