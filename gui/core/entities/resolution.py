"""Corpus-level entity resolution: every mention of the corpus joined to one entity, each alias
with the reason it joined, and each entity's label by consensus of its mentions' labels.

The input is compact: one row per (document, mention text, label) with how many times that
document mentions it so. The rules, in order:

1. A mention text is read once: a leading "the", a possessive, quotes and extra spaces go (as
   `normalise_mention` does), and case and apostrophe style do not matter. Texts that read alike
   are one *form*: "Tony Blair's", "tony  blair" and "Tony Blair" are the form "tony blair".
2. A form is one entity whatever labels the model gave it: "Yukos" tagged PERSON 182 times and
   ORG 12 is one entity. Its label is the majority of its mentions' labels (ties: A-Z); every
   mention keeps the model's label, and the counts show the disagreement.
3. A form is a person's name when most of its mentions corpus-wide are PERSON, or when most of its
   mentions in that document are. Titles before a name (see titles.py) are dropped for matching:
   "Prime Minister Tony Blair" is "Tony Blair", "Mr Blair" is the surname "Blair".
4. Within a document, a one-word name (a surname, bare or titled) joins the one full name of the
   document that ends with it ("Sir Alex" and "Dame Kelly" may also begin it), and a shorter
   name joins the one longer name that ends with it ("Bin Laden", "Osama Bin Laden"). Between
   several full names, a gendered title ("Mrs", "Lord") picks the one known to be of its sex, or
   else the one not known to be of the other: "Mrs Blair" beside "Tony Blair" and "Cherie Blair"
   is Cherie. A full name's sex is learnt from the corpus: the majority of the gendered titles
   used with it, or with its surname in documents that give only that full name of the surname.
   A gendered surname never joins a full name known to be of the other sex. Otherwise, with
   several full names, the surname is ambiguous and joins none.
5. In a document naming no fitting full name, a surname that is a person's name corpus-wide joins
   a full name only when that is unambiguous: it is the only full name of that surname in the
   corpus (leaving out those of the other sex for a gendered title: "Mrs Blair" goes to Cherie
   when Tony is known as a man), or the documents settle it: in the documents where this surname,
   with the same kind of title, stands beside exactly one full name of its surname, that one is
   the full name in at least DOMINANT_SHARE of them and in at least DOMINANT_DOCUMENTS.
   Then, in each document, a surname that still joins nothing follows the other forms of its
   surname there when they all joined one full name that fits it: "Blair" beside "Mr Blair", who
   is Tony Blair.
6. A surname that joins no full name is its own entity ("Blair", its titled forms with it), but
   when such unjoined surnames carry both male and female titles, each titled form stays apart
   ("Mr Smith", "Mrs Smith"), since they may be two people.

Full names never join one another but by rule 4's endings, in one document: "John Howard" and
"Michael Howard" stay two people. The result is the same whatever the order of the input rows.
"""

from __future__ import annotations

import gc
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from itertools import compress, groupby
from operator import itemgetter
from typing import NamedTuple

from gui.core.entities.alias_reasons import Link, LinkKind
from gui.core.entities.name_forms import Reading, read_mention
from gui.core.entities.postprocess import PERSON
from gui.core.entities.resolved_entities import (
    Alias,
    DocId,
    EntityTally,
    MentionForm,
    Resolution,
    ResolvedEntity,
    Row,
    consensus,
)
from gui.core.entities.titles import Sex

__all__ = [
    "Alias", "DocId", "MentionForm", "Resolution", "ResolvedEntity", "Row", "collector_paused", "resolve",
]

# Rule 5's evidence: a share of the documents, and a number of them, that settle a surname.
DOMINANT_SHARE = 0.9
DOMINANT_DOCUMENTS = 3


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
        self.seen_listed: list[tuple[str, Sex | None, str]] = []  # `seen` and `sex_seen`, to count
        self.titled_listed: list[tuple[str, Sex]] = []

    def add_document(self, people: _Document, beside: set[tuple[str, Sex | None, str]]) -> None:
        """Count one document's full names, and the surnames that stood beside just one of them
        (listed here, counted once at the end)."""
        if beside:
            self.seen_listed.extend(beside)
        if people.titled:
            self.titled_listed.extend(people.titled)
        full_names = self.full_names
        for surname, fulls in people.full_names.items():
            full_names[surname].update(fulls)

    def finish(self) -> None:
        """Index what was seen by surname, once every document is read."""
        self.seen.update(self.seen_listed)
        self.sex_seen.update(self.titled_listed)
        self.seen_listed, self.titled_listed = [], []
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


def _people(rows: list[Row], readings: Mapping[str, Reading], full_keys: Mapping[str, str],
            doubtful: set[str]) -> _Document:
    """Rule 3: the texts of a document that name people, as full names and one-word names.

    `full_keys` holds each text's key as a full name; `doubtful`, the texts that name a person
    only where most of their mentions in the document are PERSON (the rest always do)."""
    texts = dict.fromkeys(map(_TEXT, rows))  # in the order the rows give them
    if doubtful and not doubtful.isdisjoint(texts):
        lead: dict[str, int] = {}  # text -> its PERSON mentions less its others, in this document
        for _, text, label, count in rows:
            if text in doubtful:
                lead[text] = lead.get(text, 0) + (count if label == PERSON else -count)
        for text, balance in lead.items():
            if balance <= 0:
                del texts[text]
    people = _Document({}, set(), [], [])
    full_texts: dict[str, str] = {}  # full name key -> one of its texts
    full_names, titled, surnames = people.full_names, people.titled, people.surnames
    for text in texts:
        reading = readings[text]
        if reading.one_word:
            surnames.append(text)
            continue
        key = full_keys[text]
        found = full_names.get(reading.surname)
        if found is None:
            full_names[reading.surname] = {key}
        else:
            found.add(key)
        full_texts[key] = text
        if reading.sex is not None:
            titled.add((key, reading.sex))
    for fulls in full_names.values():
        if len(fulls) > 1:  # "Bin Laden" beside "Osama Bin Laden": the end of that one name
            for key in sorted(fulls):
                longer = [full for full in fulls if full.endswith(" " + key)]
                if len(longer) == 1:
                    people.ends.append((full_texts[key], longer[0]))
                    fulls.discard(key)
    return people


_TEXT = itemgetter(1)
_DOC = itemgetter(0)


class _Resolver:
    """One resolution's working state, pass by pass (see `resolve`).

    It is written for 100,000 documents of some 30 rows each: one lean Python loop counts every
    row by (text, label); the rest goes row by row only in C (groupby, compress, map, set,
    Counter), and in Python only over the rows that may name a person. What a document adds to
    its texts' and entities' document counts is listed document by document and counted once at
    the end. Measured ways that lost: counting (document, text) pairs corpus-wide in sets (they
    are scattered in memory, a document's rows are not), and correcting per-text counts in the
    documents where texts share an entity (more Python per document than it saved).
    """

    def __init__(self, mentions: Iterable[Row]) -> None:
        rows = self.rows = mentions if isinstance(mentions, list) else list(mentions)
        self.label_counts: dict[tuple[str, str], int] = {}  # (text, label) -> mentions
        label_counts = self.label_counts
        get = label_counts.get
        for row in rows:  # the one loop over every row: kept lean
            pair = row[1:3]
            label_counts[pair] = get(pair, 0) + row[3]
        self.documents: dict[DocId, list[Row]] = {}
        for doc, run in groupby(rows, _DOC):  # rows come by document, mostly: taken run by run
            found = self.documents.get(doc)
            if found is None:
                self.documents[doc] = list(run)
            else:
                found.extend(run)
        self.readings = {text: read_mention(text) for text in dict.fromkeys(text for text, _ in label_counts)}
        form_labels: dict[str, dict[str, int]] = {}
        for (text, label), count in label_counts.items():
            labels = form_labels.setdefault(self.readings[text].form_key, {})
            labels[label] = labels.get(label, 0) + count
        person_forms = {key for key, labels in form_labels.items() if consensus(labels) == PERSON}
        self.person_texts = {text for text, read in self.readings.items() if read.form_key in person_forms}
        # Texts that may name a person in some document: the rest are never looked at per document.
        self.maybe_people = self.person_texts | {text for text, label in label_counts if label == PERSON}
        self.full_keys = {text: self.readings[text].name_key if text in self.person_texts
                          else self.readings[text].form_key for text in self.maybe_people}
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
        readings, full_keys, doubtful = self.readings, self.full_keys, self.maybe_people - self.person_texts
        maybe_people = self.maybe_people.__contains__
        document_links: dict[str, Link] = {}  # full name -> Link(DOCUMENT, it): made once
        evidence, pending, defaulted = self.evidence, self.pending, self.defaulted
        for doc, rows in self.documents.items():
            mine = list(compress(rows, map(maybe_people, map(_TEXT, rows))))
            if not mine:
                continue
            self.people_rows[doc] = mine
            people = _people(mine, readings, full_keys, doubtful)
            joined = {text: Link(LinkKind.DOCUMENT_END, longer) for text, longer in people.ends}
            beside: set[tuple[str, Sex | None, str]] = set()
            for text in people.surnames:
                reading = readings[text]
                candidates = people.candidates(reading)
                if not candidates:
                    defaulted.add(text)
                    continue
                if len(candidates) == 1:
                    (full,) = candidates
                    beside.add((reading.surname, reading.sex, full))
                    if reading.sex is None:
                        link = document_links.get(full)
                        if link is None:
                            link = document_links[full] = Link(LinkKind.DOCUMENT, full)
                        joined[text] = link
                        continue
                pending.append((doc, text, tuple(sorted(candidates))))
            if joined:
                self.joined[doc] = joined
            evidence.add_document(people, beside)
            if len(people.surnames) > 1:
                surnames = [readings[text].surname for text in people.surnames]
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

    def follow_forms(self, doc: DocId, texts: list[str]) -> None:
        """Rule 5's last step: a surname that joined nothing follows its other forms in the
        document when they all joined one full name ("Blair" after "Mr Blair", who is Tony)."""
        joined = self.joined.get(doc, {})
        links = [joined.get(text) or self.links.get(text, _OWN_NAME) for text in texts]
        fulls: dict[str, set[str]] = {}
        for text, link in zip(texts, links, strict=True):
            if link.full:
                fulls.setdefault(self.readings[text].surname, set()).add(link.full)
        if not fulls:
            return
        for text, link in zip(texts, links, strict=True):
            reading = self.readings[text]
            found = fulls.get(reading.surname, _NONE)
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
        exceptions: dict[tuple[DocId, str], str] = {}
        # Documents per text where it means its default entity, documents per entity, and the
        # links of texts joined in their document: listed document by document, counted at the end.
        default_texts: list[str] = []
        entity_keys: list[str] = []
        joined_links: list[tuple[str, str, Link]] = []  # (key, text, link), once per document
        moves: dict[tuple[str, str, str, str], int] = {}  # (default key, key, text, label) -> mentions
        own_key = {text: self.key_of(text, _OWN_NAME) for text in self.maybe_people}
        key_by_default = default_key.__getitem__
        joined_of = self.joined.get
        for doc, rows in self.documents.items():
            texts = set(map(_TEXT, rows))
            joined = joined_of(doc)
            if joined is None:
                default_texts.extend(texts)
                entity_keys.extend(set(map(key_by_default, texts)))
                continue
            moved: dict[str, str] = {}
            found: set[str] = set()
            for text, link in joined.items():
                key = link.full or own_key[text]
                joined_links.append((key, text, link))
                found.add(key or default_key[text])
                if key != default_key[text]:
                    exceptions[doc, text] = moved[text] = key
            texts.difference_update(joined)
            default_texts.extend(texts)
            found.update(map(key_by_default, texts))
            entity_keys.extend(found)
            if moved:  # the mentions of its texts that mean someone else here
                for _, text, label, count in self.people_rows[doc]:
                    if text in moved:
                        move = (default_key[text], moved[text], text, label)
                        moves[move] = moves.get(move, 0) + count
        for (default, key, text, label), count in moves.items():
            tally.add_mentions(default, text, label, -count)
            tally.add_mentions(key, text, label, count)
        for text, documents in Counter(default_texts).items():
            link = default_link[text]
            tally.add_documents(default_key[text], text, documents,
                                None if link.kind is LinkKind.OWN_NAME else link)
        for (key, text, link), documents in Counter(joined_links).items():
            tally.add_documents(key, text, documents, link)
        tally.add_entity_documents(entity_keys)
        entities = tally.entities(self.readings)
        index = {entity.key: i for i, entity in enumerate(entities)}
        return Resolution(
            tuple(entities),
            {text: index[key] for text, key in default_key.items() if key in index},
            {mention: index[key] for mention, key in exceptions.items()},
        )


_OWN_NAME = Link(LinkKind.OWN_NAME)
_NONE: set[str] = set()


def resolve(mentions: Iterable[Row]) -> Resolution:
    """The corpus's entities from its mentions, given as (document, text, label, count) rows in
    any order, counts of at least 1 (a row given twice adds its count), by the module's rules."""
    with collector_paused():
        resolver = _Resolver(mentions)
        resolver.read_documents()
        resolver.settle()
        return resolver.tally()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused: resolution builds millions of tuples, none in a cycle,
    and the collector would walk them all again and again (a third of the time at 100,000
    documents). It runs again after, if it ran before."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
