"""Which labels a corrections file may give (its `relabel` and `add` lines): the model's (the
OntoNotes types the bundled palette colours) and any the corpus's own annotations use (a brat or
JSON Lines corpus may have types of its own). A label differing from one of those in case alone
is that one ("gpe" is GPE: the entity table would else list Tripoli under a type "gpe" of its
own); any other is refused as a bad line, with the labels there are: a typo ("BOGUS", "PERSN")
would else make a type of one entity that no search for the right one finds. A new type is
made by annotating the corpus with it (a brat or JSON Lines file), never by a correction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from gui.core.colours.palette import Palette
from gui.core.desk.correction_files import BadLine
from gui.core.desk.corrections import Add, Correction, Relabel, RelabelMention

SHOWN_AT_MOST = 24  # labels listed in a refusal


def known_labels(db: sqlite3.Connection) -> list[str]:
    """The model's labels, then those of the corpus's entities (a store's connection) it lacks."""
    model = Palette.load().labels
    try:
        own = [label for (label,) in db.execute("SELECT DISTINCT label FROM entities ORDER BY label")]
    except sqlite3.OperationalError:  # not a store's connection: the model's alone
        own = []
    return model + [label for label in own if label not in set(model)]


def checked_labels(
    corrections: Iterable[tuple[int, Correction]], known: Sequence[str]
) -> tuple[list[tuple[int, Correction]], list[BadLine]]:
    """The (line, correction) pairs with each label spelt as the known one it matches case aside,
    and the lines whose label matches none, as bad lines."""
    spelt: dict[str, str] = {}
    for label in reversed(known):  # the first of two spellings wins (the model's)
        spelt[label.casefold()] = label
    kept: list[tuple[int, Correction]] = []
    bad: list[BadLine] = []
    for line, correction in corrections:
        if not isinstance(correction, Relabel | RelabelMention | Add):
            kept.append((line, correction))
            continue
        known_as = spelt.get(correction.label.casefold())
        if known_as is None:
            shown = ", ".join(known[:SHOWN_AT_MOST]) + (", ..." if len(known) > SHOWN_AT_MOST else "")
            bad.append(BadLine(line, f'"label" {correction.label} is no label of the model or the corpus '
                                     f"(they are {shown})"))
        else:
            kept.append((line, correction._replace(label=known_as)))
    return kept, bad
