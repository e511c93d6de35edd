"""The reading session: the open corpus, the document chosen and shown, and the decisions about them.

The window draws what the session says and reports what happens (a document was read, the worker
sent entities, the folder changed on disk); the session decides what that means. It is plain
Python, so every decision can be tested without Qt and without spaCy.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from functools import cached_property
from pathlib import PurePath
from typing import TYPE_CHECKING, NamedTuple

from gui.core.corpus.corpus import Corpus, CorpusChange
from gui.core.engine.cache import text_key
from gui.core.entities.mentions import EntityKey, MentionGroup, group_mentions
from gui.core.model.corpus_entry import DocumentEntry
from gui.core.model.document import Document, Entity, Source
from gui.core.session.annotation_store import AnnotatedDocument, Annotation, AnnotationStore
from gui.core.session.comparison import BOTH_CORRECTED, Comparison, corrected_sides, difference_summary

if TYPE_CHECKING:  # the history's module is not needed before the first jump, nor corrections'
    from gui.core.desk.correction_overlay import CorrectionOverlay
    from gui.core.session.events import TypesRead
    from gui.core.session.history import History, Location

# Entities whose mention groups the session works out itself when it needs them at once; a
# document with more waits for the worker's groups (the panel fills in when they come).
GROUP_HERE_AT_MOST = 2_000

CachedEntities = Callable[[str], "tuple[Entity, ...] | None"]


class Shown(NamedTuple):
    """What to draw for the document on screen: its text with these entities, and why."""

    document: Document  # the chosen document, with the entities to highlight
    annotation: Annotation | None  # what those entities are and where they came from; None: unknown
    detail: str = ""  # a word for the header ("compared: …", "the engine is unavailable: …")
    ask_engine: DocumentEntry | None = None  # compare: ask the worker for the engine's entities


class Displayed(NamedTuple):
    """The session's answer to a document read for display."""

    shown: Shown
    annotate: bool  # the worker should take the document (as read) first
    again: bool  # some other version of it was annotated before: the worker re-reads it


class Accepted(NamedTuple):
    """The session's answer to the worker's entities for one document."""

    stored: bool  # False: a result for a folder open before; nothing else applies
    reread: DocumentEntry | None = None  # the worker read another version than the one on screen
    shown: Shown | None = None  # the document on screen is to be drawn again, so


class Changed(NamedTuple):
    """What a change of the folder on disk means for the reader."""

    change: CorpusChange
    removed: Document | None = None  # the document on screen left the folder
    reread: DocumentEntry | None = None  # the document on screen changed: show this entry again


def row_of_name(corpus: Corpus, name: str, scan: bool = True) -> int:
    """The row of the document with this id or file name, or -1. A document's id is found at
    once, and a file's name by its id (its stem); other names (a JSON Lines file's, for its
    first record) only by a `scan` of every entry."""
    for doc_id in (name, PurePath(name).stem):
        entry = corpus.entry(doc_id)
        if entry is not None and name in (entry.id, entry.name):
            return corpus.index_of(entry.id)
    if scan:
        for row, entry in enumerate(corpus.entries):
            if name in (entry.id, entry.name):
                return row
    return -1


def groups_of(
    body: str, entities: Sequence[Entity], at_most: int = GROUP_HERE_AT_MOST
) -> tuple[MentionGroup, ...]:
    """Mention groups of a text's entities, worked out now; none for more than `at_most`."""
    if len(entities) > at_most:
        return ()
    return tuple(group_mentions(body, entities))


class ReadingSession:
    """One reader's open corpus, chosen and shown document, entities, history and filters."""

    def __init__(
        self, cached_entities: CachedEntities | None = None, group_here_at_most: int = GROUP_HERE_AT_MOST
    ) -> None:
        self.corpus: Corpus | None = None
        self.chosen: DocumentEntry | None = None  # the document chosen, maybe still being read
        self.current: Document | None = None  # the chosen document once read, with its entities
        self.shown: Shown | None = None  # what is drawn for it now
        self.annotations = AnnotationStore()
        self.comparison = Comparison()
        self.entity_filter: EntityKey | None = None  # the entity the document list is filtered by
        self.entity_filter_name = ""  # that entity's name as the list says it, once it is filtered
        self.engine_problem = ""  # why the engine cannot run, once it failed
        self._cached_entities = cached_entities
        self._wanted: str | None = None  # the document to show once a big folder lists it
        self._stand_in: str | None = None  # the document shown while a big folder is listed
        self.group_here_at_most = group_here_at_most  # more entities: the worker groups them
        # The user's entity corrections, applied to what is shown and exported (corrected_shown);
        # the window sets a new one after each correction, then refreshes. None: no correction.
        self.corrections: CorrectionOverlay | None = None

    # Opening and choosing --------------------------------------------------------------------

    def open(self, corpus: Corpus, generation: int, wanted: str | None = None) -> None:
        """A corpus is opened: forget what the last one showed; accept results of `generation`;
        show `wanted` (an id or a file name) first, if it is there."""
        self.corpus = corpus
        self._wanted, self._stand_in = wanted, None
        self.chosen = self.current = self.shown = None
        self.corrections = None  # the new corpus's come from its store
        self.annotations.reset(generation)
        self.comparison.reset()
        if "history" in self.__dict__:
            self.history.clear()
        self.entity_filter = None

    @property
    def asked_for(self) -> str | None:
        """The document asked for when the corpus was opened (an id or a file name), if any."""
        return self._wanted

    def first_row(self) -> int:
        """The row to show first in a folder listed whole: the one asked for, else the newest."""
        assert self.corpus is not None
        return max(row_of_name(self.corpus, self._wanted), 0) if self._wanted else 0

    def listed(self, done: bool, reader_moved: bool) -> int | None:
        """A batch of a big folder was listed: the row to show now, if any. Nothing chosen yet:
        the one asked for as soon as it is listed, else the newest listed so far, to read while
        the rest come. Once all is listed, the newest replaces the one shown meanwhile, unless
        the reader has moved in it or narrowed the list on it (`reader_moved`)."""
        corpus = self.corpus
        assert corpus is not None
        row: int | None = None
        if self.chosen is None:
            # Every entry is scanned for the name once, when all is listed, not at each batch.
            found = row_of_name(corpus, self._wanted, scan=done) if self._wanted else 0
            if found >= 0 or done:
                row = max(found, 0)
                stand_in = not (self._wanted or done) and row < len(corpus)
                self._stand_in = corpus.entries[row].id if stand_in else None
        elif done and self._stand_in is not None and self._stand_in == self.chosen.id and not reader_moved:
            row = 0
        if done:
            self._stand_in = None
        return row

    @cached_property
    def history(self) -> History:
        """Where the jumps came from and went to, for Back and Forward."""
        from gui.core.session.history import History

        return History()

    @property
    def generation(self) -> int:
        """The worker generation whose results are accepted (that of the open corpus)."""
        return self.annotations.generation

    def choose(self, entry: DocumentEntry) -> None:
        """A document is chosen and will be read (a big one, off the UI thread)."""
        self.chosen = entry
        self.current = self.shown = None

    def being_read(self, entry: DocumentEntry) -> bool:
        """Whether a document being read is still the one chosen, and not shown yet."""
        corpus = self.corpus
        return (
            corpus is not None and self.current is None and self.chosen is entry
            and corpus.entry(entry.id) is entry
        )

    def display(self, entry: DocumentEntry, loaded: Document, look_up: bool = True) -> Displayed:
        """The chosen document has been read: decide its entities (file, known, cache, engine).

        `look_up`: whether the cache may be asked now, for entities to paint with the text.
        """
        document = dataclasses.replace(loaded, id=entry.id)
        self.chosen, self.current = entry, document
        known = self.annotations.has(entry.id)  # some version of it
        cached = None
        unknown = self.annotations.for_text(entry.id, document.body) is None
        if look_up and document.entity_source is None and unknown:
            cached = self._from_cache(document)
        if cached is not None:
            self.annotations.accept(self.generation, entry.id, cached)
            self.current = dataclasses.replace(document, entities=cached.entities)
        shown = self.refresh()
        assert shown is not None
        annotate = cached is not None or self.annotations.for_text(entry.id, document.body) is None
        return Displayed(shown, annotate, again=known)

    def _from_cache(self, document: Document) -> Annotation | None:
        entities = self._cached_entities(document.body) if self._cached_entities else None
        if entities is None:
            return None
        groups = self._groups(document.body, entities)
        return Annotation(text_key(document.body), entities, Source.CACHE, groups)

    def _groups(self, body: str, entities: Sequence[Entity]) -> tuple[MentionGroup, ...]:
        return groups_of(body, entities, self.group_here_at_most)

    def refresh(self) -> Shown | None:
        """Decide again which entities the document on screen shows: the engine's while
        comparing, else its file's, else its annotation's (none while unknown)."""
        current = self.current
        if current is None:
            self.shown = None
            return None
        annotation = self.annotations.for_text(current.id, current.body)
        shown: Annotation | None
        detail, ask = "", None
        if self.comparison.wanted(current):
            shown = self.comparison.result_for(current)
            entry = self.corpus.entry(current.id) if self.corpus else None
            if shown is None and self.engine_problem:
                detail = f"the engine is unavailable: {self.engine_problem}"
            elif shown is None and entry is not None:
                ask, detail = entry, "the engine's entities are on their way…"
            elif shown is not None:
                from_brat = entry is not None and entry.record is None
                source = current.path.with_suffix(".ann").name if from_brat else "the file"
                ours, shown, corrected = self.compared_sides(shown)
                detail = "compared: " + difference_summary(ours, shown.entities, source)
                detail += f" ({BOTH_CORRECTED})" if corrected else ""
        elif current.entity_source is not None:
            groups = annotation.groups if annotation else self._groups(current.body, current.entities)
            shown = Annotation(text_key(current.body), current.entities, current.entity_source, groups)
        else:
            shown = annotation
        if shown is not None and self.corrections is not None and not self.comparison.wanted(current):
            from gui.core.session.corrected_shown import corrected_annotation

            key = self.document_key
            shown = corrected_annotation(self.corrections, key, current.body, shown, self._groups)
        document = dataclasses.replace(current, entities=shown.entities if shown else ())
        self.shown = Shown(document, shown, detail, ask)
        return self.shown

    def compared_sides(self, engine: Annotation) -> tuple[tuple[Entity, ...], Annotation, bool]:
        """The document's file entities and the engine's annotation of it, both as the user's
        corrections leave them (comparison.corrected_sides), and whether they changed either."""
        current = self.current
        assert current is not None
        return corrected_sides(self.corrections, self.document_key, current.body, current.entities, engine,
                               self._groups)

    # The worker's results --------------------------------------------------------------------

    def accept(self, generation: int, report: AnnotatedDocument) -> Accepted:
        """The worker's entities for one document: keep them, and say what follows on screen."""
        annotation = Annotation(report.key, report.entities, report.source, report.groups)
        if not self.annotations.accept(generation, report.doc_id, annotation):
            return Accepted(stored=False)
        current = self.current
        if current is None or current.id != report.doc_id or self.corpus is None:
            return Accepted(stored=True)
        entry = self.corpus.entry(report.doc_id)
        if report.key != text_key(current.body):
            return Accepted(stored=True, reread=entry)
        if current.entity_source is None:
            shown_annotation = self.shown.annotation if self.shown else None
            if annotation == shown_annotation:
                return Accepted(stored=True)  # shown already, from the cache
            self.current = dataclasses.replace(current, entities=report.entities)
            return Accepted(stored=True, shown=self.refresh())
        if not self.comparison.wanted(current):
            return Accepted(stored=True, shown=self.refresh())  # the file's, now with groups
        return Accepted(stored=True)

    def entity_count(self, report: AnnotatedDocument) -> int:
        """How many entities the document list shows for a document the worker reports: as the
        corrections leave them, as the store's counts (store_entities.mention_counts) say them
        once it has the document, so that the count does not change when they come. The overlay
        maps texts to what the corrections make of them, which holds for a new document too."""
        entry = self.corpus.entry(report.doc_id) if self.corrections is not None and self.corpus else None
        if self.corrections is None or entry is None:
            return len(report.entities)
        from gui.core.desk.reading import document_key
        from gui.core.session.corrected_shown import corrected_entities

        key = document_key(entry.path, report.doc_id)
        return len(corrected_entities(self.corrections, key, report.body, report.entities, explain=False))

    def shown_entity_count(self) -> tuple[str, int] | None:
        """The document on screen's id and its count as the list shows it (entity_count): what its
        header says. The store's counts take the corrections in only while its resolution is
        current, which it is not for a while after each fill of a big folder being annotated."""
        shown = self.shown
        if shown is None or shown.annotation is None:
            return None
        annotation, document = shown.annotation, shown.document
        report = AnnotatedDocument(document.id, document.body, annotation.entities, annotation.source,
                                   annotation.groups)
        return document.id, self.entity_count(report)

    def accept_comparison(self, generation: int, report: AnnotatedDocument) -> Shown | None:
        """The engine's entities of a document read from a file; what to draw if it is on screen."""
        if generation != self.generation:
            return None
        annotation = Annotation(report.key, report.entities, report.source, report.groups)
        self.comparison.keep(report.doc_id, annotation)
        current = self.current
        if current is not None and current.id == report.doc_id and self.comparison.wanted(current):
            return self.refresh()
        return None

    def still_current(self, generation: int, report: AnnotatedDocument) -> bool:
        """Whether a report is still about the open corpus, the version known, and a listed file."""
        return (
            generation == self.generation
            and self.annotations.for_text(report.doc_id, report.body) is not None
            and self.corpus is not None
            and self.corpus.entry(report.doc_id) is not None
        )

    def document_to_export(self) -> Document | str:
        """The document on screen as an export writes it, or why there is none to export: its
        file's own entities if it has them (comparing only changes the view), else the ones
        shown, once they are known."""
        current = self.current
        if current is None or self.shown is None:
            return "No document to export"
        if current.entity_source is None:
            annotation = self.annotations.for_text(current.id, current.body)
            if annotation is None:  # exporting now would write it without its entities
                return "This document's entities are not known yet: export it once it is highlighted"
            current = dataclasses.replace(current, entities=annotation.entities)
        if self.corrections is None:
            return current
        from gui.core.session.corrected_shown import corrected_entities

        # Corrected, but without the notes that say the model's labels on screen.
        entities = corrected_entities(self.corrections, self.document_key, current.body, current.entities,
                                      explain=False)
        return dataclasses.replace(current, entities=entities)

    @property
    def document_key(self) -> tuple[bytes, str]:
        """The desk's key of the document chosen (its file name's bytes and its id)."""
        from gui.core.desk.reading import document_key

        current = self.chosen or self.current
        assert current is not None
        return document_key(current.path, current.id)

    # The folder changed on disk --------------------------------------------------------------

    def types_read(self, read: TypesRead) -> bool:
        """A corpus's own types were read: take them and their problems into the open corpus;
        False if another corpus was opened meanwhile (nothing to draw)."""
        if read.corpus is not self.corpus:
            return False
        read.corpus.types = read.types
        read.corpus.problems += read.problems
        return True

    def relisting(self) -> str:
        """What a change on disk asks of the open corpus: "none" while a big folder is still being
        listed (its listing sees the files as they are), "reopen" for a JSON Lines file (its
        records' offsets moved), else "relist"."""
        corpus = self.corpus
        if corpus is None or not corpus.complete:
            return "none"
        return "reopen" if corpus.source.is_file() and corpus.source == corpus.root else "relist"

    def corpus_changed(self, new: Corpus) -> Changed | None:
        """The open folder was listed again: take the new listing, and say what it means; None
        if nothing changed."""
        old = self.corpus
        if old is None:
            return None
        change = CorpusChange.between(old, new)
        if not change:
            return None
        self.corpus = new
        self.annotations.forget(change.removed)
        current = self.current
        if current is None:
            return Changed(change)
        if current.id in change.removed:
            self.chosen = self.current = self.shown = None
            return Changed(change, removed=current)
        if current.id in {entry.id for entry in change.changed}:
            return Changed(change, reread=new.entry(current.id))
        return Changed(change)

    def forget_entity_filter(self) -> None:
        """The document list shows every document again: no entity filter."""
        self.entity_filter = None

    # Where the reader is ---------------------------------------------------------------------

    def location(self, position: int) -> Location | None:
        """The document on screen at `position` (code points), if one is."""
        from gui.core.session.history import Location

        return Location(self.current.id, position) if self.current is not None else None

    def shows(self, name: str) -> bool:
        """Whether the document on screen has this id or file name."""
        current = self.current
        return current is not None and name in (current.id, current.path.name)
