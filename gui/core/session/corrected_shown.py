"""The user's entity corrections over the entities a document shows (issue 15).

The session holds the corrections as a plain value, a `CorrectionOverlay` (gui/core/desk), which
the window replaces after each correction with one the corpus store builds; the session applies
it to whatever it decides to show, so the highlights, the entity panel and the legend all take
the corrected entities, and a test needs neither Qt nor a store.

A mention whose label a correction changed keeps the model's own label in its note ("the model
said PERSON"), which the text's tooltip shows; an export writes the corrected entities without
that note (`explain=False`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from gui.core.desk.correction_overlay import CorrectionOverlay
from gui.core.desk.corrections import DocumentKey
from gui.core.entities.mentions import MentionGroup
from gui.core.model.document import Entity
from gui.core.session.annotation_store import Annotation

MODEL_SAID = "the model said "  # the start of the note a relabelled mention carries on screen

Grouping = Callable[[str, Sequence[Entity]], tuple[MentionGroup, ...]]


def corrected_entities(
    overlay: CorrectionOverlay, key: DocumentKey, body: str, entities: Sequence[Entity], explain: bool = True
) -> tuple[Entity, ...]:
    """The entities with the corrections applied (rejected ones gone, relabelled ones relabelled,
    added ones in), in text order; a relabelled one says the model's label in its note if
    `explain`. The same tuple back when no correction applies to the document."""
    if overlay.empty:
        return tuple(entities)
    fixed = overlay.spans(key, body, entities)
    if not explain:
        return fixed
    model = {(entity.start, entity.end): entity.label for entity in entities}
    explained = []
    for entity in fixed:
        said = model.get((entity.start, entity.end))
        if said is not None and said != entity.label:
            note = MODEL_SAID + said
            entity = entity._replace(note=f"{entity.note}\n{note}" if entity.note else note)
        explained.append(entity)
    return tuple(explained)


def corrected_annotation(
    overlay: CorrectionOverlay, key: DocumentKey, body: str, annotation: Annotation, group: Grouping
) -> Annotation:
    """The annotation with the corrections applied to its entities, grouped again if they
    changed (the entity panel lists the corrected ones); the annotation itself if none apply."""
    if overlay.empty:
        return annotation
    entities = corrected_entities(overlay, key, body, annotation.entities)
    if entities == annotation.entities:
        return annotation
    # A document with more entities than the session groups at once keeps the groups it had
    # (the model's): an empty panel would say less than a slightly stale one.
    groups = (group(body, entities) or annotation.groups) if entities else ()
    return annotation._replace(entities=entities, groups=groups)
