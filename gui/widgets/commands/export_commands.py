"""File ▸ Export: the current document or the whole folder, written in a background thread: the
two commands, and the window's exports (the thread that writes them, one waiting for annotation).

A folder is exported with the entities the window shows, so an export waits until every document
is annotated (nothing goes out without its entities); the status bar says so meanwhile.
"""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from gui.core.model.display_text import isolate
from gui.widgets.window_part import WindowPart

if TYPE_CHECKING:
    from gui.widgets.background.export_job import ExportJob, ExportRunner
    from gui.widgets.commands.command_context import CommandContext
    from gui.widgets.dialogs.export_dialog import ExportDialog


def export_document(window: CommandContext) -> None:
    """Ask for a format and a destination, and export the document shown with its entities."""
    window.exports.export_document()


def export_folder(window: CommandContext) -> None:
    """Ask for a format and a destination, and export every document with its entities."""
    window.exports.export_folder()


class Exports(WindowPart["CommandContext"]):
    """One window's exports: the thread runner, the last destination, a folder export waiting."""

    def __init__(self, window: CommandContext) -> None:
        super().__init__(window)
        self._runner: ExportRunner | None = None  # made by the first export
        self._waiting: ExportJob | None = None  # a folder export waiting for the annotation
        self._last: tuple[str, Path] | None = None  # the format and folder of the last export

    @property
    def runner(self) -> ExportRunner:
        """The thread runner that writes exports (its module is kept off the start-up path)."""
        if self._runner is None:
            from gui.widgets.background.export_job import ExportRunner

            self._runner = ExportRunner(self._window.main_window)
            self._runner.finished.connect(self._report)
            self._runner.failed.connect(self._report)
        return self._runner

    def _report(self, message: str) -> None:
        self._window.say(message, 10_000)

    def _ask(self, what: str, name: str) -> ExportDialog:
        from gui.widgets.dialogs.export_dialog import ExportDialog  # kept off the start-up path

        corpus = self._window.session.corpus
        dialog = ExportDialog(what, name, corpus.source if corpus else None, self._window.main_window)
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
        shown = self._window.session.document_to_export()
        if isinstance(shown, str):
            self._report(shown)
            return
        from gui.widgets.background.export_job import ExportJob

        dialog = self._ask("Document", shown.id)
        dialog.accepted.connect(
            lambda: self._start(ExportJob(dialog.fmt, dialog.destination, shown.title, (shown,)))
        )
        dialog.open()

    def export_folder(self) -> None:
        """Ask for a format and a destination, and export every document with its entities."""
        corpus = self._window.session.corpus
        if corpus is None or not len(corpus):
            self._report("No documents to export")
            return
        from gui.widgets.background.export_job import ExportJob

        dialog = self._ask("All Documents", corpus.name)
        dialog.accepted.connect(
            lambda: self._start(ExportJob(dialog.fmt, dialog.destination, corpus.name, corpus=corpus))
        )
        dialog.open()

    def _start(self, job: ExportJob) -> None:
        window = self._window
        if job.corpus is not None and not window.indexing_done() and not window.session.engine_problem:
            self._waiting = job
            self._report("The export starts once every document is annotated…")
            return
        if job.corpus is not None:
            job = dataclasses.replace(
                job, annotations=window.session.annotations.snapshot(), cache_path=window.cache_path,
                corrections=window.session.corrections,  # a value: later corrections leave it as it is
            )
        desk = window.reading_desk
        if desk.loaded:  # the reader's marks go with the documents
            job = dataclasses.replace(job, marks=dict(desk.marks))
        self._report(f"Exporting to {isolate(str(job.output))}…")
        # A copy: opening another folder reconfigures the window's palette meanwhile.
        self.runner.start(job, copy.deepcopy(window.entity_palette))

    def start_waiting(self, _detail: object = None) -> None:
        """A document was indexed, or the engine failed: start a waiting folder export if ready."""
        job = self._waiting
        window = self._window
        if job is not None and (window.indexing_done() or window.session.engine_problem):
            self._waiting = None
            if window.session.corpus is job.corpus:
                self._start(job)
            else:
                self._report("Export cancelled: another folder was opened")
