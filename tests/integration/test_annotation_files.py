"""Opening what other tools produce: brat folders and JSON Lines files, overlapping spans, the
comparison with the engine, and File ▸ Export, all driven by keyboard."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gui.core.corpus.corpus import Corpus
from gui.core.model.document import Source
from gui.widgets.dialogs.export_dialog import ExportDialog
from gui.widgets.window.main_window import MainWindow

# "New York City Police Department" carries four spans: the whole, "New York City", "New York"
# and "York"; "Department" has none of its own.
POLICE = "date 2021-03-04\nThe New York City Police Department thanked Ana Lopez.\n"
POLICE_ANN = (
    "T1\tORG 20 51\tNew York City Police Department\n"
    "T2\tGPE 20 33\tNew York City\n"
    "T3\tGPE 20 28\tNew York\n"
    "T4\tLOC 24 28\tYork\n"
    "T5\tPERSON 60 69\tAna Lopez\n"
    "#1\tAnnotatorNotes T5\tthe spokesperson\n"
    "T6\tORG 1000 1004\tnope\n"
)


@pytest.fixture
def brat_folder(write_corpus: Callable[[dict[str, str | bytes]], Path]) -> Path:
    return write_corpus(
        {
            "police.txt": POLICE,
            "police.ann": POLICE_ANN,
            "plain.txt": "Apple opened a store in Berlin.\n",
            "annotation.conf": "[entities]\nORG\nGPE\nLOC\nPERSON\nProtein\n",
            "visual.conf": (
                "[labels]\nProtein | Protein molecule | Prot\n[drawing]\nProtein\tbgColor:#1f3a93\n"
            ),
        }
    )


def open_and_wait(window: MainWindow, path: Path, qtbot: QtBot, name: str | None = None) -> None:
    with qtbot.waitSignal(window.highlightsShown, timeout=60_000):
        window.open_path(path, name)
    # The entity panel lists the document a moment later if the store has not answered yet.
    qtbot.waitUntil(lambda: not window.entity_panel_model.stale)
    # Offscreen, nothing activates a window for its shortcuts to work: do it as a user's click would.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def test_a_brat_folder_steps_through_nested_spans_by_keyboard(
    make_window: Callable[..., MainWindow], brat_folder: Path, qtbot: QtBot
) -> None:
    window = make_window()
    open_and_wait(window, brat_folder, qtbot, "police.txt")
    body = window.current_document.body if window.current_document else ""
    assert window.current_document is not None
    assert window.current_document.entity_source is Source.BRAT
    # The bad line is reported with its line number, and the good ones still load.
    assert "police.ann line 7" in window.header.notice.text()
    assert "(brat)" in window.header.meta.text()
    assert len(window.view.spans) == 5
    window.view.setFocus()
    visited = []
    for _ in range(5):
        qtbot.keyClick(window.view, Qt.Key.Key_F8)
        cursor = window.view.textCursor()
        visited.append((cursor.selectedText(), window.view.span_at_caret().label))  # type: ignore[union-attr]
    assert visited == [
        ("New York City Police Department", "ORG"),
        ("New York City", "GPE"),
        ("New York", "GPE"),
        ("York", "LOC"),
        ("Ana Lopez", "PERSON"),
    ]
    # Back again, one span at a time, through the nest.
    qtbot.keyClick(window.view, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert window.view.textCursor().selectedText() == "York"
    qtbot.keyClick(window.view, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert window.view.textCursor().selectedText() == "New York"
    # Every span over "York" is listed at the caret, each with its own layer of bars.
    york = body.index("York")
    covering = window.view.spans_at(york + 1)
    assert [span.label for span in covering] == ["ORG", "GPE", "GPE", "LOC"]
    assert sorted(span.layer for span in covering) == [0, 1, 2, 3]
    tooltip = window.view.tooltip_for(covering)
    assert all(label in tooltip for label in ("ORG", "GPE", "LOC"))
    # The status bar says there is more than one entity at the caret.
    assert "more entities here" in window.caret_label.text()


def test_a_note_from_the_ann_file_shows_in_the_tooltip(
    make_window: Callable[..., MainWindow], brat_folder: Path, qtbot: QtBot
) -> None:
    window = make_window()
    open_and_wait(window, brat_folder, qtbot, "police.txt")
    person = next(span for span in window.view.spans if span.label == "PERSON")
    assert "the spokesperson" in window.view.tooltip_for([person])


def test_brat_configuration_names_and_colours_types_readably(
    make_window: Callable[..., MainWindow], brat_folder: Path, qtbot: QtBot
) -> None:
    from gui.core.colours.palette import WCAG_AA_NORMAL_TEXT, contrast_ratio

    window = make_window()
    open_and_wait(window, brat_folder, qtbot, "police.txt")
    style = window.entity_palette.style("Protein")
    assert style.description == "Protein molecule"
    assert contrast_ratio(style.background, style.text) >= WCAG_AA_NORMAL_TEXT
    # The dark blue keeps its hue: the text turns light rather than the colour changing.
    assert style.background == "#1f3a93" and style.text == "#ffffff"
    assert window.entity_palette.labels[:5] == ["ORG", "GPE", "LOC", "PERSON", "Protein"]


def test_documents_without_a_sidecar_still_go_to_the_engine(
    make_window: Callable[..., MainWindow], brat_folder: Path, qtbot: QtBot
) -> None:
    window = make_window()
    open_and_wait(window, brat_folder, qtbot, "plain.txt")
    assert window.shows("plain.txt")
    qtbot.waitUntil(
        lambda: "from engine" in window.header.meta.text() or "from cache" in window.header.meta.text(),
        timeout=60_000,
    )


def test_comparing_with_the_engine_shows_its_entities_and_the_difference(
    make_window: Callable[..., MainWindow], brat_folder: Path, qtbot: QtBot
) -> None:
    window = make_window()
    open_and_wait(window, brat_folder, qtbot, "police.txt")
    window.view.setFocus()
    with qtbot.waitSignal(window.highlightsShown, timeout=60_000):
        qtbot.keyClick(window.view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.actions_by_id["compare_engine"].isChecked()
    meta = window.header.meta.text()
    assert "compared:" in meta and "only in police.ann" in meta
    assert window.shown_document is not None
    assert window.current_document is not None
    # The engine's entities are shown, not the file's (the engine finds no LOC "York" here).
    assert window.shown_document.entities != window.current_document.entities
    assert len(window.view.spans) == len(window.shown_document.entities)
    # Off again: the file's five spans are back.
    qtbot.keyClick(window.view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert len(window.view.spans) == 5
    assert "(brat)" in window.header.meta.text()


def test_a_jsonl_file_opens_as_a_corpus_of_its_records(
    make_window: Callable[..., MainWindow], tmp_path: Path, qtbot: QtBot
) -> None:
    records = [
        {
            "id": "a",
            "date": "2020-02-02",
            "text": "Ana Lopez visited Lima.",
            "ents": [{"start": 0, "end": 9, "label": "PERSON"}, {"start": 18, "end": 22, "label": "GPE"}],
        },
        {"text": "Doccano says ACME hired Bo.", "label": [[13, 17, "ORG"], [24, 26, "PERSON"]]},
    ]
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    window = make_window()
    open_and_wait(window, path, qtbot)
    assert window.corpus is not None and len(window.corpus) == 2
    assert window.shows("a")  # dated, so listed first
    assert [(s.start, s.end, s.label) for s in window.view.spans] == [(0, 9, "PERSON"), (18, 22, "GPE")]
    assert "JSON Lines" in window.header.meta.text()
    window.sidebar.setFocus()
    with qtbot.waitSignal(window.highlightsShown, timeout=10_000):
        qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)
    assert [s.label for s in window.view.spans] == ["ORG", "PERSON"]


def choose_format(dialog: ExportDialog, fmt: str, qtbot: QtBot) -> None:
    """Choose an export format by keyboard: Up to the first, then Down to the one wanted."""
    box = dialog.format_box
    for _ in range(box.count()):
        qtbot.keyClick(box, Qt.Key.Key_Up)
    for _ in range(box.count()):
        if box.currentData() == fmt:
            break
        qtbot.keyClick(box, Qt.Key.Key_Down)
    assert box.currentData() == fmt


EXPORT_KEYS = {"export_document": Qt.KeyboardModifier.ControlModifier,  # Ctrl+S
               "export_folder": Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier}


def export_with_dialog(window: MainWindow, command: str, fmt: str, destination: Path, qtbot: QtBot) -> None:
    """Export by keyboard: Ctrl+S (or Ctrl+Shift+S), the format chosen with Down, the path typed."""
    window.activateWindow()  # back from an earlier dialog, as a window manager would do
    qtbot.waitUntil(window.isActiveWindow)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_S, EXPORT_KEYS[command])
    dialog = window.findChild(ExportDialog)
    assert dialog is not None and dialog.isVisible()
    choose_format(dialog, fmt, qtbot)
    dialog.path_edit.setText(str(destination))
    with qtbot.waitSignal(window.exports.runner.finished, timeout=60_000):
        qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)


def test_export_of_a_brat_folder_round_trips_through_jsonl_and_brat(
    make_window: Callable[..., MainWindow], brat_folder: Path, tmp_path: Path, qtbot: QtBot
) -> None:
    window = make_window()
    open_and_wait(window, brat_folder, qtbot, "police.txt")
    qtbot.waitUntil(window.indexing_done, timeout=60_000)
    before = {entry.id: window.corpus.load(entry).entities for entry in window.corpus}  # type: ignore[union-attr]
    export_with_dialog(window, "export_folder", "brat", tmp_path / "out-brat", qtbot)
    export_with_dialog(window, "export_folder", "jsonl", tmp_path / "out.jsonl", qtbot)
    assert before["police"] and not before["plain"]  # the engine's document has none of its own
    before["plain"] = window.annotations_snapshot()["plain"].entities
    assert before["plain"]
    for exported in (tmp_path / "out-brat", tmp_path / "out.jsonl"):
        corpus = Corpus.open(exported)
        for entry in corpus:
            entities = corpus.load(entry).entities
            assert [(e.start, e.end, e.label) for e in entities] == [
                (e.start, e.end, e.label) for e in before[entry.id]
            ], (exported, entry.id)
    assert "Exported 2 documents" in window.statusBar().currentMessage()


def test_export_refuses_the_folder_being_read(
    make_window: Callable[..., MainWindow], brat_folder: Path, qtbot: QtBot
) -> None:
    window = make_window()
    open_and_wait(window, brat_folder, qtbot, "police.txt")
    before = sorted(p.name for p in brat_folder.iterdir())
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(ExportDialog)
    assert dialog is not None
    choose_format(dialog, "html", qtbot)
    dialog.path_edit.selectAll()
    qtbot.keyClicks(dialog.path_edit, str(brat_folder / "pages"))
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert "the folder being read" in dialog.error_label.text()
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    QApplication.processEvents()
    assert sorted(p.name for p in brat_folder.iterdir()) == before


def test_export_of_the_document_shown_writes_one_html_page(
    make_window: Callable[..., MainWindow], brat_folder: Path, tmp_path: Path, qtbot: QtBot
) -> None:
    window = make_window()
    open_and_wait(window, brat_folder, qtbot, "police.txt")
    export_with_dialog(window, "export_document", "html", tmp_path / "page", qtbot)
    pages = sorted(p.name for p in (tmp_path / "page").iterdir())
    assert pages == ["police.html"]
    text = (tmp_path / "page" / "police.html").read_text(encoding="utf-8")
    assert "Ana Lopez" in text and "the spokesperson" in text  # the note travels in the title


def test_hostile_labels_and_texts_stay_text_in_every_tooltip(
    make_window: Callable[..., MainWindow],
    write_corpus: Callable[[dict[str, str | bytes]], Path],
    qtbot: QtBot,
) -> None:
    folder = write_corpus(
        {"evil.txt": "<b>Bold</b> words\n", "evil.ann": "T1\t<i>Kind</i> 0 11\t<b>Bold</b>\n"}
    )
    window = make_window()
    open_and_wait(window, folder, qtbot)
    from PySide6.QtGui import QTextDocumentFragment

    def shown(html: str) -> str:
        return QTextDocumentFragment.fromHtml(html).toPlainText()

    legend_tip = window.legend_model.index(0).data(Qt.ItemDataRole.ToolTipRole)
    assert shown(legend_tip).startswith("<i>Kind</i>:")
    type_row = window.entity_panel_model.index(0, 0)
    entity_row = window.entity_panel_model.index(0, 0, type_row)
    assert "<b>Bold</b> (<i>Kind</i>)" in shown(entity_row.data(Qt.ItemDataRole.ToolTipRole))
    assert shown(type_row.data(Qt.ItemDataRole.ToolTipRole)).startswith("<i>Kind</i>:")
    assert "<b>Bold</b> words" in shown(window.filter_model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole))
    assert "<b>Bold</b>" in shown(window.view.tooltip_for(window.view.spans))


def test_rows_of_bars_make_room_on_their_lines_even_after_emoji(
    make_window: Callable[..., MainWindow],
    write_corpus: Callable[[dict[str, str | bytes]], Path],
    qtbot: QtBot,
) -> None:
    text = "😀😀 The New York City Police Department spoke.\nA plain line.\n"
    start = text.index("New")  # code points; the stored file counts the same way
    ann = (
        f"T1\tORG {start} {start + 31}\tNew York City Police Department\n"
        f"T2\tGPE {start} {start + 13}\tNew York City\n"
        f"T3\tGPE {start} {start + 8}\tNew York\n"
        f"T4\tLOC {start + 4} {start + 8}\tYork\n"
    )
    folder = write_corpus({"emoji.txt": text, "emoji.ann": ann})
    window = make_window()
    open_and_wait(window, folder, qtbot)
    document = window.view.document()
    room = window.view.bar_room
    # Room goes on spaces only: with the emoji's surrogate pairs before, positions still agree.
    assert room and all(document.characterAt(p) == " " for p, _ in room)
    window.view.viewport().repaint()  # highlights, and the room they make, are applied when painted
    first, second = document.firstBlock(), document.firstBlock().next()
    # (A layout without lines would crash lineAt in the binding: check before asking.)
    assert first.layout().lineCount() and second.layout().lineCount()
    assert first.layout().lineAt(0).height() >= second.layout().lineAt(0).height() + 4 * 4


def test_f8_visits_two_annotations_of_the_same_words(
    make_window: Callable[..., MainWindow],
    write_corpus: Callable[[dict[str, str | bytes]], Path],
    qtbot: QtBot,
) -> None:
    folder = write_corpus(
        {
            "twice.txt": "Paris and Rome.\n",
            "twice.ann": "T1\tGPE 0 5\tParis\nT2\tGPE 0 5\tParis\n#1\tAnnotatorNotes T2\tsecond opinion\n"
            "T3\tGPE 10 14\tRome\n",
        }
    )
    window = make_window()
    open_and_wait(window, folder, qtbot)
    window.view.setFocus()
    notes = []
    for _ in range(3):
        qtbot.keyClick(window.view, Qt.Key.Key_F8)
        span = window.view.span_at_caret()
        assert span is not None
        notes.append((window.view.textCursor().selectedText(), span.note))
    assert notes == [("Paris", ""), ("Paris", "second opinion"), ("Rome", "")]


def test_a_document_is_not_exported_before_its_entities_are_known(
    make_window: Callable[..., MainWindow],
    write_corpus: Callable[[dict[str, str | bytes]], Path],
    qtbot: QtBot,
) -> None:
    from gui.core.engine.engine import Engine, EngineError

    def never() -> Engine:
        raise EngineError("no engine in this test")

    folder = write_corpus({"a.txt": "Ana Lopez visited Lima.\n"})
    window = make_window(never)
    window.open_path(folder)
    qtbot.waitUntil(lambda: bool(window.engine_problem), timeout=10_000)
    window.activateWindow()  # offscreen, nothing activates it for its shortcuts to work
    qtbot.waitUntil(window.isActiveWindow)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert window.findChild(ExportDialog) is None
    assert "not known yet" in window.statusBar().currentMessage()


def test_every_notice_is_listed_by_keyboard_and_types_go_by_their_display_names(
    make_window: Callable[..., MainWindow],
    write_corpus: Callable[[dict[str, str | bytes]], Path],
    qtbot: QtBot,
) -> None:
    from gui.widgets.dialogs.notices_dialog import NoticesDialog

    bad_lines = "".join(f"T{n}\tORG 500 510\tnothing\n" for n in range(2, 9))
    folder = write_corpus(
        {
            "many.txt": "Acme makes proteins.\n",
            "many.ann": "T1\tProtein_domain 0 4\tAcme\n" + bad_lines,
            "visual.conf": "[labels]\nProtein_domain | Protein domain | Dom\n",
        }
    )
    window = make_window()
    open_and_wait(window, folder, qtbot)
    assert "7 more problems" not in window.header.notice.text()
    assert "(Ctrl+I lists them all)" in window.header.notice.text()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(NoticesDialog)
    assert dialog is not None and dialog.focusWidget() is dialog.text  # ready to read and copy
    assert dialog.text.toPlainText().count("many.ann line") == 7
    dialog.reject()
    assert window.legend_model.index(0).data() == "Protein domain  1"
    assert window.entity_panel_model.index(0, 0).data() == "Protein domain  1"


def test_stepping_past_the_last_entity_says_it_wrapped_around(
    make_window: Callable[..., MainWindow], brat_folder: Path, qtbot: QtBot
) -> None:
    window = make_window()
    open_and_wait(window, brat_folder, qtbot, "police.txt")
    window.view.setFocus()
    for _ in range(5):
        qtbot.keyClick(window.view, Qt.Key.Key_F8)
    assert "Wrapped" not in window.statusBar().currentMessage()
    qtbot.keyClick(window.view, Qt.Key.Key_F8)
    assert window.view.textCursor().selectedText() == "New York City Police Department"
    assert "Wrapped around to the first entity" in window.statusBar().currentMessage()
