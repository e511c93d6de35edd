"""The item models pass Qt's model tester and filter as the sidebar needs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from gui.core.colours.palette import Palette
from gui.core.corpus.corpus import Corpus
from gui.widgets.panels.legend import LegendModel
from gui.widgets.sidebar.document_list_model import (
    DateRole,
    DocumentFilterModel,
    DocumentIdRole,
    DocumentListModel,
    EntityCountRole,
)


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


def test_a_filter_typed_on_or_erased_keeps_what_a_fresh_filter_would(
    write_corpus: Callable[..., Path],
) -> None:
    titles = ["Libya talks", "Liberia votes", "Lisbon lights", "Libyan oil, Libya", "Oil in Lima",
              "Tripoli, Libya", "Nothing here", "LIBYA AND LIBERIA"]
    folder = write_corpus({f"{i}.txt": f"{title}\n\nBody {i}." for i, title in enumerate(titles)})
    source = DocumentListModel(Corpus.open(folder))
    typed = DocumentFilterModel()
    typed.setSourceModel(source)

    def shown(proxy: DocumentFilterModel) -> list[str]:
        return [proxy.index(row, 0).data(DocumentIdRole) for row in range(proxy.rowCount())]

    queries = ["l", "li", "lib", "liby", "libya", "liby", "lib", "li", "l", "", "oil l", "oil li",
               "li oil", "libya oil", "oil", "libya", "libyan", "libya", ""]
    for query in queries:
        typed.set_filter_text(query)
        fresh = DocumentFilterModel()
        fresh.setSourceModel(source)
        fresh.set_filter_text(query)
        assert shown(typed) == shown(fresh), query
    typed.set_filter_text("lib")
    assert set(shown(typed)) == {"0", "1", "3", "5", "7"}
    # The folder changed on disk: a new listing, whose rows the kept filters know nothing of.
    (folder / "8.txt").write_text("Libya again\n\nBody 8.", encoding="utf-8")
    typed.setSourceModel(DocumentListModel(Corpus.open(folder)))
    assert "8" in shown(typed)
    typed.set_filter_text("liby")
    assert set(shown(typed)) == {"0", "3", "5", "7", "8"}


def test_an_entity_filters_rows_found_elsewhere_are_used_only_for_their_own_listing(
    qtmodeltester: ModelTester, corpus_folder: Path
) -> None:
    source = DocumentListModel(Corpus.open(corpus_folder))
    proxy = DocumentFilterModel()
    proxy.setSourceModel(source)
    listing = source.document_ids()
    assert listing[0] == "merkel"

    def shown() -> list[str]:
        return [proxy.index(row, 0).data(DocumentIdRole) for row in range(proxy.rowCount())]

    # Rows worked out off the UI thread are taken as they are (here, wrongly, on purpose: a
    # look-up per row is what they spare).
    proxy.set_allowed_ids(frozenset({"merkel"}), (listing, [1]))
    qtmodeltester.check(proxy)
    assert shown() == [listing[1]]
    # Those of another listing (the list was sorted or grew since) are not: each row is looked up.
    proxy.set_allowed_ids(frozenset({"merkel", listing[2]}), (list(listing), [1]))
    assert shown() == ["merkel", listing[2]]
    source.refresh()  # a new list of ids: the rows given for the old one go
    proxy.set_allowed_ids(None)
    proxy.set_allowed_ids(frozenset({listing[1]}), (listing, [0]))
    assert source.document_ids() is not listing and shown() == [listing[1]]


def test_a_row_filter_narrows_with_the_entity_filter_and_the_typed_words(
    qtmodeltester: ModelTester, write_corpus: Callable[..., Path]
) -> None:
    titles = ["Libya talks", "Liberia votes", "Libyan oil", "Oil in Lima", "Tripoli, Libya"]
    folder = write_corpus({f"{i}.txt": f"{title}\n\nBody {i}." for i, title in enumerate(titles)})
    source = DocumentListModel(Corpus.open(folder))
    proxy = DocumentFilterModel()
    proxy.setSourceModel(source)
    ids = source.document_ids()
    kept_ids = {"0", "2", "3"}  # what the reader's filter keeps (unread ones, say)
    asked: list[DocumentListModel] = []

    def kept_rows(model: DocumentListModel) -> list[int]:
        asked.append(model)
        return [row for row, doc_id in enumerate(model.document_ids()) if doc_id in kept_ids]

    def shown() -> set[str]:
        return {proxy.index(row, 0).data(DocumentIdRole) for row in range(proxy.rowCount())}

    proxy.set_row_filter(kept_rows)
    qtmodeltester.check(proxy)
    assert shown() == {"0", "2", "3"} and asked == [source]
    proxy.set_filter_text("lib")  # with the typed words
    assert shown() == {"0", "2"}
    proxy.set_filter_text("liby")  # narrowed from "lib"'s rows, which passed it already
    assert shown() == {"0", "2"}
    proxy.set_filter_text("")
    proxy.set_allowed_ids(frozenset({"2", "3", "4"}), (ids, [ids.index(i) for i in ("2", "3", "4")]))
    assert shown() == {"2", "3"}  # with the entity filter
    kept_ids.discard("2")
    proxy.set_row_filter(kept_rows)  # set again: asked again
    assert shown() == {"3"}
    proxy.set_row_filter(None)
    assert shown() == {"2", "3", "4"}
