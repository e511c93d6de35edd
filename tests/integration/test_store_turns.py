"""The reader's questions to the corpus store come first (issue 14): a long question (every
document's counts, the overview) gives way when the reader presses Ctrl+E and is asked again
after, and a newer question of a kind supersedes the older one."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.core.corpus.store import CorpusStore
from gui.core.session.events import StoreAnswer
from gui.widgets.panels.corpus_entities import CorpusEntitiesDialog
from gui.widgets.window.main_window import MainWindow
from tests.integration.test_corpus_navigation import annotated
from tests.integration.test_resolved_entities import blair_and_yukos
from tests.widgets.background.test_store_threads import ENDLESS


def test_a_long_question_gives_way_to_the_readers_and_is_answered_after_them(
    make_window: Callable[..., MainWindow], write_corpus: Callable[..., Path], qtbot: QtBot
) -> None:
    window = annotated(make_window(), write_corpus(blair_and_yukos()), qtbot)
    answers: list[str] = []

    asking = window.store.ask

    def ask_long(seen: Callable[[], bool], kind: str) -> list[int]:
        """Ask a question that runs for minutes (unless it gives way) until the reader asks a
        question of `kind`; its answer says whether the reader's had been `seen` when it came."""
        running, pressed = threading.Event(), threading.Event()
        attempts: list[int] = []

        def ask(question: Callable[[CorpusStore], object], answer: Callable[[StoreAnswer], None],
                *more: object, **options: object) -> None:
            asking(question, answer, *more, **options)  # type: ignore[arg-type]
            if options.get("kind") == kind:
                pressed.set()

        window.store.ask = ask  # type: ignore[method-assign]

        def long_question(store: CorpusStore) -> str:
            attempts.append(len(attempts) + 1)
            if not pressed.is_set():
                threading.Timer(0.3, running.set).start()
                store.db.execute(ENDLESS).fetchone()
            return "every count"

        def answered(reply: StoreAnswer) -> None:
            answers.append(f"{reply.result or reply.problem}, after the reader's: {seen()}")

        asking(long_question, answered, long=True)
        qtbot.waitUntil(running.is_set, timeout=10_000)
        return attempts

    def table_shown() -> bool:
        dialog = window.findChild(CorpusEntitiesDialog)
        return dialog is not None and dialog.proxy.rowCount() > 0

    # The entity table (Ctrl+Shift+E) is answered while a long question runs; it comes after.
    attempts = ask_long(table_shown, "entity table")
    qtbot.keyClick(window.view, Qt.Key.Key_E,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: len(answers) == 1, timeout=10_000)
    assert answers == ["every count, after the reader's: True"]
    assert len(attempts) >= 2  # stopped for the table's question, asked again after
    # Ctrl+E on the table's entity (Enter), likewise: "tony", Enter lists the documents naming him.
    dialog = window.findChild(CorpusEntitiesDialog)
    assert dialog is not None
    attempts = ask_long(window.document_pane.has_entity_filter, "entity filter")
    qtbot.keyClicks(dialog.filter_edit, "tony")
    model = dialog.proxy
    qtbot.waitUntil(lambda: model.rowCount() == 1 and model.index(0, 0).data() == "Tony Blair",
                    timeout=10_000)
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(answers) == 2, timeout=10_000)
    assert answers[1] == "every count, after the reader's: True"
    assert len(attempts) >= 2
    assert window.filter_model.rowCount() == 2


def test_a_newer_question_of_a_kind_supersedes_the_older_one(
    make_window: Callable[..., MainWindow], write_corpus: Callable[..., Path], qtbot: QtBot
) -> None:
    window = annotated(make_window(), write_corpus({"one.txt": "Tony Blair spoke.\n"}), qtbot)
    running = threading.Event()
    answers: list[str] = []

    def older(store: CorpusStore) -> str:
        threading.Timer(0.3, running.set).start()
        store.db.execute(ENDLESS).fetchone()  # runs for minutes unless it is stopped
        return "older"

    window.store.ask(older, lambda reply: answers.append(f"older {reply.problem}"), kind="search")
    qtbot.waitUntil(running.is_set, timeout=10_000)
    window.store.ask(lambda store: "newer", lambda reply: answers.append(str(reply.result)), kind="search")
    qtbot.waitUntil(lambda: answers == ["newer"], timeout=10_000)
    qtbot.waitUntil(lambda: not window.store.answering, timeout=10_000)
    qtbot.wait(100)
    assert answers == ["newer"]  # the older one's answer never comes
