"""The entity spans of a JSON Lines record, in any accepted shape, placed in the document's body.

A span may count characters (spaCy's `ents`, doccano's `start_offset`) or tokens (displaCy's
`start_token`/`end_token`); each is checked against the text before it becomes an Entity, and
what cannot be shown becomes a notice. The small readers of JSON values live here too, as the
record reader in `jsonl_corpus` shares them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, TypeGuard

from gui.core.model.document import Entity, StoredOffsets
from gui.core.model.quoting import elide

# The keys under which the accepted shapes keep their spans.
_SPAN_KEYS = ("ents", "spans", "entities", "label", "labels")
MAX_SPAN_NOTICES = 20


def describe_value(value: object) -> str:
    """What a JSON value is, in words."""
    if isinstance(value, dict):
        return f"an object with keys {', '.join(map(repr, list(value)[:4]))}" if value else "an empty object"
    if isinstance(value, list):
        return f"an array of {len(value)} item{'' if len(value) == 1 else 's'}"
    return repr(elide(value)) if isinstance(value, str) else json.dumps(value)


def is_int(value: object) -> TypeGuard[int]:
    """Whether a JSON value is an integer (JSON's true and false are Python ints, and are not)."""
    return isinstance(value, int) and not isinstance(value, bool)


def identifier(value: object) -> str:
    """A record's or span's own id as text: a string or an integer, else ""."""
    return str(value) if is_int(value) or isinstance(value, str) else ""


def record_words(fields: dict[str, Any]) -> list[str] | None:
    """The record's tokens when they are plain strings (displaCy's span-style manual records)."""
    tokens = fields.get("tokens")
    return tokens if isinstance(tokens, list) and all(isinstance(t, str) for t in tokens) else None


def leading_whitespace(text: str) -> int:
    """How many whitespace characters open the text (the body drops them)."""
    return len(text) - len(text.lstrip())


@dataclass(frozen=True, slots=True)
class _Span:
    """A span as a record states it, before it is checked against the text."""

    start: int
    end: int
    label: str
    ref: str = ""
    note: str = ""
    text: str | None = None  # the covered text the record claims, when it says
    by_token: bool = False  # start and end count tokens; the end is exclusive, as in displaCy


def _pair(item: dict[str, Any], start: str, end: str) -> tuple[int, int] | None:
    """Two integer offsets of a span object, if it has both."""
    first, second = item.get(start), item.get(end)
    return (first, second) if is_int(first) and is_int(second) else None


def _span(item: object, prefer_tokens: bool) -> _Span | None:
    """Read one span in any accepted shape; None when the shape is unknown."""
    if isinstance(item, list):  # doccano's and spaCy's [start, end, label]
        if len(item) == 3 and is_int(item[0]) and is_int(item[1]) and isinstance(item[2], str) and item[2]:
            return _Span(item[0], item[1], item[2])
        return None
    if not isinstance(item, dict) or not isinstance(item.get("label"), str) or not item["label"]:
        return None
    chars = _pair(item, "start", "end") or _pair(item, "start_offset", "end_offset")
    tokens = _pair(item, "start_token", "end_token")
    # Character offsets win (Prodigy's token_start/token_end come with them), except when the text
    # was rebuilt from the tokens: the offsets then point into a text the record does not have.
    by_token = tokens is not None and (prefer_tokens or chars is None)
    bounds = tokens if by_token else chars
    if bounds is None:
        return None
    claimed = item.get("text")
    return _Span(
        *bounds,
        label=item["label"],
        ref=identifier(item.get("id")),
        note=item["note"] if isinstance(item.get("note"), str) else "",
        text=claimed if isinstance(claimed, str) and not by_token else None,
        by_token=by_token,
    )


def _spans(fields: dict[str, Any], prefer_tokens: bool) -> list[_Span | str]:
    """Every span the record states under the span keys, in its order; notices for unknown shapes."""
    spans: list[_Span | str] = []
    for key in _SPAN_KEYS:
        value = fields.get(key)
        if value is None:
            continue
        if key == "spans" and isinstance(value, dict):  # spaCy's Doc.to_json: span groups by name
            items = [item for group in value.values() if isinstance(group, list) for item in group]
        elif isinstance(value, list):
            items = value
        elif key in ("label", "labels"):
            continue  # a class of the whole document (Prodigy's "label": "POSITIVE"), not a span
        else:
            spans.append(f"unknown entity shape in {key!r} ({describe_value(value)}, not an array); ignored.")
            continue
        for item in items:
            if key in ("label", "labels") and isinstance(item, str):
                continue  # doccano's text classification: a class name, not a span
            span = _span(item, prefer_tokens)
            spans.append(span or f"unknown entity shape in {key!r} ({describe_value(item)}); skipped.")
    return spans


def _token_bounds(text: str, words: list[str] | None) -> list[tuple[int, int]] | None:
    """Where each token lies in the text, found in order; None if they are not all there."""
    if words is None:
        return None
    bounds = []
    position = 0
    for word in words:
        found = text.find(word, position)
        if found < 0:
            return None
        position = found + len(word)
        bounds.append((found, position))
    return bounds


def _place(
    span: _Span, text: str, offsets: StoredOffsets, tokens: list[tuple[int, int]] | None
) -> Entity | str:
    """The entity a span gives in the body, or a notice saying why it cannot be shown."""
    what = f"the {'token ' if span.by_token else ''}span {span.start}-{span.end} of label {span.label!r}"
    if span.end <= span.start:
        return f"{what} is empty or reversed; skipped."
    if span.by_token:
        if tokens is None:
            return f"{what} counts tokens, but the record's tokens are missing or not in its text; skipped."
        if span.start < 0 or span.end > len(tokens):
            return f"{what} is outside the {len(tokens)} tokens; skipped."
        start, end = tokens[span.start][0], tokens[span.end - 1][1]
    else:
        if span.start < 0 or span.end > len(text):
            return f"{what} is outside the text (0-{len(text)}); skipped."
        start, end = span.start, span.end
        covered = text[start:end]
        if span.text is not None and span.text != covered:
            return f"{what}: its text {elide(span.text)!r} does not match {elide(covered)!r}; skipped."
    body_start, body_end = offsets.to_body(start), offsets.to_body(end)
    if body_start is None or body_end is None:
        return f"{what} lies (partly) in the leading whitespace, which is not shown; skipped."
    if body_end <= body_start:
        return f"{what} covers only the CR of a line break; skipped."
    return Entity(body_start, body_end, span.label, span.ref, span.note)


def record_entities(fields: dict[str, Any], text: str, rebuilt: bool) -> tuple[tuple[Entity, ...], list[str]]:
    """The record's entities in the body, sorted, identical ones once; notices for the rest."""
    spans = _spans(fields, rebuilt)
    offsets = StoredOffsets(text, leading_whitespace(text))
    by_token = any(isinstance(span, _Span) and span.by_token for span in spans)
    tokens = _token_bounds(text, record_words(fields)) if by_token else None
    entities: set[Entity] = set()
    notices: list[str] = []
    for span in spans:
        placed = _place(span, text, offsets, tokens) if isinstance(span, _Span) else span
        if isinstance(placed, Entity):
            entities.add(placed)
        else:
            notices.append(placed)
    if len(notices) > MAX_SPAN_NOTICES:
        hidden = len(notices) - MAX_SPAN_NOTICES + 1
        notices[MAX_SPAN_NOTICES - 1 :] = [f"{hidden} more span problems are not listed."]
    return tuple(sorted(entities)), notices
