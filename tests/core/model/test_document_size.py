"""Documents too large to open: listed and loaded with a notice that says why, never read whole.

The large files here are sparse: a few real bytes, then a hole up to 200 MB that takes no disk.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from gui.core.corpus.corpus import Corpus
from gui.core.formats.brat.brat import load_brat_document
from gui.core.formats.jsonl.jsonl_corpus import list_jsonl, load_record
from gui.core.model import regular_file
from gui.core.model.document import Source
from gui.core.model.document_size import MAX_DOCUMENT_BYTES, describe_size, read_capped

BIG = 200 * 1024**2
TOO_BIG = "big.txt is 200 MB; Seedview opens documents up to 64 MB."


def sparse_file(path: Path, head: bytes, size: int = BIG) -> Path:
    """A file of `size` bytes that starts with `head`; the rest is a hole, nothing on disk."""
    with path.open("wb") as handle:
        handle.write(head)
        handle.truncate(size)
    return path


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files opened from now on."""
    names: list[str] = []
    real_open = regular_file.open_regular

    def spying_open(path: Path, buffering: int = -1) -> Any:
        names.append(path.name)
        return real_open(path, buffering)

    monkeypatch.setattr(regular_file, "open_regular", spying_open)
    return names


def test_sizes_read_as_people_say_them() -> None:
    assert describe_size(BIG) == "200 MB"
    assert describe_size(MAX_DOCUMENT_BYTES) == "64 MB"
    assert describe_size(64 * 1024**2 + 512 * 1024) == "64.5 MB"
    assert describe_size(3 * 1024**3 // 2) == "1.5 GB"


def test_a_200_mb_document_is_listed_with_its_size_and_never_read(tmp_path: Path, opened: list[str]) -> None:
    # Text past the first bytes the listing reads, so that it finds a title there, not the hole.
    sparse_file(tmp_path / "big.txt", b"date 2021-05-05\nA very big story. " + b"More words. " * 200)
    (tmp_path / "small.txt").write_text("A small story.", encoding="utf-8")

    corpus = Corpus.open(tmp_path)
    big, small = corpus.entries

    # Listed from its first bytes like any document, with the reason it will not open.
    assert (big.name, big.title, big.problem) == ("big.txt", "A very big story.", TOO_BIG)
    assert small.problem is None
    opened.clear()
    document = corpus.load(big)
    assert (document.body, document.notices) == ("", (TOO_BIG,))
    assert opened == []  # refused by its size: not a byte of it is read
    assert corpus.load(small).body == "A small story."


def test_the_limit_itself_still_opens(tmp_path: Path) -> None:
    at_limit = sparse_file(tmp_path / "at.txt", b"x", MAX_DOCUMENT_BYTES)
    past_limit = sparse_file(tmp_path / "past.txt", b"x", MAX_DOCUMENT_BYTES + 1)

    data, problem = read_capped(at_limit)
    assert (len(data), problem) == (MAX_DOCUMENT_BYTES, None)
    assert read_capped(past_limit) == (b"", "past.txt is 64.0 MB; Seedview opens documents up to 64 MB.")


def test_a_file_that_grew_since_its_size_was_taken_is_read_whole_or_caught(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    grown = tmp_path / "grown.txt"
    grown.write_bytes(b"Words. " * 30_000)  # 210 KB: several reads past what stat said
    past_limit = sparse_file(tmp_path / "past.txt", b"x", MAX_DOCUMENT_BYTES + 1)
    real_stat = Path.stat

    def stale_stat(self: Path, **kwargs: Any) -> os.stat_result:
        """The size the file had when it was listed: 10 bytes."""
        fields = list(real_stat(self, **kwargs))
        fields[6] = 10  # st_size
        return os.stat_result(fields)

    monkeypatch.setattr(Path, "stat", stale_stat)
    assert read_capped(grown) == (b"Words. " * 30_000, None)
    assert read_capped(past_limit) == (b"", "past.txt is 64.0 MB; Seedview opens documents up to 64 MB.")


def test_a_brat_text_or_annotation_file_of_200_mb_is_refused_with_a_notice(tmp_path: Path) -> None:
    big_text = sparse_file(tmp_path / "big.txt", b"Big Corp spoke.")
    (tmp_path / "big.ann").write_text("T1\tORG 0 8\tBig Corp\n", encoding="utf-8")
    small_text = tmp_path / "small.txt"
    small_text.write_text("Small Corp spoke.", encoding="utf-8")
    sparse_file(tmp_path / "small.ann", b"T1\tORG 0 10\tSmall Corp\n")

    document = load_brat_document(big_text, tmp_path / "big.ann")
    assert (document.body, document.notices, document.entity_source) == ("", (TOO_BIG,), Source.BRAT)

    # A text of normal size is shown even when its annotation file is too large to read.
    document = load_brat_document(small_text, tmp_path / "small.ann")
    assert (document.body, document.entities) == ("Small Corp spoke.", ())
    assert document.notices == (
        "small.ann is 200 MB; Seedview opens documents up to 64 MB. "
        "The text is shown without its annotations.",
    )


def test_a_json_lines_record_over_the_limit_is_listed_with_its_size_and_the_next_still_reads(
    tmp_path: Path,
) -> None:
    path = tmp_path / "records.jsonl"
    # Longer than the probe at the start of the file, which would take the hole's NULs for binary.
    first = json.dumps({"id": "a", "text": "A small record. " + "Words. " * 1500}) + "\n"
    last = json.dumps({"id": "c", "text": "After the big one."}) + "\n"
    line_size = 65 * 1024**2  # just past the limit: the listing reads past it to find the next line
    sparse_file(path, first.encode() + b'{"id": "b", "text": "', len(first) + line_size - 3)
    with path.open("ab") as handle:
        handle.write(b'"}\n' + last.encode())

    a, big, c = list_jsonl(path)

    assert (a.id, a.problem) == ("a", None)
    assert big.problem == "Line 2 is 65 MB; Seedview opens documents up to 64 MB."
    assert c.id == "c" and c.record == len(first) + line_size
    assert load_record(path, big.record or 0, big.id).notices == (big.problem,)
    assert load_record(path, c.record or 0, "c").body == "After the big one."
