"""HTML export: self-contained pages, every piece of text escaped, overlapping spans drawn apart."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gui.core.colours.palette import Palette, bar_colour
from gui.core.entities.span_layers import assign_layers
from gui.core.formats.html.export_html import (
    INDEX_NAME,
    IndexEntry,
    css_colour,
    document_page,
    index_page,
    readable_date,
    write_html,
)
from gui.core.formats.html.html_templates import BAR_PX, PAGE_BACKGROUND, ROW_PX
from gui.core.model.document import Document, Entity, Source, parse_document
from tests.conftest import SEED_NAME, SEEDS

ALLOWED_TAGS = frozenset(
    "html head meta title style body nav input p a label header h1 h2 bdi time ul li div main aside "
    "span table thead tbody tr th td".split()
)
ALLOWED_ATTRIBUTES = frozenset(
    "class id title style href type checked for data-label charset name content lang datetime "
    "aria-label aria-labelledby".split()
)
# Attributes that hold document text as text (tooltips, the label cue): anything may be quoted there.
TEXT_ATTRIBUTES = frozenset({"title", "data-label"})
VOID_TAGS = frozenset({"meta", "input"})
CAPTURED = ("td", "th", "h1", "h2", "li")  # elements whose text the parser keeps
SHADOW = re.compile(r"0 (\d+)px (#[0-9a-f]{6})")

HOSTILE_BODY = (
    "<script>alert(1)</script> said \"Ann\" & 'Bob' &amp; co.\n"
    "<img src=http://example.com/x.png onerror=alert(1)>\n"
    '<a href="http://example.com">x</a>\n'
    "\u202eevil override\u202c and z\u200dw\u200dj: 👩\u200d👩\u200d👧 🇫🇷 😀\n"
    "e" + "\u0301" * 10_000 + " end"
)


@dataclass
class Piece:
    """One highlighted span of the text container, as parsed back from the page."""

    attrs: dict[str, str]
    text: str = ""
    cues: list[dict[str, str]] = field(default_factory=list)


class Page(HTMLParser):
    """Parses a page: every tag and attribute, the CSS, and the text container's text and pieces."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.css = ""
        self.text = ""  # the text container's text data, the label cues excluded
        self.pieces: list[Piece] = []
        self.cells: list[list[str]] = []  # the text of each table row's cells
        self.headings: list[str] = []
        self.items: list[str] = []  # the text of each list item
        self.meta = ""  # the line under the title
        self._stack: list[tuple[str, dict[str, str]]] = []
        self._in_text = 0  # depth inside the text container, 0 outside
        self._in_style = False
        self._capture: list[str] | None = None  # the text of the current cell or heading
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.tags.append((tag, values))
        self._in_style = tag == "style"
        if tag in CAPTURED or values.get("class") == "meta":
            self._capture = []
        if tag == "tr":
            self.cells.append([])
        if tag in VOID_TAGS:
            return
        self._stack.append((tag, values))
        if self._in_text:
            self._in_text += 1
            if "label" in values.get("class", "").split():
                self.pieces[-1].cues.append(values)
            elif self._in_text == 2:
                self.pieces.append(Piece(values))
        elif values.get("id") == "text":
            self._in_text = 1

    def handle_endtag(self, tag: str) -> None:
        opened, _ = self._stack.pop()
        assert opened == tag, f"</{tag}> closes <{opened}>"
        self._in_style = False
        if self._in_text:
            self._in_text -= 1
        if self._capture is not None and (tag in CAPTURED or tag == "p"):
            captured, self._capture = "".join(self._capture), None
            if tag in ("td", "th"):
                self.cells[-1].append(captured)
            elif tag in ("h1", "h2"):
                self.headings.append(captured)
            elif tag == "li":
                self.items.append(captured)
            else:
                self.meta = captured

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.css += data
        if self._capture is not None:
            self._capture.append(data)
        if self._in_text and not any("label" in a.get("class", "").split() for _, a in self._stack):
            self.text += data
            if self._in_text >= 2:
                self.pieces[-1].text += data

    def links(self) -> list[str]:
        """The href of every link."""
        return [attrs["href"] for tag, attrs in self.tags if tag == "a"]


def parse_safe(page: str) -> Page:
    """Parse a page, asserting that it is a self-contained HTML5 page with nothing active in it."""
    assert page.startswith("<!DOCTYPE html>\n")
    parsed = Page(page)
    assert not parsed._stack, "every element is closed"
    assert {tag for tag, _ in parsed.tags} <= ALLOWED_TAGS
    for tag, attrs in parsed.tags:
        assert set(attrs) <= ALLOWED_ATTRIBUTES, (tag, attrs)
        for name, value in attrs.items():
            if name not in TEXT_ATTRIBUTES:
                assert "http" not in value.lower() and "url(" not in value.lower(), (tag, name, value)
        if tag == "a":
            link = urlsplit(attrs["href"])
            assert not link.scheme and not link.netloc and not link.path.startswith("/"), attrs
    assert "http" not in parsed.css and "url(" not in parsed.css and "@import" not in parsed.css
    assert "<script" not in page.lower()
    return parsed


@pytest.fixture
def palette() -> Palette:
    return Palette.load()


def tags_named(parsed: Page, name: str) -> list[dict[str, str]]:
    return [attrs for tag, attrs in parsed.tags if tag == name]


def make_document(
    body: str,
    entities: tuple[Entity, ...] = (),
    *,
    id: str = "story",
    path: Path = Path("/corpus/story.txt"),
    date: dt.date | None = None,
    notices: tuple[str, ...] = (),
    entity_source: Source | None = None,
) -> Document:
    return Document(path, id, date, body, entities, notices, entity_source)


def spans_of(body: str, *parts: tuple[str, str]) -> tuple[Entity, ...]:
    """Entities over the first occurrence of each (text, label)."""
    return tuple(Entity(body.index(text), body.index(text) + len(text), label) for text, label in parts)


def test_page_is_a_complete_html5_page(palette: Palette) -> None:
    body = "Angela Merkel flew to Paris."
    document = make_document(body, spans_of(body, ("Angela Merkel", "PERSON")), date=dt.date(2019, 11, 27))
    page = document_page(document, palette)
    parsed = parse_safe(page)
    assert tags_named(parsed, "html") == [{"lang": "en"}]
    assert {"charset": "utf-8"} in tags_named(parsed, "meta")
    assert "<title>Angela Merkel flew to Paris.</title>" in page
    assert parsed.headings[0] == "Angela Merkel flew to Paris."
    assert "Entity types" in parsed.headings
    assert "http" not in page
    assert not parsed.links(), "no index given, no link back"


def test_date_title_and_file_are_shown(palette: Palette) -> None:
    document = make_document("A story.", date=dt.date(2019, 11, 27), path=Path("/c/000_story.txt"))
    page = document_page(document, palette)
    assert '<time datetime="2019-11-27">Wednesday 27 November 2019</time> (2019-11-27)' in page
    assert "000_story.txt" in page
    assert "Undated" in document_page(make_document("A story."), palette)
    assert readable_date(dt.date(2024, 2, 29)) == "Thursday 29 February 2024"


def test_hostile_document_renders_as_its_text(palette: Palette) -> None:
    entities = (
        *spans_of(HOSTILE_BODY, ("<script>", "PERSON"), ("alert(1)</script>", "ORG"), ("&amp;", "<b>X</b>")),
        # From the RTL override to the end, over the zero-width joiners, emoji and combining marks.
        Entity(HOSTILE_BODY.index("\u202e"), len(HOSTILE_BODY), "GPE", note='<i onclick="x">note</i>'),
    )
    document = make_document(
        HOSTILE_BODY,
        entities,
        id='<img src=x onerror="alert(1)">',
        path=Path('/c/<b onclick="x">evil.txt'),
        notices=("Bad byte in <script>alert('notice')</script>",),
    )
    page = document_page(document, palette, index_href="index.html")
    parsed = parse_safe(page)
    assert parsed.text == HOSTILE_BODY
    assert parsed.headings[0] == document.title
    assert parsed.items == ["Bad byte in <script>alert('notice')</script>"]
    assert parsed.meta == 'Undated · <b onclick="x">evil.txt'
    cues = [cue["data-label"] for piece in parsed.pieces for cue in piece.cues]
    assert cues == ["PERSON", "ORG", "<b>X</b>", "GPE"]
    noted = [piece for piece in parsed.pieces if "GPE" in piece.attrs["title"]]
    assert all('<i onclick="x">note</i>' in piece.attrs["title"] for piece in noted)
    assert parsed.links() == ["index.html"]


def test_an_empty_document_is_titled_by_its_id(palette: Palette) -> None:
    document = make_document("", id='<img src=x onerror="alert(1)">', entity_source=Source.EMPTY)
    page = document_page(document, palette)
    parsed = parse_safe(page)
    assert parsed.headings[0] == '<img src=x onerror="alert(1)">'
    assert "<title>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</title>" in page
    assert parsed.text == ""
    assert "No text to annotate." in page


def test_line_breaks_and_edges_of_the_text_are_kept(palette: Palette) -> None:
    body = "\n  Indented first line\r\n\nlast line with trailing spaces  \n"
    parsed = parse_safe(document_page(make_document(body, spans_of(body, ("first", "ORDINAL"))), palette))
    assert parsed.text == body
    assert ".text {\n  white-space: pre-wrap;" in parsed.css


NESTED_BODY = "The Bank of New York City Hall branch closed."


def nested_document() -> Document:
    """Four nested and overlapping spans over 'New York City Hall', and one apart."""
    return make_document(
        NESTED_BODY,
        spans_of(
            NESTED_BODY,
            ("Bank of New York City Hall", "ORG"),
            ("New York City Hall", "FAC"),
            ("New York City", "GPE"),
            ("York", "GPE"),
            ("closed", "EVENT"),
        ),
    )


def test_overlapping_spans_each_get_their_bar(palette: Palette) -> None:
    document = nested_document()
    parsed = parse_safe(document_page(document, palette))
    spans = list(document.entities)
    layers = assign_layers(spans)
    seen_layers: set[int] = set()
    for piece in parsed.pieces:
        start = NESTED_BODY.index(piece.text)
        covering = [i for i, s in enumerate(spans) if s.start <= start and start + len(piece.text) <= s.end]
        if piece.text == "closed":  # overlaps nothing: a highlight and no bar
            assert "style" not in piece.attrs
            continue
        shadows = [(int(offset), colour) for offset, colour in SHADOW.findall(piece.attrs["style"])]
        bars = {offset: colour for offset, colour in shadows if colour != PAGE_BACKGROUND}
        expected = {
            layers[i] * ROW_PX + BAR_PX: bar_colour(palette.style(spans[i].label).background, PAGE_BACKGROUND)
            for i in covering
        }
        assert bars == expected, piece.text
        # Page-coloured shadows only in between bars, never below the last one.
        assert shadows[-1][1] != PAGE_BACKGROUND
        seen_layers.update(layers[i] for i in covering)
        inner = spans[covering[-1]]
        assert piece.attrs["class"].split()[0] == tag_class(parsed, inner.label)
    assert seen_layers == {0, 1, 2, 3}
    york = next(piece for piece in parsed.pieces if piece.text == "York")
    assert [line.split(" — ")[0] for line in york.attrs["title"].split("\n") if " — " in line] == [
        "ORG",
        "FAC",
        "GPE",
        "GPE",
    ]
    assert "“New York City Hall”" in york.attrs["title"]


def tag_class(parsed: Page, label: str) -> str:
    """The CSS class the legend gives a type."""
    legend_tags = [attrs for tag, attrs in parsed.tags if tag == "span" and "tag" in attrs.get("class", "")]
    row = next(i for i, cells in enumerate(parsed.cells[1:]) if cells[1] == label)
    return legend_tags[row]["class"].split()[1]


def test_lines_with_bars_get_room_for_them(palette: Palette) -> None:
    parsed = parse_safe(document_page(nested_document(), palette))
    york = next(piece for piece in parsed.pieces if piece.text == "York")
    assert "r4" in york.attrs["class"].split()
    assert re.search(rf"\.text \.r4 {{ line-height: calc\(1\.6em \+ {2 * 4 * ROW_PX}px\); }}", parsed.css)


def test_a_label_follows_each_span_and_a_checkbox_hides_them(palette: Palette) -> None:
    document = nested_document()
    parsed = parse_safe(document_page(document, palette))
    cues = [(piece.text, cue["data-label"]) for piece in parsed.pieces for cue in piece.cues]
    # Each label sits in the piece that ends its span; spans ending together close inner first.
    assert cues == [
        ("York", "GPE"),
        (" City", "GPE"),
        (" Hall", "FAC"),
        (" Hall", "ORG"),
        ("closed", "EVENT"),
    ]
    checkbox = tags_named(parsed, "input")
    assert checkbox == [{"type": "checkbox", "id": "labels", "checked": ""}]
    names = [tag for tag, _ in parsed.tags]
    assert names.index("input") < names.index("header"), "a sibling before the text, for `~`"
    assert {"for": "labels"} in tags_named(parsed, "label")
    assert "Show entity labels" in document_page(document, palette)
    assert "#labels:not(:checked) ~ * .label { display: none; }" in parsed.css
    assert ".label::after { content: attr(data-label); }" in parsed.css
    assert "user-select: none" in parsed.css


def test_legend_lists_present_types_in_palette_order_with_counts(palette: Palette) -> None:
    body = "Paris, Rome and Ann met Zed of Acme in Oslo."
    entities = spans_of(
        body, ("Paris", "GPE"), ("Rome", "GPE"), ("Ann", "PERSON"), ("Zed", "ZZ_CUSTOM"), ("Acme", "ORG")
    ) + spans_of(body, ("Oslo", "GPE"), ("Oslo", "AA_CUSTOM"))
    page = document_page(make_document(body, entities, entity_source=Source.BRAT), palette)
    parsed = parse_safe(page)
    legend = parsed.cells[1:]
    assert [(cells[1], cells[3]) for cells in legend] == [
        ("PERSON", "1"),
        ("ORG", "1"),
        ("GPE", "3"),
        ("AA_CUSTOM", "1"),
        ("ZZ_CUSTOM", "1"),
    ]
    assert legend[0][2] == palette.style("PERSON").description
    assert "7 entities (from brat)." in page


def deeply_nested(depth: int, size: int) -> Document:
    """`depth` spans nested one inside the other over a body of `size` characters."""
    body = ("lorem ipsum dolor sit amet " * (size // 27 + 1))[:size]
    labels = ("PERSON", "ORG", "GPE", "Protein")
    return make_document(body, tuple(Entity(i, size - i, labels[i % 4]) for i in range(depth)))


def test_deep_nesting_is_drawn_sixteen_rows_deep_and_the_rest_counted(palette: Palette) -> None:
    document = deeply_nested(1_000, 2_048)
    page = document_page(document, palette)
    parsed = parse_safe(page)
    assert parsed.text == document.body
    # Linear in the text and the spans: before, every piece listed every span over it (65 MB).
    assert len(page) < 2_500 * (len(document.body) + len(document.entities))
    assert len(parsed.items) == 1 and "nested more than 16 deep (up to 984 more)" in parsed.items[0]
    inner = next(piece for piece in parsed.pieces if piece.text == document.body[999:1049])
    assert inner.attrs["title"].endswith("… and 984 more, nested deeper than 16")
    assert inner.attrs["title"].count(" — ") == 16
    assert "r16" in inner.attrs["class"].split()
    assert ".r16 {" in parsed.css and ".r17 {" not in parsed.css
    assert max(len(SHADOW.findall(piece.attrs.get("style", ""))) for piece in parsed.pieces) == 2 * 16 - 1
    # Each span's label, or its share of a count where spans end too deep to label them.
    cues = [cue["data-label"] for piece in parsed.pieces for cue in piece.cues]
    counted = sum(int(cue[1:]) for cue in cues if cue.startswith("+"))
    assert len([cue for cue in cues if not cue.startswith("+")]) == 16
    assert 16 + counted == len(document.entities)


def test_a_page_grows_with_the_nesting_not_with_its_square(palette: Palette) -> None:
    once = len(document_page(deeply_nested(1_000, 2_048), palette))
    twice = len(document_page(deeply_nested(2_000, 4_096), palette))
    assert twice < 2.2 * once


def test_long_labels_descriptions_and_notes_are_cut_in_tooltips(palette: Palette) -> None:
    body = "Acme makes proteins. " * 20
    note = "A note. " * 1_000
    label = "L" * 5_000
    entities = (Entity(0, len(body), label, note=note), *(Entity(i, i + 4, "ORG") for i in range(0, 400, 21)))
    page = document_page(make_document(body, entities), palette)
    parsed = parse_safe(page)
    assert parsed.text == body
    assert page.count(label) == 1  # in the legend: whole, once
    assert all(len(piece.attrs["title"]) < 2_000 for piece in parsed.pieces)


def test_a_document_without_entities_says_so(palette: Palette) -> None:
    page = document_page(make_document("Nothing to see."), palette)
    parsed = parse_safe(page)
    assert parsed.text == "Nothing to see."
    assert not parsed.pieces
    assert "No entities in this document." in page
    assert "0 entities." in page


def test_colours_that_are_not_hex_never_reach_the_css(tmp_path: Path) -> None:
    data = json.loads((Path(__file__).parents[4] / "resources" / "palette.json").read_text("utf-8"))
    data["types"]["PERSON"]["background"] = "#ffffff;}</style><script>alert(1)</script>"
    data["types"]["PERSON"]["text"] = "#1b1b1b; background: url(http://example.com/x)"
    (tmp_path / "palette.json").write_text(json.dumps(data), encoding="utf-8")
    hostile_palette = Palette.load(tmp_path / "palette.json")
    page = document_page(make_document("Ann", (Entity(0, 3, "PERSON"),)), hostile_palette)
    parse_safe(page)
    assert css_colour("#A1b2C3") == "#A1b2C3"
    assert css_colour("red") != "red"


def test_pages_are_deterministic(palette: Palette, tmp_path: Path) -> None:
    documents = [nested_document(), make_document(HOSTILE_BODY, id="hostile")]
    first = [path.read_bytes() for path in write_html(documents, tmp_path / "one", palette, "Corpus")]
    second = [path.read_bytes() for path in write_html(documents, tmp_path / "two", palette, "Corpus")]
    assert first == second
    assert document_page(documents[0], Palette.load()) == document_page(documents[0], Palette.load())


def test_write_html_writes_one_page_per_document_and_an_index(palette: Palette, tmp_path: Path) -> None:
    seed = parse_document(SEEDS / SEED_NAME, (SEEDS / SEED_NAME).read_bytes())
    documents = [
        seed,
        make_document("First story.", id="story"),
        make_document("Second story, same id.", id="story"),
        make_document("STORY again, as macOS sees it.", id="STORY"),
        make_document("Called index.", id="index"),
        make_document("An odd id.", id="a #1 ?%.txt"),
    ]
    folder = tmp_path / "new" / "export"
    written = write_html(documents, folder, palette, "Seed <corpus>")
    names = [path.name for path in written]
    assert names == [
        seed.id + ".html",
        "story.html",
        "story-2.html",
        "STORY-3.html",
        "index-2.html",
        "a #1 _%.txt.html",
        INDEX_NAME,
    ]
    assert sorted(path.name for path in folder.iterdir()) == sorted(names)
    for path in written[:-1]:
        parsed = parse_safe(path.read_text("utf-8"))
        assert parsed.links() == [INDEX_NAME]
    index = parse_safe((folder / INDEX_NAME).read_text("utf-8"))
    assert [unquote(href) for href in index.links()] == names[:-1]
    assert "a%20%231%20_%25.txt.html" in index.links()
    rows = index.cells[1:]
    assert [row[0] for row in rows] == [document.title for document in documents]
    assert rows[0][1] == "Wednesday 27 November 2019 (2019-11-27)"
    assert [row[2] for row in rows] == ["0"] * len(documents)
    assert index.headings[0] == "Seed <corpus>"


def test_a_single_document_gets_no_index_unless_asked(palette: Palette, tmp_path: Path) -> None:
    written = write_html([nested_document()], tmp_path / "one", palette, "Corpus")
    assert [path.name for path in written] == ["story.html"]
    assert [path.name for path in (tmp_path / "one").iterdir()] == ["story.html"]
    assert not parse_safe(written[0].read_text("utf-8")).links()
    assert write_html([], tmp_path / "empty", palette, "Corpus") == []

    # A folder of one document is still a folder: its export gets an index, and a link to it.
    written = write_html([nested_document()], tmp_path / "folder", palette, "Corpus", index=True)
    assert [path.name for path in written] == ["story.html", INDEX_NAME]
    assert parse_safe(written[0].read_text("utf-8")).links() == [INDEX_NAME]
    assert parse_safe(written[1].read_text("utf-8")).links() == ["story.html"]


def test_an_index_may_be_left_out_for_several_documents(palette: Palette, tmp_path: Path) -> None:
    documents = [make_document("One.", id="one"), make_document("Two.", id="two")]
    written = write_html(documents, tmp_path, palette, "Corpus", index=False)
    assert [path.name for path in written] == ["one.html", "two.html"]
    assert not any(parse_safe(path.read_text("utf-8")).links() for path in written)


def test_pages_are_written_whole_with_lf_line_breaks(palette: Palette, tmp_path: Path) -> None:
    document = make_document("A lone surrogate \udc80 and a CR \r here.", id="odd")
    (page,) = write_html([document], tmp_path, palette, "Corpus")
    data = page.read_bytes()
    assert b"\r\n" not in data and b"\r" not in data
    assert "A lone surrogate ? and a CR &#13; here." in data.decode("utf-8")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["odd.html"]  # no partial file left


def test_write_html_streams_the_documents(palette: Palette, tmp_path: Path) -> None:
    def documents() -> Iterator[Document]:
        for number in range(6):
            # Looking two documents ahead at most: the pages before those are already on disk.
            for earlier in range(number - 2):
                assert (tmp_path / f"doc{earlier}.html").exists()
            yield make_document(f"Story {number}.", id=f"doc{number}")

    assert len(write_html(documents(), tmp_path, palette, "Corpus")) == 7


def test_index_page_from_entries(palette: Palette) -> None:
    body = "Ann met Bob in Rome."
    document = make_document(body, spans_of(body, ("Ann", "PERSON"), ("Bob", "PERSON"), ("Rome", "GPE")))
    entry = IndexEntry.of(document, "story.html", palette)
    assert entry.type_counts == (("PERSON", 2), ("GPE", 1))
    assert entry.entity_count == 3
    parsed = parse_safe(index_page([entry], palette, "One"))
    assert parsed.links() == ["story.html"]
    assert parsed.cells[1] == ["Ann met Bob in Rome.", "Undated", "3", "PERSON 2 GPE 1"]


LABELS = st.sampled_from(["PERSON", "ORG", "GPE", "<b>", 'a"&\'b', "CUSTOM"])
BODY_CHARACTERS = st.one_of(st.characters(), st.sampled_from("<>&\"'\n\r \u202e\u200d"))


@st.composite
def documents(draw: st.DrawFn) -> Document:
    body = draw(st.text(BODY_CHARACTERS, max_size=40))
    entities: list[Entity] = []
    if body:
        bound = st.integers(0, len(body))
        for _ in range(draw(st.integers(0, 6))):
            start, end = sorted((draw(bound), draw(bound)))
            if start < end:
                entities.append(Entity(start, end, draw(LABELS), note=draw(st.text(max_size=5))))
    return make_document(body, tuple(sorted(entities)), id=draw(st.text(max_size=8)))


@settings(deadline=None, max_examples=60)
@given(documents())
def test_any_document_renders_as_its_text(document: Document) -> None:
    parsed = parse_safe(document_page(document, Palette.load(), index_href=INDEX_NAME))
    assert parsed.text == document.body
    assert sum(len(piece.cues) for piece in parsed.pieces) == len(document.entities)
