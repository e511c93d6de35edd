"""A corpus at a glance: every document over time, the top entities of each type, and where the
documents' entities came from."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from gui.core.insight.overview import overview
from gui.core.insight.timeline import Count, Measure, Period
from gui.core.model.document import Source
from tests.core.insight.generated_corpus import Article, write_store


def test_the_overview_of_a_small_corpus(tmp_path: Path) -> None:
    corpus = [
        Article(dt.date(2004, 1, 5), ("Lima", "Oslo", "Lima", "Chen")),
        Article(dt.date(2004, 3, 20), ("Lima", "Reuters"), source=Source.JSONL),
        Article(dt.date(2004, 3, 21), ("Quito", "Brandt"), source=None),
        Article(None, ("Lima",)),
    ]
    store = write_store(tmp_path / "corpus", corpus)
    seen = overview(store, per_type=2, by=Period.MONTH)
    assert seen.documents == 4
    assert seen.timeline.measure is Measure.ALL_ENTITIES
    assert seen.timeline.counts == (Count("2004-01", 1, 4), Count("2004-02", 0, 0), Count("2004-03", 2, 4))
    assert seen.timeline.undated == Count(None, 1, 1)
    assert list(seen.top_entities) == ["GPE", "PERSON", "ORG"]
    assert [(e.name, e.documents, e.mentions) for e in seen.top_entities["GPE"]] == [
        ("Lima", 3, 4), ("Oslo", 1, 1)]
    assert [e.name for e in seen.top_entities["PERSON"]] == ["Brandt", "Chen"]
    assert seen.entity_sources == {"brat": 2, "engine": 1, "jsonl": 1}
    store.close()
