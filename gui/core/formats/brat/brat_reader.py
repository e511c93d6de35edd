"""Reading brat standoff: a `.txt` and the `.ann` beside it, as one Document with given entities."""

from __future__ import annotations

import bisect
import codecs
import dataclasses
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from gui.core.formats.brat.brat_notes import NoteResolver, ParsedLine
from gui.core.formats.brat.brat_simple import read_simple_ann, read_simple_ann_head
from gui.core.model.document import (
    Document,
    Entity,
    Source,
    StoredOffsets,
    body_start,
    decode_bytes,
    parse_text,
)
from gui.core.model.document_size import read_capped
from gui.core.model.quoting import elide

# Past this many, skipped lines are counted rather than each told: nobody reads 10,000 notices.
MAX_LINE_NOTICES = 50
_ID = re.compile(r"[TREAMN#]\S+|\*\S*")
_SPACED_ID = re.compile(r"[TREAMN#]\d+ ")
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Longer numbers cannot be offsets, and int() refuses very long digit strings.
_MAX_DIGITS = 18


@dataclass(frozen=True, slots=True)
class _TextBound:
    """A `T` line: a type over one or more fragments of the text, and the text the file quotes."""

    line: int
    id: str
    label: str
    fragments: tuple[tuple[int, int], ...]
    text: str | None  # None when the line has no text field


class _Reading:
    """One way of counting offsets into the `.txt`: brat's (the characters as stored, a byte
    order mark and each CR of a CRLF included), or one a writer may have used instead."""

    def __init__(self, stored: str, has_bom: bool, bom_counted: bool, crlf_counted: bool) -> None:
        self.bom_counted = bom_counted
        self.crlf_counted = crlf_counted
        self._bom = has_bom and bom_counted
        counted = stored if crlf_counted else stored.replace("\r\n", "\n")
        self.text = ("\ufeff" if self._bom else "") + counted
        # Where the LFs that stand for a whole CRLF are in this reading's text (without the BOM).
        self._joined = (
            [] if crlf_counted else [m.start() - i for i, m in enumerate(re.finditer("\r\n", stored))]
        )
        self._stored = StoredOffsets.for_file_text(stored)

    def to_body(self, offset: int) -> int | None:
        """The body offset of an offset counted this way; None before the body or past the text."""
        if self._bom:
            offset -= 1
        if offset < 0:
            return None
        # Each CRLF this reading counted as one character is two characters as stored.
        return self._stored.to_body(offset + bisect.bisect_left(self._joined, offset))

    def covered(self, fragments: tuple[tuple[int, int], ...]) -> str:
        """The text the fragments cover, joined with a space as brat joins them."""
        return " ".join(self.text[start:end] for start, end in fragments)

    def fits(self, bound: _TextBound) -> bool:
        """Whether a line's offsets are inside this text and cover the text it quotes."""
        if bound.text is None:
            return False
        if len(bound.fragments) == 1:  # the usual line: one fragment, quoted as it stands
            start, end = bound.fragments[0]
            if end > len(self.text):
                return False
            if self.text[start:end] == bound.text:
                return True
        elif any(end > len(self.text) for _, end in bound.fragments):
            return False
        return collapse(self.covered(bound.fragments)) == collapse(bound.text)

    def describe(self, ann_name: str) -> str:
        """A notice saying how the offsets were read, when it is not brat's way."""
        ways = []
        if not self.bom_counted:
            ways.append("without the byte order mark")
        if not self.crlf_counted:
            ways.append("with each CRLF line break as one character")
        return f"{ann_name} counts offsets {' and '.join(ways)}; read accordingly."


def collapse(text: str) -> str:
    """Text with each run of whitespace as one space and none at the ends, as compared and written."""
    return " ".join(text.split())


def _fragment_spans(numbers: str) -> tuple[tuple[int, int], ...] | str:
    """The (start, end) pairs of a T line's `start end;start end` field, or what is wrong."""
    fragments = []
    for piece in numbers.split(";"):
        pair = piece.split()
        if len(pair) != 2 or not all(n.isascii() and n.isdigit() and len(n) <= _MAX_DIGITS for n in pair):
            return f"the offsets {numbers.strip()!r} are not pairs of whole numbers"
        start, end = int(pair[0]), int(pair[1])
        if start == end:
            return f"offsets {start}-{end} are empty (a span needs at least one character)"
        if start > end:
            return f"offsets {start}-{end} are reversed (the start must come before the end)"
        fragments.append((start, end))
    return tuple(fragments)


def _parse_line(number: int, line: str) -> ParsedLine | _TextBound | str:
    """One `.ann` line, parsed, or what is wrong with it."""
    fields = line.split("\t", 2)
    if len(fields) < 2 or not _ID.fullmatch(fields[0]):
        if _SPACED_ID.match(line):
            return "not a brat annotation line (its fields must be separated by tabs)"
        return "not a brat annotation line"
    ann_id, body = fields[0], fields[1]
    text = fields[2] if len(fields) > 2 else None
    if ann_id[0] != "T":
        return ParsedLine(number, ann_id, body.split(), text)
    label, _, numbers = body.strip().partition(" ")
    if not label or not numbers.strip():
        return "a text span needs a type and offsets ('T1<tab>Type start end<tab>text')"
    fragments = _fragment_spans(numbers)
    if isinstance(fragments, str):
        return fragments
    # A T line without its text field is accepted unchecked: the offsets alone define the span.
    return _TextBound(number, ann_id, label, fragments, text)


def _choose_reading(readings: list[_Reading], bounds: list[_TextBound]) -> _Reading:
    """The reading under which most lines cover the text they quote; brat's own on a tie."""
    checked = [bound for bound in bounds if bound.text is not None]
    best, best_count = readings[0], sum(readings[0].fits(bound) for bound in checked)
    if best_count == len(checked):
        return best
    for reading in readings[1:]:
        count = sum(reading.fits(bound) for bound in checked)
        if count > best_count:
            best, best_count = reading, count
    return best


def _readings(stored: str, has_bom: bool) -> list[_Reading]:
    """brat's reading first, then the ones a writer may have used if the text gives them a chance."""
    has_crlf = "\r\n" in stored
    ways = [(True, True)]
    if has_bom:
        ways.append((False, True))
    if has_crlf:
        ways.append((True, False))
    if has_bom and has_crlf:
        ways.append((False, False))
    return [_Reading(stored, has_bom, bom, crlf) for bom, crlf in ways]


class _AnnReader:
    """Turns an `.ann` file's lines into entities of one document, collecting what it skipped."""

    def __init__(self, name: str, stored: str, has_bom: bool, body: str) -> None:
        self.name = name
        self.stored = stored
        self.has_bom = has_bom
        self.body = body
        self.problems: list[tuple[int, str]] = []
        self.notices: list[str] = []

    def skip(self, line: int, reason: str) -> None:
        """Record a line that is left out, and why."""
        self.problems.append((line, reason))

    def read(self, text: str) -> list[Entity]:
        """The entities of the `.ann` text, with the notes the other lines give them."""
        simple = read_simple_ann(text, self.stored, self.has_bom)
        if simple is not None:  # the usual file: nothing to skip, note or read another way
            return simple
        bounds, others = self._parse(text)
        readings = _readings(self.stored, self.has_bom)
        reading = _choose_reading(readings, bounds)
        if reading is not readings[0]:
            self.notices.append(reading.describe(self.name))
        spans = dict(self._place(reading, bounds))
        texts = {
            ref: collapse(" ".join(self.body[start:end] for start, end in fragments))
            for ref, (_, fragments) in spans.items()
        }
        defined = {bound.id for bound in bounds} | {line.id for line in others}
        notes = NoteResolver(texts, defined, self.skip).resolve(others)
        entities = [
            Entity(start, end, label, ref, "\n".join(notes.get(ref, ())))
            for ref, (label, fragments) in spans.items()
            for start, end in fragments
        ]
        return sorted(entities)

    def _parse(self, text: str) -> tuple[list[_TextBound], list[ParsedLine]]:
        """The T lines and the other lines, each id once; the rest is recorded as skipped."""
        bounds: list[_TextBound] = []
        others: list[ParsedLine] = []
        first_line: dict[str, int] = {}
        for number, raw in enumerate(text.split("\n"), start=1):
            line = raw.rstrip("\r")
            if not line.strip():
                continue
            parsed = _parse_line(number, line)
            if isinstance(parsed, str):
                self.skip(number, parsed)
                continue
            # brat gives every equivalence the id '*'; every other id names one annotation.
            if parsed.id != "*" and parsed.id in first_line:
                self.skip(number, f"{parsed.id} is already defined on line {first_line[parsed.id]}")
                continue
            first_line[parsed.id] = number
            if isinstance(parsed, _TextBound):
                bounds.append(parsed)
            else:
                others.append(parsed)
        return bounds, others

    def _place(
        self, reading: _Reading, bounds: list[_TextBound]
    ) -> Iterator[tuple[str, tuple[str, list[tuple[int, int]]]]]:
        """(id, (label, body fragments)) of each T line that fits the text read this way."""
        in_header = bool(self.stored[: body_start(self.stored)].strip())
        length = len(reading.text)
        for bound in bounds:
            if bound.text is not None and reading.fits(bound):
                # The usual line: no problem to describe, so no description to build.
                fragments = [(reading.to_body(start), reading.to_body(end)) for start, end in bound.fragments]
                placed = [(start, end) for start, end in fragments if start is not None and end is not None]
                if len(placed) == len(fragments) and all(start < end for start, end in placed):
                    yield bound.id, (bound.label, placed)
                    continue
            where = ";".join(f"{start}-{end}" for start, end in bound.fragments)
            if any(end > length for _, end in bound.fragments):
                self.skip(bound.line, f"offsets {where} fall outside the text ({length} characters)")
                continue
            if bound.text is not None and not reading.fits(bound):
                found = elide(reading.covered(bound.fragments))
                self.skip(bound.line, f"the text {elide(bound.text)!r} does not match {found!r} at {where}")
                continue
            fragments = [(reading.to_body(start), reading.to_body(end)) for start, end in bound.fragments]
            if any(start is None or end is None for start, end in fragments):
                before = "in the date header" if in_header else "before the text begins"
                self.skip(bound.line, f"offsets {where} fall {before}")
                continue
            placed = [(start, end) for start, end in fragments if start is not None and end is not None]
            if any(start >= end for start, end in placed):
                self.skip(bound.line, f"offsets {where} cover only the CR of a line break")
                continue
            yield bound.id, (bound.label, placed)

    def all_notices(self) -> tuple[str, ...]:
        """The reading notice, then each skipped line in file order, the excess counted."""
        lines = [
            f"{self.name} line {line}: {reason}; skipped."
            for line, reason in sorted(self.problems, key=lambda problem: problem[0])
        ]
        if len(lines) > MAX_LINE_NOTICES:
            extra = len(lines) - MAX_LINE_NOTICES
            lines = [*lines[:MAX_LINE_NOTICES], f"{self.name}: {extra} more lines were skipped."]
        return (*self.notices, *lines)


def load_brat_document(
    txt_path: Path,
    ann_path: Path,
    doc_id: str | None = None,
    on_text: Callable[[Document], None] | None = None,
    on_head: Callable[[Document], None] | None = None,
) -> Document:
    """A `.txt` read as a seed-format document, with the entities of its brat `.ann` file.

    Each fragment of a `T` line is an Entity (ref = the T id, shared by a discontinuous span's
    fragments); the other lines become its `note`. The quoted text must match the text at the
    offsets, whitespace runs compared as one space; a `T` line without it is taken unchecked.
    Offsets are read brat's way unless counting without the byte order mark, or each CRLF as
    one character, makes more lines match (a notice then says so). Nothing raises: an
    unreadable file, bad bytes and every `.ann` line left out become notices. `on_text`, if
    given, gets the document without its entities as soon as the `.txt` is read (the text can be
    shown while the `.ann` is read); the document returned has the same body. `on_head`, if given,
    then gets it with the entities of the `.ann`'s first lines when those are simple, in the
    order of the text and match it (read_simple_ann_head), before the whole file is read.
    """
    doc_id = doc_id if doc_id is not None else txt_path.stem
    try:
        data, problem = read_capped(txt_path)
    except OSError as error:
        problem = f"Cannot read {txt_path.name}: {error.strerror or type(error).__name__}."
    if problem is not None:
        return Document(txt_path, doc_id, None, "", (), (problem,), Source.BRAT)
    # The offsets need the text as stored, header and all; the document keeps only the body.
    stored, decode_notices = decode_bytes(data)
    document = parse_text(txt_path, stored, decode_notices, doc_id)
    if on_text is not None:
        on_text(document)
    try:
        ann_data, problem = read_capped(ann_path)
        if problem is not None:
            problem += " The text is shown without its annotations."
    except OSError as error:
        reason = error.strerror or type(error).__name__
        problem = f"Cannot read {ann_path.name}: {reason}; the text is shown without its annotations."
    if problem is not None:
        return dataclasses.replace(document, notices=(*document.notices, problem), entity_source=Source.BRAT)
    ann_text, ann_notices = decode_bytes(ann_data)
    if on_head is not None:
        head = read_simple_ann_head(ann_text, stored, data.startswith(_BOMS))
        if head:
            on_head(dataclasses.replace(document, entities=tuple(head), entity_source=Source.BRAT))
    reader = _AnnReader(ann_path.name, stored, data.startswith(_BOMS), document.body)
    entities = reader.read(ann_text)
    notices = (*document.notices, *(f"{ann_path.name}: {n}" for n in ann_notices), *reader.all_notices())
    return dataclasses.replace(
        document, entities=tuple(entities), notices=notices, entity_source=Source.BRAT
    )

