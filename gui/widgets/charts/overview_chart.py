"""The corpus at a glance: its documents over time, the top entities of each type, and where the
documents' entities came from. The first chart a folder opened fresh shows: it draws its bars
itself (period_bars), without pyqtgraph."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from gui.core.insight.overview import Overview, overview
from gui.core.model.display_text import isolate
from gui.widgets.background.single_shot_timer import single_shot_timer
from gui.widgets.charts.chart_colours import ChartColours
from gui.widgets.charts.chart_pane import ChartPane
from gui.widgets.charts.chart_table import ChartTable
from gui.widgets.charts.period_bars import BarColours, PeriodBars

if TYPE_CHECKING:
    from gui.core.colours.palette import Palette
    from gui.core.session.events import StoreAnswer
    from gui.widgets.background.store_link import StoreLink

TYPES_SHOWN = 6  # columns of top entities on the chart (the table has every type)
PER_TYPE_SHOWN = 5
REFRESH_MS = 1000
# While the store takes documents, the overview is asked again after at least this many times as
# long as its last answer took: a big corpus's overview keeps a small share of the store's thread.
REFRESH_SHARE = 5


class OverviewChart(ChartPane):
    """Documents per period as bars, the top entities of each type and the entity sources."""

    def __init__(self, store: StoreLink, palette: Palette, parent: QWidget | None = None) -> None:
        super().__init__("Corpus Overview", palette, parent)
        self._store = store
        self._asked = 0
        self._took_ms = 0.0  # how long the store took to answer last
        self.overview: Overview | None = None
        picture = QWidget(self)
        picture.setObjectName("overviewPicture")
        picture.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        picture.setAccessibleName("Corpus overview")
        self.plot = PeriodBars(picture)
        self.plot.setAccessibleName("Documents over time")
        self.plot.setMinimumHeight(110)
        self.types = QGridLayout()
        self.sources = QLabel(picture)
        self.sources.setTextFormat(Qt.TextFormat.PlainText)
        self.sources.setWordWrap(True)
        self.sources.setAccessibleName("Entity sources")
        layout = QVBoxLayout(picture)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot, 3)
        layout.addLayout(self.types, 2)
        layout.addWidget(self.sources)
        # A short dock (the overview shown first, beside a document) scrolls rather than packing
        # the type columns over the plot's axis.
        page = QScrollArea(self)
        page.setWidgetResizable(True)
        page.setFrameShape(QFrame.Shape.NoFrame)
        page.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        page.setWidget(picture)
        self.set_picture(picture, page)
        self._ask_soon = single_shot_timer(self, REFRESH_MS, self.refresh)

    def refresh_soon(self) -> None:
        """The store took more documents: ask again in a moment (longer for a big corpus)."""
        if not self._ask_soon.isActive():
            self._ask_soon.start(max(REFRESH_MS, round(REFRESH_SHARE * self._took_ms)))

    def refresh(self) -> None:
        """Ask the store for the overview: a long question (every document's dates and entities),
        so it goes where the reader's questions (a search, Ctrl+E, the entity table) do not wait
        behind it."""
        self._asked += 1
        number = self._asked
        asked_at = time.perf_counter()
        self._store.ask(overview, lambda reply: self._show(number, reply, asked_at), self, long=True)

    def _show(self, number: int, reply: StoreAnswer, asked_at: float) -> None:
        if number != self._asked:
            return
        self._took_ms = 1000 * (time.perf_counter() - asked_at)
        if reply.problem:
            self.status.setText(f"⚠ {reply.problem}")
            return
        assert isinstance(reply.result, Overview)
        self.show_found(reply.result)

    def show_found(self, found: Overview) -> None:
        """Show an overview asked of the store (here or by whoever opened the chart with it)."""
        self._ask_soon.stop()
        self.overview = found
        self.set_table(_table(found))
        self.redraw()
        self.drawn.emit()

    def redraw(self) -> None:
        """Draw the overview in the colours of now."""
        found = self.overview
        if found is None:
            return
        colours = self.colours()
        counts = found.timeline.counts
        self.plot.set_bars(tuple(count.period or "" for count in counts),
                           tuple(count.documents for count in counts),
                           BarColours(colours.page, colours.text, colours.series_colour(0)))
        self.plot.setToolTip(f"Documents per {found.timeline.by.value}")
        self._draw_types(colours)
        sources = ", ".join(f"{source}: {count}" for source, count in found.entity_sources.items())
        undated = found.timeline.undated.documents
        noun = "document" if found.documents == 1 else "documents"
        counting = "" if self._store.up_to_date else " so far (the store is still counting them)"
        self.sources.setText(f"{found.documents:,} {noun}{counting} ({undated:,} undated), by "
                             f"{found.timeline.by.value}. Entities from: {sources or 'none yet'}.")
        self.status.setText("Ctrl+D shows every number as a table; Ctrl+Alt+S saves the chart or them.")

    def _draw_types(self, colours: ChartColours) -> None:
        while self.types.count():
            item = self.types.takeAt(0)
            if item is not None and (widget := item.widget()) is not None:
                widget.deleteLater()
        assert self.overview is not None
        for column, (label, entities) in enumerate(list(self.overview.top_entities.items())[:TYPES_SHOWN]):
            style = colours.palette.style(label)
            heading = QLabel(self.entity_palette.display_name(label), self)
            heading.setStyleSheet(f"background: {style.background}; color: {style.text}; padding: 2px 6px;")
            heading.setToolTip(style.description)
            self.types.addWidget(heading, 0, column)
            for row, entity in enumerate(entities[:PER_TYPE_SHOWN], start=1):
                line = QLabel(f"{isolate(entity.name)}  {entity.documents}", self)
                line.setTextFormat(Qt.TextFormat.PlainText)
                line.setToolTip(
                    f"{isolate(entity.name)}: {entity.documents} documents, {entity.mentions} mentions")
                self.types.addWidget(line, row, column)


def _table(found: Overview) -> ChartTable:
    rows: list[tuple[str | int | float, ...]] = [
        ("Documents per " + found.timeline.by.value, count.period or "", count.documents, count.mentions)
        for count in found.timeline.counts]
    rows.append(("Undated documents", "", found.timeline.undated.documents, found.timeline.undated.mentions))
    for label, entities in found.top_entities.items():
        rows += [(f"Top {label}", entity.name, entity.documents, entity.mentions) for entity in entities]
    rows += [("Entity source", source, count, "") for source, count in found.entity_sources.items()]
    return ChartTable(("Section", "Item", "Documents", "Mentions"), tuple(rows))
