"""Mention grouping: a document's entity spans merged into one group per real-world entity."""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from gui.core.entities.postprocess import PERSON, strip_possessive
from gui.core.model.document import Entity

# "A" alone is left out: capitalised, it is as often an initial ("A Q Khan") as an article.
_DETERMINERS = frozenset({"the", "The", "THE", "a", "an", "An"})
_QUOTES = "\"'`“”„‟‘’‚‛«»‹›"
_STRIP = _QUOTES + " \t\n\r\f\v\u00a0"
# Only in keys: "O’Brien" and "O'Brien" are the same name typed on different keyboards.
_KEY_FOLD = str.maketrans({"’": "'", "‘": "'"})


class EntityKey(NamedTuple):  # ordered as (label, name)
    """What identifies a real-world entity in a document and across the corpus: label and name."""

    label: str
    name: str  # the normalised mention, casefolded


@dataclass(frozen=True, slots=True)
class MentionGroup:
    """One real-world entity of a document: its key, display name and mentions in text order."""

    key: EntityKey
    name: str
    mentions: tuple[Entity, ...]

    @property
    def label(self) -> str:
        """The entity type, as the engine names it (PERSON, ORG, GPE…)."""
        return self.key.label

    @property
    def count(self) -> int:
        """How many times the document mentions the entity."""
        return len(self.mentions)


# Mention texts repeat across a corpus ("Russia" thousands of times): normalise each one once.
@functools.lru_cache(maxsize=1 << 14)
def normalise_mention(text: str) -> str:
    """A mention as a name: no leading determiner, trailing possessive, quotes or extra spaces."""
    previous = None
    while text != previous:
        previous = text
        text = text.strip(_STRIP)
        words = text.split(None, 1)
        if len(words) == 2 and words[0] in _DETERMINERS:
            text = words[1]
        text = strip_possessive(text)
    return " ".join(text.split())


@functools.lru_cache(maxsize=1 << 14)
def entity_key(label: str, name: str) -> EntityKey:
    """The key of a normalised name with this label (case and apostrophe style do not matter)."""
    return EntityKey(label, name.translate(_KEY_FOLD).casefold())


def _display_name(forms: Sequence[str]) -> str:
    """The most complete form: most words, then longest, then most frequent, then first seen."""
    counts: dict[str, int] = {}
    for form in forms:
        counts[form] = counts.get(form, 0) + 1
    if len(counts) == 1:
        return forms[0]
    order = {form: i for i, form in enumerate(counts)}  # dicts keep first-seen order
    return min(counts, key=lambda f: (-len(f.split()), -len(f), -counts[f], order[f]))


def _surname_targets(entities: Sequence[Entity], names: Sequence[str]) -> dict[str, EntityKey]:
    """Last word of each multi-word PERSON name -> that person's key, for unambiguous surnames."""
    owners: dict[str, set[EntityKey]] = {}
    for entity, name in zip(entities, names, strict=True):
        if entity.label == PERSON and " " in name:
            last = entity_key(PERSON, name.rsplit(" ", 1)[1]).name
            owners.setdefault(last, set()).add(entity_key(PERSON, name))
    # "Clinton" after both "Bill Clinton" and "Hillary Clinton" could be either: it stays apart.
    return {last: next(iter(keys)) for last, keys in owners.items() if len(keys) == 1}


def _span_order(entity: Entity) -> tuple[int, int, str]:
    return entity.start, entity.end, entity.label


def group_mentions(text: str, entities: Sequence[Entity]) -> list[MentionGroup]:
    """Merge a document's entities into groups, one per (label, normalised name), in text order.

    A one-word PERSON mention that is the last word of exactly one longer PERSON name of the same
    document joins that person: "Haftar" joins "Khalifa Haftar".
    """
    ordered = sorted(entities, key=_span_order)  # a key of plain tuples compares in C
    names = []
    for entity in ordered:
        raw = text[entity.start : entity.end]
        names.append(normalise_mention(raw) or " ".join(raw.split()))
    surnames = _surname_targets(ordered, names)
    members: dict[EntityKey, tuple[list[Entity], list[str]]] = {}
    for entity, name in zip(ordered, names, strict=True):
        key = entity_key(entity.label, name)
        if entity.label == PERSON and " " not in name:
            key = surnames.get(key.name, key)
        group = members.get(key)
        if group is None:
            members[key] = ([entity], [name])
        else:
            group[0].append(entity)
            group[1].append(name)
    # dicts keep insertion order, and mentions were visited by position: groups are in text order.
    return [
        MentionGroup(key, _display_name(forms), tuple(mentions))
        for key, (mentions, forms) in members.items()
    ]


def group_at(groups: Iterable[MentionGroup], position: int) -> MentionGroup | None:
    """The group with a mention covering `position`; a mention's end counts, as for the caret.

    Where one mention ends as the next begins, the later mention wins (as in the document view).
    """
    best: tuple[int, MentionGroup] | None = None
    for group in groups:
        for mention in group.mentions:
            if mention.start <= position <= mention.end and (best is None or mention.start > best[0]):
                best = (mention.start, group)
    return best[1] if best is not None else None


def group_of(groups: Iterable[MentionGroup], entity: Entity) -> MentionGroup | None:
    """The group that holds this exact entity span, if any."""
    return next((group for group in groups if entity in group.mentions), None)


def next_mention(group: MentionGroup, position: int) -> Entity:
    """The group's first mention starting after `position`, wrapping round to its first.

    Pass the caret (or the selection's start) to cycle; pass -1 to start from the top.
    """
    i = bisect.bisect_right(group.mentions, position, key=lambda entity: entity.start)
    return group.mentions[i % len(group.mentions)]


def previous_mention(group: MentionGroup, position: int) -> Entity:
    """The group's last mention starting before `position`, wrapping round to its last."""
    i = bisect.bisect_left(group.mentions, position, key=lambda entity: entity.start)
    return group.mentions[i - 1]
