"""Every entity correction, made by keyboard in a real window, shows in the four places the issue
asks for (issue 15): the highlights of the text, the entity panel, the entity filter (Ctrl+E
lists the documents naming the entity at the caret) and the exports of the document shown (JSON
Lines and HTML); and Ctrl+Z brings all four back as they were. One test per correction, each
from the same folder (the Blair and Yukos articles, entities from brat files: no engine)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.widgets.sidebar.document_list_model import DocumentIdRole
from gui.widgets.window.main_window import MainWindow
from tests.integration.test_annotation_files import export_with_dialog
from tests.integration.test_corpus_navigation import annotated
from tests.integration.test_corrections_window import (
    ALT,
    CTRL,
    NONE,
    SHIFT,
    back_to_text,
    choose,
    labelled,
    panel,
    press,
)
from tests.integration.test_resolved_entities import TEXTS, blair_and_yukos

Caret = tuple[str, int, int]  # a document and a span of it (code points)


def caret(doc_id: str, text: str, nth: int = 0) -> Caret:
    """The `nth` occurrence of `text` in a document, as a caret's selection."""
    start = -1
    for _ in range(nth + 1):
        start = TEXTS[doc_id].index(text, start + 1)
    return doc_id, start, start + len(text)


@dataclass(frozen=True)
class Places:
    """What the window shows of the entities, in the four places: the highlights of the document
    (text, label), its entity panel (each type's entities' names), the documents Ctrl+E lists
    for the entity at a caret (None: no entity there to filter by), and the document's exports,
    each as its (text, label) pairs in text order (the HTML page gives labels alone)."""

    highlights: list[tuple[str, str]]
    panel: dict[str, list[str]]
    filtered: set[str] | None
    jsonl: list[tuple[str, str]]
    html: list[str]


class _Labels(HTMLParser):
    """The labels an exported page writes on its entities, in text order."""

    def __init__(self) -> None:
        super().__init__()
        self.labels: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "span" and "label" in (found.get("class") or "").split() and found.get("data-label"):
            self.labels.append(str(found["data-label"]))


class Observer:
    """Looks at the four places of one window, exporting into fresh folders each time."""

    def __init__(self, window: MainWindow, qtbot: QtBot, folder: Path) -> None:
        self.window, self.qtbot, self.folder, self.turn = window, qtbot, folder, 0

    def look(self, shown: Caret, filter_at: Caret) -> Places:
        window, qtbot = self.window, self.qtbot
        self.go(shown)
        highlights, entities = labelled(window), panel(window)
        self.turn += 1
        jsonl, html = self.folder / f"doc{self.turn}.jsonl", self.folder / f"page{self.turn}"
        export_with_dialog(window, "export_document", "jsonl", jsonl, qtbot)
        export_with_dialog(window, "export_document", "html", html, qtbot)
        record = json.loads(jsonl.read_text(encoding="utf-8").splitlines()[0])
        exported = [(record["text"][entity["start"] : entity["end"]], entity["label"])
                    for entity in record["ents"]]
        page = _Labels()
        page.feed((html / f"{shown[0]}.html").read_text(encoding="utf-8"))
        back_to_text(window, qtbot)
        return Places(highlights, entities, self.filtered(filter_at), exported, page.labels)

    def go(self, where: Caret) -> None:
        assert self.window.jumps.jump_to(*where)
        self.window.view.setFocus()
        # The panel lists the corpus's entities once the store has said them.
        self.qtbot.waitUntil(self.window.document_panels.settled, timeout=10_000)

    def filtered(self, where: Caret) -> set[str] | None:
        """Ctrl+E at the caret: the documents listed (the filter then removed by Escape)."""
        window, qtbot = self.window, self.qtbot
        self.go(where)
        if window.view.span_at_caret() is None:
            qtbot.keyClick(window.view, Qt.Key.Key_E, CTRL)
            assert not window.document_pane.has_entity_filter()
            return None
        qtbot.keyClick(window.view, Qt.Key.Key_E, CTRL)
        qtbot.waitUntil(window.document_pane.has_entity_filter, timeout=10_000)
        model = window.filter_model
        found = {str(model.index(row, 0).data(DocumentIdRole)) for row in range(model.rowCount())}
        window.sidebar.setFocus()
        qtbot.keyClick(window.sidebar, Qt.Key.Key_Escape)
        assert not window.document_pane.has_entity_filter()
        back_to_text(window, qtbot)
        return found


@pytest.fixture
def observed(
    make_window: Callable[..., MainWindow], write_corpus: Callable[..., Path], qtbot: QtBot, tmp_path: Path
) -> Observer:
    """A window on the Blair and Yukos articles, resolved; an observer of it."""
    window = annotated(make_window(), write_corpus(blair_and_yukos()), qtbot)
    qtbot.waitUntil(window.store.complete, timeout=60_000)  # resolved too
    back_to_text(window, qtbot)
    exports = tmp_path / "exports"
    exports.mkdir()
    return Observer(window, qtbot, exports)


YUKOS = caret("tax", "Yukos")
YUKOS_IN_TAX = [("Yukos", "PERSON")] * 3
BEFORE_TAX = Places(YUKOS_IN_TAX, {"PERSON": ["Yukos"]}, {"tax", "shares"}, YUKOS_IN_TAX, ["PERSON"] * 3)


def undo_and_redo(observer: Observer, before: Places, after: Places, shown: Caret, filter_at: Caret) -> None:
    """Ctrl+Z, the focus in the text: the four places as they were before the correction;
    Ctrl+Shift+Z: as they were after it; Ctrl+Z again: before."""
    window, qtbot = observer.window, observer.qtbot
    for keys, expected in ((CTRL, before), (CTRL | SHIFT, after), (CTRL, before)):
        observer.go(shown)
        press(window, qtbot, Qt.Key.Key_Z, keys)
        assert observer.look(shown, filter_at) == expected


def test_f2_relabels_everywhere(observed: Observer) -> None:
    window, qtbot = observed.window, observed.qtbot
    assert observed.look(YUKOS, YUKOS) == BEFORE_TAX
    observed.go(YUKOS)
    choose(window, qtbot, Qt.Key.Key_F2, NONE, "ORG")
    org = [("Yukos", "ORG")] * 3
    after = Places(org, {"ORG": ["Yukos"]}, {"tax", "shares"}, org, ["ORG"] * 3)
    assert observed.look(YUKOS, YUKOS) == after
    # The other document takes it too.
    shares = caret("shares", "Yukos")
    assert observed.look(shares, shares).highlights == [("Yukos", "ORG")]
    undo_and_redo(observed, BEFORE_TAX, after, YUKOS, YUKOS)


def test_shift_f2_relabels_this_mention_only(observed: Observer) -> None:
    window, qtbot = observed.window, observed.qtbot
    second = caret("tax", "Yukos", 1)
    assert observed.look(YUKOS, second) == BEFORE_TAX
    observed.go(second)
    choose(window, qtbot, Qt.Key.Key_F2, SHIFT, "GPE")
    mixed = [("Yukos", "PERSON"), ("Yukos", "GPE"), ("Yukos", "PERSON")]
    after = observed.look(YUKOS, second)
    assert (after.highlights, after.jsonl, after.html) == (mixed, mixed, ["PERSON", "GPE", "PERSON"])
    assert after.panel == {"PERSON": ["Yukos"]}  # one entity: a mention of it relabelled (its tooltip says)
    assert after.filtered == {"tax", "shares"}  # the mention is still the corpus's Yukos, as GPE
    undo_and_redo(observed, BEFORE_TAX, after, YUKOS, second)


def test_ctrl_alt_m_merges_two_entities(observed: Observer) -> None:
    window, qtbot = observed.window, observed.qtbot
    tony = caret("tony", "Tony Blair")
    before_tony = observed.look(tony, tony)
    assert before_tony.filtered == {"tony", "pm"}
    assert observed.look(YUKOS, YUKOS) == BEFORE_TAX
    observed.go(YUKOS)
    choose(window, qtbot, Qt.Key.Key_M, CTRL | ALT, "Tony")  # Yukos is Tony Blair (a test's fancy)
    after = observed.look(YUKOS, YUKOS)
    assert after.filtered == {"tax", "shares", "tony", "pm"}  # every document naming either
    assert after.highlights == after.jsonl == YUKOS_IN_TAX  # a merge changes no label here
    assert after.html == ["PERSON"] * 3
    assert after.panel == {"PERSON": ["Yukos"]}
    after_tony = observed.look(tony, tony)
    assert after_tony.filtered == {"tax", "shares", "tony", "pm"}
    assert after_tony.highlights == before_tony.highlights
    # The panel lists the merged entity, named by the member with more mentions.
    assert (before_tony.panel, after_tony.panel) == ({"PERSON": ["Tony Blair"]}, {"PERSON": ["Yukos"]})
    undo_and_redo(observed, before_tony, after_tony, tony, tony)
    assert observed.look(YUKOS, YUKOS) == BEFORE_TAX


def test_ctrl_alt_u_splits_an_alias_off(observed: Observer) -> None:
    window, qtbot = observed.window, observed.qtbot
    mr_blair, tony = caret("tony", "Mr Blair"), caret("tony", "Tony Blair")
    before = observed.look(mr_blair, tony)
    assert before.filtered == {"tony", "pm"}  # "pm" names him only as Mr Blair
    assert before.highlights == before.jsonl == [("Tony Blair", "PERSON"), ("Mr Blair", "PERSON")]
    # The panel lists the corpus's entities: Mr Blair is Tony Blair's until he is split off.
    assert before.panel == {"PERSON": ["Tony Blair"]}
    observed.go(mr_blair)
    press(window, qtbot, Qt.Key.Key_U, CTRL | ALT)
    after = observed.look(mr_blair, tony)
    assert after.filtered == {"tony"}  # Tony Blair without Mr Blair
    assert observed.look(mr_blair, mr_blair).filtered == {"tony", "pm"}  # Mr Blair, apart
    assert (after.highlights, after.jsonl, after.html) == (before.highlights, before.jsonl, before.html)
    assert after.panel == {"PERSON": ["Mr Blair", "Tony Blair"]}
    undo_and_redo(observed, before, after, mr_blair, tony)


def filter_from_the_table(window: MainWindow, qtbot: QtBot, typed: str, rows: int) -> set[str]:
    """The entity filter by way of the corpus entity table (Ctrl+Shift+E), for an entity not on
    screen: type its name, wait for `rows` rows; Enter filters by the first (none: the
    documents listed unfiltered)."""
    from gui.widgets.panels.corpus_entities import CorpusEntitiesDialog

    qtbot.keyClick(window.view, Qt.Key.Key_E, CTRL | SHIFT)
    dialog = window.findChild(CorpusEntitiesDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.filter_edit, typed)
    qtbot.waitUntil(lambda: dialog.proxy.rowCount() == rows, timeout=10_000)
    if not rows:
        dialog.reject()
        back_to_text(window, qtbot)
        return set()
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(window.document_pane.has_entity_filter, timeout=10_000)
    model = window.filter_model
    found = {str(model.index(row, 0).data(DocumentIdRole)) for row in range(model.rowCount())}
    window.sidebar.setFocus()
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Escape)
    back_to_text(window, qtbot)
    return found


def test_ctrl_alt_x_rejects_an_entity(observed: Observer) -> None:
    window, qtbot = observed.window, observed.qtbot
    assert observed.look(YUKOS, YUKOS) == BEFORE_TAX
    assert filter_from_the_table(window, qtbot, "yukos", 1) == {"tax", "shares"}
    observed.go(YUKOS)
    press(window, qtbot, Qt.Key.Key_X, CTRL | ALT)  # Yukos is never an entity
    gone = Places([], {}, None, [], [])  # and nothing at the caret to filter by
    assert observed.look(YUKOS, YUKOS) == gone
    shares = caret("shares", "Yukos")
    assert observed.look(shares, shares) == gone
    assert filter_from_the_table(window, qtbot, "yukos", 0) == set()  # no Yukos to filter by
    undo_and_redo(observed, BEFORE_TAX, gone, YUKOS, YUKOS)
    assert filter_from_the_table(window, qtbot, "yukos", 1) == {"tax", "shares"}


def test_ctrl_alt_a_adds_the_selection(observed: Observer) -> None:
    window, qtbot = observed.window, observed.qtbot
    taxes = caret("tax", "taxes")
    before = observed.look(YUKOS, taxes)
    assert before == Places(YUKOS_IN_TAX, {"PERSON": ["Yukos"]}, None, YUKOS_IN_TAX, ["PERSON"] * 3)
    # Select "taxes" by keyboard, Shift+Right from its start, and add it everywhere as a LAW.
    observed.go(("tax", taxes[1], taxes[1]))
    for _ in "taxes":
        qtbot.keyClick(window.view, Qt.Key.Key_Right, SHIFT)
    choose(window, qtbot, Qt.Key.Key_A, CTRL | ALT, "LAW")
    added = [("Yukos", "PERSON"), ("taxes", "LAW"), ("Yukos", "PERSON"), ("Yukos", "PERSON")]
    after = observed.look(YUKOS, taxes)
    assert (after.highlights, after.jsonl) == (added, added)
    assert after.html == ["PERSON", "LAW", "PERSON", "PERSON"]
    assert after.panel == {"PERSON": ["Yukos"], "LAW": ["taxes"]}
    assert after.filtered == {"tax"}
    undo_and_redo(observed, before, after, YUKOS, taxes)
