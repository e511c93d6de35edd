"""What every chart pane has: the chart and the table of its numbers one key apart, a line that
says what is chosen (for screen readers too), and saving as PNG, SVG or CSV."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.core.colours.palette import Palette
from gui.widgets.charts.chart_colours import ChartColours
from gui.widgets.charts.chart_export import FORMATS, ChartSaveError, save_chart
from gui.widgets.charts.chart_keys import SAVE_CHART, TOGGLE_TABLE
from gui.widgets.charts.chart_table import ChartTable, ChartTableModel

KeyRow = tuple[str, str, tuple[str, ...]]
RESIZE_ROWS = 50  # the rows a table's columns are sized to


def add_key_actions(
    widget: QWidget, rows: Iterable[tuple[KeyRow, Callable[[], object]]], context: Qt.ShortcutContext
) -> dict[str, QAction]:
    """One QAction per row of chart_keys on `widget`, limited to `context`, running its slot."""
    actions: dict[str, QAction] = {}
    for (name, text, keys), slot in rows:
        action = QAction(text, widget)
        action.setObjectName(name)
        action.setShortcuts([QKeySequence(key) for key in keys])
        action.setShortcutContext(context)
        action.triggered.connect(lambda _checked=False, run=slot: run())
        widget.addAction(action)
        actions[name] = action
    return actions


class ChartPane(QWidget):
    """A titled chart over a table of its numbers; subclasses draw into `picture`."""

    drawn = Signal()  # the chart shows the store's latest answer
    said = Signal(str)  # a message for the status line
    documentsChosen = Signal(object, str)  # frozenset of doc ids, what they are (for the list's chip)

    def __init__(self, title: str, palette: Palette, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.entity_palette = palette
        self.setAccessibleName(title)
        self.controls = QVBoxLayout()
        self.stack = QStackedWidget(self)
        self.table_model = ChartTableModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("chartTable")
        self.table.setAccessibleName(f"{title}: the numbers")
        self.table.setModel(self.table_model)
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Sized to its first rows: measuring a thousand rows (Qt's default) of a network's five
        # thousand links held the UI thread at every answer.
        self.table.horizontalHeader().setResizeContentsPrecision(RESIZE_ROWS)
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.setAccessibleName(f"{title}: what is chosen")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(self.controls)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.status)
        self._redraw_soon = QTimer(self)
        self._redraw_soon.setSingleShot(True)
        self._redraw_soon.timeout.connect(self.redraw)
        self.actions_by_id = add_key_actions(
            self, [(TOGGLE_TABLE, self.toggle_table), (SAVE_CHART, self.save_dialog)],
            Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )

    def set_picture(self, picture: QWidget, page: QWidget | None = None) -> None:
        """The chart itself: shown first (in `page`, a scroll area say, if given), the table one
        key (Ctrl+D) away."""
        self.picture = picture
        self._page = page or picture
        self.stack.addWidget(self._page)
        self.stack.addWidget(self.table)

    def focus_widget(self) -> QWidget:
        """Where the keyboard goes in this pane: the chart, or its table when that is shown."""
        return self.table if self.showing_table else self.picture

    @property
    def showing_table(self) -> bool:
        """Whether the table of numbers is shown instead of the chart."""
        return self.stack.currentWidget() is self.table

    def toggle_table(self) -> None:
        """Show the numbers as a table, or the chart again; the focus follows."""
        shown = self.picture if self.showing_table else self.table
        self.stack.setCurrentWidget(self._page if shown is self.picture else shown)
        shown.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if shown is self.table and not self.table.currentIndex().isValid() and self.table_model.rowCount():
            self.table.setCurrentIndex(self.table_model.index(0, 0))
        self.said.emit(f"{self.title}: {'the numbers as a table' if shown is self.table else 'the chart'}"
                       " (Ctrl+D switches)")

    def set_table(self, table: ChartTable) -> None:
        """The numbers the chart draws."""
        self.table_model.set_table(table)

    def colours(self) -> ChartColours:
        """The colours to draw with now."""
        return ChartColours.of(self, self.entity_palette)

    def redraw(self) -> None:
        """Draw again with the colours of now (the theme or the palette changed)."""

    def refresh(self) -> None:
        """Ask the store for the chart's numbers again."""

    def refresh_soon(self) -> None:
        """The store took more documents: ask again in a moment."""

    def changeEvent(self, event: QEvent) -> None:
        """Qt override: a new theme or palette redraws (once the palette has changed too)."""
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._redraw_soon.start(0)
        super().changeEvent(event)

    def save_dialog(self) -> None:
        """Ask where to save the chart (PNG, SVG) or its numbers (CSV), and save."""
        name, chosen = QFileDialog.getSaveFileName(self, f"Save {self.title}", self.title.lower() + ".png",
                                                   FORMATS)
        if not name:
            return
        path = Path(name)
        if not path.suffix:  # the format chosen in the dialog says which
            path = path.with_suffix("." + chosen.split("*.")[-1].rstrip(")"))
        self.save(path)

    def save(self, path: Path) -> bool:
        """Save the chart or its numbers to `path` by its suffix; say what happened."""
        try:
            save_chart(self.picture, self.table_model.table, path, self.title)
        except ChartSaveError as error:
            self.said.emit(str(error))
            return False
        self.said.emit(f"Saved {path}")
        return True
