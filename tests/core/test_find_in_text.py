"""Find in document: every occurrence, any case, across line breaks."""

from __future__ import annotations

import itertools
import re

from hypothesis import given
from hypothesis import strategies as st

from gui.core.find_in_text import find_all


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
