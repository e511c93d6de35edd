"""Seedview's JSON Lines records: one document per line, in displaCy's "manual" shape."""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterable
from typing import IO, Any

from gui.core.model.display_text import readable
from gui.core.model.document import Document, Entity
from gui.core.model.document_marks import MarksOf

# A lone surrogate in an id stands for a byte of a file name that is not UTF-8 (surrogateescape).


def document_record(document: Document) -> dict[str, Any]:
    """The export record of a document; offsets are code points into `text` (the displayed body).

    `spacy.displacy.render(record, style="ent", manual=True)` accepts it as it is. A path whose
    bytes are not UTF-8 is given as text with U+FFFD for each such byte, and exactly, as the
    base64 of its bytes, in "path_bytes" (a key that only such records have); its id too has
    U+FFFD for each such byte.
    """
    path, path_bytes = path_fields(document.path)
    record = {
        "id": readable(document.id),
        "path": path,
        "date": document.date.isoformat() if document.date else None,
        "title": document.title,
        "text": document.body,
        "ents": [entity_record(document, e) for e in document.entities],
    }
    if path_bytes is not None:
        record["path_bytes"] = path_bytes
    return record


def path_fields(path: os.PathLike[str]) -> tuple[str, str | None]:
    """A path as readable text, and as the base64 of its bytes when the text cannot name it.

    A file name with bytes that are not UTF-8 comes to Python with surrogates (surrogateescape),
    which neither UTF-8 nor JSON readers outside Python take: the text shows U+FFFD there.
    """
    raw = os.fsencode(path)
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        return raw.decode("utf-8", "replace"), base64.b64encode(raw).decode("ascii")


def entity_record(document: Document, entity: Entity) -> dict[str, Any]:
    """One entry of a record's "ents"; a file's own id and note only when the entity has them.

    Leaving the empty keys out keeps the records of engine entities exactly displaCy's shape.
    """
    record: dict[str, Any] = {
        "start": entity.start,
        "end": entity.end,
        "label": entity.label,
        "text": document.entity_text(entity),
    }
    if entity.ref:
        record["id"] = entity.ref
    if entity.note:
        record["note"] = entity.note
    return record


def write_jsonl(documents: Iterable[Document], stream: IO[str], marks: MarksOf | None = None) -> int:
    """Write one record per document to `stream`; return how many were written. With `marks`,
    each record carries the reader's "read", "starred", "tags" and "note" too.

    Ids are unique within the stream: ids that read the same (two file names that differ only in
    bytes that are not UTF-8) get '-2', '-3'..., as the brat and HTML exports' file names do.
    """
    count = 0
    taken: set[str] = set()
    for document in documents:
        record = document_record(document)
        record["id"] = _unique(record["id"], taken)
        if marks is not None:
            record.update(marks(document).record())
        stream.write(json.dumps(record, ensure_ascii=False))
        stream.write("\n")
        count += 1
    return count


def _unique(doc_id: str, taken: set[str]) -> str:
    """`doc_id`, or with the first free '-2', '-3'... if `taken` has it; taken from now on."""
    unique, number = doc_id, 1
    while unique in taken:
        number += 1
        unique = f"{doc_id}-{number}"
    taken.add(unique)
    return unique
