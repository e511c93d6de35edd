"""The signals of annotation, declared once: the worker emits them from its thread, and the link
the window holds from the start passes the same ones on in the UI thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class AnnotationSignals(QObject):
    """What annotation tells the window, each signal carrying one typed event or a plain value."""

    annotated = Signal(object)  # DocumentsAnnotated: results, cached ones by the handful
    compared = Signal(object)  # EngineCompared: the engine's view of a document asked for by `compare`
    progress = Signal(object)  # AnnotationProgress: documents done of those queued
    engineLoading = Signal()
    engineLoaded = Signal(float)  # seconds the model took to load
    engineFailed = Signal(str)  # a sentence for the user; sent once
    cacheProblem = Signal(str)  # the cache cannot be used or written (entities still come)

    def pass_on(self, source: AnnotationSignals) -> None:
        """Emit what `source` emits, in this object's thread."""
        for mine, theirs in (
            (self.annotated, source.annotated), (self.compared, source.compared),
            (self.progress, source.progress), (self.engineLoading, source.engineLoading),
            (self.engineLoaded, source.engineLoaded), (self.engineFailed, source.engineFailed),
            (self.cacheProblem, source.cacheProblem),
        ):
            theirs.connect(mine)
