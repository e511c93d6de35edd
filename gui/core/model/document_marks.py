"""What the reader made of a document: read or not, starred, tags and a note. A plain value: the
desk (gui/core/desk/reading.py) keeps it, the window shows it, the exports write it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gui.core.model.document import Document


@dataclass(frozen=True)
class DocumentMarks:
    """What the user made of one document."""

    read: bool = False
    starred: bool = False
    tags: tuple[str, ...] = ()
    note: str = ""

    def record(self) -> dict[str, object]:
        """The marks as the JSON Lines export writes them beside a document's fields."""
        return {"read": self.read, "starred": self.starred, "tags": list(self.tags), "note": self.note}


# The reader's marks of each document (its desk's), for the exports that carry them.
MarksOf = Callable[[Document], DocumentMarks]
