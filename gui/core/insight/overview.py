"""A corpus at a glance: its documents over time, its top entities of each type, and where its
documents' entities came from (brat files, JSON Lines records, the engine)."""

from __future__ import annotations

from dataclasses import dataclass

from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_entities import CorpusEntity, entities
from gui.core.corpus.store_resolution import resolution_current
from gui.core.insight.timeline import Period, Timeline, timeline

TOP_PER_TYPE = 10


@dataclass(frozen=True)
class Overview:
    """Every document's timeline (its mentions: every entity mention), the most mentioned
    entities of each label (labels by documents, most first), and documents per entity source."""

    timeline: Timeline
    top_entities: dict[str, tuple[CorpusEntity, ...]]
    entity_sources: dict[str, int]

    @property
    def documents(self) -> int:
        """How many documents the corpus has."""
        return self.timeline.documents


def entity_sources(store: CorpusStore) -> dict[str, int]:
    """How many documents have their entities from each source, most first."""
    rows = store.db.execute(
        "SELECT entity_source, count(*) FROM documents GROUP BY entity_source ORDER BY 2 DESC, 1"
    )
    return dict(rows.fetchall())


def labels(store: CorpusStore) -> list[str]:
    """The corpus's entity labels, the one with most documents' worth of entities first: those of
    the entities as corrected while the resolution is current (as `entities` lists them)."""
    table = "final_entities" if resolution_current(store) else "entities"
    rows = store.db.execute(
        f"SELECT label FROM {table} WHERE documents > 0 GROUP BY label ORDER BY sum(documents) DESC, label"
    )
    return [label for (label,) in rows]


def overview(store: CorpusStore, per_type: int = TOP_PER_TYPE, by: Period | None = None) -> Overview:
    """The overview of the store's corpus, with at most `per_type` entities per label."""
    return Overview(
        timeline(store, None, by),
        {label: tuple(entities(store, label, per_type)) for label in labels(store)},
        entity_sources(store),
    )
