"""The window's side of the reader's desk (gui/core/desk/reading.py): which documents are read,
starred, tagged or noted, shown in the document list and the status bar, and changed by the
review commands or by reading a document for a few seconds.

The marks of the open corpus are asked of the store once it opens and kept here, by document id,
for the list to paint; every change is shown at once and written through the store link, off the
UI thread. A write that fails is said in the status line and undone here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from gui.core.desk.reading import document_key, marks_key, marks_key_of
from gui.core.model.display_text import isolate
from gui.core.model.document_marks import DocumentMarks
from gui.widgets.background.single_shot_timer import single_shot_timer
from gui.widgets.window_part import WindowPart

if TYPE_CHECKING:
    import sqlite3

    from gui.core.corpus.corpus import Corpus, DocumentEntry
    from gui.core.corpus.store import CorpusStore
    from gui.core.desk.reading import DocumentKey, MarksKey
    from gui.core.entities.mentions import MentionGroup
    from gui.core.session.events import StoreAnswer
    from gui.widgets.commands.command_context import CommandContext
    from gui.widgets.desk.notes_dock import NotesDock

MARK_READ_AFTER_MS = 3000  # a document shown this long is read (the setting's default)
PROGRESS_AFTER_MS = 100  # the progress line is counted again this long after the list changes


class ReadingDesk(WindowPart["CommandContext"]):
    """The open corpus's marks, the timer that marks a document read, and the progress line."""

    def __init__(self, window: CommandContext, read_after_ms: int = MARK_READ_AFTER_MS) -> None:
        super().__init__(window)
        self.marks: dict[MarksKey, DocumentMarks] = {}  # by marks_key; none: unread, bare
        self.loaded = False  # whether the open corpus's marks have come from its desk
        self.read_after_ms = read_after_ms
        owner = window.main_window
        self._read_timer = single_shot_timer(owner, max(0, read_after_ms), self._read_now)
        self._timed: DocumentEntry | None = None  # the document the timer will mark read
        self._progress_timer = single_shot_timer(owner, PROGRESS_AFTER_MS, self.show_progress)
        self.progress_label = QLabel(owner.statusBar())
        self.progress_label.setObjectName("readingProgress")
        self.progress_label.setAccessibleName("Reading progress")
        owner.statusBar().addPermanentWidget(self.progress_label)
        self.give_marks()
        window.documentShown.connect(self._on_document_shown)
        pane = window.document_pane
        pane.filter_model.modelReset.connect(self._progress_timer.start)
        pane.filter_model.sourceModelChanged.connect(self.give_marks)
        self._early: list[tuple[MarksKey, dict[str, object]]] = []  # changes made before the desk answered
        self._notes: NotesDock | None = None
        self.entity_notes: dict[str, str] = {}  # by the entity's key name, as the desk keeps them
        window.entity_panel_model.notes = self.entity_notes
        panel = window.entity_panel
        panel.selectionModel().currentChanged.connect(lambda *_: self._follow_panel())
        # The corpus last counted, how many of its documents were listed then, and the ids of
        # those whose marks key is not their id, by key: a big folder's listing grows in turns,
        # and each turn adds its own ids only.
        self._counted: Corpus | None = None
        self._counted_ids = 0
        self._ids_by_key: dict[MarksKey, str] = {}
        if window.session.chosen is not None and window.session.current is not None:
            self._on_document_shown(window.session.chosen.id)

    # The open corpus ------------------------------------------------------------------------------

    def folder_opened(self) -> None:
        """Another corpus was opened: its marks are asked for once its store is open."""
        self.marks = {}
        self.loaded = False
        self._early.clear()
        self._set_entity_notes({})
        self._read_timer.stop()
        self.give_marks()
        self.show_progress()

    def store_opened(self) -> None:
        """The open corpus's store is open: ask its desk for every document's marks and every
        entity's note."""
        from gui.core.desk.reading import all_marks, entity_notes

        def take_notes(reply: StoreAnswer) -> None:
            if isinstance(reply.result, dict):
                self._set_entity_notes({**reply.result, **self.entity_notes})

        def take(reply: StoreAnswer) -> None:
            if reply.problem or not isinstance(reply.result, dict):
                self._window.say(isolate(reply.problem or "The desk could not be read."), 10_000)
                return
            marks = {marks_key_of(key): mark for key, mark in reply.result.items()}
            for doc_id, changes in self._early:  # made before the answer came: again, over it
                marks[doc_id] = dataclasses.replace(marks.get(doc_id, DocumentMarks()), **changes)
            self._early.clear()
            self.marks = {doc_id: mark for doc_id, mark in marks.items() if mark != DocumentMarks()}
            self.loaded = True
            self.give_marks()
            self._changed()
            self._show_document_note()

        self._window.store.ask(lambda store: all_marks(store.db), take)
        self._window.store.ask(lambda store: entity_notes(store.db), take_notes)

    def _set_entity_notes(self, notes: dict[str, str]) -> None:
        self.entity_notes = notes
        model = self._window.entity_panel_model
        model.notes = notes
        model.notes_changed()

    def give_marks(self) -> None:
        """Give the document list's model the marks (a new listing has a new model)."""
        model = self._window.document_pane.source_model
        if model is not None:
            model.marks = self.marks
            model.marks_changed()

    def marks_of(self, entry: DocumentEntry) -> DocumentMarks:
        """What the user made of a document (as far as the desk has answered)."""
        return self.marks.get(marks_key(entry.path, entry.id), DocumentMarks())

    # Reading ------------------------------------------------------------------------------------

    def _on_document_shown(self, doc_id: object) -> None:
        chosen = self._window.session.chosen
        self._read_timer.stop()
        self._show_document_note()
        if chosen is None or chosen.id != doc_id or self.marks_of(chosen).read:
            return
        self._timed = chosen
        self._read_timer.start()

    def _read_now(self) -> None:
        chosen = self._window.session.chosen
        if chosen is not None and chosen == self._timed and not self.marks_of(chosen).read:
            self.set_read(chosen, True)

    def set_read(self, entry: DocumentEntry, read: bool) -> None:
        """Mark a document read or unread (marked unread, the one shown stays so while shown)."""
        from gui.core.desk.reading import set_read

        if entry == self._timed:
            self._read_timer.stop()
        self._change(entry, {"read": read}, lambda db, key: set_read(db, key, read))

    def set_starred(self, entry: DocumentEntry, starred: bool) -> None:
        """Star a document, or take its star away."""
        from gui.core.desk.reading import set_starred

        self._change(entry, {"starred": starred}, lambda db, key: set_starred(db, key, starred))

    def set_tags(self, entry: DocumentEntry, tags: Iterable[str]) -> tuple[str, ...]:
        """Give a document these tags (cleaned); returns them as kept."""
        from gui.core.desk.reading import clean_tags, set_tags

        kept = clean_tags(tags)
        self._change(entry, {"tags": kept}, lambda db, key: set_tags(db, key, kept))
        return kept

    def set_note(self, entry: DocumentEntry, note: str) -> None:
        """Replace a document's note (blank: none)."""
        from gui.core.desk.reading import set_note

        kept = note if note.strip() else ""
        if self.marks_of(entry).note != kept:
            self._change(entry, {"note": kept}, lambda db, key: set_note(db, key, kept))

    def _change(
        self,
        entry: DocumentEntry,
        changes: dict[str, object],
        write: Callable[[sqlite3.Connection, DocumentKey], object],
    ) -> None:
        """Show a change of a document's marks at once, and write it to the desk off this thread;
        a write that fails is said and undone here."""
        doc_id = marks_key(entry.path, entry.id)
        if not self.loaded:
            self._early.append((doc_id, changes))
        before = self.marks.get(doc_id)
        after = dataclasses.replace(before or DocumentMarks(), **changes)  # type: ignore[arg-type]
        self._set(doc_id, after)
        key = document_key(entry.path, entry.id)

        def written(reply: StoreAnswer) -> None:
            if reply.problem:
                self._window.say(f"⚠ Not kept: {isolate(reply.problem)}", 10_000)
                if self.marks.get(doc_id) == after:
                    self._set(doc_id, before)

        def question(store: CorpusStore) -> None:
            write(store.db, key)

        self._window.store.ask(question, written)

    def _set(self, doc_id: MarksKey, marks: DocumentMarks | None) -> None:
        if marks is None or marks == DocumentMarks():
            self.marks.pop(doc_id, None)
        else:
            self.marks[doc_id] = marks
        self._changed()

    def _changed(self) -> None:
        model = self._window.document_pane.source_model
        if model is not None:
            model.marks_changed()
        self._progress_timer.start()

    # Notes --------------------------------------------------------------------------------------

    @property
    def notes_made(self) -> bool:
        """Whether the notes pane has been made (it is made when first asked for)."""
        return self._notes is not None

    @property
    def notes(self) -> NotesDock:
        """The notes pane, at the window's right (made now if it was not; hidden at first)."""
        if self._notes is None:
            from gui.widgets.desk.notes_dock import NotesDock

            window = self._window
            dock = NotesDock(self._keep_document_note, self._keep_entity_note, window.main_window)
            dock.hide()
            window.main_window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            dock.visibilityChanged.connect(self._notes_visibility_changed)
            self._notes = dock
            self._show_document_note()
        return self._notes

    def _follow_panel(self) -> None:
        """While the notes pane shows, its entity note is that of the entity panel's current row."""
        group = self._window.entity_panel.current_group()
        if group is not None and self._notes is not None and self._notes.isVisible():
            self.show_entity_note(group)

    def _notes_visibility_changed(self, visible: bool) -> None:
        """The note editors take their turn in F6's round of the panes while the pane shows."""
        panes = self._window.panes
        for editor in self.notes.editors:
            if visible and editor not in panes:
                panes.append(editor)
            elif not visible and editor in panes:
                panes.remove(editor)

    def _show_document_note(self) -> None:
        if self._notes is None:
            return
        chosen = self._window.session.chosen
        if chosen is None or not self.loaded:  # nothing to note, or its note is not known yet
            self._notes.document_note.show_note(None, "Note on the document shown", "")
            return
        title = f"Note on “{isolate(chosen.title)}”"
        self._notes.document_note.show_note(chosen, title, self.marks_of(chosen).note)

    def _keep_document_note(self, owner: object, text: str) -> None:
        from gui.core.corpus.corpus import DocumentEntry

        if isinstance(owner, DocumentEntry):
            self.set_note(owner, text)

    def show_entity_note(self, group: MentionGroup, focus: bool = False) -> None:
        """Edit the note on an entity in the notes pane (asked of the desk, off this thread), with
        the focus in it once it is there if `focus`."""
        from gui.core.desk.reading import entity_note

        key = group.key.name
        title = f"Note on {isolate(group.name)} ({group.label})"
        notes = self.notes

        def show(reply: StoreAnswer) -> None:
            note = reply.result if isinstance(reply.result, str) else ""
            notes.entity_note.show_note(key, title, note)
            if focus:
                notes.entity_note.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

        notes.entity_note.show_note(None, title, "")  # until the desk answers
        self._window.store.ask(lambda store: entity_note(store.db, key), show)

    def _keep_entity_note(self, owner: object, text: str) -> None:
        from gui.core.desk.reading import set_entity_note

        if not isinstance(owner, str):
            return
        notes = dict(self.entity_notes)
        if text.strip():
            notes[owner] = text
        else:
            notes.pop(owner, None)
        self._set_entity_notes(notes)

        def written(reply: StoreAnswer) -> None:
            if reply.problem:
                self._window.say(f"⚠ The note was not kept: {isolate(reply.problem)}", 10_000)

        self._window.store.ask(lambda store: set_entity_note(store.db, owner, text), written)

    # Progress -----------------------------------------------------------------------------------

    def _odd_keys(self, corpus: Corpus) -> dict[MarksKey, str]:
        """The ids of the listed documents whose marks key is not their id (their file name has
        an undecodable byte), by key: counted on from the documents listed at the last count."""
        if corpus is not self._counted:
            self._counted, self._counted_ids, self._ids_by_key = corpus, 0, {}
        added = corpus.ids_listed(self._counted_ids)
        self._counted_ids += len(added)
        if not "".join(added).isascii():  # checked in C: the common case has none
            for doc_id in added:
                entry = corpus.entry(doc_id)
                key = marks_key(entry.path, doc_id) if entry is not None else doc_id
                if key != doc_id:
                    self._ids_by_key[key] = doc_id
        return self._ids_by_key

    def _read_listed(self, corpus: Corpus) -> dict[MarksKey, str]:
        """The read documents that are listed: their ids by marks key, found from the marks (a
        set of every listed document's key, kept up as a big folder was listed, held each turn
        of the event loop on a busy machine)."""
        odd = self._odd_keys(corpus)
        found: dict[MarksKey, str] = {}
        for key, marks in self.marks.items():
            if not marks.read:
                continue
            doc_id = odd.get(key)
            if doc_id is None and isinstance(key, str) and corpus.entry(key) is not None:
                doc_id = key  # a document's key is its id unless its name has an undecodable byte
            if doc_id is not None:
                found[key] = doc_id
        return found

    def progress(self) -> tuple[int, int, tuple[int, int] | None]:
        """Documents read and listed in the corpus, and in the list's filter if it has one. Counted
        from the read documents, and within a filter from the rows only where the read documents
        are not fewer: it runs after each turn of a big folder's listing and each filter."""
        pane = self._window.document_pane
        model = pane.source_model
        if model is None:
            return 0, 0, None
        corpus = model.corpus
        read = self._read_listed(corpus)
        listed, shown_count = len(corpus), pane.filter_model.rowCount()
        if shown_count == listed:
            return len(read), listed, None
        if len(read) * 8 < shown_count:  # few read: find each one's row among those shown
            rows = [corpus.index_of(doc_id) for doc_id in read.values()]
            filter_read = sum(pane.is_listed(row) for row in rows if row >= 0)
        else:
            entries = corpus.entries
            shown = pane.filter_model.source_rows()
            filter_read = sum(marks_key(entries[row].path, entries[row].id) in read for row in shown)
        return len(read), listed, (filter_read, shown_count)

    def progress_text(self) -> str:
        """The progress line: "412 of 2,225 read", and "12 of 40 read in this filter"."""
        if not self.loaded:
            return ""
        read, listed, in_filter = self.progress()
        if not listed:
            return ""
        text = f"{read:,} of {listed:,} read"
        if in_filter is not None:
            text = f"{in_filter[0]:,} of {in_filter[1]:,} read in this filter · {text}"
        return text

    def show_progress(self) -> None:
        """Show the progress line as things stand."""
        text = self.progress_text()
        self.progress_label.setText(text)
        self.progress_label.setVisible(bool(text))
