"""The main window driven from the keyboard, as a user would, asserting what the user sees."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QColor, QHelpEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from gui.core.colours.palette import Palette
from gui.core.engine.engine import Engine, EngineError
from gui.widgets.charts.chart_keys import CHART_KEY_ROWS
from gui.widgets.commands import engine_comparison, window_commands
from gui.widgets.commands.actions import COMMANDS, DIALOG_COMMANDS, WIDGET_KEYS
from gui.widgets.dialogs.shortcuts_dialog import ShortcutsDialog
from gui.widgets.window.main_window import MainWindow
from tests.conftest import SEED_NAME
from tests.widgets.conftest import file_names, searched, stored_counts, tooltip_lines


def background_at(window: MainWindow, position: int) -> QColor | None:
    """The highlight colour the user sees at a UTF-16 position of the text, if any (brought into
    view and painted: highlights are applied to the blocks being painted)."""
    cursor = QTextCursor(window.view.document())
    cursor.setPosition(position)
    window.view.setTextCursor(cursor)
    window.view.ensureCursorVisible()
    window.view.viewport().repaint()
    block = window.view.document().findBlock(position)
    offset = position - block.position()
    for fmt_range in block.layout().formats():
        if fmt_range.start <= offset < fmt_range.start + fmt_range.length:
            return fmt_range.format.background().color()
    return None


def position_of(window: MainWindow, needle: str) -> int:
    """The UTF-16 position of the first occurrence of `needle` in the shown text."""
    cursor = window.view.document().find(needle)
    assert not cursor.isNull(), needle
    return cursor.selectionStart()


def show_document(window: MainWindow, qtbot: QtBot, file_name: str) -> None:
    """Move down the sidebar by keyboard until `file_name` is shown with its highlights."""
    window_commands.focus_sidebar(window)
    window_commands.go_first_document(window)
    for _ in range(window.filter_model.rowCount()):
        current = window.current_document
        assert current is not None
        if current.path.name == file_name:
            break
        qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)
    current = window.current_document
    assert current is not None and current.path.name == file_name
    qtbot.waitUntil(lambda: bool(window.view.spans), timeout=60_000)


def test_opens_on_newest_document(window: MainWindow) -> None:
    assert window.windowTitle() == "merkel.txt — corpus — Seedview"
    assert window.sidebar.currentIndex().row() == 0
    assert window.header.meta.text().startswith("Sunday 5 January 2020 · merkel.txt")
    # The date header is metadata, not body text.
    assert not window.view.toPlainText().startswith("date")


def test_sidebar_lists_newest_first_with_counts(window: MainWindow, qtbot: QtBot) -> None:
    assert file_names(window) == ["merkel.txt", SEED_NAME, "apple.txt"]
    from gui.widgets.sidebar.document_list_model import EntityCountRole

    qtbot.waitUntil(
        lambda: window.filter_model.index(1, 0).data(EntityCountRole) is not None, timeout=60_000
    )
    assert window.filter_model.index(1, 0).data(EntityCountRole) > 30


def test_up_down_in_sidebar_and_shortcuts_from_text(window: MainWindow, qtbot: QtBot) -> None:
    window_commands.focus_sidebar(window)
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)
    assert window.windowTitle() == f"{SEED_NAME} — corpus — Seedview"
    window_commands.focus_text(window)
    qtbot.keyClick(window.view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.windowTitle() == "apple.txt — corpus — Seedview"
    qtbot.keyClick(window.view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert window.windowTitle() == f"{SEED_NAME} — corpus — Seedview"
    qtbot.keyClick(window.view, Qt.Key.Key_Home, Qt.KeyboardModifier.AltModifier)
    assert window.windowTitle() == "merkel.txt — corpus — Seedview"
    qtbot.keyClick(window.view, Qt.Key.Key_End, Qt.KeyboardModifier.AltModifier)
    assert window.windowTitle() == "apple.txt — corpus — Seedview"
    assert window.view.hasFocus()


def test_entities_are_highlighted_in_their_type_colour(window: MainWindow, qtbot: QtBot) -> None:
    show_document(window, qtbot, SEED_NAME)
    palette = Palette.load()
    russia = position_of(window, "Russia")
    assert background_at(window, russia) == QColor(palette.style("GPE").background)
    schenker = position_of(window, "however Schenker") + len("however ")
    # The surname rule: the small model says ORG, the window shows PERSON.
    assert background_at(window, schenker) == QColor(palette.style("PERSON").background)
    assert background_at(window, position_of(window, "deployed")) is None


def test_next_and_previous_entity_select_and_describe(window: MainWindow, qtbot: QtBot) -> None:
    show_document(window, qtbot, SEED_NAME)
    window_commands.focus_text(window)
    qtbot.keyClick(window.view, Qt.Key.Key_F8)
    assert window.view.textCursor().selectedText() == "Russia"
    assert window.caret_label.text() == "GPE: Countries, cities, states"
    qtbot.keyClick(window.view, Qt.Key.Key_F8)
    assert window.view.textCursor().selectedText() == "Libya"
    qtbot.keyClick(window.view, Qt.Key.Key_F8)
    qtbot.keyClick(window.view, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert window.view.textCursor().selectedText() == "Libya"
    # From the sidebar too: the shortcut moves the focus into the text.
    window_commands.focus_sidebar(window)
    qtbot.keyClick(window.sidebar, Qt.Key.Key_F8)
    assert window.view.hasFocus()
    assert window.view.textCursor().selectedText() == "State Department"


def test_moving_the_caret_onto_an_entity_names_its_type(window: MainWindow, qtbot: QtBot) -> None:
    show_document(window, qtbot, SEED_NAME)
    window_commands.focus_text(window)
    window.view.moveCursor(QTextCursor.MoveOperation.Start)
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    assert window.caret_label.text() == "GPE: Countries, cities, states"
    qtbot.keyClick(window.view, Qt.Key.Key_End)
    assert window.caret_label.text() == ""


def test_hovering_an_entity_shows_a_tooltip(window: MainWindow, qtbot: QtBot) -> None:
    show_document(window, qtbot, SEED_NAME)
    cursor = window.view.textCursor()
    cursor.setPosition(position_of(window, "Khalifa") + 2)
    rect = window.view.cursorRect(cursor)
    viewport = window.view.viewport()
    event = QHelpEvent(QHelpEvent.Type.ToolTip, rect.center(), viewport.mapToGlobal(rect.center()))
    QApplication.sendEvent(viewport, event)
    assert "PERSON" in QToolTip.text()
    assert "People, including fictional" in QToolTip.text()
    assert "Khalifa Haftar" in QToolTip.text()
    QToolTip.hideText()


def test_legend_lists_types_and_toggles_by_keyboard(window: MainWindow, qtbot: QtBot) -> None:
    show_document(window, qtbot, SEED_NAME)
    labels = [window.legend_model.index(r).data() for r in range(window.legend_model.rowCount())]
    # In the palette's order of types, whatever their counts, so rows keep their places.
    assert labels == ["PERSON  10", "NORP  6", "ORG  13", "GPE  18", "DATE  6", "ORDINAL  1",
                      "CARDINAL  2"]
    russia = position_of(window, "Russia")
    window.activateWindow()
    qtbot.keyClick(window.view, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.legend.hasFocus()
    for _ in range(labels.index("GPE  18")):
        qtbot.keyClick(window.legend, Qt.Key.Key_Down)
    qtbot.keyClick(window.legend, Qt.Key.Key_Space)
    assert window.legend_model.hidden_types == {"GPE"}
    assert background_at(window, russia) is None
    gpe_row = window.legend_model.index(labels.index("GPE  18"))
    assert gpe_row.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    qtbot.keyClick(window.legend, Qt.Key.Key_Space)
    assert background_at(window, russia) is not None


def test_hidden_types_are_skipped_by_entity_steps(window: MainWindow, qtbot: QtBot) -> None:
    show_document(window, qtbot, SEED_NAME)
    window_commands.focus_text(window)
    window.view.moveCursor(QTextCursor.MoveOperation.Start)
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    qtbot.keyClick(window.view, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert window.legend_model.hidden_types == {"GPE"}
    window.view.moveCursor(QTextCursor.MoveOperation.Start)
    qtbot.keyClick(window.view, Qt.Key.Key_F8)
    assert window.view.textCursor().selectedText() == "State Department"
    qtbot.keyClick(
        window.view, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert window.legend_model.hidden_types == set()


def test_filter_narrows_the_list(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.keyClick(window.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.filter_edit.hasFocus()
    qtbot.keyClicks(window.filter_edit, "macron paris")
    assert window.filter_model.rowCount() == 1
    qtbot.keyClick(window.filter_edit, Qt.Key.Key_Return)
    assert window.sidebar.hasFocus()
    qtbot.keyClick(window.sidebar, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.filter_edit.hasFocus() and window.filter_edit.selectedText() == "macron paris"
    qtbot.keyClicks(window.filter_edit, "2019")
    assert window.filter_model.rowCount() == 1
    assert tooltip_lines(window.filter_model.index(0, 0))[0] == SEED_NAME
    qtbot.keyClick(window.filter_edit, Qt.Key.Key_Escape)
    assert window.filter_edit.text() == ""
    assert window.filter_model.rowCount() == 3
    assert window.sidebar.hasFocus()


def test_f6_cycles_the_focus_through_the_panes(window: MainWindow, qtbot: QtBot) -> None:
    window_commands.focus_filter(window)
    order = []
    for _ in range(5):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
        order.append(QApplication.focusWidget())
    assert order == [
        window.sidebar, window.view, window.legend, window.entity_panel, window.filter_edit
    ]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is window.entity_panel


def test_zoom_in_out_and_reset(window: MainWindow, qtbot: QtBot) -> None:
    base = window.view.font().pointSizeF()
    qtbot.keyClick(window.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.view.font().pointSizeF() == base + 2
    qtbot.keyClick(window.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.view.font().pointSizeF() == base + 1
    qtbot.keyClick(window.view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.view.font().pointSizeF() == base


def test_f1_lists_every_command_with_its_keys(window: MainWindow, qtbot: QtBot) -> None:
    window_commands.focus_text(window)
    qtbot.keyClick(window.view, Qt.Key.Key_F1)
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None and dialog.isVisible()
    table = dialog.table
    rows = {table.item(r, 1).text(): table.item(r, 2).text() for r in range(table.rowCount())}  # type: ignore[union-attr]
    assert len(rows) == len(COMMANDS) + len(DIALOG_COMMANDS) + len(WIDGET_KEYS) + len(CHART_KEY_ROWS)
    assert rows["Go to the Document List (in the filter)"] == "Down, Return, Enter"
    assert rows["Next Entity"] == "F8"
    assert "Ctrl+Q" in rows["Quit"]
    assert "Ctrl+O" in rows["Open Folder…"]
    qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_every_command_has_a_shortcut_and_no_two_share_one(window: MainWindow) -> None:
    # Window-wide keys are unique; a key scoped to one widget (Escape in the filter box, say) may
    # serve another widget too, but never shadows a window-wide key.
    scopes = {command.id: command.widgets() or ("window",) for command in COMMANDS}
    seen: dict[tuple[str, str], str] = {}
    for command_id, action in window.actions_by_id.items():
        assert action.shortcuts(), command_id
        for sequence in action.shortcuts():
            key = sequence.toString()
            for scope in {*scopes[command_id], "window"}:
                clash = seen.get((scope, key))
                assert clash is None, f"{key} is bound to {clash} and {command_id}"
            for scope in scopes[command_id]:
                seen[(scope, key)] = command_id


def test_settings_are_restored(
    window: MainWindow, make_window: Callable[..., MainWindow], qtbot: QtBot, settings_path: Path,
    corpus_folder: Path,
) -> None:
    show_document(window, qtbot, SEED_NAME)
    window_commands.zoom_in(window)
    window.legend_model.set_hidden_types(frozenset({"ORG"}))
    window.splitter.setSizes([200, 700, 200])
    sizes = window.splitter.sizes()
    window.resize(700, 500)  # the offscreen screen is 800x600 (and the panes give way at 700)
    window.close()

    again = make_window()
    folder, document = again.start_location(None)
    assert folder == corpus_folder.resolve() and document == SEED_NAME.removesuffix(".txt")
    again.open_path(folder, document)
    assert again.windowTitle() == f"{SEED_NAME} — corpus — Seedview"
    assert again.view.zoom_steps == 1
    assert again.legend_model.hidden_types == {"ORG"}
    assert again.size().width() == 700
    again.resize(1200, 760)  # the splitter's sizes are those of the wide window
    assert again.splitter.sizes() == sizes


def test_foreign_settings_values_do_not_crash(
    make_window: Callable[..., MainWindow], settings_path: Path
) -> None:
    settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
    settings.setValue("view/zoomSteps", "lots")
    settings.setValue("window/geometry", "not bytes")
    settings.setValue("view/hiddenTypes", 42)
    settings.sync()
    win = make_window()
    assert win.view.zoom_steps == 0
    assert win.legend_model.hidden_types == {"42"}  # harmless: no such type


def test_document_text_is_never_markup(
    make_window: Callable[..., MainWindow], write_corpus: Callable[..., Path], qtbot: QtBot
) -> None:
    body = "<b>Bold</b> claims by <script>alert(1)</script> Barack Obama &amp; <img src=x>"
    folder = write_corpus({"hostile.txt": body})
    win = make_window()
    with qtbot.waitSignal(win.highlightsShown, timeout=60_000):
        win.open_path(folder)
    assert win.view.toPlainText() == body
    assert win.header.title.textFormat() == Qt.TextFormat.PlainText
    assert win.header.title.text().startswith("<b>Bold</b>")


def test_astral_characters_keep_highlights_aligned(
    make_window: Callable[..., MainWindow], write_corpus: Callable[..., Path], qtbot: QtBot
) -> None:
    body = "😀🎉 Barack Obama visited Paris with 𝒜 friends 🇫🇷 on Monday."
    folder = write_corpus({"emoji.txt": body})
    win = make_window()
    with qtbot.waitSignal(win.highlightsShown, timeout=60_000):
        win.open_path(folder)
    window_commands.focus_text(win)
    selected = []
    for _ in range(len(win.view.spans)):
        qtbot.keyClick(win.view, Qt.Key.Key_F8)
        selected.append(win.view.textCursor().selectedText())
    document = win.current_document
    assert document is not None and document.entities
    assert selected == [document.entity_text(e) for e in document.entities]


def test_bad_files_are_listed_and_the_rest_still_shows(
    make_window: Callable[..., MainWindow], write_corpus: Callable[..., Path], qtbot: QtBot
) -> None:
    folder = write_corpus(
        {
            "binary.txt": b"\x00\x01\x02ELF",
            "broken.txt": b"date 2021-02-03 Caf\xe9 owners in Lyon protested.",
            "empty.txt": b"",
        }
    )
    win = make_window()
    win.open_path(folder)
    assert win.filter_model.rowCount() == 3
    assert win.windowTitle() == "broken.txt — corpus — Seedview"
    assert "Caf\ufffd owners" in win.view.toPlainText()
    assert win.header.notice.isVisible() and "UTF-8" in win.header.notice.text()
    from gui.widgets.sidebar.document_list_model import ProblemRole

    problems = {
        tooltip_lines(win.filter_model.index(r, 0))[0]: win.filter_model.index(r, 0).data(ProblemRole)
        for r in range(3)
    }
    assert any(p and "binary" in p for p in problems.values())
    assert any(p and "empty" in p for p in problems.values())
    qtbot.keyClick(win.sidebar, Qt.Key.Key_Down)
    qtbot.keyClick(win.sidebar, Qt.Key.Key_Down)
    assert win.view.toPlainText() == ""


def test_engine_failure_is_explained_and_documents_still_show(
    make_window: Callable[..., MainWindow], corpus_folder: Path, qtbot: QtBot
) -> None:
    def broken() -> Engine:
        raise EngineError("The language model file ner/model does not match its expected checksum.")

    win = make_window(broken)
    with qtbot.waitSignal(win.entitiesUnavailable, timeout=30_000):
        win.open_path(corpus_folder)
    assert "Angela Merkel" in win.view.toPlainText()
    assert win.header.notice.isVisible()
    assert "checksum" in win.header.notice.text()
    assert win.view.spans == []


def test_second_window_highlights_from_the_cache_without_the_engine(
    window: MainWindow, make_window: Callable[..., MainWindow], corpus_folder: Path, qtbot: QtBot
) -> None:
    from gui.widgets.sidebar.document_list_model import EntityCountRole

    qtbot.waitUntil(
        lambda: all(
            window.filter_model.index(r, 0).data(EntityCountRole) is not None for r in range(3)
        ),
        timeout=60_000,
    )
    window.close()
    calls = []

    def no_engine() -> Engine:
        calls.append(1)
        raise EngineError("must not be needed")

    again = make_window(no_engine)
    with qtbot.waitSignal(again.highlightsShown, timeout=30_000):
        again.open_path(corpus_folder)
    assert again.view.spans
    assert "from cache" in again.header.meta.text()
    assert calls == []


def test_the_folder_is_never_written(window: MainWindow, corpus_folder: Path, qtbot: QtBot) -> None:
    before = {p.name: p.read_bytes() for p in corpus_folder.iterdir()}
    show_document(window, qtbot, SEED_NAME)
    window_commands.go_last_document(window)
    window_commands.zoom_in(window)
    window.close()
    assert {p.name: p.read_bytes() for p in corpus_folder.iterdir()} == before


def test_missing_path_shows_a_message(make_window: Callable[..., MainWindow], tmp_path: Path) -> None:
    win = make_window()
    assert not win.open_path(tmp_path / "nowhere")
    assert "does not exist" in win.header.title.text()


def test_no_tooltip_in_the_margin_beside_an_entity(window: MainWindow) -> None:
    QToolTip.hideText()
    viewport = window.view.viewport()
    event = QHelpEvent(QHelpEvent.Type.ToolTip, QPoint(1, 1), viewport.mapToGlobal(QPoint(1, 1)))
    QApplication.sendEvent(viewport, event)
    assert not QToolTip.isVisible()


def test_clicking_a_legend_row_toggles_its_type(window: MainWindow, qtbot: QtBot) -> None:
    show_document(window, qtbot, SEED_NAME)
    index = window.legend_model.index(0)
    center = window.legend.visualRect(index).center()
    qtbot.mouseClick(window.legend.viewport(), Qt.MouseButton.LeftButton, pos=center)
    assert window.legend_model.hidden_types == {"PERSON"}
    qtbot.mouseClick(window.legend.viewport(), Qt.MouseButton.LeftButton, pos=center)
    assert window.legend_model.hidden_types == set()


def test_filtering_keeps_the_shown_document_or_shows_the_first_match(
    window: MainWindow, qtbot: QtBot
) -> None:
    show_document(window, qtbot, SEED_NAME)
    window_commands.focus_filter(window)
    qtbot.keyClicks(window.filter_edit, "russia")
    assert window.windowTitle() == f"{SEED_NAME} — corpus — Seedview"
    assert window.sidebar.currentIndex().row() == 0
    window.filter_edit.selectAll()
    qtbot.keyClicks(window.filter_edit, "zzzqqq")
    assert window.filter_model.rowCount() == 0
    assert window.no_match_label.isVisible()
    assert "zzzqqq" in window.no_match_label.text()
    window.filter_edit.selectAll()
    qtbot.keyClicks(window.filter_edit, "apple")
    assert not window.no_match_label.isVisible()
    assert window.windowTitle() == "apple.txt — corpus — Seedview"
    assert window.sidebar.currentIndex().isValid()
    qtbot.keyClick(window.filter_edit, Qt.Key.Key_Escape)
    # Back to the whole list, still on the document the filter led to.
    assert window.filter_model.rowCount() == 3
    assert window.windowTitle() == "apple.txt — corpus — Seedview"
    assert window.sidebar.currentIndex().row() == 2


def test_down_in_the_filter_moves_to_the_list(window: MainWindow, qtbot: QtBot) -> None:
    window_commands.focus_filter(window)
    qtbot.keyClick(window.filter_edit, Qt.Key.Key_Down)
    assert window.sidebar.hasFocus()
    assert window.windowTitle() == "merkel.txt — corpus — Seedview"


def test_progress_counts_each_document_once_while_browsing(
    make_window: Callable[..., MainWindow], corpus_folder: Path, qtbot: QtBot
) -> None:
    win = make_window()
    totals: list[int] = []
    win.annotation_link.progress.connect(lambda progress: totals.append(progress.total))
    win.open_path(corpus_folder)
    for _ in range(4):  # browse while the worker is busy: each view asks for its document first
        window_commands.go_next_document(win)
        window_commands.go_previous_document(win)
    qtbot.waitUntil(lambda: len(totals) == 3, timeout=60_000)
    # Each document once: three reports, the last of three documents, none of more. The documents
    # shown are counted as they are asked for, the others when the store has said which need the
    # engine; a document shown can be done before that, with two of them known ([2, 2, 3]).
    assert len(totals) == 3 and totals[-1] == 3 and max(totals) == 3 and totals == sorted(totals)
    assert "Entities ready for 3 documents" in win.statusBar().currentMessage()


def test_an_empty_document_says_there_is_no_text(
    make_window: Callable[..., MainWindow], write_corpus: Callable[..., Path], qtbot: QtBot
) -> None:
    folder = write_corpus({"empty.txt": b"   \n"})
    win = make_window()
    with qtbot.waitSignal(win.highlightsShown, timeout=30_000):
        win.open_path(folder)
    assert "no text to annotate" in win.header.meta.text()
    assert "0 entities" not in win.header.meta.text()


def test_zoom_out_stops_at_a_readable_size(window: MainWindow, qtbot: QtBot) -> None:
    for _ in range(10):
        qtbot.keyClick(window.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.view.font().pointSizeF() >= 8
    assert window.statusBar().currentMessage().startswith("Text size")


def test_start_location_prefers_the_command_line_then_the_last_folder_then_the_seeds(
    make_window: Callable[..., MainWindow], settings_path: Path, corpus_folder: Path, tmp_path: Path
) -> None:
    from gui.core.model.resource_files import seeds_folder

    assert make_window().start_location(None) == (seeds_folder(), None)
    settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
    settings.setValue("corpus/lastFolder", str(corpus_folder))
    settings.setValue("corpus/lastDocument", "apple")
    settings.sync()
    win = make_window()
    assert win.start_location(None) == (corpus_folder, "apple")
    assert win.start_location(corpus_folder) == (corpus_folder, "apple")
    other = tmp_path / "other"
    other.mkdir()
    assert win.start_location(other) == (other, None)
    settings.setValue("corpus/lastFolder", str(tmp_path / "gone"))
    settings.sync()
    assert make_window().start_location(None) == (seeds_folder(), None)


def test_the_window_is_usable_while_the_model_loads(
    make_window: Callable[..., MainWindow], corpus_folder: Path, qtbot: QtBot, engine: Engine
) -> None:
    import threading

    release = threading.Event()

    def slow_loader() -> Engine:
        assert release.wait(30)
        return engine

    win = make_window(slow_loader)
    win.open_path(corpus_folder)
    # The text is on screen and the keyboard works before there is any model.
    assert "Angela Merkel" in win.view.toPlainText()
    assert "entities pending" in win.header.meta.text()
    qtbot.keyClick(win.sidebar, Qt.Key.Key_Down)
    assert win.windowTitle() == f"{SEED_NAME} — corpus — Seedview"
    with qtbot.waitSignal(win.highlightsShown, timeout=60_000) as shown:
        release.set()
    assert shown.args == [SEED_NAME.removesuffix(".txt")]
    assert win.view.spans


def test_the_focused_pane_has_a_visible_frame(window: MainWindow, qapp: QApplication) -> None:
    from gui.widgets.runtime.style import apply_style

    apply_style(qapp)
    try:
        highlight = window.sidebar.palette().color(window.sidebar.palette().ColorRole.Highlight)
        for pane in (window.sidebar, window.view, window.legend, window.filter_edit):
            pane.setFocus()
            QApplication.processEvents()
            image = pane.grab().toImage()
            frame = image.pixelColor(0, image.height() // 2)
            assert frame == highlight, pane.objectName()
        window.sidebar.setFocus()
        QApplication.processEvents()
        image = window.view.grab().toImage()
        assert image.pixelColor(0, image.height() // 2) != highlight
    finally:
        qapp.setStyleSheet("")


def test_find_in_document_frames_every_match_and_steps_by_keyboard(
    window: MainWindow, qtbot: QtBot
) -> None:
    show_document(window, qtbot, SEED_NAME)
    window_commands.focus_text(window)
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.find_bar
    assert bar.isVisible() and bar.edit.hasFocus()
    qtbot.keyClicks(bar.edit, "haftar")
    text = window.view.toPlainText()
    assert bar.match_count == text.lower().count("haftar") == 6
    assert len(window.view.find_matches) == 6
    assert window.view.textCursor().selectedText() == "Haftar"
    assert bar.count_label.text() == "1 of 6"
    first = window.view.textCursor().selectionStart()
    # The entity colour is still there under the framed match.
    assert background_at(window, first) == QColor(Palette.load().style("PERSON").background)
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert bar.count_label.text() == "2 of 6"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count_label.text() == "1 of 6"
    qtbot.keyClick(bar.edit, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count_label.text() == "6 of 6"  # wraps around
    qtbot.keyClick(bar.edit, Qt.Key.Key_F3)
    assert window.view.textCursor().selectionStart() == first
    window.filter_edit.setFocus()
    qtbot.keyClick(window.filter_edit, Qt.Key.Key_F3)  # F3 works from anywhere in the window
    assert bar.count_label.text() == "2 of 6"
    bar.edit.setFocus()
    qtbot.keyClicks(bar.edit, "zzz")
    assert bar.count_label.text() == "No matches" and window.view.find_matches == []
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible() and window.view.hasFocus()
    assert window.view.find_matches == []


def test_find_follows_the_document_shown(window: MainWindow, qtbot: QtBot) -> None:
    window_commands.open_find(window)
    qtbot.keyClicks(window.find_bar.edit, "merkel")
    assert window.find_bar.match_count == 2
    show_document(window, qtbot, SEED_NAME)
    assert window.find_bar.match_count == 0
    assert window.find_bar.count_label.text() == "No matches"


def test_quick_open_by_keyboard_and_back_and_forward(window: MainWindow, qtbot: QtBot) -> None:
    from gui.widgets.panels.quick_open import QuickOpenDialog

    window_commands.focus_text(window)
    qtbot.keyClick(window.view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(QuickOpenDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.edit, "aple")  # a fuzzy query: letters in order
    assert dialog.model.entry_at(0).name == "apple.txt"  # the best match first
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert window.windowTitle() == "apple.txt — corpus — Seedview"
    assert window.view.hasFocus()

    qtbot.keyClick(window.view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChildren(QuickOpenDialog)[-1]
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Down)  # arrows move in the list while typing
    assert dialog.results.currentIndex().row() == 1
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert window.windowTitle() == f"{SEED_NAME} — corpus — Seedview"

    qtbot.keyClick(window.view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.windowTitle() == "apple.txt — corpus — Seedview"
    qtbot.keyClick(window.view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.windowTitle() == "merkel.txt — corpus — Seedview"
    qtbot.keyClick(window.view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.statusBar().currentMessage() == "Nowhere further to go"
    qtbot.keyClick(window.view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.windowTitle() == "apple.txt — corpus — Seedview"


def test_jumps_remember_the_position_in_the_text(window: MainWindow, qtbot: QtBot) -> None:
    show_document(window, qtbot, SEED_NAME)
    text = window.view.toPlainText()
    tripoli = text.index("Tripoli")
    assert window.jumps.jump_to(SEED_NAME.removesuffix(".txt"), tripoli, tripoli + 7)
    assert window.view.textCursor().selectedText() == "Tripoli"
    assert window.jumps.jump_to("apple")
    window.jumps.go_back()
    location = window.jumps.location()
    assert location is not None and location.position == tripoli
    assert not window.jumps.jump_to("no-such-document")


def test_every_keyboard_reachable_widget_has_an_accessible_name(window: MainWindow) -> None:
    from PySide6.QtWidgets import QWidget

    reachable = [
        widget
        for widget in window.findChildren(QWidget)
        if widget.isVisible()
        and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        and type(widget).__name__ not in ("QToolButton", "QPushButton")  # named by their text
    ]
    assert len(reachable) >= 5  # the filter, the list, the text, the legend, the entity panel
    assert [f"{type(w).__name__}#{w.objectName()}" for w in reachable if not w.accessibleName()] == []


def test_the_worker_starts_once_the_window_is_painted_and_never_after_it_closed(
    corpus_folder: Path, settings_path: Path, cache_path: Path, engine: Engine, qtbot: QtBot,
) -> None:
    def new_window(starts_at_latest_ms: int) -> MainWindow:
        window = MainWindow(QSettings(str(settings_path), QSettings.Format.IniFormat), cache_path,
                            lambda: engine, starts_at_latest_ms=starts_at_latest_ms)
        qtbot.addWidget(window)
        return window

    # Only the first paint can start it: the fallback is far off.
    window = new_window(600_000)
    window.open_path(corpus_folder)
    qtbot.wait(50)
    assert not window.worker_started  # built and not painted: nothing runs beside it
    window.show()
    qtbot.waitUntil(lambda: window.worker_started, timeout=10_000)
    qtbot.waitUntil(window.indexing_done, timeout=60_000)
    window.close()

    # A window never painted starts it after a moment; one closed before then, never.
    unseen = new_window(20)
    qtbot.waitUntil(lambda: unseen.worker_started, timeout=10_000)
    unseen.close()
    closed = new_window(20)
    closed.close()
    qtbot.wait(200)
    assert not closed.worker_started


@pytest.fixture
def unpainted_window(
    settings_path: Path, cache_path: Path, engine: Engine, qtbot: QtBot,
) -> MainWindow:
    """A window built and not shown: only its first paint makes its actions (the fallback for a
    window never painted is far off)."""
    window = MainWindow(QSettings(str(settings_path), QSettings.Format.IniFormat), cache_path,
                        lambda: engine, starts_at_latest_ms=600_000)
    qtbot.addWidget(window)
    return window


def test_the_menus_have_their_titles_at_once_and_their_commands_after_the_first_paint(
    unpainted_window: MainWindow, qtbot: QtBot
) -> None:
    window = unpainted_window
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles == ["&File", "&Edit", "&Go", "&Search", "&Review", "&Correct", "&View", "&Help"]
    assert not window.window_actions.made  # nothing for the first screen to wait for
    window.show()
    qtbot.waitUntil(lambda: window.window_actions.made, timeout=10_000)
    menus = list(window.window_actions.menus.values())
    assert [menu.menuAction() for menu in menus] == window.menuBar().actions()
    texts = [action.text() for action in menus[0].actions()]
    assert texts[:3] == ["&Open Folder…", "Open &File…", "Open &Recent"]
    assert sum(len(menu.actions()) for menu in menus) == len(COMMANDS) + 1  # and Open Recent


def test_a_shortcut_pressed_before_the_commands_are_made_works(
    unpainted_window: MainWindow, qtbot: QtBot
) -> None:
    window = unpainted_window
    window.hold_start()  # as if the keys came before the first paint
    with qtbot.waitActive(window):
        window.show()
    window.view.setFocus()
    assert not window.window_actions.made
    qtbot.keyClick(window.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.window_actions.made
    assert window.filter_edit.hasFocus()


def test_results_for_the_last_folder_never_go_into_the_store_of_the_next(
    make_window: Callable[..., MainWindow], corpus_folder: Path, tmp_path: Path, qtbot: QtBot,
) -> None:
    # A folder opened in the very turn that a document of the last one is reported (its first
    # highlights, from the worker: the cache is empty): the last folder's results, still to come,
    # go nowhere.
    other = tmp_path / "other"
    other.mkdir()
    (other / "police.txt").write_text("Mayor Adams spoke in Boston.\n", encoding="utf-8")
    window = make_window()
    opened: list[str] = []

    def open_the_other_one(doc_id: str) -> None:
        if not opened:
            opened.append(doc_id)
            window.open_path(other)

    window.highlightsShown.connect(open_the_other_one)
    window.open_path(corpus_folder)
    qtbot.waitUntil(lambda: bool(opened), timeout=60_000)
    qtbot.waitUntil(window.indexing_done, timeout=60_000)
    qtbot.wait(100)
    assert sorted(stored_counts(window)) == ["police"]
    assert searched(window, "Boston") == ["police"] and not searched(window, "Merkel")

    window.open_path(corpus_folder)
    qtbot.waitUntil(window.indexing_done, timeout=60_000)
    counts = stored_counts(window)
    assert sorted(counts) == sorted(["apple", SEED_NAME.removesuffix(".txt"), "merkel"])
    assert searched(window, "Merkel") == ["merkel"] and counts["merkel"] > 0


def test_checkable_commands_show_their_state_when_their_actions_are_made(
    unpainted_window: MainWindow,
) -> None:
    window = unpainted_window
    engine_comparison.toggle_engine_comparison(window)  # before the actions exist
    window_commands.set_label_cue(window, True)
    assert not window.window_actions.made
    checked = {command_id for command_id, action in window.actions_by_id.items() if action.isChecked()}
    assert checked == {"compare_engine", "label_cue", "document_list", "entity_panel"}  # panes shown


def test_the_panel_says_how_many_documents_of_the_folder_mention_each_entity(
    window: MainWindow, qtbot: QtBot
) -> None:
    qtbot.waitUntil(window.indexing_done, timeout=60_000)
    model = window.entity_panel_model
    qtbot.waitUntil(lambda: not window.store.answering, timeout=10_000)
    tips = [
        tooltip_lines(model.index(row, 0, model.index(top, 0)))[0]
        for top in range(model.rowCount())
        for row in range(model.rowCount(model.index(top, 0)))
    ]
    assert tips and all("document of the folder" in tip or "documents of the folder" in tip for tip in tips)
    merkel = next(tip for tip in tips if tip.startswith("Angela Merkel (PERSON)"))
    assert "in 1 document of the folder" in merkel
