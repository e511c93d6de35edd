"""What any desktop program does, driven by keyboard in a real window: Help ▸ About, the
document's folder in the file manager, copying as plain text, printing and saving as PDF with the
highlights."""

from __future__ import annotations

import re
import zlib
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextCursor
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit
from pytestqt.qtbot import QtBot

from gui import __version__
from gui.core.colours.palette import Palette
from gui.core.engine.engine import MODEL_DISTRIBUTION
from gui.widgets.dialogs.about_dialog import AboutDialog
from gui.widgets.text.highlighter import Span
from gui.widgets.text.printable_document import printable_document
from gui.widgets.window.main_window import MainWindow
from tests.widgets.conftest import MERKEL

CTRL, SHIFT, ALT = (Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier,
                    Qt.KeyboardModifier.AltModifier)


def pdf_fill_colours(data: bytes) -> set[str]:
    """The fill colours a PDF paints with (Qt writes `r g b scn` into deflated content streams),
    as #rrggbb."""
    colours = set()
    for match in re.finditer(rb"stream\r?\n", data):
        stream = data[match.end() : data.find(b"endstream", match.end())]
        try:
            content = zlib.decompressobj().decompress(stream)
        except zlib.error:
            continue  # not a deflated stream
        for rgb in re.findall(rb"([\d.]+) ([\d.]+) ([\d.]+) (?:scn|rg)\b", content):
            colours.add("#" + "".join(f"{round(float(part) * 255):02x}" for part in rgb))
    return colours


def show_merkel(window: MainWindow, qtbot: QtBot) -> None:
    """Go to the first document (the newest: Merkel's), highlighted, the focus in the text."""
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Home, ALT)
    qtbot.waitUntil(lambda: window.session.current is not None and window.session.current.id == "merkel")
    qtbot.waitUntil(lambda: bool(window.view.spans), timeout=60_000)
    window.view.setFocus()


def test_about_names_the_version_the_model_and_the_licences(window: MainWindow, qtbot: QtBot) -> None:
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F1, SHIFT)
    dialog = window.findChild(AboutDialog)
    assert dialog is not None and dialog.isVisible()
    text = dialog.text.toPlainText()
    assert f"Seedview {__version__}: MIT" in text
    assert f"Entity model {MODEL_DISTRIBUTION} 3.8.0: MIT" in text
    assert "spaCy 3.8" in text and "LGPL-3.0" in text and "OntoNotes 5" in text
    qtbot.keyClick(dialog.text, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_the_folder_of_the_document_opens_in_the_file_manager(
    window: MainWindow, qtbot: QtBot, corpus_folder: Path
) -> None:
    opened: list[QUrl] = []

    def record(url: QUrl) -> bool:
        opened.append(url)
        return True

    window.desktop.open_url = record
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_R, CTRL | ALT)
    assert [url.toLocalFile() for url in opened] == [str(corpus_folder)]
    assert "in the file manager" in window.statusBar().currentMessage()

    window.desktop.open_url = lambda url: False  # a desktop with no file manager
    qtbot.keyClick(window.view, Qt.Key.Key_R, CTRL | ALT)
    assert window.statusBar().currentMessage().startswith("The desktop has no file manager")


def test_copy_as_plain_text_takes_the_selection_or_else_the_document(
    window: MainWindow, qtbot: QtBot
) -> None:
    show_merkel(window, qtbot)
    clipboard = QApplication.clipboard()
    clipboard.clear()
    qtbot.keyClick(window.view, Qt.Key.Key_C, CTRL | SHIFT)
    assert clipboard.text() == MERKEL.split("\n", 1)[1]  # the body, without the date line
    assert "the whole document" in window.statusBar().currentMessage()

    cursor = window.view.textCursor()
    cursor.setPosition(0)
    window.view.setTextCursor(cursor)
    for _ in range(2):  # "Angela Merkel", a word at a time
        qtbot.keyClick(window.view, Qt.Key.Key_Right, CTRL | SHIFT)
    selected = window.view.textCursor().selectedText().strip()
    assert selected == "Angela Merkel"
    qtbot.keyClick(window.view, Qt.Key.Key_C, CTRL | SHIFT)
    assert clipboard.text().strip() == "Angela Merkel"
    clipboard.clear()
    qtbot.keyClick(window.view, Qt.Key.Key_C, CTRL)  # the view's own copy, of the selection
    assert clipboard.mimeData().text().strip() == "Angela Merkel"


def test_export_as_pdf_by_keyboard_writes_the_highlights(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    show_merkel(window, qtbot)
    qtbot.keyClick(window.view, Qt.Key.Key_P, CTRL | ALT)
    dialog = window.findChild(QFileDialog)
    assert dialog is not None and dialog.isVisible()
    assert Path(dialog.selectedFiles()[0]).name == "merkel.pdf"
    assert Path(dialog.selectedFiles()[0]).parent.is_dir()  # a folder that exists is offered
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))  # the file name
    name_box = QApplication.focusWidget()
    assert isinstance(name_box, QLineEdit)
    out = tmp_path / "out" / "merkel.pdf"
    out.parent.mkdir()
    name_box.setText(str(out))  # typed at once: the offscreen platform cannot show the completer
    qtbot.keyClick(name_box, Qt.Key.Key_Return)
    qtbot.waitUntil(out.exists)
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF") and len(data) > 2_000
    palette = Palette.load()
    assert {palette.style("PERSON").background, palette.style("GPE").background} <= pdf_fill_colours(data)
    assert [p.name for p in out.parent.iterdir()] == ["merkel.pdf"]  # no partial file left
    assert window.statusBar().currentMessage() == f"Saved {out}"


def test_a_pdf_is_never_written_into_the_folder_being_read(
    window: MainWindow, qtbot: QtBot, corpus_folder: Path
) -> None:
    before = sorted(path.name for path in corpus_folder.iterdir())
    assert not window.desktop.save_pdf(corpus_folder / "merkel.pdf")
    assert "which is being read; choose a file outside it" in window.statusBar().currentMessage()
    assert sorted(path.name for path in corpus_folder.iterdir()) == before


def test_print_opens_the_print_dialog(window: MainWindow, qtbot: QtBot) -> None:
    show_merkel(window, qtbot)
    qtbot.keyClick(window.view, Qt.Key.Key_P, CTRL | SHIFT)
    dialog = window.findChild(QPrintDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.reject()  # Esc: nothing is printed
    assert not dialog.isVisible()


def test_printing_to_a_file_in_the_folder_being_read_is_refused(
    window: MainWindow, qtbot: QtBot, corpus_folder: Path
) -> None:
    show_merkel(window, qtbot)
    qtbot.keyClick(window.view, Qt.Key.Key_P, CTRL | SHIFT)
    dialog = window.findChild(QPrintDialog)
    assert dialog is not None
    # Without a printer, the dialog prints to a PDF file (its one box to type in): put it there.
    output = next(edit for edit in dialog.findChildren(QLineEdit) if edit.isVisible())
    output.setText(str(corpus_folder / "merkel.pdf"))
    qtbot.keyClick(output, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert not (corpus_folder / "merkel.pdf").exists()
    assert "which is being read; choose a file outside it" in window.statusBar().currentMessage()


def test_hidden_types_print_plain_and_label_cues_print_after_entities(qapp: QApplication) -> None:
    palette = Palette.load()
    spans = [Span(0, 13, "PERSON"), Span(37, 42, "GPE")]
    body = "Angela Merkel met Emmanuel Macron in Paris."
    document = printable_document(body, spans, palette, heading=("Title", "Monday"),
                                  hidden=frozenset({"GPE"}), label_cue=True)
    assert document.toPlainText() == "Title\nMonday\n\nAngela Merkel PERSON met Emmanuel Macron in Paris."
    cursor = QTextCursor(document)
    cursor.setPosition(document.toPlainText().index("Merkel") + 1)
    assert cursor.charFormat().background().color().name() == palette.style("PERSON").background
    cursor.setPosition(document.toPlainText().index("Paris") + 1)
    assert cursor.charFormat().background().style() == Qt.BrushStyle.NoBrush
