"""The corrections over one document's spans: what the window draws and the exports write.

A `CorrectionOverlay` is built once per change of the corrections or of the resolution
(gui.core.corpus.store_corrections.correction_overlay builds it from a store) and is then pure
and cheap: it holds only what the corrections touch (the texts of the entities they touch, where
those texts mean another entity in some document, the mentions relabelled one by one, the texts
added), so a document none of that concerns costs one set lookup per span.

- `spans(document, body, spans)`: the document's spans corrected. A span whose text belongs to a
  relabelled entity takes its label (every alias: "Mr Blair" with "Tony Blair"); one of a
  rejected entity goes; a mention relabelled alone takes its label (if its text is still the
  text it was corrected on); then every occurrence of an added text, at word boundaries, case
  kept, that no span left covers, is a new span with the added label. In text order.
- `entity_of(document, text)`: the corrected corpus entity a mention with this text belongs to in
  that document (`EntityRef`: id, key, name, label the correction gives or None) when the
  corrections touch it, None when they do not (the resolution's entity then, as the store says).
- `empty`: no correction applies; `spans` returns its input.
- `document(document)`: a Document with its entities corrected (for an export).

`document` is the desk's key of a document: (file name bytes, corpus id), as
gui.core.desk.corrections.DocumentKey.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Mapping, Sequence
from itertools import accumulate
from typing import NamedTuple

from gui.core.desk.corrected_entities import CorrectedEntities
from gui.core.desk.corrections import DocumentKey
from gui.core.desk.reading import document_key
from gui.core.model.document import Document, Entity


class EntityRef(NamedTuple):
    """A corrected corpus entity, as the overlay names it: `label` is the one a correction gives
    all its mentions (None: they keep their own)."""

    id: int
    key: str
    name: str
    label: str | None


class CorrectionOverlay:
    """The active corrections, ready to apply to any document's spans (see the module)."""

    def __init__(
        self,
        state: CorrectedEntities,
        text_entities: Mapping[str, int],
        exceptions: Mapping[DocumentKey, Mapping[str, int]],
        stamp: str = "",
    ) -> None:
        """`text_entities`: the resolved entity each touched text means by default;
        `exceptions`: where, by document, a touched text means another resolved entity."""
        self.state = state
        self.stamp = stamp  # what it was built from (the store's corrections fact)
        # A text may mean no entity by default (it means another in every document it is in).
        self._texts = frozenset(state.texts())
        self._text_entities = text_entities
        self._exceptions = exceptions
        # What a span of each touched text becomes where it means its usual entity: None (it
        # goes) or the label it takes (its own: None). A text whose entity no correction changes
        # is left out, so most spans cost one lookup.
        self._usual: dict[str, tuple[str | None]] = {}
        for text in self._texts & text_entities.keys():
            effect = self._effect(self.state.owner.get((text_entities[text], text)))
            if effect != (_KEEP,):
                self._usual[text] = effect
        self._unusual = {document: {text: self._effect(self.state.owner.get((resolved, text)))
                                    for text, resolved in texts.items() if text in self._texts}
                         for document, texts in exceptions.items()}
        self._by_document: dict[DocumentKey, dict[tuple[int, int], tuple[str, str]]] = {}
        for (document, start, end), mention in state.mention_labels.items():
            self._by_document.setdefault(document, {})[start, end] = (mention.label, mention.text)
        added = sorted(state.added.values(), key=lambda added: (-len(added.text), added.text))
        self._added = {added.text: added for added in added}
        self._added_texts = tuple(self._added)  # longest first

    def _effect(self, owner: int | None) -> tuple[str | None]:
        """What the spans of a piece owned by `owner` become: (None,) to drop, (label,)."""
        if owner is None:
            return (_KEEP,)
        entity = self.state.entities[owner]
        return (None,) if entity.rejected else (entity.label or _KEEP,)

    @property
    def empty(self) -> bool:
        """Whether no correction changes any span."""
        return not self._texts and not self._by_document and not self._added_texts

    def _ref(self, entity_id: int) -> EntityRef:
        entity = self.state.entities[entity_id]
        return EntityRef(entity.id, entity.key, entity.name, entity.label)

    def _owner(self, document: DocumentKey, text: str) -> int | None:
        """The corrected entity (id) of a touched text in a document, if the corrections touch it."""
        if text not in self._texts:
            return None
        resolved = self._exceptions.get(document, {}).get(text)
        if resolved is None:
            resolved = self._text_entities.get(text)
        return None if resolved is None else self.state.owner.get((resolved, text))

    def entity_of(self, document: DocumentKey, text: str) -> EntityRef | None:
        """The corrected entity of a mention's text in a document, when corrections touch it."""
        owner = self._owner(document, text)
        if owner is not None:
            return self._ref(owner)
        return self.added_entity(text)

    def added_entity(self, text: str) -> EntityRef | None:
        """The entity an added text's occurrences belong to, if the text is added."""
        added = self._added.get(text)
        return None if added is None else self._ref(added.entity)

    def spans(
        self, document: DocumentKey, body: str, spans: Sequence[Entity], add: bool = True
    ) -> tuple[Entity, ...]:
        """The document's spans, corrected (see the module), in text order; without the added
        texts' occurrences unless `add`."""
        if self.empty:
            return tuple(spans)
        own = self._by_document.get(document)
        usual = self._usual
        unusual = self._unusual.get(document)
        kept: list[Entity] = []
        for span in spans:
            if usual or unusual:
                text = body[span.start : span.end]
                effect = unusual[text] if unusual and text in unusual else usual.get(text)
                if effect is not None:
                    (label,) = effect
                    if label is None:
                        continue  # rejected
                    if label is not _KEEP and label != span.label:
                        span = Entity(span.start, span.end, label, span.ref, span.note)
            if own:
                mention = own.get((span.start, span.end))
                if mention is not None and (not mention[1] or body[span.start : span.end] == mention[1]):
                    span = Entity(span.start, span.end, mention[0], span.ref, span.note)
            kept.append(span)
        kept.sort(key=_order)
        if add and self._added_texts:
            added = self.added_spans(body, kept)
            if added:
                kept.extend(added)
                kept.sort(key=_order)
        return tuple(kept)

    def document(self, document: Document) -> Document:
        """The document with its entities corrected, keyed as the desk keys it (its file, its id)."""
        if self.empty:
            return document
        key = document_key(document.path, document.id)
        return dataclasses.replace(document, entities=self.spans(key, document.body, document.entities))

    def added_spans(self, body: str, spans: Sequence[Entity]) -> list[Entity]:
        """The occurrences of added texts in `body` that none of `spans` (in text order) covers."""
        occurrences = self._occurrences(body)
        if not occurrences:
            return []
        starts = [span.start for span in spans]
        reach = list(accumulate((span.end for span in spans), max))  # the furthest end so far
        found = []
        for start, end, text in occurrences:
            before = bisect.bisect_left(starts, end)  # the spans that start before it ends
            if before and reach[before - 1] > start:
                continue  # one of them reaches into it
            found.append(Entity(start, end, self._added[text].label))
        return found

    def added_in(self, document: DocumentKey, body: str, spans: Sequence[tuple[int, int]]) -> list[Entity]:
        """`added_spans` over a document's model spans, (start, end) in text order, as they are
        before the corrections: a span of a rejected entity does not cover an occurrence. Only the
        spans near an occurrence are looked at (what the store's search for added texts needs)."""
        occurrences = self._occurrences(body)
        if not occurrences:
            return []
        usual, unusual = self._usual, self._unusual.get(document)
        starts = [start for start, _ in spans]
        reach = list(accumulate((end for _, end in spans), max))  # the furthest end so far
        found = []
        for start, end, text in occurrences:
            covered = False
            for at in range(bisect.bisect_left(starts, end) - 1, -1, -1):
                if reach[at] <= start:
                    break  # no span this far back reaches it
                span_start, span_end = spans[at]
                if span_end <= start:
                    continue
                words = body[span_start:span_end]
                effect = unusual[words] if unusual and words in unusual else usual.get(words)
                if effect is None or effect[0] is not None:  # kept: it covers the occurrence
                    covered = True
                    break
            if not covered:
                found.append(Entity(start, end, self._added[text].label))
        return found

    def _occurrences(self, body: str) -> list[tuple[int, int, str]]:
        """Where added texts stand as words in `body`, left to right, the longest first where
        two begin together, none overlapping (as a regular expression's alternatives would)."""
        present = [text for text in self._added_texts if text in body]
        if not present:
            return []
        candidates = []
        for text in present:
            head, tail = _is_word(text[:1]), _is_word(text[-1:])
            at = body.find(text)
            while at != -1:
                end = at + len(text)
                inside = (head and at and _is_word(body[at - 1])) or (tail and _is_word(body[end : end + 1]))
                if not inside:
                    candidates.append((at, -len(text), text))
                at = body.find(text, at + 1)
        candidates.sort()
        found: list[tuple[int, int, str]] = []
        for start, length, text in candidates:
            if not found or start >= found[-1][1]:
                found.append((start, start - length, text))
        return found


_KEEP = "\x00keep"  # an effect that leaves a span's label as it is


def _order(span: Entity) -> tuple[int, int, str]:
    return span.start, span.end, span.label


def _is_word(character: str) -> bool:
    """Whether a character is part of a word (as \\w reads it, near enough): an occurrence of an
    added text beginning or ending with one must not go on into a longer word."""
    return character.isalnum() or character == "_"


EMPTY_OVERLAY = CorrectionOverlay(CorrectedEntities(), {}, {})
