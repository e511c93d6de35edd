"""Bars of documents per period, painted with QPainter: the overview's picture of the corpus over
time. The overview is the first thing a folder opened fresh shows, and drawing its one series of
bars needs none of what pyqtgraph brings (numpy, its scene, its import on the UI thread): the
window that only ever shows the overview never loads them. The timeline, which the reader
brushes, zooms and compares, is pyqtgraph's."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

TICKS = 10  # about this many period labels under the bars
VALUE_TICKS = 4  # about this many document counts up the side
BAR_SHARE = 0.8  # of a period's width, its bar's
HEADROOM = 1.15  # the tallest bar's height, of the plot's
MARGIN = 6
AXIS_TITLE = "documents"


@dataclass(frozen=True)
class BarColours:
    """The colours the bars are painted in ('#rrggbb')."""

    page: str
    text: str
    bar: str


def value_ticks(top: int, ticks: int = VALUE_TICKS) -> list[int]:
    """Round counts from 0 to `top` at about `ticks` steps (1, 2 or 5 times a power of ten apart)."""
    if top <= 0:
        return [0]
    raw = top / ticks
    step = 1
    while step * 10 <= raw:
        step *= 10
    for multiple in (1, 2, 5, 10):
        if step * multiple >= raw:
            step *= multiple
            break
    return list(range(0, top + 1, step))


class PeriodBars(QWidget):
    """A bar per period, its height the period's documents, with the periods' labels below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.periods: tuple[str, ...] = ()
        self.heights: tuple[int, ...] = ()
        self._colours = BarColours("#ffffff", "#000000", "#4477aa")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_bars(self, periods: tuple[str, ...], heights: tuple[int, ...], colours: BarColours) -> None:
        """Show these periods' documents in these colours."""
        self.periods, self.heights, self._colours = periods, heights, colours
        self.update()

    def sizeHint(self) -> QSize:
        """Qt override: room for a few bars and their labels."""
        return QSize(400, 160)

    def paintEvent(self, _event: QPaintEvent) -> None:
        """Qt override: the axes, the counts up the side, the bars and the periods under them."""
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(self._colours.page))
        metrics = QFontMetrics(self.font())
        top = max(self.heights, default=0)
        counts = value_ticks(top)
        # The axis's title, written upwards, then the counts, then the plot.
        title_width = metrics.height() + MARGIN
        side = title_width + max(metrics.horizontalAdvance(f"{count:,}") for count in counts) + 2 * MARGIN
        plot = QRectF(side, MARGIN, self.width() - side - MARGIN,
                      self.height() - 2 * MARGIN - metrics.height() - 2)
        if plot.width() <= 0 or plot.height() <= 0:
            painter.end()
            return
        text = QColor(self._colours.text)
        painter.setPen(QPen(text, 1))
        painter.save()
        painter.translate(MARGIN, plot.center().y())
        painter.rotate(-90)
        painter.drawText(QRectF(-plot.height() / 2, 0, plot.height(), metrics.height()),
                         Qt.AlignmentFlag.AlignCenter, AXIS_TITLE)
        painter.restore()
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        scale = plot.height() / (max(top, 1) * HEADROOM)
        for count in counts:
            y = plot.bottom() - count * scale
            painter.drawLine(int(plot.left()) - 3, int(y), int(plot.left()), int(y))
            painter.drawText(QRectF(title_width, y - metrics.height() / 2, side - title_width - MARGIN,
                                    metrics.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{count:,}")
        if not self.heights:
            painter.end()
            return
        width = plot.width() / len(self.heights)
        painter.setBrush(QColor(self._colours.bar))
        painter.setPen(QPen(text, 0.5))
        for slot, height in enumerate(self.heights):
            if height:
                left = plot.left() + (slot + (1 - BAR_SHARE) / 2) * width
                tall = height * scale
                painter.drawRect(QRectF(left, plot.bottom() - tall, width * BAR_SHARE, tall))
        painter.setPen(QPen(text, 1))
        step = max(1, -(-len(self.periods) // TICKS))
        label_width = step * width
        for slot in range(0, len(self.periods), step):
            centre = plot.left() + (slot + 0.5) * width
            place = QRectF(centre - label_width / 2, plot.bottom() + 2, label_width, metrics.height())
            below = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
            painter.drawText(place, below, self.periods[slot])
        painter.end()
