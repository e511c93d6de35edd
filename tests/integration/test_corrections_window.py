"""Entity corrections in the window, by keyboard (issue 15): each one shows at once in the
highlights, the entity panel, the legend, the entity filter and the exports, and Ctrl+Z undoes
it (Ctrl+Shift+Z redoes). Entities come from brat files: no engine is needed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gui.core.model.offsets import OffsetMap
from gui.widgets.corrections.choice_dialog import ChoiceDialog
from gui.widgets.corrections.correction_commands import corrections_of
from gui.widgets.corrections.corrections_view import CorrectionsView
from gui.widgets.panels.legend import CountRole, LabelRole
from gui.widgets.window.main_window import MainWindow
from tests.integration.test_annotation_files import export_with_dialog
from tests.integration.test_corpus_navigation import annotated
from tests.integration.test_resolved_entities import blair_and_yukos, brat

CTRL, SHIFT, ALT = (Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier,
                    Qt.KeyboardModifier.AltModifier)  # fmt: skip
NONE = Qt.KeyboardModifier.NoModifier


def resolved_window(
    make_window: Callable[..., MainWindow], write_corpus: Callable[..., Path], qtbot: QtBot
) -> MainWindow:
    """A window on the Blair and Yukos articles, once its store holds them all, resolved."""
    window = annotated(make_window(), write_corpus(blair_and_yukos()), qtbot)
    qtbot.waitUntil(window.store.complete, timeout=60_000)  # resolved too
    return window


@pytest.fixture
def corrected(
    make_window: Callable[..., MainWindow], write_corpus: Callable[..., Path], qtbot: QtBot
) -> MainWindow:
    """A window on the Blair and Yukos articles, resolved, showing "tax" (Yukos ×3, as PERSON)."""
    window = resolved_window(make_window, write_corpus, qtbot)
    assert window.jumps.jump_to("tax", 0, 5)  # the caret on the first Yukos
    window.view.setFocus()
    return window


def select_by_keyboard(window: MainWindow, qtbot: QtBot, word: str) -> None:
    """Select the first `word` of the text shown by Shift+Right from its start."""
    current = window.session.current
    assert current is not None
    start = current.body.index(word)
    window.view.select_range(start, start)
    for _ in word:
        qtbot.keyClick(window.view, Qt.Key.Key_Right, SHIFT)


def labelled(window: MainWindow) -> list[tuple[str, str]]:
    """The highlights: (text, label) in text order."""
    current = window.session.current
    assert current is not None
    offsets = OffsetMap(current.body)
    return [(current.body[offsets.to_code_point(s.start) : offsets.to_code_point(s.end)], s.label)
            for s in window.view.spans]  # fmt: skip


def panel(window: MainWindow) -> dict[str, list[str]]:
    """The entity panel: each type's entities' names."""
    model = window.entity_panel_model
    found = {}
    for row in range(model.rowCount()):
        top = model.index(row, 0)
        found[str(top.data(Qt.ItemDataRole.UserRole + 2))] = [
            model.index(child, 0, top).data().split("  ")[0] for child in range(model.rowCount(top))]
    return found


def press(window: MainWindow, qtbot: QtBot, key: Qt.Key, modifiers: Qt.KeyboardModifier = NONE) -> None:
    """A key of the window's, pressed where the focus is, until the window shows the change."""
    with qtbot.waitSignal(corrections_of(window).applied, timeout=20_000):
        qtbot.keyClick(QApplication.focusWidget() or window.view, key, modifiers)
    qtbot.waitUntil(window.document_panels.settled, timeout=10_000)  # the panel, as the store says


def choose(window: MainWindow, qtbot: QtBot, key: Qt.Key, modifiers: Qt.KeyboardModifier, typed: str) -> None:
    """Press a key that asks for a choice, type it, and Enter; wait until it shows."""
    qtbot.keyClick(window.view, key, modifiers)
    dialog = window.findChild(ChoiceDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.edit, typed)
    qtbot.waitUntil(lambda: dialog.proxy.rowCount() > 0, timeout=10_000)  # the choices that fit
    with qtbot.waitSignal(corrections_of(window).applied, timeout=20_000):
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(window.document_panels.settled, timeout=10_000)
    back_to_text(window, qtbot)


def back_to_text(window: MainWindow, qtbot: QtBot) -> None:
    """The window active again after a dialog, the focus in the text (the window's keys work)."""
    window.activateWindow()
    window.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)


def legend(window: MainWindow) -> dict[str, int]:
    """The legend's types and counts."""
    model = window.legend_model
    rows = [model.index(row) for row in range(model.rowCount())]
    return {index.data(LabelRole): index.data(CountRole) for index in rows}


def test_relabel_everywhere_shows_at_once_and_undo_redo_it(
    corrected: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    window = corrected
    assert labelled(window) == [("Yukos", "PERSON")] * 3
    choose(window, qtbot, Qt.Key.Key_F2, NONE, "org")
    assert labelled(window) == [("Yukos", "ORG")] * 3
    assert panel(window) == {"ORG": ["Yukos"]}
    assert legend(window) == {"ORG": 3}
    assert "the model said PERSON" in window.view.tooltip_for(window.view.spans[:1])  # the model's own
    # The legend's filter takes the new type: Ctrl+H hides the type at the caret, F8 finds none.
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_H, CTRL)
    assert window.legend_model.hidden_types == {"ORG"}
    assert all(span.label != "ORG" for span in window.view.visible_spans()) if hasattr(
        window.view, "visible_spans") else True
    qtbot.keyClick(window.view, Qt.Key.Key_H, CTRL | SHIFT)  # every type shown again
    assert not window.legend_model.hidden_types
    # The export writes the corrected labels, without the note.
    export_with_dialog(window, "export_document", "jsonl", tmp_path / "tax.jsonl", qtbot)
    record = json.loads((tmp_path / "tax.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert [(entity["label"], entity.get("note")) for entity in record["ents"]] == [("ORG", None)] * 3
    # Undo and redo, by keyboard, the focus in the text.
    back_to_text(window, qtbot)
    press(window, qtbot, Qt.Key.Key_Z, CTRL)
    assert labelled(window) == [("Yukos", "PERSON")] * 3
    assert legend(window) == {"PERSON": 3}
    press(window, qtbot, Qt.Key.Key_Z, CTRL | SHIFT)
    assert labelled(window) == [("Yukos", "ORG")] * 3
    press(window, qtbot, Qt.Key.Key_Z, CTRL)
    press(window, qtbot, Qt.Key.Key_Y, CTRL)
    assert labelled(window) == [("Yukos", "ORG")] * 3


def test_a_mention_relabelled_alone_reject_and_add(corrected: MainWindow, qtbot: QtBot) -> None:
    window = corrected
    choose(window, qtbot, Qt.Key.Key_F2, SHIFT, "GPE")  # the first Yukos only
    assert labelled(window) == [("Yukos", "GPE"), ("Yukos", "PERSON"), ("Yukos", "PERSON")]
    press(window, qtbot, Qt.Key.Key_Z, CTRL)
    assert labelled(window) == [("Yukos", "PERSON")] * 3
    window.view.setFocus()
    press(window, qtbot, Qt.Key.Key_X, CTRL | ALT)  # Yukos is never an entity
    assert labelled(window) == []
    assert panel(window) == {} and legend(window) == {}
    press(window, qtbot, Qt.Key.Key_Z, CTRL)
    assert labelled(window) == [("Yukos", "PERSON")] * 3
    # Select "taxes" by keyboard and add it everywhere as a LAW.
    select_by_keyboard(window, qtbot, "taxes")
    choose(window, qtbot, Qt.Key.Key_A, CTRL | ALT, "LAW")
    assert ("taxes", "LAW") in labelled(window)
    assert legend(window) == {"PERSON": 3, "LAW": 1}


def test_merge_changes_the_entity_filter_and_split_the_corpus_table(
    corrected: MainWindow, qtbot: QtBot
) -> None:
    from gui.core.corpus.store_entities import entities

    window = corrected

    def mentioning() -> int:
        window.view.setFocus()
        window.jumps.jump_to("tax", 0, 5)
        qtbot.keyClick(window.view, Qt.Key.Key_E, CTRL)
        qtbot.waitUntil(window.document_pane.has_entity_filter, timeout=10_000)
        count = window.filter_model.rowCount()
        window.sidebar.setFocus()
        qtbot.keyClick(window.sidebar, Qt.Key.Key_Escape)
        assert not window.document_pane.has_entity_filter()
        return count

    assert mentioning() == 2  # tax, shares
    choose(window, qtbot, Qt.Key.Key_M, CTRL | ALT, "Tony")  # Yukos is Tony Blair (a test's fancy)
    assert mentioning() == 4
    press(window, qtbot, Qt.Key.Key_Z, CTRL)
    assert mentioning() == 2
    # Split Mr Blair off Tony Blair: the corpus table lists him apart.
    assert window.jumps.jump_to("pm", 0, 8)
    window.view.setFocus()
    press(window, qtbot, Qt.Key.Key_U, CTRL | ALT)
    names = {entity.name for entity in window.store.answer_now(entities)}
    assert "Mr Blair" in names and "Tony Blair" in names


def test_the_corrections_view_lists_and_removes(corrected: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    window = corrected
    choose(window, qtbot, Qt.Key.Key_F2, NONE, "ORG")
    qtbot.keyClick(window.view, Qt.Key.Key_C, CTRL | ALT)
    view = window.findChild(CorrectionsView)
    assert view is not None and view.isVisible()
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=10_000)
    assert view.model.index(0, 0).data() == "Relabel “Yukos” as ORG"
    assert view.model.index(0, 1).data() == "4"  # every mention of Yukos
    # Export the corrections, Delete removes the one, import brings it back.
    shared = tmp_path / "shared.jsonl"
    corrections_of(window).export_to(shared)
    qtbot.waitUntil(lambda: shared.exists() and shared.read_text(encoding="utf-8").endswith("\n"),
                    timeout=10_000)
    shared_line = json.loads(shared.read_text(encoding="utf-8"))
    assert shared_line == {"op": "relabel", "entity": "Yukos", "label": "ORG"}
    with qtbot.waitSignal(corrections_of(window).applied, timeout=20_000):
        qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: view.model.rowCount() == 0, timeout=10_000)
    assert labelled(window) == [("Yukos", "PERSON")] * 3
    with qtbot.waitSignal(corrections_of(window).applied, timeout=20_000):
        corrections_of(window).import_from(shared)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=10_000)
    assert labelled(window) == [("Yukos", "ORG")] * 3


def test_f7_goes_to_the_mentions_whose_label_disagrees(corrected: MainWindow, qtbot: QtBot) -> None:
    window = corrected  # on "tax": Yukos as PERSON, as the corpus has it (3 to 1)
    qtbot.keyClick(window.view, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: window.session.current is not None and window.session.current.id == "shares",
                    timeout=10_000)
    qtbot.waitUntil(lambda: window.view.textCursor().selectedText() == "Yukos", timeout=10_000)
    assert window.filter_model.rowCount() == 1  # the list narrowed to the documents that disagree
    span = window.view.span_at_caret()
    assert span is not None and span.label == "ORG"
    # The only one: from the end of the text, F7 comes round to it again.
    end = len(window.view.toPlainText())
    window.view.select_range(end, end)
    qtbot.keyClick(window.view, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: window.view.textCursor().selectedText() == "Yukos", timeout=10_000)


def test_ctrl_z_in_a_text_box_undoes_the_typing_not_a_correction(corrected: MainWindow, qtbot: QtBot) -> None:
    window = corrected
    choose(window, qtbot, Qt.Key.Key_F2, NONE, "ORG")
    window.filter_edit.setFocus()
    qtbot.keyClicks(window.filter_edit, "tax")
    qtbot.keyClick(window.filter_edit, Qt.Key.Key_Z, CTRL)
    assert window.filter_edit.text() == ""
    assert len(corrections_of(window).undo_steps) == 1  # the relabel stays
    assert labelled(window) == [("Yukos", "ORG")] * 3


def test_f7_from_the_entity_panel_follows_that_entity(corrected: MainWindow, qtbot: QtBot) -> None:
    window = corrected
    assert window.jumps.jump_to("shares")
    model = window.entity_panel_model
    qtbot.waitUntil(lambda: not model.stale)  # the rows of "shares", not those of "tax" before
    window.entity_panel.setFocus()
    window.entity_panel.setCurrentIndex(model.index(0, 0, model.index(0, 0)))  # ORG: Yukos
    qtbot.keyClick(window.entity_panel, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: window.view.textCursor().selectedText() == "Yukos", timeout=10_000)
    message = window.statusBar().currentMessage()
    assert "Yukos is ORG here; Yukos is PERSON in the corpus (PERSON 3 · ORG 1)" in message


def test_the_folder_export_writes_the_corrected_entities(
    corrected: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    window = corrected
    choose(window, qtbot, Qt.Key.Key_F2, NONE, "ORG")
    export_with_dialog(window, "export_folder", "jsonl", tmp_path / "all.jsonl", qtbot)
    lines = (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    yukos = {record["id"]: {entity["label"] for entity in record["ents"]
                            if record["text"][entity["start"] : entity["end"]] == "Yukos"}
             for record in records}
    assert yukos == {"tax": {"ORG"}, "shares": {"ORG"}, "tony": set(), "pm": set()}


def test_f7_in_the_entity_table_lists_where_its_label_disagrees(corrected: MainWindow, qtbot: QtBot) -> None:
    from gui.widgets.panels.corpus_entities import CorpusEntitiesDialog

    window = corrected
    qtbot.keyClick(window.view, Qt.Key.Key_E, CTRL | SHIFT)
    dialog = window.findChild(CorpusEntitiesDialog)
    assert dialog is not None
    qtbot.keyClicks(dialog.filter_edit, "yukos")
    qtbot.waitUntil(lambda: dialog.proxy.rowCount() == 1, timeout=10_000)
    dialog.table.setCurrentIndex(dialog.proxy.index(0, 0))
    qtbot.keyClick(dialog.table, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: window.session.current is not None and window.session.current.id == "shares",
                    timeout=10_000)
    qtbot.waitUntil(lambda: window.view.textCursor().selectedText() == "Yukos", timeout=10_000)
    assert window.filter_model.rowCount() == 1  # the table closed (deleted on close)


def test_split_from_the_entity_panel(corrected: MainWindow, qtbot: QtBot) -> None:
    from gui.core.corpus.store_entities import entities

    window = corrected
    assert window.jumps.jump_to("tony")
    model = window.entity_panel_model
    # Once the store has said them, the panel lists the corpus's entities: Mr Blair is a name of
    # Tony Blair, listed under his row (of "tony": not the rows of "pm" before, stale meanwhile).
    qtbot.waitUntil(
        lambda: [row.group.name for row in model.rows() if row.entity is not None] == ["Tony Blair"]
        and not model.stale, timeout=10_000)
    window.entity_panel.setFocus()
    row = model.index(0, 0, model.index(0, 0))
    names = [model.index(name, 0, row).data().split("  ")[0] for name in range(model.rowCount(row))]
    window.entity_panel.setCurrentIndex(model.index(names.index("Mr Blair"), 0, row))
    press(window, qtbot, Qt.Key.Key_U, CTRL | ALT)
    tony = [entity for entity in window.store.answer_now(entities) if entity.name == "Tony Blair"]
    assert tony and "Mr Blair" not in tony[0].aliases


def test_the_corrections_are_there_when_the_folder_opens_again(
    corrected: MainWindow, make_window: Callable[..., MainWindow], qtbot: QtBot
) -> None:
    window = corrected
    choose(window, qtbot, Qt.Key.Key_F2, NONE, "ORG")
    corpus = window.session.corpus
    assert corpus is not None
    window.close()
    again = make_window()
    again.open_path(corpus.source, "tax")
    try:  # the overlay the new store's first question answers (WindowCorrections, on `opened`)
        qtbot.waitUntil(lambda: again.session.corrections is not None, timeout=30_000)
    except qtbot.TimeoutError as error:  # once in a loaded full run, not reproduced since: the state
        store = again.store
        raise AssertionError(
            f"no corrections after 30 s: status {again.statusBar().currentMessage()!r}, store up to date "
            f"{store.up_to_date}, complete {store.complete()}, answering {store.answering}, "
            f"in memory {store.in_memory}") from error
    qtbot.waitUntil(lambda: labelled(again) == [("Yukos", "ORG")] * 3, timeout=10_000)


def test_corrections_are_never_exported_into_the_folder_being_read(
    corrected: MainWindow, qtbot: QtBot
) -> None:
    window = corrected
    choose(window, qtbot, Qt.Key.Key_F2, NONE, "ORG")
    corpus = window.session.corpus
    assert corpus is not None
    inside = corpus.source / "corrections.jsonl"
    corrections_of(window).export_to(inside)
    assert "inside" in window.statusBar().currentMessage()  # refused before the store is asked
    assert not inside.exists()


def test_the_panel_tooltip_says_the_corpus_label_of_a_disputed_entity(
    corrected: MainWindow, qtbot: QtBot
) -> None:
    from tests.widgets.conftest import tooltip_lines

    window = corrected
    assert window.jumps.jump_to("shares")
    model = window.entity_panel_model
    yukos = model.index(0, 0, model.index(0, 0))  # ORG: Yukos, here
    said = "Yukos is PERSON in the corpus (PERSON 3 · ORG 1)"
    qtbot.waitUntil(lambda: said in " ".join(tooltip_lines(yukos)), timeout=10_000)


def test_a_rejection_while_the_store_resolves_again_counts_on_the_row_of_the_document_shown(
    corrected: MainWindow, qtbot: QtBot
) -> None:
    """As while a big folder is annotated: the store's resolution is behind its mentions (a fill
    came since), so its counts cannot take the corrections in yet; the row of the document shown
    says what its header says."""
    window = corrected
    pane = window.document_pane
    model = pane.source_model
    assert model is not None
    qtbot.waitUntil(lambda: model.entity_counts.get("tax") == len(window.view.spans), timeout=10_000)
    before = len(window.view.spans)
    window.store.answer_now(lambda store: store.db.execute("DELETE FROM facts WHERE name = 'resolution'"))
    window.view.setFocus()
    press(window, qtbot, Qt.Key.Key_X, CTRL | ALT)  # Yukos is never an entity
    after = len(window.view.spans)
    assert after == before - 3 and f"{after} entities" in window.header.meta.text()
    qtbot.waitUntil(lambda: model.entity_counts.get("tax") == after, timeout=10_000)


@pytest.fixture
def report(
    make_window: Callable[..., MainWindow], write_corpus: Callable[..., Path], qtbot: QtBot
) -> MainWindow:
    """A window on one dated report naming Yukos three times (as PERSON, from its .ann), on lines
    1 and 3 of its text, with the store complete."""
    text = "date 2020-01-02\nYukos owed taxes.\n\nYukos said so, and Yukos paid.\n"
    window = annotated(make_window(), write_corpus({"report.txt": text, "report.ann": brat(text, "PERSON")}),
                       qtbot)
    qtbot.waitUntil(window.store.complete, timeout=60_000)
    return window


def test_a_mention_is_said_by_its_line_not_its_offsets(
    report: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    """The status line, undo and redo and the Corrections view said 'relabel Yukos at 19-24 of
    report as ORG': they name the mention by its line in the text shown; the corrections file
    keeps its offsets (a contract)."""
    window = report
    current = window.session.current
    assert current is not None and current.id == "report"
    second = current.body.index("Yukos", 1)  # the body's line 3 (the date is the header's)
    assert window.jumps.jump_to("report", second + 1, second + 1)  # the caret in it
    window.view.setFocus()
    said = "Relabel “Yukos” (line 3) in report as ORG"
    choose(window, qtbot, Qt.Key.Key_F2, SHIFT, "ORG")
    assert window.statusBar().currentMessage() == f"{said} (Ctrl+Z undoes it)"
    press(window, qtbot, Qt.Key.Key_Z, CTRL)
    assert window.statusBar().currentMessage() == f"Undone: {said}"
    press(window, qtbot, Qt.Key.Key_Z, CTRL | SHIFT)
    assert window.statusBar().currentMessage() == f"Redone: {said}"
    qtbot.keyClick(window.view, Qt.Key.Key_C, CTRL | ALT)
    view = window.findChild(CorrectionsView)
    assert view is not None and view.isVisible()
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=10_000)
    assert view.model.index(0, 0).data() == said
    shared = tmp_path / "shared.jsonl"
    corrections_of(window).export_to(shared)
    qtbot.waitUntil(lambda: shared.exists() and shared.read_text(encoding="utf-8").endswith("\n"),
                    timeout=10_000)
    assert json.loads(shared.read_text(encoding="utf-8")) == {
        "op": "relabel", "document": "report", "file": "report.txt", "start": second, "end": second + 5,
        "label": "ORG", "entity": "Yukos"}


def import_by_keys(window: MainWindow, qtbot: QtBot, corrections: Path) -> None:
    """Ctrl+Alt+I, the file's name typed in the dialog, Enter; until the corrections apply."""
    from PySide6.QtWidgets import QFileDialog, QLineEdit

    qtbot.keyClick(window.view, Qt.Key.Key_I, CTRL | ALT)
    dialog = window.findChild(QFileDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))  # the file name
    name_box = QApplication.focusWidget()
    assert isinstance(name_box, QLineEdit)
    name_box.setText(str(corrections))
    with qtbot.waitSignal(corrections_of(window).applied, timeout=20_000):
        qtbot.keyClick(name_box, Qt.Key.Key_Return)


def test_the_import_summary_says_an_overridden_mention_by_its_line(
    report: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    """Ctrl+Alt+I's summary said 'relabel Yukos at 19-24 of report as ORG overrides ...' (the CLI's
    report, whose words are a contract): the window says the mention by its line."""
    window = report
    current = window.session.current
    assert current is not None and current.id == "report"
    second = current.body.index("Yukos", 1)  # the body's line 3
    assert window.jumps.jump_to("report", second + 1, second + 1)
    window.view.setFocus()
    choose(window, qtbot, Qt.Key.Key_F2, SHIFT, "GPE")  # the desk's, before the import
    shared = tmp_path / "shared.jsonl"
    mention = {"op": "relabel", "document": "report", "file": "report.txt", "start": second,
               "end": second + 5, "entity": "Yukos"}
    shared.write_text("".join(json.dumps({**mention, "label": label}) + "\n" for label in ("ORG", "LAW")),
                      encoding="utf-8")
    import_by_keys(window, qtbot, shared)
    message = window.statusBar().currentMessage()
    assert message == (
        "Imported 2 corrections from shared.jsonl; 2 not applied or overriding: "
        "line 1: Relabel “Yukos” (line 3) in report as ORG, overriding the earlier "
        "‘Relabel “Yukos” (line 3) in report as GPE’; "
        "line 2: Relabel “Yukos” (line 3) in report as LAW, overriding the file's line 1")
    assert f"{second}-{second + 5}" not in message
    assert labelled(window)[1] == ("Yukos", "LAW")  # the file's last word wins


def test_ctrl_alt_i_takes_a_label_in_any_case_and_refuses_an_unknown_one_by_line(
    report: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    """As `seedview corrections import`: "gpe" is GPE, "BOGUS" is left out with its line number
    (the entity table listed Tripoli under a type "gpe" of its own)."""
    window = report
    shared = tmp_path / "shared.jsonl"
    shared.write_text('{"op": "relabel", "entity": "Yukos", "label": "org"}\n'
                      '{"op": "add", "text": "taxes", "label": "BOGUS"}\n', encoding="utf-8")
    import_by_keys(window, qtbot, shared)
    message = window.statusBar().currentMessage()
    assert message.startswith("Imported 1 correction from shared.jsonl; 1 not applied or overriding: "
                              'line 2: "label" BOGUS is no label of the model or the corpus'), message
    assert labelled(window)[1] == ("Yukos", "ORG")
