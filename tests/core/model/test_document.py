"""Parsing seed-format files into Documents: headers, encodings, bad bytes and titles."""

from __future__ import annotations

import codecs
import datetime as dt
import re
from pathlib import Path

from hypothesis import assume, given
from hypothesis import strategies as st

from gui.core.model.document import (
    TITLE_MAX_CHARS,
    Document,
    Entity,
    StoredOffsets,
    decode_bytes,
    make_title,
    parse_document,
    split_header,
)
from tests.conftest import SEED_NAME, SEEDS

PATH = Path("/corpus/article.txt")


def parse(data: bytes | str) -> Document:
    return parse_document(PATH, data.encode("utf-8") if isinstance(data, str) else data)


def normalise_line_endings(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# The seed format


def test_seed_header_on_the_same_line_as_the_body() -> None:
    raw = (SEEDS / SEED_NAME).read_text(encoding="utf-8")
    document = parse_document(SEEDS / SEED_NAME, raw.encode("utf-8"))
    assert raw.startswith(" date 2019-11-27 Russia")  # the fixture is what this test is about
    assert document.date == dt.date(2019, 11, 27)
    assert document.body == raw[len(" date 2019-11-27 ") :]
    assert document.id == "000_d9f4b74fadeab39f"
    assert document.notices == ()


def test_header_followed_by_a_newline() -> None:
    document = parse("date 2021-03-04\nThe body starts here.\n\nSecond paragraph.\n")
    assert document.date == dt.date(2021, 3, 4)
    assert document.body == "The body starts here.\n\nSecond paragraph.\n"


def test_leading_whitespace_before_the_header() -> None:
    document = parse("\n\n  \tdate 2021-03-04\nBody.")
    assert document.date == dt.date(2021, 3, 4)
    assert document.body == "Body."


def test_no_header_keeps_the_text_without_leading_whitespace() -> None:
    document = parse("\n  Just a story, dated 2021-03-04 in passing.  \n")
    assert document.date is None
    assert document.body == "Just a story, dated 2021-03-04 in passing.  \n"
    assert document.notices == ()


def test_the_word_date_without_a_date_is_body_text() -> None:
    for text in ("date night was fun.", "date 2019-11-27x is not a header", "dated 2019-11-27 body"):
        document = parse(text)
        assert document.date is None
        assert document.body == text


def test_an_impossible_date_gives_a_notice_and_no_date() -> None:
    document = parse("date 2019-13-45\nBody text.")
    assert document.date is None
    assert document.body == "Body text."
    assert len(document.notices) == 1
    assert "2019-13-45" in document.notices[0]
    assert "not a real date" in document.notices[0]


def test_body_is_kept_exactly_apart_from_line_endings() -> None:
    body = "  Tabs\tand  double  spaces, “quotes”, émigré, 😀 and trailing space   \n\n\n"
    assert parse("date 2020-01-01\n" + body.lstrip()).body == body.lstrip()


def test_crlf_and_lone_cr_become_newlines() -> None:
    document = parse("date 2020-01-01\r\nFirst line.\r\nSecond line.\rThird line.\r\r\nEnd")
    assert document.date == dt.date(2020, 1, 1)
    assert document.body == "First line.\nSecond line.\nThird line.\n\nEnd"
    assert "\r" not in document.body


# Encodings and bad bytes


def test_utf8_byte_order_mark_is_dropped() -> None:
    document = parse(codecs.BOM_UTF8 + "date 2020-01-02\nCafé".encode())
    assert document.date == dt.date(2020, 1, 2)
    assert document.body == "Café"
    assert document.notices == ()


def test_utf16_with_byte_order_mark() -> None:
    for encoding in ("utf-16-le", "utf-16-be"):
        bom = codecs.BOM_UTF16_LE if encoding == "utf-16-le" else codecs.BOM_UTF16_BE
        document = parse(bom + "date 2020-01-02\r\nZoë met 😀 in Paris.".encode(encoding))
        assert document.date == dt.date(2020, 1, 2)
        assert document.body == "Zoë met 😀 in Paris."
        assert document.notices == ("Decoded as UTF-16 (byte order mark).",)


def test_invalid_utf8_gives_replacement_characters_and_a_notice() -> None:
    document = parse(b"date 2020-01-02\nCaf\xe9 au lait \xff end")
    assert document.date == dt.date(2020, 1, 2)
    assert document.body == "Caf\ufffd au lait \ufffd end"
    assert len(document.notices) == 1
    assert "Not valid UTF-8" in document.notices[0]
    assert "offset 19" in document.notices[0]  # the first bad byte, \xe9


def test_nul_bytes_mean_a_binary_file_with_an_empty_body() -> None:
    document = parse(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert document.body == ""
    assert document.date is None
    assert len(document.notices) == 1
    assert "binary" in document.notices[0]


def test_empty_and_blank_files_say_so() -> None:
    for data in (b"", b"  \n\t\r\n", codecs.BOM_UTF8, b"date 2020-01-02\n"):
        document = parse(data)
        assert document.body.strip() == ""
        assert document.notices == ("The file is empty.",), data


def test_a_document_with_text_has_no_notices() -> None:
    assert parse("date 2020-01-02\nA sentence.").notices == ()


def test_explicit_id_and_entity_text() -> None:
    document = Document(PATH, "doc-1", None, "Khalifa Haftar spoke.", (Entity(0, 14, "PERSON"),))
    assert parse_document(PATH, b"x", doc_id="doc-1").id == "doc-1"
    assert parse_document(PATH, b"x").id == "article"
    assert document.entity_text(document.entities[0]) == "Khalifa Haftar"


# Titles


def test_title_is_the_first_sentence() -> None:
    assert make_title("Russia has deployed forces. A second sentence.") == "Russia has deployed forces."
    assert make_title("Is it over? Not yet.") == "Is it over?"


def test_title_keeps_closing_quotes_of_its_sentence() -> None:
    assert make_title("He said “it is over.” Then he left.") == "He said “it is over.”"
    assert make_title('"Enough!" she said.') == '"Enough!"'
    assert make_title("(A note.) More text.") == "(A note.)"


def test_title_does_not_end_at_an_abbreviation() -> None:
    assert make_title("U.S. troops arrived in Libya. Then more.") == "U.S. troops arrived in Libya."
    assert make_title("Mr. Smith went to Washington. Later.") == "Mr. Smith went to Washington."
    assert make_title("Apple Inc. said profits rose. Then.") == "Apple Inc. said profits rose."
    assert make_title("“Dr. No” met Gen. Haftar. Later.") == "“Dr. No” met Gen. Haftar."
    assert make_title("Russia deployed forces. The U.S. disagreed.") == "Russia deployed forces."


def test_title_is_the_first_line_when_it_has_no_full_stop() -> None:
    assert make_title("\n  Breaking news\nThe body follows.") == "Breaking news"


def test_title_collapses_whitespace() -> None:
    assert make_title("Words\tspread   over\u00a0spaces. Next.") == "Words spread over spaces."


def test_long_title_is_elided_at_a_word_boundary() -> None:
    body = "The quick brown fox jumps over the lazy dog " * 10
    title = make_title(body)
    assert title.endswith("…")
    assert len(title) <= TITLE_MAX_CHARS
    assert body.startswith(title[:-1])
    assert title[-2] != " "
    assert body[len(title) - 1] == " "  # the cut fell between two words


def test_long_word_is_elided_at_the_limit() -> None:
    title = make_title("x" * 500, limit=40)
    assert title == "x" * 39 + "…"


def test_title_of_the_seed_document() -> None:
    document = parse_document(SEEDS / SEED_NAME, (SEEDS / SEED_NAME).read_bytes())
    assert document.title == (
        "Russia has deployed military forces to Libya that are destabilizing the country, "
        "a top State Department official warned…"
    )


def test_empty_body_has_an_empty_title() -> None:
    assert make_title("") == ""
    assert make_title(" \n ") == ""


# Properties

HEADER_LIKE = re.compile(r"\s*date")


@given(st.text(st.sampled_from(" .!?\n\"”’)]“(abMrUS."), max_size=80) | st.text(max_size=200))
def test_make_title_never_raises_and_stays_within_its_limit(body: str) -> None:
    title = make_title(body, limit=30)
    assert len(title) <= 30
    assert "\n" not in title
    assert title == title.strip()


@given(st.binary(max_size=600))
def test_parse_document_never_raises(data: bytes) -> None:
    document = parse_document(PATH, data)
    assert "\r" not in document.body
    assert document.date is None or isinstance(document.date, dt.date)
    assert len(document.title) <= TITLE_MAX_CHARS


@given(st.sampled_from([codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE]), st.binary(max_size=300))
def test_parse_document_never_raises_after_a_byte_order_mark(bom: bytes, data: bytes) -> None:
    assert "\r" not in parse_document(PATH, bom + data).body


@given(st.text(max_size=300))
def test_text_without_header_is_kept_with_normalised_line_endings(text: str) -> None:
    assume(not HEADER_LIKE.match(text))
    assume("\x00" not in text and not text.startswith("\ufeff"))
    document = parse(text)
    assert document.date is None
    assert document.body == normalise_line_endings(text.lstrip())
    assert ("The file is empty." in document.notices) == (not text.strip())


@given(st.dates(min_value=dt.date(1000, 1, 1)), st.sampled_from([" ", "\n", "\r\n", "\t"]), st.text())
def test_header_date_and_body_round_trip(date: dt.date, separator: str, body: str) -> None:
    assume("\x00" not in body and not body[:1].isspace())
    document = parse(f"date {date.isoformat()}{separator}{body}")
    assert document.date == date
    assert document.body == normalise_line_endings(body)


# What files hold: every kind of line break, astral and combining characters, and date headers.
STORED_PIECES = st.sampled_from(
    ["a", "é", "😀", "\u0301", " ", "\t", "\n", "\r", "\r\n", "date 2020-01-02", "date 2019-13-45"]
)


@given(st.binary(max_size=600))
def test_decode_bytes_never_raises_and_says_whenever_it_repaired(data: bytes) -> None:
    text, notices = decode_bytes(data)
    if not notices:
        assert text == data.decode("utf-8-sig")  # nothing said, nothing changed


@given(st.text(max_size=300) | st.lists(STORED_PIECES, max_size=40).map("".join))
def test_split_header_never_raises(text: str) -> None:
    date, body, notices = split_header(text)
    assert "\r" not in body
    assert date is None or not notices  # a date is either read or explained away


def test_a_one_megabyte_line_keeps_every_character_and_a_short_title() -> None:
    line = "word " * 200_000  # 1 MB without a line break
    stored = "date 2020-01-01\r\n" + line + "Berlin"

    document = parse(stored)

    assert document.body == line + "Berlin"
    assert len(document.title) <= TITLE_MAX_CHARS and document.title.endswith("…")
    offsets = StoredOffsets.for_file_text(stored)
    berlin = stored.rindex("Berlin")
    start, end = offsets.to_body(berlin), offsets.to_body(berlin + len("Berlin"))
    assert start is not None and document.body[start:end] == "Berlin"


@given(st.lists(STORED_PIECES, max_size=40).map("".join))
def test_stored_offsets_map_every_kept_character_to_its_body_character(stored: str) -> None:
    offsets = StoredOffsets.for_file_text(stored)
    _, body, _ = split_header(stored)
    positions = [offsets.to_body(offset) for offset in range(len(stored) + 1)]

    # None before the body, then a body position for every offset, never going back.
    assert positions[: offsets.start] == [None] * offsets.start
    placed = [p for p in positions[offsets.start :] if p is not None]
    assert len(placed) == len(stored) + 1 - offsets.start
    assert placed == sorted(placed) and placed[-1] == len(body)
    for offset in range(offsets.start, len(stored)):
        if stored[offset : offset + 2] == "\r\n":  # the body drops this CR: it maps with its LF
            assert positions[offset] == positions[offset + 1]
            continue
        position = positions[offset]
        assert position is not None
        assert body[position] == ("\n" if stored[offset] == "\r" else stored[offset])
