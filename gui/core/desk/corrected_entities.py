"""The corpus's entities as the corrections leave them: the active corrections folded, in order,
over the corpus-level resolution (gui.core.entities.resolution), without touching the mentions.

A resolved entity is made of *pieces*: (resolved id, alias text), each of its texts ("Tony Blair",
"Mr Blair's"). Corrections move pieces between *corrected entities*, relabel or reject those, and
add texts; only the resolved entities a correction touches are looked at (`touched`), whatever
the size of the corpus. Every other resolved entity stays as it is.

- Names are found in the state the earlier corrections left: a NAME is the corrected entity whose
  key is `name_key(NAME)`, else the one with an alias of that key (the one with most mentions of
  it, when several: a notice says so).
- Merge: the members' pieces go to the member whose first resolved entity has most mentions
  (then the least key), so the result does not depend on the order of the names, nor on the
  order of merges that join the same entities. Its label is the override of the member ranked
  first that has one.
- Split: the pieces of the entity whose alias key is the alias's go to a new entity (a negative
  id), named by the alias.
- Relabel / Reject: the corrected entity's override (a label, or rejected); a later one replaces
  an earlier one, which is a conflict when they differ.
- Add: the text's occurrences belong to the entity the text names, if any, else to a new one.
- A mention's relabel is kept by document and offsets; the store checks it.

`fold(corrections, lookup)` gives a `CorrectedEntities`. `lookup` is what the resolution says
(a `ResolutionLookup`: the store's tables, or `ResolutionIndex` over a Resolution in memory).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

from gui.core.desk.corrections import (
    Add,
    Correction,
    DocumentKey,
    Merge,
    Reject,
    Relabel,
    RelabelMention,
    Split,
    describe,
    name_key,
)
from gui.core.entities.mentions import normalise_mention
from gui.core.entities.resolved_entities import Resolution

Piece = tuple[int, str]  # (resolved entity id, one of its alias texts)
REJECTED = "\x00rejected"  # an override that drops the entity's mentions


class AliasForm(NamedTuple):
    """One text of a resolved entity: as mentioned, its alias key, how many mentions."""

    text: str
    key: str
    mentions: int


class ResolvedForms(NamedTuple):
    """What folding needs of a resolved entity."""

    id: int
    key: str
    name: str
    mentions: int
    aliases: tuple[AliasForm, ...]


class ResolutionLookup(Protocol):
    """The resolution, asked only about the names the corrections give."""

    def keyed(self, key: str) -> Sequence[int]:
        """The resolved entities whose canonical key this is."""

    def aliased(self, key: str) -> Sequence[int]:
        """The resolved entities with an alias of this key."""

    def forms(self, resolved: int) -> ResolvedForms:
        """A resolved entity's name, size and texts."""


class ResolutionIndex:
    """A ResolutionLookup over a Resolution in memory (entity i is id i + 1, as in the store)."""

    def __init__(self, resolution: Resolution) -> None:
        self._forms: dict[int, ResolvedForms] = {}
        self._keyed: dict[str, list[int]] = {}
        self._aliased: dict[str, list[int]] = {}
        for i, entity in enumerate(resolution.entities):
            rid = i + 1
            aliases = tuple(AliasForm(alias.text, alias.key, alias.mentions) for alias in entity.aliases)
            self._forms[rid] = ResolvedForms(rid, entity.key, entity.name, entity.mentions, aliases)
            self._keyed.setdefault(entity.key, []).append(rid)
            for key in dict.fromkeys(alias.key for alias in aliases):
                self._aliased.setdefault(key, []).append(rid)

    def keyed(self, key: str) -> Sequence[int]:
        return self._keyed.get(key, ())

    def aliased(self, key: str) -> Sequence[int]:
        return self._aliased.get(key, ())

    def forms(self, resolved: int) -> ResolvedForms:
        return self._forms[resolved]


class Conflict(NamedTuple):
    """A later correction (seq) that undid what an earlier one (seq) said: the later wins."""

    earlier: int
    later: int
    what: str


class Notice(NamedTuple):
    """Something about one correction, for people: `unknown` when a name it gives matches no
    entity (it then does nothing)."""

    seq: int
    message: str
    unknown: bool = False


@dataclass
class CorrectedEntity:
    """An entity as the corrections leave it: a resolved one touched, or a new one (id < 0)."""

    id: int
    key: str
    name: str
    rank: tuple[int, str]  # (-mentions, key) of its first resolved entity: merges keep the least
    pieces: set[Piece] = field(default_factory=set)
    override: str | None = None  # a label, REJECTED, or None (its mentions' own labels)
    override_rank: tuple[int, str] = (0, "")
    override_seq: int = 0
    split_from: int | None = None  # the entity a split took it from
    split_seq: int = 0
    merged_seqs: dict[int, int] = field(default_factory=dict)  # member entity id -> merge seq

    @property
    def rejected(self) -> bool:
        return self.override == REJECTED

    @property
    def label(self) -> str | None:
        """The label every mention of it takes, if a correction says one."""
        return None if self.override in (None, REJECTED) else self.override


class AddedText(NamedTuple):
    """An added text: its occurrences no mention covers are mentions labelled `label` of
    the corrected entity `entity`."""

    text: str
    label: str
    entity: int
    seq: int


class MentionLabel(NamedTuple):
    """A mention's own label, if its text there is still `text` (empty: not checked)."""

    label: str
    text: str
    seq: int


@dataclass
class CorrectedEntities:
    """What the active corrections make of the resolution (see the module)."""

    entities: dict[int, CorrectedEntity] = field(default_factory=dict)  # by id; the touched ones
    owner: dict[Piece, int] = field(default_factory=dict)  # every piece of a touched entity
    touched: dict[int, ResolvedForms] = field(default_factory=dict)  # resolved id -> its forms
    added: dict[str, AddedText] = field(default_factory=dict)  # by name_key(text)
    mention_labels: dict[tuple[DocumentKey, int, int], MentionLabel] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    # How many of the model's mentions each correction (seq) changed when it came: an entity's
    # for a relabel or reject, those that changed entity for a merge or split (an add's are the
    # store's to count, a mention's relabel is one).
    changes: dict[int, int] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)

    def entity_of(self, piece: Piece) -> CorrectedEntity | None:
        """The corrected entity a piece belongs to, if its resolved entity was touched."""
        found = self.owner.get(piece)
        return None if found is None else self.entities[found]

    def live(self) -> list[CorrectedEntity]:
        """The corrected entities with some piece or added text, not rejected, by id."""
        adding = {added.entity for added in self.added.values()}
        return [entity for _, entity in sorted(self.entities.items())
                if (entity.pieces or entity.id in adding) and not entity.rejected]

    def texts(self) -> set[str]:
        """Every text of a touched resolved entity."""
        return {text for _, text in self.owner}

    def why_joined(self, rid: int, owner: int, why: str) -> str:
        """Why a text of the resolved entity `rid` is an alias of the corrected entity `owner`:
        the resolution's `why` where it stayed in its entity, else the correction's."""
        entity = self.entities[owner]
        if owner == rid:
            return why
        if entity.split_from is not None and owner < 0:
            return f"split off {self.entities[entity.split_from].name} by a correction"
        return f"merged into {entity.name} by a correction"


def touch(state: CorrectedEntities, lookup: ResolutionLookup, rid: int) -> CorrectedEntity:
    """The corrected entity of a resolved one's id (made on its first touch: all its pieces, which
    later corrections may move to others)."""
    if rid not in state.touched:
        forms = state.touched[rid] = lookup.forms(rid)
        rank = (-forms.mentions, forms.key)
        entity = state.entities[rid] = CorrectedEntity(rid, forms.key, forms.name, rank)
        for alias in forms.aliases:
            entity.pieces.add((rid, alias.text))
            state.owner[rid, alias.text] = rid
    return state.entities[rid]


class _Folder:
    def __init__(self, lookup: ResolutionLookup) -> None:
        self.lookup = lookup
        self.state = CorrectedEntities()
        self.next_new = -1

    # Finding names ---------------------------------------------------------------------------

    def touch(self, rid: int) -> CorrectedEntity:
        return touch(self.state, self.lookup, rid)

    def find(self, name: str, seq: int) -> list[CorrectedEntity]:
        """The corrected entities NAME means (see the module); [] with a notice if none."""
        key = name_key(name)
        state = self.state
        keyed = list(self.lookup.keyed(key))
        for rid in keyed:
            self.touch(rid)
        own = [entity for entity in state.entities.values() if entity.key == key and self.live(entity)]
        if not own:  # merged into another: that one
            owners = {state.owner[rid, alias.text] for rid in keyed for alias in state.touched[rid].aliases}
            own = [state.entities[owner] for owner in owners if self.live(state.entities[owner])]
        if own:
            return sorted(own, key=lambda entity: entity.rank)
        for rid in self.lookup.aliased(key):
            self.touch(rid)
        counts: dict[int, int] = {}
        for rid, forms in state.touched.items():
            for alias in forms.aliases:
                if alias.key == key:
                    owner = state.owner[rid, alias.text]
                    counts[owner] = counts.get(owner, 0) + alias.mentions
        if not counts:
            state.notices.append(Notice(seq, f"no entity is named {name}", unknown=True))
            return []
        ranked = sorted(counts, key=lambda owner: (-counts[owner], state.entities[owner].rank))
        if len(ranked) > 1:
            others = ", ".join(state.entities[owner].name for owner in ranked[1:])
            state.notices.append(Notice(seq, f"{name} names {len(ranked)} entities: taken as "
                                             f"{state.entities[ranked[0]].name} (not {others})"))
        return [state.entities[ranked[0]]]

    # Corrections -----------------------------------------------------------------------------

    def override(self, entity: CorrectedEntity, value: str, seq: int, what: str) -> None:
        if entity.override is not None and entity.override != value:
            self.state.conflicts.append(Conflict(entity.override_seq, seq, what))
        entity.override, entity.override_rank, entity.override_seq = value, entity.rank, seq
        self.changed(seq, entity.pieces)

    def changed(self, seq: int, pieces: Iterable[Piece]) -> None:
        """Count the mentions of these pieces as changed by the correction `seq`."""
        self.state.changes[seq] = self.state.changes.get(seq, 0) + sum(map(self.mentions, pieces))

    def mentions(self, piece: Piece) -> int:
        rid, text = piece
        return next((alias.mentions for alias in self.state.touched[rid].aliases if alias.text == text), 0)

    def merge(self, names: Sequence[str], seq: int, what: str) -> None:
        members: dict[int, CorrectedEntity] = {}
        for name in names:
            found = self.find(name, seq)
            if not found:
                return  # a name of the merge is unknown: it does nothing (the notice says so)
            members[found[0].id] = found[0]
        if len(members) < 2:
            self.state.notices.append(Notice(seq, "these names are one entity already"))
            return
        ranked = sorted(members.values(), key=lambda entity: entity.rank)
        target = ranked[0]
        overrides = [entity for entity in ranked if entity.override is not None]
        if len({entity.override for entity in overrides}) > 1:
            self.state.conflicts.append(Conflict(max(entity.override_seq for entity in overrides), seq, what))
        for member in ranked:
            if member.split_from is not None and member.split_from in members:
                self.state.conflicts.append(Conflict(member.split_seq, seq, what))
        if overrides:
            best = min(overrides, key=lambda entity: entity.override_rank)
            target.override, target.override_rank, target.override_seq = (
                best.override, best.override_rank, best.override_seq)
        for member in ranked[1:]:
            for piece in member.pieces:
                self.state.owner[piece] = target.id
            target.pieces |= member.pieces
            self.changed(seq, member.pieces)
            member.pieces = set()
            target.merged_seqs[member.id] = seq
            for added in list(self.state.added.values()):
                if added.entity == member.id:
                    self.state.added[name_key(added.text)] = added._replace(entity=target.id)

    def split(self, name: str, alias: str, seq: int, what: str) -> None:
        found = self.find(name, seq)
        if not found:
            return
        entity, key, state = found[0], name_key(alias), self.state
        moved = {(rid, text) for rid, text in entity.pieces
                 if any(form.text == text and form.key == key for form in state.touched[rid].aliases)}
        if not moved:
            state.notices.append(Notice(seq, f"{alias} is not a name of {entity.name}", unknown=True))
            return
        if moved == entity.pieces:
            state.notices.append(Notice(seq, f"{alias} is all of {entity.name}: nothing to split"))
            return
        merges = {entity.merged_seqs[rid] for rid, _ in moved if rid in entity.merged_seqs}
        state.conflicts.extend(Conflict(earlier, seq, what) for earlier in sorted(merges))
        mentions = sum(form.mentions for rid, text in moved for form in state.touched[rid].aliases
                       if form.text == text)
        new = self.new_entity(alias, (-mentions, key))
        new.pieces, new.split_from, new.split_seq = moved, entity.id, seq
        self.changed(seq, moved)
        entity.pieces -= moved
        for piece in moved:
            state.owner[piece] = new.id

    def live(self, entity: CorrectedEntity) -> bool:
        """Whether an entity has mentions still: pieces, or an added text."""
        return bool(entity.pieces) or any(added.entity == entity.id for added in self.state.added.values())

    def new_entity(self, name: str, rank: tuple[int, str]) -> CorrectedEntity:
        form = normalise_mention(name) or " ".join(name.split())
        entity = CorrectedEntity(self.next_new, name_key(form), form, rank)
        self.state.entities[entity.id] = entity
        self.next_new -= 1
        return entity

    def add(self, text: str, label: str, seq: int, what: str) -> None:
        key = name_key(text)
        earlier = self.state.added.get(key)
        if earlier is not None and earlier.label != label:
            self.state.conflicts.append(Conflict(earlier.seq, seq, what))
        if earlier is not None:
            entity_id = earlier.entity
        else:
            known = self.find_quietly(text, seq)
            entity_id = known.id if known is not None else self.new_entity(text, (0, key)).id
        self.state.added[key] = AddedText(text, label, entity_id, seq)

    def find_quietly(self, name: str, seq: int) -> CorrectedEntity | None:
        notices = len(self.state.notices)
        found = self.find(name, seq)
        del self.state.notices[notices:]
        return found[0] if found else None

    def apply(self, seq: int, correction: Correction) -> None:
        what = describe(correction)
        match correction:
            case Relabel(entity=name, label=label):
                for entity in self.find(name, seq):
                    self.override(entity, label, seq, what)
            case Reject(entity=name):
                for entity in self.find(name, seq):
                    self.override(entity, REJECTED, seq, what)
            case Merge(entities=names):
                self.merge(names, seq, what)
            case Split(entity=name, alias=alias):
                self.split(name, alias, seq, what)
            case Add(text=text, label=label):
                self.add(text, label, seq, what)
            case RelabelMention(document=document, start=start, end=end, label=label, text=text):
                place = (document, start, end)
                earlier = self.state.mention_labels.get(place)
                if earlier is not None and earlier.label != label:
                    self.state.conflicts.append(Conflict(earlier.seq, seq, what))
                self.state.mention_labels[place] = MentionLabel(label, text, seq)


def fold(corrections: Iterable[tuple[int, Correction]], lookup: ResolutionLookup) -> CorrectedEntities:
    """The corrections, as (seq, correction) in order, applied one by one over the resolution."""
    folder = _Folder(lookup)
    for seq, correction in corrections:
        folder.apply(seq, correction)
    return folder.state
