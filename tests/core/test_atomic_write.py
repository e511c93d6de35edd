"""Files written whole or not at all: UTF-8, LF line breaks, a lone surrogate as '?'."""

from __future__ import annotations

from pathlib import Path
from typing import IO

import pytest

from gui.core.atomic_write import write_atomically, write_text_atomically


def test_a_text_is_written_as_utf8_with_lf_line_breaks(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    write_text_atomically(target, "Café 😀\nline two\r\nthree \udc80 end\n")
    assert target.read_bytes() == "Café 😀\nline two\r\nthree ? end\n".encode()
    assert [path.name for path in tmp_path.iterdir()] == ["out.txt"]


def test_a_failure_leaves_the_old_file_and_no_partial_one(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("the previous export\n")

    def half_then_failure(stream: IO[str]) -> None:
        stream.write("half of the new export")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, half_then_failure)
    assert target.read_text() == "the previous export\n"
    assert [path.name for path in tmp_path.iterdir()] == ["out.jsonl"]


def test_a_new_file_fails_without_a_trace(tmp_path: Path) -> None:
    def failure(stream: IO[str]) -> None:
        raise ValueError("no")

    with pytest.raises(ValueError, match="no"):
        write_atomically(tmp_path / "new.html", failure)
    assert list(tmp_path.iterdir()) == []
