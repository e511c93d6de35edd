"""File ▸ Export: the current document or the whole folder, written in a background thread.

A folder is exported with the entities the window shows, so an export waits until every document
is annotated (nothing goes out without its entities); the status bar says so meanwhile.
"""

from __future__ import annotations

import copy
import dataclasses
import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal

from gui.core.corpus import Corpus, load_entry
from gui.core.document import Document
from gui.core.palette import Palette
from gui.widgets.window_part import WindowPart

if TYPE_CHECKING:
    from gui.core.annotation_store import Annotation
    from gui.widgets.export_dialog import ExportDialog
    from gui.widgets.main_window import MainWindow

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
    # Filled while writing: ids of documents that went out without entities (none were known),
    # and what the format could not keep exactly (brat's limits), one sentence each.
    unannotated: list[str] = dataclasses.field(default_factory=list)
    losses: list[str] = dataclasses.field(default_factory=list)

    def iter_documents(self) -> Iterator[Document]:
        """The documents to write, read one at a time (a folder can be large)."""
        yield from self.documents
        if self.corpus is None:
            return
        for entry in self.corpus:
            if entry.record is not None and entry.problem:
                continue  # a JSON Lines line that holds no document (bad JSON, no text)
            document = dataclasses.replace(load_entry(entry), id=entry.id)
            if document.entity_source is None:
                annotation = self.annotations.get(entry.id)
                if annotation is None and document.body.strip():
                    self.unannotated.append(entry.id)
                entities = annotation.entities if annotation is not None else ()
                document = dataclasses.replace(document, entities=entities)
            yield document


class ExportRunner(QObject):
    """Runs export jobs in a daemon thread; reports back through signals (queued to the UI)."""

    finished = Signal(str)  # a sentence for the status bar
    failed = Signal(str)

    def start(self, job: ExportJob, palette: Palette) -> None:
        """Write the job's documents in the background."""
        threading.Thread(target=self._run, args=(job, palette), name="export", daemon=True).start()

    def _run(self, job: ExportJob, palette: Palette) -> None:
        from gui.core.exporting import FORMAT_NAMES, export_documents  # kept off the start-up path

        try:
            count = export_documents(
                job.iter_documents(),
                job.fmt,
                job.output,
                palette,
                job.title,
                whole_corpus=job.corpus is not None,
                warn=job.losses.append,
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
        message = f"Exported {count} {noun} as {FORMAT_NAMES[job.fmt]} to {job.output}"
        if job.unannotated:
            missing = len(job.unannotated)
            message += f"; {missing} of them without entities (the engine could not annotate them)"
        for loss in job.losses:
            log.warning("Export to %s: %s", job.output, loss)
        if job.losses:
            message += f"; {len(job.losses)} things brat cannot keep exactly, for example: {job.losses[0]}"
        self.finished.emit(message)


class ExportCommands(WindowPart):
    """The export commands of one window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.runner = ExportRunner(window)
        self.runner.finished.connect(self._report)
        self.runner.failed.connect(self._report)
        self._waiting: ExportJob | None = None  # a folder export waiting for the annotation
        self._last: tuple[str, Path] | None = None  # the format and folder of the last export
        window.documentIndexed.connect(self._start_waiting)
        window.entitiesUnavailable.connect(self._start_waiting)


    def _report(self, message: str) -> None:
        self._window.statusBar().showMessage(message, 10_000)

    def _ask(self, what: str, name: str) -> ExportDialog:
        from gui.widgets.export_dialog import ExportDialog  # kept off the start-up path

        corpus = self._window.corpus
        dialog = ExportDialog(what, name, corpus.source if corpus else None, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if self._last is not None:
            dialog.suggest(*self._last)
        dialog.accepted.connect(lambda: self._remember(dialog.fmt, dialog.destination))
        return dialog

    def _remember(self, fmt: str, destination: Path) -> None:
        self._last = (fmt, destination.parent)

    def export_document(self) -> None:
        """Ask for a format and a destination, and export the document shown with its entities:
        its file's own if it has them (comparing with the engine only changes the view), else
        the engine's."""
        window = self._window
        current = window.current_document
        own = current is not None and current.entity_source is not None
        shown = current if own else window.shown_document
        if shown is None:
            self._report("No document to export")
            return
        if not own and not window.entities_known:
            # Exporting now would write the document without its entities.
            self._report("This document's entities are not known yet: export it once it is highlighted")
            return
        dialog = self._ask("Document", shown.id)
        dialog.accepted.connect(
            lambda: self._start(ExportJob(dialog.fmt, dialog.destination, shown.title, (shown,)))
        )
        dialog.open()

    def export_folder(self) -> None:
        """Ask for a format and a destination, and export every document with its entities."""
        corpus = self._window.corpus
        if corpus is None or not len(corpus):
            self._report("No documents to export")
            return
        dialog = self._ask("All Documents", corpus.name)
        dialog.accepted.connect(
            lambda: self._start(ExportJob(dialog.fmt, dialog.destination, corpus.name, corpus=corpus))
        )
        dialog.open()

    def _start(self, job: ExportJob) -> None:
        window = self._window
        if job.corpus is not None and not window.indexing_done() and not window.engine_problem:
            self._waiting = job
            self._report("The export starts once every document is annotated…")
            return
        if job.corpus is not None:
            job = dataclasses.replace(job, annotations=window.annotations_snapshot())
        self._report(f"Exporting to {job.output}…")
        # A copy: opening another folder reconfigures the window's palette meanwhile.
        self.runner.start(job, copy.deepcopy(window.entity_palette))

    def _start_waiting(self, _detail: str) -> None:
        job = self._waiting
        window = self._window
        if job is not None and (window.indexing_done() or window.engine_problem):
            self._waiting = None
            if window.corpus is job.corpus:
                self._start(job)
            else:
                self._report("Export cancelled: another folder was opened")
