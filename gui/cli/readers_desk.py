"""What the reader has made of a corpus, for the commands that write its documents out
(`seedview export` and `seedview annotate`, which write the same records): the marks of its
desk (read, starred, tags, note) and its entity corrections, read without writing the desk."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from gui.core.desk.correction_overlay import CorrectionOverlay
from gui.core.model.document import Document
from gui.core.model.document_marks import MarksOf


class ReadersDesk(NamedTuple):
    """The marks of each document, and the corrections over its entities (None: none made)."""

    marks: MarksOf
    corrections: CorrectionOverlay | None

    def corrected(self, document: Document) -> Document:
        """The document with its entities as the reader's corrections leave them (its files are
        never touched: this is an overlay)."""
        return document if self.corrections is None else self.corrections.document(document)


def readers_desk(source: Path, warn: Callable[[str], None] | None = None) -> ReadersDesk:
    """The desk of the corpus at `source`, as the window keeps it (the user's data folder);
    `warn` is told if its marks cannot be read."""
    from gui.core.corpus.store_corrections import corpus_overlay
    from gui.core.desk.reading import marks_by_document, read_marks
    from gui.locations import cache_folder, corpus_desk_path, desk_folder

    marks = marks_by_document(read_marks(corpus_desk_path(source), warn))
    return ReadersDesk(marks, corpus_overlay(cache_folder(), source, desk_folder(cache_folder())))
