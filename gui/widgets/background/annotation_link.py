"""The annotation worker as the window holds it: its queue from the start, the worker itself only
once it starts, after the window's first paint (its module is not needed for the first screen).

The window queues and prioritises documents as soon as it opens a folder; the worker takes them
when it runs. The worker's signals come through this object's, which exist from the start, so the
window connects to them before the worker is made. They arrive in the UI thread: the link lives
there, and the worker emits from its own.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from gui.core.session.annotation_queue import AnnotationQueue
from gui.widgets.background.annotation_signals import AnnotationSignals

if TYPE_CHECKING:
    from gui.core.engine.engine import Engine
    from gui.core.model.corpus_entry import DocumentEntry
    from gui.core.model.document import Document
    from gui.widgets.background.annotation_worker import AnnotationThread, AnnotationWorker


class AnnotationLink(AnnotationSignals):
    """Holds the annotation queue, makes the worker on it when first needed, and passes on the
    worker's signals (the same ones, carrying the same events)."""

    def __init__(
        self,
        cache_path: Path | None,
        load_engine: Callable[[], Engine],
        read_entry: Callable[[DocumentEntry], Document],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.queue = AnnotationQueue()
        self._cache_path = cache_path
        self._load_engine = load_engine
        self._read_entry = read_entry
        self._thread: AnnotationThread | None = None
        self._shut_down = False

    @cached_property
    def worker(self) -> AnnotationWorker:
        """The worker on the queue, made the first time it is asked for."""
        from gui.widgets.background.annotation_worker import AnnotationWorker

        worker = AnnotationWorker(
            self._cache_path, self._load_engine, read_entry=self._read_entry, queue=self.queue
        )
        self.pass_on(worker)
        return worker

    def start(self) -> None:
        """Make the worker and start its thread; once started or shut down, nothing."""
        if self._thread is not None or self._shut_down:
            return
        from gui.widgets.background.annotation_worker import AnnotationThread

        self._thread = AnnotationThread(self.worker)
        self._thread.start()

    @property
    def started(self) -> bool:
        """Whether the worker's thread has been started (it may have ended since)."""
        return self._thread is not None and self._thread.started

    def shutdown(self, wait_s: float = 30.0) -> None:
        """Stop the worker after its current round and wait for its thread (if it started) up to
        `wait_s`; it never starts after this."""
        self._shut_down = True
        self.queue.stop()
        if self._thread is not None:
            self._thread.shutdown(wait_s)
