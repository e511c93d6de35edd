"""The window's record of annotations: one folder at a time, one version of each text."""

from __future__ import annotations

from gui.core.engine.annotator import Source
from gui.core.engine.cache import text_key
from gui.core.model.document import Entity
from gui.core.session.annotation_store import Annotation, AnnotationStore


def test_annotations_of_an_older_generation_are_refused() -> None:
    store = AnnotationStore()
    store.reset(2)
    annotation = Annotation(text_key("Paris"), (Entity(0, 5, "GPE"),), Source.ENGINE)
    assert not store.accept(1, "paris", annotation)
    assert not store.has("paris")
    assert store.accept(2, "paris", annotation)
    assert store.for_text("paris", "Paris") == annotation


def test_a_changed_text_has_no_annotation_until_annotated_again() -> None:
    store = AnnotationStore()
    store.accept(0, "doc", Annotation(text_key("old text"), (), Source.CACHE))
    assert store.has("doc")
    assert store.for_text("doc", "new text") is None


def test_summary_counts_each_source() -> None:
    store = AnnotationStore()
    store.accept(0, "a", Annotation("k1", (), Source.ENGINE))
    store.accept(0, "b", Annotation("k2", (), Source.CACHE))
    store.accept(0, "c", Annotation("k3", (), Source.CACHE))
    store.accept(0, "d", Annotation("k4", (), Source.EMPTY))
    assert store.summary() == (
        "Entities ready for 4 documents: 1 annotated now, 2 from the cache, 1 without text"
    )
    store.reset(1)
    assert len(store) == 0


def test_summary_counts_entities_read_from_files() -> None:
    store = AnnotationStore()
    store.accept(0, "a", Annotation("k1", (), Source.BRAT))
    store.accept(0, "b", Annotation("k2", (), Source.ENGINE))
    store.accept(0, "c", Annotation("k3", (), Source.JSONL))
    assert store.summary() == (
        "Entities ready for 3 documents: 1 annotated now, 1 from brat .ann files, "
        "1 from the JSON Lines file"
    )
    snapshot = store.snapshot()
    store.reset(1)
    assert sorted(snapshot) == ["a", "b", "c"]  # a copy: the reset does not empty it


def test_summary_groups_thousands_as_the_window_does_elsewhere() -> None:
    store = AnnotationStore()
    for number in range(1_200):
        store.accept(0, f"d{number}", Annotation(f"k{number}", (), Source.CACHE if number else Source.ENGINE))
    assert store.summary() == "Entities ready for 1,200 documents: 1 annotated now, 1,199 from the cache"
