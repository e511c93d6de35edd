"""What the window knows of each document's entities, for the folder it has open."""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from gui.core.engine.annotator import Source
from gui.core.engine.cache import text_key
from gui.core.entities.mentions import MentionGroup
from gui.core.model.document import Entity


class AnnotatedDocument(NamedTuple):
    """What the background worker reports for one document: plain data for the UI thread."""

    doc_id: str
    body: str
    entities: tuple[Entity, ...]
    source: Source
    groups: tuple[MentionGroup, ...]  # the entities merged per real-world entity

    @property
    def key(self) -> str:
        """The hash of the annotated text."""
        return text_key(self.body)


class Annotation(NamedTuple):
    """Entities found for one version of a document's text (`key` is the text's hash)."""

    key: str
    entities: tuple[Entity, ...]
    source: Source
    groups: tuple[MentionGroup, ...] = ()


class AnnotationStore:
    """Annotations by document id for one generation (one opened folder); stale ones are refused."""

    def __init__(self) -> None:
        self.generation = 0
        self._annotations: dict[str, Annotation] = {}

    def reset(self, generation: int) -> None:
        """Forget everything: a new folder (annotation generation) begins."""
        self.generation = generation
        self._annotations.clear()

    def accept(self, generation: int, doc_id: str, annotation: Annotation) -> bool:
        """Store an annotation unless it belongs to an older generation; say whether it was."""
        if generation != self.generation:
            return False
        self._annotations[doc_id] = annotation
        return True

    def forget(self, doc_ids: frozenset[str]) -> None:
        """These documents left the folder: their annotations go, so that the counts said (the
        status line's 'Entities ready for N documents') are of the documents there are."""
        for doc_id in doc_ids:
            self._annotations.pop(doc_id, None)

    def for_text(self, doc_id: str, body: str) -> Annotation | None:
        """The annotation of exactly this text of a document, if known."""
        annotation = self._annotations.get(doc_id)
        return annotation if annotation is not None and annotation.key == text_key(body) else None

    def has(self, doc_id: str) -> bool:
        """Whether some version of the document has been annotated."""
        return doc_id in self._annotations

    def __len__(self) -> int:
        return len(self._annotations)

    def snapshot(self) -> dict[str, Annotation]:
        """A copy of the annotations by document id, for a background thread to read."""
        return dict(self._annotations)

    def summary(self) -> str:
        """'Entities ready for 4,000 documents: 12 annotated now, 3,988 from the cache' (the numbers
        grouped as everywhere else the window counts)."""
        sources = Counter(annotation.source for annotation in self._annotations.values())
        noun = "document" if len(self._annotations) == 1 else "documents"
        parts = [
            f"{sources[source]:,} {how}"
            for source, how in (
                (Source.ENGINE, "annotated now"),
                (Source.CACHE, "from the cache"),
                (Source.BRAT, "from brat .ann files"),
                (Source.JSONL, "from the JSON Lines file"),
                (Source.EMPTY, "without text"),
            )
            if sources[source]
        ]
        return f"Entities ready for {len(self._annotations):,} {noun}: " + ", ".join(parts)
