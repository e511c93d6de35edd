"""Per-block entity highlighting from spans, done lazily: only the blocks the view paints.

QSyntaxHighlighter formats every block of a document whenever its text or spans change, which
takes seconds for a 5 MB document with 100,000 entities. This formats a block the first time the
view is about to paint it (`format_visible`, called from the view's paintEvent) by giving its
QTextLayout the formats, as QSyntaxHighlighter would; a change of spans clears the blocks that
were formatted and the next paint formats the visible ones again.

Spans may overlap and nest (annotation files allow it). Where they do, the text gets the colour
of the innermost span, and every span of the overlap gets a bar of its colour above the text, one
row per layer, which the view paints (`span_bars`). The highlighter makes the room for those rows:
it gives the spaces in and just before an overlap a taller font, set as subscript so that the
space itself hardly widens, which raises the line's ascent.

With the label cue on, colour is not the only signal: the last character of each entity gets
letter spacing as wide as its type's name, and the view writes the name into that gap
(`label_cues`), as displaCy writes labels inside its highlights.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Iterable, Sequence
from operator import itemgetter
from typing import NamedTuple

from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QTextBlock,
    QTextCharFormat,
    QTextDocument,
    QTextLayout,
)

from gui.core.colours.palette import Palette
from gui.core.entities.span_layers import assign_layers, overlapping, pieces
from gui.core.model.offsets import OffsetMap

CUE_SCALE = 0.72  # the label cue's font size, relative to the text's
CUE_PADDING_PX = 8.0
# Height of one row of bars above overlapping spans, in pixels: a bar and a gap.
BAR_ROW_PX = 5.0
BAR_PX = 3.0


class Span(NamedTuple):
    """An entity in Qt's coordinates: UTF-16 positions in the QTextDocument (a tuple: documents
    can have 100,000 of them, made each time one is shown)."""

    start: int
    end: int
    label: str
    note: str = ""
    layer: int = -1  # its row of bars when it overlaps another span; -1 when it overlaps none
    depth: int = 0  # how many rows of bars its overlap has


def span_key(span: Span) -> tuple[int, int, str]:
    """Reading order: by start, outer (longer) spans before the spans they contain."""
    return (span.start, -span.end, span.label)


def with_layers(spans: Sequence[Span]) -> list[Span]:
    """The spans in reading order, each overlapping one given its layer and its overlap's depth."""
    if all(first.end <= second.start for first, second in itertools.pairwise(spans)):
        return list(spans)  # the usual case (the engine's entities): in order, no overlaps
    ordered = sorted(spans, key=span_key)
    crossing = sorted(overlapping(ordered))
    if not crossing:
        return ordered
    subset = [ordered[i] for i in crossing]
    layers = assign_layers(subset)
    # Group the overlapping spans into clusters (runs that overlap one another) for their depth.
    depth_of: dict[int, int] = {}
    cluster: list[int] = []
    reach = -1
    for position, index in enumerate(crossing):
        span = ordered[index]
        if cluster and span.start >= reach:
            depth = max(layers[p] for p in cluster) + 1
            depth_of.update((p, depth) for p in cluster)
            cluster = []
        cluster.append(position)
        reach = max(reach, span.end) if len(cluster) > 1 else span.end
    if cluster:
        depth = max(layers[p] for p in cluster) + 1
        depth_of.update((p, depth) for p in cluster)
    result = list(ordered)
    for position, index in enumerate(crossing):
        span = ordered[index]
        result[index] = Span(
            span.start, span.end, span.label, span.note, layers[position], depth_of[position]
        )
    return result


def cue_font(font: QFont) -> QFont:
    """The small bold font the label cue is written in."""
    small = QFont(font)
    size = font.pointSizeF() if font.pointSizeF() > 0 else 11.0
    small.setPointSizeF(max(5.0, size * CUE_SCALE))
    small.setBold(True)
    return small


def cue_labels(spans: Sequence[Span]) -> dict[int, str]:
    """The label cue at each entity end: the names of the types ending there, outer first."""
    cues: dict[int, list[str]] = {}
    for span in spans:  # reading order: outer spans first
        names = cues.setdefault(span.end, [])
        if span.label not in names:
            names.append(span.label)
    return {end: " ".join(names) for end, names in cues.items()}


def _range(start: int, length: int, fmt: QTextCharFormat) -> QTextLayout.FormatRange:
    format_range = QTextLayout.FormatRange()
    format_range.start = start
    format_range.length = length
    format_range.format = fmt
    return format_range


def char_format(palette: Palette, label: str) -> QTextCharFormat:
    """The highlight of one entity type: its background and a text colour that reads on it."""
    style = palette.style(label)
    fmt = QTextCharFormat()
    fmt.setBackground(QColor(style.background))
    fmt.setForeground(QColor(style.text))
    return fmt


class EntityHighlighter:
    """Colours each painted block's entity spans; hidden types are left plain."""

    def __init__(self, document: QTextDocument, palette: Palette) -> None:
        self._document = document
        self._formatted: set[int] = set()  # numbers of the blocks given formats for these spans
        self._palette = palette
        self._formats: dict[str, QTextCharFormat] = {}
        self._spans: list[Span] = []
        self._barred: list[Span] = []  # the spans that overlap another (layer >= 0)
        self._text = ""
        self._hidden: frozenset[str] = frozenset()
        # What is painted: non-overlapping runs (start, end, label), their ends for bisect.
        self._runs: list[Span] = []
        self._run_ends: list[int] = []
        # Positions of the spaces that make room for bars, and the rows of bars they need.
        self._room: list[tuple[int, int]] = []
        self._room_at: list[int] = []
        self._font = QFont()
        self.label_cue = False
        self._cues: dict[int, str] = {}  # entity end -> the type names written after it
        self._cue_at: list[int] = []

    def set_spans(self, spans: Sequence[Span], text: str = "", barred: Sequence[Span] | None = None) -> None:
        """Replace the spans (from `with_layers`; they may overlap) and repaint. `text` is the
        document's text, where the room for the bars is found; `barred`, if given, the spans
        with a layer (a long document's are found off the UI thread)."""
        self._spans = list(spans)
        self._barred = list(barred) if barred is not None else [s for s in self._spans if s.layer >= 0]
        self._text = text
        self._prepare()
        self.rehighlight()

    def forget_blocks(self) -> None:
        """The document's text is being replaced: its blocks, formatted or not, are gone."""
        self._formatted.clear()

    def forget_blocks_from(self, number: int) -> None:
        """Text is being added from this block on: it gets formats again when next painted."""
        self._formatted = {formatted for formatted in self._formatted if formatted < number}

    def rehighlight(self) -> None:
        """Clear the formats of the blocks formatted so far; the next paint formats the visible
        ones with the current spans."""
        formatted, self._formatted = self._formatted, set()
        for number in sorted(formatted):
            block = self._document.findBlockByNumber(number)
            if block.isValid() and block.layout().formats():
                block.layout().clearFormats()
                self._document.markContentsDirty(block.position(), block.length())

    def format_visible(self, blocks: Iterable[tuple[QTextBlock, float]]) -> None:
        """Format the blocks about to be painted (`visible_blocks`) not formatted yet."""
        for block, _top in blocks:
            if block.blockNumber() not in self._formatted:
                self.format_block(block)

    def format_block(self, block: QTextBlock) -> None:
        """Give one block the formats of the spans over it (once per set of spans)."""
        self._formatted.add(block.blockNumber())
        ranges = self._block_ranges(block)
        if ranges or block.layout().formats():
            block.layout().setFormats(ranges)
            self._document.markContentsDirty(block.position(), block.length())

    def set_hidden(self, hidden: frozenset[str]) -> None:
        """Leave these types unhighlighted, and repaint if that changed anything."""
        if hidden != self._hidden:
            self._hidden = hidden
            self._prepare()
            self.rehighlight()

    def set_base_font(self, font: QFont) -> None:
        """The view's font (it changes with the zoom): the room for bars is measured in it."""
        self._font = QFont(font)
        self._formats.clear()
        if self._room:
            self.rehighlight()

    def set_label_cue(self, shown: bool) -> None:
        """Write each entity's type after it (True) or rely on colour and tooltips (False)."""
        if shown != self.label_cue:
            self.label_cue = shown
            self._prepare()
            self.rehighlight()

    @property
    def cues(self) -> dict[int, str]:
        """The label cues drawn now, by the UTF-16 position they follow."""
        return dict(self._cues)

    @property
    def room(self) -> list[tuple[int, int]]:
        """The spaces that make room for bars: (UTF-16 position, rows of bars), in order."""
        return list(self._room)

    def colour_label_at(self, position: int) -> str | None:
        """The type whose highlight colours the character at a UTF-16 position (the innermost)."""
        return self._label_at(position)

    def cue_width(self, text: str) -> float:
        """The gap a label cue needs, in pixels."""
        return QFontMetricsF(cue_font(self._font)).horizontalAdvance(text) + CUE_PADDING_PX

    def forget_formats(self) -> None:
        """Drop the cached formats (the palette changed); the next paint uses the new ones."""
        self._formats.clear()
        self.rehighlight()

    def _prepare(self) -> None:
        hidden = self._hidden
        visible = [span for span in self._spans if span.label not in hidden] if hidden else self._spans
        barred = [span for span in self._barred if span.label not in hidden]
        if barred:
            self._runs = [
                Span(piece.start, piece.end, visible[piece.covering[-1]].label) for piece in pieces(visible)
            ]
        else:
            self._runs = visible  # spans in order that do not overlap: (start, end, label, ...)
        self._run_ends = list(map(itemgetter(1), self._runs))
        room: dict[int, int] = {}
        offsets = OffsetMap(self._text if barred else "")
        length = offsets.to_utf16(len(self._text))
        for span in barred:
            # The spaces inside the span and the one before it: every line the span is on gets room.
            # Span positions count UTF-16 units, the text's indices code points: convert.
            for position in range(max(span.start - 1, 0), min(span.end + 1, length)):
                if self._text[offsets.to_code_point(position)] == " ":
                    room[position] = max(room.get(position, 0), span.depth)
        self._room = sorted(room.items())
        self._room_at = [position for position, _ in self._room]
        self._cues = cue_labels(visible) if self.label_cue else {}
        self._cue_at = sorted(self._cues)

    def _format(self, label: str) -> QTextCharFormat:
        fmt = self._formats.get(label)
        if fmt is None:
            fmt = self._formats[label] = char_format(self._palette, label)
        return fmt

    def _room_format(self, rows: int, label: str | None) -> QTextCharFormat:
        """A space as a tall subscript: the line grows by `rows` rows of bars, the space barely."""

        def make_room(fmt: QTextCharFormat) -> None:
            ascent = QFontMetricsF(self._font).ascent()
            size = self._font.pointSizeF() if self._font.pointSizeF() > 0 else 11.0
            fmt.setFontPointSize(size * (1 + (rows * BAR_ROW_PX + 2) / max(ascent, 1.0)))
            fmt.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignSubScript)

        return self._special_format(f"room{rows}", label, make_room)

    def _special_format(
        self, kind: str, label: str | None, adjust: Callable[[QTextCharFormat], None]
    ) -> QTextCharFormat:
        """The highlight of `label` (if any) changed by `adjust`, made once per kind and label."""
        key = f"\0{kind}:{label}"
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = QTextCharFormat()
            if label is not None:
                fmt.merge(self._format(label))
            adjust(fmt)
            self._formats[key] = fmt
        return fmt

    def _label_at(self, position: int) -> str | None:
        i = bisect.bisect_right(self._run_ends, position)
        if i < len(self._runs) and self._runs[i][0] <= position:
            return self._runs[i][2]
        return None

    def _block_ranges(self, block: QTextBlock) -> list[QTextLayout.FormatRange]:
        """The block's formats: the runs over it, split around the characters that make room
        for bars or carry a label cue (those get formats of their own)."""
        block_start = block.position()
        block_end = block_start + block.length()
        special: dict[int, QTextCharFormat] = {}
        j = bisect.bisect_left(self._room_at, block_start)
        while j < len(self._room) and self._room[j][0] < block_end:
            position, rows = self._room[j]
            j += 1
            special[position] = self._room_format(rows, self._label_at(position))
        k = bisect.bisect_right(self._cue_at, block_start)
        while k < len(self._cue_at) and self._cue_at[k] <= block_end:
            end = self._cue_at[k]
            k += 1
            last = end - 1  # the entity's last character carries the gap
            special[last] = self._cue_format(self._cues[end], self._label_at(last))
        pieces_: list[tuple[int, int, QTextCharFormat]] = []
        # Runs do not overlap, so their ends are sorted too: skip those that end before the block.
        i = bisect.bisect_right(self._run_ends, block_start)
        while i < len(self._runs) and self._runs[i][0] < block_end:
            run = self._runs[i]
            i += 1
            start, end = max(run[0], block_start), min(run[1], block_end)
            pieces_.append((start, end, self._format(run[2])))
        ranges: list[QTextLayout.FormatRange] = []
        cuts = sorted(special)
        for start, end, fmt in pieces_:
            for cut in cuts[bisect.bisect_left(cuts, start) : bisect.bisect_left(cuts, end)]:
                if cut > start:
                    ranges.append(_range(start - block_start, cut - start, fmt))
                start = cut + 1
            if end > start:
                ranges.append(_range(start - block_start, end - start, fmt))
        ranges.extend(_range(position - block_start, 1, fmt) for position, fmt in special.items())
        return ranges

    def _cue_format(self, cue: str, label: str | None) -> QTextCharFormat:
        """The entity's own highlight, followed by a gap as wide as the cue."""

        def make_gap(fmt: QTextCharFormat) -> None:
            fmt.setFontLetterSpacingType(QFont.SpacingType.AbsoluteSpacing)
            fmt.setFontLetterSpacing(self.cue_width(cue))

        return self._special_format(f"cue{cue}", label, make_gap)
