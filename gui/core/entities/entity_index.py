"""The corpus entity index: for each entity, the documents that mention it and how often."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from gui.core.entities.mentions import EntityKey, MentionGroup
from gui.core.entities.postprocess import PERSON


class EntitySummary(NamedTuple):
    """One row of the corpus entity table."""

    key: EntityKey
    name: str
    label: str
    documents: int
    mentions: int


class _Contribution(NamedTuple):
    """What one document adds for one entity: the name it shows there and its mention count."""

    name: str
    mentions: int


def _best_name(names: Counter[str]) -> str:
    """The most complete name: most words, then longest, then used by most documents, then A-Z."""
    return min(names, key=lambda n: (-len(n.split()), -len(n), -names[n], n))


class EntityIndex:
    """Entities -> documents with counts, kept up to date one document at a time."""

    def __init__(self) -> None:
        self._documents: dict[str, dict[EntityKey, _Contribution]] = {}
        self._postings: dict[EntityKey, dict[str, int]] = {}
        self._mentions: dict[EntityKey, int] = {}
        # How many documents show each name for an entity: removing one must not lose the others.
        self._names: dict[EntityKey, Counter[str]] = {}
        self._by_label: dict[str, set[EntityKey]] = {}

    def __len__(self) -> int:
        return len(self._documents)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._documents

    def __iter__(self) -> Iterator[str]:
        return iter(self._documents)

    def add_document(self, doc_id: str, groups: Iterable[MentionGroup]) -> None:
        """Index a document's mention groups, replacing whatever it contributed before."""
        self.remove_document(doc_id)
        contributions: dict[EntityKey, _Contribution] = {}
        for group in groups:
            if group.count == 0:
                continue
            known = contributions.get(group.key)
            if known is None:
                contributions[group.key] = _Contribution(group.name, group.count)
            else:  # two groups with one key: only a caller that built groups by hand does this
                name = _best_name(Counter((known.name, group.name)))
                contributions[group.key] = _Contribution(name, known.mentions + group.count)
        self._documents[doc_id] = contributions
        for key, (name, count) in contributions.items():
            postings = self._postings.get(key)
            if postings is None:
                postings = self._postings[key] = {}
                self._mentions[key] = 0
                self._names[key] = Counter()
                self._by_label.setdefault(key.label, set()).add(key)
            postings[doc_id] = count
            self._mentions[key] += count
            self._names[key][name] += 1

    def remove_document(self, doc_id: str) -> bool:
        """Forget a document's contribution; False if it was not indexed."""
        contributions = self._documents.pop(doc_id, None)
        if contributions is None:
            return False
        for key, (name, count) in contributions.items():
            postings = self._postings[key]
            del postings[doc_id]
            names = self._names[key]
            names[name] -= 1
            if names[name] == 0:
                del names[name]
            if postings:
                self._mentions[key] -= count
                continue
            del self._postings[key], self._mentions[key], self._names[key]
            keys = self._by_label[key.label]
            keys.discard(key)
            if not keys:
                del self._by_label[key.label]
        return True

    def clear(self) -> None:
        """Forget every document (a new folder was opened)."""
        for table in (self._documents, self._postings, self._mentions, self._names, self._by_label):
            table.clear()

    def documents_for(self, key: EntityKey) -> list[tuple[str, int]]:
        """The documents mentioning an entity with their mention counts, most mentions first."""
        postings = self._postings.get(key, {})
        return sorted(postings.items(), key=lambda item: (-item[1], item[0]))

    def same_person(self, key: EntityKey) -> set[EntityKey]:
        """`key` and the keys naming the same person across the corpus: a one-word PERSON name
        ("haftar") and the one multi-word PERSON name that ends with it ("khalifa haftar").

        Within a document mentions.py joins them; documents that only say "Haftar" need this.
        A surname shared by several full names ("clinton") joins none of them.
        """
        if key.label != PERSON:
            return {key}
        people = self._by_label.get(PERSON, set())
        words = key.name.split()
        surname = words[-1]
        full_names = [other for other in people if len(other.name.split()) > 1
                      and other.name.split()[-1] == surname]
        if len(full_names) != 1:
            return {key}
        related = {key, full_names[0]}
        bare = EntityKey(PERSON, surname)
        if bare in people:
            related.add(bare)
        return related

    def documents_for_any(self, keys: Iterable[EntityKey]) -> list[tuple[str, int]]:
        """The documents mentioning any of these keys, with their summed counts, most first."""
        counts: Counter[str] = Counter()
        for key in keys:
            counts.update(self._postings.get(key, {}))
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    def entities_of(self, doc_id: str) -> dict[EntityKey, int]:
        """The entities a document mentions, with counts (empty if it is not indexed)."""
        return {key: c.mentions for key, c in self._documents.get(doc_id, {}).items()}

    def name_for(self, key: EntityKey) -> str | None:
        """The entity's display name across the corpus, or None if no document mentions it."""
        names = self._names.get(key)
        return _best_name(names) if names else None

    def summary(self, key: EntityKey) -> EntitySummary | None:
        """The table row of one entity, or None if no document mentions it."""
        postings = self._postings.get(key)
        if not postings:
            return None
        return EntitySummary(key, _best_name(self._names[key]), key.label, len(postings), self._mentions[key])

    def labels(self) -> list[str]:
        """The entity types present in the index, A-Z."""
        return sorted(self._by_label)

    def top_entities(self, label: str | None = None, limit: int | None = 100) -> list[EntitySummary]:
        """The most mentioned entities (of one label, or all), then those in most documents."""
        keys: Iterable[EntityKey] = self._postings if label is None else self._by_label.get(label, ())

        def rank(key: EntityKey) -> tuple[int, int, str, str]:
            return (-self._mentions[key], -len(self._postings[key]), key.label, key.name)

        chosen = sorted(keys, key=rank) if limit is None else heapq.nsmallest(limit, keys, key=rank)
        return [
            EntitySummary(key, _best_name(self._names[key]), key.label, len(self._postings[key]),
                          self._mentions[key])
            for key in chosen
        ]
