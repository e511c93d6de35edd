"""The background worker: priorities, folder changes mid-round, stopping, one failure message.

The engine here is a stand-in that waits for the test to release it, so each test decides what
the worker is doing at each moment; the real engine is tested in tests/core/engine/test_engine.py.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from gui.core.corpus.corpus import DocumentEntry, read_entry
from gui.core.engine.engine import Engine, EngineError
from gui.core.model.document import Entity, Source
from gui.core.session.annotation_queue import AnnotationQueue
from gui.core.session.annotation_store import AnnotatedDocument
from gui.core.session.events import AnnotationProgress, DocumentsAnnotated
from gui.widgets.background.annotation_worker import AnnotationThread, AnnotationWorker


class GatedEngine:
    """Finds one ORG at the start of every text, once the test opens the gate."""

    pipeline = "gated-test-engine"

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.texts: list[str] = []
        self.gate_waiters = 0  # rounds that reached the gate

    def annotate(self, texts: Iterable[str]) -> Iterator[tuple[Entity, ...]]:
        self.gate_waiters += 1
        for text in texts:
            assert self.gate.wait(30), "the test never opened the gate"
            self.texts.append(text)
            yield (Entity(0, 3, "ORG"),)


@pytest.fixture
def documents(write_corpus: Callable[[dict[str, str | bytes]], Path]) -> list[DocumentEntry]:
    folder = write_corpus({f"{name}.txt": f"ACME news number {name}." for name in "abcde"})
    return [read_entry(path) for path in sorted(folder.glob("*.txt"))]


def start_worker(
    tmp_path: Path, loader: Callable[[], Engine], qtbot: QtBot
) -> tuple[AnnotationWorker, AnnotationQueue, AnnotationThread, list[tuple[int, str, str]]]:
    queue = AnnotationQueue()
    worker = AnnotationWorker(tmp_path / "cache.sqlite3", loader, batch_size=1, queue=queue)
    reports: list[tuple[int, str, str]] = []

    def reported(annotated: DocumentsAnnotated) -> None:
        reports.extend((annotated.generation, doc.doc_id, doc.source.value) for doc in annotated.reports)

    worker.annotated.connect(reported)
    thread = AnnotationThread(worker)
    thread.start()
    return worker, queue, thread, reports


def progress_of(progress: list[tuple[int, int, int]]) -> Callable[[AnnotationProgress], None]:
    """A receiver of the worker's progress that keeps (generation, done, total) in `progress`."""
    return lambda event: progress.append((event.generation, event.done, event.total))


def test_a_prioritised_document_is_annotated_next(
    tmp_path: Path, documents: list[DocumentEntry], qtbot: QtBot
) -> None:
    engine = GatedEngine()
    worker, queue, thread, reports = start_worker(tmp_path, lambda: engine, qtbot)
    worker.replace_queue(documents[:4])  # a, b, c, d: the worker takes a and waits at the gate
    qtbot.waitUntil(lambda: len(queue.pending_ids) == 3, timeout=5_000)
    worker.prioritize(documents[3])
    engine.gate.set()
    qtbot.waitUntil(lambda: len(reports) == 4, timeout=10_000)
    assert [doc_id for _, doc_id, _ in reports] == ["a", "d", "b", "c"]
    thread.shutdown()


def test_results_of_the_previous_folder_are_dropped(
    tmp_path: Path, documents: list[DocumentEntry], qtbot: QtBot
) -> None:
    engine = GatedEngine()
    worker, queue, thread, reports = start_worker(tmp_path, lambda: engine, qtbot)
    progress: list[tuple[int, int, int]] = []
    worker.progress.connect(progress_of(progress))
    first = worker.replace_queue(documents[:2])
    qtbot.waitUntil(lambda: "a" in queue.taken_ids, timeout=5_000)
    second = worker.replace_queue(documents[4:])
    engine.gate.set()
    qtbot.waitUntil(lambda: any(doc_id == "e" for _, doc_id, _ in reports), timeout=10_000)
    qtbot.waitUntil(lambda: bool(progress) and progress[-1] == (second, 1, 1), timeout=5_000)
    assert second == first + 1
    assert reports == [(second, "e", "engine")]
    assert all(gen == second for gen, _, _ in progress)
    thread.shutdown()


def test_stopping_mid_round_ends_the_thread(
    tmp_path: Path, documents: list[DocumentEntry], qtbot: QtBot
) -> None:
    engine = GatedEngine()
    worker, queue, thread, _reports = start_worker(tmp_path, lambda: engine, qtbot)
    worker.replace_queue(documents)
    qtbot.waitUntil(lambda: "a" in queue.taken_ids, timeout=5_000)
    worker.stop()
    engine.gate.set()
    thread.shutdown(timeout_s=10)
    assert not thread.running
    assert len(engine.texts) <= 1  # the round in progress, and nothing after it


def test_an_engine_failure_is_reported_once_and_progress_ends(
    tmp_path: Path, documents: list[DocumentEntry], qtbot: QtBot
) -> None:
    def broken() -> Engine:
        raise EngineError("The language model is missing.")

    worker, _queue, thread, reports = start_worker(tmp_path, broken, qtbot)
    failures: list[str] = []
    progress: list[tuple[int, int, int]] = []
    worker.engineFailed.connect(failures.append)
    worker.progress.connect(progress_of(progress))
    generation = worker.replace_queue(documents)
    qtbot.waitUntil(lambda: bool(failures) and bool(progress), timeout=10_000)
    worker.prioritize(documents[2])  # the user opens another document: no second message
    qtbot.waitUntil(lambda: len(progress) >= 2, timeout=10_000)
    assert failures == ["The language model is missing."]
    assert progress[-1][0] == generation and progress[-1][1] == progress[-1][2]
    assert reports == []
    thread.shutdown()


def test_empty_documents_need_no_engine(
    tmp_path: Path, write_corpus: Callable[[dict[str, str | bytes]], Path], qtbot: QtBot
) -> None:
    folder = write_corpus({"blank.txt": "   \n"})
    calls: list[int] = []

    def counting() -> Engine:
        calls.append(1)
        raise EngineError("not needed")

    worker, _queue, thread, reports = start_worker(tmp_path, counting, qtbot)
    worker.replace_queue([read_entry(folder / "blank.txt")])
    qtbot.waitUntil(lambda: bool(reports), timeout=5_000)
    assert reports[0][1:] == ("blank", "empty")
    assert calls == []
    thread.shutdown()


def test_a_deferred_engine_loads_only_once_allowed(
    tmp_path: Path, documents: list[DocumentEntry], qtbot: QtBot
) -> None:
    engine = GatedEngine()
    engine.gate.set()
    loads: list[int] = []

    def loader() -> Engine:
        loads.append(1)
        return engine

    worker, queue, thread, reports = start_worker(tmp_path, loader, qtbot)
    worker.defer_engine(True)  # a big folder is being listed
    worker.replace_queue(documents[:1])
    qtbot.waitUntil(lambda: "a" in queue.taken_ids, timeout=5_000)
    with qtbot.assertNotEmitted(worker.engineLoading, wait=300):
        pass
    assert loads == [] and reports == []
    with qtbot.waitSignal(worker.annotated, timeout=10_000):
        worker.defer_engine(False)  # the listing is done
    assert loads == [1] and reports == [(1, "a", "engine")]
    thread.shutdown()


def test_stopping_ends_a_thread_waiting_to_load_a_deferred_engine(
    tmp_path: Path, documents: list[DocumentEntry], qtbot: QtBot
) -> None:
    engine = GatedEngine()
    worker, queue, thread, _reports = start_worker(tmp_path, lambda: engine, qtbot)
    worker.defer_engine(True)
    worker.replace_queue(documents)
    qtbot.waitUntil(lambda: "a" in queue.taken_ids, timeout=5_000)
    engine.gate.set()
    thread.shutdown(timeout_s=10)
    assert not thread.running
    assert len(engine.texts) <= 1


def test_cached_documents_come_together_as_the_engine_found_them(
    tmp_path: Path, documents: list[DocumentEntry], qtbot: QtBot
) -> None:
    engine = GatedEngine()
    engine.gate.set()
    first = AnnotationWorker(tmp_path / "cache.sqlite3", lambda: engine)
    fresh: list[tuple[AnnotatedDocument, ...]] = []
    first.annotated.connect(lambda annotated: fresh.append(annotated.reports))
    thread = AnnotationThread(first)
    thread.start()
    first.replace_queue(documents)
    qtbot.waitUntil(lambda: sum(map(len, fresh)) == 5, timeout=10_000)
    thread.shutdown()

    def refuse() -> Engine:
        raise EngineError("a reopen must not load the engine")

    again = AnnotationWorker(tmp_path / "cache.sqlite3", refuse)
    batches: list[tuple[AnnotatedDocument, ...]] = []
    progress: list[tuple[int, int, int]] = []
    again.annotated.connect(lambda annotated: batches.append(annotated.reports))
    again.progress.connect(progress_of(progress))
    thread = AnnotationThread(again)
    thread.start()
    generation = again.replace_queue(documents)
    qtbot.waitUntil(lambda: progress[-1:] == [(generation, 5, 5)], timeout=10_000)
    thread.shutdown()

    assert len(batches) == 1  # one signal for the five
    engine_found = {doc.doc_id: doc for docs in fresh for doc in docs}
    for doc in batches[0]:
        assert doc.source is Source.CACHE
        assert doc._replace(source=Source.ENGINE) == engine_found[doc.doc_id]
    assert [doc.doc_id for doc in batches[0]] == list("abcde")


def test_documents_are_taken_no_more_than_a_round_of_engine_work_at_a_time(
    tmp_path: Path, documents: list[DocumentEntry], qtbot: QtBot
) -> None:
    # Each body is 19 characters (25 bytes on disk): a round of 40 characters is three of them, as
    # when documents were taken one at a time, not all five.
    engine = GatedEngine()
    queue = AnnotationQueue()
    worker = AnnotationWorker(tmp_path / "cache.sqlite3", lambda: engine, queue=queue, round_chars=40)
    thread = AnnotationThread(worker)
    thread.start()
    worker.replace_queue(documents)
    qtbot.waitUntil(lambda: bool(engine.gate_waiters), timeout=5_000)
    assert sorted(queue.taken_ids) == ["a", "b", "c"] and queue.pending_ids == ["d", "e"]
    engine.gate.set()
    qtbot.waitUntil(lambda: len(engine.texts) == 5, timeout=10_000)
    thread.shutdown()


class ApartEngine:
    """Stands for an engine in worker processes: `annotate` sends the texts at once, and the
    entities are waited for when iterated. Records both."""

    pipeline = "apart-test-engine"
    runs_apart = True

    def __init__(self) -> None:
        self.events: list[str] = []

    def annotate(self, texts: Iterable[str]) -> Iterator[tuple[Entity, ...]]:
        sent = [text.split()[-1].rstrip(".") for text in texts]
        self.events.extend(f"sent {name}" for name in sent)

        def results() -> Iterator[tuple[Entity, ...]]:
            for name in sent:
                self.events.append(f"waited {name}")
                yield (Entity(0, 4, "ORG"),)

        return results()


def test_the_next_round_goes_to_engine_processes_before_the_last_one_is_waited_for(
    tmp_path: Path, documents: list[DocumentEntry], qtbot: QtBot
) -> None:
    engine = ApartEngine()
    worker, _queue, thread, reports = start_worker(tmp_path, lambda: engine, qtbot)
    worker.replace_queue(documents[:3])
    qtbot.waitUntil(lambda: len(reports) == 3, timeout=10_000)
    assert [doc_id for _, doc_id, _ in reports] == ["a", "b", "c"]
    assert engine.events == ["sent a", "sent b", "waited a", "sent c", "waited b", "waited c"]
    thread.shutdown()


def test_the_document_on_screen_is_reported_alone_before_the_others(
    tmp_path: Path, documents: list[DocumentEntry], qtbot: QtBot
) -> None:
    engine = GatedEngine()
    engine.gate.set()
    first = AnnotationWorker(tmp_path / "cache.sqlite3", lambda: engine)
    first.annotated.connect(lambda _annotated: None)
    first.replace_queue(documents)
    progress: list[int] = []
    first.progress.connect(lambda event: progress.append(event.done))
    thread = AnnotationThread(first)
    thread.start()
    qtbot.waitUntil(lambda: progress[-1:] == [5], timeout=10_000)
    thread.shutdown()

    again = AnnotationWorker(tmp_path / "cache.sqlite3", lambda: engine)
    batches: list[list[str]] = []
    again.annotated.connect(lambda annotated: batches.append([doc.doc_id for doc in annotated.reports]))
    again.replace_queue(documents)
    again.prioritize(documents[2])  # c is on screen: cached, like the others
    thread = AnnotationThread(again)
    thread.start()
    qtbot.waitUntil(lambda: sum(map(len, batches)) == 5, timeout=10_000)
    thread.shutdown()
    assert batches[0] == ["c"]
    assert sorted(doc_id for batch in batches[1:] for doc_id in batch) == list("abde")


def test_stopping_while_the_engine_waits_to_load_loads_none(
    tmp_path: Path, documents: list[DocumentEntry], qtbot: QtBot
) -> None:
    loads: list[int] = []

    def loader() -> Engine:
        loads.append(1)  # would start the engine's processes, for nothing
        return GatedEngine()

    worker, queue, thread, _reports = start_worker(tmp_path, loader, qtbot)
    worker.defer_engine(True)  # a big folder is being listed
    worker.replace_queue(documents)
    qtbot.waitUntil(lambda: "a" in queue.taken_ids, timeout=5_000)
    thread.shutdown(timeout_s=10)
    assert not thread.running
    assert loads == []
