"""Small corrections applied to the engine's entities, in one place."""

from __future__ import annotations

from collections.abc import Sequence

from gui.core.model.document import Entity

PERSON = "PERSON"
_POSSESSIVE_SUFFIXES = ("'s", "’s", "'", "’")


def strip_possessive(word: str) -> str:
    """'Haftar's' -> 'Haftar'; other words unchanged."""
    for suffix in _POSSESSIVE_SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix):
            return word[: -len(suffix)]
    return word


def promote_surnames(text: str, entities: Sequence[Entity]) -> list[Entity]:
    """Relabel a one-word entity as PERSON when it is the surname of a PERSON in the same text.

    The small English model tags "Schenker" ORG a sentence after "David Schenker" PERSON; in a news
    article a bare surname after the full name almost always refers to that person.
    """
    surnames = set()
    for entity in entities:
        if entity.label == PERSON:
            words = text[entity.start : entity.end].split()
            if len(words) > 1:
                surnames.add(strip_possessive(words[-1]))
    if not surnames:
        return list(entities)
    result = []
    for entity in entities:
        words = text[entity.start : entity.end].split()
        if entity.label != PERSON and len(words) == 1 and strip_possessive(words[0]) in surnames:
            entity = Entity(entity.start, entity.end, PERSON)
        result.append(entity)
    return result


def postprocess(text: str, entities: Sequence[Entity]) -> tuple[Entity, ...]:
    """Every correction, in order, over the engine's raw entities of `text`."""
    return tuple(promote_surnames(text, sorted(entities)))
