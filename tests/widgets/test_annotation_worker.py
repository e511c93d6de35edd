"""The background worker: priorities, folder changes mid-round, stopping, one failure message.

The engine here is a stand-in that waits for the test to release it, so each test decides what
the worker is doing at each moment; the real engine is tested in tests/core/test_engine.py.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from gui.core.annotation_store import AnnotatedDocument
from gui.core.corpus import DocumentEntry, load_entry, read_entry
from gui.core.document import Entity, Source
from gui.core.engine import Engine, EngineError
from gui.widgets import annotation_worker
from gui.widgets.annotation_worker import AnnotationThread, AnnotationWorker


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
) -> tuple[AnnotationWorker, AnnotationThread, list[tuple[int, str, str]]]:
    worker = AnnotationWorker(tmp_path / "cache.sqlite3", loader, batch_size=1)
    reports: list[tuple[int, str, str]] = []
    worker.annotated.connect(
        lambda gen, docs: reports.extend((gen, doc.doc_id, doc.source.value) for doc in docs)
    )
    thread = AnnotationThread(worker)
    thread.start()
    return worker, thread, reports


def test_a_prioritised_document_is_annotated_next(
    tmp_path: Path, documents: list[DocumentEntry], qtbot: QtBot
) -> None:
    engine = GatedEngine()
    worker, thread, reports = start_worker(tmp_path, lambda: engine, qtbot)
    worker.replace_queue(documents[:4])  # a, b, c, d: the worker takes a and waits at the gate
    qtbot.waitUntil(lambda: len(worker._pending) == 3, timeout=5_000)
    worker.prioritize(documents[3])
    engine.gate.set()
    qtbot.waitUntil(lambda: len(reports) == 4, timeout=10_000)
    assert [doc_id for _, doc_id, _ in reports] == ["a", "d", "b", "c"]
    thread.shutdown()


def test_results_of_the_previous_folder_are_dropped(
    tmp_path: Path, documents: list[DocumentEntry], qtbot: QtBot
) -> None:
    engine = GatedEngine()
    worker, thread, reports = start_worker(tmp_path, lambda: engine, qtbot)
    progress: list[tuple[int, int, int]] = []
    worker.progress.connect(lambda gen, done, total: progress.append((gen, done, total)))
    first = worker.replace_queue(documents[:2])
    qtbot.waitUntil(lambda: "a" in worker._taken, timeout=5_000)
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
    worker, thread, _reports = start_worker(tmp_path, lambda: engine, qtbot)
    worker.replace_queue(documents)
    qtbot.waitUntil(lambda: "a" in worker._taken, timeout=5_000)
    worker.stop()
    engine.gate.set()
    thread.shutdown(timeout_s=10)
    assert not thread._thread.is_alive()
    assert len(engine.texts) <= 1  # the round in progress, and nothing after it


def test_an_engine_failure_is_reported_once_and_progress_ends(
    tmp_path: Path, documents: list[DocumentEntry], qtbot: QtBot
) -> None:
    def broken() -> Engine:
        raise EngineError("The language model is missing.")

    worker, thread, reports = start_worker(tmp_path, broken, qtbot)
    failures: list[str] = []
    progress: list[tuple[int, int, int]] = []
    worker.engineFailed.connect(failures.append)
    worker.progress.connect(lambda gen, done, total: progress.append((gen, done, total)))
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

    worker, thread, reports = start_worker(tmp_path, counting, qtbot)
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

    worker, thread, reports = start_worker(tmp_path, loader, qtbot)
    worker.defer_engine(True)  # a big folder is being listed
    worker.replace_queue(documents[:1])
    qtbot.waitUntil(lambda: "a" in worker._taken, timeout=5_000)
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
    worker, thread, _reports = start_worker(tmp_path, lambda: engine, qtbot)
    worker.defer_engine(True)
    worker.replace_queue(documents)
    qtbot.waitUntil(lambda: "a" in worker._taken, timeout=5_000)
    engine.gate.set()
    thread.shutdown(timeout_s=10)
    assert not thread._thread.is_alive()
    assert len(engine.texts) <= 1


def test_cached_documents_come_together_as_the_engine_found_them(
    tmp_path: Path, documents: list[DocumentEntry], qtbot: QtBot
) -> None:
    engine = GatedEngine()
    engine.gate.set()
    first = AnnotationWorker(tmp_path / "cache.sqlite3", lambda: engine)
    fresh: list[list[AnnotatedDocument]] = []
    first.annotated.connect(lambda _gen, docs: fresh.append(docs))
    thread = AnnotationThread(first)
    thread.start()
    first.replace_queue(documents)
    qtbot.waitUntil(lambda: sum(map(len, fresh)) == 5, timeout=10_000)
    thread.shutdown()

    def refuse() -> Engine:
        raise EngineError("a reopen must not load the engine")

    again = AnnotationWorker(tmp_path / "cache.sqlite3", refuse)
    batches: list[list[AnnotatedDocument]] = []
    progress: list[tuple[int, int, int]] = []
    again.annotated.connect(lambda _gen, docs: batches.append(docs))
    again.progress.connect(lambda gen, done, total: progress.append((gen, done, total)))
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
    tmp_path: Path, documents: list[DocumentEntry], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each body is 19 characters (25 bytes on disk): a round of 40 characters is three of them, as
    # when documents were taken one at a time, not all five.
    monkeypatch.setattr(annotation_worker, "ROUND_CHARS", 40)
    engine = GatedEngine()
    worker = AnnotationWorker(tmp_path / "cache.sqlite3", lambda: engine)
    thread = AnnotationThread(worker)
    thread.start()
    worker.replace_queue(documents)
    qtbot.waitUntil(lambda: bool(engine.gate_waiters), timeout=5_000)
    assert sorted(worker._taken) == ["a", "b", "c"] and list(worker._pending) == ["d", "e"]
    engine.gate.set()
    qtbot.waitUntil(lambda: len(engine.texts) == 5, timeout=10_000)
    thread.shutdown()


def test_cached_results_wait_briefly_for_company_but_a_prioritised_one_goes_at_once(
    monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    worker = AnnotationWorker(None, GatedEngine)  # no thread: the test plays the loop's part
    sent: list[tuple[int, list[str]]] = []
    progress: list[tuple[int, int, int]] = []
    worker.annotated.connect(lambda gen, docs: sent.append((gen, [doc.doc_id for doc in docs])))
    worker.progress.connect(lambda gen, done, total: progress.append((gen, done, total)))
    monkeypatch.setattr(annotation_worker, "REPORT_WITHIN_S", 3600.0)

    first = worker.replace_queue([])
    worker._report(first, [("a", "Acme.", (), Source.CACHE)], comparing=False, urgent=False)
    worker._report(first, [("b", "Bolt.", (), Source.CACHE)], comparing=False, urgent=False)
    assert sent == []
    worker._report(first, [("c", "Corn.", (), Source.CACHE)], comparing=False, urgent=True)
    assert sent == [(first, ["a", "b", "c"])] and progress == [(first, 3, 0)]

    # Held results of a folder that is no longer open are dropped, never sent.
    worker._report(first, [("d", "Dune.", (), Source.CACHE)], comparing=False, urgent=False)
    second = worker.replace_queue([])
    worker._send_held()
    worker._report(first, [("e", "Eyre.", (), Source.CACHE)], comparing=False, urgent=True)
    assert sent == [(first, ["a", "b", "c"])]

    # Held for long enough, they go with the next one.
    worker._report(second, [("f", "Fern.", (), Source.CACHE)], comparing=False, urgent=False)
    monkeypatch.setattr(annotation_worker, "REPORT_WITHIN_S", 0.0)
    worker._report(second, [("g", "Gulf.", (), Source.CACHE)], comparing=False, urgent=False)
    assert sent[1:] == [(second, ["f", "g"])] and progress[1:] == [(second, 2, 0)]


def test_held_results_do_not_wait_while_a_long_text_is_prepared(
    monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    worker = AnnotationWorker(None, GatedEngine)  # no thread: the test plays the loop's part
    sent: list[list[str]] = []
    worker.annotated.connect(lambda _gen, docs: sent.append([doc.doc_id for doc in docs]))
    monkeypatch.setattr(annotation_worker, "REPORT_WITHIN_S", 3600.0)
    prepared: list[int] = []
    monkeypatch.setattr(annotation_worker, "prepare_text", lambda body: prepared.append(len(sent)))
    generation = worker.replace_queue([])
    worker._report(generation, [("a", "Acme.", (), Source.CACHE)], comparing=False, urgent=False)
    long_text = "Words. " * (annotation_worker.ROUND_CHARS // 5)
    worker._report(generation, [("long", long_text, (), Source.CACHE)], comparing=False, urgent=False)
    assert sent == [["a"]] and prepared == [0, 1]  # "a" went before the long text was prepared


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
    worker, thread, reports = start_worker(tmp_path, lambda: engine, qtbot)
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
    first.annotated.connect(lambda _gen, docs: None)
    first.replace_queue(documents)
    progress: list[int] = []
    first.progress.connect(lambda _gen, done, _total: progress.append(done))
    thread = AnnotationThread(first)
    thread.start()
    qtbot.waitUntil(lambda: progress[-1:] == [5], timeout=10_000)
    thread.shutdown()

    again = AnnotationWorker(tmp_path / "cache.sqlite3", lambda: engine)
    batches: list[list[str]] = []
    again.annotated.connect(lambda _gen, docs: batches.append([doc.doc_id for doc in docs]))
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

    worker, thread, _reports = start_worker(tmp_path, loader, qtbot)
    worker.defer_engine(True)  # a big folder is being listed
    worker.replace_queue(documents)
    qtbot.waitUntil(lambda: "a" in worker._taken, timeout=5_000)
    thread.shutdown(timeout_s=10)
    assert not thread._thread.is_alive()
    assert loads == []


def test_a_file_changed_again_is_read_again_not_taken_from_the_window(
    tmp_path: Path, documents: list[DocumentEntry]
) -> None:
    worker = AnnotationWorker(tmp_path / "cache.sqlite3", GatedEngine)
    worker.replace_queue([])
    worker.prioritize(documents[0], document=load_entry(documents[0]))
    worker.enqueue([documents[0]], again=True)  # its file changed on disk meanwhile
    assert documents[0].id not in worker._read


def test_a_bulk_queue_is_taken_in_order_each_document_once_and_counted_once(
    documents: list[DocumentEntry], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Queued in bulk (as a big folder's whole listing is), then the same documents again, one
    # of them prioritised meanwhile: each is taken once, in queue order after the prioritised one.
    monkeypatch.setattr(annotation_worker, "QUEUE_AT_ONCE_AT_MOST", 2)
    worker = AnnotationWorker(None, GatedEngine)  # no thread: the test takes the rounds
    progress: list[tuple[int, int]] = []
    worker.progress.connect(lambda _gen, done, total: progress.append((done, total)))
    generation = worker.replace_queue(documents)
    assert not worker._pending and len(worker._incoming) == 5  # the UI thread checked nothing
    worker.enqueue(documents[1:3])  # behind the bulk, however few
    worker.prioritize(documents[3])
    taken: list[str] = []
    while (round_ := worker._take(at_most=2, budget=1_000_000)) is not None and round_[1]:
        taken.extend(entry.id for entry in round_[1])
        if not worker._has_pending():
            break
    assert taken == ["d", "a", "b", "c", "e"]
    assert worker._total == 5  # counted once each, the repeats and the prioritised one dropped
    worker._report(generation, [(doc_id, "Acme.", (), Source.CACHE) for doc_id in taken], False, True)
    assert progress[-1] == (5, 5)


def test_a_bulk_queue_is_dropped_with_its_folder(
    documents: list[DocumentEntry], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(annotation_worker, "QUEUE_AT_ONCE_AT_MOST", 2)
    worker = AnnotationWorker(None, GatedEngine)
    worker.replace_queue(documents)
    worker.replace_queue(documents[:1])  # another folder, small: queued at once
    assert list(worker._pending) == ["a"] and not worker._incoming and worker._total == 1
    worker.stop()
    assert not worker._has_pending()
