"""Fixtures for the widget tests: a small corpus, private settings and a window over them."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSettings, Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QDockWidget
from pytestqt.qtbot import QtBot

from gui.core.engine.engine import Engine, SpacyEngine
from gui.widgets.window.main_window import MainWindow
from tests.conftest import SEED_NAME, SEEDS

# What a docked pane lets the reader do: close it, move it to another side, float it apart.
_FEATURE = QDockWidget.DockWidgetFeature
MOVABLE_DOCK = _FEATURE.DockWidgetClosable | _FEATURE.DockWidgetMovable | _FEATURE.DockWidgetFloatable
MERKEL = "date 2020-01-05\nAngela Merkel met Emmanuel Macron in Paris on Monday. Merkel said little.\n"
APPLE = "Apple opened a store in Berlin.\n\nThe company hired 300 people.\n"


@pytest.fixture(autouse=True)
def garbage_collected_in_this_thread() -> Iterator[None]:
    """As in the app (gui/widgets/runtime/main_thread_gc.py): no automatic collection, which could run in
    the annotation thread and destroy Qt objects there; collect here, between tests."""
    gc.disable()
    yield
    gc.collect()
    gc.enable()


@pytest.fixture
def corpus_folder(write_corpus: Callable[[dict[str, str | bytes]], Path]) -> Path:
    """Three documents: one dated 2020, the seed (2019) and one undated."""
    return write_corpus(
        {
            "merkel.txt": MERKEL,
            SEED_NAME: (SEEDS / SEED_NAME).read_bytes(),
            "apple.txt": APPLE,
        }
    )


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    """Where the window's settings are written."""
    return tmp_path / "settings.ini"


@pytest.fixture
def make_window(
    qtbot: QtBot, engine: SpacyEngine, cache_path: Path, settings_path: Path
) -> Callable[..., MainWindow]:
    """Build a shown MainWindow with private settings and cache; the real engine by default."""

    def make(loader: Callable[[], Engine] | None = None) -> MainWindow:
        settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
        window = MainWindow(settings, cache_path, loader or (lambda: engine))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    return make


@pytest.fixture
def window(make_window: Callable[..., MainWindow], corpus_folder: Path, qtbot: QtBot) -> MainWindow:
    """A window on the three-document corpus, its first document highlighted."""
    win = make_window()
    with qtbot.waitSignal(win.highlightsShown, timeout=60_000):
        win.open_path(corpus_folder)
    return win


def tooltip_lines(index: QModelIndex | QPersistentModelIndex) -> list[str]:
    """A row's tooltip as the user reads it: its rich text rendered to plain lines."""
    html = index.data(Qt.ItemDataRole.ToolTipRole)
    return QTextDocumentFragment.fromHtml(html).toPlainText().split("\n")


def file_names(window: MainWindow) -> list[str]:
    """The file names of the list's rows, top to bottom, as their tooltips give them."""
    model = window.filter_model
    return [tooltip_lines(model.index(row, 0))[0] for row in range(model.rowCount())]


def step_down(window: MainWindow, qtbot: QtBot) -> None:
    """Press Down in the document list and wait until the document's entities are known."""
    window.sidebar.setFocus()
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: window.entities_known, timeout=60_000)


def visit_every_entity(window: MainWindow, qtbot: QtBot) -> list[str]:
    """Press F8 once per entity in the text; the text selected at each press."""
    window.view.setFocus()
    selected = []
    for _ in window.view.spans:
        qtbot.keyClick(window.view, Qt.Key.Key_F8)
        selected.append(window.view.textCursor().selectedText())
    return selected


def back_to(window: MainWindow, qtbot: QtBot) -> None:
    """Give the window its activation back after a dialog, as a window manager would, focus in the
    text: offscreen, nothing does, and window shortcuts need it."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.view.setFocus()


def stored_counts(window: MainWindow) -> dict[str, int]:
    """The documents in the window's corpus store whose entities are known, with their mention
    counts (asked as the window asks, off its thread, and waited for)."""
    from gui.core.corpus.store_entities import mention_counts

    counts: dict[str, int] = window.store.answer_now(mention_counts)
    return counts


def searched(window: MainWindow, query: str) -> list[str]:
    """The ids of the documents the window's corpus store finds for a query, best first."""
    from gui.core.corpus.store_query import search
    from gui.core.search.query import parse_query

    matches = window.store.answer_now(lambda store: search(store, parse_query(query), limit=10_000))
    return [match.id for match in matches]
