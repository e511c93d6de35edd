"""How a mention's text reads as a name: its normalised form, its title, its surname, and what
normalising it took ("'the' dropped", "possessive")."""

from __future__ import annotations

from typing import NamedTuple

from gui.core.entities.mentions import entity_key, normalise_mention
from gui.core.entities.titles import GIVEN_NAME_TITLES, Sex, split_title

_QUOTES = "\"'`“”„‟‘’‚‛«»‹›"
_ARTICLES = frozenset({"the", "a", "an"})
_POSSESSIVES = ("'s", "’s")


class Reading(NamedTuple):
    """One mention text read as a name: "Mr Blair's" is the form "Mr Blair", the name "Blair"."""

    form: str  # normalised, title kept: "Mr Blair"
    form_key: str  # casefolded: "mr blair" (the store's alias_key)
    title: str  # "Mr", or ""
    sex: Sex | None  # what the title says
    name: str  # the form without its title: "Blair"
    name_key: str
    surname: str  # the name key's last word: "blair"
    one_word: bool
    given: bool = False  # its title goes with a first name ("Sir Alex"): it may be one


def name_key(name: str) -> str:
    """A name casefolded as the store keys names (entity_key's fold: the label plays no part)."""
    return entity_key("", name).name


def read_mention(text: str) -> Reading:
    """What a mention's text says as a name (the text itself, spaces collapsed, if normalising
    leaves nothing)."""
    form = normalise_mention(text) or " ".join(text.split())
    title, name, sex = split_title(form)
    key = name_key(name)
    words = key.split() or [""]
    given = bool(title) and title.split()[-1].rstrip(".").casefold() in GIVEN_NAME_TITLES
    return Reading(form, name_key(form) if title else key, title, sex, name, key, words[-1], len(words) == 1,
                   given)


def own_name(reading: Reading, key: str) -> str | None:
    """The text's own name for the entity keyed `key` ("Blair" in "Mr Blair's" for "blair"), or
    None when it names that entity only by joining it ("Blair" for "tony blair")."""
    if reading.name_key == key:
        return reading.name
    return reading.form if reading.form_key == key else None


def form_steps(text: str, form: str) -> list[str]:
    """What turned the text into its form: 'the' dropped, possessive, quotes, spaces."""
    bare = text.strip()
    words = bare.split()
    if not words:
        return []
    steps = []
    first = words[0].strip(_QUOTES)
    if first.casefold() in _ARTICLES and form.split()[:1] != [first]:
        steps.append(f"'{first.casefold()}' dropped")
    if bare.endswith(_POSSESSIVES) and not form.endswith(_POSSESSIVES):
        steps.append("possessive")
    elif bare[-1] in "'’" and form[-1:] not in ("'", "’") and bare[0] not in _QUOTES:
        steps.append("possessive")  # "Jones'"
    if bare[0] in _QUOTES and form[:1] != bare[0]:
        steps.append("quotes dropped")
    if " ".join(words) != text:
        steps.append("space variant")
    return steps
