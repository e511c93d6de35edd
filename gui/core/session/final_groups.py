"""The entity panel's rows: a document's mentions grouped by the corpus's final entities (issue 15).

A document alone cannot tell that "Mr Blair" is Tony Blair when it never says "Tony Blair", and
its own grouping (gui.core.entities.mentions) keeps "Mr Blair" apart even beside him. The corpus
store can: its resolution joins every name of a person across the corpus, and the corrections
move names between entities, relabel and reject them. `document_rows` groups the mentions shown
(the corrections applied: gui.core.session.corrected_shown) by what the store says each text
means in the document (gui.core.insight.document_entities), one row per final entity with its
canonical name, its final label, its mentions here and the names it has here, each with why it
joined and the model's own labels of it where they are not the entity's.

The store writes a correction's tables after the window shows it, so the rows take the
entities from the corrections' overlay, which the highlights follow too: the text a correction
touched means the overlay's entity. Its name and mentions are then exact at once; its label,
label counts and documents are the store's once its tables have the same corrections (the
overlay's stamp is theirs), and until then the correction's label, else what the store said of
it before, else the label most of its mentions here carry.

Mentions whose text the store does not know (a document it holds in another version, or has
not resolved yet) are grouped as the document alone groups them, so that every mention is in
exactly one row.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gui.core.entities.mentions import EntityKey, MentionGroup, entity_key, group_mentions, normalise_mention
from gui.core.model.document import Entity

# The store's answers and the corrections' overlay come from modules of the store and the desk
# (its queries, its resolution): imported when a row needs them, not with the panel, which the
# window makes before its first paint.
if TYPE_CHECKING:
    from gui.core.desk.correction_overlay import CorrectionOverlay
    from gui.core.desk.corrections import DocumentKey
    from gui.core.insight.document_entities import CorpusEntity, DocumentEntities

Counts = tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class AliasSeen:
    """One name of an entity as the document writes it ("Mr Blair"): its mentions here (keyed by
    the entity's label and the name's own key), why it is a name of the entity, and the model's
    labels of those mentions where they are not the entity's (most first), and the labels a
    correction gave some of them alone (Shift+F2), where they are not the entity's."""

    group: MentionGroup
    why: str
    model_labels: Counts = ()
    relabelled: Counts = ()


@dataclass(frozen=True, slots=True)
class EntityRow:
    """One row of the panel: an entity with its mentions here (`group`: keyed by its final label
    and key, named by its canonical name), its final id (None: grouped by the document alone),
    the names it has here, its documents in the folder and its label counts in the corpus (when
    the store has said them), and whether they are the store's final word (`exact`)."""

    group: MentionGroup
    entity: int | None = None
    aliases: tuple[AliasSeen, ...] = ()
    documents: int | None = None
    label_counts: Counts = ()
    exact: bool = True

    @property
    def model_labels(self) -> Counts:
        """The model's labels of the mentions here that are not the entity's, most first."""
        counts: Counter[str] = Counter()
        for alias in self.aliases:
            counts.update(dict(alias.model_labels))
        return _ranked(counts)

    @property
    def shows_names(self) -> bool:
        """Whether the row has names here other than its own (the panel lists them under it)."""
        own = self.group.key.name
        return len(self.aliases) > 1 or any(alias.group.key.name != own for alias in self.aliases)


def own_rows(body: str, spans: Sequence[Entity]) -> tuple[EntityRow, ...]:
    """The rows of the document's own grouping (what the panel shows until the store answers)."""
    return tuple(EntityRow(group) for group in group_mentions(body, spans))


def _ranked(counts: Mapping[str, int]) -> Counts:
    return tuple(sorted(((label, count) for label, count in counts.items() if count > 0),
                        key=lambda item: (-item[1], item[0])))


def answer_fits(answer: DocumentEntities | None, document: DocumentKey, text_key: str) -> bool:
    """Whether the store's answer is about this document, as this text."""
    return answer is not None and answer.known and answer.document == document and answer.text_key == text_key


def document_rows(
    body: str,
    spans: Sequence[Entity],
    answer: DocumentEntities | None,
    overlay: CorrectionOverlay | None,
    document: DocumentKey,
    text_key: str,
    model_labels: Mapping[tuple[int, int], str] | None = None,
) -> tuple[EntityRow, ...]:
    """The panel's rows for a document's `spans` (corrected) in `body` (see the module): `answer`
    is the store's (None: not come yet), `overlay` the corrections the spans were corrected with,
    `text_key` the body's SHA-256 (hex), `model_labels` the model's label of each span by its
    offsets (an added span has none). In the order of their first mentions."""
    if not answer_fits(answer, document, text_key):
        return own_rows(body, spans)
    assert answer is not None
    fresh = overlay is not None and overlay.stamp == answer.stamp
    members: dict[int, list[tuple[Entity, str]]] = {}
    touched: dict[int, CorpusEntity | None] = {}  # by a correction: what is known of it (None: little)
    refs: dict[int, tuple[str, str, str | None]] = {}  # a touched entity's key, name and label
    left: list[Entity] = []
    for span in sorted(spans, key=lambda span: (span.start, span.end, span.label)):
        text = body[span.start : span.end]
        ref = overlay.entity_of(document, text) if overlay is not None else None
        if ref is not None:
            members.setdefault(ref.id, []).append((span, text))
            refs[ref.id] = (ref.key, ref.name, ref.label)
            known = answer.final.get(ref.id) if fresh else None
            agrees = known is not None and (ref.label is None or known.label == ref.label)
            touched[ref.id] = known if agrees else None
        elif (resolved := answer.resolved_of.get(text)) is not None and resolved in answer.resolved:
            members.setdefault(resolved, []).append((span, text))
        else:
            left.append(span)
    rows: list[EntityRow] = []
    for entity_id, found in members.items():
        if entity_id in touched:
            rows.append(_touched_row(entity_id, found, touched[entity_id], refs[entity_id], answer, overlay,
                                     model_labels))
        else:
            entity = answer.resolved[entity_id]
            whys = {text: answer.resolved_why.get((entity_id, text), "") for _, text in found}
            rows.append(_row(entity, found, whys, model_labels))
    return _with_left(rows, own_rows(body, left))


def _touched_row(
    entity_id: int,
    found: list[tuple[Entity, str]],
    known: CorpusEntity | None,
    ref: tuple[str, str, str | None],
    answer: DocumentEntities,
    overlay: CorrectionOverlay | None,
    model_labels: Mapping[tuple[int, int], str] | None,
) -> EntityRow:
    """The row of an entity a correction touched: the store's once its tables have the
    correction (`known`), else from the overlay (see the module)."""
    from gui.core.entities.resolved_entities import consensus
    from gui.core.insight.document_entities import CorpusEntity

    if known is not None:
        whys = {text: answer.final_why.get((entity_id, text), "") for _, text in found}
        return _row(known, found, whys, model_labels)
    assert overlay is not None
    key, name, label = ref
    if label is None:
        before = answer.final.get(entity_id) or answer.resolved.get(entity_id)
        label = before.label if before is not None else consensus(Counter(span.label for span, _ in found))
    whys = {}
    for _, text in found:
        resolved = answer.resolved_of.get(text)
        if resolved is not None and (resolved, text) in overlay.state.owner:
            why = answer.resolved_why.get((resolved, text), "")
            whys[text] = overlay.state.why_joined(resolved, entity_id, why)
        else:
            whys[text] = "added by a correction"
    entity = CorpusEntity(entity_id, key, name, label, (), -1)
    return _row(entity, found, whys, model_labels, exact=False)


def _row(
    entity: CorpusEntity,
    found: list[tuple[Entity, str]],
    whys: Mapping[str, str],
    model_labels: Mapping[tuple[int, int], str] | None,
    exact: bool = True,
) -> EntityRow:
    """An entity's row from its mentions here (in text order) and why each text is its name."""
    names: dict[str, tuple[list[Entity], list[str], str]] = {}
    for span, text in found:
        form = normalise_mention(text) or " ".join(text.split())
        alias_key = entity_key(entity.label, form).name
        mentions, forms, why = names.setdefault(alias_key, ([], [], whys.get(text, "")))
        mentions.append(span)
        forms.append(form)
        if not why and whys.get(text):
            names[alias_key] = (mentions, forms, whys[text])
    aliases = []
    for alias_key, (mentions, forms, why) in names.items():
        said: Counter[str] = Counter()
        relabelled: Counter[str] = Counter()
        for span in mentions:
            model = model_labels.get((span.start, span.end)) if model_labels is not None else span.label
            if model is not None and model != entity.label:
                said[model] += 1
            if model is not None and span.label not in (model, entity.label):
                relabelled[span.label] += 1
        form = Counter(forms).most_common(1)[0][0]
        group = MentionGroup(EntityKey(entity.label, alias_key), form, tuple(mentions))
        aliases.append(AliasSeen(group, why, _ranked(said), _ranked(relabelled)))
    aliases.sort(key=lambda alias: (-alias.group.count, alias.group.mentions[0].start))
    group = MentionGroup(EntityKey(entity.label, entity.key), entity.name, tuple(span for span, _ in found))
    documents = entity.documents if entity.documents >= 0 else None
    return EntityRow(group, entity.id, tuple(aliases), documents, entity.label_counts, exact)


def _with_left(rows: list[EntityRow], left: Sequence[EntityRow]) -> tuple[EntityRow, ...]:
    """The final rows and those of the mentions the store does not know; one of these keyed as a
    final row joins it (a panel row is found by its key)."""
    by_key = {row.group.key: i for i, row in enumerate(rows)}
    for extra in left:
        at = by_key.get(extra.group.key)
        if at is None:
            by_key[extra.group.key] = len(rows)
            rows.append(extra)
            continue
        row = rows[at]
        mentions = tuple(sorted((*row.group.mentions, *extra.group.mentions),
                                key=lambda span: (span.start, span.end, span.label)))
        own = AliasSeen(extra.group, "", ())
        rows[at] = EntityRow(MentionGroup(row.group.key, row.group.name, mentions), row.entity,
                             (*row.aliases, own), row.documents, row.label_counts, row.exact)
    rows.sort(key=lambda row: (row.group.mentions[0].start, row.group.mentions[0].end))
    return tuple(rows)
