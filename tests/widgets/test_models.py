"""The item models pass Qt's model tester and filter as the sidebar needs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from gui.core.corpus import Corpus
from gui.core.palette import Palette
from gui.widgets.document_list_model import (
    DateRole,
    DocumentFilterModel,
    DocumentIdRole,
    DocumentListModel,
    EntityCountRole,
)
from gui.widgets.legend import LegendModel


def test_document_list_model_passes_the_model_tester(
    qtmodeltester: ModelTester, corpus_folder: Path
) -> None:
    model = DocumentListModel(Corpus.open(corpus_folder))
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    assert model.index(0).data(DateRole) == "2020-01-05"
    assert model.index(2).data(DateRole) == ""
    assert model.index(0).data(DocumentIdRole) == "merkel"


def test_entity_counts_fill_in_with_a_change_signal(
    qtbot, qtmodeltester: ModelTester, corpus_folder: Path
) -> None:
    model = DocumentListModel(Corpus.open(corpus_folder))
    qtmodeltester.check(model)
    assert model.index(0).data(EntityCountRole) is None
    with qtbot.waitSignal(model.dataChanged) as blocker:
        model.set_entity_count("merkel", 4)
    assert blocker.args[0].row() == 0
    assert model.index(0).data(EntityCountRole) == 4
    assert "4 entities" in model.index(0).data(Qt.ItemDataRole.AccessibleTextRole)


def test_filter_model_passes_the_model_tester_while_filtering(
    qtmodeltester: ModelTester, corpus_folder: Path
) -> None:
    proxy = DocumentFilterModel()
    proxy.setSourceModel(DocumentListModel(Corpus.open(corpus_folder)))
    qtmodeltester.check(proxy)
    proxy.set_filter_text("APPLE store")
    assert proxy.rowCount() == 1
    proxy.set_filter_text("nothing matches this")
    assert proxy.rowCount() == 0
    proxy.set_filter_text("")
    assert proxy.rowCount() == 3


def test_legend_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = LegendModel(Palette.load())
    model.set_counts({"ORG": 3, "GPE": 7, "DATE": 3})
    qtmodeltester.check(model)
    assert [model.index(r).data() for r in range(3)] == ["ORG  3", "GPE  7", "DATE  3"]
    model.toggle(2)
    assert model.hidden_types == {"DATE"}
    assert model.index(2).data(Qt.ItemDataRole.BackgroundRole) is None
    assert model.index(1).data(Qt.ItemDataRole.BackgroundRole) is not None


def test_empty_folder_lists_nothing(qtmodeltester: ModelTester, write_corpus: Callable[..., Path]) -> None:
    folder = write_corpus({"notes.md": "not a document"})
    model = DocumentListModel(Corpus.open(folder))
    qtmodeltester.check(model)
    assert model.rowCount() == 0
