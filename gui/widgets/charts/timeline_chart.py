"""The timeline chart: documents per period of one or more queries (one colour each), the
undated ones apart at the end; a period cursor moved by the keys or brushed by the mouse, and
Enter lists the chosen periods' documents."""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from gui.core.insight.timeline import Count, Period, Timeline, period_label
from gui.core.model.display_text import isolate
from gui.core.search.query import QueryError, parse_query
from gui.widgets.background.single_shot_timer import single_shot_timer
from gui.widgets.charts import chart_keys as keys
from gui.widgets.charts.brush_view_box import BrushViewBox
from gui.widgets.charts.chart_pane import ChartPane, add_key_actions
from gui.widgets.charts.chart_questions import Series, lined_up_timelines, period_dates, period_documents
from gui.widgets.charts.chart_table import ChartTable
from gui.widgets.sidebar.list_navigation import ResultsNavigation

if TYPE_CHECKING:
    from gui.core.colours.palette import Palette
    from gui.core.corpus.store import CorpusStore
    from gui.core.session.events import StoreAnswer
    from gui.widgets.background.store_link import StoreLink

UNDATED = "undated"
SEPARATOR = ";"  # between the queries that share the chart
PERIODS = (Period.DAY, Period.WEEK, Period.MONTH, Period.YEAR)
TICKS = 12  # about this many period labels under the bars
TYPING_PAUSE_MS = 400
LEGEND_COLUMNS = 4  # the queries' names side by side in the legend, at most this many a row
LEGEND_MARGIN = 10  # pixels between the legend's box and the highest bar below it
MIN_X_SPAN = 4.0  # slots: the x range of one or two bars, so that a bar is not the chart's width
CURSOR_PIXELS = 10.0  # the period cursor is at least this wide: a month of 25 years was 4 pixels
CURSOR_ROOM = 4.0  # pixels between the value axis and the cursor on the first period


def parse_series(text: str) -> tuple[Series, ...]:
    """The queries typed, separated by ';' (none: every document). Raises QueryError."""
    parts = [part.strip() for part in text.split(SEPARATOR) if part.strip()]
    if not parts:
        return (Series("every document", None),)
    return tuple(Series(part, parse_query(part)) for part in parts)


class CountAxis(pg.AxisItem):  # type: ignore[misc]  # pyqtgraph has no types
    """A value axis of document counts: whole numbers only. pyqtgraph's own ticks a low chart
    at 0.5 and 1.5 documents, which no period can have."""

    def tickValues(self, start: float, end: float, size: float) -> list[tuple[float, list[float]]]:
        """pyqtgraph override: its levels of whole spacing, else every whole number in range."""
        levels = [(spacing, [value for value in values if float(value).is_integer()])
                  for spacing, values in super().tickValues(start, end, size) if spacing >= 1]
        if levels:
            return levels
        low, high = sorted((start, end))
        return [(1.0, [float(value) for value in range(math.ceil(low), math.floor(high) + 1)])]


class TimelineChart(ChartPane):
    """Queries over time as bars; the cursor chooses periods, Enter lists their documents."""

    def __init__(self, store: StoreLink, palette: Palette, parent: QWidget | None = None) -> None:
        super().__init__("Timeline", palette, parent)
        self._store = store
        self._asked = 0
        self.series: tuple[Series, ...] = ()
        self.timelines: list[Timeline] = []
        self.slots: list[str] = []  # the periods, then UNDATED if any query has undated documents
        self.anchor = self.position = 0  # the cursor: from anchor to position, both included
        self._keep_day: dt.date | None = None  # the cursor goes back to this day's period when answered
        # The cursor's ends (anchor, position) and the bars' length when last asked: the cursor is
        # put on the same periods in the answer, else on the one holding the same day.
        self._kept: tuple[str, str, Period] | None = None
        self._day: dt.date | None = None  # the day the cursor was last put on by date
        self.query_edit = QLineEdit(self)
        self.query_edit.setPlaceholderText(
            'Queries, ";" between them: entity:"Tony Blair"; entity:"Gordon Brown"')
        self.query_edit.setAccessibleName("Timeline queries")
        self.query_edit.setClearButtonEnabled(True)
        self.period_box = QComboBox(self)
        self.period_box.setAccessibleName("Bar length")
        self.period_box.addItem("Chosen from the span", None)
        for by in PERIODS:
            self.period_box.addItem(f"A bar a {by.value}", by)
        row = QHBoxLayout()
        query_label = QLabel("&Queries:", self)
        query_label.setBuddy(self.query_edit)
        period_label_widget = QLabel("&Bars:", self)
        period_label_widget.setBuddy(self.period_box)
        for widget, stretch in ((query_label, 0), (self.query_edit, 1), (period_label_widget, 0),
                                (self.period_box, 0)):
            row.addWidget(widget, stretch)
        self.controls.addLayout(row)
        self.view_box = BrushViewBox()
        self.plot = pg.PlotWidget(self, viewBox=self.view_box, axisItems={"left": CountAxis("left")})
        self.plot.setObjectName("timelinePlot")
        self.plot.setAccessibleName("Timeline chart")
        self.plot.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.plot.setMinimumHeight(160)
        self.plot.setLabel("left", "documents")
        self.plot.hideButtons()
        self.legend = self.plot.addLegend(offset=(10, 5))
        self._highest = 1  # the most documents of a bar: the heights are fitted under the legend
        self.view_box.sigResized.connect(lambda _box: self._fit_view())
        self._cursor: pg.LinearRegionItem | None = None  # the period cursor as drawn
        self.set_picture(self.plot)
        self.key_actions = add_key_actions(self.plot, [
            (keys.PREVIOUS_PERIOD, lambda: self.move_cursor(-1)),
            (keys.NEXT_PERIOD, lambda: self.move_cursor(1)),
            (keys.WIDEN_LEFT, lambda: self.move_cursor(-1, widen=True)),
            (keys.WIDEN_RIGHT, lambda: self.move_cursor(1, widen=True)),
            (keys.FIRST_PERIOD, lambda: self.set_cursor(0, 0)),
            (keys.LAST_PERIOD, lambda: self.set_cursor(len(self.slots) - 1, len(self.slots) - 1)),
            (keys.FILTER_PERIOD, self.choose_documents),
            (keys.SHORTER_PERIODS, lambda: self.step_period(-1)),
            (keys.LONGER_PERIODS, lambda: self.step_period(1)),
        ], Qt.ShortcutContext.WidgetShortcut)
        self.view_box.brushed.connect(self._on_brushed)
        self.view_box.clicked.connect(lambda x: self._on_brushed(x, x))
        self._ask_soon = single_shot_timer(self, TYPING_PAUSE_MS, self.refresh)
        self.query_edit.textChanged.connect(lambda _text: self._ask_soon.start())
        self.query_edit.returnPressed.connect(self._query_entered)
        self.period_box.currentIndexChanged.connect(lambda _index: self.refresh())
        # As every chooser over results: Down, met tabbing on to the chart, changed the bars by
        # accident; they change with Alt+Down or F4 (its list), typing, or [ and ] in the chart.
        ResultsNavigation(self.period_box, None)

    # Asking ------------------------------------------------------------------------------------

    def show_queries(self, text: str, by: Period | None = None) -> None:
        """Chart these queries (';' between them), by `by` or the period chosen from the span."""
        self.query_edit.blockSignals(True)
        self.query_edit.setText(text)
        self.query_edit.blockSignals(False)
        self.period_box.blockSignals(True)
        self.period_box.setCurrentIndex(self.period_box.findData(by) if by else 0)
        self.period_box.blockSignals(False)
        self._keep_day = None
        self.refresh()

    def add_query(self, text: str) -> None:
        """Chart one more query beside those charted."""
        typed = self.query_edit.text().strip()
        self.show_queries(f"{typed}{SEPARATOR} {text}" if typed else text, self.period_box.currentData())

    def refresh_soon(self) -> None:
        """The store took more documents: ask again in a moment."""
        self._ask_soon.start()

    def refresh(self) -> None:
        """Ask the store for the timelines of what is typed."""
        self._ask_soon.stop()
        try:
            series = parse_series(self.query_edit.text())
        except QueryError as error:
            self.status.setText(f"⚠ {error}")
            return
        by = self.period_box.currentData()
        if self.slots:  # what the cursor is on: its periods are found again in the answer
            self._kept = (self.slots[self.anchor], self.slots[self.position], self.by)
        self._asked += 1
        number = self._asked
        self._store.ask(lambda store: lined_up_timelines(store, series, by),
                        lambda reply: self._show(number, series, reply), self)

    def _query_entered(self) -> None:
        self.refresh()
        self.plot.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show(self, number: int, series: tuple[Series, ...], reply: StoreAnswer) -> None:
        if number != self._asked:
            return  # a newer question was asked meanwhile
        if reply.problem:
            self.status.setText(f"⚠ {reply.problem}")
            return
        assert isinstance(reply.result, list)
        self.series, self.timelines = series, reply.result
        periods = [count.period or "" for count in self.timelines[0].counts] if self.timelines else []
        undated = any(timeline.undated.documents for timeline in self.timelines)
        self.slots = periods + ([UNDATED] if undated else [])
        self._place_cursor(periods)
        self._keep_day = None
        self.set_table(self._table())
        self._table_follows()
        self.redraw()
        self._describe()
        self.drawn.emit()

    def _place_cursor(self, periods: list[str]) -> None:
        """Put the cursor on the periods it was on before the question, by their dates, not their
        places: the same periods if the bars are as long and both are charted still; else the one
        period holding the first day it was on (the nearest, if none does); a selection of several
        periods that no longer means the same ones is dropped."""
        kept, self._kept = self._kept, None
        last = max(len(self.slots) - 1, 0)
        day = self._keep_day
        if day is None and kept is not None:
            anchor, position, by = kept
            if by == self.by and anchor in self.slots and position in self.slots:
                self.anchor, self.position = self.slots.index(anchor), self.slots.index(position)
                return
            dated = sorted(label for label in (anchor, position) if label != UNDATED)
            if not dated:  # it was on the undated documents
                self.anchor = self.position = self.slots.index(UNDATED) if UNDATED in self.slots else 0
                return
            day = self._first_day(dated[0])
        if day is None:
            self.anchor, self.position = min(self.anchor, last), min(self.position, last)
            return
        if not periods:
            self.anchor = self.position = 0
            return
        self._day = day
        label = period_label(day, self.by)
        if label in periods:
            self.anchor = self.position = periods.index(label)
            return
        self.anchor = self.position = min(
            range(len(periods)), key=lambda slot: abs((period_dates(periods[slot])[0] - day).days))

    def _first_day(self, label: str) -> dt.date:
        """The day the cursor is on, in the period `label`: the day it was put on by date, while
        that period holds it (days to weeks to months went from 2005-01-01 to 2004-W53 and so to
        2004-12), else the period's first day."""
        first, last = period_dates(label)
        return self._day if self._day is not None and first <= self._day <= last else first

    def _table_follows(self) -> None:
        """The table's current row is the cursor's period (Ctrl+D shows it there)."""
        if self.position < self.table_model.rowCount():
            self.table.setCurrentIndex(self.table_model.index(self.position, 0))

    @property
    def by(self) -> Period:
        """How long a bar is now."""
        return self.timelines[0].by if self.timelines else Period.MONTH

    # Drawing -----------------------------------------------------------------------------------

    def redraw(self) -> None:
        """Draw the bars, the cursor and the axes in the colours of now."""
        colours = self.colours()
        self.plot.clear()
        self._cursor = None
        self.legend.clear()
        self.plot.setBackground(colours.page)
        for side in ("left", "bottom"):
            axis = self.plot.getAxis(side)
            axis.setPen(colours.text)
            axis.setTextPen(colours.text)
        self.legend.setLabelTextColor(colours.text)
        self.legend.setBrush(colours.qcolor(colours.page, 210))
        self.bars: list[pg.BarGraphItem] = []  # one item per series
        if not self.slots:
            return
        count = len(self.series)
        self.legend.setColumnCount(max(1, min(count, LEGEND_COLUMNS)))  # a low band, not a tall box
        width = 0.8 / count
        highest = 1
        for number, (one, timeline) in enumerate(zip(self.series, self.timelines, strict=True)):
            heights = [c.documents for c in timeline.counts]
            if UNDATED in self.slots:
                heights.append(timeline.undated.documents)
            highest = max(highest, *heights)
            xs = [self.x_of(slot) - 0.4 + width * (number + 0.5) for slot in range(len(heights))]
            colour = colours.series_colour(number)
            bars = pg.BarGraphItem(x=xs, height=heights, width=width * 0.95, brush=colour,
                                   pen=pg.mkPen(colours.text, width=0.5), name=isolate(one.text))
            self.plot.addItem(bars)
            self.bars.append(bars)  # the plot puts its name in the legend
        self._cursor = pg.LinearRegionItem(values=self.cursor_span(), movable=False,
                                           brush=colours.qcolor(colours.cursor, 70),
                                           pen=pg.mkPen(colours.cursor, width=2))
        self._cursor.setZValue(-10)
        self.plot.addItem(self._cursor)
        dated = len(self.slots) - (UNDATED in self.slots)
        step = max(1, math.ceil(dated / TICKS))
        ticks = [(self.x_of(slot), self.slots[slot]) for slot in range(0, dated, step)]
        if UNDATED in self.slots:
            ticks = [tick for tick in ticks if tick[0] < dated - step / 2] + [(self.x_of(dated), UNDATED)]
        self.plot.getAxis("bottom").setTicks([ticks])
        self.plot.setXRange(*self.x_range(), padding=0)
        self._cursor.setRegion(self.cursor_span())  # its least width in the range now shown
        self._highest = highest
        self._fit_heights()

    def legend_band(self) -> float:
        """How much of the plot's height, from its top, the legend's band takes (0 to 1)."""
        height = float(self.view_box.height())
        if height <= 0:
            return 0.2
        room = self.legend.boundingRect().height() + LEGEND_MARGIN if self.legend.items else 0.0
        return min(room / height, 0.6)

    def _fit_view(self) -> None:
        """Fit the bars under the legend, and the x range and the cursor to the view's width (a
        period's pixels change with it)."""
        self._fit_heights()
        if self.slots and self._cursor is not None:
            self.plot.setXRange(*self.x_range(), padding=0)
            self._cursor.setRegion(self.cursor_span())

    def _fit_heights(self) -> None:
        """Scale the bars so that the highest ends below the legend's band: the legend, in the
        plot's top left corner, covered the first bars and the period cursor on them."""
        if self.slots:
            self.plot.setYRange(0, self._highest * 1.05 / (1 - self.legend_band()), padding=0)

    def x_range(self) -> tuple[float, float]:
        """The x range the bars are drawn in: room at the right for the undated slot's label only
        when it is there (one period's bar stood in the left half of an empty chart); a few bars
        are shown MIN_X_SPAN wide at least, centred, not one bar the chart's width."""
        low, high = -0.6, self.x_of(len(self.slots) - 1) + (1.4 if UNDATED in self.slots else 0.6)
        more = max(0.0, MIN_X_SPAN - (high - low)) / 2
        low, high = low - more, high + more
        # Room for the cursor at its least width beside the axis: on the first of many periods it
        # was a strip of a few pixels, its edge under the axis's line.
        slot = self._slot_pixels(high - low)
        half = max(0.5, CURSOR_PIXELS / 2 / slot) + CURSOR_ROOM / slot
        return min(low, self.x_of(0) - half), max(high, self.x_of(len(self.slots) - 1) + half)

    def _slot_pixels(self, span: float) -> float:
        """A slot's width in pixels when `span` slots fill the view (1 before it has a width)."""
        width = float(self.view_box.width())
        return width / span if width > 0 and span > 0 else 1.0

    def cursor_span(self) -> tuple[float, float]:
        """Where the cursor is drawn, in slots: its periods' bars, CURSOR_PIXELS wide at least."""
        low, high = sorted((self.anchor, self.position))
        left, right = self.x_of(low) - 0.5, self.x_of(high) + 0.5
        range_low, range_high = self.view_box.viewRange()[0]
        slot = self._slot_pixels(range_high - range_low)
        grow = max(0.0, CURSOR_PIXELS / slot - (right - left)) / 2
        return left - grow, right + grow

    def x_of(self, slot: int) -> float:
        """Where a slot's bars are: the periods one apart, the undated ones after a gap."""
        return slot + 1 if self.slots[slot:slot + 1] == [UNDATED] else slot

    def slot_at(self, x: float) -> int:
        """The slot whose bars are nearest to `x`."""
        if not self.slots:
            return 0
        return min(range(len(self.slots)), key=lambda slot: abs(self.x_of(slot) - x))

    def _table(self) -> ChartTable:
        headers = ["Period"]
        for one in self.series:
            headers += [f"{one.text}: documents", f"{one.text}: mentions"]
        rows = []
        for slot, label in enumerate(self.slots):
            cells: list[str | int | float] = [label]
            for timeline in self.timelines:
                count = timeline.undated if label == UNDATED else timeline.counts[slot]
                cells += [count.documents, count.mentions]
            rows.append(tuple(cells))
        return ChartTable(tuple(headers), tuple(rows))

    # The cursor --------------------------------------------------------------------------------

    @property
    def chosen(self) -> list[str]:
        """The periods (or UNDATED) under the cursor."""
        low, high = sorted((self.anchor, self.position))
        return self.slots[low : high + 1]

    def set_cursor(self, anchor: int, position: int) -> None:
        """Put the cursor from one period to another (indexes into `slots`)."""
        if not self.slots:
            return
        last = len(self.slots) - 1
        self.anchor, self.position = max(0, min(anchor, last)), max(0, min(position, last))
        self._table_follows()
        self.redraw()
        self._describe()

    def move_cursor(self, step: int, widen: bool = False) -> None:
        """Move the cursor a period along, or (widen) move its far end only."""
        position = self.position + step
        self.set_cursor(self.anchor if widen else position, position)

    def _on_brushed(self, start: float, now: float) -> None:
        self.set_cursor(self.slot_at(start), self.slot_at(now))
        self.plot.setFocus(Qt.FocusReason.MouseFocusReason)

    def step_period(self, step: int) -> None:
        """Shorter (-1) or longer (+1) bars, the cursor staying on the same days."""
        at = PERIODS.index(self.by) + step
        if not 0 <= at < len(PERIODS):
            self.said.emit(f"The bars are already a {self.by.value} long")
            return
        dated = [label for label in self.chosen if label != UNDATED]
        self._keep_day = self._first_day(dated[0]) if dated else None
        self.period_box.setCurrentIndex(self.period_box.findData(PERIODS[at]))  # asks again

    def _describe(self) -> None:
        chosen = self.chosen
        if not chosen:
            self.status.setText("No documents match yet.")
            return
        parts = []
        for one, timeline in zip(self.series, self.timelines, strict=True):
            documents = sum(_count(timeline, label, self.slots).documents for label in chosen)
            parts.append(f"{isolate(one.text)}: {_documents(documents)}")
        text = f"{_span(chosen)}: {'; '.join(parts)}. Enter lists them"
        undated = [timeline.undated.documents for timeline in self.timelines]
        if any(undated) and UNDATED not in chosen:
            text += f"; undated: {', '.join(map(str, undated))} (End)"
        self.status.setText(text + ".")
        self.plot.setAccessibleDescription(text)

    def choose_documents(self) -> None:
        """List the documents of the periods under the cursor (any of the queries)."""
        chosen = self.chosen
        if not chosen:
            return
        dated = [label for label in chosen if label != UNDATED]
        queries = tuple(one.query for one in self.series)
        names = ", ".join(one.text for one in self.series)

        def question(store: CorpusStore) -> frozenset[str]:
            found = period_documents(store, queries, dated[0], dated[-1]) if dated else frozenset()
            if UNDATED in chosen:
                found |= period_documents(store, queries, None, None)
            return found

        def answer(reply: StoreAnswer) -> None:
            if reply.problem:
                self.said.emit(reply.problem)
                return
            ids = reply.result
            assert isinstance(ids, frozenset)
            self.documentsChosen.emit(ids, f"{isolate(names)} in {_span(chosen)}: {_documents(len(ids))}")

        self._store.ask(question, answer, self)


def _count(timeline: Timeline, label: str, slots: list[str]) -> Count:
    return timeline.undated if label == UNDATED else timeline.counts[slots.index(label)]


def _span(chosen: list[str]) -> str:
    return chosen[0] if len(chosen) == 1 else f"{chosen[0]} to {chosen[-1]}"


def _documents(count: int) -> str:
    return f"{count:,} document" if count == 1 else f"{count:,} documents"
