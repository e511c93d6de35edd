"""The timeline, driven as a user does: Ctrl+T on an entity, the arrows over periods, Enter to
list their documents, ] for longer bars, Ctrl+D for the numbers, and saving."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from gui.widgets.charts.chart_dock import ChartDock
from gui.widgets.commands import chart_commands as charts
from gui.widgets.commands.window_commands import set_colours
from gui.widgets.window.main_window import MainWindow

if TYPE_CHECKING:
    from gui.widgets.charts.timeline_chart import TimelineChart


def blair_row(window: MainWindow) -> None:
    """Make Tony Blair the entity panel's current row, the panel focused."""
    panel = window.entity_panel
    panel.setFocus()
    model = panel.model()
    for type_row in range(model.rowCount()):
        parent = model.index(type_row, 0)
        for row in range(model.rowCount(parent)):
            if "Tony Blair" in str(model.index(row, 0, parent).data()):
                panel.setCurrentIndex(model.index(row, 0, parent))
                return
    raise AssertionError("Tony Blair is not in the panel")


def open_timeline(window: MainWindow, qtbot: QtBot) -> ChartDock:
    blair_row(window)
    dock = charts.charts_of(window)
    with qtbot.waitSignal(dock.timeline.drawn, timeout=10_000):
        qtbot.keyClick(window.entity_panel, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    return dock


def test_ctrl_t_on_an_entity_charts_it_by_day_with_the_undated_apart(news_window: MainWindow, qtbot: QtBot):
    timeline = open_timeline(news_window, qtbot).timeline

    assert timeline.query_edit.text() == 'entity:"Tony Blair"'
    assert timeline.plot.hasFocus()
    assert timeline.by.value == "day" and timeline.slots[0] == "2004-01-05"
    assert timeline.slots[-1] == "undated"
    assert timeline.status.text().startswith('2004-01-05: entity:"Tony Blair": 1 document.')
    assert "undated: 1" in timeline.status.text()


def test_arrows_choose_periods_and_enter_lists_their_documents(news_window: MainWindow, qtbot: QtBot):
    timeline = open_timeline(news_window, qtbot).timeline
    qtbot.keyClick(timeline.plot, Qt.Key.Key_BracketRight)  # weeks
    qtbot.waitUntil(lambda: timeline.by.value == "week")
    qtbot.keyClick(timeline.plot, Qt.Key.Key_BracketRight)  # months
    qtbot.waitUntil(lambda: timeline.by.value == "month")
    assert timeline.slots == ["2004-01", "2004-02", "2004-03", "undated"]
    assert timeline.chosen == ["2004-01"]  # the cursor stayed on the same days

    qtbot.keyClick(timeline.plot, Qt.Key.Key_Right)
    qtbot.keyClick(timeline.plot, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert timeline.chosen == ["2004-02", "2004-03"]
    qtbot.keyClick(timeline.plot, Qt.Key.Key_Return)
    pane = news_window.document_pane
    qtbot.waitUntil(pane.has_entity_filter)
    assert pane.chip_label.text() == 'entity:"Tony Blair" in 2004-02 to 2004-03: 2 documents'
    assert pane.filter_model.allowed_ids == frozenset({"doc3", "doc4"})

    qtbot.keyClick(timeline.plot, Qt.Key.Key_End)
    assert timeline.chosen == ["undated"]
    qtbot.keyClick(timeline.plot, Qt.Key.Key_Enter)
    qtbot.waitUntil(lambda: pane.filter_model.allowed_ids == frozenset({"doc5"}))
    assert pane.chip_label.text().endswith("in undated: 1 document")


def test_two_queries_share_the_chart_in_their_own_colours(news_window: MainWindow, qtbot: QtBot):
    dock = open_timeline(news_window, qtbot)
    timeline = dock.timeline
    timeline.query_edit.setFocus()
    timeline.query_edit.selectAll()
    with qtbot.waitSignal(timeline.drawn, timeout=10_000):
        qtbot.keyClicks(timeline.query_edit, 'entity:"Tony Blair"; entity:"Gordon Brown"')
        qtbot.keyClick(timeline.query_edit, Qt.Key.Key_Return)

    rows = {row[0]: row[1:] for row in timeline.table_model.table.rows}
    assert rows["2004-01-05"] == (1, 1, 1, 1) and rows["2004-02-11"] == (0, 0, 1, 1)
    assert len({bars.opts["brush"] for bars in timeline.bars}) == 2
    legend = [item.text for _, item in timeline.legend.items]
    assert legend == ['entity:"Tony Blair"', 'entity:"Gordon Brown"']


def test_ctrl_d_shows_the_numbers_and_the_chart_saves_as_png_svg_and_csv(
    news_window: MainWindow, qtbot: QtBot, tmp_path: Path
):
    timeline = open_timeline(news_window, qtbot).timeline
    qtbot.keyClick(timeline.plot, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert timeline.showing_table and timeline.table.hasFocus()
    assert timeline.table_model.headerData(1, Qt.Orientation.Horizontal) == 'entity:"Tony Blair": documents'
    qtbot.keyClick(timeline.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert not timeline.showing_table and timeline.plot.hasFocus()

    for name in ("t.png", "t.svg", "t.csv"):
        assert timeline.save(tmp_path / name)
    assert (tmp_path / "t.png").read_bytes().startswith(b"\x89PNG")
    assert "<svg" in (tmp_path / "t.svg").read_text(encoding="utf-8")
    with (tmp_path / "t.csv").open(encoding="utf-8") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == ["Period", 'entity:"Tony Blair": documents', 'entity:"Tony Blair": mentions']
    assert rows[-1] == ["undated", "1", "1"]
    assert not timeline.save(tmp_path / "t.gif")


def test_the_chart_follows_the_dark_theme(news_window: MainWindow, qtbot: QtBot):
    timeline = open_timeline(news_window, qtbot).timeline
    set_colours(news_window, "dark", True)
    qtbot.waitUntil(lambda: timeline.plot.backgroundBrush().color().lightness() < 80)
    set_colours(news_window, "light", False)
    qtbot.waitUntil(lambda: timeline.plot.backgroundBrush().color().lightness() > 200)
    assert QColor(timeline.colours().page).lightness() > 200


def test_the_legend_covers_no_bar(news_window: MainWindow, qtbot: QtBot):
    """The legend sits in a band above the highest bar, whatever the chart's height: in the
    plot's top left corner, it covered the first bars and the period cursor on them."""
    dock = open_timeline(news_window, qtbot)
    timeline = dock.timeline
    timeline.query_edit.setFocus()
    timeline.query_edit.selectAll()
    with qtbot.waitSignal(timeline.drawn, timeout=10_000):
        qtbot.keyClicks(timeline.query_edit, 'entity:"Tony Blair"; entity:"Gordon Brown"; entity:"Labour"')
        qtbot.keyClick(timeline.query_edit, Qt.Key.Key_Return)
    highest = max(float(cell) for row in timeline.table_model.table.rows for cell in row[1::2])
    for height in (220, 420):
        dock.resize(dock.width(), height + 200)
        qtbot.waitUntil(lambda: timeline.view_box.height() > 0)
        qtbot.wait(50)
        legend = timeline.legend.sceneBoundingRect()
        assert legend.height() > 0
        top_of_bars = timeline.view_box.mapViewToScene(QPointF(0, highest)).y()
        assert legend.bottom() < top_of_bars  # scene y grows downwards


def chart_query(timeline: TimelineChart, qtbot: QtBot, text: str) -> None:
    """Type another query in the timeline's box and Enter, as a user does."""
    timeline.query_edit.setFocus()
    timeline.query_edit.selectAll()
    with qtbot.waitSignal(timeline.drawn, timeout=10_000):
        qtbot.keyClicks(timeline.query_edit, text)
        qtbot.keyClick(timeline.query_edit, Qt.Key.Key_Return)


def test_the_cursor_keeps_its_dates_when_the_query_or_the_bars_change(news_window: MainWindow, qtbot: QtBot):
    """The cursor stays on the periods of the same dates, not at the same places; a selection of
    several periods that no longer means the same ones is dropped; the table follows the cursor."""
    timeline = open_timeline(news_window, qtbot).timeline  # Tony Blair, a bar a day
    qtbot.keyClick(timeline.plot, Qt.Key.Key_End)
    qtbot.keyClick(timeline.plot, Qt.Key.Key_Left)
    assert timeline.chosen == ["2004-03-30"] and timeline.position > 30

    chart_query(timeline, qtbot, 'entity:"Paris"')  # from 2004-03-02 only: other places
    assert timeline.slots[0] == "2004-03-02"
    assert timeline.chosen == ["2004-03-30"]

    timeline.plot.setFocus()
    qtbot.keyClick(timeline.plot, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert timeline.chosen == ["2004-03-29", "2004-03-30"]
    chart_query(timeline, qtbot, 'entity:"Tony Blair"')  # the same two days, at other places
    assert timeline.chosen == ["2004-03-29", "2004-03-30"]

    timeline.period_box.setFocus()
    with qtbot.waitSignal(timeline.drawn, timeout=10_000):
        qtbot.keyClick(timeline.period_box, Qt.Key.Key_End)  # a bar a year
    assert timeline.by.value == "year" and timeline.chosen == ["2004"]  # one period, of those days
    timeline.plot.setFocus()
    for by, chosen in (("month", "2004-03"), ("week", "2004-W14"), ("day", "2004-03-29")):
        with qtbot.waitSignal(timeline.drawn, timeout=10_000):
            qtbot.keyClick(timeline.plot, Qt.Key.Key_BracketLeft)  # shorter bars, on the same day
        assert timeline.by.value == by and timeline.chosen == [chosen]
    timeline.period_box.setFocus()
    with qtbot.waitSignal(timeline.drawn, timeout=10_000):
        qtbot.keyClick(timeline.period_box, Qt.Key.Key_End)

    timeline.plot.setFocus()
    qtbot.keyClick(timeline.plot, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert timeline.showing_table
    assert timeline.table.currentIndex().row() == timeline.position
    qtbot.keyClick(timeline.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(timeline.plot, Qt.Key.Key_End)  # the undated documents
    qtbot.keyClick(timeline.plot, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert timeline.table.currentIndex().data() == "undated"


def test_the_counts_axis_has_whole_numbers_only(news_window: MainWindow, qtbot: QtBot):
    """Documents are counted whole: pyqtgraph's ticks put 0.5 and 1.5 on a low chart's axis."""
    timeline = open_timeline(news_window, qtbot).timeline  # a document a day at most
    axis = timeline.plot.getAxis("left")
    for bars in ("day", "week", "month"):
        qtbot.waitUntil(lambda: timeline.by.value == bars)  # noqa: B023  # waited for at once
        low, high = timeline.view_box.viewRange()[1]
        for pixels in (100, 300, 900):
            values = [value for _spacing, level in axis.tickValues(low, high, pixels) for value in level]
            assert values, (bars, pixels)
            assert all(float(value).is_integer() for value in values), (bars, pixels, values)
            assert 0.0 in values and 1.0 in values
        qtbot.keyClick(timeline.plot, Qt.Key.Key_BracketRight)  # longer bars: higher ones


def test_one_period_and_no_undated_documents_fill_the_chart(news_window: MainWindow, qtbot: QtBot):
    """The x range kept room at the right for an "undated" slot that was not there: a single
    period's bar stood in the left half of an empty chart."""
    timeline = open_timeline(news_window, qtbot).timeline
    chart_query(timeline, qtbot, 'entity:"Gordon Brown"')  # every one of his documents is dated
    timeline.plot.setFocus()
    for _ in range(3):  # weeks, months, years: one bar
        with qtbot.waitSignal(timeline.drawn, timeout=10_000):
            qtbot.keyClick(timeline.plot, Qt.Key.Key_BracketRight)
    assert timeline.slots == ["2004"]
    low, high = timeline.view_box.viewRange()[0]
    assert abs((low + high) / 2 - timeline.x_of(0)) < 0.05  # the bar in the middle
    # With the undated documents there is room at the right for their slot and its label.
    chart_query(timeline, qtbot, 'entity:"Tony Blair"')
    assert timeline.slots == ["2004", "undated"]
    low, high = timeline.view_box.viewRange()[0]
    assert low < timeline.x_of(0) - 0.4 and high > timeline.x_of(1) + 0.4


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")  # the list of bars
def test_the_arrows_met_in_the_bars_chooser_leave_the_bars_as_they_are(news_window: MainWindow, qtbot: QtBot):
    """As every chooser over results (the entity table's, the connections'): tabbing from the
    queries over the Bars chooser to the chart, Down changed the bars by accident. It changes in
    its list (Alt+Down), or by typing."""
    timeline = open_timeline(news_window, qtbot).timeline
    timeline.query_edit.setFocus()
    qtbot.keyClick(timeline.query_edit, Qt.Key.Key_Tab)
    assert timeline.period_box.hasFocus()
    for key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown, Qt.Key.Key_Up, Qt.Key.Key_Down):
        qtbot.keyClick(timeline.period_box, key)
    assert timeline.period_box.currentIndex() == 0 and timeline.by.value == "day"
    qtbot.keyClick(timeline.period_box, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    popup = timeline.period_box.view()
    qtbot.waitUntil(popup.isVisible)
    with qtbot.waitSignal(timeline.drawn, timeout=10_000):
        qtbot.keyClick(popup, Qt.Key.Key_Down)
        qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert timeline.by.value == "day" and timeline.period_box.currentText() == "A bar a day"
    news_window.activateWindow()  # back from the list's popup, as a window manager does
    qtbot.waitUntil(timeline.period_box.hasFocus)
    qtbot.keyClick(timeline.period_box, Qt.Key.Key_Tab)
    assert timeline.plot.hasFocus()


def test_the_cursor_on_the_first_of_many_periods_is_wide_enough_and_clear_of_the_axis(
        news_window: MainWindow, qtbot: QtBot):
    """On the first of a narrow chart's many periods the cursor was a strip of a few pixels, its
    edge under the value axis's line: it is CURSOR_PIXELS wide at least, clear of the axis."""
    from gui.widgets.charts.timeline_chart import CURSOR_PIXELS, CURSOR_ROOM

    dock = open_timeline(news_window, qtbot)  # Tony Blair, a bar a day: some ninety periods
    timeline = dock.timeline
    for width in (300, 700):
        dock.resize(width, dock.height())
        qtbot.waitUntil(lambda: timeline.view_box.width() > 0)
        qtbot.wait(50)
        qtbot.keyClick(timeline.plot, Qt.Key.Key_End)
        qtbot.keyClick(timeline.plot, Qt.Key.Key_Home)
        assert timeline.position == 0 and len(timeline.slots) > 60
        low, _high = timeline.view_box.viewRange()[0]
        left, right = timeline.cursor_span()

        def pixel(x: float) -> float:
            return float(timeline.view_box.mapViewToScene(QPointF(x, 0)).x())

        assert pixel(right) - pixel(left) >= CURSOR_PIXELS - 0.5
        assert pixel(left) - pixel(low) >= CURSOR_ROOM - 0.5  # the axis is at the range's low end
        assert left < timeline.x_of(0) - 0.4 and right > timeline.x_of(0) + 0.4  # on its bar
