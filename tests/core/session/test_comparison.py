"""How a file's entities and the engine's differ: the same span and type is the same entity."""

from __future__ import annotations

from gui.core.model.document import Entity
from gui.core.session.comparison import difference_summary, span_differences


def test_differences_are_each_sides_own_entities_in_reading_order() -> None:
    file_entities = (Entity(20, 22, "PERSON", "T3"), Entity(0, 4, "ORG", "T1"), Entity(15, 19, "LOC", "T2"))
    engine = (Entity(0, 4, "ORG"), Entity(15, 19, "GPE"), Entity(35, 40, "GPE"), Entity(35, 40, "GPE"))
    differences = span_differences(file_entities, engine)
    assert differences.only_file == (Entity(15, 19, "LOC", "T2"), Entity(20, 22, "PERSON", "T3"))
    assert differences.only_engine == (Entity(15, 19, "GPE"), Entity(35, 40, "GPE"))  # once each
    assert differences.both == 1
    assert difference_summary(file_entities, engine, "a.ann") == (
        "1 in both, 2 only found by the engine, 2 only in a.ann"
    )
