"""How the annotation worker's results go to the window: by the handful, and never stale.

Cached documents come by the thousand, and each signal costs the UI thread, so their results are
held a moment to go together; a prioritised one (the document on screen) goes at once, and with
it those held. Results of a generation that is no longer current (another folder was opened) are
dropped, held or not.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from gui.core.entities.mentions import group_mentions
from gui.core.model.document import Entity, Source
from gui.core.session.annotation_queue import AnnotationQueue
from gui.core.session.annotation_store import AnnotatedDocument
from gui.core.session.events import AnnotationProgress, DocumentsAnnotated, EngineCompared

# Results sent by one signal, at most, and how long the first of them may wait for the others.
REPORT_AT_MOST = 256
REPORT_WITHIN_S = 0.03

Found = tuple[str, str, tuple[Entity, ...], Source]  # document id, body, entities, whence
Prepare = Callable[[str, str, tuple[Entity, ...], Source], AnnotatedDocument]


def annotated_document(
    doc_id: str, body: str, entities: tuple[Entity, ...], source: Source
) -> AnnotatedDocument:
    """A document's report, with its mention groups."""
    return AnnotatedDocument(doc_id, body, entities, source, tuple(group_mentions(body, entities)))


class AnnotationReporter:
    """Prepares the worker's results and sends them as events; used by the worker's thread only."""

    def __init__(
        self,
        queue: AnnotationQueue,
        on_annotated: Callable[[DocumentsAnnotated], None],
        on_compared: Callable[[EngineCompared], None],
        on_progress: Callable[[AnnotationProgress], None],
        long_text_chars: int,
        prepare: Prepare = annotated_document,
        report_at_most: int = REPORT_AT_MOST,
        report_within_s: float = REPORT_WITHIN_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._queue = queue
        self._on_annotated, self._on_compared, self._on_progress = on_annotated, on_compared, on_progress
        self._long_text_chars = long_text_chars  # held results do not wait while this is prepared
        self._prepare = prepare
        self._at_most, self._within_s, self._clock = report_at_most, report_within_s, clock
        self._held: list[AnnotatedDocument] = []  # results waiting to be sent together
        self._held_generation = 0
        self._held_since = 0.0

    def report(self, generation: int, found: list[Found], comparing: bool, urgent: bool) -> None:
        """Report what was found for some documents: at once if `urgent`, else held a moment to go
        with others; as `EngineCompared` events if `comparing`."""
        if not found or not self._queue.is_current(generation):
            return  # nothing, or another folder was opened meanwhile
        long_work = sum(len(body) for _, body, _, _ in found) > self._long_text_chars
        if self._held and (generation != self._held_generation or long_work):
            self.send_held()  # not kept waiting while a long text is prepared
        # Grouping mentions here keeps that work off the UI thread too.
        reports = [self._prepare(*item) for item in found]
        if comparing:
            if self._queue.is_current(generation):
                for report in reports:
                    self._on_compared(EngineCompared(generation, report))
            return
        if not self._held:
            self._held_generation, self._held_since = generation, self._clock()
        self._held.extend(reports)
        waited = self._clock() - self._held_since
        if urgent or len(self._held) >= self._at_most or waited > self._within_s:
            self.send_held()

    def send_held(self) -> None:
        """Send the results held so far, with the progress, unless another folder was opened."""
        reports, self._held = self._held, []
        if not reports:
            return
        generation = self._held_generation
        counted = self._queue.count_done(generation, len(reports))
        if counted is None:
            return  # another folder was opened meanwhile
        done, total = counted
        self._on_annotated(DocumentsAnnotated(generation, tuple(reports)))
        self._on_progress(AnnotationProgress(generation, done, total))
