"""Corrections made by keyboard show at once where the corpus's entities are counted or compared
(issue 15): the connections (Ctrl+R), the document list's entity counts and the comparison with
the engine (Ctrl+K), whose two sides both take them. Entities come from brat files; the engine
is a small stand-in that Ctrl+K asks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.widgets.commands import chart_commands as charts
from gui.widgets.sidebar.document_list_model import EntityCountRole
from gui.widgets.window.main_window import MainWindow
from tests.integration.test_corpus_navigation import annotated
from tests.integration.test_corrections_window import ALT, CTRL, NONE, back_to_text, choose, press
from tests.widgets.commands.test_engine_comparison import PlacesEngine

TEXTS = {
    "acme": "ACME opened in Lima. Bo met them in Paris.\n",
    "bo": "Bo and ACME met in Lima.\n",
}
# The file's entities: Lima as a LOC (the engine says GPE), Bo, whom the engine misses.
NAMES = {"ACME": "ORG", "Lima": "LOC", "Bo": "PERSON"}


def ann(text: str) -> str:
    lines: list[str] = []
    for name, label in NAMES.items():
        start = text.index(name)
        lines.append(f"T{len(lines) + 1}\t{label} {start} {start + len(name)}\t{name}\n")
    return "".join(lines)


@pytest.fixture
def window(
    make_window: Callable[..., MainWindow], write_corpus: Callable[..., Path], qtbot: QtBot
) -> MainWindow:
    files: dict[str, str | bytes] = {}
    for name, text in TEXTS.items():
        files[f"{name}.txt"], files[f"{name}.ann"] = text, ann(text)
    made = annotated(make_window(loader=PlacesEngine), write_corpus(files), qtbot)
    qtbot.waitUntil(made.store.complete, timeout=60_000)  # resolved too
    made.actions_by_id  # noqa: B018  # made now: the keys below need them
    back_to_text(made, qtbot)
    return made


def caret_on(window: MainWindow, doc_id: str, name: str) -> None:
    start = TEXTS[doc_id].index(name)
    assert window.jumps.jump_to(doc_id, start, start + len(name))
    window.view.setFocus()


def connections_of_acme(window: MainWindow, qtbot: QtBot) -> list[tuple[str, str, int]]:
    """Ctrl+R with the caret on ACME: its connections as listed (name, type, shared documents)."""
    caret_on(window, "acme", "ACME")
    chart = charts.charts_of(window).connections
    with qtbot.waitSignal(chart.drawn, timeout=10_000):
        qtbot.keyClick(window.view, Qt.Key.Key_R, CTRL)
    back_to_text(window, qtbot)
    return listed(window)


def listed(window: MainWindow) -> list[tuple[str, str, int]]:
    """The connections the window lists now: (name, type, shared documents)."""
    rows = charts.charts_of(window).connections.list_model.table.rows
    return sorted((str(row[0]), str(row[1]), int(row[2])) for row in rows)


def counts(window: MainWindow) -> dict[str, int]:
    model = window.filter_model
    return {str(model.index(row, 0).data(Qt.ItemDataRole.DisplayRole)).split("\n")[0]:
            model.index(row, 0).data(EntityCountRole) for row in range(model.rowCount())}


def test_the_connections_and_the_lists_counts_follow_corrections(window: MainWindow, qtbot: QtBot) -> None:
    assert connections_of_acme(window, qtbot) == [("Bo", "PERSON", 2), ("Lima", "LOC", 2)]
    before = counts(window)
    assert sorted(before.values()) == [3, 3]
    caret_on(window, "acme", "Lima")
    choose(window, qtbot, Qt.Key.Key_F2, NONE, "GPE")  # Lima is a GPE everywhere
    # The connections shown take it by themselves.
    qtbot.waitUntil(lambda: listed(window) == [("Bo", "PERSON", 2), ("Lima", "GPE", 2)], timeout=10_000)
    caret_on(window, "acme", "Bo")
    press(window, qtbot, Qt.Key.Key_X, CTRL | ALT)  # Bo is never an entity
    qtbot.waitUntil(lambda: sorted(counts(window).values()) == [2, 2], timeout=20_000)
    qtbot.waitUntil(lambda: listed(window) == [("Lima", "GPE", 2)], timeout=10_000)
    assert connections_of_acme(window, qtbot) == [("Lima", "GPE", 2)]
    press(window, qtbot, Qt.Key.Key_Z, CTRL)  # Bo again
    qtbot.waitUntil(lambda: counts(window) == before, timeout=20_000)
    assert connections_of_acme(window, qtbot) == [("Bo", "PERSON", 2), ("Lima", "GPE", 2)]


def test_ctrl_k_compares_both_sides_with_the_corrections(window: MainWindow, qtbot: QtBot) -> None:
    caret_on(window, "acme", "Lima")
    with qtbot.waitSignal(window.highlightsShown, timeout=30_000):
        qtbot.keyClick(window.view, Qt.Key.Key_K, CTRL)
    marks = window.view.differences
    assert marks is not None
    assert [(m.label, TEXTS["acme"][m.start:m.end]) for m in marks.only_file] == [
        ("LOC", "Lima"), ("PERSON", "Bo")]
    with qtbot.waitSignal(window.highlightsShown, timeout=30_000):
        qtbot.keyClick(window.view, Qt.Key.Key_K, CTRL)  # off: the file's entities again
    caret_on(window, "acme", "Lima")
    choose(window, qtbot, Qt.Key.Key_F2, NONE, "GPE")
    with qtbot.waitSignal(window.highlightsShown, timeout=30_000):
        qtbot.keyClick(window.view, Qt.Key.Key_K, CTRL)
    marks = window.view.differences
    assert marks is not None  # Lima is a GPE on both sides now; Bo is the file's alone, Paris the engine's
    assert [(m.label, TEXTS["acme"][m.start:m.end]) for m in marks.only_file] == [("PERSON", "Bo")]
    assert [(m.label, TEXTS["acme"][m.start:m.end]) for m in marks.only_engine] == [("GPE", "Paris")]
    assert window.header.comparison_legend.text().endswith("Both sides with your corrections.")
    assert "1 only found by the engine, 1 only in acme.ann (both sides with your corrections)" in (
        window.header.meta.text())


def test_a_document_the_engine_annotates_is_counted_with_the_corrections(
    make_window: Callable[..., MainWindow], write_corpus: Callable[..., Path], qtbot: QtBot
) -> None:
    from gui.widgets.sidebar.document_list_model import DocumentIdRole

    plain = "ACME left Paris for Lima.\n"  # the engine's: ACME, Paris and Lima
    files: dict[str, str | bytes] = {"acme.txt": TEXTS["acme"], "acme.ann": ann(TEXTS["acme"]),
                                     "plain.txt": plain}
    window = annotated(make_window(loader=PlacesEngine), write_corpus(files), qtbot)
    qtbot.waitUntil(window.store.complete, timeout=60_000)
    back_to_text(window, qtbot)

    def count() -> int:
        model = window.filter_model
        rows = [model.index(row, 0) for row in range(model.rowCount())]
        return int(next(row.data(EntityCountRole) for row in rows if row.data(DocumentIdRole) == "plain"))

    assert count() == 3
    start = plain.index("Paris")
    assert window.jumps.jump_to("plain", start, start + len("Paris"))
    window.view.setFocus()
    press(window, qtbot, Qt.Key.Key_X, CTRL | ALT)  # Paris is never an entity
    qtbot.waitUntil(lambda: count() == 2, timeout=20_000)
    # The worker annotates the document again (as when it changes on disk): the list counts its
    # entities as corrected at once, not the engine's three until the store has them.
    seen: list[int] = []
    window.annotation_link.annotated.connect(lambda _batch: seen.append(count()))  # after the window's
    corpus = window.session.corpus
    assert corpus is not None
    entry = corpus.entry("plain")
    assert entry is not None
    with qtbot.waitSignal(window.annotation_link.annotated, timeout=30_000):
        window.annotate_again([entry])
    assert seen and all(found == 2 for found in seen)
