"""The entities resolved across the corpus, as the window shows them (issue 15): the corpus
entity table (Ctrl+Shift+E) lists a person once under all names, says why each name is theirs,
and shows the labels of an entity the model labelled two ways; the entity filter follows them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.widgets.panels.corpus_entities import CorpusEntitiesDialog
from gui.widgets.window.main_window import MainWindow
from tests.integration.test_corpus_navigation import annotated
from tests.widgets.conftest import tooltip_lines

TEXTS = {
    "tony": "Tony Blair spoke. Mr Blair said the war was just.\n",
    "pm": "Mr Blair faced questions in the Commons.\n",
    "tax": "Yukos owed taxes. Yukos said so. Yukos paid.\n",
    "shares": "Yukos shares fell.\n",
}
LABELS = {"tony": "PERSON", "pm": "PERSON", "tax": "PERSON", "shares": "ORG"}


def brat(text: str, label: str) -> str:
    """A brat .ann marking every name of the text with `label`."""
    lines: list[str] = []
    for name in ("Tony Blair", "Mr Blair", "Yukos"):
        start = text.find(name)
        while start != -1:
            lines.append(f"T{len(lines) + 1}\t{label} {start} {start + len(name)}\t{name}\n")
            start = text.find(name, start + len(name))
    return "".join(lines)


def blair_and_yukos() -> dict[str, str | bytes]:
    """The folder's files: each text with a brat .ann of its names."""
    files: dict[str, str | bytes] = {}
    for name, text in TEXTS.items():
        files[f"{name}.txt"] = text
        files[f"{name}.ann"] = brat(text, LABELS[name])
    return files


def test_the_entity_table_shows_resolved_entities_and_a_disputed_label(
    make_window: Callable[..., MainWindow], write_corpus: Callable[..., Path], qtbot: QtBot
) -> None:
    window = annotated(make_window(), write_corpus(blair_and_yukos()), qtbot)
    qtbot.keyClick(window.view, Qt.Key.Key_E,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.findChild(CorpusEntitiesDialog)
    assert dialog is not None and dialog.isVisible()
    model = dialog.proxy

    def shown() -> list[str]:
        return [model.index(row, 0).data() for row in range(model.rowCount())]

    # Once the store has resolved the entities (it tells the window, and the table asks again).
    qtbot.waitUntil(lambda: "Yukos — PERSON 3 · ORG 1" in shown(), timeout=30_000)
    assert "Tony Blair" in shown() and "Blair" not in shown() and "Mr Blair" not in shown()
    yukos = model.index(shown().index("Yukos — PERSON 3 · ORG 1"), 0)
    assert model.index(yukos.row(), 1).data() == "PERSON"
    tony = model.index(shown().index("Tony Blair"), 0)
    assert int(model.index(tony.row(), 2).data()) == 2  # "pm" names him only as Mr Blair
    lines = tooltip_lines(tony)
    assert lines[0] == "Tony Blair (PERSON)"
    assert any(line.strip().startswith("Mr Blair: title 'Mr' dropped") for line in lines)
    assert "PERSON by most mentions; the model said PERSON 3 · ORG 1" in tooltip_lines(yukos)
    # Enter on Tony Blair lists the documents naming him by any of his names.
    qtbot.keyClicks(dialog.filter_edit, "tony")
    qtbot.waitUntil(lambda: shown() == ["Tony Blair"], timeout=5_000)
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.filter_model.rowCount() == 2, timeout=10_000)
    assert window.document_pane.has_entity_filter()
