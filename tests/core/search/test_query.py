"""The search box's query language: what each construct means, what each mistake says, and that
no text typed can crash it."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gui.core.search.query import (
    And,
    DateFilter,
    EntityFilter,
    Not,
    Or,
    Phrase,
    Query,
    QueryError,
    StateFilter,
    TagFilter,
    TypeFilter,
    Word,
    describe_query_language,
    help_examples,
    parse_query,
    unparse,
)


def w(text: str, prefix: bool = False) -> Word:
    return Word(text, prefix)


def days(start: str, end: str) -> DateFilter:
    return DateFilter(date.fromisoformat(start), date.fromisoformat(end))


PARSED: list[tuple[str, Query]] = [
    # words, all of which must match, in lower case
    ("brexit", w("brexit")),
    ("  Brexit  ", w("brexit")),
    ("Brexit deal", And((w("brexit"), w("deal")))),
    ("a\tb\nc", And((w("a"), w("b"), w("c")))),
    # phrases
    ('"trade deal"', Phrase(("trade", "deal"))),
    ('"Trade   DEAL"', Phrase(("trade", "deal"))),
    ('"brexit"', Phrase(("brexit",))),
    ('"tony & blair"', Phrase(("tony", "blair"))),
    ('"blair OR brown NOT -tax"', Phrase(("blair", "or", "brown", "not", "-tax"))),
    ('"entity:x date:2019"', Phrase(("entity:x", "date:2019"))),
    ('brexit"trade deal"', And((w("brexit"), Phrase(("trade", "deal"))))),
    ('"trade deal"brexit', And((Phrase(("trade", "deal")), w("brexit")))),
    # OR, upper case only, binding tighter than the implicit AND
    ("blair OR brown", Or((w("blair"), w("brown")))),
    ("blair OR brown tax", And((Or((w("blair"), w("brown"))), w("tax")))),
    ("tax blair OR brown", And((w("tax"), Or((w("blair"), w("brown")))))),
    ("a OR b OR c", Or((w("a"), w("b"), w("c")))),
    ("a OR b c OR d", And((Or((w("a"), w("b"))), Or((w("c"), w("d")))))),
    ("blair or brown", And((w("blair"), w("or"), w("brown")))),
    ('"trade deal" OR brexit', Or((Phrase(("trade", "deal")), w("brexit")))),
    # negation
    ("brexit -boris", And((w("brexit"), Not(w("boris"))))),
    ("-boris brexit", And((Not(w("boris")), w("brexit")))),
    ("brexit NOT boris", And((w("brexit"), Not(w("boris"))))),
    ('brexit -"boris johnson"', And((w("brexit"), Not(Phrase(("boris", "johnson")))))),
    ('brexit NOT "boris johnson"', And((w("brexit"), Not(Phrase(("boris", "johnson")))))),
    ("brexit -entity:Johnson", And((w("brexit"), Not(EntityFilter("Johnson"))))),
    ('brexit -entity:"Boris Johnson"', And((w("brexit"), Not(EntityFilter("Boris Johnson"))))),
    ("brexit -type:person", And((w("brexit"), Not(TypeFilter("PERSON"))))),
    ("brexit NOT date:2019", And((w("brexit"), Not(days("2019-01-01", "2019-12-31"))))),
    ("brexit -negotiat*", And((w("brexit"), Not(w("negotiat", True))))),
    ("brexit not boris", And((w("brexit"), w("not"), w("boris")))),
    ("anti-war", w("anti-war")),
    ("brexit -OR", And((w("brexit"), Not(w("or"))))),
    ("brexit -NOT", And((w("brexit"), Not(w("not"))))),
    ("a OR b -c", And((Or((w("a"), w("b"))), Not(w("c"))))),
    # prefixes
    ("negotiat*", w("negotiat", True)),
    ("Negotiat**", w("negotiat", True)),
    ("*iat", w("*iat")),
    ("a*b", w("a*b")),
    ("negotiat* OR talk*", Or((w("negotiat", True), w("talk", True)))),
    # entities
    ("entity:Blair", EntityFilter("Blair")),
    ('entity:"Tony Blair"', EntityFilter("Tony Blair")),
    ('entity:"  Tony \t Blair "', EntityFilter("Tony Blair")),
    ("Entity:Blair", EntityFilter("Blair")),
    ("entity:U.S.", EntityFilter("U.S.")),
    ("entity:Tony Blair", And((EntityFilter("Tony"), w("blair")))),
    ("entity:Blair OR entity:Brown", Or((EntityFilter("Blair"), EntityFilter("Brown")))),
    # types
    ("type:PERSON", TypeFilter("PERSON")),
    ("type:person", TypeFilter("PERSON")),
    ("TYPE:Work_of_Art", TypeFilter("WORK_OF_ART")),
    ('type:"gpe"', TypeFilter("GPE")),
    # dates
    ("date:2019", days("2019-01-01", "2019-12-31")),
    ("date:2019-11", days("2019-11-01", "2019-11-30")),
    ("date:2020-02", days("2020-02-01", "2020-02-29")),
    ("date:2019-02", days("2019-02-01", "2019-02-28")),
    ("date:2019-11-01", days("2019-11-01", "2019-11-01")),
    ("date:2019-1-5", days("2019-01-05", "2019-01-05")),
    ("date:2019-11-01..2019-12-31", days("2019-11-01", "2019-12-31")),
    ("date:2019..2020-06", days("2019-01-01", "2020-06-30")),
    ("date:2019-11..2019-11", days("2019-11-01", "2019-11-30")),
    ("date:..2019-12-31", DateFilter(date.min, date(2019, 12, 31))),
    ("date:2019-01..", DateFilter(date(2019, 1, 1), date.max)),
    ('date:"2019"', days("2019-01-01", "2019-12-31")),
    ("date:2019 OR date:2021", Or((days("2019-01-01", "2019-12-31"), days("2021-01-01", "2021-12-31")))),
    # FTS5's operators typed as words are text
    ("blair AND brown", And((w("blair"), w("and"), w("brown")))),
    ("NEAR(blair brown)", And((w("near(blair"), w("brown)")))),
    ("+blair ^brown {tax}", And((w("+blair"), w("^brown"), w("{tax}")))),
    ("c++", w("c++")),
    ("(blair OR brown) tax", And((Or((w("(blair"), w("brown)"))), w("tax")))),
    # a colon that does not follow a filter's name is text
    ("10:30", w("10:30")),
    (":blair", w(":blair")),
    ("Brexit: the deal", And((w("brexit:"), w("the"), w("deal")))),
    ("a1:b", w("a1:b")),
    # words of punctuation alone find nothing and are left out
    ("tony & blair", And((w("tony"), w("blair")))),
    ("tony — blair", And((w("tony"), w("blair")))),
    ("tony OR &", w("tony")),
    ("tony -&", w("tony")),
    # any combination
    (
        'entity:"Tony Blair" type:org date:2019-11..2019-12 "trade deal" OR tariff* -boris',
        And(
            (
                EntityFilter("Tony Blair"),
                TypeFilter("ORG"),
                days("2019-11-01", "2019-12-31"),
                Or((Phrase(("trade", "deal")), w("tariff", True))),
                Not(w("boris")),
            )
        ),
    ),
]


@pytest.mark.parametrize(("text", "expected"), PARSED, ids=[text for text, _ in PARSED])
def test_parses(text: str, expected: Query) -> None:
    assert parse_query(text) == expected


@pytest.mark.parametrize(("text", "expected"), PARSED, ids=[text for text, _ in PARSED])
def test_what_parses_reads_back_the_same(text: str, expected: Query) -> None:
    assert parse_query(unparse(expected)) == expected


def test_unparse_writes_the_plainest_form() -> None:
    assert unparse(parse_query('Blair OR "trade  deal" -entity:x date:2019-11-01..2019-11-30')) == (
        'blair OR "trade deal" -entity:"x" date:2019-11'
    )
    assert unparse(parse_query("date:..2019-03-02")) == "date:..2019-03-02"
    assert unparse(parse_query("date:0001..9999")) == "date:0001-01-01..9999-12-31"


FILTERS_HINT = "the filters are entity:, type:, date:, is:, tag: or has:"
DATE_FORMS = (
    "date: takes a year, a month or a day, as in date:2019, date:2019-11 or date:2019-11-01,"
    " or a range such as date:2019-11-01..2019-12-31."
)
EXAMPLES = 'as in: brexit "trade deal" date:2019'
OR_BOTH_SIDES = "put it between two alternatives, as in: blair OR brown."

ERRORS: list[tuple[str, str, int]] = [
    ("", f"Type a word, a phrase or a filter to search for, {EXAMPLES}", 0),
    ("   \t", f"Type a word, a phrase or a filter to search for, {EXAMPLES}", 0),
    (
        "&& —",
        "&& — has no letters or digits to search for: type a word, a phrase or a filter to search for,"
        f" {EXAMPLES}",
        0,
    ),
    ('brexit "trade deal', 'The quote at 8 is never closed: add a closing " or remove it.', 7),
    ('"a" "b" "c', 'The quote at 9 is never closed: add a closing " or remove it.', 8),
    ('entity:"Tony Blair', 'The quote at 8 is never closed: add a closing " or remove it.', 7),
    ('-"boris', 'The quote at 2 is never closed: add a closing " or remove it.', 1),
    ('brexit ""', "The quotes at 8 hold nothing: put words between them or remove them.", 7),
    ('"  "', "The quotes at 1 hold nothing: put words between them or remove them.", 0),
    ("OR blair", f"OR at the start has nothing before it: {OR_BOTH_SIDES}", 0),
    ("OR", f"OR at the start has nothing before it: {OR_BOTH_SIDES}", 0),
    ("blair OR", f"OR at the end has nothing after it: {OR_BOTH_SIDES}", 6),
    ("blair OR OR brown", "OR at 10 follows another OR: put a word between them, or remove one.", 9),
    (
        "brexit -",
        "The - at 8 stands alone: put it right before a word to leave out, with no space,"
        " as in: brexit -boris.",
        7,
    ),
    (
        "brexit - boris",
        "The - at 8 stands alone: put it right before a word to leave out, with no space,"
        " as in: brexit -boris.",
        7,
    ),
    (
        "brexit NOT",
        "NOT at 8 has nothing after it: follow it with the word, phrase or filter to leave out,"
        " as in: brexit NOT boris.",
        7,
    ),
    (
        "brexit NOT OR boris",
        "NOT at 8 is followed by OR: NOT leaves out the word, phrase or filter right after it,"
        " as in: brexit -boris.",
        7,
    ),
    (
        "brexit --boris",
        "The -- at 8 leaves out twice: put one - right before the word to leave out.",
        7,
    ),
    (
        "brexit NOT -boris",
        "NOT at 8 is followed by another negation: leave a word out once, with either - or NOT.",
        7,
    ),
    (
        "brexit NOT NOT boris",
        "NOT at 8 is followed by another negation: leave a word out once, with either - or NOT.",
        7,
    ),
    (
        "brexit *",
        "The * at 8 stands alone: put it at the end of a word to find the words that start with it,"
        " as in: negotiat*.",
        7,
    ),
    (
        "brexit -*",
        "The * at 9 stands alone: put it at the end of a word to find the words that start with it,"
        " as in: negotiat*.",
        8,
    ),
    (
        "brexit foo:bar",
        f'foo: is not a filter: {FILTERS_HINT}. To search for the text foo:bar, put it in quotes: "foo:bar".',
        7,
    ),
    (
        "entitiy:Blair",
        f"entitiy: is not a filter (did you mean entity:?): {FILTERS_HINT}. To search for the text"
        ' entitiy:Blair, put it in quotes: "entitiy:Blair".',
        0,
    ),
    (
        'person:"Tony Blair"',
        f"person: is not a filter: {FILTERS_HINT}. To search for the text person:,"
        ' put it in quotes: "person:".',
        0,
    ),
    (
        "brexit entity:",
        'entity: needs a name right after the colon, as in: entity:Blair or entity:"Tony Blair".',
        7,
    ),
    (
        "entity: Blair",
        'entity: needs a name right after the colon, as in: entity:Blair or entity:"Tony Blair".',
        0,
    ),
    (
        'entity:"  "',
        'entity: needs a name right after the colon, as in: entity:Blair or entity:"Tony Blair".',
        0,
    ),
    ("type:", "type: needs a label right after the colon, as in: type:PERSON, type:ORG or type:GPE.", 0),
    (
        'type:"WORK OF ART"',
        "WORK OF ART is not a label: type: takes one word, such as PERSON, ORG, GPE or WORK_OF_ART.",
        0,
    ),
    ("type:P.E.R", "P.E.R is not a label: type: takes one word, such as PERSON, ORG, GPE or WORK_OF_ART.", 0),
    ("date:", f"date: needs a date right after the colon; {DATE_FORMS}", 0),
    ("brexit date:19", f"date:19 is not a date: {DATE_FORMS}", 7),
    ("date:2019/11", f"date:2019/11 is not a date: {DATE_FORMS}", 0),
    ("date:2019-11-01...2019-12", f"date:2019-11-01...2019-12 is not a date: {DATE_FORMS}", 0),
    ("date:2019..2020..2021", f"date:2019..2020..2021 is not a date: {DATE_FORMS}", 0),
    ("date:2019-13", "There is no month 13 in date:2019-13: months run from 1 to 12.", 0),
    ("date:2019-00-01", "There is no month 0 in date:2019-00-01: months run from 1 to 12.", 0),
    ("date:0000", "There is no year 0000 in date:0000: years run from 0001 to 9999.", 0),
    ("date:2019-02-29", "There is no day 29 in 2019-02 (date:2019-02-29): it has 28 days.", 0),
    ("date:2019-11-31", "There is no day 31 in 2019-11 (date:2019-11-31): it has 30 days.", 0),
    (
        "date:2019-01..2019-13",
        "There is no month 13 in date:2019-01..2019-13: months run from 1 to 12.",
        0,
    ),
    ("date:..", "date:.. has no ends: give at least one, as in: date:2019.. or date:..2019-12-31.", 0),
    (
        "date:2019-12-31..2019-11-01",
        "The range date:2019-12-31..2019-11-01 ends (2019-11-01) before it starts (2019-12-31):"
        " swap its ends.",
        0,
    ),
    (
        "date:2020..2019",
        "The range date:2020..2019 ends (2019-12-31) before it starts (2020-01-01): swap its ends.",
        0,
    ),
    (
        "-boris",
        "This query only leaves things out (-boris): add a word, a phrase or a filter to find,"
        " as in: brexit -boris.",
        0,
    ),
    (
        "NOT boris -entity:Johnson",
        "This query only leaves things out (NOT boris): add a word, a phrase or a filter to find,"
        " as in: brexit -boris.",
        0,
    ),
    (
        "& -boris",
        "This query only leaves things out (-boris): add a word, a phrase or a filter to find,"
        " as in: brexit -boris.",
        2,
    ),
    (
        "blair OR -brown",
        "-brown at 10 is one side of an OR, which offers alternatives to find: leave things out"
        " beside it instead, as in: blair OR brown -tax.",
        9,
    ),
    (
        "NOT blair OR brown",
        "NOT blair at 1 is one side of an OR, which offers alternatives to find: leave things out"
        " beside it instead, as in: blair OR brown -tax.",
        0,
    ),
]


@pytest.mark.parametrize(("text", "message", "position"), ERRORS, ids=[text for text, _, _ in ERRORS])
def test_a_malformed_query_is_explained(text: str, message: str, position: int) -> None:
    with pytest.raises(QueryError) as raised:
        parse_query(text)
    assert (raised.value.message, raised.value.position) == (message, position)
    assert str(raised.value) == message
    assert "\n" not in message


def test_the_tooltip_has_one_line_per_feature_and_every_example_parses() -> None:
    lines = describe_query_language().splitlines()
    assert len(lines) == len(help_examples())
    for line, example in zip(lines, help_examples(), strict=True):
        assert line.startswith(example)
        parse_query(example)
    for feature in ('"', "OR", "-", "NOT", "*", "entity:", "type:", "date:", "..", "is:read", "is:unread",
                    "is:starred", "tag:", "has:note"):
        assert feature in describe_query_language()


# Fragments that put the syntax next to itself far more often than random text would.
FRAGMENTS = [
    " ", "  ", "\t", '"', "-", "--", "*", ":", "..", "OR", "NOT", "AND", "NEAR", "or",
    "entity:", "type:", "date:", "foo:", "Entity:", "2019", "-11", "-02-30", "-13", "0000",
    "blair", "Tony", "x", "é", "&", "(", ")", "^", "+", "{", "}", "10:30", "ß", "İ",
]  # fmt: skip


def _check_parse(text: str) -> None:
    try:
        query = parse_query(text)
    except QueryError as error:
        assert 0 <= error.position <= len(text)
        assert error.message and "\n" not in error.message
        return
    assert parse_query(unparse(query)) == query
    _check_shape(query, top=True)


def _check_shape(query: Query, top: bool = False) -> None:
    """The promises the SQL side relies on: Not only in an And beside something to find, Or and Not
    over words, phrases and filters only, no one-item And or Or, words in lower case."""
    leaves = (Word, Phrase, EntityFilter, TypeFilter, DateFilter)
    if isinstance(query, And):
        assert top and len(query.items) >= 2
        assert any(not isinstance(item, Not) for item in query.items)
        for item in query.items:
            assert not isinstance(item, And)
            if isinstance(item, Not):
                assert isinstance(item.item, leaves)
            else:
                _check_shape(item)
    elif isinstance(query, Or):
        assert len(query.items) >= 2
        assert all(isinstance(item, leaves) for item in query.items)
    elif isinstance(query, Word):
        assert query.text and query.text == query.text.lower() and not query.text.endswith("*")
        assert not any(char.isspace() or char == '"' for char in query.text)
    elif isinstance(query, Phrase):
        assert query.words and all(word == word.lower() for word in query.words)
    elif isinstance(query, DateFilter):
        assert query.start <= query.end
    else:
        assert not isinstance(query, Not)


@given(st.text())
def test_any_text_parses_or_is_explained(text: str) -> None:
    _check_parse(text)


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=12).map("".join))
def test_any_mix_of_syntax_parses_or_is_explained(text: str) -> None:
    _check_parse(text)


WORD_TEXT = st.text(alphabet="abcxyzé019+^(){}.'&", min_size=1, max_size=6).filter(
    lambda text: any(char.isalnum() for char in text)
)
LEAVES: st.SearchStrategy[Query] = st.one_of(
    st.builds(Word, WORD_TEXT, st.booleans()),
    st.builds(Phrase, st.lists(WORD_TEXT, min_size=1, max_size=3).map(tuple)),
    st.builds(
        EntityFilter,
        st.lists(st.text(alphabet="TonyBlair.:'-é", min_size=1, max_size=5), min_size=1, max_size=3).map(
            " ".join
        ),
    ),
    st.builds(TypeFilter, st.sampled_from(["PERSON", "ORG", "GPE", "WORK_OF_ART", "X-1"])),
    st.tuples(st.dates(), st.dates()).map(lambda pair: DateFilter(min(pair), max(pair))),
    st.dates().map(lambda day: DateFilter(date.min, day)),
    st.dates().map(lambda day: DateFilter(day, date.max)),
)
CHAINS: st.SearchStrategy[Query] = st.one_of(
    LEAVES, st.lists(LEAVES, min_size=2, max_size=3).map(lambda items: Or(tuple(items)))
)


@st.composite
def queries(draw: st.DrawFn) -> Query:
    positive: list[Query] = draw(st.lists(CHAINS, min_size=1, max_size=3))
    negative: list[Query] = draw(st.lists(LEAVES.map(Not), max_size=2))
    items = draw(st.permutations(positive + negative))
    return items[0] if len(items) == 1 else And(tuple(items))


@given(queries())
def test_generated_queries_read_back_the_same(query: Query) -> None:
    assert parse_query(unparse(query)) == query


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("is:read", StateFilter("read")),
        ("IS:Unread brexit", And((StateFilter("unread"), w("brexit")))),
        ("is:starred -has:note", And((StateFilter("starred"), Not(StateFilter("note"))))),
        ('tag:"to check" OR tag:Libya', Or((TagFilter("to check"), TagFilter("Libya")))),
        ("What it is: a guide", And((w("what"), w("it"), w("is:"), w("a"), w("guide")))),
    ],
)
def test_the_desk_filters(text: str, query: Query) -> None:
    assert parse_query(text) == query
    assert parse_query(unparse(query)) == query


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("is:unred",
         "is:unred is not a state (did you mean is:unread?): is: takes is:read, is:unread or is:starred."),
        ("has:notes", "has:notes is not a state (did you mean has:note?): has: takes has:note."),
        ('tag:""', 'tag: needs a tag right after the colon, as in: tag:urgent or tag:"to check".'),
    ],
)
def test_a_wrong_desk_filter_is_explained(text: str, message: str) -> None:
    with pytest.raises(QueryError) as raised:
        parse_query(text)
    assert raised.value.message == message
