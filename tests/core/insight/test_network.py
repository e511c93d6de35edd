"""The network of a query's top entities: nodes and edges against counts made in Python from
generated articles, and the same picture for the same corpus, however it was built."""

from __future__ import annotations

import datetime as dt
import itertools
import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from gui.core.insight.network import Edge, network
from gui.core.search.query import parse_query
from tests.core.insight.generated_corpus import LABELS, Article, article_lists, write_store

articles = article_lists(st.sampled_from([dt.date(2004, 1, 1), dt.date(2005, 1, 1), None]), most_articles=15)


def shared_pairs(corpus: list[Article]) -> Counter[frozenset[str]]:
    pairs: Counter[frozenset[str]] = Counter()
    for article in corpus:
        for first, second in itertools.combinations(sorted(set(article.names)), 2):
            pairs[frozenset((first, second))] += 1
    return pairs


@settings(max_examples=40, deadline=None)
@given(articles, st.integers(1, 12), st.booleans())
def test_the_network_matches_counts_made_in_python(corpus: list[Article], top: int, in_2004: bool) -> None:
    scope = [a for a in corpus if a.date == dt.date(2004, 1, 1)] if in_2004 else corpus
    with tempfile.TemporaryDirectory() as scratch:
        store = write_store(Path(scratch) / "corpus", corpus)
        try:
            found = network(store, parse_query("date:2004") if in_2004 else None, top)
        finally:
            store.close()
    documents = Counter(name for article in scope for name in set(article.names))
    sizes = sorted(documents.values(), reverse=True)
    assert [node.documents for node in found.nodes] == sizes[:top]
    for node in found.nodes:
        assert node.documents == documents[node.name] and node.label == LABELS[node.name]
        assert -1.0 <= node.x <= 1.0 and -1.0 <= node.y <= 1.0
    pairs = shared_pairs(scope)
    expected = {
        (i, j): pairs[frozenset((a.name, b.name))]
        for (i, a), (j, b) in itertools.combinations(enumerate(found.nodes), 2)
        if pairs[frozenset((a.name, b.name))]
    }
    assert {(edge.source, edge.target): edge.shared for edge in found.edges} == expected
    assert [(e.source, e.target) for e in found.edges] == sorted(expected)


def test_the_same_corpus_gives_the_same_picture(tmp_path: Path) -> None:
    corpus = [Article(None, names) for names in (
        ("Chen", "Oslo", "Reuters"), ("Chen", "Reuters"), ("Lima", "Quito", "Nato"), ("Lima", "Quito"),
        ("Alvarez", "Paris", "Unesco"), ("Brandt", "Paris"), ("Oslo", "Nato"), ("Chen", "Oslo"),
    )]
    first = write_store(tmp_path / "first", corpus)
    # The same articles under other file names: other row ids, the same corpus.
    second = write_store(tmp_path / "second", list(reversed(corpus)))
    picture = network(first)
    assert network(first) == picture
    assert network(second) == picture
    assert len(picture.nodes) == 10 and Edge(0, 1, 2) in picture.edges  # Chen and Oslo
    places = {(round(node.x, 3), round(node.y, 3)) for node in picture.nodes}
    assert len(places) == len(picture.nodes)  # no two nodes drawn on one another
    assert network(first, min_shared=2).edges == tuple(e for e in picture.edges if e.shared >= 2)
    assert network(first, parse_query("entity:nobody")).nodes == ()
    first.close()
    second.close()


def test_a_grown_corpus_keeps_the_places_of_the_nodes_it_had(tmp_path: Path) -> None:
    """Asked again as the store takes more documents, the nodes shown before stay where they were
    drawn and only the new ones are laid out among them; a network mostly new is laid out anew."""
    corpus = [Article(None, names) for names in (
        ("Chen", "Oslo", "Reuters"), ("Chen", "Reuters"), ("Lima", "Quito", "Nato"), ("Lima", "Quito"),
        ("Oslo", "Nato"), ("Chen", "Oslo"),
    )]
    before = network(write_store(tmp_path / "before", corpus))
    kept = {(node.name, node.label): (node.x, node.y) for node in before.nodes}
    grown = write_store(tmp_path / "grown", [*corpus, Article(None, ("Chen", "Brandt", "Paris"))])
    after = network(grown, kept=kept)
    assert {node.name for node in after.nodes} == {node.name for node in before.nodes} | {"Brandt", "Paris"}
    for node in after.nodes:
        if (node.name, node.label) in kept:
            assert (node.x, node.y) == kept[(node.name, node.label)]
    assert len({(round(node.x, 3), round(node.y, 3)) for node in after.nodes}) == len(after.nodes)
    assert network(grown) != after  # asked afresh: laid out afresh, as it always is
    assert network(grown, kept={("Chen", "PERSON"): (0.5, 0.5)}) == network(grown)  # mostly new
    grown.close()
