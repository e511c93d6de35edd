"""JSON Lines corpora: records listed by byte offset, each read alone, in every accepted shape."""

from __future__ import annotations

import codecs
import datetime as dt
import json
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy import displacy
from spacy.tokens import Span

from gui.core.corpus.corpus import CorpusError, DocumentEntry
from gui.core.formats.jsonl.export_jsonl import write_jsonl
from gui.core.formats.jsonl.jsonl_corpus import JSONL_SUFFIXES, list_jsonl, load_record
from gui.core.formats.jsonl.jsonl_spans import MAX_SPAN_NOTICES
from gui.core.model.document import Document, Entity, Source, make_title, normalise_newlines

Line = dict[str, Any] | list[Any] | str | bytes


def write_lines(folder: Path, lines: list[Line], name: str = "corpus.jsonl") -> Path:
    """A JSON Lines file: objects and arrays as JSON, strings and bytes exactly as given."""
    path = folder / name
    encoded = [
        line if isinstance(line, bytes) else (line if isinstance(line, str) else json.dumps(line)).encode()
        for line in lines
    ]
    path.write_bytes(b"\n".join(encoded) + b"\n")
    return path


def load(entry: DocumentEntry) -> Document:
    assert entry.record is not None
    return load_record(entry.path, entry.record, entry.id)


def read_all(path: Path) -> list[Document]:
    return [load(entry) for entry in list_jsonl(path)]


def shown(document: Document) -> list[tuple[str, str]]:
    """(covered text, label) of each entity, as the view would highlight it."""
    return [(document.entity_text(entity), entity.label) for entity in document.entities]


WELCOME = "Welcome to the Bank of China."


# The shapes


def test_seedview_export_record(tmp_path: Path) -> None:
    title = "😀🎉 Angela Merkel flew to Paris."
    record = {
        "id": "emoji",
        "path": "/corpus/emoji.txt",
        "date": "2024-05-01",
        "title": title,
        "text": "😀🎉 Angela Merkel flew to Paris.",
        "ents": [
            {"start": 3, "end": 16, "label": "PERSON", "text": "Angela Merkel"},
            {"start": 25, "end": 30, "label": "GPE", "text": "Paris", "id": "T2", "note": "capital"},
        ],
    }
    path = write_lines(tmp_path, [record])
    (entry,) = list_jsonl(path)
    assert entry == DocumentEntry(path, "emoji", dt.date(2024, 5, 1), title, record=0)
    document = load(entry)
    assert (document.path, document.id, document.date) == (path, "emoji", dt.date(2024, 5, 1))
    assert document.body == record["text"]
    assert document.entities == (Entity(3, 16, "PERSON"), Entity(25, 30, "GPE", "T2", "capital"))
    assert shown(document) == [("Angela Merkel", "PERSON"), ("Paris", "GPE")]
    assert document.entity_source is Source.JSONL
    assert document.notices == ()


@pytest.mark.parametrize("key", ["ents", "spans"])
def test_spacy_manual_character_spans(tmp_path: Path, key: str) -> None:
    record = {"text": WELCOME, key: [{"start": 15, "end": 28, "label": "ORG"}]}
    (document,) = read_all(write_lines(tmp_path, [record]))
    assert shown(document) == [("Bank of China", "ORG")]


def test_spacy_doc_to_json(tmp_path: Path) -> None:
    doc = spacy.blank("en")(WELCOME)
    doc.ents = [Span(doc, 3, 6, "ORG")]
    doc.spans["sc"] = [Span(doc, 3, 6, "ORG"), Span(doc, 5, 6, "GPE")]
    (document,) = read_all(write_lines(tmp_path, [doc.to_json()]))
    # The entity and the identical span of the "sc" group are one entity.
    assert shown(document) == [("Bank of China", "ORG"), ("China", "GPE")]
    assert document.notices == ()


def displacy_spans_record() -> dict[str, Any]:
    """What displaCy's span style makes of a parsed document ("tokens", "spans" with start_token)."""
    doc = spacy.blank("en")("Welcome to the\n Bank of China.")
    doc.spans["sc"] = [Span(doc, 4, 7, "ORG"), Span(doc, 6, 7, "GPE")]
    record = displacy.parse_spans(doc)
    assert record["tokens"] == ["Welcome", "to", "the", "\n ", "Bank", "of", "China", "."]
    assert [(s["start_token"], s["end_token"]) for s in record["spans"]] == [(4, 7), (6, 7)]
    return record


def test_displacy_span_record_uses_character_offsets_into_its_text(tmp_path: Path) -> None:
    (document,) = read_all(write_lines(tmp_path, [displacy_spans_record()]))
    assert document.body == "Welcome to the\n Bank of China."
    assert shown(document) == [("Bank of China", "ORG"), ("China", "GPE")]


def test_displacy_manual_tokens_without_text(tmp_path: Path) -> None:
    # displaCy's manual span format: no text, token spans with an exclusive end_token.
    record = {
        "tokens": ["Welcome", "to", "the", "Bank", "of", "China", "."],
        "spans": [{"start_token": 3, "end_token": 6, "label": "ORG"}],
    }
    from_spacy = {key: value for key, value in displacy_spans_record().items() if key != "text"}
    path = write_lines(tmp_path, [record, from_spacy])
    first, second = read_all(path)
    # The text is the tokens as displaCy lays them out: one space after each.
    assert first.body == "Welcome to the Bank of China ."
    assert shown(first) == [("Bank of China", "ORG")]
    # spaCy's character offsets point into a text the record no longer has: the tokens count.
    assert shown(second) == [("Bank of China", "ORG"), ("China", "GPE")]
    assert list_jsonl(path)[0].title == "Welcome to the Bank of China ."


def test_token_spans_found_in_the_text(tmp_path: Path) -> None:
    record = {
        "text": "  Welcome to the Bank of China.",
        "tokens": ["Welcome", "to", "the", "Bank", "of", "China", "."],
        "spans": [
            {"start_token": 3, "end_token": 6, "label": "ORG"},
            {"start_token": 6, "end_token": 8, "label": "X"},
        ],
    }
    mismatched = {**record, "tokens": ["Bienvenue"]}
    document, broken = read_all(write_lines(tmp_path, [record, mismatched]))
    assert shown(document) == [("Bank of China", "ORG")]
    assert document.notices == ("Line 1: the token span 6-8 of label 'X' is outside the 7 tokens; skipped.",)
    assert broken.entities == ()
    assert broken.notices[0] == (
        "Line 2: the token span 3-6 of label 'ORG' counts tokens, but the record's tokens are missing "
        "or not in its text; skipped."
    )


def test_prodigy_spans_use_character_offsets(tmp_path: Path) -> None:
    record = {
        "text": WELCOME,
        "tokens": [{"text": "Bank", "start": 15, "end": 19, "id": 3, "ws": True}],
        "spans": [{"start": 15, "end": 28, "token_start": 3, "token_end": 5, "label": "ORG"}],
        "label": "POSITIVE",
        "answer": "accept",
        "meta": {"date": "2023-11-02", "title": "Prodigy's example"},
    }
    path = write_lines(tmp_path, [record])
    (entry,) = list_jsonl(path)
    assert (entry.date, entry.title) == (dt.date(2023, 11, 2), "Prodigy's example")
    document = load(entry)
    assert shown(document) == [("Bank of China", "ORG")]
    assert document.notices == ()


def test_doccano_exports(tmp_path: Path) -> None:
    triples = {"id": 1, "text": WELCOME, "label": [[15, 28, "ORG"], [23, 28, "GPE"]]}
    old = {"id": 2, "data": WELCOME, "labels": [[15, 19, "ORG"]]}
    newer = {
        "id": 3,
        "text": WELCOME,
        "entities": [{"id": 17, "start_offset": 15, "end_offset": 28, "label": "ORG"}],
        "relations": [],
    }
    classes = {"id": 4, "text": WELCOME, "label": ["positive"]}  # text classification: no spans
    first, second, third, fourth = read_all(write_lines(tmp_path, [triples, old, newer, classes]))
    assert shown(first) == [("Bank of China", "ORG"), ("China", "GPE")]
    assert shown(second) == [("Bank", "ORG")]
    assert third.entities == (Entity(15, 28, "ORG", ref="17"),)
    assert fourth.entities == () and fourth.notices == ()
    assert [d.id for d in (first, second, third, fourth)] == ["1", "2", "3", "4"]


def test_suffixes() -> None:
    # A `.json` file is one JSON value (an array export, a pretty-printed file): not JSON Lines.
    assert JSONL_SUFFIXES == (".jsonl", ".ndjson")


# Bad lines and bad spans


def test_malformed_lines_are_reported_with_their_numbers(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path,
        [
            {"id": "good", "text": "A good record."},
            '{"text": "Obama" "ents": []}',
            [1, 2],
            {"id": "empty", "ents": []},
            "",
            {"text": " \n "},
            "null",
            {"id": "last", "text": "Still loads."},
        ],
    )
    entries = list_jsonl(path)
    assert [(e.id, e.problem) for e in entries] == [
        ("good", None),
        ("corpus:2", "Line 2 is not valid JSON (Expecting ',' delimiter at column 18)."),
        ("corpus:3", "Line 3 is not a JSON object (it is an array of 2 items)."),
        ("empty", 'Line 4 has no text (a "text" string is expected).'),
        ("corpus:6", "Line 6 has an empty text."),
        ("corpus:7", "Line 7 is not a JSON object (it is null)."),
        ("last", None),
    ]
    assert [e.title for e in entries] == [
        "A good record.",
        *(f"line {n}" for n in (2, 3, 4, 6, 7)),
        "Still loads.",
    ]
    documents = [load(entry) for entry in entries]
    assert documents[0].body == "A good record." and documents[-1].body == "Still loads."
    for entry, document in zip(entries[1:-1], documents[1:-1], strict=True):
        assert document.body == "" and document.notices == (entry.problem,)


def test_json_beyond_pythons_limits(tmp_path: Path) -> None:
    huge_number = '{"text": "a", "ents": [[0, 1' + "9" * 5000 + ', "X"]]}'
    path = write_lines(tmp_path, [huge_number, "[" * 100_000, {"text": "Fine."}])
    assert [entry.problem for entry in list_jsonl(path)] == [
        "Line 1 is not valid JSON (Exceeds the limit (4300 digits) for integer string conversion).",
        "Line 2 is not valid JSON (it is nested too deeply).",
        None,
    ]


def test_bad_spans_are_skipped_with_a_notice_each(tmp_path: Path) -> None:
    text = "  Obama, Merkel."
    record = {
        "text": text,
        "ents": [
            {"start": 2, "end": 7, "label": "PERSON", "text": "Obama"},
            {"start": 12, "end": 5, "label": "ORG"},
            {"start": 9, "end": 9, "label": "ORG"},
            {"start": 9, "end": 99, "label": "PERSON"},
            {"start": -1, "end": 3, "label": "PERSON"},
            {"start": 3, "end": 8, "label": "PERSON", "text": "Obama"},
            {"start": 0, "end": 7, "label": "PERSON"},
            {"start": 9, "end": 15, "label": ""},
            {"begin": 9, "end": 15, "label": "PERSON"},
            {"start": 9.0, "end": 15, "label": "PERSON"},
            [9, 15],
            "Merkel",
        ],
        "entities": {"Merkel": "PERSON"},
    }
    path = write_lines(tmp_path, [{"text": "First."}, "", record])
    document = read_all(path)[1]
    assert shown(document) == [("Obama", "PERSON")]
    assert document.notices == (
        "Line 3: the span 12-5 of label 'ORG' is empty or reversed; skipped.",
        "Line 3: the span 9-9 of label 'ORG' is empty or reversed; skipped.",
        "Line 3: the span 9-99 of label 'PERSON' is outside the text (0-16); skipped.",
        "Line 3: the span -1-3 of label 'PERSON' is outside the text (0-16); skipped.",
        "Line 3: the span 3-8 of label 'PERSON': its text 'Obama' does not match 'bama,'; skipped.",
        "Line 3: the span 0-7 of label 'PERSON' lies (partly) in the leading whitespace, which is not shown; "
        "skipped.",
        "Line 3: unknown entity shape in 'ents' (an object with keys 'start', 'end', 'label'); skipped.",
        "Line 3: unknown entity shape in 'ents' (an object with keys 'begin', 'end', 'label'); skipped.",
        "Line 3: unknown entity shape in 'ents' (an object with keys 'start', 'end', 'label'); skipped.",
        "Line 3: unknown entity shape in 'ents' (an array of 2 items); skipped.",
        "Line 3: unknown entity shape in 'ents' ('Merkel'); skipped.",
        "Line 3: unknown entity shape in 'entities' (an object with keys 'Merkel', not an array); ignored.",
    )


def test_span_notices_are_capped(tmp_path: Path) -> None:
    record = {"text": "Short.", "ents": [{"start": i, "end": 100 + i, "label": "X"} for i in range(30)]}
    (document,) = read_all(write_lines(tmp_path, [record]))
    assert len(document.notices) == MAX_SPAN_NOTICES
    assert document.notices[-1] == f"Line 1: {30 - MAX_SPAN_NOTICES + 1} more span problems are not listed."


# Text as stored and the body as shown


def test_crlf_and_leading_whitespace_keep_the_offsets_right(tmp_path: Path) -> None:
    text = "\r\n \t Angela Merkel\r\nvisited\rParis.\r\n\r\nBerlin 😀 Berlin\r\n"
    spans = [("Angela Merkel", "PERSON"), ("Merkel\r\nvisited", "X"), ("Paris", "GPE"), ("😀 Berlin", "Y")]
    ents = []
    for covered, label in spans:
        start = text.index(covered)
        ents.append({"start": start, "end": start + len(covered), "label": label, "text": covered})
    (document,) = read_all(write_lines(tmp_path, [{"text": text, "ents": ents}]))
    assert document.body == "Angela Merkel\nvisited\nParis.\n\nBerlin 😀 Berlin\n"
    assert shown(document) == [(normalise_newlines(covered), label) for covered, label in spans]
    assert document.notices == ()


def test_emoji_offsets_are_code_points(tmp_path: Path) -> None:
    text = "👩‍👩‍👧 met 😀🎉 Angela Merkel 𝄞"
    start = text.index("Angela")
    record = {"text": text, "ents": [{"start": start, "end": start + 13, "label": "PERSON"}]}
    (document,) = read_all(write_lines(tmp_path, [record]))
    assert shown(document) == [("Angela Merkel", "PERSON")]


def test_byte_order_mark_at_file_start(tmp_path: Path) -> None:
    path = write_lines(tmp_path, [codecs.BOM_UTF8 + b'{"id": "a", "text": "First."}', {"text": "Second."}])
    entries = list_jsonl(path)
    assert [(e.id, e.title, e.problem, e.notice) for e in entries] == [
        ("a", "First.", None, None),
        ("corpus:2", "Second.", None, None),
    ]
    assert [d.body for d in map(load, entries)] == ["First.", "Second."]


def test_invalid_utf8_is_replaced_with_a_notice(tmp_path: Path) -> None:
    path = write_lines(tmp_path, [{"text": "Fine."}, b'{"text": "Caf\xe9 Paris", "ents": [[5, 10, "GPE"]]}'])
    entry = list_jsonl(path)[1]
    notice = (
        "Line 2: not valid UTF-8 (first bad byte at byte 14 of the line); "
        "undecodable bytes are shown as \ufffd."
    )
    assert (entry.problem, entry.notice) == (None, notice)
    document = load(entry)
    assert document.body == "Caf\ufffd Paris"
    assert shown(document) == [("Paris", "GPE")]
    assert document.notices == (notice,)


def test_utf16_file_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "wide.jsonl"
    path.write_bytes('{"text": "Wide."}\n'.encode("utf-16"))
    (entry,) = list_jsonl(path)
    assert (
        entry.problem
        == "wide.jsonl is UTF-16 text; JSON Lines must be UTF-8. Save it as UTF-8 and open it again."
    )
    assert load(entry).notices == (entry.problem,)


# Overlaps


def test_overlapping_nested_and_duplicated_spans(tmp_path: Path) -> None:
    text = "The University of California at Berkeley library"
    nested = ["University of California at Berkeley", "University of California", "California", "Berkeley"]
    ents = [{"start": text.index(s), "end": text.index(s) + len(s), "label": "L"} for s in nested]
    ents += [{"start": 4, "end": 14, "label": "ORG"}, {"start": 4, "end": 14, "label": "ORG"}]
    ents += [{"start": 0, "end": 18, "label": "X"}]  # overlaps the nest without containing it
    (document,) = read_all(write_lines(tmp_path, [{"text": text, "ents": ents}]))
    assert shown(document) == [
        ("The University of ", "X"),
        ("University", "ORG"),
        ("University of California", "L"),
        ("University of California at Berkeley", "L"),
        ("California", "L"),
        ("Berkeley", "L"),
    ]


# Ids, dates and titles


def test_ids_are_unique(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path,
        [
            {"id": "a", "text": "One."},
            {"text": "Two, no id."},
            {"id": "a", "text": "Three, a repeated id."},
            {"id": 7, "text": "Four, a number."},
            {"id": "corpus:2", "text": "Five, the id line 2 was given."},
            {"id": True, "text": "Six, not an id."},
            {"id": "", "text": "Seven, an empty id."},
            {"id": "7", "text": "Eight, the number as text."},
        ],
    )
    entries = list_jsonl(path)
    ids = ["a", "corpus:2", "a:3", "7", "corpus:2:5", "corpus:6", "corpus:7", "7:8"]
    assert [entry.id for entry in entries] == ids
    assert [load(entry).id for entry in entries] == ids
    assert [load(entry).body.split(",")[0] for entry in entries] == [
        "One.",
        "Two",
        "Three",
        "Four",
        "Five",
        "Six",
        "Seven",
        "Eight",
    ]


def test_dates(tmp_path: Path) -> None:
    records: list[Line] = [
        {"text": "ISO.", "date": "2024-05-01"},
        {"text": "Timestamp.", "date": "2024-05-01T10:30:00Z"},
        {"text": "Meta.", "meta": {"date": "2022-01-31"}},
        {"text": "Null.", "date": None},
        {"text": "Impossible.", "date": "2023-02-30"},
        {"text": "Other format.", "date": "05/01/2024"},
        {"text": "Week date.", "date": "2024-W01-1"},
        {"text": "A number.", "date": 20240501},
    ]
    entries = list_jsonl(write_lines(tmp_path, records))
    assert [entry.date for entry in entries] == [
        dt.date(2024, 5, 1),
        dt.date(2024, 5, 1),
        dt.date(2022, 1, 31),
        *[None] * 5,
    ]
    assert [entry.notice for entry in entries][3:] == [
        None,
        "Line 5: the date '2023-02-30' is not a real date; it is ignored.",
        "Line 6: the date '05/01/2024' is not an ISO date (YYYY-MM-DD); it is ignored.",
        "Line 7: the date '2024-W01-1' is not an ISO date (YYYY-MM-DD); it is ignored.",
        "Line 8: the date 20240501 is not an ISO date (YYYY-MM-DD); it is ignored.",
    ]
    documents = [load(entry) for entry in entries]
    assert [d.date for d in documents] == [e.date for e in entries]
    assert [d.notices[0] if d.notices else None for d in documents] == [e.notice for e in entries]


def test_titles(tmp_path: Path) -> None:
    long_title = "word " * 40
    records: list[Line] = [
        {"text": "Body. More.", "title": "  The  record's\ntitle "},
        {"text": "Body. More.", "meta": {"title": "Meta title"}},
        {"text": "\r\n  First sentence. Second one."},
        {"text": "Body.", "title": long_title},
    ]
    entries = list_jsonl(write_lines(tmp_path, records))
    assert [entry.title for entry in entries][:3] == ["The record's title", "Meta title", "First sentence."]
    assert len(entries[3].title) == 120 and entries[3].title.endswith("…")


def test_blank_lines_and_crlf_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "windows.ndjson"
    path.write_bytes(b'\r\n{"text": "One."}\r\n   \r\n{"text": "Two", "x": }\r\n{"text": "Three."}')
    entries = list_jsonl(path)
    assert [(entry.id, entry.problem) for entry in entries] == [
        ("windows:2", None),
        ("windows:4", "Line 4 is not valid JSON (Expecting value at column 22)."),
        ("windows:5", None),
    ]
    assert [load(entry).body for entry in entries] == ["One.", "", "Three."]


# Large files, laziness and changed files


def test_five_thousand_records(tmp_path: Path) -> None:
    records: list[Line] = []
    for n in range(1, 5001):
        start = len(f"Record {n} mentions ")
        ents = [{"start": start, "end": start + 5, "label": "GPE"}]
        if n == 4000:
            ents.append({"start": 9, "end": 3, "label": "ORG"})
        records.append(
            {
                "id": f"r{n}",
                "date": f"2020-01-{n % 28 + 1:02}",
                "text": f"Record {n} mentions Paris.",
                "ents": ents,
            }
        )
    entries = list_jsonl(write_lines(tmp_path, records))
    assert [entry.id for entry in entries] == [f"r{n}" for n in range(1, 5001)]
    document = load(entries[3999])
    assert (document.id, document.date, document.body) == (
        "r4000",
        dt.date(2020, 1, 25),
        "Record 4000 mentions Paris.",
    )
    assert shown(document) == [("Paris", "GPE")]
    assert document.notices == ("Line 4000: the span 9-3 of label 'ORG' is empty or reversed; skipped.",)


def test_listing_keeps_no_texts(tmp_path: Path) -> None:
    text = "A long article. " + "x" * 250_000
    path = write_lines(tmp_path, [{"id": n, "text": text} for n in range(40)])
    size = path.stat().st_size
    tracemalloc.start()
    try:
        entries = list_jsonl(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # One record at a time is in memory while listing, never the file, and no entry keeps a text.
    assert peak < size / 5
    assert {entry.title for entry in entries} == {"A long article."}
    data = path.read_bytes()
    line_starts = [0] + [i + 1 for i in range(len(data) - 1) if data[i] == ord("\n")]
    assert [entry.record for entry in entries] == line_starts


def test_changed_or_missing_file_gives_a_notice(tmp_path: Path) -> None:
    path = write_lines(tmp_path, [{"id": "a", "text": "First."}, {"id": "b", "text": "Second."}])
    second = list_jsonl(path)[1]
    assert second.record is not None
    mid_line = load_record(path, second.record + 3, "b")
    assert mid_line.body == "" and "corpus.jsonl changed since it was listed" in mid_line.notices[0]
    write_lines(tmp_path, [{"id": "a", "text": "First."}, {"id": "c", "text": "Other."}])
    assert "changed since it was listed" in load(second).notices[0]
    write_lines(tmp_path, [{"id": "a", "text": "First."}])
    truncated = load(second)
    assert (truncated.id, truncated.body, truncated.entity_source) == ("b", "", Source.JSONL)
    assert "changed since it was listed" in truncated.notices[0]
    path.unlink()
    assert load(second).notices == ("Cannot read corpus.jsonl: No such file or directory.",)


def test_unreadable_file_raises_corpus_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match=r"Cannot read the JSON Lines file .*missing\.jsonl: No such file"):
        list_jsonl(tmp_path / "missing.jsonl")
    with pytest.raises(CorpusError, match="Is a directory"):
        list_jsonl(tmp_path)


# Properties


def canonical(text: str) -> bool:
    return text == text.lstrip() and "\r" not in text


BODY_CHARACTERS = st.characters(codec="utf-8", exclude_characters="\r") | st.sampled_from(
    ["😀", "👩", "\u200d", "\n", " ", "\u2028", "\x85", "é"]
)
LABELS = st.sampled_from(["PERSON", "ORG", "GPE", "ЛИЦО"])
REFS = st.sampled_from(["", "", "T1", "17", "😀"]) | st.text(max_size=4)


@st.composite
def documents(draw: st.DrawFn, doc_id: str) -> Document:
    body = draw(st.text(BODY_CHARACTERS, min_size=1, max_size=40).filter(lambda b: canonical(b) and b != ""))
    bounds = st.integers(0, len(body) - 1).flatmap(
        lambda s: st.tuples(st.just(s), st.integers(s + 1, len(body)))
    )
    entities = draw(
        st.sets(st.builds(lambda se, *rest: Entity(*se, *rest), bounds, LABELS, REFS, REFS), max_size=6)
    )
    date = draw(st.none() | st.dates())
    return Document(Path(f"/corpus/{doc_id}.txt"), doc_id, date, body, tuple(sorted(entities)))


@st.composite
def corpora(draw: st.DrawFn) -> list[Document]:
    ids = draw(
        st.lists(
            st.text(st.characters(codec="utf-8"), min_size=1, max_size=6), min_size=1, max_size=5, unique=True
        )
    )
    return [draw(documents(doc_id)) for doc_id in ids]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(corpora())
def test_export_round_trip(tmp_path: Path, documents: list[Document]) -> None:
    path = tmp_path / "round_trip.jsonl"
    with path.open("w", encoding="utf-8") as stream:
        write_jsonl(documents, stream)
    entries = list_jsonl(path)
    assert [(e.id, e.date, e.title, e.problem, e.notice) for e in entries] == [
        (d.id, d.date, make_title(d.body) or f"line {n}", None, None) for n, d in enumerate(documents, 1)
    ]
    for entry, document in zip(entries, documents, strict=True):
        loaded = load(entry)
        assert (loaded.id, loaded.date, loaded.body, loaded.notices) == (
            document.id,
            document.date,
            document.body,
            (),
        )
        assert loaded.entities == document.entities


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 40) | st.floats() | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=8,
)
OFFSETS = st.integers(-2, 30)
SPANS = (
    st.fixed_dictionaries(
        {},
        optional={
            "start": OFFSETS,
            "end": OFFSETS,
            "start_offset": OFFSETS,
            "end_offset": OFFSETS,
            "start_token": OFFSETS,
            "end_token": OFFSETS,
            "label": LABELS | JSON_VALUES,
            "text": st.text(max_size=4),
            "id": JSON_VALUES,
            "note": JSON_VALUES,
        },
    )
    | st.tuples(OFFSETS, OFFSETS, LABELS).map(list)
    | JSON_VALUES
)
RECORDS = st.fixed_dictionaries(
    {},
    optional={
        "id": JSON_VALUES,
        "date": st.sampled_from(["2024-01-01", "2024-02-31", ""]) | JSON_VALUES,
        "title": JSON_VALUES,
        "meta": JSON_VALUES,
        "text": st.text(BODY_CHARACTERS, max_size=20) | JSON_VALUES,
        "data": JSON_VALUES,
        "tokens": st.lists(st.text(max_size=3), max_size=6) | JSON_VALUES,
        "ents": st.lists(SPANS, max_size=4) | JSON_VALUES,
        "spans": st.lists(SPANS, max_size=4) | JSON_VALUES,
        "label": st.lists(SPANS, max_size=4) | JSON_VALUES,
        "entities": st.lists(SPANS, max_size=4),
    },
)


def check_never_raises(path: Path, offsets: list[int]) -> None:
    """List the file and load every record and some arbitrary offsets; entities always fit the body."""
    entries = list_jsonl(path)
    loaded = [load(entry) for entry in entries]
    loaded += [load_record(path, offset, "any") for offset in offsets]
    for document in loaded:
        assert all(0 <= e.start < e.end <= len(document.body) for e in document.entities)
        assert canonical(document.body)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(RECORDS | JSON_VALUES, max_size=5), st.lists(st.integers(-1, 400), max_size=3))
def test_random_json_never_raises(tmp_path: Path, values: list[Any], offsets: list[int]) -> None:
    path = tmp_path / "fuzz.jsonl"
    path.write_text("\n".join(json.dumps(value, ensure_ascii=False) for value in values), encoding="utf-8")
    check_never_raises(path, offsets)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.binary(max_size=30), max_size=6), st.lists(st.integers(-1, 200), max_size=3))
def test_random_bytes_never_raise(tmp_path: Path, lines: list[bytes], offsets: list[int]) -> None:
    path = tmp_path / "fuzz.jsonl"
    path.write_bytes(b"\n".join(lines))
    check_never_raises(path, offsets)


def test_a_records_own_title_is_the_documents_title_and_survives_export(tmp_path: Path) -> None:
    import io

    from gui.core.formats.jsonl.export_jsonl import write_jsonl

    path = tmp_path / "titled.jsonl"
    path.write_text(
        '{"id": "a", "title": "Apple  in\\nBerlin", "text": "The company opened a store. It hired staff."}\n'
        '{"id": "b", "text": "No title here. Second sentence."}\n',
        encoding="utf-8",
    )
    entries = list_jsonl(path)
    documents = [load_record(path, entry.record or 0, entry.id) for entry in entries]
    assert [d.title for d in documents] == ["Apple in Berlin", "No title here."]
    stream = io.StringIO()
    write_jsonl(documents, stream)
    assert [json.loads(line)["title"] for line in stream.getvalue().splitlines()] == [
        "Apple in Berlin",
        "No title here.",
    ]


def test_records_of_one_day_keep_their_order_and_each_its_row(tmp_path: Path) -> None:
    from gui.core.corpus.corpus import Corpus

    lines: list[Line] = [{"id": f"r{n}", "text": f"Story {n}.", "date": "2020-01-01"} for n in range(5)]
    corpus = Corpus.open(write_lines(tmp_path, [*lines, {"id": "undated", "text": "No date."}]))
    assert [entry.id for entry in corpus] == ["r0", "r1", "r2", "r3", "r4", "undated"]
    assert [corpus.index_of(entry.id) for entry in corpus] == list(range(6))
