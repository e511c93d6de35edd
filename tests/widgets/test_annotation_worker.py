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

from gui.core.corpus import DocumentEntry, read_entry
from gui.core.document import Entity
from gui.core.engine import Engine, EngineError
from gui.widgets.annotation_worker import AnnotationThread, AnnotationWorker


class GatedEngine:
    """Finds one ORG at the start of every text, once the test opens the gate."""

    pipeline = "gated-test-engine"

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.texts: list[str] = []

    def annotate(self, texts: Iterable[str]) -> Iterator[tuple[Entity, ...]]:
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
    worker.annotated.connect(lambda gen, doc: reports.append((gen, doc.doc_id, doc.source.value)))
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
