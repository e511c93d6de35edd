"""Reopening an annotated folder: everything comes from the cache, exactly as annotation left it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from gui.core.corpus.store_entities import entities
from gui.core.engine.engine import Engine, EngineError
from gui.core.insight.overview import entity_sources
from gui.widgets.sidebar.document_list_model import EntityCountRole
from gui.widgets.window.main_window import MainWindow
from tests.conftest import SEED_NAME, SEEDS
from tests.widgets.conftest import searched, stored_counts

NEWS = [
    "Angela Merkel met Emmanuel Macron in Paris on Monday. Merkel said little.",
    "Apple opened a store in Berlin. The company hired 300 people.",
    "The United Nations asked Russia and Ukraine to talk in Geneva.",
    "Joe Biden flew to Tokyo, where Biden met the Japanese prime minister.",
    "Microsoft and Google reported profits on Tuesday; Microsoft rose 4 percent.",
    "Floods hit Bangladesh and India. The Red Cross sent help to Dhaka.",
    "Lionel Messi scored twice for Inter Miami in Florida on Saturday.",
    "The European Central Bank kept rates unchanged, Christine Lagarde said in Frankfurt.",
]


def annotated_window(make_window: Callable[..., MainWindow], folder: Path, qtbot: QtBot) -> MainWindow:
    """A window that has annotated and indexed every document of `folder` (into the test's cache)."""
    window = make_window()
    window.open_path(folder)
    indexed(window, qtbot, 120_000)
    return window


def indexed(window: MainWindow, qtbot: QtBot, timeout: int) -> None:
    """Wait until every document of the window's folder is in its store and the list shows each
    one's entity count: the store's answer about the counts comes a moment after it is complete."""
    def counts_listed() -> bool:
        model = window.document_pane.source_model
        return model is not None and all(model.index(row, 0).data(EntityCountRole) is not None
                                         for row in range(model.rowCount()))

    qtbot.waitUntil(window.indexing_done, timeout=timeout)
    qtbot.waitUntil(counts_listed, timeout=timeout)


def what_the_user_can_see(window: MainWindow) -> dict[str, object]:
    """The counts in the list, the corpus entity table and what searching finds."""
    model = window.document_pane.source_model
    assert model is not None
    some_words = sorted({word.strip(".,;") for text in NEWS for word in text.split()})[::5]
    return {
        "counts": [model.index(row, 0).data(EntityCountRole) for row in range(model.rowCount())],
        "entities": window.store.answer_now(entities),
        "per document": stored_counts(window),
        "searches": {word: searched(window, word) for word in some_words},
        "sources": sorted({a.source.value for a in window.annotations_snapshot().values()}),
        "stored from": window.store.answer_now(entity_sources),
    }


def test_a_reopened_folder_shows_what_a_fresh_annotation_did(
    make_window: Callable[..., MainWindow], write_corpus: Callable[[dict[str, str | bytes]], Path],
    cache_path: Path, qtbot: QtBot,
) -> None:
    files: dict[str, str | bytes] = {f"news{i:02}.txt": f"date 2021-03-{i + 1:02}\n{text}\n"
                                     for i, text in enumerate(NEWS * 3)}  # each text three times
    files |= {SEED_NAME: (SEEDS / SEED_NAME).read_bytes(), "blank.txt": "\n",
              "police.txt": "Mayor Adams spoke.\n", "police.ann": "T1\tPERSON 6 11\tAdams\n"}
    folder = write_corpus(files)
    fresh = annotated_window(make_window, folder, qtbot)
    before = what_the_user_can_see(fresh)
    fresh.close()
    # The corpus store goes too: the reopen builds it again from the entity cache alone.
    shutil.rmtree(cache_path.parent / "stores")

    calls = []

    def no_engine() -> Engine:
        calls.append(1)
        raise EngineError("a reopen must not load the engine")

    again = make_window(no_engine)
    again.open_path(folder)
    indexed(again, qtbot, 30_000)
    after = what_the_user_can_see(again)

    assert calls == []
    # The worker annotated every document without entities of its own, with the engine (a text
    # seen before from the cache it had just filled); on the reopen, only the document shown,
    # from the cache (the store had the rest from the cache).
    sources = before["sources"]
    assert isinstance(sources, list) and "engine" in sources and set(sources) <= {"engine", "cache"}
    assert after["sources"] == ["cache"]
    assert before["stored from"] == {"engine": 26, "brat": 1}
    del before["sources"], after["sources"]
    assert after == before
    assert len(after["per document"]) == 27 and any(after["entities"])  # type: ignore[arg-type]


def test_a_reopened_folder_paints_its_first_document_with_its_highlights(
    make_window: Callable[..., MainWindow], corpus_folder: Path, qtbot: QtBot
) -> None:
    fresh = annotated_window(make_window, corpus_folder, qtbot)
    spans = fresh.view.spans
    fresh.close()

    again = make_window()
    shown: list[str] = []
    again.highlightsShown.connect(shown.append)
    again.open_path(corpus_folder)
    # Before any event is processed: the worker's report cannot be there yet, the window looked
    # the shown document up itself (so its first paint has the highlights).
    assert again.entities_known and again.view.spans == spans and spans
    assert again.header.meta.text().endswith("(from cache)")
    qtbot.waitUntil(again.indexing_done, timeout=30_000)
    # The worker's report of the same entities went to the store without highlighting again.
    assert again.view.spans == spans and len(shown) == 1
    assert stored_counts(again)[shown[0]] > 0
    # The store knew every document: the worker was asked for the one shown, and no other.
    assert again.annotation_link.queue.total == 1


def test_a_reopened_document_with_many_entities_leaves_grouping_them_to_the_worker(
    make_window: Callable[..., MainWindow], corpus_folder: Path, qtbot: QtBot,
) -> None:
    fresh = annotated_window(make_window, corpus_folder, qtbot)
    spans, groups = fresh.view.spans, fresh.shown_groups
    fresh.close()

    again = make_window()
    again.session.group_here_at_most = 0  # "many": any, here
    again.open_path(corpus_folder)
    # Highlighted at once from the cache, but not grouped in the UI thread: the worker does that.
    assert again.view.spans == spans and again.shown_groups == ()
    qtbot.waitUntil(lambda: again.shown_groups == groups, timeout=30_000)
    assert again.view.spans == spans and groups
