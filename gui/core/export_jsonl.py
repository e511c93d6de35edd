"""Seedview's JSON Lines records: one document per line, in displaCy's "manual" shape."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, Any

from gui.core.document import Document


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
        "ents": [
            {"start": e.start, "end": e.end, "label": e.label, "text": document.entity_text(e)}
            for e in document.entities
        ],
    }


def write_jsonl(documents: Iterable[Document], stream: IO[str]) -> int:
    """Write one record per document to `stream`; return how many were written."""
    count = 0
    for document in documents:
        stream.write(json.dumps(document_record(document), ensure_ascii=False))
        stream.write("\n")
        count += 1
    return count
