"""An unexpected exception: logged, shown with details to copy, and the app carries on."""

from __future__ import annotations

import inspect
import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gui.widgets.runtime.crash_handler import CrashHandler, log_to_file


@pytest.fixture
def handler(tmp_path: Path, qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[CrashHandler]:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    logger = logging.getLogger("gui")
    before = set(logger.handlers)
    path = log_to_file(tmp_path / "logs")
    installed = CrashHandler(path)
    installed.install()
    yield installed
    for file_handler in set(logger.handlers) - before:
        logger.removeHandler(file_handler)
        file_handler.close()


def broken_slot() -> None:
    raise ZeroDivisionError("the slot divided by zero")


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_is_shown_logged_and_the_loop_goes_on(
    handler: CrashHandler, tmp_path: Path, qtbot: QtBot
) -> None:
    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: handler.dialog is not None and handler.dialog.isVisible(), timeout=5000)
    dialog = handler.dialog
    assert dialog is not None
    assert "ZeroDivisionError" in dialog.details and "broken_slot" in dialog.details
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == dialog.details
    log_text = (tmp_path / "logs" / "seedview.log").read_text(encoding="utf-8")
    assert "the slot divided by zero" in log_text and "Traceback" in log_text
    # The event loop still runs other work.
    ran: list[bool] = []
    QTimer.singleShot(0, lambda: ran.append(True))
    qtbot.waitUntil(lambda: bool(ran), timeout=5000)
    dialog.reject()
    qtbot.waitUntil(lambda: handler.dialog is None, timeout=5000)


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_worker_thread_reaches_the_dialog(handler: CrashHandler, qtbot: QtBot) -> None:
    def work() -> None:
        raise RuntimeError("the worker failed")

    thread = threading.Thread(target=work, name="worker-under-test")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: handler.dialog is not None, timeout=5000)
    assert handler.dialog is not None
    assert "the worker failed" in handler.dialog.details and "worker-under-test" in handler.dialog.details
    handler.dialog.reject()


def test_an_unwritable_log_folder_means_no_log_file_not_a_crash(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert log_to_file(blocker / "logs") is None


def test_the_cycle_collector_runs_only_in_the_ui_thread(qapp: QApplication, qtbot: QtBot) -> None:
    import gc

    from gui.widgets.runtime.main_thread_gc import MainThreadGarbageCollector

    collector = MainThreadGarbageCollector()
    try:
        assert not gc.isenabled()
        threads: list[str] = []

        def note(phase: str, _info: dict[str, int]) -> None:
            if phase == "start":
                threads.append(threading.current_thread().name)

        gc.callbacks.append(note)

        def make_cycles() -> None:  # in a worker thread, as the annotation thread allocates
            for _ in range(5000):  # past the youngest generation's threshold
                cycle: list[object] = []
                cycle.append(cycle)

        worker = threading.Thread(target=make_cycles, name="allocating-worker")
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: bool(threads), timeout=5000)
        assert set(threads) == {threading.main_thread().name}
    finally:
        gc.callbacks.remove(note)
        collector.deleteLater()


def test_the_cycle_collector_made_unstarted_collects_only_once_started(
    qapp: QApplication, qtbot: QtBot
) -> None:
    import gc

    from shiboken6 import Shiboken

    from gui.widgets.runtime.main_thread_gc import MainThreadGarbageCollector

    collector = MainThreadGarbageCollector(interval_ms=10, started=False)  # as the app makes it
    collections: list[int] = []

    def note(phase: str, info: dict[str, int]) -> None:
        # This collector's rounds only: a collector another test left running may collect too.
        frame = inspect.currentframe()
        while frame is not None and frame.f_locals.get("self") is not collector:
            frame = frame.f_back
        if phase == "start" and frame is not None:
            collections.append(info["generation"])

    def make_garbage() -> None:
        for _ in range(5000):  # past the youngest generation's threshold
            cycle: list[object] = []
            cycle.append(cycle)

    gc.callbacks.append(note)
    try:
        assert not gc.isenabled() and not collector.running
        make_garbage()
        qtbot.wait(50)  # the event loop runs: the window is not painted yet, nothing collects
        assert collections == []
        collector.start()  # as the window's startedUp does
        assert collector.running
        make_garbage()  # in case another collector took the first
        qtbot.waitUntil(lambda: bool(collections), timeout=5000)
    finally:
        gc.callbacks.remove(note)
        Shiboken.delete(collector)  # and its timer with it, now: no round runs in the next tests



def test_the_cycle_collector_started_leaves_what_the_start_made_out_of_its_rounds(
    qapp: QApplication, qtbot: QtBot
) -> None:
    import gc

    from shiboken6 import Shiboken

    from gui.widgets.runtime.main_thread_gc import MainThreadGarbageCollector

    collector = MainThreadGarbageCollector(interval_ms=10, started=False)
    try:
        gc.unfreeze()  # what an earlier test's start set aside: looked at again
        made = [[index] for index in range(20_000)]  # long-lived, as the window's start makes
        assert gc.get_freeze_count() == 0
        collector.start()
        assert gc.get_freeze_count() >= len(made)  # no round looks at them again
        set_aside = gc.get_freeze_count()
        young = [[index] for index in range(100)]  # made later: looked at by the rounds to come
        assert all(gc.is_tracked(item) for item in young) and gc.get_freeze_count() == set_aside
    finally:
        Shiboken.delete(collector)

def test_the_log_file_is_created_by_the_first_warning(tmp_path: Path) -> None:
    logger = logging.getLogger("gui")
    before = set(logger.handlers)
    path = log_to_file(tmp_path / "logs")
    try:
        assert path is not None and not path.exists()  # a run that logs nothing leaves no file
        logging.getLogger("gui.widgets").warning("the cache cannot be written")
        assert "WARNING gui.widgets: the cache cannot be written" in path.read_text(encoding="utf-8")
    finally:
        for added in set(logger.handlers) - before:
            logger.removeHandler(added)
            added.close()


def test_full_collections_wait_for_many_times_as_long_as_the_last_one_took(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from gui.widgets.runtime import main_thread_gc
    from gui.widgets.runtime.main_thread_gc import FULL_COLLECTION_AT_MOST_EVERY_S, MainThreadGarbageCollector

    clock = [100.0]
    collected: list[int] = []
    full_takes = [0.2]  # a full collection of a big heap: 0.2 s

    def collect(generation: int) -> int:
        collected.append(generation)
        if generation == 2:
            clock[0] += full_takes[0]
        return 0

    monkeypatch.setattr(main_thread_gc, "time", SimpleNamespace(monotonic=lambda: clock[0]))
    # The counts below are against Python 3.11's and 3.12's thresholds; 3.13's youngest is 2000.
    monkeypatch.setattr(gc, "get_threshold", lambda: (700, 10, 10))
    collector = MainThreadGarbageCollector(interval_ms=None)  # driven by hand here
    try:
        monkeypatch.setattr(gc, "collect", collect)
        monkeypatch.setattr(gc, "get_count", lambda: (701, 11, 11))  # every generation due
        collector.collect_due()  # not in the first minute
        clock[0] += FULL_COLLECTION_AT_MOST_EVERY_S
        full_takes[0] = 2.0  # a slow one: the next waits 50 times as long
        collector.collect_due()
        clock[0] += 99
        collector.collect_due()
        clock[0] += 2
        collector.collect_due()
        monkeypatch.setattr(gc, "get_count", lambda: (701, 3, 0))  # only the youngest
        collector.collect_due()
        monkeypatch.setattr(gc, "get_count", lambda: (701, 3, 11))  # too soon for a full one
        collector.collect_due()
        monkeypatch.setattr(gc, "get_count", lambda: (3, 3, 11))  # and nothing younger due
        collector.collect_due()
        assert collected == [1, 2, 1, 2, 0, 0]
    finally:
        collector.deleteLater()


DIALOG_READY = """
from PySide6.QtCore import QTimer

def on_window(app, window):
    # The window has started by then (its first paint, or the fallback 250 ms after it was built).
    QTimer.singleShot(400, lambda: (print("gui.widgets.dialogs.crash_dialog" in sys.modules), app.quit()))
"""


def test_the_dialog_is_imported_once_the_window_has_started_not_at_the_error(tmp_path: Path) -> None:
    from tests.app_child import one_document_folder, run_app_child

    done = run_app_child(DIALOG_READY, one_document_folder(tmp_path), tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-1] == "True"
