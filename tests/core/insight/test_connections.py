"""The entities that go with an entity: shared documents and association scores against counts
made in Python from generated articles, both orders, a query's scope, and common entities kept
from the top."""

from __future__ import annotations

import datetime as dt
import math
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from gui.core.insight.connections import Order, association, connections
from gui.core.search.query import parse_query
from tests.core.insight.generated_corpus import (
    LABELS,
    NAMES,
    Article,
    article_lists,
    dated_or_not,
    write_store,
)

articles = article_lists(dated_or_not(dt.date(2004, 1, 1), dt.date(2004, 12, 31)), most_articles=15)


@settings(max_examples=50, deadline=None)
@given(articles, st.sampled_from(NAMES), st.sampled_from(Order))
def test_connections_match_counts_made_in_python(corpus: list[Article], name: str, order: Order) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        store = write_store(Path(scratch) / "corpus", corpus)
        try:
            found = connections(store, name, top=None, order=order)
        finally:
            store.close()
    total = len(corpus)
    mine = [set(article.names) for article in corpus if name in article.names]
    documents = {other: sum(other in names for names in (set(a.names) for a in corpus)) for other in NAMES}
    shared = {other: sum(other in names for names in mine) for other in NAMES if other != name}
    expected = {other: count for other, count in shared.items() if count}
    assert {c.entity.name: c.shared for c in found} == expected
    for connection in found:
        other = connection.entity.name
        assert connection.entity.label == LABELS[other] and connection.entity.documents == documents[other]
        score = association(expected[other], len(mine), documents[other], total)
        assert math.isclose(connection.score, score)
        assert connection.entity.aliases == (other,)
    keys = [(c.score, c.shared) if order is Order.SCORE else (c.shared, c.score) for c in found]
    assert keys == sorted(keys, reverse=True)


def test_an_entity_found_everywhere_does_not_come_first(tmp_path: Path) -> None:
    # Reuters is in every article, Oslo only where Chen is: Oslo shares fewer documents with
    # Chen, but goes with Chen; Reuters is there by chance.
    corpus = [Article(None, ("Chen", "Oslo", "Reuters"))] * 4 + [Article(None, ("Chen", "Reuters"))] * 2
    corpus += [Article(None, ("Reuters", "Lima"))] * 12 + [Article(None, ("Unesco", "Chen", "Reuters"))]
    store = write_store(tmp_path / "corpus", corpus)
    by_score = connections(store, "chen")
    assert [c.entity.name for c in by_score] == ["Oslo", "Unesco", "Reuters"]
    assert by_score[-1].score == 0.0 and by_score[0].score > by_score[1].score > 0
    by_documents = connections(store, "chen", order=Order.SHARED)
    assert [(c.entity.name, c.shared) for c in by_documents] == [("Reuters", 7), ("Oslo", 4), ("Unesco", 1)]
    assert [c.entity.name for c in connections(store, "chen", top=1)] == ["Oslo"]
    assert connections(store, "nobody") == []
    store.close()


def test_a_query_scopes_the_documents_counted(tmp_path: Path) -> None:
    corpus = [
        Article(dt.date(2004, 1, 1), ("Chen", "Oslo")),
        Article(dt.date(2004, 1, 2), ("Chen", "Oslo", "Lima")),
        Article(dt.date(2005, 1, 1), ("Chen", "Lima")),
        Article(dt.date(2005, 1, 1), ("Lima",)),
    ]
    store = write_store(tmp_path / "corpus", corpus)
    found = connections(store, "Chen", within=parse_query("date:2004"))
    assert {c.entity.name: c.shared for c in found} == {"Oslo": 2, "Lima": 1}
    lima = next(c for c in found if c.entity.name == "Lima")
    # In 2004: two documents, both Chen's, one Lima's: no more than chance.
    assert lima.score == association(1, 2, 1, 2) == 0.0
    assert lima.entity.documents == 3  # the entity's own counts are the corpus's
    store.close()


def test_association_is_zero_at_chance_and_grows_with_what_is_shared() -> None:
    assert association(0, 10, 10, 100) == 0.0
    assert association(1, 10, 10, 100) == 0.0  # exactly what chance gives
    assert association(5, 10, 10, 100) > association(2, 10, 10, 100) > 0
    assert association(1, 10, 50, 100) < 0  # less often together than chance
