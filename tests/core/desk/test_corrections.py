"""Corrections as values and as JSON Lines: every kind goes out and back the same, and a bad
line says what is wrong with it."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gui.core.desk.corrections import (
    Add,
    Correction,
    CorrectionError,
    Merge,
    Reject,
    Relabel,
    RelabelMention,
    Split,
    describe,
    identity,
    in_words,
    line_of,
    parse_line,
    to_json,
)

EVERY_KIND: list[Correction] = [
    Relabel("Yukos", "ORG"),
    RelabelMention((b"bbc/001.txt", "001"), 10, 15, "ORG", "Yukos"),
    Merge(("Tony Blair", "Blair", "Mr Blair")),
    Split("Tony Blair", "Mrs Blair"),
    Reject("Tuesday's"),
    Add("Manchester United", "ORG"),
]


@pytest.mark.parametrize("correction", EVERY_KIND, ids=describe)
def test_every_kind_goes_to_one_json_line_and_back(correction: Correction) -> None:
    line = to_json(correction)
    assert "\n" not in line
    assert parse_line(line) == correction


def test_the_json_is_as_the_issue_writes_it() -> None:
    relabel = {"op": "relabel", "entity": "Yukos", "label": "ORG"}
    assert json.loads(to_json(Relabel("Yukos", "ORG"))) == relabel
    assert json.loads(to_json(Merge(("A", "B")))) == {"op": "merge", "entities": ["A", "B"]}
    assert json.loads(to_json(Split("A", "B"))) == {"op": "split", "entity": "A", "alias": "B"}
    assert json.loads(to_json(Reject("he"))) == {"op": "reject", "entity": "he"}
    assert json.loads(to_json(Add("BT", "ORG"))) == {"op": "add", "text": "BT", "label": "ORG"}
    mention = json.loads(to_json(RelabelMention((b"a.txt", "a"), 3, 8, "GPE", "Chelsea")))
    assert mention == {"op": "relabel", "entity": "Chelsea", "label": "GPE", "document": "a", "file": "a.txt",
                       "start": 3, "end": 8}


def test_a_file_name_that_is_not_utf8_keeps_its_bytes() -> None:
    correction = RelabelMention((b"caf\xe9.txt", "caf\udce9"), 0, 4, "ORG", "Café")
    assert parse_line(to_json(correction)) == correction


def test_a_mentions_relabel_may_leave_out_its_file() -> None:
    line = '{"op": "relabel", "entity": "Yukos", "label": "ORG", "document": "7", "start": 0, "end": 5}'
    assert parse_line(line) == RelabelMention((b"", "7"), 0, 5, "ORG", "Yukos")


@pytest.mark.parametrize(("line", "message"), [
    ("{", "not JSON"),
    ("[1, 2]", "not a JSON object"),
    ('{"entity": "A"}', 'no "op"'),
    ('{"op": "rename", "entity": "A"}', 'unknown "op" "rename"'),
    ('{"op": "relabel", "entity": "A"}', '"label" must be a label'),
    ('{"op": "relabel", "entity": "", "label": "ORG"}', '"entity" must be a name'),
    ('{"op": "merge", "entities": "A, B"}', '"entities" must be a list of names'),
    ('{"op": "merge", "entities": ["Blair", "blair"]}', "at least two different entities"),
    ('{"op": "split", "entity": "A"}', '"alias" must be a name'),
    ('{"op": "add", "text": 3, "label": "ORG"}', '"text" must be a name'),
    ('{"op": "relabel", "entity": "A", "label": "ORG", "document": "1", "start": 5, "end": 2}',
     '"start" and "end" must be offsets'),
])
def test_a_bad_line_says_what_is_wrong(line: str, message: str) -> None:
    with pytest.raises(CorrectionError, match=message.replace("(", r"\(")):
        parse_line(line)


def test_the_same_correction_is_the_same_whatever_the_case_or_the_merges_order() -> None:
    assert identity(Relabel("Tony Blair", "PERSON")) == identity(Relabel("tony  blair's", "PERSON"))
    assert identity(Merge(("A", "B", "C"))) == identity(Merge(("c", "a", "B")))
    assert identity(Relabel("A", "ORG")) != identity(Relabel("A", "PERSON"))


@given(st.lists(st.text(min_size=1, max_size=12).filter(str.strip), min_size=1, max_size=4),
       st.text(max_size=8))
def test_any_line_either_reads_as_a_correction_or_says_why_not(names: list[str], label: str) -> None:
    for candidate in ({"op": "merge", "entities": names},
                      {"op": "relabel", "entity": names[0], "label": label},
                      {"op": "add", "text": names[0], "label": label}):
        try:
            correction = parse_line(json.dumps(candidate))
        except CorrectionError as error:
            assert str(error)
        else:
            assert parse_line(to_json(correction)) == correction


def test_the_window_says_each_correction_as_a_reader_would_and_the_command_line_as_before() -> None:
    mention = RelabelMention((b"004_haftar.txt", "004_haftar"), 0, 6, "PERSON", "Haftar")
    assert in_words(mention, line_of("Haftar left Moscow.\nHe said so.", 0)) == (
        "Relabel “Haftar” (line 1) in 004_haftar as PERSON")
    assert in_words(mention) == "Relabel “Haftar” in 004_haftar as PERSON"  # its line unknown
    assert describe(mention) == "relabel Haftar at 0-6 of 004_haftar as PERSON"  # seedview corrections
    assert line_of("a\nb\n\nYukos", 5) == 4 and line_of("Yukos", 0) == 1
    assert in_words(Relabel("Yukos", "ORG")) == "Relabel “Yukos” as ORG"
    merge = Merge(("Tony Blair", "Blair", "Mr Blair"))
    assert in_words(merge) == "Merge “Tony Blair”, “Blair” and “Mr Blair”"
    assert in_words(Split("Tony Blair", "Mr Blair")) == "Split “Mr Blair” off “Tony Blair”"
    assert in_words(Reject("he")) == "Reject “he”: never an entity"
    assert in_words(Add("Downing Street", "FAC")) == "Add “Downing Street” as FAC everywhere"
    hebrew = "\u05d9\u05d5\u05e7\u05d5\u05e1"
    assert "\u2068" in in_words(Relabel(hebrew, "ORG"))  # a right-to-left name, isolated
