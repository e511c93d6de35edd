"""Saved views and past searches, kept in the desk (desk_file.py).

A saved view is what the document list shows, under a name the user gave it: the words in its
filter box, what narrows it (an entity, a search of the corpus, or a chart's documents), its
reading filter (unread, starred or tagged documents only) and its order. Restoring one asks the
store again for an entity's or a search's documents, so a view saved before the corpus grew lists
what it holds now; a chart's period or link is kept as the documents it listed, which do not
change with the entities found.

Past searches are the queries of the corpus search box (Ctrl+Shift+F), each once, the latest
last, the oldest dropped beyond SEARCHES_KEPT, for the box to recall like a shell's history.

Plain functions of a connection that has the desk attached as `desk` (a CorpusStore's `.db`).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from gui.core.desk.review_filter import ReviewFilter
from gui.core.model.sqlite_files import transaction

SEARCHES_KEPT = 200
NAME_LENGTH = 200  # a view's name, at most (characters)
# The orders' values (gui/core/corpus/list_order.SortBy, a layer above) as a view's summary says them.
_SORT_WORDS = {"name": "file name", "entities": "entity count"}


@dataclass(frozen=True)
class SavedView:
    """What the document list shows: the filter box's text, at most one narrowing (an entity as
    `entity` (label, name as the store keys it); a corpus search as its query; or a chart's
    `documents`), what the narrowing is called (`description`: the entity's name as shown, a
    chart's words for its documents), the order's value (gui/core/corpus/list_order.SortBy) and
    the reading filter's (review_filter.ReviewFilter.setting; a view saved before it had one lists
    every document)."""

    filter_text: str = ""
    sort: str = "date"
    entity: tuple[str, str] | None = None
    search: str | None = None
    documents: tuple[str, ...] | None = None
    description: str = ""
    review: str = "all"

    def to_json(self) -> str:
        """The view as the desk keeps it."""
        body: dict[str, object] = {"filter": self.filter_text, "sort": self.sort}
        if self.entity is not None:
            body["entity"] = {"label": self.entity[0], "name": self.entity[1]}
        if self.search is not None:
            body["search"] = self.search
        if self.documents is not None:
            body["documents"] = list(self.documents)
        if self.description:
            body["description"] = self.description
        if self.review != "all":
            body["review"] = self.review
        return json.dumps(body, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> SavedView | None:
        """The view a desk row holds; None for one this version cannot read (hand-edited, or
        written by another program)."""
        try:
            body = json.loads(text)
        except ValueError:
            return None
        if not isinstance(body, dict):
            return None
        filter_text, sort = body.get("filter", ""), body.get("sort", "date")
        entity, search = body.get("entity"), body.get("search")
        documents, description = body.get("documents"), body.get("description", "")
        review = body.get("review", "all")
        if not all(isinstance(value, str) for value in (filter_text, sort, description, review)):
            return None
        if search is not None and not isinstance(search, str):
            return None
        if documents is not None and not (
            isinstance(documents, list) and all(isinstance(doc_id, str) for doc_id in documents)
        ):
            return None
        named: tuple[str, str] | None = None
        if entity is not None:
            if not isinstance(entity, dict):
                return None
            label, name = entity.get("label"), entity.get("name")
            if not (isinstance(label, str) and isinstance(name, str)):
                return None
            named = (label, name)
        return cls(filter_text, sort, named, search, tuple(documents) if documents is not None else None,
                   description, ReviewFilter.parse(review).setting)

    def summary(self) -> str:
        """What the view lists, in a few words (for its row in quick open)."""
        parts: list[str] = []
        reading = ReviewFilter.parse(self.review)
        if reading.on:
            parts.append(reading.label[0].lower() + reading.label[1:])
        if self.entity is not None:
            parts.append(f"mentioning {self.description or self.entity[1]} ({self.entity[0]})")
        if self.search is not None:
            parts.append(f"matching {self.search}")
        if self.documents is not None:
            parts.append(self.description or f"{len(self.documents):,} documents")
        if self.filter_text:
            parts.append(f"filtered by “{self.filter_text}”")
        parts.append(f"sorted by {_SORT_WORDS.get(self.sort, self.sort)}")
        return ", ".join(parts)


def clean_name(name: str) -> str:
    """A view's name as kept: on one line, without surrounding spaces, at most NAME_LENGTH."""
    return " ".join(name.split())[:NAME_LENGTH]


def save_view(db: sqlite3.Connection, name: str, view: SavedView) -> str:
    """Keep `view` under `name` (cleaned; replacing a view of that name); the name kept."""
    name = clean_name(name)
    if not name:
        raise ValueError("A saved view needs a name.")
    db.execute("INSERT INTO desk.saved_views (name, view) VALUES (?, ?)"
               " ON CONFLICT (name) DO UPDATE SET view = excluded.view", (name, view.to_json()))
    return name


def saved_views(db: sqlite3.Connection) -> list[tuple[str, SavedView]]:
    """Every saved view this version can read, by name (case-insensitively)."""
    rows = db.execute("SELECT name, view FROM desk.saved_views ORDER BY lower(name), name")
    return [(name, view) for name, text in rows if (view := SavedView.from_json(text)) is not None]


def delete_view(db: sqlite3.Connection, name: str) -> bool:
    """Forget a saved view; whether there was one of that name."""
    return db.execute("DELETE FROM desk.saved_views WHERE name = ?", (name,)).rowcount > 0


def remember_search(db: sqlite3.Connection, query: str, kept: int = SEARCHES_KEPT) -> None:
    """Make `query` the latest past search (once: an earlier time it was searched is dropped),
    keeping the latest `kept`."""
    query = query.strip()
    if not query:
        return
    with transaction(db):  # deferred: the first write locks the desk alone, not the store beside it
        db.execute("DELETE FROM desk.searches WHERE query = ?", (query,))
        db.execute("INSERT INTO desk.searches (query) VALUES (?)", (query,))
        db.execute("DELETE FROM desk.searches WHERE seq NOT IN"
                   " (SELECT seq FROM desk.searches ORDER BY seq DESC LIMIT ?)", (kept,))


def past_searches(db: sqlite3.Connection, limit: int = SEARCHES_KEPT) -> list[str]:
    """The latest `limit` past searches, the oldest first (the latest last)."""
    rows = db.execute("SELECT query FROM desk.searches ORDER BY seq DESC LIMIT ?", (limit,)).fetchall()
    return [query for (query,) in reversed(rows)]


class SearchRecall:
    """Walks back and forth through past searches as a shell's Up and Down do: Up gives the one
    before, Down the one after, and Down past the latest gives back what was typed before Up."""

    def __init__(self, searches: list[str]) -> None:
        self.searches = list(searches)  # the oldest first
        self._at: int | None = None  # the position recalled, None while not recalling
        self._typed = ""

    @property
    def recalling(self) -> bool:
        """Whether a past search is recalled (Up was pressed, and nothing typed since)."""
        return self._at is not None

    def older(self, typed: str) -> str | None:
        """The search before the one recalled (the latest, when `typed` is what the box holds
        and nothing is recalled); None when there is none."""
        if not self.searches:
            return None
        if self._at is None:
            self._typed, self._at = typed, len(self.searches) - 1
        elif self._at > 0:
            self._at -= 1
        return self.searches[self._at]

    def newer(self) -> str | None:
        """The search after the one recalled, or what was typed before recalling (ending the
        recall); None when nothing is recalled."""
        if self._at is None:
            return None
        if self._at + 1 < len(self.searches):
            self._at += 1
            return self.searches[self._at]
        self._at = None
        return self._typed

    def stop(self) -> None:
        """The user typed: the next Up starts again from the latest."""
        self._at = None

    def add(self, query: str) -> None:
        """A search was made: the latest now (as remember_search keeps it)."""
        query = query.strip()
        if query:
            self.searches = [*(kept for kept in self.searches if kept != query), query]
        self._at = None
