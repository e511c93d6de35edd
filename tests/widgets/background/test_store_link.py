"""The window's link to the corpus store: kept up to date and asked off the UI thread, answers as
typed events, nothing of a folder no longer open, and a store in memory when it must be."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from gui.core.corpus.corpus import Corpus
from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_entities import entities, mention_counts, pending_ids
from gui.core.engine.cache import CACHE_FILE_NAME, EntityCache, text_key
from gui.core.model.document import Entity
from gui.core.session.events import StoreAnswer, StoreFilled, StoreOpened, StoreUpdated
from gui.widgets.background.store_link import StoreLink
from gui.widgets.panels.corpus_entities import CorpusEntitiesDialog
from gui.widgets.panels.corpus_search import CorpusSearchDialog

MERKEL = "Angela Merkel met Emmanuel Macron in Paris.\n"
OBAMA = "Barack Obama visited Berlin.\n"
CACHED = {MERKEL: [Entity(0, 13, "PERSON"), Entity(18, 33, "PERSON"), Entity(37, 42, "GPE")]}


@pytest.fixture
def folder(write_corpus: Callable[[dict[str, str | bytes]], Path]) -> Path:
    return write_corpus({"merkel.txt": MERKEL, "obama.txt": OBAMA})


@pytest.fixture
def cache_path(tmp_path: Path) -> Iterator[Path]:
    """An entity cache that knows Merkel's text (raw spans, as the engine gives them) only."""
    path = tmp_path / "cache" / CACHE_FILE_NAME
    path.parent.mkdir()
    from gui.core.engine.engine import pipeline_name

    cache = EntityCache(path, pipeline_name())
    cache.put_many((text_key(text), spans) for text, spans in CACHED.items())
    cache.close()
    yield path


@pytest.fixture
def owner() -> QObject:
    """What owns a link, as the window does: the link is destroyed with it, in this thread."""
    return QObject()


@pytest.fixture
def link(qtbot: QtBot, cache_path: Path, owner: QObject) -> Iterator[StoreLink]:
    made = StoreLink(cache_path, owner)
    made.start()
    yield made
    made.close()


def updated(link: StoreLink, folder: Path, qtbot: QtBot, generation: int = 1) -> StoreUpdated:
    with qtbot.waitSignal(link.updated, timeout=30_000) as blocker:
        link.open(folder, generation)
    event = blocker.args[0]
    assert isinstance(event, StoreUpdated)
    return event


def test_opening_a_folder_stores_it_from_the_cache_and_leaves_the_rest_pending(
    link: StoreLink, folder: Path, qtbot: QtBot
) -> None:
    event = updated(link, folder, qtbot)
    assert (event.summary, event.documents, event.pending, event.problem) == (
        "2 documents: 2 added, 0 changed, 0 removed", 2, 1, "")
    assert link.pending == {"obama"} and not link.complete()  # until the engine has found them
    assert not link.in_memory
    assert link.answer_now(pending_ids) == ["obama"]
    assert link.answer_now(mention_counts) == {"merkel": 3}


def test_the_engines_results_fill_in_pending_documents_only(
    link: StoreLink, folder: Path, qtbot: QtBot
) -> None:
    updated(link, folder, qtbot)
    obama = (Entity(0, 12, "PERSON"), Entity(21, 27, "GPE"))
    with qtbot.waitSignal(link.filled, timeout=10_000) as blocker:
        link.take("obama", OBAMA, obama)
        link.take("merkel", MERKEL, ())  # known already: not replaced
        link.take("obama", "another version of the text", ())  # a text the store has not
        assert not link.complete()  # the results are still on their way
    assert blocker.args == [StoreFilled(1, ("obama",))]
    assert not link.pending
    qtbot.waitUntil(link.complete, timeout=20_000)  # once the entities are resolved again
    assert link.answer_now(mention_counts) == {"merkel": 3, "obama": 2}
    assert {entity.name for entity in link.answer_now(entities)} >= {"Barack Obama", "Angela Merkel"}


def test_questions_are_answered_off_the_ui_thread_and_never_for_another_folder(
    link: StoreLink, folder: Path, write_corpus: Callable[..., Path], tmp_path: Path, qtbot: QtBot
) -> None:
    threads: list[str] = []
    replies: list[StoreAnswer] = []

    def question(store: CorpusStore) -> int:
        threads.append(threading.current_thread().name)
        return store.document_count()

    link.open(folder, 1)
    link.ask(question, replies.append)  # before the store is even open: answered once it is
    qtbot.waitUntil(lambda: bool(replies), timeout=10_000)
    assert threads == ["store questions"] and replies[0].generation == 1 and not replies[0].problem
    other = tmp_path / "other"
    other.mkdir()
    (other / "one.txt").write_text("One text.\n", encoding="utf-8")
    replies.clear()
    link.ask(question, replies.append)
    link.open(other, 2)  # asked of the first folder, answered after the second was opened
    # The second folder's upkeep, not the first's: its `updated` may come after the second opened.
    qtbot.waitUntil(lambda: link.up_to_date, timeout=10_000)
    qtbot.wait(50)
    assert replies == []
    assert link.answer_now(lambda store: store.document_count()) == 1


def test_an_unwritable_cache_folder_gives_a_store_in_memory_that_still_answers(
    qtbot: QtBot, folder: Path, owner: QObject
) -> None:
    link = StoreLink(None, owner)  # no cache folder at all
    link.start()
    opened: list[StoreOpened] = []
    link.opened.connect(opened.append)
    updated(link, folder, qtbot)
    assert opened and opened[0].in_memory and link.in_memory
    assert link.answer_now(pending_ids) == ["merkel", "obama"]  # no cache: the engine finds them
    link.close()


def test_a_malformed_query_is_explained_under_the_box_and_a_partial_store_says_so(
    link: StoreLink, folder: Path, qtbot: QtBot, write_corpus: Callable[..., Path]
) -> None:
    updated(link, folder, qtbot)
    bigger = write_corpus({"third.txt": "A third text, not in the store yet.\n"})
    dialog = CorpusSearchDialog(link, Corpus.open(bigger))
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.edit, '"unbalanced')
    qtbot.waitUntil(lambda: dialog.status.text().startswith("⚠"), timeout=5_000)
    assert "quote" in dialog.status.text().lower() and dialog.model.rowCount() == 0
    dialog.edit.clear()
    qtbot.keyClicks(dialog.edit, "berlin OR paris")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=5_000)
    assert "searched 2 of 3 documents so far" in dialog.status.text()
    assert "«Berlin»" in dialog.model.index(0).data() or "«Paris»" in dialog.model.index(0).data()
    assert "merkel.txt" in dialog.model.index(0).data() + dialog.model.index(1).data()


def test_the_entity_table_is_reached_by_tab_and_filtered_by_any_name(
    link: StoreLink, folder: Path, qtbot: QtBot
) -> None:
    from PySide6.QtCore import Qt

    from gui.core.colours.palette import Palette

    updated(link, folder, qtbot)
    dialog = CorpusEntitiesDialog(link, Palette.load())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.proxy.rowCount() == 3, timeout=5_000)
    assert dialog.filter_edit.hasFocus()  # typing filters at once
    order = []
    for _ in range(4):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        order.append(dialog.focusWidget())
    assert order == [dialog.type_box, dialog.sort_box, dialog.table, dialog.filter_edit]
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Down)  # Down in the filter moves in the table
    assert dialog.filter_edit.hasFocus() and dialog.table.currentIndex().row() == 1
    qtbot.keyClicks(dialog.filter_edit, "merk")
    qtbot.waitUntil(lambda: dialog.proxy.rowCount() == 1, timeout=5_000)
    assert dialog.proxy.index(0, 0).data() == "Angela Merkel"
    assert "named like" in dialog.status.text()
    with qtbot.waitSignal(dialog.entityChosen) as chosen:
        qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Return)
    assert chosen.args[0] == ("PERSON", "angela merkel")


def test_the_entities_are_resolved_after_the_upkeep_and_again_after_the_engines_fills(
    cache_path: Path, owner: QObject, folder: Path, qtbot: QtBot
) -> None:
    from gui.core.corpus.store_resolution import resolution_current

    link = StoreLink(cache_path, owner, resolve_after_ms=50)
    link.start()
    told: list[StoreUpdated] = []
    link.updated.connect(told.append)
    link.open(folder, 1)
    qtbot.waitUntil(lambda: len(told) == 2, timeout=30_000)  # the upkeep's, then the resolution's
    assert told[1].summary == "the entities of 2 documents resolved" and told[1].pending == 1
    assert link.answer_now(resolution_current)
    merkel = next(entity for entity in link.answer_now(entities) if entity.name == "Angela Merkel")
    assert merkel.why == ("the entity's name",)
    with qtbot.waitSignal(link.updated, timeout=10_000) as resolved:  # once the fill is written
        link.take("obama", OBAMA, (Entity(0, 12, "PERSON"),))
    assert resolved.args[0].summary == "the entities of 2 documents resolved"
    assert resolved.args[0].pending == 0 and link.complete()
    assert "Barack Obama" in {entity.name for entity in link.answer_now(entities)}
    assert link.answer_now(resolution_current)
    link.close()


def test_a_held_upkeep_waits_for_start_upkeep_and_the_store_answers_meanwhile(
    link: StoreLink, folder: Path, qtbot: QtBot
) -> None:
    updated(link, folder, qtbot)  # a store from before
    (folder / "new.txt").write_text("A new text about Berlin.\n", encoding="utf-8")
    seen: list[StoreUpdated] = []
    link.updated.connect(seen.append)
    with qtbot.waitSignal(link.opened, timeout=10_000):
        link.open(folder, 2, upkeep=False)  # a big folder, still being listed
    assert link.answer_now(lambda store: store.document_count()) == 2  # what it held, at once
    qtbot.wait(300)
    assert seen == [] and not link.complete()
    with qtbot.waitSignal(link.updated, timeout=10_000) as blocker:
        link.start_upkeep()
    assert blocker.args[0].summary == "3 documents: 1 added, 0 changed, 0 removed"


def test_a_question_asked_before_the_link_starts_is_answered_once_it_does(
    qtbot: QtBot, cache_path: Path, folder: Path, owner: QObject
) -> None:
    link = StoreLink(cache_path, owner)
    replies: list[StoreAnswer] = []
    link.open(folder, 1)  # before the window's first paint: nothing runs yet
    link.ask(lambda store: store.document_count(), replies.append)
    qtbot.wait(100)
    assert replies == []
    link.start()
    qtbot.waitUntil(lambda: bool(replies), timeout=10_000)
    assert replies[0].generation == 1 and not replies[0].problem
    link.close()


def test_a_question_dropped_is_never_answered_and_the_next_one_is_asked_first(
    link: StoreLink, folder: Path, qtbot: QtBot
) -> None:
    link.open(folder, 1)
    link.answer_now(lambda store: store.document_count())  # once the store is open
    release = threading.Event()
    ran: list[str] = []
    replies: list[tuple[str, StoreAnswer]] = []
    link.ask(lambda _store: release.wait(10), lambda reply: replies.append(("busy", reply)))
    # Asked ahead, then dropped for the reader's question while it waits behind the busy one.
    link.ask(lambda _store: ran.append("ahead"), lambda reply: replies.append(("ahead", reply)), kind="ahead")
    link.drop("ahead")
    link.drop("nothing asked of this kind")
    link.ask(lambda _store: ran.append("shown"), lambda reply: replies.append(("shown", reply)), kind="shown")
    release.set()
    qtbot.waitUntil(lambda: not link.answering, timeout=10_000)
    assert ran == ["shown"] and [name for name, _ in replies] == ["busy", "shown"]
