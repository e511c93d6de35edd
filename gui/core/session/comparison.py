"""Comparing a file's entities with the engine's: the toggle's state and the results it received."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from gui.core.engine.cache import text_key
from gui.core.model.document import Document, Entity
from gui.core.session.annotation_store import Annotation


class SpanDifferences(NamedTuple):
    """How a file's entities and the engine's differ: a span of the same type in both is the same;
    each side's others in reading order."""

    only_file: tuple[Entity, ...]
    only_engine: tuple[Entity, ...]
    both: int


def span_differences(file_entities: Sequence[Entity], engine: Sequence[Entity]) -> SpanDifferences:
    """The entities only in the file, those only found by the engine, and how many are in both."""
    ours = {(e.start, e.end, e.label) for e in file_entities}
    theirs = {(e.start, e.end, e.label) for e in engine}

    def only(entities: Sequence[Entity], other: set[tuple[int, int, str]]) -> tuple[Entity, ...]:
        kept = {(e.start, e.end, e.label): e for e in entities if (e.start, e.end, e.label) not in other}
        return tuple(sorted(kept.values(), key=lambda e: (e.start, -e.end, e.label)))

    return SpanDifferences(only(file_entities, theirs), only(engine, ours), len(ours & theirs))


def difference_summary(file_entities: tuple[Entity, ...], engine: tuple[Entity, ...], source: str) -> str:
    """'10 in both, 4 only found by the engine, 2 only in name.ann' (same span and type)."""
    differences = span_differences(file_entities, engine)
    return (
        f"{differences.both} in both, {len(differences.only_engine)} only found by the engine, "
        f"{len(differences.only_file)} only in {source}"
    )


class Comparison:
    """Whether documents read from a file are shown with the engine's entities, and those entities.

    Documents whose entities come from a file (a brat sidecar, a JSON Lines record) are not given
    to the engine; with the comparison on, the engine's entities of such a document are asked for
    and shown in place of the file's, with a summary of how the two sets differ.
    """

    def __init__(self) -> None:
        self.active = False
        self._results: dict[str, Annotation] = {}

    def reset(self) -> None:
        """Forget the results (another folder was opened); the toggle stays as it is."""
        self._results.clear()

    def toggle(self) -> bool:
        """Switch the comparison on or off; return the new state."""
        self.active = not self.active
        return self.active

    def wanted(self, document: Document) -> bool:
        """Whether the document should be shown with the engine's entities instead of its own."""
        return self.active and document.entity_source is not None

    def result_for(self, document: Document) -> Annotation | None:
        """The engine's annotation of this text of a document read from a file, if it came."""
        result = self._results.get(document.id)
        return result if result is not None and result.key == text_key(document.body) else None

    def keep(self, doc_id: str, annotation: Annotation) -> None:
        """Remember the engine's annotation of a document read from a file."""
        self._results[doc_id] = annotation
