"""Every chart follows the desk's corrections (issue 15), against counts made in Python from
generated articles: after a merge, a relabel, a reject and an added text, the timeline of an
entity counts its merged alias's documents, the connections and the network show the corrected
entities (one node for a merged pair, the new label, nothing of a rejected one, the added text),
and the overview's top entities of each type follow the relabels."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import combinations
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_corrections import apply_corrections
from gui.core.corpus.store_resolution import resolve_store
from gui.core.desk.correction_log import add_correction
from gui.core.desk.corrections import Add, Merge, Reject, Relabel
from gui.core.insight.connections import Order, connections
from gui.core.insight.network import network
from gui.core.insight.overview import overview
from gui.core.insight.timeline import Period, period_label, timeline
from gui.core.search.query import parse_query
from tests.core.insight import generated_corpus as generated
from tests.core.insight.generated_corpus import LABELS, NAMES, WORD, Article, write_store

MERGED = frozenset({"Alvarez", "Brandt"})
RELABELLED, NEW_LABEL = "Lima", "ORG"
REJECTED = "Nato"
ADDED_LABEL = "EVENT"
CORRECTIONS = (Merge(tuple(sorted(MERGED))), Relabel(RELABELLED, NEW_LABEL), Reject(REJECTED),
               Add(WORD, ADDED_LABEL))

articles = generated.article_lists(
    generated.dated_or_not(dt.date(2004, 1, 1), dt.date(2005, 12, 31)), most_words=2
)


def merges(corpus: list[Article]) -> bool:
    """Whether the merge joins two entities: both names are in the corpus."""
    return MERGED <= {name for article in corpus for name in article.names}


def final(name: str, merged: bool = True) -> frozenset[str]:
    """The corrected entity a name means, as the set of its names."""
    return MERGED if merged and name in MERGED else frozenset({name})


def final_label(entity: frozenset[str]) -> str:
    """The corrected entity's label."""
    if entity == frozenset({WORD}):
        return ADDED_LABEL
    if entity == frozenset({RELABELLED}):
        return NEW_LABEL
    return LABELS[min(entity)]


def finals(article: Article, merged: bool) -> set[frozenset[str]]:
    """The corrected entities an article mentions."""
    found = {final(name, merged) for name in article.names if name != REJECTED}
    if article.words:
        found.add(frozenset({WORD}))
    return found


def document_counts(corpus: list[Article], merged: bool) -> Counter[frozenset[str]]:
    """How many articles mention each corrected entity."""
    return Counter(entity for article in corpus for entity in finals(article, merged))


@contextmanager
def corrected_store(corpus: list[Article]) -> Iterator[CorpusStore]:
    """A store of the articles, resolved, with the corrections applied."""
    with tempfile.TemporaryDirectory() as scratch:
        store = write_store(Path(scratch) / "corpus", corpus)
        try:
            assert resolve_store(store)
            for correction in CORRECTIONS:
                add_correction(store.db, correction)
            apply_corrections(store)
            yield store
        finally:
            store.close()


def named(name: str, aliases: tuple[str, ...]) -> frozenset[str]:
    """An entity shown with these names, as the set the brute force keys it by."""
    return frozenset(aliases) | {name}


@settings(max_examples=25, deadline=None)
@given(articles, st.sampled_from(sorted(MERGED)))
def test_the_timeline_of_a_merged_entity_counts_every_name_of_it(corpus: list[Article], name: str) -> None:
    with corrected_store(corpus) as store:
        found = timeline(store, parse_query(f'entity:"{name}"'), Period.MONTH)
    expected: dict[str | None, list[int]] = {}
    names = final(name, merges(corpus))
    for article in corpus:
        mentions = sum(other in names for other in article.names)
        if mentions:
            period = period_label(article.date, Period.MONTH) if article.date else None
            counts = expected.setdefault(period, [0, 0])
            counts[0] += 1
            counts[1] += mentions
    got = {count.period: [count.documents, count.mentions] for count in found.counts if count.documents}
    if found.undated.documents:
        got[None] = [found.undated.documents, found.undated.mentions]
    assert got == expected


@settings(max_examples=25, deadline=None)
@given(articles, st.sampled_from([name for name in NAMES if name != REJECTED]))
def test_connections_are_the_corrected_entities(corpus: list[Article], name: str) -> None:
    with corrected_store(corpus) as store:
        found = connections(store, name, top=None, order=Order.SHARED)
        rejected = connections(store, REJECTED, top=None)
    merged = merges(corpus)
    subject = final(name, merged)
    documents = document_counts(corpus, merged)
    shared = Counter(entity for article in corpus if subject in finals(article, merged)
                     for entity in finals(article, merged) if entity != subject)
    assert {named(c.entity.name, c.entity.aliases): c.shared for c in found} == dict(shared)
    for connection in found:
        entity = named(connection.entity.name, connection.entity.aliases)
        assert connection.entity.label == final_label(entity)
        assert connection.entity.documents == documents[entity]
    assert rejected == []


@settings(max_examples=25, deadline=None)
@given(articles)
def test_the_network_is_of_the_corrected_entities(corpus: list[Article]) -> None:
    with corrected_store(corpus) as store:
        found = network(store, None, top=50)
        scoped = network(store, parse_query("date:2004"), top=50)
    merged = merges(corpus)
    documents = document_counts(corpus, merged)
    nodes = {final(node.name, merged): node for node in found.nodes}
    assert len(nodes) == len(found.nodes)  # one node per entity: a merged pair is one
    assert {entity: node.documents for entity, node in nodes.items()} == dict(documents)
    assert all(node.label == final_label(entity) for entity, node in nodes.items())
    keys = [final(node.name, merged) for node in found.nodes]
    links = {frozenset({keys[edge.source], keys[edge.target]}): edge.shared for edge in found.edges}
    expected = Counter(frozenset(pair) for article in corpus
                       for pair in combinations(sorted(finals(article, merged), key=sorted), 2))
    assert links == dict(expected)

    in_2004 = document_counts([article for article in corpus if article.date and article.date.year == 2004],
                              merged)
    assert {final(node.name, merged): node.documents for node in scoped.nodes} == dict(in_2004)


@settings(max_examples=25, deadline=None)
@given(articles)
def test_the_overviews_top_entities_follow_the_corrections(corpus: list[Article]) -> None:
    with corrected_store(corpus) as store:
        found = overview(store, per_type=50)
    documents = document_counts(corpus, merges(corpus))
    expected: dict[str, dict[frozenset[str], int]] = {}
    for entity, count in documents.items():
        expected.setdefault(final_label(entity), {})[entity] = count
    got = {label: {named(entity.name, entity.aliases): entity.documents for entity in entities}
           for label, entities in found.top_entities.items()}
    assert got == expected
    for entities in found.top_entities.values():
        counts = [entity.documents for entity in entities]
        assert counts == sorted(counts, reverse=True)


@settings(max_examples=25, deadline=None)
@given(articles, st.sampled_from(list(Period)))
def test_the_overviews_mentions_per_period_follow_the_corrections(corpus: list[Article], by: Period) -> None:
    with corrected_store(corpus) as store:
        found = overview(store, by=by).timeline
    # Every mention as corrected: none of the rejected entity's, one per occurrence of the added
    # text; a merge and a relabel move mentions, changing none. Every document, whatever it names.
    expected: dict[str | None, list[int]] = {}
    for article in corpus:
        period = period_label(article.date, by) if article.date else None
        counts = expected.setdefault(period, [0, 0])
        counts[0] += 1
        counts[1] += sum(name != REJECTED for name in article.names) + article.words
    got = {count.period: [count.documents, count.mentions] for count in found.counts if count.documents}
    if found.undated.documents:
        got[None] = [found.undated.documents, found.undated.mentions]
    assert got == expected
    assert all(count.mentions == 0 for count in found.counts if not count.documents)
