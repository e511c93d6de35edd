"""The open corpus's entity and word indexes, kept up to date as the worker's results come."""

from __future__ import annotations

from functools import cached_property, partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from gui.core.session.annotation_store import AnnotatedDocument
from gui.core.session.reading_session import ReadingSession

if TYPE_CHECKING:
    from gui.core.entities.entity_index import EntityIndex
    from gui.core.search.text_search import TextIndex

# Documents with more entities than this are indexed over two turns of the event loop.
INDEX_IN_TURNS_OVER = 20_000


class CorpusIndexes(QObject):
    """The corpus's entities and words, document by document, for the corpus-wide commands."""

    documentIndexed = Signal(object)  # doc id (str), once its entities and text are indexed

    def __init__(
        self, session: ReadingSession, parent: QObject, in_turns_over: int = INDEX_IN_TURNS_OVER
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._in_turns_over = in_turns_over

    # Both indexes are made when first used, after the first paint: their modules are not
    # needed for the first screen.
    @cached_property
    def entity_index(self) -> EntityIndex:
        """The corpus's entities, document by document."""
        from gui.core.entities.entity_index import EntityIndex

        return EntityIndex()

    @cached_property
    def text_index(self) -> TextIndex:
        """The corpus's words, for searching every document."""
        from gui.core.search.text_search import TextIndex

        return TextIndex()

    def clear(self) -> None:
        """Forget every document (another corpus was opened)."""
        for name in ("entity_index", "text_index"):
            if name in self.__dict__:
                getattr(self, name).clear()

    def remove(self, doc_ids: frozenset[str]) -> None:
        """Forget documents that left the folder."""
        for doc_id in doc_ids:
            self.entity_index.remove_document(doc_id)
            self.text_index.remove_document(doc_id)

    def complete(self) -> bool:
        """Whether every document of the open corpus is in the indexes."""
        corpus = self._session.corpus
        return corpus is not None and len(self.entity_index) >= len(corpus)

    def add(self, generation: int, report: AnnotatedDocument) -> None:
        """Index a document the worker annotated (replacing what the indexes had of it)."""
        if len(report.entities) > self._in_turns_over:
            # Each index takes a while for such a document: one a turn of the event loop, after
            # its highlights are painted.
            QTimer.singleShot(0, self, partial(self._add_in_turns, generation, report))
            return
        self.entity_index.add_document(report.doc_id, report.groups)
        self.text_index.add_prepared(report.doc_id, report.words)
        self.documentIndexed.emit(report.doc_id)

    def _add_in_turns(self, generation: int, report: AnnotatedDocument, turn: int = 0) -> None:
        """Words in one turn, entities in the next, unless the report went stale meanwhile."""
        if not self._session.still_current(generation, report):
            return
        if turn == 0:
            self.text_index.add_prepared(report.doc_id, report.words)
            QTimer.singleShot(0, self, partial(self._add_in_turns, generation, report, 1))
        else:  # the entity index last: `complete` counts the documents it has
            self.entity_index.add_document(report.doc_id, report.groups)
            self.documentIndexed.emit(report.doc_id)
