"""Writing brat standoff: a `.txt` and an `.ann` per document, and the configuration brat needs."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from gui.core.brat_config import (
    ANNOTATION_CONF,
    VISUAL_CONF,
    annotation_conf_text,
    brat_type,
    visual_conf_text,
)
from gui.core.brat_reader import collapse
from gui.core.document import Document, Entity
from gui.core.export_names import FileStems
from gui.core.palette import Palette

_T_ID = re.compile(r"T[0-9]+")


def brat_text(document: Document) -> str:
    """The `.txt` of a document: its date header, if it has a date, then its body."""
    header = f"date {document.date.isoformat()}\n" if document.date else ""
    return header + document.body


def _groups(document: Document) -> list[list[Entity]]:
    """The entities as brat annotations: those sharing a ref (and label) are the fragments of one;
    ordered by where they start. Spans outside the body or empty are left out."""
    by_ref: dict[tuple[str, str], list[Entity]] = {}
    singles: list[list[Entity]] = []
    for entity in document.entities:
        if not 0 <= entity.start < entity.end <= len(document.body):
            continue
        if entity.ref:
            by_ref.setdefault((entity.ref, entity.label), []).append(entity)
        else:
            singles.append([entity])
    groups = [sorted(group) for group in [*by_ref.values(), *singles]]
    return sorted(groups, key=lambda group: (group[0].start, group[0].end, group[0].label, group[0].ref))


def _note(group: list[Entity]) -> str:
    """The group's note on one line: its lines (and the notes of its fragments) joined by ' / '."""
    notes = dict.fromkeys(entity.note for entity in group if entity.note)
    return " / ".join(part.strip() for note in notes for part in note.splitlines() if part.strip())


def brat_annotations(document: Document) -> str:
    """The `.ann` of a document: a T line per entity (per ref, for a discontinuous one) with its
    offsets into `brat_text(document)`, and an AnnotatorNotes line per note."""
    shift = len(brat_text(document)) - len(document.body)
    groups = _groups(document)
    refs = [group[0].ref for group in groups]
    # Keep the file's own ids when they are brat's and unambiguous; otherwise number afresh.
    keep = all(_T_ID.fullmatch(ref) for ref in refs) and len(set(refs)) == len(refs)
    ids = refs if keep else [f"T{number}" for number in range(1, len(groups) + 1)]
    lines: list[str] = []
    notes: list[str] = []
    for ann_id, group in zip(ids, groups, strict=True):
        offsets = ";".join(f"{entity.start + shift} {entity.end + shift}" for entity in group)
        # brat joins fragments with a space; a line break inside a span would end the line.
        text = collapse(" ".join(document.body[entity.start : entity.end] for entity in group))
        lines.append(f"{ann_id}\t{brat_type(group[0].label)} {offsets}\t{text}")
        note = _note(group)
        if note:
            notes.append(f"#{len(notes) + 1}\tAnnotatorNotes {ann_id}\t{note}")
    return "".join(line + "\n" for line in lines + notes)


def _write(path: Path, text: str) -> None:
    """Write UTF-8 text beside the target and rename it: a failure leaves no half file."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        # 'replace' turns a lone surrogate into one '?': one character still, so offsets hold.
        partial.write_bytes(text.encode("utf-8", errors="replace"))
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def write_brat(documents: Iterable[Document], folder: Path, palette: Palette) -> list[Path]:
    """Write each document as `<stem>.txt` and `<stem>.ann` into `folder` (created if need be),
    with an annotation.conf and visual.conf for the types used; return the paths written.

    The `.txt` is UTF-8 without a byte order mark, with LF line breaks: `date YYYY-MM-DD` on the
    first line if the document has a date, then the body. Reading the pair back with
    `load_brat_document` gives the same date, body and entity spans (start, end, label) for any
    body without leading whitespace or CR (what Seedview shows) that does not itself begin like
    a date header; refs survive when they were all unique `T<n>` ids (else they are numbered
    T1..Tn), and a note comes back with its line breaks as ' / '. Labels with whitespace are
    written with '_' in its place, as brat types have none.
    """
    folder.mkdir(parents=True, exist_ok=True)
    stems = FileStems((Path(ANNOTATION_CONF).stem, Path(VISUAL_CONF).stem))
    written: list[Path] = []
    labels: set[str] = set()
    for document in documents:
        # FileStems leaves no separator or '..' in a stem, so every file lands inside `folder`.
        stem = stems.stem(document.id)
        labels.update(entity.label for entity in document.entities)
        for suffix, text in ((".txt", brat_text(document)), (".ann", brat_annotations(document))):
            path = folder / f"{stem}{suffix}"
            _write(path, text)
            written.append(path)
    order = [label for label in palette.labels if label in labels] + sorted(labels - set(palette.labels))
    for name, text in (
        (ANNOTATION_CONF, annotation_conf_text(order)),
        (VISUAL_CONF, visual_conf_text(order, palette)),
    ):
        path = folder / name
        _write(path, text)
        written.append(path)
    return written
