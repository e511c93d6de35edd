"""Find in document: every occurrence, any case, across line breaks."""

from __future__ import annotations

import itertools
import re
import sys

from hypothesis import given
from hypothesis import strategies as st

from gui.core.search.find_in_text import FoldedText, find_all, fold


def test_every_occurrence_in_any_case() -> None:
    text = "Haftar met haftar; HAFTAR left."
    assert find_all(text, "haftar") == [(0, 6), (11, 17), (19, 25)]


def test_a_phrase_matches_across_a_line_break_and_spaces() -> None:
    text = "the State\nDepartment and the State   Department"
    assert [text[s:e] for s, e in find_all(text, "state department")] == [
        "State\nDepartment",
        "State   Department",
    ]


def test_special_characters_are_literal_and_offsets_count_code_points() -> None:
    text = "😀 cost (est.) $5.2 bn; cost (est.) again"
    first, second = text.index("(est.)"), text.rindex("(est.)")
    assert find_all(text, "(est.)") == [(first, first + 6), (second, second + 6)]
    assert first == 7  # the emoji is one code point
    assert find_all(text, "   ") == []


WORDS = st.text(min_size=1, max_size=5).filter(lambda query: not any(c.isspace() for c in query))


@given(st.text(max_size=80), WORDS)
def test_matches_are_ordered_disjoint_and_equal_the_query_ignoring_case(text: str, query: str) -> None:
    spans = find_all(text, query)
    assert all(end <= start for (_, end), (start, _) in itertools.pairwise(spans))
    for start, end in spans:
        assert re.fullmatch(re.escape(query), text[start:end], re.IGNORECASE)


# Letters that fold in unusual ways (dotted capital I, dotless i, long s, the sigmas, micro sign and
# mu, Kelvin sign, the st ligatures, sharp s) among plain ones and whitespace.
TRICKY = "aisSIkKΣσςµμſıİßẞﬅﬆΐΐ \n\t"


@given(st.text(alphabet=TRICKY, max_size=60), st.text(alphabet=TRICKY, min_size=1, max_size=6))
def test_finds_what_an_ignorecase_search_finds(text: str, query: str) -> None:
    words = query.split()
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words), re.IGNORECASE)
    expected = [match.span() for match in pattern.finditer(text)] if words else []
    assert find_all(text, query) == expected


def test_folding_keeps_every_offset() -> None:
    every_character = "".join(map(chr, range(sys.maxunicode + 1)))
    assert len(fold(every_character)) == len(every_character)
    assert fold("İstanbul ΟΔΟΣ") == "istanbul οδοσ"


def test_a_slice_at_a_time_and_the_count_at_the_end() -> None:
    text = "Haftar said no. " * 50_000
    scan = FoldedText(text).matches("haftar")
    assert scan.count == 0 and not scan.complete
    assert not scan.scan(1_000)
    assert scan.count == 1_000 and scan.span(999) == (999 * 16, 999 * 16 + 6)
    scan.scan_all()
    assert scan.complete and scan.count == 50_000 == text.lower().count("haftar")


def test_matches_are_found_only_as_far_as_asked() -> None:
    text = "said " * 100_000
    scan = FoldedText(text).matches("SAID")
    assert scan.first_from(0) == 0
    assert scan.count < 100_000  # the first slice, not the whole text
    middle = len(text) // 2
    index = scan.first_from(middle + 1)
    assert index is not None and scan.span(index) == (middle + 5, middle + 9)
    assert not scan.complete
    assert scan.first_after(scan.starts[index]) == index + 1
    assert scan.last_before(scan.starts[index]) == index - 1
    assert scan.first_from(len(text)) is None and scan.complete
    assert scan.last_before(0) is None


def test_overlapping_a_range_finds_the_matches_reaching_into_it() -> None:
    text = "the State\nDepartment, the State Department. " * 15_000
    scan = FoldedText(text).matches("state department")
    first = text.index("State\nDepartment")
    assert scan.overlapping(first + 3, first + 8) == [(first, first + 16)]
    assert scan.overlapping(0, first) == []
    assert not scan.complete
    assert len(scan.overlapping(0, len(text))) == 30_000


def test_an_empty_phrase_matches_nothing() -> None:
    scan = FoldedText("some text").matches("  ")
    assert scan.complete and scan.count == 0 and scan.first_from(0) is None
    assert scan.overlapping(0, 9) == []


def test_matches_are_found_from_the_top_even_where_they_could_overlap() -> None:
    # "aa" in "aaaaa": (0, 2) and (2, 4), as a search from the top finds them, wherever one asks.
    scan = FoldedText("aaaaa").matches("AA")
    assert scan.first_from(1) == 1 and scan.span(1) == (2, 4)
    assert scan.overlapping(1, 2) == [(0, 2)]
