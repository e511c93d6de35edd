"""The entity panel lists the corpus's entities as resolved and corrected (issue 15): "Mr Blair"
is a row of Tony Blair, each correction changes the rows at once, by keyboard, and Enter and
Ctrl+E on a row follow the corpus entity. Entities come from brat files: no engine is needed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gui.widgets.corrections.choice_dialog import ChoiceDialog
from gui.widgets.corrections.correction_commands import corrections_of
from gui.widgets.panels.entity_panel import LabelRole
from gui.widgets.sidebar.document_list_model import DocumentIdRole
from gui.widgets.window.main_window import MainWindow
from tests.integration.test_corrections_window import (
    ALT,
    CTRL,
    NONE,
    resolved_window,
    select_by_keyboard,
)
from tests.widgets.conftest import tooltip_lines


@pytest.fixture
def resolved(
    make_window: Callable[..., MainWindow], write_corpus: Callable[..., Path], qtbot: QtBot
) -> MainWindow:
    """A window on the Blair and Yukos articles, resolved."""
    return resolved_window(make_window, write_corpus, qtbot)


def show(window: MainWindow, qtbot: QtBot, doc_id: str) -> None:
    """Show a document and wait until the panel lists the store's entities for it."""
    assert window.jumps.jump_to(doc_id, 0, 0)
    qtbot.waitUntil(lambda: final(window), timeout=10_000)


def final(window: MainWindow) -> bool:
    """Whether the panel lists the corpus's entities (not the document's own grouping) of the
    document shown (not those of the one before, while it waits for the store)."""
    rows = window.entity_panel_model.rows()
    return bool(rows) and all(row.entity is not None for row in rows) and not window.entity_panel_model.stale


def panel(window: MainWindow) -> dict[str, list[str]]:
    """The entity panel: each type's rows as they read ("Tony Blair  ×2")."""
    model = window.entity_panel_model
    found = {}
    for row in range(model.rowCount()):
        top = model.index(row, 0)
        found[str(top.data(LabelRole))] = [
            model.index(child, 0, top).data() for child in range(model.rowCount(top))]
    return found


def names(window: MainWindow, entity: QModelIndex) -> list[str]:
    """The names listed under an entity's row."""
    model = window.entity_panel_model
    return [model.index(row, 0, entity).data() for row in range(model.rowCount(entity))]


def entity_row(window: MainWindow, name: str) -> QModelIndex:
    model = window.entity_panel_model
    for row in range(model.rowCount()):
        top = model.index(row, 0)
        for child in range(model.rowCount(top)):
            index = model.index(child, 0, top)
            if str(index.data()).split("  ")[0] == name:
                return index
    raise AssertionError(f"no row {name} in {panel(window)}")


def choose_row(window: MainWindow, qtbot: QtBot, name: str) -> None:
    """Focus the panel (Ctrl+4) and go down from its top to an entity's row by keyboard."""
    qtbot.keyClick(window.view, Qt.Key.Key_4, CTRL)
    tree = window.entity_panel
    assert tree.hasFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Home)
    for _ in range(50):
        index = tree.currentIndex()
        is_entity = index.parent().isValid() and not index.parent().parent().isValid()
        if is_entity and str(index.data()).split("  ")[0] == name:
            return
        qtbot.keyClick(tree, Qt.Key.Key_Down)
    raise AssertionError(f"Down never reached {name}")


def correct(window: MainWindow, qtbot: QtBot, key: Qt.Key, modifiers: Qt.KeyboardModifier,
            typed: str = "") -> None:
    """Press a correction's key where the focus is (typing a choice if it asks one) and wait
    until the document shows it: the panel is checked then, before the store has written it."""
    widget = QApplication.focusWidget() or window.view
    with qtbot.waitSignal(corrections_of(window).shown, timeout=20_000):
        qtbot.keyClick(widget, key, modifiers)
        if typed:
            dialog = window.findChild(ChoiceDialog)
            assert dialog is not None and dialog.isVisible()
            qtbot.keyClicks(dialog.edit, typed)
            qtbot.waitUntil(lambda: dialog.proxy.rowCount() > 0, timeout=10_000)
            qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)


def settled(window: MainWindow, qtbot: QtBot) -> None:
    """Wait until the store has written the corrections and the panel has its answer again."""
    qtbot.waitUntil(lambda: final(window) and window.document_panels.answer is not None
                    and not window.store.answering, timeout=20_000)
    window.activateWindow()
    window.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)


def test_the_panel_joins_every_name_of_a_person(resolved: MainWindow, qtbot: QtBot) -> None:
    window = resolved
    show(window, qtbot, "tony")  # "Tony Blair spoke. Mr Blair said the war was just."
    assert panel(window) == {"PERSON": ["Tony Blair  ×2"]}
    tony = entity_row(window, "Tony Blair")
    lines = " ".join(tooltip_lines(tony))
    assert "Tony Blair (PERSON), 2 mentions; in 2 documents of the folder" in lines
    assert "Mr Blair ×1: title 'Mr' dropped" in lines
    # Right lists his names here; Enter on one selects its mention.
    choose_row(window, qtbot, "Tony Blair")
    qtbot.keyClick(window.entity_panel, Qt.Key.Key_Right)
    assert names(window, tony) == ["Tony Blair", "Mr Blair"]
    qtbot.keyClick(window.entity_panel, Qt.Key.Key_Down)
    qtbot.keyClick(window.entity_panel, Qt.Key.Key_Down)
    qtbot.keyClick(window.entity_panel, Qt.Key.Key_Return)
    assert window.view.textCursor().selectedText() == "Mr Blair"
    # A document that only says "Mr Blair" lists him as Tony Blair.
    show(window, qtbot, "pm")
    assert panel(window) == {"PERSON": ["Tony Blair"]}
    # Yukos is a PERSON in the corpus (3 to 1): the model's ORG here is said in the tooltip.
    show(window, qtbot, "shares")
    assert panel(window) == {"PERSON": ["Yukos"]}
    lines = " ".join(tooltip_lines(entity_row(window, "Yukos")))
    assert "The model said ORG ×1 here" in lines
    assert "Yukos is PERSON in the corpus (PERSON 3 · ORG 1)" in lines
    assert window.legend_model.rowCount() == 1  # the legend counts the highlights: ORG, as shown


def test_enter_and_ctrl_e_on_a_row_follow_the_corpus_entity(resolved: MainWindow, qtbot: QtBot) -> None:
    window = resolved
    show(window, qtbot, "tony")
    choose_row(window, qtbot, "Tony Blair")
    qtbot.keyClick(window.entity_panel, Qt.Key.Key_Return)
    assert window.view.textCursor().selectedText() == "Tony Blair"
    qtbot.keyClick(window.entity_panel, Qt.Key.Key_Return)
    assert window.view.textCursor().selectedText() == "Mr Blair"  # the next mention of him
    window.entity_panel.setFocus()
    qtbot.keyClick(window.entity_panel, Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(window.document_pane.has_entity_filter, timeout=10_000)
    model = window.filter_model
    listed = {model.index(row, 0).data(DocumentIdRole) for row in range(model.rowCount())}
    assert listed == {"tony", "pm"}  # "pm" only says "Mr Blair"
    # The other document opens with its first mention of him selected: "Mr Blair".
    window.sidebar.setFocus()
    for key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
        qtbot.keyClick(window.sidebar, key)
        if window.session.chosen is not None and window.session.chosen.id == "pm":
            break
    qtbot.waitUntil(lambda: window.view.textCursor().selectedText() == "Mr Blair", timeout=10_000)


def test_merge_split_relabel_reject_and_add_change_the_panel_at_once(
    resolved: MainWindow, qtbot: QtBot
) -> None:
    window = resolved
    show(window, qtbot, "tony")
    # Split Mr Blair off Tony Blair from the panel: his name's row, Ctrl+Alt+U.
    choose_row(window, qtbot, "Tony Blair")
    qtbot.keyClick(window.entity_panel, Qt.Key.Key_Right)
    qtbot.keyClick(window.entity_panel, Qt.Key.Key_Down)
    qtbot.keyClick(window.entity_panel, Qt.Key.Key_Down)
    assert window.entity_panel.current_group() is not None
    assert window.entity_panel.current_group().name == "Mr Blair"  # type: ignore[union-attr]
    correct(window, qtbot, Qt.Key.Key_U, CTRL | ALT)
    assert panel(window) == {"PERSON": ["Mr Blair", "Tony Blair"]}
    settled(window, qtbot)
    assert panel(window) == {"PERSON": ["Mr Blair", "Tony Blair"]}
    assert "Split off Tony Blair by a correction" in " ".join(tooltip_lines(entity_row(window, "Mr Blair")))
    # Merge them again, from the text (the caret on Mr Blair): one row at once.
    current = window.session.current
    assert current is not None
    window.view.select_range(current.body.index("Mr Blair"), current.body.index("Mr Blair"))
    correct(window, qtbot, Qt.Key.Key_M, CTRL | ALT, "Tony")
    assert panel(window) == {"PERSON": ["Tony Blair  ×2"]}
    settled(window, qtbot)
    assert panel(window) == {"PERSON": ["Tony Blair  ×2"]}
    # Relabel him everywhere (F2 in the panel): the row moves to the new type.
    choose_row(window, qtbot, "Tony Blair")
    correct(window, qtbot, Qt.Key.Key_F2, NONE, "NORP")
    assert panel(window) == {"NORP": ["Tony Blair  ×2"]}
    settled(window, qtbot)
    assert panel(window) == {"NORP": ["Tony Blair  ×2"]}
    # Add "war" everywhere as an EVENT: a row of its own.
    select_by_keyboard(window, qtbot, "war")
    correct(window, qtbot, Qt.Key.Key_A, CTRL | ALT, "EVENT")
    assert panel(window) == {"NORP": ["Tony Blair  ×2"], "EVENT": ["war"]} or panel(window) == {
        "EVENT": ["war"], "NORP": ["Tony Blair  ×2"]}
    settled(window, qtbot)
    # Reject Tony Blair from the panel: his row goes.
    choose_row(window, qtbot, "Tony Blair")
    correct(window, qtbot, Qt.Key.Key_X, CTRL | ALT)
    assert panel(window) == {"EVENT": ["war"]}
    settled(window, qtbot)
    assert panel(window) == {"EVENT": ["war"]}
    # Undo the reject: he is back, as the relabel left him.
    correct(window, qtbot, Qt.Key.Key_Z, CTRL)
    assert "NORP" in panel(window) and panel(window)["NORP"] == ["Tony Blair  ×2"]


def test_a_merge_joins_the_rows_of_both_entities(resolved: MainWindow, qtbot: QtBot) -> None:
    window = resolved
    show(window, qtbot, "tony")
    window.view.setFocus()
    # Tony Blair is Yukos (a test's fancy): the entity with more mentions keeps its name.
    correct(window, qtbot, Qt.Key.Key_M, CTRL | ALT, "Yukos")
    assert panel(window) == {"PERSON": ["Yukos  ×2"]}
    settled(window, qtbot)
    assert panel(window) == {"PERSON": ["Yukos  ×2"]}
    lines = " ".join(tooltip_lines(entity_row(window, "Yukos")))
    assert "Tony Blair ×1: merged into Yukos by a correction" in lines
    assert "Mr Blair ×1: merged into Yukos by a correction" in lines
    assert "in 4 documents of the folder" in lines
    correct(window, qtbot, Qt.Key.Key_Z, CTRL)
    assert panel(window) == {"PERSON": ["Tony Blair  ×2"]}


def test_the_lists_counts_stay_corrected_when_the_folder_changes(resolved: MainWindow, qtbot: QtBot) -> None:
    from gui.widgets.sidebar.document_list_model import EntityCountRole

    window = resolved
    show(window, qtbot, "tax")
    window.view.setFocus()
    with qtbot.waitSignal(corrections_of(window).applied, timeout=20_000):
        qtbot.keyClick(window.view, Qt.Key.Key_X, CTRL | ALT)  # Yukos is never an entity

    def count(doc_id: str) -> object:
        model = window.filter_model
        rows = [row for row in range(model.rowCount()) if model.index(row, 0).data(DocumentIdRole) == doc_id]
        return model.index(rows[0], 0).data(EntityCountRole) if rows else None

    qtbot.waitUntil(lambda: count("tax") == 0, timeout=10_000)
    # The moment the list takes the folder's new listing, before the store has counted again.
    seen: list[object] = []
    window.corpusChanged.connect(lambda _summary: seen.append((count("tax"), count("shares"), count("tony"))))
    corpus = window.session.corpus
    assert corpus is not None
    with qtbot.waitSignal(window.corpusChanged, timeout=10_000):
        (corpus.source / "zebra.txt").write_text("Zebras crossed Nairobi on Monday.\n", encoding="utf-8")
    assert seen == [(0, 0, 2)]


def test_a_document_shown_again_lists_the_corpus_entities_at_once(resolved: MainWindow, qtbot: QtBot) -> None:
    window = resolved
    at_highlights: list[tuple[str, bool]] = []
    window.highlightsShown.connect(lambda doc_id: at_highlights.append((doc_id, final(window))))
    show(window, qtbot, "tony")
    show(window, qtbot, "pm")  # the store's answer for "pm" replaces the one shown
    show(window, qtbot, "tony")
    assert at_highlights[-1] == ("tony", True)  # what the store said of it before, at once
    assert panel(window) == {"PERSON": ["Tony Blair  ×2"]}


def top_names(window: MainWindow) -> list[tuple[str, bool]]:
    """The panel's entities: each name, and whether it is a corpus entity (not the document's own)."""
    return [(row.group.name, row.entity is not None) for row in window.entity_panel_model.rows()]


def step(window: MainWindow, qtbot: QtBot, key: Qt.Key) -> str:
    """Press Down or Up in the list and wait until the panel lists the store's rows of the
    document it shows, and the store has answered what was asked ahead; its id."""
    before = window.session.current
    qtbot.keyClick(window.sidebar, key)
    qtbot.waitUntil(lambda: window.session.current is not before and window.document_panels.settled()
                    and final(window), timeout=10_000)
    current = window.session.current
    assert current is not None
    return current.id


def test_down_and_up_show_the_corpus_entities_without_the_documents_own_first(
    resolved: MainWindow, qtbot: QtBot
) -> None:
    window = resolved
    qtbot.waitUntil(lambda: window.document_panels.settled() and final(window), timeout=10_000)
    resets: list[list[tuple[str, bool]]] = []
    window.entity_panel_model.modelReset.connect(lambda: resets.append(top_names(window)))
    at_highlights: list[tuple[str, bool]] = []
    window.highlightsShown.connect(lambda doc_id: at_highlights.append((doc_id, final(window))))
    window.sidebar.setFocus()
    visited = [step(window, qtbot, key) for key in [Qt.Key.Key_Down] * 3 + [Qt.Key.Key_Up] * 3]
    assert visited == ["shares", "tax", "tony", "tax", "shares", "pm"]
    # Each document's rows were the store's the moment its highlights were (each time they were
    # drawn: a document read for the first time is drawn again once its entities are checked).
    drawn = [doc_id for i, (doc_id, _) in enumerate(at_highlights)
             if i == 0 or at_highlights[i - 1][0] != doc_id]
    assert drawn == visited
    assert all(was_final for _doc_id, was_final in at_highlights)
    # Never the document's own rows, not even for a moment: "Mr Blair" a row of his own in "tony".
    assert resets and all(entity for rows in resets for _name, entity in rows)
    assert ("Tony Blair", True) in resets[2]
    assert all(name != "Mr Blair" for rows in resets for name, _ in rows)


def test_the_documents_own_rows_show_if_the_store_is_slow(resolved: MainWindow, qtbot: QtBot) -> None:
    import threading
    import time

    from gui.widgets.window.document_panels import WAIT_FOR_STORE_MS

    window = resolved
    qtbot.waitUntil(lambda: window.document_panels.settled() and final(window), timeout=10_000)
    window.sidebar.setFocus()
    gate = threading.Event()
    window.store.ask(lambda _store: gate.wait(30), lambda _reply: None)  # the store is busy until released
    try:
        # "shares" was asked ahead (from "pm"): its rows at once; "tax", asked ahead now, is not answered.
        with qtbot.waitSignal(window.highlightsShown, timeout=5_000) as shown:
            qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)
        assert shown.args == ["shares"] and final(window)
        resets: list[list[tuple[str, bool]]] = []
        reset_at: list[float] = []

        def reset() -> None:
            resets.append(top_names(window))
            reset_at.append(time.monotonic())

        window.entity_panel_model.modelReset.connect(reset)
        at_highlights: list[tuple[bool, list[tuple[str, bool]]]] = []
        window.highlightsShown.connect(
            lambda _doc_id: at_highlights.append((window.entity_panel_model.stale, top_names(window))))
        pressed = time.monotonic()
        with qtbot.waitSignal(window.highlightsShown, timeout=5_000) as shown:
            qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)
        assert shown.args == ["tax"]
        # The rows of "shares" stay meanwhile, marked stale: "tax" waits for the store's rows...
        assert at_highlights == [(True, [("Yukos", True)])] and resets == []
        # ...and shows its own grouping when the wait is over, the store still busy...
        qtbot.waitUntil(lambda: bool(resets), timeout=5_000)
        assert reset_at[0] - pressed >= WAIT_FOR_STORE_MS / 1000 * 0.9  # not at once (a timer is never early)
        assert resets == [[("Yukos", False)]] and not final(window)
    finally:
        gate.set()
    # ...then the corpus's, once the store answers.
    qtbot.waitUntil(lambda: final(window), timeout=10_000)
    assert resets == [[("Yukos", False)], [("Yukos", True)]]


def test_a_document_shown_again_after_the_store_changed_is_asked_again(
    resolved: MainWindow, qtbot: QtBot
) -> None:
    import threading

    window = resolved
    show(window, qtbot, "tony")
    qtbot.waitUntil(window.document_panels.settled, timeout=10_000)
    before = window.document_panels.answer
    assert before is not None
    window.sidebar.setFocus()
    gate = threading.Event()
    window.store.ask(lambda _store: gate.wait(10), lambda _reply: None)  # the store is busy meanwhile
    try:
        window.storeChanged.emit()  # "tony" is asked again...
        qtbot.keyClick(window.sidebar, Qt.Key.Key_Up)  # ...and the reader moves on before it answers
        assert window.session.current is not None and window.session.current.id == "tax"
    finally:
        gate.set()
    qtbot.waitUntil(lambda: window.document_panels.settled() and final(window), timeout=10_000)
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)
    assert window.session.current is not None and window.session.current.id == "tony"
    # What the store said before it changed may show meanwhile, but it is asked again.
    assert not window.document_panels.settled()
    qtbot.waitUntil(lambda: window.document_panels.settled() and final(window), timeout=10_000)
    assert window.document_panels.answer is not before
    assert panel(window) == {"PERSON": ["Tony Blair  ×2"]}


def test_what_was_asked_ahead_before_the_store_changed_is_not_kept(
    make_window: Callable[..., MainWindow], write_corpus: Callable[..., Path], qtbot: QtBot
) -> None:
    import threading

    from tests.integration.test_corpus_navigation import annotated
    from tests.integration.test_resolved_entities import blair_and_yukos

    files = {**blair_and_yukos(), "quiet.txt": "Nothing happened in the Commons.\n", "quiet.ann": ""}
    window = annotated(make_window(), write_corpus(files), qtbot)
    qtbot.waitUntil(window.store.complete, timeout=60_000)
    for doc_id in ("tony", "pm"):  # "tony" asks "tax" ahead; "pm" asks nothing ("quiet" has no entities)
        show(window, qtbot, doc_id)
        qtbot.waitUntil(window.document_panels.settled, timeout=10_000)
    at_highlights: list[tuple[str, bool]] = []
    window.highlightsShown.connect(lambda doc_id: at_highlights.append((doc_id, final(window))))
    gate = threading.Event()
    window.store.ask(lambda _store: gate.wait(10), lambda _reply: None)  # the store is busy meanwhile
    try:
        assert window.jumps.jump_to("tax", 0, 0)  # its rows at once, and "shares" asked ahead
        assert at_highlights[-1] == ("tax", True)
        assert window.jumps.jump_to("quiet", 0, 0)  # no entities: nothing asked of the store
        window.storeChanged.emit()  # ...while what was asked ahead is still to come
    finally:
        gate.set()
    qtbot.waitUntil(lambda: not window.store.answering, timeout=10_000)
    assert window.jumps.jump_to("shares", 0, 0)
    # Not the rows the store gave before it changed, as its last word: "shares" is asked again.
    assert at_highlights[-1] == ("shares", False)
    qtbot.waitUntil(lambda: window.document_panels.settled() and final(window), timeout=10_000)
    assert panel(window) == {"PERSON": ["Yukos"]}  # the corpus says PERSON of it


def test_a_correction_keeps_the_names_the_reader_opened(resolved: MainWindow, qtbot: QtBot) -> None:
    window = resolved
    show(window, qtbot, "tony")
    choose_row(window, qtbot, "Tony Blair")
    qtbot.keyClick(window.entity_panel, Qt.Key.Key_Right)  # his names open
    assert window.entity_panel.isExpanded(entity_row(window, "Tony Blair"))
    # Another entity's correction (war added as an EVENT) groups the rows anew: his stay open.
    select_by_keyboard(window, qtbot, "war")
    correct(window, qtbot, Qt.Key.Key_A, CTRL | ALT, "EVENT")
    assert "war" in panel(window)["EVENT"]
    assert window.entity_panel.isExpanded(entity_row(window, "Tony Blair"))
    settled(window, qtbot)
    assert window.entity_panel.isExpanded(entity_row(window, "Tony Blair"))
    assert not window.entity_panel.isExpanded(entity_row(window, "war"))
    # Another document's rows open as they always do: names closed.
    show(window, qtbot, "pm")
    assert not window.entity_panel.isExpanded(entity_row(window, "Tony Blair"))
