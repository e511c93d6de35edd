"""How the document view looks, apart from its text: the type written after each entity (label
cues), the room left for overlapping spans' bars, the entity colours, and the zoom (a mixin of
DocumentView)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QFontMetricsF, QResizeEvent
from PySide6.QtWidgets import QPlainTextEdit

if TYPE_CHECKING:
    from gui.widgets.text.highlighter import EntityHighlighter

BASE_POINT_SIZE = 11.0
ZOOM_STEP = 1.0


class ViewAppearance(QPlainTextEdit):
    """Label cues, bars' room, colours and zoom of a view that highlights with `_highlighter`."""

    _highlighter: EntityHighlighter
    _zoom_steps: int
    _measure: int | None = None  # the longest line wanted, in average characters (None: any)

    @property
    def label_cue(self) -> bool:
        """Whether each entity's type is written after it."""
        return self._highlighter.label_cue

    def set_label_cue(self, shown: bool) -> None:
        """Write each entity's type after it, or not."""
        self._highlighter.set_label_cue(shown)
        self.viewport().update()

    @property
    def label_cues(self) -> dict[int, str]:
        """The type names written after the entities now, by the UTF-16 position they follow."""
        return self._highlighter.cues

    def label_cue_width(self, cue: str) -> float:
        """The gap left after an entity for a label cue, in pixels."""
        return self._highlighter.cue_width(cue)

    @property
    def bar_room(self) -> list[tuple[int, int]]:
        """The spaces (UTF-16 positions) whose lines grow for overlapping spans' bars, with how
        many rows of bars each makes room for."""
        return self._highlighter.room

    def palette_changed(self) -> None:
        """The entity palette changed (another corpus's types): repaint with its colours."""
        self._highlighter.forget_formats()
        self.viewport().update()

    # Zoom ----------------------------------------------------------------------------------

    @property
    def zoom_percent(self) -> int:
        """The text size relative to the normal size, in percent."""
        return round(100 * self.font().pointSizeF() / BASE_POINT_SIZE)

    @property
    def zoom_steps(self) -> int:
        """How many steps the text is zoomed in (negative: out)."""
        return self._zoom_steps

    def set_zoom_steps(self, steps: int) -> None:
        """Set the text size to the base size plus `steps` points (at least 6 points)."""
        self._zoom_steps = steps
        # Polished first: the stylesheet's font, applied when the view is polished (as it is first
        # shown), would otherwise replace this one.
        self.ensurePolished()
        font = self.font()
        font.setPointSizeF(max(6.0, BASE_POINT_SIZE + steps * ZOOM_STEP))
        self.setFont(font)
        self._highlighter.set_base_font(font)
        self._fit_measure()

    # Measure -------------------------------------------------------------------------------

    @property
    def measure(self) -> int | None:
        """The longest line wanted, in average characters (None: as wide as the view)."""
        return self._measure

    def set_measure(self, characters: int | None) -> None:
        """Keep the lines at most about `characters` long, in a column centred in the view (the
        reading mode's), or as wide as the view (None)."""
        self._measure = characters
        self._fit_measure()

    def _fit_measure(self) -> None:
        side = 0
        if self._measure is not None:
            column = QFontMetricsF(self.font()).averageCharWidth() * self._measure
            column += 2 * self.document().documentMargin()
            side = max(0, int((self.width() - 2 * self.frameWidth() - column) / 2))
        if self.viewportMargins().left() != side:
            self.setViewportMargins(side, 0, side, 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Qt override: the column of a measure stays centred."""
        super().resizeEvent(event)
        self._fit_measure()
