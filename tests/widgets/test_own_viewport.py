"""Scroll areas with a viewport made in Python (gui/widgets/own_viewport.py) look and behave as
with Qt's own: the same set-up, and the text still lays out and paints on it."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractScrollArea, QListView, QPlainTextEdit, QTreeView, QWidget
from pytestqt.qtbot import QtBot

from gui.core.palette import Palette
from gui.widgets.document_list_view import DocumentListView
from gui.widgets.document_view import DocumentView
from gui.widgets.own_viewport import give_own_viewport


def _set_up(viewport: QWidget) -> dict[str, Any]:
    """What a scroll area's set-up decides about its viewport."""
    return {
        "name": viewport.objectName(),
        "roles": (viewport.backgroundRole(), viewport.foregroundRole()),
        "fills its background": viewport.autoFillBackground(),
        "cursor": viewport.cursor().shape(),
        "accepts drops": viewport.acceptDrops(),
        "focus policy": viewport.focusPolicy(),
        "mouse tracking": viewport.hasMouseTracking(),
        "attributes": [a.name for a in Qt.WidgetAttribute if viewport.testAttribute(a)],
    }


def test_item_views_get_a_viewport_set_up_as_qts_own(qtbot: QtBot) -> None:
    for kind in (QListView, QTreeView):
        theirs, ours = kind(), kind()
        qtbot.addWidget(theirs)
        qtbot.addWidget(ours)
        made = give_own_viewport(ours)
        assert ours.viewport() is made and made.parentWidget() is ours
        assert _set_up(made) == _set_up(theirs.viewport()), kind.__name__


def test_the_sidebar_list_has_a_viewport_made_in_python(qtbot: QtBot) -> None:
    view, plain = DocumentListView(), QListView()
    qtbot.addWidget(view)
    qtbot.addWidget(plain)
    assert _set_up(view.viewport()) == _set_up(plain.viewport())
    assert shiboken6.createdByPython(view.viewport()) and view.viewport().parentWidget() is view
    assert not shiboken6.createdByPython(plain.viewport())


def test_the_document_view_viewport_is_set_up_as_a_plain_text_edits(qtbot: QtBot) -> None:
    view, plain = DocumentView(Palette.load()), QPlainTextEdit()
    qtbot.addWidget(view)
    qtbot.addWidget(plain)
    for edit in (view, plain):
        edit.setReadOnly(True)
        edit.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard | Qt.TextInteractionFlag.TextSelectableByMouse
        )
    assert _set_up(view.viewport()) == _set_up(plain.viewport())
    assert view.viewport().cursor().shape() == Qt.CursorShape.IBeamCursor
    assert shiboken6.createdByPython(view.viewport())
    # The text lays out and paints on it, not on the viewport setViewport deleted.
    assert view.document().documentLayout().paintDevice() is view.viewport()


def test_text_lays_out_and_paints_on_the_viewport_made_in_python(qtbot: QtBot) -> None:
    view = DocumentView(Palette.load())
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.show_text("Angela Merkel met Emmanuel Macron in Paris.\n" * 40)
    view.show()
    qtbot.waitExposed(view)
    # The text laid out against the new viewport: lines, and a scroll range for 40 of them.
    assert view.blockBoundingRect(view.document().firstBlock()).height() > 0
    assert view.verticalScrollBar().maximum() > 0
    image = view.viewport().grab().toImage()
    colours = {image.pixelColor(x, y).rgb() for x in range(0, image.width(), 3)
               for y in range(0, min(image.height(), 60), 3)}
    assert len(colours) > 2  # text, not just the background
    assert QColor(image.pixelColor(image.width() - 2, image.height() - 2)) == view.palette().base().color()


def test_a_view_with_its_own_viewport_is_deleted_cleanly(qtbot: QtBot) -> None:
    area: QAbstractScrollArea = DocumentView(Palette.load())
    viewport = area.viewport()
    area.show_text("Some text.")  # type: ignore[attr-defined]
    area.deleteLater()
    qtbot.waitUntil(lambda: not _alive(viewport), timeout=2000)


def _alive(widget: QWidget) -> bool:
    return shiboken6.isValid(widget)
