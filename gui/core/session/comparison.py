"""Comparing a file's entities with the engine's: the toggle's state and the results it received,
and both sides as the user's entity corrections leave them.

The corrections apply to both sides. They are rules the user made once for the whole corpus
("Yukos is an ORG", "he is never an entity", "Gazprom is an ORG wherever it is written"), and
someone comparing asks where the engine and the corpus, as they have fixed it, still disagree.
Correcting the file's side alone would mark every mention the engine has as the model first did
(each relabelled Yukos, each rejected "he") and drown the real differences; correcting neither
would mark again what the user already fixed. So a relabel, a reject or an add changes both sides
alike, and a mark is a difference that is left; the header and the summary say that both sides
are corrected.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from gui.core.engine.cache import text_key
from gui.core.model.document import Document, Entity
from gui.core.session.annotation_store import Annotation

if TYPE_CHECKING:
    from gui.core.desk.correction_overlay import CorrectionOverlay
    from gui.core.desk.corrections import DocumentKey
    from gui.core.session.corrected_shown import Grouping

# Said after a comparison's summary, and in its legend, when corrections apply to the document.
BOTH_CORRECTED = "both sides with your corrections"


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


def corrected_sides(
    overlay: CorrectionOverlay | None,
    key: DocumentKey,
    body: str,
    file_entities: Sequence[Entity],
    engine: Annotation,
    group: Grouping,
) -> tuple[tuple[Entity, ...], Annotation, bool]:
    """Both sides of a comparison with the corrections applied (see the module): the file's
    entities, the engine's annotation (its mentions a correction relabelled say the model's label
    in their note, as elsewhere on screen), and whether the corrections changed either."""
    if overlay is None or overlay.empty:
        return tuple(file_entities), engine, False
    from gui.core.session.corrected_shown import corrected_annotation, corrected_entities

    ours = corrected_entities(overlay, key, body, file_entities, explain=False)
    theirs = corrected_annotation(overlay, key, body, engine, group)
    changed = ours != tuple(file_entities) or theirs.entities != engine.entities
    return ours, theirs, changed


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
