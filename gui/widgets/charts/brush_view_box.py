"""A pyqtgraph ViewBox that does not pan or zoom: a drag brushes a range of bars, a click picks one."""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal


class BrushViewBox(pg.ViewBox):  # type: ignore[misc]  # pyqtgraph has no types
    """A fixed view whose mouse chooses bars along x."""

    brushed = Signal(float, float)  # where the drag started and where it is now (view x)
    clicked = Signal(float)  # where the click was (view x)

    def __init__(self) -> None:
        super().__init__(enableMenu=False)
        self.setMouseEnabled(x=False, y=False)

    def mouseDragEvent(self, event: Any, axis: int | None = None) -> None:
        """pyqtgraph override: a left drag brushes instead of panning."""
        if event.button() != Qt.MouseButton.LeftButton:
            event.ignore()
            return
        event.accept()
        start = self.mapSceneToView(event.buttonDownScenePos()).x()
        self.brushed.emit(start, self.mapSceneToView(event.scenePos()).x())

    def mouseClickEvent(self, event: Any) -> None:
        """pyqtgraph override: a left click picks the bar under it."""
        if event.button() != Qt.MouseButton.LeftButton:
            event.ignore()
            return
        event.accept()
        self.clicked.emit(self.mapSceneToView(event.scenePos()).x())

    def wheelEvent(self, event: Any, axis: int | None = None) -> None:
        """pyqtgraph override: the wheel scrolls the pane, not the chart."""
        event.ignore()
