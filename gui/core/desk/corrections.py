"""Entity corrections (issue 15): what the user says about the corpus's entities, as values, and
their JSON Lines form, which `seedview corrections export/import` and the window share.

The six kinds, and their JSON objects (one per line of a corrections file):

- `Relabel(entity, label)`: the entity is a LABEL, every mention of it, aliases included
  (`Relabel("Tony Blair", "PERSON")` relabels "Mr Blair" too).
  `{"op": "relabel", "entity": NAME, "label": LABEL}`
- `RelabelMention(document, start, end, label, text)`: this one mention only. `document` is the
  desk's key of a document, (file name bytes, corpus id); `text` is the mention's text, checked
  when the correction is applied (a file changed since leaves it unapplied, not misapplied).
  `{"op": "relabel", "entity": TEXT, "label": LABEL, "document": ID, "file": NAME, "start": S,
  "end": E}`: a relabel with a "document" is a mention's; "file" is the document's file name
  (a JSON Lines corpus's file for its records; optional on import: then any file with that id).
- `Merge(entities)`: these are one entity. `{"op": "merge", "entities": [NAME, NAME, ...]}`
- `Split(entity, alias)`: the alias is not that entity, but one of its own.
  `{"op": "split", "entity": NAME, "alias": ALIAS}`
- `Reject(entity)`: this is never an entity ("he", "Tuesday's"): its mentions go.
  `{"op": "reject", "entity": NAME}`
- `Add(text, label)`: every occurrence of the text, at word boundaries, that no mention covers, is
  a mention labelled LABEL (what the model missed). `{"op": "add", "text": TEXT, "label": LABEL}`

A NAME is matched casefolded against an entity's name and every one of its aliases (`name_key`).
`parse_line` raises `CorrectionError` with a message for people for anything else; `to_json`
gives one line back. `identity` says when two corrections are the same (importing one again
changes nothing); `slot` says what a correction decides, so that a later one deciding the same
thing otherwise is a conflict (the later wins).
"""

from __future__ import annotations

import json
import os
from typing import NamedTuple

from gui.core.entities.mentions import entity_key, normalise_mention
from gui.core.model.display_text import isolate

DocumentKey = tuple[bytes, str]  # a document as the desk keys it: file name bytes, corpus id

RELABEL = "relabel"
MERGE = "merge"
SPLIT = "split"
REJECT = "reject"
ADD = "add"
OPS = (RELABEL, MERGE, SPLIT, REJECT, ADD)


class CorrectionError(ValueError):
    """A correction that cannot be read: the message says what is wrong, for people."""


class Relabel(NamedTuple):
    """Every mention of the entity NAME (any of its names) is a LABEL."""

    entity: str
    label: str


class RelabelMention(NamedTuple):
    """This one mention is a LABEL: the document's key, the mention's offsets (code points)."""

    document: DocumentKey
    start: int
    end: int
    label: str
    text: str = ""  # the mention's text when it was corrected ("" : not checked)


class Merge(NamedTuple):
    """These entities (by any of their names) are one; in any order, the same."""

    entities: tuple[str, ...]


class Split(NamedTuple):
    """The alias ALIAS of the entity NAME is an entity of its own."""

    entity: str
    alias: str


class Reject(NamedTuple):
    """The entity NAME is never an entity: its mentions are dropped."""

    entity: str


class Add(NamedTuple):
    """Every occurrence of TEXT no mention covers is a mention labelled LABEL."""

    text: str
    label: str


Correction = Relabel | RelabelMention | Merge | Split | Reject | Add


def name_key(name: str) -> str:
    """How a NAME is matched against entities' names and aliases: normalised ("the", possessive,
    quotes and spaces dropped) and casefolded, as the store keys aliases (store_query.alias_key)."""
    return entity_key("", normalise_mention(name) or " ".join(name.split())).name


def op_of(correction: Correction) -> str:
    """The correction's "op" in JSON."""
    match correction:
        case Relabel() | RelabelMention():
            return RELABEL
        case Merge():
            return MERGE
        case Split():
            return SPLIT
        case Reject():
            return REJECT
        case Add():
            return ADD
    raise TypeError(f"not a correction: {correction!r}")


def to_object(correction: Correction) -> dict[str, object]:
    """The correction as its JSON object (see the module's docstring)."""
    match correction:
        case Relabel(entity=entity, label=label):
            return {"op": RELABEL, "entity": entity, "label": label}
        case RelabelMention(document=(name, doc_id), start=start, end=end, label=label, text=text):
            # A file name that is not UTF-8 keeps its bytes as surrogates (\udcxx in JSON).
            return {"op": RELABEL, "entity": text, "label": label, "document": doc_id,
                    "file": os.fsdecode(name), "start": start, "end": end}
        case Merge(entities=names):
            return {"op": MERGE, "entities": list(names)}
        case Split(entity=entity, alias=alias):
            return {"op": SPLIT, "entity": entity, "alias": alias}
        case Reject(entity=entity):
            return {"op": REJECT, "entity": entity}
        case Add(text=text, label=label):
            return {"op": ADD, "text": text, "label": label}
    raise TypeError(f"not a correction: {correction!r}")


def to_json(correction: Correction) -> str:
    """The correction as one line of JSON (no newline)."""
    return json.dumps(to_object(correction))


def parse_line(line: str) -> Correction:
    """The correction a line of JSON says; CorrectionError saying what is wrong otherwise."""
    try:
        found = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as error:
        raise CorrectionError(f"not JSON ({error})") from None
    return from_object(found)


def from_object(found: object) -> Correction:
    """The correction a JSON object says; CorrectionError saying what is wrong otherwise."""
    if not isinstance(found, dict):
        raise CorrectionError("not a JSON object")
    op = found.get("op")
    if op == RELABEL:
        label = _label(found)
        if "document" in found:
            return _mention(found, label)
        return Relabel(_name(found, "entity"), label)
    if op == MERGE:
        names = found.get("entities")
        if not isinstance(names, list) or not all(isinstance(name, str) and name.strip() for name in names):
            raise CorrectionError('"entities" must be a list of names')
        if len({name_key(name) for name in names}) < 2:
            raise CorrectionError('"entities" must name at least two different entities')
        return Merge(tuple(names))
    if op == SPLIT:
        return Split(_name(found, "entity"), _name(found, "alias"))
    if op == REJECT:
        return Reject(_name(found, "entity"))
    if op == ADD:
        return Add(_name(found, "text"), _label(found))
    if op is None:
        raise CorrectionError('no "op"')
    raise CorrectionError(f'unknown "op" {json.dumps(op)} (one of {", ".join(OPS)})')


def _name(found: dict[str, object], field: str) -> str:
    value = found.get(field)
    if not isinstance(value, str) or not value.strip():
        raise CorrectionError(f'"{field}" must be a name (a non-empty string)')
    return value


def _label(found: dict[str, object]) -> str:
    value = found.get("label")
    if not isinstance(value, str) or not value.strip() or value != value.strip():
        raise CorrectionError('"label" must be a label (a non-empty string without spaces around it)')
    return value


def _mention(found: dict[str, object], label: str) -> RelabelMention:
    doc_id = found.get("document")
    file = found.get("file", "")
    start, end = found.get("start"), found.get("end")
    if not isinstance(doc_id, str) or not doc_id:
        raise CorrectionError('"document" must be a document id (a non-empty string)')
    if not isinstance(file, str):
        raise CorrectionError('"file" must be a file name')
    if type(start) is not int or type(end) is not int or not 0 <= start < end:
        raise CorrectionError('"start" and "end" must be offsets, 0 <= start < end')
    text = found.get("entity", "")
    if not isinstance(text, str):
        raise CorrectionError('"entity" must be the mention\'s text')
    return RelabelMention((os.fsencode(file), doc_id), start, end, label, text)


def identity(correction: Correction) -> tuple[object, ...]:
    """What makes two corrections the same: names compared as `name_key` does, a merge's names
    in any order. A correction the desk holds already is not added again."""
    match correction:
        case Relabel(entity=entity, label=label):
            return (RELABEL, name_key(entity), label)
        case RelabelMention(document=document, start=start, end=end, label=label):
            return (RELABEL, document, start, end, label)
        case Merge(entities=names):
            return (MERGE, *sorted({name_key(name) for name in names}))
        case Split(entity=entity, alias=alias):
            return (SPLIT, name_key(entity), name_key(alias))
        case Reject(entity=entity):
            return (REJECT, name_key(entity))
        case Add(text=text, label=label):
            return (ADD, name_key(text), label)
    raise TypeError(f"not a correction: {correction!r}")


def slot(correction: Correction) -> tuple[object, ...] | None:
    """What a correction decides, as a key: two corrections of one slot that say different things
    conflict (an entity's label or rejection; a mention's label; what an added text is). Merges
    and splits decide no slot here: they conflict through the entities they join or part (see
    gui.core.desk.corrected_entities)."""
    match correction:
        case Relabel(entity=entity) | Reject(entity=entity):
            return ("entity", name_key(entity))
        case RelabelMention(document=document, start=start, end=end):
            return ("mention", document, start, end)
        case Add(text=text):
            return ("add", name_key(text))
    return None


def describe(correction: Correction) -> str:
    """The correction in a few words, for people ('relabel Yukos as ORG'), as `seedview
    corrections` reports it (its output is a contract: the window says it with `in_words`)."""
    match correction:
        case Relabel(entity=entity, label=label):
            return f"relabel {entity} as {label}"
        case RelabelMention(document=(_, doc_id), start=start, end=end, label=label, text=text):
            return f"relabel {text or 'the mention'} at {start}-{end} of {doc_id} as {label}"
        case Merge(entities=names):
            return "merge " + ", ".join(names)
        case Split(entity=entity, alias=alias):
            return f"split {alias} from {entity}"
        case Reject(entity=entity):
            return f"reject {entity}"
        case Add(text=text, label=label):
            return f"add {text} as {label}"
    raise TypeError(f"not a correction: {correction!r}")


def line_of(text: str, offset: int) -> int:
    """The line (from 1) of `text` the code point `offset` is on."""
    return text.count("\n", 0, max(offset, 0)) + 1


def in_words(correction: Correction, line: int | None = None) -> str:
    """The correction as a reader says it, for the window (the status line, undo and redo, the
    Corrections view): names quoted, a mention by its line and its document rather than by its
    offsets ('Relabel “Haftar” (line 1) in 004_haftar as PERSON'); `line` is the mention's line in
    its document's text, where it is known."""
    match correction:
        case Relabel(entity=entity, label=label):
            return f"Relabel {_quoted(entity)} as {label}"
        case RelabelMention(document=(_, doc_id), label=label, text=text):
            where = f" (line {line:,})" if line is not None else ""
            mention = _quoted(text) if text else "a mention"
            return f"Relabel {mention}{where} in {isolate(doc_id)} as {label}"
        case Merge(entities=names):
            quoted = [_quoted(name) for name in names]
            if len(quoted) < 2:
                return "Merge " + "".join(quoted)
            return f"Merge {', '.join(quoted[:-1])} and {quoted[-1]}"
        case Split(entity=entity, alias=alias):
            return f"Split {_quoted(alias)} off {_quoted(entity)}"
        case Reject(entity=entity):
            return f"Reject {_quoted(entity)}: never an entity"
        case Add(text=text, label=label):
            return f"Add {_quoted(text)} as {label} everywhere"
    raise TypeError(f"not a correction: {correction!r}")


def _quoted(name: str) -> str:
    return f"“{isolate(name)}”"
