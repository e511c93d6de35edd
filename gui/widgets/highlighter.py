"""Per-block entity highlighting from spans, in the manner of QSyntaxHighlighter."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from gui.core.palette import Palette


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """An entity in Qt's coordinates: UTF-16 positions in the QTextDocument."""

    start: int
    end: int
    label: str


def char_format(palette: Palette, label: str) -> QTextCharFormat:
    """The highlight of one entity type: its background and a text colour that reads on it."""
    style = palette.style(label)
    fmt = QTextCharFormat()
    fmt.setBackground(QColor(style.background))
    fmt.setForeground(QColor(style.text))
    return fmt


class EntityHighlighter(QSyntaxHighlighter):
    """Colours each block's entity spans; hidden types are left plain."""

    def __init__(self, document: QTextDocument, palette: Palette) -> None:
        super().__init__(document)
        self._palette = palette
        self._formats: dict[str, QTextCharFormat] = {}
        self._spans: list[Span] = []
        self._ends: list[int] = []
        self._hidden: frozenset[str] = frozenset()

    def set_spans(self, spans: Sequence[Span]) -> None:
        """Replace the spans (sorted, non-overlapping) and repaint."""
        self._spans = sorted(spans, key=lambda span: (span.start, span.end))
        self._ends = [span.end for span in self._spans]
        self.rehighlight()

    def set_hidden(self, hidden: frozenset[str]) -> None:
        """Leave these types unhighlighted, and repaint if that changed anything."""
        if hidden != self._hidden:
            self._hidden = hidden
            self.rehighlight()

    def _format(self, label: str) -> QTextCharFormat:
        fmt = self._formats.get(label)
        if fmt is None:
            fmt = self._formats[label] = char_format(self._palette, label)
        return fmt

    def highlightBlock(self, text: str) -> None:
        """Qt override: format the spans that overlap the current block."""
        if not self._spans:
            return
        block_start = self.currentBlock().position()
        block_end = block_start + self.currentBlock().length()
        # Spans do not overlap, so their ends are sorted too: skip those that end before the block.
        i = bisect.bisect_right(self._ends, block_start)
        while i < len(self._spans) and self._spans[i].start < block_end:
            span = self._spans[i]
            i += 1
            if span.label in self._hidden:
                continue
            start = max(span.start, block_start)
            end = min(span.end, block_end)
            self.setFormat(start - block_start, end - start, self._format(span.label))
