"""Seedview's JSON Lines records: one document per line, in displaCy's "manual" shape."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, Any

from gui.core.document import Document, Entity


def document_record(document: Document) -> dict[str, Any]:
    """The export record of a document; offsets are code points into `text` (the displayed body).

    `spacy.displacy.render(record, style="ent", manual=True)` accepts it as it is.
    """
    return {
        "id": document.id,
        "path": str(document.path),
        "date": document.date.isoformat() if document.date else None,
        "title": document.title,
        "text": document.body,
        "ents": [entity_record(document, e) for e in document.entities],
    }


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


def write_jsonl(documents: Iterable[Document], stream: IO[str]) -> int:
    """Write one record per document to `stream`; return how many were written."""
    count = 0
    for document in documents:
        stream.write(json.dumps(document_record(document), ensure_ascii=False))
        stream.write("\n")
        count += 1
    return count
