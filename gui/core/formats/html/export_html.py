"""HTML export: one self-contained page per document, its entities highlighted, and an index page.

Pages carry no scripts and load nothing: the styles are inline and every piece of document text is
escaped. Overlapping entities get a bar per span under the text, at the span's layer (as in the
viewer); a checkbox shows or hides the entity labels with CSS alone.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from gui.core.colours.palette import Palette, bar_colour
from gui.core.entities.span_layers import LayeredPiece, assign_layers, layered_pieces, overlapping, span_order
from gui.core.formats.export_names import FileStems
from gui.core.formats.html import html_templates as templates
from gui.core.model.atomic_write import write_text_atomically
from gui.core.model.document import Document, Entity, Source
from gui.core.model.document_marks import DocumentMarks, MarksOf
from gui.core.model.quoting import elide

INDEX_NAME = "index.html"
TOOLTIP_QUOTE_CHARS = 80
# Every piece of a span repeats its part of the tooltip, and every span its label: a corpus's long
# labels, descriptions or notes are cut there (the legend has them whole).
TOOLTIP_NOTE_CHARS = 500
TOOLTIP_DESCRIPTION_CHARS = 200
LABEL_CHARS = 60
# Rows of bars drawn, and spans named per piece: deeper nesting is counted as "and N more".
NESTING_SHOWN = 16
_FALLBACK_COLOUR = "#d9d9d9"
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def escape(text: str) -> str:
    """Text made safe for HTML content and quoted attributes."""
    # A CR goes in as a reference: an HTML parser turns a raw one into a line feed.
    return html.escape(text, quote=True).replace("\r", "&#13;")


def css_colour(colour: str) -> str:
    """The colour if it is '#rrggbb', else a neutral grey: a corpus's own colours reach the CSS."""
    return colour if _COLOUR.fullmatch(colour) else _FALLBACK_COLOUR


def _bar(background: str) -> str:
    """The colour of a type's bars on the page: a darker shade of its (CSS-safe) background."""
    return bar_colour(css_colour(background), templates.PAGE_BACKGROUND)


def readable_date(date: dt.date) -> str:
    """'Wednesday 27 November 2019', in English whatever the locale (the export is deterministic)."""
    return f"{_WEEKDAYS[date.weekday()]} {date.day} {_MONTHS[date.month - 1]} {date.year}"


def _date_html(date: dt.date | None) -> str:
    if date is None:
        return "Undated"
    return f'<time datetime="{date.isoformat()}">{readable_date(date)}</time> ({date.isoformat()})'


def _count(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def _page_title(document: Document) -> str:
    return document.title or document.id or "Untitled document"


def _entities(document: Document) -> list[Entity]:
    """The entities that cover some of the body: any other would break the text into wrong pieces."""
    size = len(document.body)
    return [e for e in document.entities if 0 <= e.start < e.end <= size]


def type_order(labels: Iterable[str], palette: Palette) -> list[str]:
    """The distinct labels in the palette's order of types, other labels after it by name."""
    rank = {label: i for i, label in enumerate(palette.labels)}
    return sorted(set(labels), key=lambda label: (rank.get(label, len(rank)), label))


def _type_css(labels: Sequence[str], palette: Palette) -> str:
    """One class per type present (`t0`, `t1`...): labels are any text, so not class names."""
    rules = []
    for number, label in enumerate(labels):
        style = palette.style(label)
        background, text = css_colour(style.background), css_colour(style.text)
        rules.append(f".t{number} {{ background: {background}; color: {text}; }}\n")
        rules.append(f".label.t{number} {{ border-color: {_bar(background)}; }}\n")
    return "".join(rules)


def _room_css(rows: int) -> str:
    """Line heights that leave room for 1..rows rows of bars under the text, and no more."""
    # The extra leading is shared above and below the text: twice the rows' height gives the room.
    base = templates.TEXT_LINE_HEIGHT
    return "".join(
        f".text .r{n} {{ line-height: calc({base}em + {2 * n * templates.ROW_PX}px); }}\n"
        for n in range(1, rows + 1)
    )


def _box_shadow(bars: dict[int, str]) -> str:
    """Stacked bars as box-shadows, one per layer {layer: colour}, with page-coloured gaps.

    A shadow offset by y paints the y pixels under the text; the first listed paints on top. So a
    layer's bar is its colour reaching to the bottom of its row, then the page's colour reaching to
    the next bar's row hides the rest of the lower shadows above it.
    """
    shadows = []
    layers = sorted(bars)
    for layer, following in itertools.zip_longest(layers, layers[1:]):
        shadows.append(f"0 {layer * templates.ROW_PX + templates.BAR_PX}px {bars[layer]}")
        if following is not None:
            shadows.append(f"0 {following * templates.ROW_PX}px {templates.PAGE_BACKGROUND}")
    return ", ".join(shadows)


class _TextRenderer:
    """Cuts one body into pieces and writes each as a highlighted span with its bars and labels.

    Spans nested deeper than NESTING_SHOWN rows keep their highlight and their place in the count,
    but get no bar, no part in the tooltips and no label of their own: a piece names at most that
    many spans, so the page grows with the spans, not with the spans times their depth.
    """

    def __init__(self, body: str, spans: Sequence[Entity], palette: Palette, classes: dict[str, str]) -> None:
        self.body = body
        self.spans = spans
        self.palette = palette
        self.classes = classes
        self.layers = assign_layers(spans)
        self.barred = overlapping(spans)
        self.rows = min(NESTING_SHOWN, max((self.layers[i] + 1 for i in self.barred), default=0))
        self.hidden = 0  # the most spans a piece covers beyond those shown (0: every one is shown)
        self._tips: dict[int, str] = {}  # each span's part of a tooltip, made once
        self._bars: dict[str, str] = {}  # each type's bar colour, worked out once
        # The spans ending at each offset, innermost first: the order their labels close in.
        self._ending: dict[int, list[int]] = {}
        for i in reversed(span_order(spans)):
            self._ending.setdefault(spans[i].end, []).append(i)

    def _tip(self, index: int) -> str:
        """'LABEL — description', the quoted text and the note: one span's part of a tooltip."""
        tip = self._tips.get(index)
        if tip is None:
            span = self.spans[index]
            # Enough of the text for the quotation, however long the span.
            words = self.body[span.start : min(span.end, span.start + 4 * TOOLTIP_QUOTE_CHARS)].split()
            quoted = " ".join(words)
            if len(quoted) > TOOLTIP_QUOTE_CHARS or span.end - span.start > 4 * TOOLTIP_QUOTE_CHARS:
                quoted = quoted[: TOOLTIP_QUOTE_CHARS - 1].rstrip() + "…"
            lines = [self._named(span.label), f"“{quoted}”"]
            tip = self._tips[index] = "\n".join(lines + elide(span.note, TOOLTIP_NOTE_CHARS).splitlines())
        return tip

    def _named(self, label: str) -> str:
        """'LABEL — description', each cut to its length."""
        description = self.palette.style(label).description
        return f"{elide(label, LABEL_CHARS)} — {elide(description, TOOLTIP_DESCRIPTION_CHARS)}"

    def _bar(self, label: str) -> str:
        colour = self._bars.get(label)
        if colour is None:
            colour = self._bars[label] = _bar(self.palette.style(label).background)
        return colour

    def html(self) -> str:
        """The body as HTML: plain escaped text between the highlighted pieces."""
        parts = []
        cursor = 0
        for piece in layered_pieces(self.spans, self.layers, NESTING_SHOWN):
            parts.append(escape(self.body[cursor : piece.start]))
            parts.append(self._piece(piece))
            cursor = piece.end
        parts.append(escape(self.body[cursor:]))
        return "".join(parts)

    def _piece(self, piece: LayeredPiece) -> str:
        inner = self.spans[piece.inner]
        classes = [self.classes[inner.label]]
        bars = {self.layers[i]: self._bar(self.spans[i].label) for i in piece.shown if i in self.barred}
        style = ""
        if bars:
            classes.append(f"r{max(bars) + 1}")
            style = f' style="box-shadow: {_box_shadow(bars)}"'
        tips = [self._tip(i) for i in piece.shown]
        if piece.more:
            self.hidden = max(self.hidden, piece.more)
            tips.append(f"… and {piece.more:,} more, nested deeper than {NESTING_SHOWN}")
        title = escape("\n\n".join(tips))
        ending = self._ending.get(piece.end, ())
        cues = [self._cue(self.spans[i]) for i in ending if self.layers[i] < NESTING_SHOWN]
        deeper = len(ending) - len(cues)
        if deeper:
            cues.append(self._more_cue(deeper))
        text = escape(self.body[piece.start : piece.end])
        return f'<span class="{" ".join(classes)}"{style} title="{title}">{text}{"".join(cues)}</span>'

    def _cue(self, span: Entity) -> str:
        label = escape(elide(span.label, LABEL_CHARS))
        return (
            f'<span class="label {self.classes[span.label]}" data-label="{label}" '
            f'title="{escape(self._named(span.label))}"></span>'
        )

    def _more_cue(self, count: int) -> str:
        """One label for the spans nested too deep that end here."""
        return (
            f'<span class="label more" data-label="+{count:,}" '
            f'title="{count:,} more, nested deeper than {NESTING_SHOWN}"></span>'
        )

    def notice(self) -> str:
        """What the page leaves out, in words, once `html` has run: '' if it shows every span."""
        if not self.hidden:
            return ""
        return (
            f"Some entities are nested more than {NESTING_SHOWN} deep (up to {self.hidden:,} more): "
            f"the page draws and names the first {NESTING_SHOWN} at each place and counts the "
            "others as “and N more”."
        )


def _summary(count: int, source: Source | None) -> str:
    if source is Source.EMPTY:
        return "No text to annotate."
    origin = f" (from {source.value})" if source is not None else ""
    return f"{_count(count, 'entity', 'entities')}{origin}."


def _legend(labels: Sequence[str], counts: Counter[str], palette: Palette, classes: dict[str, str]) -> str:
    if not labels:
        return templates.NO_ENTITIES
    rows = "".join(
        templates.LEGEND_ROW.substitute(
            css_class=classes[label],
            label=escape(label),
            description=escape(palette.style(label).description),
            count=counts[label],
        )
        for label in labels
    )
    return templates.LEGEND_TABLE.substitute(rows=rows)


def review_words(marks: DocumentMarks) -> str:
    """The reader's marks in words, as the pages show them: "Read · ★ Starred · #Libya"."""
    parts = ["Read" if marks.read else "Unread"]
    if marks.starred:
        parts.append("★ Starred")
    parts.extend(f"#{tag}" for tag in marks.tags)
    return " · ".join(parts)


def _review_html(marks: DocumentMarks | None) -> str:
    if marks is None:
        return ""
    review = templates.REVIEW.substitute(marks=escape(review_words(marks)))
    return review + (templates.NOTE.substitute(note=escape(marks.note)) if marks.note else "")


def document_page(
    document: Document, palette: Palette, index_href: str | None = None, marks: DocumentMarks | None = None
) -> str:
    """A full, self-contained HTML5 page for one document, with a link back to `index_href` if
    given, and the reader's marks and note if given."""
    spans = _entities(document)
    counts = Counter(span.label for span in spans)
    labels = type_order(counts, palette)
    classes = {label: f"t{number}" for number, label in enumerate(labels)}
    renderer = _TextRenderer(document.body, spans, palette, classes)
    text = renderer.html()
    cut = (renderer.notice(),) if renderer.notice() else ()
    notices = "".join(f"<li>{escape(notice)}</li>\n" for notice in document.notices + cut)
    back = templates.BACK_LINK.substitute(href=escape(index_href)) if index_href is not None else ""
    return templates.DOCUMENT_PAGE.substitute(
        title=escape(_page_title(document)),
        style=templates.STYLE_SHEET + _type_css(labels, palette) + _room_css(renderer.rows),
        back=back,
        date=_date_html(document.date),
        file=escape(document.path.name or document.id),
        summary=escape(_summary(len(spans), document.entity_source)),
        review=_review_html(marks),
        notices=templates.NOTICES.substitute(items=notices) if notices else "",
        text=text,
        legend=_legend(labels, counts, palette, classes),
    )


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """What the index shows of one document: no text beyond its title, so pages can stream."""

    href: str  # relative to the index, already URL-quoted
    title: str
    date: dt.date | None
    type_counts: tuple[tuple[str, int], ...]  # in the palette's order of types
    marks: DocumentMarks | None = None  # the reader's, if the export carries them

    @classmethod
    def of(
        cls, document: Document, href: str, palette: Palette, marks: DocumentMarks | None = None
    ) -> IndexEntry:
        """The entry of a document whose page is at `href`."""
        counts = Counter(span.label for span in _entities(document))
        ordered = tuple((label, counts[label]) for label in type_order(counts, palette))
        return cls(href, _page_title(document), document.date, ordered, marks)

    @property
    def entity_count(self) -> int:
        """How many entities the document has."""
        return sum(count for _, count in self.type_counts)


def index_page(entries: Sequence[IndexEntry], palette: Palette, title: str) -> str:
    """A page listing the documents in the order given: title as a link, date, entity counts."""
    labels = type_order((label for entry in entries for label, _ in entry.type_counts), palette)
    classes = {label: f"t{number}" for number, label in enumerate(labels)}
    rows = []
    for entry in entries:
        types = " ".join(
            f'<span class="tag {classes[label]}" title="{escape(palette.style(label).description)}">'
            f"{escape(label)} {count}</span>"
            for label, count in entry.type_counts
        )
        rows.append(
            templates.INDEX_ROW.substitute(
                href=escape(entry.href),
                title=escape(entry.title),
                date=_date_html(entry.date),
                count=entry.entity_count,
                types=types,
                review=templates.INDEX_REVIEW.substitute(marks=escape(review_words(entry.marks)))
                if entry.marks is not None else "",
            )
        )
    return templates.INDEX_PAGE.substitute(
        title=escape(title),
        style=templates.STYLE_SHEET + _type_css(labels, palette),
        summary=escape(_count(len(entries), "document", "documents") + "."),
        rows="".join(rows),
    )


def write_html(
    documents: Iterable[Document],
    folder: Path,
    palette: Palette,
    title: str,
    index: bool | None = None,
    marks: MarksOf | None = None,
) -> list[Path]:
    """Write `<stem>.html` per document into `folder` (created if missing) and `index.html`
    listing them; return the paths written, the index last.

    `index` says whether to write the index (and link each page to it); None writes one for two
    or more documents. Pages are written one at a time, each complete or not at all: only the
    index entries are kept, never all the pages.
    """
    folder.mkdir(parents=True, exist_ok=True)
    stems = FileStems((INDEX_NAME.removesuffix(".html"),))
    stream = iter(documents)
    # Two documents ahead, to know before the first page whether it links to an index.
    ahead = list(itertools.islice(stream, 2))
    with_index = len(ahead) > 1 if index is None else index
    index_href = quote(INDEX_NAME) if with_index else None
    written: list[Path] = []
    entries: list[IndexEntry] = []
    for document in itertools.chain(ahead, stream):
        name = stems.stem(document.id) + ".html"
        its_marks = marks(document) if marks is not None else None
        write_text_atomically(folder / name, document_page(document, palette, index_href, its_marks))
        written.append(folder / name)
        entries.append(IndexEntry.of(document, quote(name), palette, its_marks))
    if with_index:
        write_text_atomically(folder / INDEX_NAME, index_page(entries, palette, title))
        written.append(folder / INDEX_NAME)
    return written
