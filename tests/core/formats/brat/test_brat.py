"""brat standoff: reading `.txt`/`.ann` pairs whatever their offsets count, the notes of the
other lines, the configuration files, and writing pairs that read back the same."""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gui.core.colours.palette import WCAG_AA_NORMAL_TEXT, Palette, TypeDisplay, contrast_ratio
from gui.core.corpus.corpus import Corpus, load_document
from gui.core.formats.brat.brat import load_brat_document, read_type_config, write_brat
from gui.core.formats.brat.brat_writer import brat_losses
from gui.core.model.document import Document, Entity, Source

OBAMA = "Barack Obama visited Paris.\n"


def load(folder: Path, text: str | bytes, ann: str | bytes, name: str = "doc") -> Document:
    """Write `name.txt` and `name.ann` into `folder` and read them as brat."""
    txt_path, ann_path = folder / f"{name}.txt", folder / f"{name}.ann"
    txt_path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    ann_path.write_bytes(ann.encode("utf-8") if isinstance(ann, str) else ann)
    return load_brat_document(txt_path, ann_path)


def spans(document: Document) -> list[tuple[str, str]]:
    """(label, covered text) of each entity, in order."""
    return [(entity.label, document.entity_text(entity)) for entity in document.entities]


# Reading text spans


def test_text_spans_become_entities_with_their_ids(tmp_path: Path) -> None:
    document = load(tmp_path, OBAMA, "T1\tPERSON 7 12\tObama\nT2\tGPE 21 26\tParis\n")

    assert document.entities == (Entity(7, 12, "PERSON", "T1"), Entity(21, 26, "GPE", "T2"))
    assert document.entity_source is Source.BRAT
    assert document.notices == ()
    assert document.id == "doc"


def test_entities_are_sorted_whatever_the_line_order(tmp_path: Path) -> None:
    document = load(tmp_path, OBAMA, "T2\tGPE 21 26\tParis\n\n\nT1\tPERSON 0 12\tBarack Obama\n")

    assert spans(document) == [("PERSON", "Barack Obama"), ("GPE", "Paris")]


def test_discontinuous_fragments_share_the_ref(tmp_path: Path) -> None:
    document = load(tmp_path, "North and South America", "T1\tLOC 0 5;16 23\tNorth America\n")

    assert document.entities == (Entity(0, 5, "LOC", "T1"), Entity(16, 23, "LOC", "T1"))
    assert spans(document) == [("LOC", "North"), ("LOC", "America")]


def test_overlapping_and_nested_spans_all_load(tmp_path: Path) -> None:
    ann = (
        "T1\tORG 0 21\tNew York City Council\n"
        "T2\tGPE 0 13\tNew York City\n"
        "T3\tGPE 0 8\tNew York\n"
        "T4\tTEAM 4 17\tYork City Cou\n"
    )
    document = load(tmp_path, "New York City Council", ann)

    assert spans(document) == [
        ("GPE", "New York"),
        ("GPE", "New York City"),
        ("ORG", "New York City Council"),
        ("TEAM", "York City Cou"),
    ]


def test_four_spans_nested_over_one_word(tmp_path: Path) -> None:
    ann = (
        "T1\tPERSON 7 13\tHawaii\nT2\tGPE 7 13\tHawaii\n"
        "T3\tPART 8 12\tawai\nT4\tCORE 9 11\twa\n"
    )
    document = load(tmp_path, "Aloha, Hawaii!", ann)

    assert spans(document) == [("GPE", "Hawaii"), ("PERSON", "Hawaii"), ("PART", "awai"), ("CORE", "wa")]
    assert document.notices == ()


def test_a_missing_text_field_is_accepted_unchecked(tmp_path: Path) -> None:
    document = load(tmp_path, OBAMA, "T1\tPERSON 7 12\n")

    assert spans(document) == [("PERSON", "Obama")]
    assert document.notices == ()


def test_a_span_over_a_line_break_may_quote_it_as_a_space(tmp_path: Path) -> None:
    document = load(tmp_path, "New\nYork  is big", "T1\tGPE 0 8\tNew York\nT2\tX 4 12\tYork is\n")

    assert spans(document) == [("GPE", "New\nYork"), ("X", "York  is")]


def test_a_date_header_counts_in_the_offsets(tmp_path: Path) -> None:
    ann = "T1\tPERSON 16 21\tObama\nT2\tDATE 5 15\t2024-05-01\n"
    document = load(tmp_path, "date 2024-05-01\nObama spoke.", ann)

    assert document.date == dt.date(2024, 5, 1)
    assert document.body == "Obama spoke."
    assert document.entities == (Entity(0, 5, "PERSON", "T1"),)
    assert document.notices == ("doc.ann line 2: offsets 5-15 fall in the date header; skipped.",)


def test_emoji_count_as_one_character(tmp_path: Path) -> None:
    # brat is Python: offsets count code points, so an astral emoji is one character.
    document = load(tmp_path, "😀 Obama 🎉 met Merkel.", "T1\tPERSON 2 7\tObama\nT2\tPERSON 14 20\tMerkel\n")

    assert spans(document) == [("PERSON", "Obama"), ("PERSON", "Merkel")]
    assert document.notices == ()


# How the offsets were counted


CRLF_TEXT = b"Obama spoke.\r\nMerkel listened.\r\n"


def test_crlf_offsets_count_each_cr_as_stored(tmp_path: Path) -> None:
    document = load(tmp_path, CRLF_TEXT, "T1\tPERSON 0 5\tObama\nT2\tPERSON 14 20\tMerkel\n")

    assert document.body == "Obama spoke.\nMerkel listened.\n"
    assert spans(document) == [("PERSON", "Obama"), ("PERSON", "Merkel")]
    assert document.entities[1] == Entity(13, 19, "PERSON", "T2")
    assert document.notices == ()


def test_an_ann_counting_crlf_as_one_character_is_detected(tmp_path: Path) -> None:
    document = load(tmp_path, CRLF_TEXT * 2, "T1\tPERSON 13 19\tMerkel\nT2\tPERSON 43 49\tMerkel\n")

    assert spans(document) == [("PERSON", "Merkel"), ("PERSON", "Merkel")]
    assert document.notices == (
        "doc.ann counts offsets with each CRLF line break as one character; read accordingly.",
    )


def test_a_byte_order_mark_counts_as_a_character(tmp_path: Path) -> None:
    document = load(tmp_path, "\ufeffObama spoke.", "T1\tPERSON 1 6\tObama\n")

    assert document.body == "Obama spoke."
    assert document.entities == (Entity(0, 5, "PERSON", "T1"),)
    assert document.notices == ()


def test_an_ann_not_counting_the_byte_order_mark_is_detected(tmp_path: Path) -> None:
    document = load(tmp_path, "\ufeffObama spoke.", "T1\tPERSON 0 5\tObama\n")

    assert document.entities == (Entity(0, 5, "PERSON", "T1"),)
    assert document.notices == ("doc.ann counts offsets without the byte order mark; read accordingly.",)


def test_an_ann_counting_neither_is_detected(tmp_path: Path) -> None:
    text = b"\xef\xbb\xbf" + CRLF_TEXT
    document = load(tmp_path, text, "T1\tPERSON 13 19\tMerkel\nT2\tX 99 100\tfar\n")

    assert spans(document) == [("PERSON", "Merkel")]
    assert document.notices == (
        "doc.ann counts offsets without the byte order mark and with each CRLF line break as one "
        "character; read accordingly.",
        "doc.ann line 2: offsets 99-100 fall outside the text (30 characters); skipped.",
    )


def test_brat_reading_wins_a_tie(tmp_path: Path) -> None:
    # One line fits each way: brat's own way of counting is kept, the other line is reported.
    ann = "T1\tPERSON 14 20\tMerkel\nT2\tPERSON 13 19\tMerkel\n"
    document = load(tmp_path, CRLF_TEXT, ann)

    assert spans(document) == [("PERSON", "Merkel")]
    assert document.notices == (
        "doc.ann line 2: the text 'Merkel' does not match '\\nMerke' at 13-19; skipped.",
    )


# Problems


def test_bad_lines_are_reported_with_their_number_and_skipped(tmp_path: Path) -> None:
    ann = "\n".join(
        [
            "T1\tPERSON 7 12\tObama",
            "T2\tPERSON x y\tObama",
            "T3\tPERSON 200 210\tfar away",
            "T4\tGPE 21 25\tParis",
            "garbage here",
            "T5 PERSON 7 12 Obama",
            "#1\tAnnotatorNotes T9\ta note",
            "T6\tPERSON 3 3\t",
            "T7\tPERSON 12 7\tObama",
            "T1\tGPE 21 26\tParis",
            "R1\tOrigin Arg1:T1",
            "A1\tNegation T4",
            "T8",
            "E1\tVisit:T1 Place:T4",
            "T9\tGPE 21 26\tParis",
            "Z1\tWhat T1",
        ]
    )
    document = load(tmp_path, OBAMA, ann)

    assert spans(document) == [("PERSON", "Obama"), ("GPE", "Paris")]
    assert document.notices == (
        "doc.ann line 2: the offsets 'x y' are not pairs of whole numbers; skipped.",
        "doc.ann line 3: offsets 200-210 fall outside the text (28 characters); skipped.",
        "doc.ann line 4: the text 'Paris' does not match 'Pari' at 21-25; skipped.",
        "doc.ann line 5: not a brat annotation line; skipped.",
        "doc.ann line 6: not a brat annotation line (its fields must be separated by tabs); skipped.",
        "doc.ann line 8: offsets 3-3 are empty (a span needs at least one character); skipped.",
        "doc.ann line 9: offsets 12-7 are reversed (the start must come before the end); skipped.",
        "doc.ann line 10: T1 is already defined on line 1; skipped.",
        "doc.ann line 11: a relation needs a type and two arguments ('Origin Arg1:T1 Arg2:T2'); skipped.",
        "doc.ann line 12: refers to T4, which was skipped; skipped.",
        "doc.ann line 13: not a brat annotation line; skipped.",
        "doc.ann line 14: refers to T4, which was skipped; skipped.",
        "doc.ann line 16: not a brat annotation line; skipped.",
    )
    # The note about the undefined T9 (line 7) went nowhere: T9 is defined, later, on line 15.
    assert document.entities[1].note == "a note"


def test_an_undefined_reference_is_reported(tmp_path: Path) -> None:
    document = load(tmp_path, OBAMA, "T1\tPERSON 7 12\tObama\nA1\tNegation T9\nN1\tRef T1 Wiki:1\tObama\n")

    assert document.notices == ("doc.ann line 2: refers to T9, which is not defined; skipped.",)
    assert document.entities[0].note == "Wiki:1 (Obama)"


def test_a_flood_of_bad_lines_is_counted_not_listed(tmp_path: Path) -> None:
    document = load(tmp_path, OBAMA, "nonsense\n" * 80)

    assert len(document.notices) == 51
    assert document.notices[-1] == "doc.ann: 30 more lines were skipped."


def test_an_unreadable_ann_leaves_the_text_without_entities(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text(OBAMA, encoding="utf-8")
    (tmp_path / "doc.ann").mkdir()

    document = load_brat_document(tmp_path / "doc.txt", tmp_path / "doc.ann")

    assert document.body == OBAMA
    assert document.entities == ()
    assert document.notices == (
        "Cannot read doc.ann: Is a directory; the text is shown without its annotations.",
    )


def test_an_unreadable_txt_is_an_empty_document_with_a_notice(tmp_path: Path) -> None:
    (tmp_path / "doc.ann").write_text("T1\tPERSON 0 5\tObama\n", encoding="utf-8")

    document = load_brat_document(tmp_path / "gone.txt", tmp_path / "doc.ann", doc_id="gone")

    assert (document.id, document.body, document.entities) == ("gone", "", ())
    assert document.notices == ("Cannot read gone.txt: No such file or directory.",)


def test_bad_bytes_in_the_ann_are_replaced_with_a_notice(tmp_path: Path) -> None:
    ann = b"T1\tPERSON 7 12\tObama\n#1\tAnnotatorNotes T1\tcaf\xe9 owner\n"
    document = load(tmp_path, OBAMA, ann)

    assert document.entities[0].note == "caf\ufffd owner"
    assert document.notices == (
        "doc.ann: Not valid UTF-8 (first bad byte at offset 45); undecodable bytes are shown as \ufffd.",
    )


# Texts that give the reader every way of counting to try: brat's only, and all four.
FUZZ_TEXTS = st.sampled_from([OBAMA.encode("utf-8"), b"\xef\xbb\xbfdate 2020-01-01\r\n" + CRLF_TEXT])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=FUZZ_TEXTS, data=st.binary(max_size=300))
def test_random_bytes_as_ann_never_raise(tmp_path: Path, text: bytes, data: bytes) -> None:
    document = load(tmp_path, text, data)

    assert all(0 <= e.start < e.end <= len(document.body) for e in document.entities)


# An alphabet of the pieces brat lines are made of, so the fuzz reaches past the first check.
BRAT_PIECES = st.sampled_from(
    ["T1", "T2", "R1", "E1", "A1", "N1", "#1", "*", "\t", " ", "\n", ";", ":", "0", "5", "7", "12",
     "PERSON", "Arg1:T1", "Arg2:T2", "Equiv", "AnnotatorNotes", "Obama", "\r", "-1", "99999"]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=FUZZ_TEXTS, pieces=st.lists(BRAT_PIECES, max_size=60))
def test_brat_like_nonsense_never_raises(tmp_path: Path, text: bytes, pieces: list[str]) -> None:
    document = load(tmp_path, text, "".join(pieces))

    assert all(0 <= e.start < e.end <= len(document.body) for e in document.entities)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.binary(max_size=200), ann=st.binary(max_size=200) | st.lists(BRAT_PIECES).map("".join))
def test_random_text_bytes_under_random_annotations_never_raise(
    tmp_path: Path, text: bytes, ann: bytes | str
) -> None:
    document = load(tmp_path, text, ann)

    assert all(0 <= e.start < e.end <= len(document.body) for e in document.entities)


def test_a_span_at_the_end_of_a_one_megabyte_line(tmp_path: Path) -> None:
    text = "date 2020-01-01\r\n" + "word " * 200_000 + "Ana Lopez"
    start = len(text) - len("Ana Lopez")

    document = load(tmp_path, text, f"T1\tPERSON {start} {len(text)}\tAna Lopez\n")

    assert spans(document) == [("PERSON", "Ana Lopez")]
    assert document.entities[0].end == len(document.body)


# The other lines: notes about the spans


def test_notes_attributes_normalisations_relations_and_events_become_notes(tmp_path: Path) -> None:
    text = "Barack Obama was born in Hawaii. He visited Paris."
    ann = "\n".join(
        [
            "#1\tAnnotatorNotes T1\tthe 44th president",  # before the T line it is about
            "T1\tPERSON 0 12\tBarack Obama",
            "T2\tGPE 25 31\tHawaii",
            "T3\tPERSON 33 35\tHe",
            "T4\tBorn 17 21\tborn",
            "A1\tNegation T2",
            "M2\tConfidence T2 High",
            "N1\tReference T1 Wikipedia:534366\tBarack Obama",
            "R1\tOrigin Arg1:T1 Arg2:T2\t",
            "*\tEquiv T1 T3",
            "E1\tBirth:T4 Person:T1 Place:T2",
            "A3\tSpeculation E1",
        ]
    )
    document = load(tmp_path, text, ann)
    notes = {entity.ref: entity.note for entity in document.entities}

    assert document.notices == ()
    assert notes == {
        "T1": "the 44th president\nWikipedia:534366 (Barack Obama)\nOrigin → “Hawaii” (T2)\nEquiv: T3",
        "T2": "Negation\nConfidence: High\nOrigin ← “Barack Obama” (T1)",
        "T3": "Equiv: T1",
        "T4": "Event E1 Birth: Person “Barack Obama” (T1), Place “Hawaii” (T2)\nE1: Speculation",
    }


def test_a_note_lands_on_every_fragment(tmp_path: Path) -> None:
    ann = "T1\tLOC 0 5;16 23\tNorth America\n#1\tAnnotatorNotes T1\tcontinent\n"
    document = load(tmp_path, "North and South America", ann)

    assert [entity.note for entity in document.entities] == ["continent", "continent"]


def test_an_event_may_refer_to_a_later_event(tmp_path: Path) -> None:
    ann = (
        "E1\tCause:T1 Theme:E2\nT1\tTrigger 0 6\tcaused\n"
        "T2\tTrigger 7 11\tfall\nE2\tFall:T2\nE3\tLoop:T1 Theme:E4\n"
    )
    document = load(tmp_path, "caused fall", ann)

    assert [entity.note for entity in document.entities] == [
        "Event E1 Cause: Theme “fall” (E2)",
        "Event E2 Fall",
    ]
    assert document.notices == ("doc.ann line 5: refers to E4, which is not defined; skipped.",)


# Configuration files


def test_type_config_reads_types_names_and_colours(tmp_path: Path) -> None:
    (tmp_path / "annotation.conf").write_text(
        "# the types\n[entities]\nPerson\n!Place\n\tCity\n\tCountry\nOrganization\n"
        "<ENT>=Person|Organization\n[relations]\nOrigin Arg1:Person, Arg2:Place\n"
        "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n"
        "[events]\nMeeting Participant+:<ENT>\n[attributes]\nNegation Arg:<EVENT>\n",
        encoding="utf-8",
    )
    (tmp_path / "visual.conf").write_text(
        "[labels]\nPerson | Human being | Per\nCity | City\nOrigin | Comes from\n"
        "[drawing]\nSPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken\n"
        "Person\tbgColor:#7FA2FF, fgColor:black\nCity\tbgColor:#f0a\nCountry bgColor:tomato\n"
        "Organization\tbgColor:blurple\nOrigin\tcolor:green, arrowHead:triangle-5\n"
        "Vehicle\tbgColor:ForestGreen\n",
        encoding="utf-8",
    )

    displays, problems = read_type_config(tmp_path)

    assert displays == [
        TypeDisplay("Person", "Human being", "#7fa2ff"),
        TypeDisplay("City", "City", "#ff00aa"),
        TypeDisplay("Country", "", "#ff6347"),
        TypeDisplay("Organization", "", None),
        TypeDisplay("Meeting", "", None),
        TypeDisplay("Vehicle", "", "#228b22"),
    ]
    assert problems == [
        "visual.conf line 10: the colour 'blurple' of Organization is not a colour Seedview knows "
        "(use #rrggbb or a CSS colour name); it is ignored."
    ]


def test_type_config_takes_the_old_spans_section_and_skips_separators(tmp_path: Path) -> None:
    # As brat's own example corpora write them: TDT's [spans], the ID task's lines of hyphens
    # between groups of event types. Types visual.conf colours or names keep annotation.conf's order.
    (tmp_path / "annotation.conf").write_text(
        "[spans]\nA\nAdp\nInterj\nN\nPunct\n[relations]\nacomp Arg1:<ENTITY>, Arg2:<ENTITY>\n"
        "[events]\nBinding Theme+:A\n----------------------------------------\nProcess Participant?:N\n",
        encoding="utf-8",
    )
    (tmp_path / "visual.conf").write_text(
        "[labels]\nPunct | P\nacomp | acomp\n[drawing]\nA\tbgColor:#fffda8\nAdp\tbgColor:#ffe8be\n"
        "N\tbgColor:#a4bced\nPunct\tbgColor:#e3e3e3\n",
        encoding="utf-8",
    )

    displays, problems = read_type_config(tmp_path)

    labels = [display.label for display in displays]
    assert labels == ["A", "Adp", "Interj", "N", "Punct", "Binding", "Process"]
    assert displays[4] == TypeDisplay("Punct", "P", "#e3e3e3")
    assert problems == []


def test_type_config_of_a_folder_without_it_is_empty(tmp_path: Path) -> None:
    assert read_type_config(tmp_path) == ([], [])


def test_bad_type_config_gives_problems_not_errors(tmp_path: Path) -> None:
    (tmp_path / "annotation.conf").write_bytes(b"Stray\n[entities]\nPers\xf6n\n[colours]\nRed\nBlue\n")
    (tmp_path / "visual.conf").mkdir()

    displays, problems = read_type_config(tmp_path)

    assert displays == [TypeDisplay("Pers\ufffdn")]
    assert problems == [
        "annotation.conf: Not valid UTF-8 (first bad byte at offset 21); "
        "undecodable bytes are shown as \ufffd.",
        "annotation.conf line 1: lines before any section; its lines are ignored.",
        "annotation.conf line 5: the section [colours] is not one brat knows; its lines are ignored.",
        "Cannot read visual.conf: Is a directory; it is ignored.",
    ]


def test_a_configuration_gives_at_most_max_types_and_says_how_many_it_ignored(tmp_path: Path) -> None:
    from gui.core.formats.brat.brat_config import MAX_TYPES

    declared = [f"Type_{number:05d}" for number in range(30_000)]
    (tmp_path / "annotation.conf").write_text("[entities]\n" + "\n".join(declared) + "\n", encoding="utf-8")
    (tmp_path / "visual.conf").write_text(
        "[labels]\nType_00000 | First type\nExtra | Only visual\n[drawing]\nType_00001\tbgColor:#1f3a93\n",
        encoding="utf-8",
    )

    displays, problems = read_type_config(tmp_path)

    assert [display.label for display in displays] == declared[:MAX_TYPES]
    assert displays[:2] == [TypeDisplay("Type_00000", "First type"), TypeDisplay("Type_00001", "", "#1f3a93")]
    assert problems == [
        "annotation.conf declares 30,000 entity types; Seedview takes at most 1,000 from a corpus's "
        "configuration, so 29,000 are ignored (their entities still show, in spare colours).",
        "visual.conf declares 1 entity type that annotation.conf does not; Seedview takes at most "
        "1,000 from a corpus's configuration, so 1 is ignored (their entities still show, in spare "
        "colours).",
    ]
    palette = Palette.load()
    palette.configure(displays)
    assert palette.labels[:MAX_TYPES] == declared[:MAX_TYPES]
    ignored = palette.style("Type_29999")  # ignored, still shown
    assert contrast_ratio(ignored.background, ignored.text) >= WCAG_AA_NORMAL_TEXT


def test_types_only_visual_conf_names_fill_what_annotation_conf_leaves(tmp_path: Path) -> None:
    from gui.core.formats.brat.brat_config import MAX_TYPES

    (tmp_path / "annotation.conf").write_text("[entities]\nPerson\n", encoding="utf-8")
    drawn = "".join(f"Drawn_{number}\tbgColor:#ff0000\n" for number in range(MAX_TYPES + 5))
    (tmp_path / "visual.conf").write_text("[drawing]\n" + drawn, encoding="utf-8")

    displays, problems = read_type_config(tmp_path)

    assert len(displays) == MAX_TYPES
    assert displays[0].label == "Person" and displays[-1].label == f"Drawn_{MAX_TYPES - 2}"
    assert problems == [
        "visual.conf declares 1,005 entity types that annotation.conf does not; Seedview takes at "
        "most 1,000 from a corpus's configuration, so 6 are ignored (their entities still show, in "
        "spare colours)."
    ]


def test_a_configuration_file_too_big_is_read_only_in_its_beginning(tmp_path: Path) -> None:
    from gui.core.formats.brat.brat_config import MAX_CONF_BYTES

    lines = [f"T{number:07d}" for number in range(MAX_CONF_BYTES // 8 * 2)]  # 9 bytes a line
    (tmp_path / "annotation.conf").write_text("[entities]\n" + "\n".join(lines) + "\n", encoding="utf-8")
    bad = "".join(f"Type{number}\tbgColor:blurple\n" for number in range(40))
    (tmp_path / "visual.conf").write_text("[drawing]\n" + bad, encoding="utf-8")

    displays, problems = read_type_config(tmp_path)

    read = (MAX_CONF_BYTES - len("[entities]\n")) // 9
    assert [display.label for display in displays][:3] == lines[:3]
    assert problems[0] == (
        "annotation.conf is 2.3 MB, too big for a configuration file: only its first 1 MB is read."
    )
    # A flood of bad colours is counted, not listed.
    assert all(problem.startswith("visual.conf line ") for problem in problems[1:6])
    assert problems[6] == "visual.conf: 35 more colours Seedview does not know are ignored."
    assert problems[7].startswith(f"annotation.conf declares at least {read:,} entity types;")
    assert f"so at least {read - 1_000:,} are ignored" in problems[7]
    assert problems[8].startswith("visual.conf declares 40 entity types that annotation.conf does not;")
    assert len(problems) == 9


# The pieces configuration lines are made of, and bytes that are not text at all.
CONF_PIECES = st.sampled_from(
    ["[entities]", "[relations]", "[events]", "[attributes]", "[labels]", "[drawing]", "\n", "\r\n",
     "\t", " ", "|", ":", ",", "!", "#", "bgColor", "fgColor", "#1f3a93", "blurple", "PERSON",
     "Arg1:PERSON", "<OVERLAP>", "SPAN_DEFAULT", "é", "\x00"]
)
CONF_FILES = st.binary(max_size=200) | st.lists(CONF_PIECES, max_size=40).map(lambda p: "".join(p).encode())


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(annotation=CONF_FILES, visual=CONF_FILES)
def test_random_configuration_files_never_raise(tmp_path: Path, annotation: bytes, visual: bytes) -> None:
    (tmp_path / "annotation.conf").write_bytes(annotation)
    (tmp_path / "visual.conf").write_bytes(visual)

    displays, problems = read_type_config(tmp_path)

    assert len({display.label for display in displays}) == len(displays)
    assert all(isinstance(problem, str) and problem for problem in problems)


def test_a_brat_folder_opens_as_a_corpus_with_its_types(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text(OBAMA, encoding="utf-8")
    (tmp_path / "doc.ann").write_text("T1\tPerson 7 12\tObama\n", encoding="utf-8")
    (tmp_path / "annotation.conf").write_text("[entities]\nPerson\n", encoding="utf-8")

    corpus = Corpus.open(tmp_path)
    document = load_document(tmp_path / "doc.txt")

    assert corpus.types == (TypeDisplay("Person"),)
    assert spans(document) == [("Person", "Obama")]
    assert document.entity_source is Source.BRAT


# Writing


def make_document(
    body: str, entities: tuple[Entity, ...], date: dt.date | None = None, doc_id: str = "a"
) -> Document:
    return Document(Path(f"/corpus/{doc_id}.txt"), doc_id, date, body, entities)


def test_write_brat_writes_text_annotations_and_configuration(tmp_path: Path) -> None:
    document = make_document(
        "Barack Obama\nvisited Paris and New\nYork.",
        (
            Entity(0, 12, "PERSON", note="president\nof the US"),
            Entity(21, 26, "GPE"),
            Entity(31, 34, "GPE", "x"),
            Entity(35, 39, "GPE", "x"),
            Entity(0, 6, "Given name"),
        ),
        dt.date(2024, 5, 1),
        "news/2024: Obama",
    )
    palette = Palette.load()
    out = tmp_path / "out"

    written = write_brat([document], out, palette)

    assert [path.name for path in written] == [
        "news_2024_ Obama.txt",
        "news_2024_ Obama.ann",
        "annotation.conf",
        "visual.conf",
    ]
    assert (out / "news_2024_ Obama.txt").read_bytes() == (
        b"date 2024-05-01\nBarack Obama\nvisited Paris and New\nYork."
    )
    assert (out / "news_2024_ Obama.ann").read_text(encoding="utf-8") == (
        "T1\tGiven_name 16 22\tBarack\n"
        "T2\tPERSON 16 28\tBarack Obama\n"
        "T3\tGPE 37 42\tParis\n"
        "T4\tGPE 47 50;51 55\tNew York\n"
        "#1\tAnnotatorNotes T2\tpresident / of the US\n"
    )
    annotation_conf = (out / "annotation.conf").read_text(encoding="utf-8")
    assert "[entities]\nPERSON\nGPE\nGiven_name\n" in annotation_conf
    assert "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>" in annotation_conf
    visual_conf = (out / "visual.conf").read_text(encoding="utf-8")
    person = palette.style("PERSON")
    assert f"PERSON | {person.description} | PERSON\n" in visual_conf
    assert f"PERSON\tbgColor:{person.background}, fgColor:{person.text}\n" in visual_conf
    assert read_type_config(out)[0][0] == TypeDisplay("PERSON", person.description, person.background)


def test_written_files_read_back_the_same(tmp_path: Path) -> None:
    entities = (
        Entity(0, 6, "PERSON", "T7"),
        Entity(7, 13, "PERSON", "T7"),
        Entity(14, 16, "EMOJI", "T2", "smiling"),
        Entity(20, 25, "GPE", "T3"),
    )
    document = make_document("Angela\nMerkel 😀🎉 in\tParis", entities, dt.date(2021, 12, 8))

    write_brat([document], tmp_path, Palette.load())
    loaded = load_brat_document(tmp_path / "a.txt", tmp_path / "a.ann")

    assert (loaded.date, loaded.body, loaded.entities, loaded.notices) == (
        document.date,
        document.body,
        entities,
        (),
    )


def test_refs_that_are_not_brat_ids_are_numbered(tmp_path: Path) -> None:
    entities = (Entity(0, 6, "PERSON", "p1"), Entity(7, 13, "PERSON", "p1"), Entity(17, 22, "GPE"))
    document = make_document("Angela Merkel in Paris", entities)

    write_brat([document], tmp_path, Palette.load())

    assert (tmp_path / "a.ann").read_text(encoding="utf-8") == (
        "T1\tPERSON 0 6;7 13\tAngela Merkel\nT2\tGPE 17 22\tParis\n"
    )


def test_write_brat_gives_each_document_its_own_stem(tmp_path: Path) -> None:
    documents = [
        make_document("One.", ()),
        make_document("Two.", (), doc_id="A"),
        make_document("", (), doc_id="visual"),
    ]

    written = write_brat(documents, tmp_path / "new" / "folder", Palette.load())

    assert [path.name for path in written] == [
        *("a.txt", "a.ann", "A-2.txt", "A-2.ann", "visual-2.txt", "visual-2.ann"),
        *("annotation.conf", "visual.conf"),
    ]
    assert all(path.parent == tmp_path / "new" / "folder" for path in written)
    assert not list((tmp_path / "new" / "folder").glob(".*"))


def test_an_undated_body_that_begins_with_a_byte_order_mark_keeps_it(tmp_path: Path) -> None:
    document = make_document("\ufeffObama spoke.", (Entity(1, 6, "PERSON"), Entity(0, 1, "MARK")))

    write_brat([document], tmp_path, Palette.load())
    loaded = load_brat_document(tmp_path / "a.txt", tmp_path / "a.ann")

    # One mark for the reader to drop, then the body's own; brat counts the first in its offsets.
    assert (tmp_path / "a.txt").read_bytes() == b"\xef\xbb\xbf" * 2 + b"Obama spoke."
    assert (tmp_path / "a.ann").read_text(encoding="utf-8") == "T1\tMARK 1 2\t\ufeff\nT2\tPERSON 2 7\tObama\n"
    assert (loaded.body, loaded.notices) == (document.body, ())
    assert [(e.start, e.end, e.label) for e in loaded.entities] == [(0, 1, "MARK"), (1, 6, "PERSON")]
    assert brat_losses(document) == []


def test_what_brat_cannot_give_back_is_reported_by_document() -> None:
    header_like = make_document("date 2021-03-04 was when it rained.", (), doc_id="rain")
    odd = make_document(
        " Text\r\nwith \x00 and \udc80.",
        (Entity(1, 5, "Cell type"), Entity(0, 0, "X"), Entity(3, 99, "X"), Entity(1, 5, "")),
        doc_id="odd",
    )

    assert brat_losses(header_like) == [
        "rain: the text begins like a date header ('date 2021-03-04') and the document has no date, "
        "so reading the .txt back takes that for its header."
    ]
    assert brat_losses(odd) == [
        "odd: the text has NUL characters, which can make a .txt read back as a binary file, "
        "without its text.",
        "odd: the text or its annotations have lone surrogates (not valid Unicode); each is written as '?'.",
        "odd: the text begins with whitespace, which is dropped when the .txt is read.",
        "odd: the text has CR line breaks, which come back as LF.",
        "odd: the label '' is written as the brat type 'Entity' (brat types are never empty and have no "
        "whitespace), and comes back so.",
        "odd: the label 'Cell type' is written as the brat type 'Cell_type' (brat types are never empty "
        "and have no whitespace), and comes back so.",
        "odd: 2 entities are empty or outside the text, and left out.",
    ]
    # With a date of its own, a body that begins like a header is simply the body.
    assert brat_losses(make_document("date 2021-03-04 was when", (), dt.date(2020, 1, 1))) == []


# Bodies with odd characters anywhere, the first included: a NUL, a CR, a byte order mark.
BODY_CHARACTERS = st.sampled_from(
    [*"ab Z.,’é\n\t😀🎉\u00a0\u2028\u3000\x0bd0-", "𝔘", "\u200b", "\ufeff", "\x00", "\r"]
)
# Any character at all (but a lone surrogate) may begin a body, or what looks like a date header.
BODY_STARTS = st.characters(codec="utf-8") | st.sampled_from(
    ["date 2021-03-04 was when", "date 2021-13-45 ", "date\t1999-12-31\n", "date 2021-03-04x", "\ufeff"]
)
LABELS = st.sampled_from(["PERSON", "GPE", "Protein", "B-cell_type", "WORK_OF_ART", "x", "Cell type", ""])
# Shared refs make discontinuous annotations; 'p' is not a brat id, so it makes them renumbered.
REFS = st.sampled_from(["", "", "T1", "T2", "p"])


@st.composite
def documents(draw: st.DrawFn) -> Document:
    body = draw(BODY_STARTS) + draw(st.text(BODY_CHARACTERS, max_size=40))
    date = draw(st.none() | st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)))
    count = draw(st.integers(0, 6))
    entities = []
    for _ in range(count):
        start = draw(st.integers(0, len(body) - 1))
        end = draw(st.integers(start + 1, len(body)))
        entities.append(Entity(start, end, draw(LABELS), draw(REFS), draw(st.sampled_from(["", "a\nb"]))))
    return make_document(body, tuple(entities), date)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=documents())
def test_a_trip_through_brat_is_exact_unless_its_losses_are_reported(
    tmp_path: Path, document: Document
) -> None:
    write_brat([document], tmp_path, Palette.load())
    loaded = load_brat_document(tmp_path / "a.txt", tmp_path / "a.ann")

    exact = (loaded.body, loaded.date, loaded.notices) == (document.body, document.date, ()) and Counter(
        (e.start, e.end, e.label) for e in loaded.entities
    ) == Counter((e.start, e.end, e.label) for e in document.entities)
    # Every loss is reported, and nothing is reported that came back.
    assert exact == (not brat_losses(document)), brat_losses(document)


def test_a_named_pipe_in_place_of_a_configuration_is_reported_not_waited_for(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "annotation.conf")
    (tmp_path / "visual.conf").write_text("[labels]\nPerson | Person\n", encoding="utf-8")
    done: list[tuple[list[TypeDisplay], list[str]]] = []
    reader = threading.Thread(target=lambda: done.append(read_type_config(tmp_path)), daemon=True)
    reader.start()
    reader.join(timeout=20)
    if not done:  # unblock the reader, so the test process can end, then fail
        with open(tmp_path / "annotation.conf", "wb"):
            pass
        pytest.fail("reading a configuration waited on a named pipe")
    displays, problems = done[0]
    assert problems == ["Cannot read annotation.conf: a named pipe, not a regular file; it is ignored."]
    assert [display.label for display in displays] == ["Person"]
