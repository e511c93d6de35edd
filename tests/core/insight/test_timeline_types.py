"""`type:LABEL` follows the desk's corrections on every path that takes a query, against counts made
in Python from generated articles: the timeline's documents and mentions, the documents search
finds, and the network and connections scoped by it, after a relabel of an entity everywhere,
mentions' relabels (a document whose only mention of a label was relabelled away is not the
label's; one of the rejected entity's mentions stays rejected, as the highlights drop it), a
merge, a reject and an added text (a split: on the fixed articles of test_connections_corrected)."""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_corrections import apply_corrections
from gui.core.corpus.store_query import ranked_ids
from gui.core.corpus.store_resolution import resolve_store
from gui.core.desk.correction_log import add_correction
from gui.core.desk.corrections import Correction, Merge, Relabel, RelabelMention, Split
from gui.core.entities.resolved_entities import consensus
from gui.core.insight.connections import Order, connections
from gui.core.insight.network import network
from gui.core.insight.timeline import Count, Period, Timeline, period_label, timeline
from gui.core.search.query import parse_query
from tests.core.insight.generated_corpus import LABELS, WORD, Article, spans, write_store
from tests.core.insight.test_connections_corrected import correct, resolved_texts
from tests.core.insight.test_insight_corrections import (
    ADDED_LABEL,
    CORRECTIONS,
    NEW_LABEL,
    REJECTED,
    RELABELLED,
    articles,
    final,
    merges,
)

TYPES = ("PERSON", "ORG", "GPE", ADDED_LABEL)
OTHER = "Chen"  # named with `entity:` beside a `type:`


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CorpusStore]:
    """test_connections_corrected's five undated texts, resolved."""
    made = resolved_texts(tmp_path)
    yield made
    made.close()


@dataclass(frozen=True)
class Relabelled:
    """A mention relabelled alone: its article, its place among the article's names, its label."""

    article: int
    mention: int
    label: str


def relabel_of(corpus: list[Article], chosen: Relabelled) -> tuple[RelabelMention, Relabelled] | None:
    """The correction relabelling a mention (the rejected one's too), and it: the article and the
    mention chosen are taken modulo the articles and the article's names (none if it has none)."""
    number = chosen.article % len(corpus)
    article = corpus[number]
    if not article.names:
        return None
    mention = chosen.mention % len(article.names)
    span = spans(article.body())[mention]
    doc_id = f"article_{number:03d}"
    return (RelabelMention((f"{doc_id}.txt".encode(), doc_id), span.start, span.end, chosen.label,
                           article.names[mention]), Relabelled(number, mention, chosen.label))


@dataclass(frozen=True)
class Typed:
    """What `type:` sees of one article: its mentions' corrected entities and labels (the label
    a mention was given alone, else its entity's)."""

    mentions: tuple[tuple[frozenset[str], str], ...]


NOTHING = Typed(())


def typed(corpus: list[Article], relabelled: list[Relabelled]) -> list[Typed]:
    """Each article as `type:` sees it: an entity's label is the one it was relabelled to
    everywhere, else the consensus of its mentions' labels (a mention relabelled alone votes with
    its own, the last relabel of it wins); the rejected entity's mentions are left out, relabelled
    alone or not; the added text is an entity of its own."""
    merged = merges(corpus)
    alone = {(chosen.article, chosen.mention): chosen.label for chosen in relabelled}
    votes: dict[frozenset[str], Counter[str]] = {}
    for number, article in enumerate(corpus):
        for place, name in enumerate(article.names):
            if name != REJECTED:
                label = alone.get((number, place), LABELS[name])
                votes.setdefault(final(name, merged), Counter())[label] += 1
    labels = {entity: NEW_LABEL if entity == frozenset({RELABELLED}) else consensus(counts)
              for entity, counts in votes.items()}
    labels[frozenset({WORD})] = ADDED_LABEL
    found = []
    for number, article in enumerate(corpus):
        mentions = [(final(name, merged), alone.get((number, place)))
                    for place, name in enumerate(article.names) if name != REJECTED]
        mentions += [(frozenset({WORD}), None)] * article.words
        found.append(Typed(tuple((entity, own or labels[entity]) for entity, own in mentions)))
    return found


def of_type(article: Typed, label: str, entity: frozenset[str] | None = None) -> tuple[bool, int]:
    """Whether `type:LABEL` (OR `entity:` of `entity`) finds the article, and the mentions its
    timeline counts there: of the label, as each mention's own label says (or of the entity).
    The article is the label's if one of its mentions is: not if its only one was relabelled
    away, though its entity keeps the label."""
    mentions = sum(own == label or found == entity for found, own in article.mentions)
    return mentions > 0, mentions


def expected_timeline(
    corpus: list[Article], seen: list[Typed], label: str, entity: frozenset[str] | None = None
) -> dict[str | None, list[int]]:
    """The brute-force timeline of `type:LABEL` (OR `entity:`), by month: documents and mentions."""
    expected: dict[str | None, list[int]] = {}
    for article, seen_as in zip(corpus, seen, strict=True):
        matched, mentions = of_type(seen_as, label, entity)
        if matched:
            period = period_label(article.date, Period.MONTH) if article.date else None
            counts = expected.setdefault(period, [0, 0])
            counts[0] += 1
            counts[1] += mentions
    return expected


def counted(found: Timeline) -> dict[str | None, list[int]]:
    """A timeline's periods with documents (the undated as None), and their counts."""
    got = {count.period: [count.documents, count.mentions] for count in found.counts if count.documents}
    if found.undated.documents:
        got[None] = [found.undated.documents, found.undated.mentions]
    assert all(count.mentions == 0 for count in found.counts if not count.documents)
    return got


@contextmanager
def corrected_store(corpus: list[Article], extra: list[Correction]) -> Iterator[CorpusStore]:
    """A store of the articles, resolved, with the corrections (and `extra`) applied."""
    with tempfile.TemporaryDirectory() as scratch:
        made = write_store(Path(scratch) / "corpus", corpus)
        try:
            assert resolve_store(made)
            for correction in (*CORRECTIONS, *extra):
                add_correction(made.db, correction)
            apply_corrections(made)
            yield made
        finally:
            made.close()


# Some mentions relabelled alone (the same one twice: the last wins), the rejected one's too.
relabels = st.lists(st.builds(Relabelled, st.integers(0, 11), st.integers(0, 5), st.sampled_from(TYPES)),
                    max_size=4)


def chosen_relabels(corpus: list[Article], relabelled: list[Relabelled]) -> tuple[list[Correction],
                                                                                 list[Relabelled]]:
    """The mentions' relabels as corrections (none for a mention the article lacks), and those made:
    one the desk already has active is not added again (add_correction), so it does not win."""
    made = list({relabel: None for chosen in relabelled if (relabel := relabel_of(corpus, chosen))})
    return [relabel for relabel, _ in made], [chosen for _, chosen in made]


@settings(max_examples=30, deadline=None)
@given(articles, relabels)
def test_type_timelines_and_search_follow_the_corrections(
    corpus: list[Article], relabelled: list[Relabelled]
) -> None:
    extra, kept = chosen_relabels(corpus, relabelled)
    seen = typed(corpus, kept)
    in_2004 = [seen_as if article.date and article.date.year == 2004 else NOTHING
               for article, seen_as in zip(corpus, seen, strict=True)]
    with corrected_store(corpus, extra) as made:
        for label in TYPES:
            query = parse_query(f"type:{label}")
            assert counted(timeline(made, query, Period.MONTH)) == expected_timeline(corpus, seen, label)
            assert set(ranked_ids(made, query)) == {
                f"article_{number:03d}" for number, seen_as in enumerate(seen) if of_type(seen_as, label)[0]}
            either = parse_query(f"type:{label} OR entity:{OTHER}")
            assert counted(timeline(made, either, Period.MONTH)) == expected_timeline(
                corpus, seen, label, frozenset({OTHER}))
            # A date beside it: the documents are not the type's alone.
            dated = counted(timeline(made, parse_query(f"type:{label} date:2004"), Period.MONTH))
            assert dated == expected_timeline(corpus, in_2004, label)


@settings(max_examples=20, deadline=None)
@given(articles, relabels, st.sampled_from(TYPES))
def test_the_network_and_connections_scoped_by_a_type_follow_the_corrections(
    corpus: list[Article], relabelled: list[Relabelled], label: str
) -> None:
    extra, kept = chosen_relabels(corpus, relabelled)
    seen = typed(corpus, kept)
    scope = parse_query(f"type:{label}")
    with corrected_store(corpus, extra) as made:
        found = network(made, scope, top=50)
        subject = connections(made, OTHER, top=None, order=Order.SHARED, within=scope)
    merged = merges(corpus)
    inside = [{entity for entity, _ in seen_as.mentions} for seen_as in seen if of_type(seen_as, label)[0]]
    documents = Counter(entity for entities in inside for entity in entities)
    assert {final(node.name, merged): node.documents for node in found.nodes} == dict(documents)
    other = frozenset({OTHER})
    shared = Counter(entity for entities in inside if other in entities
                     for entity in entities if entity != other)
    assert {final(c.entity.name, merged): c.shared for c in subject} == dict(shared)


def test_a_split_off_alias_relabelled_is_found_by_its_new_type(store: CorpusStore) -> None:
    """On test_connections_corrected's five undated texts: Gazprom in a-d, Rosneft in d and e,
    Yukos (a PERSON) once in a and twice in b, "Tony Blair" in a, "Mr Blair" in b, "He" in c."""
    person, org = parse_query("type:PERSON"), parse_query("type:ORG")
    assert timeline(store, person).undated == Count(None, 3, 6)
    assert timeline(store, org).undated == Count(None, 5, 6)
    correct(store, Split("Tony Blair", "Mr Blair"), Relabel("Mr Blair", "ORG"), Merge(("Yukos", "Gazprom")))
    # Yukos joins Gazprom, an ORG by four mentions to three; "Mr Blair" is an ORG of its own.
    assert timeline(store, person).undated == Count(None, 2, 2)  # Tony Blair in a, He in c
    assert timeline(store, org).undated == Count(None, 5, 10)
    assert sorted(ranked_ids(store, person)) == ["a", "c"]


def test_a_mention_relabelled_alone_counts_under_its_own_type(store: CorpusStore) -> None:
    correct(store, RelabelMention((b"b.txt", "b"), 0, 5, "ORG", "Yukos"))  # the first Yukos of b
    # Yukos stays a PERSON (two mentions to one): one mention moves from PERSON to ORG.
    assert timeline(store, parse_query("type:PERSON")).undated == Count(None, 3, 5)
    assert timeline(store, parse_query("type:ORG")).undated == Count(None, 5, 7)
    assert timeline(store, parse_query("type:ORG OR entity:Yukos")).undated == Count(None, 5, 9)
