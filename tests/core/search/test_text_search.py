"""Full-text search over the corpus: whole words, AND over words, phrase hits and safe snippets."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gui.core.corpus.corpus import Corpus
from gui.core.model.document import parse_document
from gui.core.search.text_search import (
    ELLIPSIS,
    SNIPPET_CHARS,
    SearchHit,
    TextIndex,
    query_words,
    snippet_after,
    snippet_before,
    word_positions,
)
from tests.conftest import SEED_NAME, SEEDS

SEED_BODY = parse_document(SEEDS / SEED_NAME, (SEEDS / SEED_NAME).read_bytes()).body
SEED_PARAGRAPHS = [p.strip() for p in SEED_BODY.split("\n\n") if p.strip()]


def found(hits: list[SearchHit]) -> list[tuple[str, str]]:
    return [(hit.doc_id, hit.match) for hit in hits]


@pytest.fixture
def index() -> TextIndex:
    index = TextIndex()
    index.add_document("seed", SEED_BODY)
    index.add_document("short", "Haftar met the State\ndepartment. STATE DEPARTMENT officials left.")
    index.add_document("other", "A statement from Moscow. Haftar, Haftar and Haftar’s men.")
    return index


def test_a_word_is_found_in_every_document_whole_words_only(index: TextIndex) -> None:
    hits = index.search("haftar", limit=100)
    assert found(hits) == [("seed", "Haftar")] * 6 + [("other", "Haftar")] * 3 + [("short", "Haftar")]
    assert all(SEED_BODY[h.start : h.end] == "Haftar" for h in hits if h.doc_id == "seed")
    assert index.search("state") and not index.matching_documents("stat")
    assert "other" not in {h.doc_id for h in index.search("state")}  # "statement" is another word


def test_a_phrase_is_found_verbatim_ignoring_case_and_line_breaks(index: TextIndex) -> None:
    hits = index.search("State Department", limit=100)
    assert found(hits) == [
        ("seed", "State Department"),
        ("seed", "State Department"),
        ("seed", "State Department"),
        ("short", "State department"),  # the line break in the text is shown as a space
        ("short", "STATE DEPARTMENT"),
    ]
    short = index.text_of("short")
    assert short is not None and short[hits[3].start : hits[3].end] == "State\ndepartment"


def test_every_word_must_appear_and_the_first_word_is_shown_without_the_phrase(index: TextIndex) -> None:
    assert index.matching_documents("Haftar Moscow") == {"seed", "other"}
    hits = index.search("Haftar Moscow", limit=100)
    assert {h.match for h in hits} == {"Haftar"}
    assert [h.doc_id for h in hits] == ["seed"] * 6 + ["other"] * 3
    assert index.search("Haftar Atlantis") == []


def test_documents_with_the_phrase_come_before_those_with_only_its_words() -> None:
    index = TextIndex()
    index.add_document("words", "Russian troops. Russian troops. Mercenaries and more Russian.")
    index.add_document("phrase", "Russian mercenaries arrived.")
    hits = index.search("russian mercenaries")
    assert found(hits) == [("phrase", "Russian mercenaries")] + [("words", "Russian")] * 3


def test_apostrophes_match_either_style(index: TextIndex) -> None:
    assert found(index.search("Haftar's men")) == [("other", "Haftar’s men")]


def test_limit_and_per_document(index: TextIndex) -> None:
    assert len(index.search("haftar", limit=4)) == 4
    assert [h.doc_id for h in index.search("haftar", per_document=1)] == ["seed", "other", "short"]
    assert index.search("haftar", limit=0) == []


def test_queries_without_words_find_nothing(index: TextIndex) -> None:
    assert index.search("") == [] and index.search("  “…” ") == []
    assert index.matching_documents("!!") == set()


def test_surrounding_punctuation_in_the_query_is_ignored(index: TextIndex) -> None:
    assert found(index.search("“Haftar”", per_document=1)) == [("seed", "Haftar"), ("other", "Haftar"),
                                                               ("short", "Haftar")]


def test_re_adding_a_document_replaces_it_and_removing_forgets_it(index: TextIndex) -> None:
    index.add_document("short", "Nothing about anyone.")
    assert "short" not in {h.doc_id for h in index.search("haftar")}
    assert index.matching_documents("anyone") == {"short"}
    assert index.remove_document("short") and not index.remove_document("short")
    assert index.matching_documents("anyone") == set() and len(index) == 2
    index.clear()
    assert index.search("haftar") == [] and len(index) == 0


def test_snippets_are_about_sixty_characters_collapsed_and_marked_when_cut(index: TextIndex) -> None:
    hit = index.search("Khalifa Haftar")[0]
    assert hit.snippet_before == "…is deploying troops in “significant” numbers to support "
    assert hit.snippet_after == ", whose forces launched an April offensive to seize Tripoli…"
    first = index.search("Russia")[0]
    assert first.start == 0 and first.snippet_before == ""
    last = index.search("drone")[-1]
    assert last.snippet_after == "."
    short = index.search("officials")[0]
    assert "\n" not in short.snippet_before and "  " not in short.snippet_before
    for hit in index.search("the", limit=1000):
        assert len(hit.snippet_before) <= SNIPPET_CHARS + 1 and len(hit.snippet_after) <= SNIPPET_CHARS + 1


# Emoji and other characters longer than one code point --------------------------------------------

CLUSTERS = [
    "👨\u200d👩\u200d👧",  # a zero-width-joiner family
    "👍🏽",  # a thumb with a skin tone
    "🇱🇾",  # a flag: two regional indicators
    "❤️",  # a heart with its emoji variation selector
    "e\u0301",  # e with a combining acute accent
    "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # Scotland: tag characters
]


@pytest.mark.parametrize("cluster", CLUSTERS)
@pytest.mark.parametrize("shift", range(8))
def test_snippets_never_cut_a_character_apart(cluster: str, shift: int) -> None:
    # No spaces near the cut, so the snippet cannot fall back on a word boundary; the middle dots
    # keep "needle" a word of its own when the cluster starts with a letter.
    run = cluster * 40
    text = "x" * shift + run + "·needle·" + run + "x" * shift
    index = TextIndex()
    index.add_document("emoji", text)
    (hit,) = index.search("needle")
    assert text[hit.start : hit.end] == "needle"
    before = hit.snippet_before.removeprefix(ELLIPSIS).removesuffix("·")
    after = hit.snippet_after.removesuffix(ELLIPSIS).removeprefix("·")
    assert before == cluster * (len(before) // len(cluster)) and before
    assert after == cluster * (len(after) // len(cluster)) and after


def test_offsets_are_code_points_after_emoji_and_folded_letters() -> None:
    text = "😀 🇱🇾 Die Straße ﬁnal: Haftar said 👍🏽 Haftar"
    index = TextIndex()
    index.add_document("d", text)
    assert [text[h.start : h.end] for h in index.search("haftar")] == ["Haftar", "Haftar"]
    assert found(index.search("strasse")) == [("d", "Straße")]
    assert found(index.search("final")) == [("d", "ﬁnal")]


def test_word_positions_fold_case_and_agree_with_the_text() -> None:
    text = "Haftar HAFTAR haftar’s Straße"
    positions = word_positions(text)
    assert list(positions["haftar"]) == [0, 7, 14]
    assert list(positions["strasse"]) == [23]
    assert query_words("Haftar’s STRASSE") == ["haftar", "s", "strasse"]


def test_snippet_functions_at_the_edges() -> None:
    assert snippet_before("abc", 0) == "" and snippet_after("abc", 3) == ""
    assert snippet_before("  a\n\n b", 7) == "a b"


def test_a_phrase_across_several_spaces_or_after_folded_letters() -> None:
    index = TextIndex()
    index.add_document("spaced", "The State \n\n  Department said. State Department.")
    index.add_document("folded", "Die Straße: State  Department.")
    assert found(index.search("state department")) == [
        ("spaced", "State Department"),
        ("spaced", "State Department"),
        ("folded", "State Department"),
    ]


def test_a_phrase_with_punctuation_between_its_words() -> None:
    index = TextIndex()
    index.add_document("d", "Haftar, Haftar and Haftar ,Haftar. Haftar’s men; Haftar's men.")
    assert found(index.search("Haftar, Haftar")) == [("d", "Haftar, Haftar")]
    assert found(index.search("haftar’s men")) == [("d", "Haftar’s men"), ("d", "Haftar's men")]


# Properties: search agrees with a plain scan, and incremental updates with a fresh build ----------

PIECES = [
    "Haftar", "haftar’s", "men", "State", "Department", "department’s", "👍🏽", "Straße", "strasse", "a",
    "Haftar--State", "Haftar-State", "Upstate",
]
SEPARATORS = [" ", " ", " ", "  ", "\n", " \n\n ", ", ", ". "]
QUERIES = [
    "haftar", "state department", "State  Department", "haftar’s men", "a haftar", "department state",
    "strasse a", "Straße state", "men, a", "department’s", "s", "haftar--state",
]
texts = st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(SEPARATORS)), max_size=14).map(
    lambda pairs: "".join(piece + separator for piece, separator in pairs)
)


@given(st.dictionaries(st.sampled_from("abcd"), texts, max_size=4))
def test_search_agrees_with_a_plain_scan(bodies: dict[str, str]) -> None:
    index = TextIndex()
    for doc_id, body in bodies.items():
        index.add_document(doc_id, body)
    for query in QUERIES:
        hits = index.search(query, limit=1000)
        assert {(h.doc_id, h.start, h.end) for h in hits} == expected_spans(bodies, query), query


@given(st.lists(st.tuples(st.sampled_from("abcd"), st.none() | texts), max_size=20))
def test_incremental_updates_equal_a_fresh_build(operations: list[tuple[str, str | None]]) -> None:
    incremental = TextIndex()
    final: dict[str, str] = {}
    for doc_id, text in operations:
        if text is None:
            incremental.remove_document(doc_id)
            final.pop(doc_id, None)
        else:
            incremental.add_document(doc_id, text)
            final[doc_id] = text
    fresh = TextIndex()
    for doc_id, text in final.items():
        fresh.add_document(doc_id, text)
    assert incremental == fresh  # the index itself, not only what it answers
    for query in QUERIES:
        assert incremental.search(query, limit=1000) == fresh.search(query, limit=1000)


# A generated corpus of 2,000 documents ----------------------------------------------------------

CORPUS_SIZE = 2_000


def write_generated_corpus(folder: Path, count: int, seed: int = 3) -> None:
    """`count` articles of about 1-6 KB, each the seed's paragraphs shuffled, plus a unique tag word.

    Smaller than the benchmark's 2-20 KB so that the full scans that check the results stay quick.
    """
    rng = random.Random(seed)
    folder.mkdir()
    for i in range(count):
        size = rng.randint(1_000, 4_000)
        paragraphs = [f"Dispatch tag{i:04d}."]
        while sum(len(p) + 2 for p in paragraphs) < size:
            paragraphs.extend(rng.sample(SEED_PARAGRAPHS, rng.randint(1, len(SEED_PARAGRAPHS))))
        if i % 97 == 0:
            paragraphs.insert(rng.randint(1, len(paragraphs)), "Readers replied 👍🏽 and 🇱🇾 to Haftar.")
        text = f"date 2019-{1 + i % 12:02d}-{1 + i % 28:02d}\n" + "\n\n".join(paragraphs)
        (folder / f"article_{i:04d}.txt").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[TextIndex, dict[str, str]]:
    folder = tmp_path_factory.mktemp("generated") / "corpus"
    write_generated_corpus(folder, CORPUS_SIZE)
    corpus = Corpus.open(folder)
    bodies = {entry.id: corpus.load(entry).body for entry in corpus}
    index = TextIndex()
    for doc_id, body in bodies.items():
        index.add_document(doc_id, body)
    return index, bodies


def expected_spans(bodies: dict[str, str], query: str) -> set[tuple[str, int, int]]:
    """The hits `search` should give, found by scanning every body with regular expressions."""
    words = re.findall(r"\w+", query.casefold())
    pieces = [re.sub("[’']", "[’']", re.escape(piece)) for piece in query.split()]
    phrase = re.compile(r"(?<!\w)" + r"\s+".join(pieces) + r"(?!\w)", re.IGNORECASE)
    spans: set[tuple[str, int, int]] = set()
    for doc_id, body in bodies.items():
        if not set(words) <= set(re.findall(r"\w+", body.casefold())):
            continue
        matches = [m.span() for m in phrase.finditer(body)] if len(words) > 1 else []
        if not matches:
            matches = [m.span() for m in re.finditer(r"\w+", body) if m.group().casefold() == words[0]]
        spans.update((doc_id, start, end) for start, end in matches)
    return spans


@pytest.mark.parametrize(
    "query",
    ["Haftar", "state department", "Russian mercenaries", "Schenker NATO", "drone Haftar", "tag1234",
     "Haftar Readers"],
)
def test_search_on_two_thousand_documents_matches_a_full_scan(
    generated: tuple[TextIndex, dict[str, str]], query: str
) -> None:
    index, bodies = generated
    assert len(index) == CORPUS_SIZE
    hits = index.search(query, limit=10**7)
    assert {(h.doc_id, h.start, h.end) for h in hits} == expected_spans(bodies, query)
    assert hits, "every query here has hits in the generated corpus"
    for hit in hits[:200]:
        assert " ".join(bodies[hit.doc_id][hit.start : hit.end].split()) == hit.match
        assert hit.match.casefold().startswith(query.split()[0].casefold())


def test_a_unique_word_finds_its_one_document(generated: tuple[TextIndex, dict[str, str]]) -> None:
    index, _ = generated
    assert found(index.search("tag1999")) == [("article_1999", "tag1999")]
    assert index.matching_documents("tag0097 Readers") == {"article_0097"}


def test_the_generated_corpus_ranks_phrase_documents_first_then_by_hits(
    generated: tuple[TextIndex, dict[str, str]],
) -> None:
    index, bodies = generated
    hits = index.search("drone Haftar", limit=10**7, per_document=1)
    order = [h.doc_id for h in hits]
    assert len(order) == len(set(order)) == len(index.matching_documents("drone Haftar"))
    counts = [len(re.findall(r"(?<!\w)drone(?!\w)", bodies[d], re.IGNORECASE)) for d in order]
    assert counts == sorted(counts, reverse=True)


def test_removing_and_replacing_documents_in_a_large_index(
    generated: tuple[TextIndex, dict[str, str]],
) -> None:
    _, bodies = generated
    changed = TextIndex()
    for doc_id, body in bodies.items():
        changed.add_document(doc_id, body)
    for i in range(0, CORPUS_SIZE, 4):
        changed.remove_document(f"article_{i:04d}")
    for i in range(1, CORPUS_SIZE, 4):
        changed.add_document(f"article_{i:04d}", "Replaced by a note on Haftar.")
    expected = {
        doc_id: ("Replaced by a note on Haftar." if int(doc_id[-4:]) % 4 == 1 else body)
        for doc_id, body in bodies.items()
        if int(doc_id[-4:]) % 4 != 0
    }
    assert changed.matching_documents("Haftar") == set(expected)
    assert {(h.doc_id, h.start, h.end) for h in changed.search("state department", limit=10**7)} == (
        expected_spans(expected, "state department")
    )


def test_words_found_beforehand_index_the_same_as_the_text() -> None:
    from gui.core.search.text_search import prepare_text

    texts = {"a": "Haftar met Putin. HAFTAR left", "b": "Straße und Strasse: Haftar", "c": "none"}
    direct, prepared = TextIndex(), TextIndex()
    for doc_id, text in texts.items():
        direct.add_document(doc_id, text)
        prepared.add_prepared(doc_id, prepare_text(text))
    for query in ("haftar", "straße", "putin left", "none"):
        assert prepared.search(query) == direct.search(query)
