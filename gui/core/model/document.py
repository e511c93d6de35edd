"""The document model: a parsed article and its entity spans, with no Qt in sight."""

from __future__ import annotations

import bisect
import codecs
import datetime as dt
import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import NamedTuple

# Patterns are compiled when first used (`re` keeps them): a start that never needs one never
# compiles it.
# The seed format: optional leading whitespace, an optional `date YYYY-MM-DD` header, then the body.
_HEADER = r"\s*date[ \t]+([0-9]{4}-[0-9]{2}-[0-9]{2})(?=\s|$)\s*"
# The end of a title's sentence: terminal punctuation followed by space, or a line break.
_SENTENCE_END = r"(?<=[.!?])[\"”’)\]]*(?=\s)|\n"
TITLE_MAX_CHARS = 120
# Words whose period does not end a sentence (compared case-insensitively, without the period).
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof rev inc ltd co corp plc jr sr st gen gov sen rep lt col sgt capt cmdr adm "
    "mt ft vs etc approx dept est jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_BINARY_PROBE_BYTES = 8192
EMPTY_NOTICE = "The file is empty."


class Source(Enum):
    """Where a document's entities came from."""

    CACHE = "cache"
    ENGINE = "engine"
    EMPTY = "empty"  # no text: nothing to annotate
    BRAT = "brat"  # a brat standoff `.ann` file beside the `.txt`
    JSONL = "jsonl"  # the record of a JSON Lines corpus


class Entity(NamedTuple):
    """A labelled span of a document's body, in code points (Python string indices).

    Entities read from files may overlap and nest. `ref` is the file's own id for the annotation
    (brat's `T3`): the fragments of a discontinuous annotation share it. `note` is what the file
    says about the annotation besides its type (brat notes, attributes, normalisations, relations).
    A tuple, ordered by its fields: a document can have 100,000 of them, and C code makes tuples
    several times faster than a dataclass's __init__ can.
    """

    start: int
    end: int
    label: str
    ref: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class Document:
    """One article: where it came from, its header date, its body as displayed and its entities."""

    path: Path
    id: str
    date: dt.date | None
    body: str
    entities: tuple[Entity, ...] = ()
    notices: tuple[str, ...] = field(default=())
    # Set when the entities were read from a file (a brat sidecar, a JSON Lines record): the
    # engine is then not asked, unless the user compares.
    entity_source: Source | None = None
    heading: str = ""  # a title the source gives (a JSON Lines record's `title`), if any

    @property
    def title(self) -> str:
        """A readable one-line title: the source's own, else the body's first sentence or line."""
        return self.heading or make_title(self.body)

    def entity_text(self, entity: Entity) -> str:
        """The body text an entity covers."""
        return self.body[entity.start : entity.end]


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    """Whether a candidate sentence end is real: not the period of "Inc.", "Mr." or "U.S."."""
    if match.group() == "\n" or text[match.start() - 1] != ".":
        return True
    word = text[: match.start() - 1].rsplit(None, 1)[-1].lstrip("\"“‘([") if match.start() > 1 else ""
    return not (word.casefold() in _ABBREVIATIONS or len(word) == 1 or "." in word)


def make_title(body: str, limit: int = TITLE_MAX_CHARS) -> str:
    """The first sentence or line of `body`, whitespace-collapsed and elided to `limit` chars."""
    text = body.lstrip()
    for match in re.compile(_SENTENCE_END).finditer(text, 0, limit * 4):
        if _ends_sentence(text, match):
            # Up to the match's end, so a sentence's closing quotes or bracket stay in its title.
            text = text[: match.end()]
            break
    text = " ".join(text[: limit * 4].split())
    if len(text) > limit:
        cut = text.rfind(" ", 0, limit)
        text = text[: cut if cut > limit // 2 else limit - 1].rstrip(" ,;:–—-") + "…"
    return text


def decode_bytes(data: bytes) -> tuple[str, tuple[str, ...]]:
    """Decode file bytes to text, never failing: the notices say what had to be repaired."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), ("Decoded as UTF-16 (byte order mark).",)
    if b"\x00" in data[:_BINARY_PROBE_BYTES]:
        return "", ("This looks like a binary file (it contains NUL bytes); it is not shown.",)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]  # as "utf-8-sig" would, whose codec is an import
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError as error:
        text = data.decode("utf-8", errors="replace")
        return text, (
            f"Not valid UTF-8 (first bad byte at offset {error.start}); "
            "undecodable bytes are shown as \ufffd.",
        )


def split_header(text: str) -> tuple[dt.date | None, str, tuple[str, ...]]:
    """Split decoded file text into (date, body, notices) following the seed format.

    Line endings are normalised to "\\n" because Qt turns "\\r\\n" into a single block break; every
    other character of the body is kept as it is.
    """
    notices: list[str] = []
    date: dt.date | None = None
    match = re.compile(_HEADER).match(text)
    if match:
        try:
            date = dt.date.fromisoformat(match.group(1))
        except ValueError:
            notices.append(f"The header date {match.group(1)!r} is not a real date; it is ignored.")
    return date, normalise_newlines(text[body_start(text) :]), tuple(notices)


def body_start(text: str) -> int:
    """Where the body begins in decoded file text: after leading whitespace and a date header."""
    match = re.compile(_HEADER).match(text)
    return match.end() if match else len(text) - len(text.lstrip())


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR as LF, the only line break Qt and the offsets agree on."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


class StoredOffsets:
    """Maps offsets into text as stored (a file's characters) to offsets into the displayed body.

    The body drops what precedes it (leading whitespace, the date header) and the CR of every
    CRLF; each of those stored characters before an offset moves it one to the left.
    """

    def __init__(self, stored: str, start: int) -> None:
        self.start = start
        self.length = len(stored)
        # Stored positions of the CRs that the body drops, after `start`.
        self._dropped = [m.start() for m in re.finditer("\r(?=\n)", stored) if m.start() >= start]

    @classmethod
    def for_file_text(cls, stored: str) -> StoredOffsets:
        """The mapping for the decoded text of a seed-format file (a `.txt` brat annotates)."""
        return cls(stored, body_start(stored))

    def to_body(self, offset: int) -> int | None:
        """The body offset of a stored offset; None before the body or past the stored text."""
        if offset < self.start or offset > self.length:
            return None
        return offset - self.start - bisect.bisect_left(self._dropped, offset)


def parse_document(path: Path, data: bytes, doc_id: str | None = None) -> Document:
    """Parse the bytes of a seed-format file into a Document; bad bytes give notices, not errors."""
    text, decode_notices = decode_bytes(data)
    return parse_text(path, text, decode_notices, doc_id)


def parse_text(
    path: Path, text: str, decode_notices: tuple[str, ...] = (), doc_id: str | None = None
) -> Document:
    """A Document from the decoded text of a seed-format file (`decode_bytes` and its notices)."""
    date, body, header_notices = split_header(text)
    notices = decode_notices + header_notices
    if (not body or body.isspace()) and not decode_notices:  # isspace: no copy of a long body
        notices += (EMPTY_NOTICE,)
    return Document(
        path=path,
        id=doc_id if doc_id is not None else path.stem,
        date=date,
        body=body,
        notices=notices,
    )
