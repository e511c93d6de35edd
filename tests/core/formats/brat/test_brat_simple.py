"""The common `.ann` file read in bulk: the same entities as the line-by-line reading, and any
other file left to it (with its notices)."""

from __future__ import annotations

import codecs
from functools import partial
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gui.core.formats.brat.brat import load_brat_document
from gui.core.formats.brat.brat_simple import BLOCK_CHARS, read_simple_ann, read_simple_ann_head
from gui.core.model.document import Document, Entity

TEXT = "date 2020-01-05\nAngela Merkel met Emmanuel Macron in Paris.\n"
# Offsets count the file as stored, date line included (16 characters).
SIMPLE = "T1\tPERSON 16 29\tAngela Merkel\nT2\tPERSON 34 49\tEmmanuel Macron\nT3\tGPE 53 58\tParis\n"


def read(
    folder: Path, text: str | bytes, ann: str, bulk: bool = True, block_chars: int = BLOCK_CHARS
) -> Document:
    """Write the pair and read it, in bulk (in blocks of `block_chars`) where it can be or always
    line by line."""
    txt_path, ann_path = folder / "doc.txt", folder / "doc.ann"
    txt_path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    ann_path.write_bytes(ann.encode("utf-8"))
    if bulk and block_chars == BLOCK_CHARS:
        return load_brat_document(txt_path, ann_path)
    in_bulk = partial(read_simple_ann, block_chars=block_chars) if bulk else lambda *args: None
    with mock.patch("gui.core.formats.brat.brat_reader.read_simple_ann", in_bulk):
        return load_brat_document(txt_path, ann_path)


def test_the_common_file_is_read_in_bulk_as_line_by_line(tmp_path: Path) -> None:
    entities = read_simple_ann(SIMPLE, TEXT, has_bom=False)

    assert entities == [
        Entity(0, 13, "PERSON", "T1"), Entity(18, 33, "PERSON", "T2"), Entity(37, 42, "GPE", "T3")
    ]
    assert read(tmp_path, TEXT, SIMPLE) == read(tmp_path, TEXT, SIMPLE, bulk=False)


def test_lines_in_any_order_and_over_several_blocks(tmp_path: Path) -> None:
    blocks = 20  # a block or two per line
    lines = SIMPLE.splitlines(keepends=True)
    shuffled = "".join([lines[2], lines[0], lines[1]])

    entities = read_simple_ann(shuffled, TEXT, has_bom=False, block_chars=blocks)

    assert entities == read_simple_ann(SIMPLE, TEXT, has_bom=False, block_chars=blocks)
    assert read(tmp_path, TEXT, shuffled, block_chars=blocks) == read(tmp_path, TEXT, shuffled, bulk=False)
    twice = SIMPLE + "T2\tGPE 53 58\tParis\n"
    assert read_simple_ann(twice, TEXT, has_bom=False, block_chars=blocks) is None  # T2 twice


def test_the_head_is_the_first_lines_entities_when_they_are_simple_and_in_order() -> None:
    whole = read_simple_ann(SIMPLE, TEXT, has_bom=False)
    assert whole is not None
    assert read_simple_ann_head(SIMPLE, TEXT, has_bom=False) is None  # one block: read it whole
    blocks = 40  # the first block: the first two lines
    assert read_simple_ann_head(SIMPLE, TEXT, has_bom=False, block_chars=blocks) == whole[:2]
    lines = SIMPLE.splitlines(keepends=True)
    # Not in the order of the text, a line of another kind, a quote that does not match, a CR:
    # no head (the whole reading still decides what the file holds).
    for ann in (
        "".join([lines[1], lines[0], lines[2]]),
        "#1\tAnnotatorNotes T1\tthe chancellor\n" + SIMPLE,
        SIMPLE.replace("Angela Merkel", "Angela Markel"),
        SIMPLE.replace("\n", "\r\n"),
    ):
        assert read_simple_ann_head(ann, TEXT, has_bom=False, block_chars=blocks) is None, ann
    assert read_simple_ann_head(SIMPLE, "\ufeff" + TEXT, has_bom=True, block_chars=blocks) is None
    assert read_simple_ann_head("", TEXT, has_bom=False, block_chars=blocks) is None


@given(st.permutations(list(range(8))), st.integers(min_value=1, max_value=300))
def test_a_head_is_never_wrong_and_starts_the_whole_reading_of_a_file_in_order(
    order: list[int], block_chars: int
) -> None:
    words = "Ana Ben Cy Dee Eve Fay Gus Hal".split()
    text = " ".join(words) + "\n"
    starts = [text.index(word) for word in words]
    lines = [f"T{i + 1}\tPERSON {starts[i]} {starts[i] + len(words[i])}\t{words[i]}\n" for i in order]
    head = read_simple_ann_head("".join(lines), text, has_bom=False, block_chars=block_chars)
    whole = read_simple_ann("".join(lines), text, has_bom=False, block_chars=block_chars)
    assert whole is not None and len(whole) == 8
    assert head is None or len(head) < 8  # never the whole file: it is read whole then
    if head is not None:
        assert head and set(head) <= set(whole)  # what the top shows early is in the file
        if order == sorted(order):  # as tools write them: then the top shows all it has
            assert head == whole[: len(head)]


@pytest.mark.parametrize(
    ("text", "ann"),
    [
        (TEXT, SIMPLE + "#1\tAnnotatorNotes T1\tthe chancellor\n"),  # a note
        (TEXT, SIMPLE.replace("\nT2", "\n\nT2")),  # a blank line
        (TEXT, SIMPLE + "T4\tGPE 53 58\tPar\tis\n"),  # a tab in the quoted text
        (TEXT, SIMPLE + "T4\tLOC 16 22;23 29\tAngela Merkel\n"),  # two fragments
        (TEXT, SIMPLE + "T4\tLOC 16 29\n"),  # no quoted text
        (TEXT, SIMPLE + "T4\tLOC  16 29\tAngela Merkel\n"),  # two spaces
        (TEXT, SIMPLE + "T4\tLOC 16 29\tAngela  Merkel\n"),  # quoted with other whitespace
        (TEXT, SIMPLE + "T4\tLOC 16 30\tAngela Merkel\n"),  # not the text at the offsets
        (TEXT, SIMPLE + "T4\tLOC 29 16\tAngela Merkel\n"),  # reversed
        (TEXT, SIMPLE + "T4\tLOC 0 4\tdate\n"),  # in the date header
        (TEXT, SIMPLE + "T4\tLOC 58 99\tParis\n"),  # past the end
        (TEXT, SIMPLE + "T1\tLOC 53 58\tParis\n"),  # an id used twice
        (TEXT, SIMPLE + "T4\tLOC 1e3 58\tParis\n"),  # not a number
        (TEXT.replace("\n", "\r\n"), SIMPLE),  # CRLF in the text
        (codecs.BOM_UTF8 + TEXT.encode(), SIMPLE),  # a byte order mark
        (TEXT, SIMPLE.replace("\n", "\r\n")),  # CRLF in the .ann: fine
        (TEXT, ""),  # nothing
    ],
)
def test_any_other_file_reads_as_line_by_line(tmp_path: Path, text: str | bytes, ann: str) -> None:
    assert read(tmp_path, text, ann) == read(tmp_path, text, ann, bulk=False)


def test_only_simple_files_are_read_in_bulk() -> None:
    assert read_simple_ann(SIMPLE.replace("\n", "\r\n"), TEXT, has_bom=False) is not None
    assert read_simple_ann(SIMPLE + "#1\tAnnotatorNotes T1\tx\n", TEXT, has_bom=False) is None
    assert read_simple_ann(SIMPLE, TEXT.replace("\n", "\r\n"), has_bom=False) is None
    assert read_simple_ann(SIMPLE, TEXT, has_bom=True) is None


# Lines made of the pieces that matter to the reading: ids, types, offsets, tabs, spaces, CRs.
_PIECES = st.sampled_from(["T1", "T2", "T", "#1", "\t", " ", "  ", "\r", "\n", "PERSON", "16", "29", "53",
                           "58", "0", "Angela Merkel", "Paris", "Par", ";", "x"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.lists(_PIECES, max_size=8).map("".join), max_size=6), crlf=st.booleans())
def test_any_mix_of_lines_reads_as_line_by_line(tmp_path: Path, lines: list[str], crlf: bool) -> None:
    ann = "\n".join([*lines, *SIMPLE.splitlines()][:: -1 if len(lines) % 2 else 1])
    text = TEXT.replace("\n", "\r\n") if crlf else TEXT

    assert read(tmp_path, text, ann) == read(tmp_path, text, ann, bulk=False)
