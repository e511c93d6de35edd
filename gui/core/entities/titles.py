"""Titles and honorifics before a person's name ("Mr", "Prime Minister"), and the sex some imply."""

from __future__ import annotations

import enum
from typing import NamedTuple


class Sex(enum.Enum):
    """What a gendered title says of the person it names."""

    MALE = "male"
    FEMALE = "female"

    # Members are singletons, equal only to themselves: hashed by identity, in C (Enum's own hash
    # is a Python call, and resolution hashes millions of tuples holding a sex).
    __hash__ = object.__hash__


# Casefolded title words -> the sex the title implies (None: either). A trailing dot is allowed.
TITLES: dict[str, Sex | None] = {
    "mr": Sex.MALE,
    "sir": Sex.MALE,
    "lord": Sex.MALE,
    "mrs": Sex.FEMALE,
    "ms": Sex.FEMALE,
    "miss": Sex.FEMALE,
    "lady": Sex.FEMALE,
    "dame": Sex.FEMALE,
    "dr": None,
    "president": None,
    "prime minister": None,
    "chancellor": None,
    "senator": None,
    "gen": None,
}
# Titles that go with a first name: "Sir Alex" is Sir Alex Ferguson, "Dame Kelly" Dame Kelly Holmes.
GIVEN_NAME_TITLES = frozenset({"sir", "dame"})
_LONGEST_TITLE = max(len(title.split()) for title in TITLES)
_FIRST_WORDS = frozenset(title.split()[0] for title in TITLES)


class Titled(NamedTuple):
    """A name split into the titles before it (as written, e.g. "Prime Minister") and the rest."""

    title: str  # "" when there is none
    name: str
    sex: Sex | None  # what the titles imply, None when they imply nothing


def _leading_title(words: list[str]) -> int:
    """How many of the first words form a title (0 if they form none); the longest title wins."""
    for size in range(min(_LONGEST_TITLE, len(words) - 1), 0, -1):
        if " ".join(words[:size]).rstrip(".").casefold() in TITLES:
            return size
    return 0


def split_title(name: str) -> Titled:
    """'Mr Blair' -> ('Mr', 'Blair', MALE); 'Prime Minister Tony Blair' -> ('Prime Minister',
    'Tony Blair', None). Titles stack ("Dr Mrs Smith"); a title only counts before a capitalised
    word, so "Lord of the Rings" keeps its "Lord" and "Chancellor" alone is a name.
    """
    words = name.split()
    if len(words) < 2 or words[0].rstrip(".").casefold() not in _FIRST_WORDS:
        return Titled("", name, None)  # most names: no title
    taken = 0
    sex: Sex | None = None
    while size := _leading_title(words[taken:]):
        following = words[taken + size]
        if not following[:1].isupper():
            break
        sex = TITLES[" ".join(words[taken : taken + size]).rstrip(".").casefold()] or sex
        taken += size
    if not taken:
        return Titled("", name, None)
    return Titled(" ".join(words[:taken]), " ".join(words[taken:]), sex)
