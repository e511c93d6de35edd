"""Corrections files: JSON Lines, one correction per line (corrections.py says each line's form),
as `seedview corrections export/import` and the window's Import/Export write and read them.

- `read_corrections(lines)` -> CorrectionsRead: the corrections with their line numbers, and
  the lines that are not corrections with what is wrong (blank lines are skipped).
- `write_corrections(corrections, stream)`: one line each; returns how many.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, NamedTuple

from gui.core.desk.corrections import Correction, CorrectionError, parse_line, to_json


class BadLine(NamedTuple):
    """A line of a corrections file that is not a correction, and why."""

    line: int  # from 1
    message: str


class CorrectionsRead(NamedTuple):
    """A corrections file, read: (line number, correction) in order, and the bad lines."""

    corrections: list[tuple[int, Correction]]
    bad: list[BadLine]


def read_corrections(lines: Iterable[str]) -> CorrectionsRead:
    """The corrections of a file's lines (a BOM and blank lines are allowed)."""
    found: list[tuple[int, Correction]] = []
    bad: list[BadLine] = []
    for number, line in enumerate(lines, start=1):
        text = line.lstrip("\ufeff") if number == 1 else line
        if not text.strip():
            continue
        try:
            found.append((number, parse_line(text)))
        except CorrectionError as error:
            bad.append(BadLine(number, str(error)))
    return CorrectionsRead(found, bad)


def write_corrections(corrections: Iterable[Correction], stream: IO[str]) -> int:
    """Write one JSON line per correction; how many were written."""
    count = 0
    for correction in corrections:
        stream.write(to_json(correction) + "\n")
        count += 1
    return count
