"""How the annotation worker's results go out, without Qt: held a moment to go by the handful, at
once for the document on screen, and never for a folder no longer open."""

from __future__ import annotations

from gui.core.model.document import Entity, Source
from gui.core.session.annotation_queue import AnnotationQueue
from gui.core.session.annotation_reporter import (
    REPORT_AT_MOST,
    AnnotationReporter,
    Prepare,
    annotated_document,
)
from gui.core.session.annotation_store import AnnotatedDocument
from gui.core.session.events import AnnotationProgress, DocumentsAnnotated, EngineCompared


class Window:
    """Stands for the window: what it was sent, and a clock the test moves."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, list[str]]] = []
        self.progress: list[tuple[int, int, int]] = []
        self.compared: list[EngineCompared] = []
        self.now = 0.0

    def annotated(self, event: DocumentsAnnotated) -> None:
        self.sent.append((event.generation, [report.doc_id for report in event.reports]))

    def progressed(self, event: AnnotationProgress) -> None:
        self.progress.append((event.generation, event.done, event.total))

    def reporter(
        self,
        queue: AnnotationQueue,
        long_text_chars: int = 30_000,
        prepare: Prepare = annotated_document,
        report_at_most: int = REPORT_AT_MOST,
    ) -> AnnotationReporter:
        """A reporter that sends to this window, on its clock."""
        return AnnotationReporter(
            queue, self.annotated, self.compared.append, self.progressed, long_text_chars, prepare,
            report_at_most=report_at_most, clock=lambda: self.now,
        )


def cached(doc_id: str, body: str) -> tuple[str, str, tuple[Entity, ...], Source]:
    return doc_id, body, (), Source.CACHE


def test_cached_results_wait_briefly_for_company_but_a_prioritised_one_goes_at_once() -> None:
    queue, window = AnnotationQueue(), Window()
    reporter = window.reporter(queue)

    first = queue.replace([])
    reporter.report(first, [cached("a", "Acme.")], comparing=False, urgent=False)
    reporter.report(first, [cached("b", "Bolt.")], comparing=False, urgent=False)
    assert window.sent == []
    reporter.report(first, [cached("c", "Corn.")], comparing=False, urgent=True)
    assert window.sent == [(first, ["a", "b", "c"])] and window.progress == [(first, 3, 0)]

    # Held results of a folder that is no longer open are dropped, never sent.
    reporter.report(first, [cached("d", "Dune.")], comparing=False, urgent=False)
    second = queue.replace([])
    reporter.send_held()
    reporter.report(first, [cached("e", "Eyre.")], comparing=False, urgent=True)
    assert window.sent == [(first, ["a", "b", "c"])]

    # Held for long enough, they go with the next one.
    reporter.report(second, [cached("f", "Fern.")], comparing=False, urgent=False)
    window.now += 1.0
    reporter.report(second, [cached("g", "Gulf.")], comparing=False, urgent=False)
    assert window.sent[1:] == [(second, ["f", "g"])] and window.progress[1:] == [(second, 2, 0)]


def test_held_results_do_not_wait_while_a_long_text_is_prepared() -> None:
    queue, window = AnnotationQueue(), Window()
    prepared: list[int] = []

    def prepare(doc_id: str, body: str, entities: tuple[Entity, ...], source: Source) -> AnnotatedDocument:
        prepared.append(len(window.sent))
        return annotated_document(doc_id, body, entities, source)

    reporter = window.reporter(queue, long_text_chars=100, prepare=prepare)
    generation = queue.replace([])
    reporter.report(generation, [cached("a", "Acme.")], comparing=False, urgent=False)
    long_text = "Words. " * 20
    reporter.report(generation, [cached("long", long_text)], comparing=False, urgent=False)
    assert window.sent == [(generation, ["a"])] and prepared == [0, 1]  # "a" went before


def test_a_handful_goes_as_soon_as_it_is_full() -> None:
    queue, window = AnnotationQueue(), Window()
    reporter = window.reporter(queue, report_at_most=3)
    generation = queue.replace([])
    reporter.report(generation, [cached(name, "Acme.") for name in "ab"], comparing=False, urgent=False)
    assert window.sent == []
    reporter.report(generation, [cached("c", "Acme.")], comparing=False, urgent=False)
    assert window.sent == [(generation, ["a", "b", "c"])]
    assert REPORT_AT_MOST > 3  # the app's handful is bigger


def test_a_comparison_goes_at_once_and_alone_unless_stale() -> None:
    queue, window = AnnotationQueue(), Window()
    reporter = window.reporter(queue)
    generation = queue.replace([])
    found = ("a", "Acme sells.", (Entity(0, 4, "ORG"),), Source.ENGINE)
    reporter.report(generation, [found], comparing=True, urgent=True)
    assert [(event.generation, event.report.doc_id) for event in window.compared] == [(generation, "a")]
    assert window.compared[0].report.groups  # prepared with its mention groups
    assert window.sent == [] and window.progress == []  # not counted as annotated
    queue.replace([])
    reporter.report(generation, [found], comparing=True, urgent=True)
    assert len(window.compared) == 1
