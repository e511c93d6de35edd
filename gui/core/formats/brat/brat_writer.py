"""Writing brat standoff: a `.txt` and an `.ann` per document, and the configuration brat needs."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from gui.core.colours.palette import Palette
from gui.core.formats.brat.brat_config import (
    ANNOTATION_CONF,
    VISUAL_CONF,
    annotation_conf_text,
    brat_type,
    visual_conf_text,
)
from gui.core.formats.brat.brat_reader import collapse
from gui.core.formats.export_names import FileStems
from gui.core.model.atomic_write import write_text_atomically
from gui.core.model.document import Document, Entity, body_start

_T_ID = re.compile(r"T[0-9]+")
_SURROGATE = re.compile("[\ud800-\udfff]")
BOM = "\ufeff"


def brat_text(document: Document) -> str:
    """The `.txt` of a document: its date header, if it has a date, then its body.

    An undated body that begins with U+FEFF gets a byte order mark before it: a reader drops the
    first one it meets, so the body's own comes back (brat counts the mark in its offsets).
    """
    if document.date is not None:
        return f"date {document.date.isoformat()}\n" + document.body
    return (BOM if document.body.startswith(BOM) else "") + document.body


def brat_losses(document: Document) -> list[str]:
    """What of a document its brat files cannot give back exactly, one sentence per problem,
    each naming the document. Empty when reading the pair back gives the same date, body and
    entity spans (start, end, label)."""
    name = document.id
    body = document.body
    losses: list[str] = []
    if "\x00" in body:
        losses.append(
            f"{name}: the text has NUL characters, which can make a .txt read back as a binary file, "
            "without its text."
        )
    annotations = [entity.label for entity in document.entities] + [e.note for e in document.entities]
    if any("\x00" in text for text in annotations):
        losses.append(
            f"{name}: a label or note has NUL characters, which make the .ann read back as a binary "
            "file, without its entities."
        )
    if any(_SURROGATE.search(text) for text in [body, *annotations]):
        losses.append(
            f"{name}: the text or its annotations have lone surrogates (not valid Unicode); "
            "each is written as '?'."
        )
    if body[:1].isspace():
        losses.append(f"{name}: the text begins with whitespace, which is dropped when the .txt is read.")
    elif document.date is None and body_start(body) > 0:
        header = " ".join(body[: body_start(body)].split())
        losses.append(
            f"{name}: the text begins like a date header ({header!r}) and the document has no date, "
            "so reading the .txt back takes that for its header."
        )
    if "\r" in body:
        losses.append(f"{name}: the text has CR line breaks, which come back as LF.")
    for label in sorted({entity.label for entity in document.entities}):
        if brat_type(label) != label:
            losses.append(
                f"{name}: the label {label!r} is written as the brat type {brat_type(label)!r} "
                "(brat types are never empty and have no whitespace), and comes back so."
            )
    left_out = sum(1 for entity in document.entities if not _in_body(entity, body))
    if left_out:
        losses.append(
            f"{name}: {left_out} {'entity is' if left_out == 1 else 'entities are'} empty or outside "
            "the text, and left out."
        )
    return losses


def _in_body(entity: Entity, body: str) -> bool:
    """Whether an entity covers at least one character of the body, and nothing outside it."""
    return 0 <= entity.start < entity.end <= len(body)


def _groups(document: Document) -> list[list[Entity]]:
    """The entities as brat annotations: those sharing a ref (and label) are the fragments of one;
    ordered by where they start. Spans outside the body or empty are left out."""
    by_ref: dict[tuple[str, str], list[Entity]] = {}
    singles: list[list[Entity]] = []
    for entity in document.entities:
        if not _in_body(entity, document.body):
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


def write_brat(documents: Iterable[Document], folder: Path, palette: Palette) -> list[Path]:
    """Write each document as `<stem>.txt` and `<stem>.ann` into `folder` (created if need be),
    with an annotation.conf and visual.conf for the types used; return the paths written.

    The `.txt` is UTF-8 with LF line breaks: `date YYYY-MM-DD` on the first line if the document
    has a date, then the body (after a byte order mark only if an undated body itself begins with
    U+FEFF). Reading the pair back with `load_brat_document` gives the same date, body and entity
    spans (start, end, label) unless `brat_losses` names what cannot come back. Refs survive when
    they were all unique `T<n>` ids (else they are numbered T1..Tn), and a note comes back with
    its line breaks as ' / '. Each file is written whole or not at all.
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
            write_text_atomically(path, text)
            written.append(path)
    order = [label for label in palette.labels if label in labels] + sorted(labels - set(palette.labels))
    for name, text in (
        (ANNOTATION_CONF, annotation_conf_text(order)),
        (VISUAL_CONF, visual_conf_text(order, palette)),
    ):
        path = folder / name
        write_text_atomically(path, text)
        written.append(path)
    return written
