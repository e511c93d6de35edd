"""A chart's colours, read each time it is drawn: the page and text of the window's theme (light or
dark), and series and type colours from the window's entity palette (colour-blind-safe or not)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

from gui.core.colours.palette import Palette, bar_colour

SERIES = 8  # the most series with colours of their own; more reuse them in turn


@dataclass(frozen=True)
class ChartColours:
    """'#rrggbb' colours for one drawing of a chart."""

    page: str  # the chart's background
    text: str  # axes, labels and outlines
    faint: str  # edges and grid lines
    cursor: str  # the chosen periods or item
    series: tuple[str, ...]  # one per query of a timeline
    palette: Palette

    @classmethod
    def of(cls, widget: QWidget, palette: Palette) -> ChartColours:
        """The colours of `widget`'s theme and of the entity palette, as they are now."""
        colours = widget.palette()
        page = colours.color(QPalette.ColorRole.Base).name()
        text = colours.color(QPalette.ColorRole.Text).name()
        faint = colours.color(QPalette.ColorRole.PlaceholderText).name()
        cursor = colours.color(QPalette.ColorRole.Highlight).name()
        # The palette's types come in an order whose first colours stay apart (in the
        # colour-blind-safe palettes, for every kind of colour vision): one per series, shaded to
        # stand out from the page.
        series = tuple(dict.fromkeys(bar_colour(palette.style(label).background, page)
                                     for label in palette.labels))[:SERIES]
        return cls(page, text, faint, cursor, series or (text,), palette)

    def series_colour(self, number: int) -> str:
        """The colour of the `number`th series."""
        return self.series[number % len(self.series)]

    def type_fill(self, label: str) -> str:
        """The fill of an entity type, as its highlights have it."""
        return self.palette.style(label).background

    def type_outline(self, label: str) -> str:
        """An outline of an entity type that stands out from the page."""
        return bar_colour(self.palette.style(label).background, self.page)

    @staticmethod
    def qcolor(colour: str, alpha: int = 255) -> QColor:
        """A QColor of '#rrggbb' with an alpha (0–255)."""
        found = QColor(colour)
        found.setAlpha(alpha)
        return found
