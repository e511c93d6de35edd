"""The resolution as it was before it was made fast (gui/core/entities/resolution.py at 4819e2e,
with the EntityTally it used), kept as the oracle that test_resolution_reference.py compares the
fast one with: the same rules, read document by document and row by row, as the module's
docstring states them."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from gui.core.entities.alias_reasons import Link, LinkKind, alias_why
from gui.core.entities.name_forms import Reading, own_name, read_mention
from gui.core.entities.postprocess import PERSON
from gui.core.entities.resolved_entities import (
    Alias,
    DocId,
    Resolution,
    ResolvedEntity,
    Row,
    consensus,
)
from gui.core.entities.titles import Sex

# Rule 5's evidence: a share of the documents, and a number of them, that settle a surname.
DOMINANT_SHARE = 0.9
DOMINANT_DOCUMENTS = 3


_NO_LINKS: Mapping[Link, int] = {}


def _ranked(counts: Mapping[str, int]) -> tuple[tuple[str, int], ...]:
    if len(counts) == 1:
        return tuple(counts.items())
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


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


def _fits(reading: Reading, full: str, sexes: Mapping[str, Sex]) -> bool:
    """Whether a full name may be what a (perhaps titled) surname means: not of the other sex."""
    return reading.sex is None or sexes.get(full, reading.sex) is reading.sex


def _fitting(reading: Reading, candidates: Iterable[str], sexes: Mapping[str, Sex],
             prefer_known: bool) -> list[str]:
    """The full names a (perhaps titled) surname may mean, A-Z: none known to be of the other sex
    than its title's; and, if `prefer_known`, those known to be of its sex when there are some."""
    if reading.sex is None:
        return sorted(candidates)
    fitting = sorted(full for full in candidates if _fits(reading, full, sexes))
    known = [full for full in fitting if sexes.get(full) is reading.sex]
    return known if prefer_known and known else fitting


class _Document(NamedTuple):
    """A document's person names: full names (keys) by surname, titled full names, one-word names."""

    full_names: dict[str, set[str]]
    titled: set[tuple[str, Sex]]  # (full name key, the sex its title says)
    surnames: list[str]  # texts
    ends: list[tuple[str, str]]  # (text, the one longer full name ending with it: "Bin Laden")

    def candidates(self, reading: Reading) -> set[str]:
        """The full names of the document a one-word name may be part of."""
        found = self.full_names.get(reading.surname, set())
        if reading.given:  # "Sir Alex": a first name
            found = found | {full for fulls in self.full_names.values() for full in fulls
                             if full.split(" ", 1)[0] == reading.surname}
        return found


class _Evidence:
    """What the documents say: which full name each surname stands beside, and with what titles."""

    def __init__(self) -> None:
        self.seen: Counter[tuple[str, Sex | None, str]] = Counter()  # (surname, sex, full name)
        self.sex_seen: Counter[tuple[str, Sex]] = Counter()  # (full name, sex) -> documents
        self.full_names: defaultdict[str, set[str]] = defaultdict(set)  # surname -> full names
        self.beside: dict[tuple[str, Sex | None], dict[str, int]] = {}  # `seen` by (surname, sex)

    def add_document(self, people: _Document, beside: set[tuple[str, Sex | None, str]]) -> None:
        """Count one document's full names, and the surnames that stood beside just one of them."""
        if beside:
            self.seen.update(beside)
        if people.titled:
            self.sex_seen.update(people.titled)
        for surname, fulls in people.full_names.items():
            self.full_names[surname].update(fulls)

    def finish(self) -> None:
        """Index what was seen by surname, once every document is read."""
        for (surname, sex, full), documents in self.seen.items():
            self.beside.setdefault((surname, sex), {})[full] = documents
            if sex is not None:
                self.sex_seen[full, sex] += documents

    def sexes(self) -> dict[str, Sex]:
        """Each full name's sex, where titles of one sex outnumber the other's for it."""
        found: dict[str, Sex] = {}
        for (full, sex), count in self.sex_seen.items():
            other = Sex.FEMALE if sex is Sex.MALE else Sex.MALE
            if count > self.sex_seen.get((full, other), 0):
                found[full] = sex
        return found

    def corpus_link(self, reading: Reading, sexes: Mapping[str, Sex]) -> Link:
        """Rule 5: what a surname means wherever its document names no full name that fits."""
        names = self.full_names.get(reading.surname)
        if not names:
            return Link(LinkKind.UNJOINED)
        fitting = _fitting(reading, names, sexes, prefer_known=False)
        if len(fitting) == 1:
            return Link(LinkKind.CORPUS_ONLY, fitting[0])
        beside = self.beside.get((reading.surname, reading.sex))
        if beside:
            best, documents = min(beside.items(), key=lambda item: (-item[1], item[0]))
            total = sum(beside.values())
            if best in fitting and documents >= DOMINANT_DOCUMENTS and documents >= DOMINANT_SHARE * total:
                return Link(LinkKind.CORPUS_MOST, best, documents, total)
        return Link(LinkKind.AMBIGUOUS_CORPUS, others=tuple(fitting or sorted(names)))


def _people(rows: list[Row], readings: Mapping[str, Reading], person_texts: set[str]) -> _Document:
    """Rule 3: the texts of a document that name people, as full names and one-word names."""
    lead: dict[str, int] = {}  # text -> its PERSON mentions less its others, in this document
    for _, text, label, count in rows:
        lead[text] = lead.get(text, 0) + (count if label == PERSON else -count)
    people = _Document({}, set(), [], [])
    full_texts: dict[str, str] = {}  # full name key -> one of its texts
    for text, balance in lead.items():
        if balance <= 0 and text not in person_texts:
            continue
        reading = readings[text]
        if reading.one_word:
            people.surnames.append(text)
            continue
        key = reading.name_key if text in person_texts else reading.form_key
        people.full_names.setdefault(reading.surname, set()).add(key)
        full_texts[key] = text
        if reading.sex is not None:
            people.titled.add((key, reading.sex))
    for fulls in people.full_names.values():
        if len(fulls) > 1:  # "Bin Laden" beside "Osama Bin Laden": the end of that one name
            for key in sorted(fulls):
                longer = [full for full in fulls if full.endswith(" " + key)]
                if len(longer) == 1:
                    people.ends.append((full_texts[key], longer[0]))
                    fulls.discard(key)
    return people


class _Resolver:
    """One resolution's working state, pass by pass (see `resolve`)."""

    def __init__(self, mentions: Iterable[Row]) -> None:
        self.documents: defaultdict[DocId, list[Row]] = defaultdict(list)
        self.label_counts: dict[tuple[str, str], int] = {}  # (text, label) -> mentions
        documents, label_counts = self.documents, self.label_counts
        get = label_counts.get
        for row in mentions:  # the one loop over every row: kept lean
            documents[row[0]].append(row)
            pair = row[1:3]
            label_counts[pair] = get(pair, 0) + row[3]
        self.readings = {text: read_mention(text) for text, _ in label_counts}
        form_labels: dict[str, dict[str, int]] = {}
        for (text, label), count in label_counts.items():
            labels = form_labels.setdefault(self.readings[text].form_key, {})
            labels[label] = labels.get(label, 0) + count
        person_forms = {key for key, labels in form_labels.items() if consensus(labels) == PERSON}
        self.person_texts = {text for text, read in self.readings.items() if read.form_key in person_forms}
        # Texts that may name a person in some document: the rest are never looked at per document.
        self.maybe_people = self.person_texts | {text for text, label in label_counts if label == PERSON}
        self.people_rows: dict[DocId, list[Row]] = {}
        self.evidence = _Evidence()
        self.joined: dict[DocId, dict[str, Link]] = {}  # links decided in (and for) one document
        self.pending: list[tuple[DocId, str, tuple[str, ...]]] = []  # surnames awaiting sexes
        self.defaulted: set[str] = set()  # surnames that fell back on the corpus somewhere
        self.revisit: list[tuple[DocId, list[str]]] = []  # documents with a surname in two forms
        self.sexes: dict[str, Sex] = {}
        self.links: dict[str, Link] = {}  # one-word person texts -> what they mean by default
        self.split: set[str] = set()  # surnames whose unjoined titled forms stay apart (rule 6)

    def join(self, doc: DocId, text: str, link: Link) -> None:
        self.joined.setdefault(doc, {})[text] = link

    def read_documents(self) -> None:
        """Rule 4 where the document alone decides; gather the evidence for the rest."""
        maybe_people = self.maybe_people
        for doc, rows in self.documents.items():
            mine = [row for row in rows if row[1] in maybe_people]
            if not mine:
                continue
            self.people_rows[doc] = mine
            people = _people(mine, self.readings, self.person_texts)
            for text, longer in people.ends:
                self.join(doc, text, Link(LinkKind.DOCUMENT_END, longer))
            beside: set[tuple[str, Sex | None, str]] = set()
            for text in people.surnames:
                reading = self.readings[text]
                candidates = people.candidates(reading)
                if not candidates:
                    self.defaulted.add(text)
                    continue
                if len(candidates) == 1:
                    (full,) = candidates
                    beside.add((reading.surname, reading.sex, full))
                    if reading.sex is None:
                        self.join(doc, text, Link(LinkKind.DOCUMENT, full))
                        continue
                self.pending.append((doc, text, tuple(sorted(candidates))))
            self.evidence.add_document(people, beside)
            surnames = [self.readings[text].surname for text in people.surnames]
            if len(set(surnames)) < len(surnames):
                self.revisit.append((doc, people.surnames))

    def settle(self) -> None:
        """Rule 4 where titles' sexes decide, rule 5 for each surname, rule 6's split."""
        self.evidence.finish()
        self.sexes = self.evidence.sexes()
        unjoined: dict[str, set[Sex]] = {}
        for doc, text, candidates in self.pending:
            reading = self.readings[text]
            fitting = tuple(_fitting(reading, candidates, self.sexes, prefer_known=True))
            if len(fitting) == 1:
                kind = LinkKind.DOCUMENT if len(candidates) == 1 else LinkKind.DOCUMENT_SEX
                self.join(doc, text, Link(kind, fitting[0]))
            elif fitting:
                self.join(doc, text, Link(LinkKind.AMBIGUOUS_DOCUMENT, others=fitting))
                if reading.sex is not None:
                    unjoined.setdefault(reading.surname, set()).add(reading.sex)
            else:
                self.defaulted.add(text)
        for text in self.person_texts:
            reading = self.readings[text]
            if reading.one_word:
                link = self.links[text] = self.evidence.corpus_link(reading, self.sexes)
                if not link.full and reading.sex is not None and text in self.defaulted:
                    unjoined.setdefault(reading.surname, set()).add(reading.sex)
        for doc, texts in self.revisit:
            self.follow_forms(doc, texts)
        self.split = {surname for surname, sexes in unjoined.items() if len(sexes) > 1}

    def link_of(self, doc: DocId, text: str) -> Link:
        """How a text of a document found its entity."""
        found = self.joined.get(doc, {}).get(text)
        return self.links.get(text, _OWN_NAME) if found is None else found

    def follow_forms(self, doc: DocId, texts: list[str]) -> None:
        """Rule 5's last step: a surname that joined nothing follows its other forms in the
        document when they all joined one full name ("Blair" after "Mr Blair", who is Tony)."""
        fulls: dict[str, set[str]] = {}
        for text in texts:
            if full := self.link_of(doc, text).full:
                fulls.setdefault(self.readings[text].surname, set()).add(full)
        for text in texts:
            reading = self.readings[text]
            found = fulls.get(reading.surname, set())
            link = self.link_of(doc, text)
            if len(found) == 1 and not link.full and link.kind is not LinkKind.AMBIGUOUS_DOCUMENT:
                (full,) = found
                if _fits(reading, full, self.sexes):
                    self.join(doc, text, Link(LinkKind.DOCUMENT_FORM, full))

    def key_of(self, text: str, link: Link) -> str:
        """The entity key a text's link leads to: the full name it joined, or its own name."""
        if link.full:
            return link.full
        reading = self.readings[text]
        if text not in self.person_texts:
            return reading.form_key
        if reading.sex is not None and reading.one_word and reading.surname in self.split:
            return reading.form_key
        return reading.name_key

    def tally(self) -> Resolution:
        """Every mention's entity, and the entities with their labels, aliases and counts."""
        default_link = {text: self.links.get(text, _OWN_NAME) for text in self.readings}
        default_key = {text: self.key_of(text, link) for text, link in default_link.items()}
        tally = EntityTally()
        for (text, label), count in self.label_counts.items():
            tally.add_mentions(default_key[text], text, label, count)
        default_documents: Counter[str] = Counter()  # text -> documents where it means its default
        exceptions: dict[tuple[DocId, str], str] = {}
        key_by_default = default_key.__getitem__
        for doc, rows in self.documents.items():
            texts = {row[1] for row in rows}
            joined = self.joined.get(doc)
            if joined is None:
                default_documents.update(texts)
                tally.add_entity_documents(set(map(key_by_default, texts)))
                continue
            keys = {text: self.key_of(text, link) for text, link in joined.items()}
            default_documents.update(texts.difference(keys))
            tally.add_entity_documents({keys.get(text) or default_key[text] for text in texts})
            moved = False
            for text, link in joined.items():
                tally.add_documents(keys[text], text, 1, link)
                if keys[text] != default_key[text]:
                    exceptions[doc, text] = keys[text]
                    moved = True
            if moved:  # move the mentions of its texts that mean someone else here
                for _, text, label, count in self.people_rows[doc]:
                    if (doc, text) in exceptions:
                        tally.add_mentions(default_key[text], text, label, -count)
                        tally.add_mentions(keys[text], text, label, count)
        for text, documents in default_documents.items():
            link = default_link[text]
            tally.add_documents(default_key[text], text, documents,
                                None if link.kind is LinkKind.OWN_NAME else link)
        entities = tally.entities(self.readings)
        index = {entity.key: i for i, entity in enumerate(entities)}
        return Resolution(
            tuple(entities),
            {text: index[key] for text, key in default_key.items() if key in index},
            {mention: index[key] for mention, key in exceptions.items()},
        )


_OWN_NAME = Link(LinkKind.OWN_NAME)


def resolve(mentions: Iterable[Row]) -> Resolution:
    """The corpus's entities from its mentions, given as (document, text, label, count) rows in
    any order, counts of at least 1 (a row given twice adds its count), by the module's rules."""
    resolver = _Resolver(mentions)
    resolver.read_documents()
    resolver.settle()
    return resolver.tally()
