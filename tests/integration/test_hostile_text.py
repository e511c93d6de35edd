"""A corpus of hostile documents (markup, remote images, links, bidi overrides, zero-width and
combining characters, emoji) under hostile type labels: everywhere it is shown it is text, and
nothing the window does makes a network request."""

from __future__ import annotations

import socket
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QLabel, QToolTip
from pytestqt.qtbot import QtBot

from gui.core.corpus.corpus import Corpus
from gui.core.model.document import Document
from gui.widgets.charts.chart_keys import CHART_KEY_ROWS
from gui.widgets.commands import window_commands
from gui.widgets.commands.actions import COMMANDS, DIALOG_COMMANDS, WIDGET_KEYS
from gui.widgets.dialogs.notices_dialog import NoticesDialog
from gui.widgets.dialogs.shortcuts_dialog import ShortcutsDialog
from gui.widgets.panels import entity_panel, legend
from gui.widgets.panels.corpus_entities import CorpusEntitiesDialog
from gui.widgets.panels.corpus_search import CorpusSearchDialog
from gui.widgets.panels.quick_open import QuickOpenDialog
from gui.widgets.sidebar.document_list_model import TitleRole
from gui.widgets.window.main_window import MainWindow
from tests.core.formats.html.test_export_html import parse_safe
from tests.integration.test_annotation_files import export_with_dialog, open_and_wait
from tests.widgets.conftest import back_to, step_down, tooltip_lines, visit_every_entity

SCRIPT = (
    "date 2020-03-05\n<script>alert(1)</script> Ann Lee saw <img src=http://127.0.0.1:9/x.png> "
    'and <a href="http://example.com">x</a>.\n'
)
BIDI = (
    "date 2020-03-04\n\u202eevil override\u202c with z\u200dw\u200dj, zero\u200bwidth, "
    "👩\u200d👩\u200d👧 🇫🇷 😀 in Paris.\n"
)
MARKED_LETTER = "e" + "\u0301" * 10_000
MARKS = f"date 2020-03-03\n{MARKED_LETTER} marks the spot in Lima.\n"
PLAIN = "date 2020-03-02\nBarack Obama said <b>hello</b> in Paris &amp; Berlin.\n"  # for the engine
IMAGE_LABEL = "<img/src=http://127.0.0.1:9/y.png>"  # a brat type has no spaces, but may be this
# Text that would turn into something else if it were taken for markup anywhere.
MARKUP = ("<script>", "<img", "<a href", "<b>", "<i>", "&amp;")
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def brat_lines(stored: str, *spans: tuple[str, str]) -> str:
    """A brat .ann giving each (label, words) the span of the words' first occurrence."""
    lines = []
    for number, (label, words) in enumerate(spans, start=1):
        start = stored.index(words)
        lines.append(f"T{number}\t{label} {start} {start + len(words)}\t{words}\n")
    return "".join(lines)


# Five lines whose quoted text does not match: notices that quote markup, more than the header lists.
BAD_LINES = "".join(f"T{n}\tORG 0 4\t<i>wrong</i>\n" for n in range(11, 16))
HOSTILE_CORPUS: dict[str, str | bytes] = {
    "script.txt": SCRIPT,
    "script.ann": brat_lines(
        SCRIPT,
        ("<b>X</b>", "<script>alert(1)</script>"),
        ("PERSON", "Ann Lee"),
        (IMAGE_LABEL, "<img src=http://127.0.0.1:9/x.png>"),
        ("ORG", '<a href="http://example.com">x</a>'),
    )
    + BAD_LINES,
    "bidi.txt": BIDI,
    "bidi.ann": brat_lines(
        BIDI,
        ("<b>X</b>", "\u202eevil override\u202c"),
        ("<i>Kind</i>", "👩\u200d👩\u200d👧"),
        ("GPE", "Paris"),
    ),
    "marks.txt": MARKS,
    "marks.ann": brat_lines(MARKS, (IMAGE_LABEL, MARKED_LETTER), ("GPE", "Lima")),
    "plain.txt": PLAIN,
}


@pytest.fixture(autouse=True)
def network_attempts(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Refuse and record every attempt to reach the network; none may have been made at the end."""
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("a test may not reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield attempts
    assert attempts == []
    assert "PySide6.QtNetwork" not in sys.modules  # nor could Qt have fetched anything for Python


@pytest.fixture
def window(
    make_window: Callable[..., MainWindow], write_corpus: Callable[..., Path], qtbot: QtBot
) -> MainWindow:
    """A window on the hostile corpus, every document annotated and indexed."""
    win = make_window()
    open_and_wait(win, write_corpus(HOSTILE_CORPUS), qtbot)
    qtbot.waitUntil(win.indexing_done, timeout=60_000)
    return win


def rendered(html: str) -> str:
    """Rich text (a tooltip) as the user reads it."""
    return QTextDocumentFragment.fromHtml(html).toPlainText()


def each_document(window: MainWindow, qtbot: QtBot) -> Iterator[Document]:
    """Show every document in turn by keyboard, each with its entities highlighted and listed in
    the entity panel (which lists the document before's for a moment, while the store answers)."""
    for row in range(window.filter_model.rowCount()):
        if row:
            step_down(window, qtbot)
            qtbot.waitUntil(lambda: not window.entity_panel_model.stale)
        document = window.shown_document
        assert document is not None
        yield document


def test_the_text_and_the_header_show_each_document_as_it_is(window: MainWindow, qtbot: QtBot) -> None:
    for document in each_document(window, qtbot):
        assert window.view.toPlainText() == document.body
        assert visit_every_entity(window, qtbot) == [document.entity_text(e) for e in document.entities]
        assert window.header.title.text() == document.title
        # Every label that quotes the document takes it as plain text; the entity tooltip that F8
        # shows is rich text of Seedview's own, which reads as the entity's words and type.
        quoting = [label for label in window.findChildren(QLabel) if any(m in label.text() for m in MARKUP)]
        rich = [label.objectName() for label in quoting if label.textFormat() != Qt.TextFormat.PlainText]
        assert set(rich) <= {"qtooltip_label"}
        if rich:
            span = window.view.spans[-1]
            assert f"“{window.view.text_between(span.start, span.end)}”" in rendered(QToolTip.text())
    script = Corpus.open(window.corpus.root).load(window.corpus.entry("script"))  # type: ignore[union-attr, arg-type]
    assert len(script.notices) == 5 and "<i>wrong</i>" in script.notices[0]
    assert window.jumps.jump_to("script")
    assert window.header.notice.text().startswith(f"⚠ {script.notices[0]}")
    assert rendered(window.header.notice.toolTip()).split("\n") == list(script.notices)
    window.actions_by_id["show_notices"].trigger()
    dialog = window.findChild(NoticesDialog)
    assert dialog is not None and dialog.text.toPlainText() == "\n".join(script.notices)


def test_the_lists_panels_and_tooltips_show_markup_as_text(window: MainWindow, qtbot: QtBot) -> None:
    corpus = window.corpus
    assert corpus is not None
    for row in range(window.filter_model.rowCount()):
        index = window.filter_model.index(row, 0)
        entry = corpus.entries[row]
        assert index.data(TitleRole) == entry.title  # what the row's delegate draws, as plain text
        assert tooltip_lines(index)[:2] == [entry.name, entry.title]
    window.sidebar.grab()  # the delegate paints every row
    for document in each_document(window, qtbot):
        spans = window.view.spans
        tooltip = rendered(window.view.tooltip_for(spans))
        assert all(span.label in tooltip for span in spans)
        for row in range(window.legend_model.rowCount()):
            index = window.legend_model.index(row)
            label = index.data(legend.LabelRole)
            name = window.entity_palette.display_name(label)
            assert index.data(Qt.ItemDataRole.DisplayRole).startswith(name)
            assert rendered(index.data(Qt.ItemDataRole.ToolTipRole)).startswith(f"{label}: ")
        model = window.entity_panel_model
        for type_row in range(model.rowCount()):
            type_index = model.index(type_row, 0)
            label = type_index.data(entity_panel.LabelRole)
            assert rendered(type_index.data(Qt.ItemDataRole.ToolTipRole)).startswith(f"{label}: ")
            for row in range(model.rowCount(type_index)):
                index = model.index(row, 0, type_index)
                group = index.data(entity_panel.GroupRole)
                assert group.name in {document.entity_text(e) for e in document.entities}
                assert index.data(Qt.ItemDataRole.DisplayRole).startswith(group.name)
                assert rendered(index.data(Qt.ItemDataRole.ToolTipRole)).startswith(f"{group.name} ({label})")
    assert window.jumps.jump_to("script")
    assert "“<script>alert(1)</script>”" in rendered(window.view.tooltip_for(window.view.spans))
    window_commands.set_label_cue(window, True)
    window.view.grab()  # the labels after the entities are painted as text too


def test_the_entity_filter_search_and_quick_open_show_markup_as_text(
    window: MainWindow, qtbot: QtBot
) -> None:
    assert window.jumps.jump_to("script")
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F8)  # onto <script>alert(1)</script>, a "<b>X</b>"
    qtbot.keyClick(window.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.store.answering, timeout=10_000)  # answered off this thread
    chip = window.document_pane.chip_label
    assert chip.textFormat() == Qt.TextFormat.PlainText
    assert chip.text() == "Mentioning <script>alert(1)</script> (<b>X</b>): 1 document"

    back_to(window, qtbot)
    qtbot.keyClick(window.view, Qt.Key.Key_E, CTRL_SHIFT)
    table = window.findChild(CorpusEntitiesDialog)
    assert table is not None
    qtbot.waitUntil(lambda: not window.store.answering, timeout=10_000)
    model = table.table.model()
    names = {model.index(row, 0).data() for row in range(model.rowCount())}
    assert {"<script>alert(1)</script>", '<a href="http://example.com">x</a>', MARKED_LETTER} <= names
    table.reject()

    back_to(window, qtbot)
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL_SHIFT)
    search = window.findChild(CorpusSearchDialog)
    assert search is not None
    qtbot.keyClicks(search.edit, "script")
    qtbot.waitUntil(lambda: search.model.rowCount() > 0, timeout=5_000)
    hit = search.model.index(0)
    assert "<«script»>alert(1)</script>" in hit.data(Qt.ItemDataRole.DisplayRole)
    assert rendered(hit.data(Qt.ItemDataRole.ToolTipRole)) == "script.txt"
    search.reject()

    back_to(window, qtbot)
    qtbot.keyClick(window.view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    quick = window.findChild(QuickOpenDialog)
    assert quick is not None
    qtbot.keyClicks(quick.edit, "alert")
    first = quick.model.index(0)
    entry = quick.model.entry_at(0)
    assert entry.id == "script"
    assert first.data(Qt.ItemDataRole.DisplayRole).split("\n")[0] == entry.title
    assert rendered(first.data(Qt.ItemDataRole.ToolTipRole)) == str(entry.path)


def test_the_shortcut_list_is_unaffected(window: MainWindow, qtbot: QtBot) -> None:
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F1)
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None and dialog.isVisible()
    table = dialog.table
    cells = [table.item(r, c).text() for r in range(table.rowCount()) for c in range(table.columnCount())]  # type: ignore[union-attr]
    assert table.rowCount() == len(COMMANDS) + len(DIALOG_COMMANDS) + len(WIDGET_KEYS) + len(CHART_KEY_ROWS)
    assert not any(marker in cell for cell in cells for marker in MARKUP)


def test_exports_keep_the_markup_as_text(window: MainWindow, tmp_path: Path, qtbot: QtBot) -> None:
    corpus = window.corpus
    assert corpus is not None
    documents = {entry.id: corpus.load(entry) for entry in corpus}
    export_with_dialog(window, "export_folder", "html", tmp_path / "html", qtbot)
    export_with_dialog(window, "export_folder", "jsonl", tmp_path / "out.jsonl", qtbot)

    pages = sorted((tmp_path / "html").glob("*.html"))
    assert len(pages) == len(documents) + 1  # and the index
    for page in pages:
        parsed = parse_safe(page.read_text(encoding="utf-8"))  # only allowed tags and attributes
        if page.stem in documents:
            assert parsed.text == documents[page.stem].body
    exported = Corpus.open(tmp_path / "out.jsonl")
    for entry in exported:
        document = exported.load(entry)
        assert document.body == documents[entry.id].body
        if documents[entry.id].entities:
            assert document.entities == documents[entry.id].entities
