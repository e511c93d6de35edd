"""What corpus-level resolution gives: entities with their consensus label, label counts and
aliases (each with why it joined), and which entity each mention belongs to; and the tally of
mentions per entity and alias that builds them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from gui.core.entities.alias_reasons import Link, alias_why
from gui.core.entities.mentions import EntityKey
from gui.core.entities.name_forms import Reading, own_name

DocId = int | str  # a document as the caller names it: the store's row id, or the corpus's id
Row = tuple[DocId, str, str, int]  # document, mention text, label, how many mentions


class MentionForm(NamedTuple):
    """What resolution reads: a document mentions `text`, labelled `label`, `mentions` times."""

    doc: DocId
    text: str
    label: str
    mentions: int = 1


class Alias(NamedTuple):
    """One way an entity is written ("Mr Blair's"), as the mention's text, and why it joined."""

    text: str
    key: str  # the text normalised and casefolded, title kept (the store's alias_key)
    why: str
    mentions: int
    documents: int


class ResolvedEntity(NamedTuple):
    """A real-world entity across the corpus: name, consensus label, label counts and aliases."""

    key: str  # the casefolded canonical name: unique among the entities of one resolution
    name: str
    label: str
    label_counts: tuple[tuple[str, int], ...]  # most mentions first, then A-Z
    aliases: tuple[Alias, ...]  # most mentions first, then A-Z
    mentions: int
    documents: int

    @property
    def entity_key(self) -> EntityKey:
        """The (label, key) pair the store keys entities by."""
        return EntityKey(self.label, self.key)

    @property
    def disputed(self) -> bool:
        """Whether some of its mentions carry another label than the entity's."""
        return len(self.label_counts) > 1

    def label_summary(self) -> str:
        """'Yukos — PERSON 182 · ORG 12': the name with its label counts."""
        return f"{self.name} — " + " · ".join(f"{label} {count}" for label, count in self.label_counts)


@dataclass(frozen=True)
class Resolution:
    """The corpus's entities, most mentioned first, and which one each mention belongs to.

    Every label of a text in one document belongs to the same entity, so a mention is found by its
    document and text. Most texts mean one entity wherever they appear (`by_text`); a surname can
    mean someone else in some documents (`by_mention` holds only those).
    """

    entities: tuple[ResolvedEntity, ...]
    by_text: Mapping[str, int]
    by_mention: Mapping[tuple[DocId, str], int]

    def index_of(self, doc: DocId, text: str) -> int:
        """The position in `entities` of the entity a document's mention text belongs to."""
        found = self.by_mention.get((doc, text))
        return self.by_text[text] if found is None else found

    def entity_of(self, doc: DocId, text: str) -> ResolvedEntity:
        """The entity a document's mention text belongs to (KeyError for a text never given)."""
        return self.entities[self.index_of(doc, text)]

    def find(self, key: str) -> ResolvedEntity | None:
        """The entity with this casefolded canonical name, if any."""
        return next((entity for entity in self.entities if entity.key == key), None)

    def disagreeing(self, mentions: Iterable[Row]) -> Iterator[MentionForm]:
        """The given mentions whose label is not their entity's consensus label."""
        for doc, text, label, count in mentions:
            if label != self.entity_of(doc, text).label:
                yield MentionForm(doc, text, label, count)


_NO_LINKS: Mapping[Link, int] = {}


def consensus(labels: Mapping[str, int]) -> str:
    """The label most mentions carry; A-Z among equals."""
    if len(labels) == 1:
        return next(iter(labels))
    return min(labels.items(), key=lambda item: (-item[1], item[0]))[0]


def _ranked(counts: Mapping[str, int]) -> tuple[tuple[str, int], ...]:
    if len(counts) == 1:
        return tuple(counts.items())
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _add(counts: dict[str, int], key: str, count: int) -> None:
    counts[key] = counts.get(key, 0) + count


class EntityTally:
    """Mentions, labels, documents and links counted per entity key and per alias, then the
    entities built from them. Counts may be moved from one entity to another as resolution
    decides what a surname means in one document."""

    def __init__(self) -> None:
        self.labels: dict[str, dict[str, int]] = {}  # entity key -> label -> mentions
        self.documents: Counter[str] = Counter()  # entity key -> documents
        self.alias_mentions: dict[tuple[str, str], int] = {}  # (entity key, text) -> mentions
        self.alias_documents: dict[tuple[str, str], int] = {}
        self.links: dict[tuple[str, str], dict[Link, int]] = {}  # (entity key, text) -> documents

    def add_mentions(self, key: str, text: str, label: str, count: int) -> None:
        """Count `count` mentions of `text`, labelled `label`, for the entity `key`."""
        labels = self.labels.get(key)
        if labels is None:
            labels = self.labels[key] = {}
        labels[label] = labels.get(label, 0) + count
        alias = (key, text)
        self.alias_mentions[alias] = self.alias_mentions.get(alias, 0) + count

    def add_documents(self, key: str, text: str, documents: int, link: Link | None = None) -> None:
        """Count documents where `text` belongs to the entity `key` (through `link`, if any)."""
        alias = (key, text)
        self.alias_documents[alias] = self.alias_documents.get(alias, 0) + documents
        if link is not None:
            links = self.links.setdefault(alias, {})
            links[link] = links.get(link, 0) + documents

    def add_entity_documents(self, keys: Iterable[str]) -> None:
        """Count one document for each entity it mentions."""
        self.documents.update(keys)

    def _name(self, key: str, texts: list[str], readings: Mapping[str, Reading]) -> str:
        """An entity's name: its own form most used, untitled first ("Tony Blair", not "Mr")."""
        if len(texts) == 1:
            return own_name(readings[texts[0]], key) or readings[texts[0]].form
        votes: dict[tuple[bool, bool, str], int] = {}
        for text in texts:
            reading = readings[text]
            own = own_name(reading, key)
            # Ranked: a form of the entity's own name before a surname that joined it, untitled first.
            vote = (own is None, bool(reading.title) and own == reading.form, own or reading.form)
            votes[vote] = votes.get(vote, 0) + self.alias_mentions[key, text]
        return min(votes.items(), key=lambda item: (*item[0][:2], -item[1], item[0][2]))[0][2]

    def entities(self, readings: Mapping[str, Reading]) -> list[ResolvedEntity]:
        """The entities mentioned in some document, most mentions first, then by key."""
        texts: dict[str, list[str]] = {}
        for (key, text), documents in self.alias_documents.items():
            if documents > 0:  # else every one of its documents moved it elsewhere
                texts.setdefault(key, []).append(text)
        names = {key: self._name(key, found, readings) for key, found in texts.items()}
        entities = []
        for key, found in texts.items():
            aliases = []
            for text in found:
                alias = (key, text)
                why = alias_why(text, readings[text], (key, names[key]), self.links.get(alias, _NO_LINKS),
                                names)
                aliases.append(Alias(text, readings[text].form_key, why, self.alias_mentions[alias],
                                     self.alias_documents[alias]))
            if len(aliases) > 1:
                aliases.sort(key=lambda alias: (-alias.mentions, alias.text))
            labels = {label: count for label, count in self.labels[key].items() if count}
            label = consensus(labels) if labels else ""  # only mentions counted 0 times: no label
            entities.append(ResolvedEntity(key, names[key], label, _ranked(labels), tuple(aliases),
                                           sum(labels.values()), self.documents[key]))
        entities.sort(key=lambda entity: (-entity.mentions, entity.key))
        return entities
