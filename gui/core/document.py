"""The document model: a parsed article and its entity spans, with no Qt in sight."""

from __future__ import annotations

import codecs
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

# The seed format: optional leading whitespace, an optional `date YYYY-MM-DD` header, then the body.
_HEADER = re.compile(r"\s*date[ \t]+([0-9]{4}-[0-9]{2}-[0-9]{2})(?=\s|$)\s*")
# The end of a title's sentence: terminal punctuation followed by space, or a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)\]]*(?=\s)|\n")
TITLE_MAX_CHARS = 120
# Words whose period does not end a sentence (compared case-insensitively, without the period).
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof rev inc ltd co corp plc jr sr st gen gov sen rep lt col sgt capt cmdr adm "
    "mt ft vs etc approx dept est jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_BINARY_PROBE_BYTES = 8192
EMPTY_NOTICE = "The file is empty."


@dataclass(frozen=True, slots=True, order=True)
class Entity:
    """A labelled span of a document's body, in code points (Python string indices)."""

    start: int
    end: int
    label: str


@dataclass(frozen=True, slots=True)
class Document:
    """One article: where it came from, its header date, its body as displayed and its entities."""

    path: Path
    id: str
    date: dt.date | None
    body: str
    entities: tuple[Entity, ...] = ()
    notices: tuple[str, ...] = field(default=())

    @property
    def title(self) -> str:
        """A readable one-line title: the first sentence or line of the body, elided."""
        return make_title(self.body)

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
    for match in _SENTENCE_END.finditer(text, 0, limit * 4):
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
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError as error:
        text = data.decode("utf-8-sig", errors="replace")
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
    match = _HEADER.match(text)
    if match:
        try:
            date = dt.date.fromisoformat(match.group(1))
        except ValueError:
            notices.append(f"The header date {match.group(1)!r} is not a real date; it is ignored.")
        body = text[match.end() :]
    else:
        body = text.lstrip()
    if "\r" in body:
        body = body.replace("\r\n", "\n").replace("\r", "\n")
    return date, body, tuple(notices)


def parse_document(path: Path, data: bytes, doc_id: str | None = None) -> Document:
    """Parse the bytes of a seed-format file into a Document; bad bytes give notices, not errors."""
    text, decode_notices = decode_bytes(data)
    date, body, header_notices = split_header(text)
    notices = decode_notices + header_notices
    if not body.strip() and not decode_notices:
        notices += (EMPTY_NOTICE,)
    return Document(
        path=path,
        id=doc_id if doc_id is not None else path.stem,
        date=date,
        body=body,
        notices=notices,
    )
