"""Code points (Python, spaCy) to UTF-16 units (Qt) and back, checked against Python's own UTF-16."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gui.core.model.offsets import OffsetMap, utf16_length

# Astral characters (two UTF-16 units each) before, between and inside the spans below.
TEXT = "😀 Angela Merkel 𝔘 flew to 🎉Paris🎉 with 👩‍👩‍👧 and 𝄞𝄞 Berlin."


def utf16_units(text: str) -> int:
    """Python's own count: the UTF-16 encoding's length in 16-bit units."""
    return len(text.encode("utf-16-le")) // 2


def qt_slice(text: str, start: int, end: int) -> str:
    """What Qt would show between two UTF-16 positions."""
    return text.encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le")


def test_spans_after_and_around_astral_characters() -> None:
    offsets = OffsetMap(TEXT)
    for span in ("Angela Merkel", "Paris", "🎉Paris🎉", "👩‍👩‍👧", "𝄞𝄞 Berlin", "Berlin."):
        start = TEXT.index(span)
        end = start + len(span)
        qt_start, qt_end = offsets.to_utf16(start), offsets.to_utf16(end)
        assert qt_start == utf16_units(TEXT[:start])
        assert qt_slice(TEXT, qt_start, qt_end) == span
        assert (offsets.to_code_point(qt_start), offsets.to_code_point(qt_end)) == (start, end)


def test_every_offset_matches_pythons_utf16() -> None:
    offsets = OffsetMap(TEXT)
    for offset in range(len(TEXT) + 1):
        assert offsets.to_utf16(offset) == utf16_units(TEXT[:offset])


def test_a_position_inside_a_surrogate_pair_maps_to_its_character() -> None:
    text = "ab😀c𝔘"
    offsets = OffsetMap(text)
    assert [offsets.to_code_point(position) for position in range(7)] == [0, 1, 2, 2, 3, 4, 4]
    assert offsets.to_code_point(7) == 5


def test_text_without_astral_characters_is_the_identity() -> None:
    text = "Café “quotes” – naïve Ωmega 中文"
    offsets = OffsetMap(text)
    assert offsets.is_identity
    assert all(offsets.to_utf16(i) == i == offsets.to_code_point(i) for i in range(len(text) + 1))
    assert not OffsetMap("Paris 😀").is_identity


def test_utf16_length() -> None:
    assert utf16_length("") == 0
    assert utf16_length("Café") == 4
    assert utf16_length("😀") == 2
    assert utf16_length(TEXT) == utf16_units(TEXT)
    assert utf16_length("\ud83d") == 1  # a lone surrogate is one unit, not a pair


# Astral characters are rare in random text; draw them as often as the others.
characters = st.one_of(
    st.characters(max_codepoint=0xFFFF, codec="utf-8"),  # the codec leaves out lone surrogates
    st.characters(min_codepoint=0x10000),
)


@given(st.text(characters, max_size=60))
def test_round_trip_and_agreement_with_utf16(text: str) -> None:
    offsets = OffsetMap(text)
    assert utf16_length(text) == utf16_units(text)
    positions = [offsets.to_utf16(offset) for offset in range(len(text) + 1)]
    assert positions == [utf16_units(text[:offset]) for offset in range(len(text) + 1)]
    assert [offsets.to_code_point(position) for position in positions] == list(range(len(text) + 1))


@given(st.text(characters, max_size=60))
def test_every_utf16_position_maps_to_the_character_that_holds_it(text: str) -> None:
    offsets = OffsetMap(text)
    starts = [utf16_units(text[:offset]) for offset in range(len(text) + 1)]
    for position in range(utf16_length(text) + 1):
        expected = max(offset for offset, start in enumerate(starts) if start <= position)
        assert offsets.to_code_point(position) == expected
