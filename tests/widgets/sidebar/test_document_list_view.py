"""The document list repaints a row whose entity count arrives, without laying out every row."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from gui.core.corpus.corpus import Corpus
from gui.widgets.sidebar.document_list_model import DocumentFilterModel, EntityCountRole
from gui.widgets.sidebar.document_sidebar import DocumentSidebar
from gui.widgets.sidebar.model_index import AnyIndex

ROWS = 1_200


class CountingFilterModel(DocumentFilterModel):
    """The filter model, counting the indexes the view asks it for: one for each row it repaints,
    and a layout asks for every row's."""

    asked = 0

    def index(self, row: int, column: int = 0, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        """Qt override: count, then answer as the filter model does."""
        self.asked += 1
        return super().index(row, column, parent)


@pytest.fixture
def sidebar(write_corpus: Callable[[dict[str, str | bytes]], Path], qtbot: QtBot) -> DocumentSidebar:
    """A shown sidebar over a folder of ROWS short documents, laid out. No engine: the counts are
    the test's to give."""
    folder = write_corpus({f"n{i:04}.txt": f"Story number {i}.\n" for i in range(ROWS)})
    rows = CountingFilterModel()
    pane = DocumentSidebar(filter_model=rows)
    qtbot.addWidget(pane)
    pane.resize(320, 600)
    pane.show()
    qtbot.waitExposed(pane)
    pane.set_corpus(Corpus.open(folder))
    seen: list[int] = []

    def laid_out() -> bool:
        """Whether the view stopped asking for rows (the layout, done in batches, is over)."""
        seen.append(rows.asked)
        return len(seen) > 2 and seen[-1] == seen[-3]

    qtbot.waitUntil(laid_out, timeout=10_000)
    return pane


def test_entity_counts_repaint_their_rows_without_a_layout_of_every_row(
    sidebar: DocumentSidebar, qtbot: QtBot
) -> None:
    model = sidebar.source_model
    rows = sidebar.filter_model
    assert model is not None and isinstance(rows, CountingFilterModel)
    rows.asked = 0
    with qtbot.waitSignal(sidebar.filter_model.dataChanged):
        for row in range(ROWS):
            model.set_entity_count(model.entry_at(row).id, row % 7)
    qtbot.wait(200)  # time for a layout to start, had one been asked for (what must not happen)
    assert 0 < rows.asked < ROWS // 2  # the rows on screen repainted; not every row laid out
    assert sidebar.filter_model.index(3, 0).data(EntityCountRole) == 3
    assert "3 entities" in sidebar.filter_model.index(3, 0).data(Qt.ItemDataRole.AccessibleTextRole)


def test_other_changes_still_lay_the_rows_out(sidebar: DocumentSidebar, qtbot: QtBot) -> None:
    model = rows = sidebar.filter_model
    assert isinstance(rows, CountingFilterModel)
    rows.asked = 0
    model.dataChanged.emit(model.index(0, 0), model.index(ROWS - 1, 0), [Qt.ItemDataRole.DisplayRole])
    qtbot.waitUntil(lambda: rows.asked >= ROWS, timeout=5_000)


def test_a_layout_asks_for_each_rows_index_once(sidebar: DocumentSidebar, qtbot: QtBot) -> None:
    # On a grid of the rows' size: off one, Qt asks for each row's index again for its size.
    model = rows = sidebar.filter_model
    assert isinstance(rows, CountingFilterModel)
    view = sidebar.list_view
    first = view.visualRect(model.index(0, 0))
    assert view.gridSize().height() == first.height() and first.width() == view.viewport().width()
    rows.asked = 0
    seen: list[int] = []

    def laid_out() -> bool:
        seen.append(rows.asked)
        return len(seen) > 2 and seen[-1] == seen[-3] >= ROWS

    model.dataChanged.emit(model.index(0, 0), model.index(ROWS - 1, 0), [Qt.ItemDataRole.DisplayRole])
    qtbot.waitUntil(laid_out)
    assert rows.asked < ROWS * 3 // 2  # each row's once, and those painted
    assert view.visualRect(model.index(1, 0)).top() == view.visualRect(model.index(0, 0)).bottom() + 1
