"""An export to run (ExportJob) and the thread that writes it (ExportRunner): made by the export
commands (export_commands) when the first export starts."""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from gui.core.colours.palette import Palette
from gui.core.corpus.corpus import Corpus, load_entry
from gui.core.model.document import Document
from gui.core.model.document_marks import DocumentMarks

if TYPE_CHECKING:
    from gui.core.desk.correction_overlay import CorrectionOverlay
    from gui.core.desk.reading import MarksKey
    from gui.core.session.annotation_store import Annotation

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class ExportJob:
    """One export to run: what, in which format, where."""

    fmt: str
    output: Path
    title: str
    documents: tuple[Document, ...] = ()  # the current document, as shown
    corpus: Corpus | None = None  # or every document of a corpus, with these annotations
    annotations: dict[str, Annotation] = dataclasses.field(default_factory=dict)
    cache_path: Path | None = None  # the entity cache, for the documents the window has not seen
    corrections: CorrectionOverlay | None = None  # the user's entity corrections, applied to each
    # The reader's marks by document (gui/core/desk/reading.py marks_key), if the export carries them.
    marks: dict[MarksKey, DocumentMarks] | None = None
    # Filled while writing: ids of documents that went out without entities (none were known),
    # and what the format could not keep exactly (brat's limits), one sentence each.
    unannotated: list[str] = dataclasses.field(default_factory=list)
    losses: list[str] = dataclasses.field(default_factory=list)

    def marks_of(self, document: Document) -> DocumentMarks:
        """The reader's marks of a document being written."""
        from gui.core.desk.reading import marks_key

        return (self.marks or {}).get(marks_key(document.path, document.id), DocumentMarks())

    def iter_documents(self) -> Iterator[Document]:
        """The documents to write, read one at a time (a folder can be large)."""
        yield from self.documents
        if self.corpus is None:
            return
        from gui.core.engine.annotator import CacheLookUp

        look_up = CacheLookUp(self.cache_path)  # read-only, in the export's thread
        try:
            for entry in self.corpus:
                if entry.record is not None and entry.problem:
                    continue  # a JSON Lines line that holds no document (bad JSON, no text)
                document = dataclasses.replace(load_entry(entry), id=entry.id)
                if document.entity_source is None:
                    annotation = self.annotations.get(entry.id)
                    entities = annotation.entities if annotation is not None else None
                    if entities is None and document.body.strip():
                        entities = look_up(document.body)
                        if entities is None:
                            self.unannotated.append(entry.id)
                    document = dataclasses.replace(document, entities=entities or ())
                if self.corrections is not None:
                    document = self._corrected(document, entry.path)
                yield document
        finally:
            look_up.close()


    def _corrected(self, document: Document, path: Path) -> Document:
        """The document with the user's corrections applied to its entities."""
        from gui.core.desk.reading import document_key
        from gui.core.session.corrected_shown import corrected_entities

        assert self.corrections is not None
        key = document_key(path, document.id)
        entities = corrected_entities(self.corrections, key, document.body, document.entities, explain=False)
        return dataclasses.replace(document, entities=entities)


class ExportRunner(QObject):
    """Runs export jobs in a daemon thread; reports back through signals (queued to the UI)."""

    finished = Signal(str)  # a sentence for the status bar
    failed = Signal(str)

    def start(self, job: ExportJob, palette: Palette) -> None:
        """Write the job's documents in the background."""
        threading.Thread(target=self._run, args=(job, palette), name="export", daemon=True).start()

    def _run(self, job: ExportJob, palette: Palette) -> None:
        from gui.core.formats.exporting import FORMAT_NAMES, export_documents  # kept off the start-up path

        try:
            count = export_documents(
                job.iter_documents(),
                job.fmt,
                job.output,
                palette,
                job.title,
                whole_corpus=job.corpus is not None,
                warn=job.losses.append,
                marks=job.marks_of if job.marks is not None else None,
            )
        except OSError as error:
            # The reason in words, about the file the user chose (not a temporary one).
            log.warning("Export to %s failed: %s", job.output, error)
            self.failed.emit(f"Export to {job.output} failed: {error.strerror or error}")
            return
        except Exception as error:  # any other failure must reach the user too
            log.exception("Export to %s failed", job.output)
            self.failed.emit(f"Export to {job.output} failed: {error}")
            return
        noun = "document" if count == 1 else "documents"
        message = f"Exported {count:,} {noun} as {FORMAT_NAMES[job.fmt]} to {job.output}"
        if job.unannotated:
            missing = len(job.unannotated)
            message += f"; {missing} of them without entities (the engine could not annotate them)"
        for loss in job.losses:
            log.warning("Export to %s: %s", job.output, loss)
        if job.losses:
            message += f"; {len(job.losses)} things brat cannot keep exactly, for example: {job.losses[0]}"
        self.finished.emit(message)
