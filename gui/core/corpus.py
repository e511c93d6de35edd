"""A folder of seed-format `.txt` documents, listed from their first bytes and read on demand."""

from __future__ import annotations

import codecs
import datetime as dt
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from gui.core.document import (
    EMPTY_NOTICE,
    Document,
    decode_bytes,
    make_title,
    parse_document,
    split_header,
)

DOCUMENT_SUFFIX = ".txt"
# Enough of a file to read its date header and its first sentence without reading the body.
PREFIX_BYTES = 2048


class CorpusError(Exception):
    """The path cannot be opened as a corpus at all (it is missing, or neither folder nor file)."""


@dataclass(frozen=True, slots=True)
class DocumentEntry:
    """What the sidebar needs of a document before its body is read."""

    path: Path
    id: str
    date: dt.date | None
    title: str
    problem: str | None = None  # the document cannot be shown (unreadable, binary, empty)
    notice: str | None = None  # it can, but had to be repaired (bad bytes, impossible date)
    record: int | None = None  # in a JSON Lines corpus: the byte offset of its line in `path`

    @property
    def name(self) -> str:
        """The file name, as the window title shows it."""
        return self.path.name


def sort_key(entry: DocumentEntry) -> tuple[bool, int, str]:
    """Newest first; undated documents after dated ones; then by file name."""
    return (entry.date is None, -(entry.date.toordinal() if entry.date else 0), entry.path.name)


def trim_partial_utf8(prefix: bytes) -> bytes:
    """Drop a UTF-8 sequence cut off at the end of a prefix, so it does not look like bad bytes."""
    for back in range(1, min(4, len(prefix)) + 1):
        byte = prefix[-back]
        if byte & 0xC0 == 0x80:
            continue  # a continuation byte: look further back for the lead byte
        if byte & 0xC0 == 0xC0:
            length = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return prefix[:-back] if length > back else prefix
        return prefix
    return prefix


def read_entry(path: Path) -> DocumentEntry:
    """Describe one file from its first bytes; an unreadable file gives an entry with a problem."""
    try:
        with path.open("rb") as handle:
            prefix = handle.read(PREFIX_BYTES)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return DocumentEntry(path, path.stem, None, path.name, f"Cannot read {path.name}: {reason}.")
    if len(prefix) == PREFIX_BYTES and not prefix.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        prefix = trim_partial_utf8(prefix)
    text, decode_notices = decode_bytes(prefix)
    date, body, header_notices = split_header(text)
    title = make_title(body) or path.name
    problem = decode_notices[0] if decode_notices and not text else None
    if not body.strip() and len(prefix) < PREFIX_BYTES and problem is None:
        problem = EMPTY_NOTICE  # nothing but whitespace, or only a date header
    notices = [n for n in (*decode_notices, *header_notices) if n != problem]
    return DocumentEntry(path, path.stem, date, title, problem, notices[0] if notices else None)


def iter_document_paths(folder: Path) -> Iterator[Path]:
    """The `.txt` files directly in `folder`, lazily, in no particular order."""
    with os.scandir(folder) as entries:
        for item in entries:
            if item.name.endswith(DOCUMENT_SUFFIX) and not item.name.startswith("."):
                try:
                    if item.is_file():
                        yield Path(item.path)
                except OSError:
                    continue


class Corpus:
    """The documents of a folder (or one file), newest first; bodies are read only on demand."""

    def __init__(self, root: Path, entries: Iterable[DocumentEntry]) -> None:
        self.root = root
        self.entries: list[DocumentEntry] = sorted(entries, key=sort_key)
        self._by_id = {entry.id: entry for entry in self.entries}

    @classmethod
    def open(cls, path: Path) -> Corpus:
        """List a folder's `.txt` documents, or wrap a single file; raise CorpusError if neither."""
        path = path.expanduser()
        if path.is_dir():
            try:
                return cls(path, (read_entry(item) for item in iter_document_paths(path)))
            except OSError as error:
                raise CorpusError(f"Cannot list the folder {path}: {error.strerror}.") from error
        if path.is_file():
            return cls(path.parent, [read_entry(path)])
        raise CorpusError(f"{path} does not exist or is not a folder or a file.")

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[DocumentEntry]:
        return iter(self.entries)

    def entry(self, doc_id: str) -> DocumentEntry | None:
        """The entry with this id, if the corpus has it."""
        return self._by_id.get(doc_id)

    def index_of(self, doc_id: str) -> int:
        """The position of a document in the listing, or -1."""
        entry = self._by_id.get(doc_id)
        return self.entries.index(entry) if entry is not None else -1

    def load(self, entry: DocumentEntry) -> Document:
        """Read and parse a document; a file that cannot be read becomes a document with a notice."""
        return load_document(entry.path)


def load_document(path: Path) -> Document:
    """Read and parse one file; read errors become a notice on an empty document."""
    try:
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return Document(path, path.stem, None, "", (), (f"Cannot read {path.name}: {reason}.",))
    return parse_document(path, data)
