"""JSON Lines corpora: one document per line, listed by byte offset and read one record at a time.

Besides Seedview's own export this reads the annotation shapes around it: spaCy and displaCy
"manual" records (`ents`, `spans`, or `tokens` with token spans), Prodigy spans and doccano's
exports (`label` triples, `entities` with `start_offset`/`end_offset`, the text under `data`).
The spans of a record are read and placed by `jsonl_spans`.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from gui.core.formats.jsonl.jsonl_spans import (
    describe_value,
    identifier,
    leading_whitespace,
    record_entities,
    record_words,
)
from gui.core.model import regular_file
from gui.core.model.corpus_entry import JSONL_SUFFIXES as JSONL_SUFFIXES
from gui.core.model.corpus_entry import CorpusError, DocumentEntry
from gui.core.model.document import TITLE_MAX_CHARS, Document, Source, make_title, normalise_newlines
from gui.core.model.document_size import MAX_DOCUMENT_BYTES, size_problem
from gui.core.model.quoting import elide

# `YYYY-MM-DD`, alone or as the date of an ISO timestamp. Checked before `date.fromisoformat`,
# which also takes week dates and digits without dashes.
_DATE = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[T ][0-9:.,+\-Z]*)?")
# make_title reads at most four times its limit of body; twice that covers the dropped CRs.
_TITLE_SCAN = TITLE_MAX_CHARS * 8
# Enough of the file's start to tell a UTF-16 or binary file from JSON Lines.
_PROBE_BYTES = 8192
_COUNT_CHUNK = 1 << 20
# Lines are read a chunk at a time; with Python's 8 KB default a long line takes several times longer.
_READ_BUFFER = 1 << 16


@dataclass(slots=True)
class _Line:
    """One line parsed: its fields, or the problem that keeps it from being a document."""

    fields: dict[str, Any]
    problem: str | None = None  # completes "Line N …", e.g. "is not valid JSON (…)."
    notices: list[str] = field(default_factory=list)  # each completes "Line N: …"


def _parse_line(raw: bytes) -> _Line:
    """Decode and parse one line of a JSON Lines file; bad bytes and bad JSON become messages."""
    raw = raw.removeprefix(codecs.BOM_UTF8).removesuffix(b"\n").removesuffix(b"\r")
    notices = []
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.decode("utf-8", errors="replace")
        notices.append(
            f"not valid UTF-8 (first bad byte at byte {error.start + 1} of the line); "
            "undecodable bytes are shown as \ufffd."
        )
    try:
        # strict=False lets raw tabs and other control characters stand inside strings.
        value = json.loads(line, strict=False)
    except json.JSONDecodeError as error:
        return _Line({}, f"is not valid JSON ({error.msg} at column {error.colno}).", notices)
    except RecursionError:
        return _Line({}, "is not valid JSON (it is nested too deeply).", notices)
    except ValueError as error:  # an integer beyond Python's digit limit
        return _Line({}, f"is not valid JSON ({str(error).split(':')[0]}).", notices)
    if not isinstance(value, dict):
        return _Line({}, f"is not a JSON object (it is {describe_value(value)}).", notices)
    return _Line(value, None, notices)


def _record_text(fields: dict[str, Any]) -> tuple[str | None, bool]:
    """The record's text and whether it was built from its tokens; None when it has neither."""
    for key in ("text", "data"):  # doccano keeps the text under "data"
        if isinstance(fields.get(key), str):
            return fields[key], False
    words = record_words(fields)
    if words is not None:
        # displaCy's span renderer writes each token followed by one space.
        return " ".join(words), True
    return None, False


def _date(fields: dict[str, Any]) -> tuple[dt.date | None, str | None]:
    """The record's date (or its meta's) and a notice when it is there but unusable."""
    value = fields.get("date")
    meta = fields.get("meta")
    if value is None and isinstance(meta, dict):
        value = meta.get("date")
    if value is None or value == "":
        return None, None
    match = _DATE.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        return None, f"the date {describe_value(value)} is not an ISO date (YYYY-MM-DD); it is ignored."
    try:
        return dt.date.fromisoformat(match.group(1)), None
    except ValueError:
        return None, f"the date {value!r} is not a real date; it is ignored."


def _own_title(fields: dict[str, Any]) -> str:
    """The record's own title (or its meta's), whitespace-collapsed and elided; "" if none."""
    for source in (fields, fields.get("meta")):
        if isinstance(source, dict) and isinstance(source.get("title"), str):
            title = " ".join(source["title"].split())
            if title:
                return elide(title, TITLE_MAX_CHARS)
    return ""


def _title(fields: dict[str, Any], text: str, number: int) -> str:
    """The record's title (or its meta's), else the first sentence of its text, else its line."""
    scanned = normalise_newlines(text[: leading_whitespace(text) + _TITLE_SCAN])
    return _own_title(fields) or make_title(scanned) or f"line {number}"


def _problem(line: _Line, text: str | None) -> str | None:
    """Why a parsed line cannot be shown as a document, completing "Line N …"."""
    if line.problem is not None:
        return line.problem
    if text is None:
        return 'has no text (a "text" string is expected).'
    return None if text.strip() else "has an empty text."


def _unique_id(candidate: str, number: int, used: set[str]) -> str:
    """`candidate`, with `:<line>` appended until no earlier record has it."""
    while candidate in used:
        candidate = f"{candidate}:{number}"
    used.add(candidate)
    return candidate


def _whole_file_problem(head: bytes) -> str | None:
    """Why a file cannot be JSON Lines at all, judged from its first bytes."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "is UTF-16 text; JSON Lines must be UTF-8. Save it as UTF-8 and open it again."
    if b"\x00" in head:
        return "looks like a binary file (it contains NUL bytes), not JSON Lines."
    return None


def _lines(handle: IO[bytes]) -> Iterator[tuple[int, bytes | None]]:
    """Each line's length in bytes and the line, or None for a line longer than
    MAX_DOCUMENT_BYTES: that one is skipped a chunk at a time, never held whole."""
    while True:
        pieces: list[bytes] = []
        length = 0
        while piece := handle.readline(_COUNT_CHUNK):
            length += len(piece)
            if length <= MAX_DOCUMENT_BYTES:
                pieces.append(piece)
            else:
                pieces.clear()
            if piece.endswith(b"\n"):
                break
        if not length:
            return
        yield length, (b"".join(pieces) if length <= MAX_DOCUMENT_BYTES else None)


def list_jsonl(path: Path) -> list[DocumentEntry]:
    """List a JSON Lines file's records in file order, keeping offsets, ids, dates and titles only."""
    entries: list[DocumentEntry] = []
    used: set[str] = set()
    try:
        with regular_file.open_regular(path, _READ_BUFFER) as handle:
            whole = _whole_file_problem(handle.read(_PROBE_BYTES))
            if whole is not None:
                problem = f"{path.name} {whole}"
                return [DocumentEntry(path, f"{path.stem}:1", None, "line 1", problem, record=0)]
            handle.seek(0)
            offset = 0
            for number, (length, raw) in enumerate(_lines(handle), start=1):
                if raw is None:
                    entries.append(_entry(path, number, offset, _Line({}, size_problem(length)), used))
                elif raw.removeprefix(codecs.BOM_UTF8).strip():  # blank lines are skipped, yet counted
                    entries.append(_entry(path, number, offset, _parse_line(raw), used))
                offset += length
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise CorpusError(f"Cannot read the JSON Lines file {path}: {reason}.") from error
    return entries


def _entry(path: Path, number: int, offset: int, line: _Line, used: set[str]) -> DocumentEntry:
    """The sidebar entry of one parsed line; the text is read for the title and then let go."""
    fields = line.fields
    doc_id = _unique_id(identifier(fields.get("id")) or f"{path.stem}:{number}", number, used)
    date, date_notice = _date(fields)
    text, _ = _record_text(fields)
    problem = _problem(line, text)
    title = _title(fields, text or "", number)
    notices = [*line.notices, *([date_notice] if date_notice else [])]
    problem_text = f"Line {number} {problem}" if problem else None
    notice = f"Line {number}: {notices[0]}" if notices else None
    return DocumentEntry(path, doc_id, date, title, problem_text, notice, record=offset)


def _line_number(handle: IO[bytes], offset: int) -> int:
    """The 1-based number of the line that starts at `offset`, counted only when a notice needs it."""
    handle.seek(0)
    count = 0
    while handle.tell() < offset and (chunk := handle.read(min(_COUNT_CHUNK, offset - handle.tell()))):
        count += chunk.count(b"\n")
    return count + 1


def _changed(path: Path, doc_id: str, offset: int) -> str:
    """The notice shown when the record is no longer where the listing found it."""
    return (
        f"{path.name} changed since it was listed: the record of {doc_id!r} is no longer at byte "
        f"{offset}. Open the file again to list it afresh."
    )


def _record_bytes(handle: IO[bytes], path: Path, offset: int, doc_id: str) -> bytes | str:
    """The line that starts at `offset`, or a notice saying why there is no record there."""
    if offset < 0:
        return _changed(path, doc_id, offset)
    if offset == 0 and (whole := _whole_file_problem(handle.read(_PROBE_BYTES))):
        return f"{path.name} {whole}"
    # A record starts a line: anything else means the file was rewritten since the listing.
    handle.seek(max(offset - 1, 0))
    if offset > 0 and handle.read(1) != b"\n":
        return _changed(path, doc_id, offset)
    handle.seek(offset)
    length, raw = next(_lines(handle), (0, b""))
    if raw is None:
        return f"Line {_line_number(handle, offset)} {size_problem(length)}"
    return raw if raw.removeprefix(codecs.BOM_UTF8).strip() else _changed(path, doc_id, offset)


def load_record(path: Path, offset: int, doc_id: str) -> Document:
    """Read the record whose line starts at byte `offset`; problems become notices, never errors."""
    try:
        with regular_file.open_regular(path, _READ_BUFFER) as handle:
            raw = _record_bytes(handle, path, offset, doc_id)
            if isinstance(raw, str):
                return Document(path, doc_id, None, "", (), (raw,), Source.JSONL)
            document, problem, notices = _document(path, doc_id, _parse_line(raw))
            if document is None:
                return Document(path, doc_id, None, "", (), (_changed(path, doc_id, offset),), Source.JSONL)
            number = _line_number(handle, offset) if problem or notices else 0
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return Document(path, doc_id, None, "", (), (f"Cannot read {path.name}: {reason}.",), Source.JSONL)
    messages = [f"Line {number} {problem}"] if problem else []
    messages += [f"Line {number}: {notice}" for notice in notices]
    return replace(document, notices=tuple(messages))


def _document(path: Path, doc_id: str, line: _Line) -> tuple[Document | None, str | None, list[str]]:
    """The document of a parsed line, its problem and notices (without line numbers yet).

    None when the record's own id cannot have been listed as `doc_id`: the file was changed.
    """
    fields = line.fields
    own = identifier(fields.get("id"))
    if line.problem is None and own and doc_id != own and not doc_id.startswith(f"{own}:"):
        return None, None, []
    date, date_notice = _date(fields)
    notices = [*line.notices, *([date_notice] if date_notice else [])]
    text, rebuilt = _record_text(fields)
    problem = _problem(line, text)
    if text is None:
        return Document(path, doc_id, date, "", entity_source=Source.JSONL), problem, notices
    entities, span_notices = record_entities(fields, text, rebuilt)
    body = normalise_newlines(text[leading_whitespace(text) :])
    document = Document(path, doc_id, date, body, entities, (), Source.JSONL, _own_title(fields))
    return document, problem, notices + span_notices
