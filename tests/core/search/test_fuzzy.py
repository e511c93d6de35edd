"""Quick open's fuzzy matching: subsequences, word starts and runs first."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gui.core.search.fuzzy import FuzzyIndex, fold, fuzzy_match, rank

TITLES = [
    "National tournament summary",
    "NATO summit in London",
    "Russia deploys forces to Libya",
    "000_d9f4b74fadeab39f.txt",
]


def test_word_starts_and_runs_rank_first() -> None:
    assert [item for item, _ in rank("nato sum", TITLES)] == [
        "NATO summit in London",
        "National tournament summary",
    ]


def test_letters_must_come_in_order() -> None:
    assert fuzzy_match("ayibl", "Libya") is None
    assert fuzzy_match("lby", "Libya") is not None


def test_positions_point_at_the_matched_characters() -> None:
    match = fuzzy_match("rdf", "Russia deploys forces")
    assert match is not None
    assert ["Russia deploys forces"[i] for i in match.positions] == ["R", "d", "f"]


def test_an_empty_query_matches_everything_in_order() -> None:
    assert [item for item, _ in rank("", TITLES)] == sorted(TITLES, key=len)


def test_items_can_be_matched_on_their_own_texts() -> None:
    ranked = rank("libya", ["a", "b"], texts=["Nothing", "Russia in Libya"])
    assert [item for item, _ in ranked] == ["b"]


@given(st.text(max_size=30), st.text(max_size=60))
def test_a_match_is_a_subsequence(query: str, text: str) -> None:
    match = fuzzy_match(query, text)
    if match is not None:
        assert list(match.positions) == sorted(set(match.positions))
        assert all(0 <= position < len(text) for position in match.positions)


@given(st.text(min_size=1, max_size=40))
def test_every_text_matches_itself(text: str) -> None:
    assert fuzzy_match(text, text) is not None


def test_a_later_word_start_is_not_taken_when_the_rest_would_no_longer_match() -> None:
    # "0" is preferred at a word start (after ":"), but taking it leaves no ":" after it.
    assert fuzzy_match("0:0", "\x1f0:0") is not None
    assert fuzzy_match("a-b", "xa-b") is not None
    match = fuzzy_match("ab", "xab a-b")  # the word start "a-b", whose rest matches, is taken
    assert match is not None and match.positions == (4, 6)


def test_ranking_stops_once_the_query_is_typed_on() -> None:
    texts = [f"title {number}" for number in range(1_000)]
    asked: list[bool] = []

    def wanted() -> bool:  # typed on after the first few hundred were scored
        asked.append(True)
        return len(asked) < 2

    assert rank("title", texts, limit=5, wanted=wanted) == []
    assert len(asked) == 2  # not asked again: it stopped there
    assert rank("title", texts, limit=5, wanted=lambda: True) == rank("title", texts, limit=5) != []


def test_the_index_finds_the_first_matches_only_when_asked_for_so_many() -> None:
    texts = [f"{word} {number}" for number in range(30) for word in ("alpha", "beta")]
    index = FuzzyIndex(texts, piece=7)  # pieces of 7 texts: the first matches span several
    every = index.matching("bet")
    assert every == [i for i, text in enumerate(texts) if text.startswith("beta")]
    assert index.matching("bet", 10) == every[:10]
    assert index.matching("bet", 0) == []
    assert index.matching("", 3) == [0, 1, 2]
    assert index.matching("bet", 1_000) == every


@given(st.text(max_size=40))
def test_folding_at_once_is_folding_each_character(text: str) -> None:
    assert fold(text) == "".join(char.casefold() if len(char.casefold()) == 1 else char for char in text)


def reference_match(query: str, text: str) -> tuple[int, tuple[int, ...]] | None:
    """The scoring as first written, plainly (a call per character): the quicker fuzzy_match
    must score and place every character as it does."""
    breaks = " _-./\\:,;()[]'\"“”‘’"
    needle = fold("".join(query.split()))
    if not needle:
        return 0, ()
    hay = fold(text)
    latest = [0] * len(needle)
    end = len(hay)
    for i in range(len(needle) - 1, -1, -1):
        end = hay.rfind(needle[i], 0, end)
        if end < 0:
            return None
        latest[i] = end

    def best_position(char: str, start: int, previous: int | None, limit: int) -> int:
        if previous is not None and previous + 1 <= limit and hay[previous + 1] == char:
            return previous + 1
        first = hay.find(char, start)
        position = first
        while 0 <= position <= limit and position - first < 30:
            if position == 0 or hay[position - 1] in breaks:
                return position
            position = hay.find(char, position + 1)
        return first

    positions: list[int] = []
    score = start = 0
    for char, limit in zip(needle, latest, strict=True):
        found = best_position(char, start, positions[-1] if positions else None, limit)
        if positions and found == positions[-1] + 1:
            score += 8
        if found == 0 or text[found - 1] in breaks:
            score += 6
        score -= min(found - start, 10)
        positions.append(found)
        start = found + 1
    return score - len(text) // 40, tuple(positions)


WORDS = st.text(alphabet="abAB -_.:0ß", max_size=12)
QUERIES = st.text(alphabet="abAB -_.:0ß", max_size=6)


@given(QUERIES, st.lists(WORDS, max_size=8).map(" ".join), st.text(max_size=30))
def test_scores_and_places_are_the_plain_scorings(query: str, words: str, anything: str) -> None:
    for text in (words, anything, words + anything, "x" * 35 + words):
        match = fuzzy_match(query, text)
        assert (None if match is None else (match.score, match.positions)) == reference_match(query, text)


def test_a_word_start_is_preferred_within_reach_as_the_plain_scoring_does() -> None:
    # "a" and "b" inside a word first, then at word starts some way on: the first word start
    # within 30 characters is taken, when the rest still matches after it.
    for pad in range(40):
        for more in (0, 27, 28, 29, 30):
            text = f"xa{'y' * pad} ab{'y' * more} b"
            for query in ("a", "b", "ab", "a b", "aab", "ayb", "yb", "bb"):
                match = fuzzy_match(query, text)
                scored = None if match is None else (match.score, match.positions)
                assert scored == reference_match(query, text), (query, text)
