"""The desk's entity corrections (gui/core/desk) applied to the corpus store: as tables the store's
questions read, and as an overlay that corrects one document's spans.

The corrections never touch the mentions nor force a resolution. Folded over the resolution
(gui.core.desk.corrected_entities), they touch a few resolved entities; `apply_corrections`
rewrites the store's `corrected*` tables for those alone (store_corrected_tables), and the
store's questions read the resolution through the `final_*` views, which put those rows in place
of the touched ones: `entity:`, the corpus entity table and its label counts, the entity filter,
a timeline's and the connections' subject. Its cost grows with what a new correction touches,
not with the corpus nor with the corrections made before it (store_corrected_tables).

API:
- `apply_corrections(store, anew=False) -> CorrectionsApplied`: bring the corrected tables up to
  date with the desk's active corrections (in the caller's transaction, or one of its own); its
  `overlay` is the CorrectionOverlay of the same state, its `notices` and `conflicts` say what did
  not apply and what overrode what (by seq). resolve_store runs it (anew: every row written
  again) after each resolution, in its transaction. Run it after every change of the desk's
  corrections (add_correction, set_active): the store's questions read what it wrote.
- `corrections_current(store)`: whether the tables match the desk (else apply_corrections).
- `correction_overlay(store) -> CorrectionOverlay`: the overlay alone (pure afterwards: hand it to
  the UI thread), to correct a document's spans for drawing or export:
  `overlay.spans((name_bytes, doc_id), body, spans)`; `overlay.entity_of(key, text)`.
- `corpus_overlay(cache_folder, corpus, desk_folder)`: the overlay of a corpus given by its path,
  or None when there is nothing to correct (what `seedview export` applies).
- `corrected_fold(store, extra)`: what the active corrections, then `extra` (seq, correction)
  pairs, would make of the resolution, without writing anything (an import checks its lines so).
- `document_key(store, row)`: a store document's desk key.
- `final_mention_spans(store, documents, entities)`: the mentions of corrected entities (as the
  final_* views number them) in some documents, added ones too (`entity:`'s hits).
- `rejected_entity_ids(store)`: the per-document entities a rejection leaves out.
- `relabelled_alone(store) -> [RelabelledMention]`: the mentions relabelled alone that apply,
  with their document and final entity (what `type:` counts them by, not their entity's label).
- `import_corrections(store, [(line, correction), ...]) -> CorrectionsImported`: a corrections
  file's lines added and applied (those the desk has left, those naming no entity reported,
  conflicts reported); `correction_changes(store)`: how many mentions each active one changes.

The resolution must have run once (its tables are read whether or not it is current: between an
update and the next resolution, a correction applies to what the last one knew).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from gui.core.corpus.store import CorpusStore, store_desk_path, store_path
from gui.core.corpus.store_corrected_tables import (
    ADDED_APART,
    RESOLVED_OF_MENTION,
    ROWS,
    LabelChanges,
    relabel_changes,
    write_corrected,
    write_label_documents,
)
from gui.core.corpus.store_schema import CORRECTIONS_FACT, RELABELS_FACT
from gui.core.desk.corrected_entities import (
    AliasForm,
    Conflict,
    CorrectedEntities,
    Notice,
    ResolvedForms,
    fold,
    touch,
)
from gui.core.desk.correction_log import active_corrections, add_corrections, corrections_stamp
from gui.core.desk.correction_overlay import CorrectionOverlay
from gui.core.desk.corrections import Correction, DocumentKey, describe, identity
from gui.core.model.sqlite_files import transaction

_CHUNK = 400  # values per IN (...): below SQLite's limit on bound parameters


class StoreLookup:
    """The store's resolution tables as a ResolutionLookup (gui.core.desk.corrected_entities)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def keyed(self, key: str) -> Sequence[int]:
        rows = self.db.execute("SELECT id FROM resolved WHERE key = ? ORDER BY id", (key,))
        return [row for (row,) in rows]

    def aliased(self, key: str) -> Sequence[int]:
        return [row for (row,) in self.db.execute(
            "SELECT DISTINCT resolved FROM resolved_aliases WHERE alias_key = ? ORDER BY resolved", (key,))]

    def forms(self, resolved: int) -> ResolvedForms:
        key, name, mentions = self.db.execute(
            "SELECT key, name, mentions FROM resolved WHERE id = ?", (resolved,)).fetchone()
        aliases = tuple(AliasForm(*row) for row in self.db.execute(
            "SELECT alias, alias_key, mentions FROM resolved_aliases WHERE resolved = ?"
            " ORDER BY mentions DESC, alias", (resolved,)))
        return ResolvedForms(resolved, key, name, mentions, aliases)


@dataclass
class CorrectionsApplied:
    """What applying the corrections found: the overlay for documents, what did not apply."""

    overlay: CorrectionOverlay
    state: CorrectedEntities
    notices: list[Notice] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


def corrected_fold(store: CorpusStore, extra: Iterable[tuple[int, Correction]] = ()) -> CorrectedEntities:
    """The active corrections of the desk, then `extra`, folded over the store's resolution."""
    logged = [(item.seq, item.correction) for item in active_corrections(store.db)]
    return fold([*logged, *extra], StoreLookup(store.db))


def corpus_overlay(
    cache_folder: Path, corpus: Path, desk_folder: Path | None = None
) -> CorrectionOverlay | None:
    """The overlay of a corpus's corrections, for an export: None when it has no store or desk yet
    (none is made) or no active correction, or its store cannot be read."""
    path = store_path(cache_folder, corpus)
    desk = store_desk_path(cache_folder, corpus, desk_folder)
    if not path.is_file() or not desk.is_file():
        return None
    store = CorpusStore(path, corpus, desk_folder=desk_folder)
    try:
        if store.db.execute("SELECT 1 FROM desk.corrections WHERE active LIMIT 1").fetchone() is None:
            return None
        return correction_overlay(store)
    except sqlite3.Error:
        return None
    finally:
        store.close()


def corrections_current(store: CorpusStore) -> bool:
    """Whether the corrected tables were built from the desk's active corrections as they are
    (and label_documents with the mentions relabelled alone: a store written before it was has
    no RELABELS_FACT)."""
    found = store.db.execute("SELECT value FROM facts WHERE name = ?", (CORRECTIONS_FACT,)).fetchone()
    counted = store.db.execute("SELECT 1 FROM facts WHERE name = ?", (RELABELS_FACT,)).fetchone()
    return found is not None and counted is not None and found[0] == corrections_stamp(store.db)


def document_key(store: CorpusStore, row: int) -> DocumentKey | None:
    """The desk's key of the store's document `row`, if there is one."""
    found = store.db.execute("SELECT name, doc_id FROM documents WHERE id = ?", (row,)).fetchone()
    return None if found is None else (bytes(found[0]), found[1])


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for first in range(0, len(items), _CHUNK):
        yield items[first : first + _CHUNK]


def _document_rows(store: CorpusStore, state: CorrectedEntities) -> dict[DocumentKey, int]:
    """The store's rows of the documents mentions were relabelled in; those it does not hold
    are dropped from `state` with a notice (a file given without its name: any file of that id)."""
    rows: dict[DocumentKey, int] = {}
    for place, mention in list(state.mention_labels.items()):
        (name, doc_id), start, end = place
        if name:
            found = store.db.execute("SELECT id, name FROM documents WHERE name = ? AND doc_id = ?",
                                     (name, doc_id)).fetchall()
        else:
            found = store.db.execute("SELECT id, name FROM documents WHERE doc_id = ?", (doc_id,)).fetchall()
        del state.mention_labels[place]
        if not found:
            state.notices.append(Notice(mention.seq, f"no document {doc_id} in the corpus", unknown=True))
            continue
        for row, stored_name in found:
            key = (bytes(stored_name), doc_id)
            rows[key] = row
            state.mention_labels[key, start, end] = mention
    return rows


def _touch_relabelled(store: CorpusStore, state: CorrectedEntities, rows: dict[DocumentKey, int]) -> None:
    """Touch the resolved entities of the mentions relabelled alone, so that their counts are
    written again."""
    lookup = StoreLookup(store.db)
    for (key, start, end), _mention in state.mention_labels.items():
        row = rows.get(key)
        if row is None:
            continue
        found = store.db.execute(
            f"SELECT {RESOLVED_OF_MENTION} FROM mentions m WHERE m.document = ? AND m.start = ?"
            ' AND m."end" = ?', (row, start, end)).fetchone()
        if found is not None and found[0] is not None:
            touch(state, lookup, found[0])


def build_overlay(store: CorpusStore, state: CorrectedEntities, stamp: str = "") -> CorrectionOverlay:
    """The overlay of a folded state: what its touched texts mean, and where, by document, they
    mean another entity in a way that matters (the usual entity or the other one is touched)."""
    texts = sorted(state.texts())
    by_text: dict[str, int] = {}
    for chunk in _chunks(texts):
        by_text.update(store.db.execute(
            f"SELECT text, resolved FROM resolved_texts WHERE text IN ({','.join('?' * len(chunk))})", chunk))
    touched = ",".join(map(str, sorted(state.touched)))  # ints of the store's own
    rows: dict[int, list[tuple[str, int]]] = {}
    for chunk in _chunks(texts):
        marks = ",".join("?" * len(chunk))
        # Where neither the text's usual entity (if it has one) nor the one it means there is
        # touched, the corrections change nothing: such rows (most of them) are left out.
        sensitive = [text for text in chunk if by_text.get(text, 0) in state.touched or text not in by_text]
        either = f"x.text IN ({','.join('?' * len(sensitive))}) OR " if sensitive else ""
        for document, text, resolved in store.db.execute(
            f"SELECT x.document, x.text, x.resolved FROM resolved_exceptions x WHERE x.text IN ({marks})"
            f" AND ({either}x.resolved IN ({touched or 'NULL'}))", [*chunk, *sensitive]
        ):
            rows.setdefault(document, []).append((text, resolved))
    exceptions: dict[DocumentKey, dict[str, int]] = {}
    ids = sorted(rows)
    for first in range(0, len(ids), _CHUNK):
        chunk_ids = ids[first : first + _CHUNK]
        for row, name, doc_id in store.db.execute(
            f"SELECT id, name, doc_id FROM documents WHERE id IN ({','.join('?' * len(chunk_ids))})",
            chunk_ids,
        ):
            exceptions[bytes(name), doc_id] = dict(rows[row])
    return CorrectionOverlay(state, by_text, exceptions, stamp)


def correction_overlay(store: CorpusStore) -> CorrectionOverlay:
    """The overlay of the desk's active corrections over the store's resolution."""
    stamp = corrections_stamp(store.db)
    state = corrected_fold(store)
    _touch_relabelled(store, state, _document_rows(store, state))
    return build_overlay(store, state, stamp)


def apply_corrections(store: CorpusStore, anew: bool = False) -> CorrectionsApplied:
    """Bring the corrected tables up to date with the desk's active corrections (see the module):
    only the entities whose rows would change are written again, unless `anew` (the resolution
    was just written again: every row is)."""
    db = store.db
    with transaction(db, immediate=True):
        stamp = corrections_stamp(db)
        if anew:
            for table in (*ROWS, "corrected_scans"):
                db.execute(f"DELETE FROM {table}")
        state = corrected_fold(store)
        documents = _document_rows(store, state)
        _touch_relabelled(store, state, documents)
        overlay = build_overlay(store, state, stamp)
        if anew:
            write_corrected(store, state, overlay, documents)
            write_label_documents(db)
            labels = LabelChanges(db)
        else:
            # The resolved entities a correction now covers leave the final ones; those it no
            # longer covers come back; what the mentions relabelled alone changed is taken back.
            covered = _covered(db)
            labels = LabelChanges(db)
            write_corrected(store, state, overlay, documents, labels)
            now_covered = _covered(db)
            labels.take_out("resolved", now_covered - covered)
            labels.put_in("resolved", covered - now_covered)
            labels.change((label, row, -change) for label, row, change in _relabels_counted(db))
        # A mention relabelled alone moves its document between labels, where the final_* views
        # count it under its entity's (store_corrected_tables.relabel_changes).
        relabelled = relabel_changes(store, relabelled_owners(store, state, documents))
        labels.change(relabelled)
        labels.apply()
        db.execute("INSERT OR REPLACE INTO facts VALUES (?, ?)", (RELABELS_FACT, json.dumps(relabelled)))
        db.execute("INSERT OR REPLACE INTO facts VALUES (?, ?)", (CORRECTIONS_FACT, stamp))
    return CorrectionsApplied(overlay, state, list(state.notices), list(state.conflicts))


def _relabels_counted(db: sqlite3.Connection) -> list[tuple[str, int, int]]:
    """What the mentions relabelled alone changed in label_documents at the last apply."""
    found = db.execute("SELECT value FROM facts WHERE name = ?", (RELABELS_FACT,)).fetchone()
    if found is None:
        return []
    return [(str(label), int(row), int(change)) for label, row, change in json.loads(found[0])]


def _covered(db: sqlite3.Connection) -> set[int]:
    """The resolved entities the corrected tables stand in for."""
    return {resolved for (resolved,) in db.execute("SELECT DISTINCT resolved FROM corrected_pieces")}


def final_mention_spans(
    store: CorpusStore, documents: Sequence[int], entities: Iterable[int]
) -> list[tuple[int, int, int]]:
    """The mentions (document, start, end) in these documents of these entities, as the final_*
    views number them (the resolution's, corrected): the model's mentions whose text means one
    of them there, and the occurrences `add` corrections found."""
    chosen = sorted(set(entities))
    if not chosen or not documents:
        return []
    ids = ",".join(map(str, chosen))  # ints of the store's own
    pieces: dict[tuple[int, str], int | None] = {}
    resolved = {entity for entity in chosen if entity > 0}
    for rid, text, entity in store.db.execute(
        f"SELECT resolved, text, entity FROM corrected_pieces WHERE resolved IN ({ids}) OR entity IN ({ids})"
    ):
        pieces[rid, text] = entity
        resolved.add(rid)
    wanted = set(chosen)
    marks = ",".join("?" * len(documents))
    found = []
    if resolved:
        rids = ",".join(map(str, sorted(resolved)))
        for document, start, end, rid, text in store.db.execute(
            f'SELECT m.document, m.start, m."end", {RESOLVED_OF_MENTION} AS r, m.text FROM mentions m'
            f" WHERE m.document IN ({marks}) AND r IN ({rids})", list(documents)
        ):
            entity = pieces[rid, text] if (rid, text) in pieces else rid
            if entity in wanted:
                found.append((document, start, end))
    found.extend(store.db.execute(
        f'SELECT document, start, "end" FROM corrected_mentions WHERE document IN ({marks})'
        f" AND entity IN ({ids})", list(documents)))
    return found


class RelabelledMention(NamedTuple):
    """A mention relabelled alone that applies: its document (row), its final entity (in the
    final_* views) and the label it was given."""

    document: int
    entity: int
    label: str


def relabels_alone(store: CorpusStore) -> bool:
    """Whether the desk has an active correction relabelling a mention alone, or an added text's
    occurrences are labelled other than the entity they joined (`type:` counts those under their
    own label: store_corrected_tables.relabel_changes)."""
    return _mention_relabels(store) or bool(added_apart(store))


def _mention_relabels(store: CorpusStore) -> bool:
    found = store.db.execute("SELECT 1 FROM desk.corrections WHERE active AND op = 'relabel'"
                             " AND json_extract(body, '$.document') IS NOT NULL LIMIT 1").fetchone()
    return found is not None


def added_apart(store: CorpusStore) -> list[RelabelledMention]:
    """The occurrences of added texts labelled other than the entity they joined (one each), as
    the mentions relabelled alone: `type:` counts them under their own label."""
    return [RelabelledMention(document, entity, label)
            for entity, document, label, count in store.db.execute(ADDED_APART) for _ in range(count)]


def relabelled_alone(store: CorpusStore) -> list[RelabelledMention]:
    """The mentions the desk's active corrections relabel alone, where the mention still is (its
    text unchanged) and its entity is not rejected, and the added occurrences labelled other than
    their entity (added_apart): the final_* views count each in its entity, under the entity's
    label, where `type:` counts it under its own."""
    if not _mention_relabels(store):
        return added_apart(store)  # the fold below reads every correction: not for a desk without these
    state = corrected_fold(store)
    rows = _document_rows(store, state)
    _touch_relabelled(store, state, rows)
    owners = relabelled_owners(store, state, rows)
    return [*(RelabelledMention(row, owner, label) for owner, row, label in owners), *added_apart(store)]


def relabelled_owners(
    store: CorpusStore, state: CorrectedEntities, documents: Mapping[DocumentKey, int]
) -> Iterator[tuple[int, int, str]]:
    """The mentions relabelled alone that apply, as (final entity, document row, label given): in
    a document of the store, with their text unchanged, of an entity not rejected (the overlay
    drops a rejected entity's mention first: no highlight, export or panel shows it)."""
    live = {entity.id for entity in state.live()}
    for (key, start, end), mention in state.mention_labels.items():
        row = documents.get(key)
        hit = None if row is None else store.db.execute(
            f'SELECT m.text, {RESOLVED_OF_MENTION} FROM mentions m WHERE m.document = ? AND m.start = ?'
            ' AND m."end" = ?', (row, start, end)).fetchone()
        if row is None or hit is None or (mention.text and hit[0] != mention.text):
            continue
        owner = state.owner.get((hit[1], hit[0]))
        if owner is not None and owner in live:
            yield owner, row, mention.label


class LineNote(NamedTuple):
    """Something about one line of an imported file, for people."""

    line: int
    message: str


class Override(NamedTuple):
    """An imported line's correction that overrides an earlier one: another line's of the file
    (`earlier_line`) or the desk's; the corrections themselves, for the window to say in its words."""

    line: int
    correction: Correction
    earlier: Correction
    earlier_line: int | None


@dataclass
class CorrectionsImported:
    """What an import did: how many corrections it added and how many the desk had already; the
    lines that change nothing now (a name no entity has, a document the corpus lacks: kept, they
    apply once there is one), those that override an earlier correction, and remarks on others
    (a name meaning several entities). `conflicts` says them as the CLI does (describe's words, a
    contract), `overrides` gives the same with their corrections."""

    added: int = 0
    already: int = 0
    idle: list[LineNote] = field(default_factory=list)
    conflicts: list[LineNote] = field(default_factory=list)
    remarks: list[LineNote] = field(default_factory=list)
    overrides: list[Override] = field(default_factory=list)


def import_corrections(
    store: CorpusStore, corrections: Sequence[tuple[int, Correction]]
) -> CorrectionsImported:
    """Add (line number, correction) pairs to the desk after its own, in one transaction, and
    apply them. One the desk holds already (or the file gave above) is not added again, so
    importing a file twice changes nothing; one naming no entity or no document is added but
    reported (it changes nothing until there is one); a later one winning over an earlier one it
    conflicts with is reported."""
    db = store.db
    report = CorrectionsImported()
    with transaction(db, immediate=True):
        logged = active_corrections(db)
        known = {identity(item.correction): item.seq for item in logged}
        seq = int(db.execute("SELECT coalesce(max(seq), 0) FROM desk.corrections").fetchone()[0])
        lines: dict[int, int] = {}  # seq (the desk's, or provisional) -> its first line
        new: list[tuple[int, Correction]] = []
        for line, correction in corrections:
            same = known.get(identity(correction))
            if same is not None:
                report.already += 1
                lines.setdefault(same, line)
                continue
            seq += 1
            known[identity(correction)] = seq
            lines[seq] = line
            new.append((seq, correction))
        state = corrected_fold(store, new)
        _document_rows(store, state)
        for notice in state.notices:
            if notice.seq in lines:
                notes = report.idle if notice.unknown else report.remarks
                notes.append(LineNote(lines[notice.seq], notice.message))
        every = {item.seq: item.correction for item in logged}
        described = {seq: describe(correction) for seq, correction in every.items()}
        fresh = dict(new)
        for conflict in state.conflicts:
            if conflict.later in fresh:
                earlier = (f"line {lines[conflict.earlier]}" if conflict.earlier in fresh
                           else f"the desk's '{described.get(conflict.earlier, conflict.earlier)}'")
                note = f"{conflict.what} overrides {earlier}"
                report.conflicts.append(LineNote(lines[conflict.later], note))
                if (before := fresh.get(conflict.earlier, every.get(conflict.earlier))) is not None:
                    from_file = lines[conflict.earlier] if conflict.earlier in fresh else None
                    line = lines[conflict.later]
                    report.overrides.append(Override(line, fresh[conflict.later], before, from_file))
        report.added = sum(not added.duplicate for added in add_corrections(db, [c for _, c in new]))
        apply_corrections(store)
    for notes in (report.idle, report.conflicts, report.remarks):
        notes.sort()
    report.overrides.sort(key=lambda override: override.line)
    return report


def correction_changes(store: CorpusStore) -> dict[int, int]:
    """How many mentions each active correction (by seq) changes, for a Corrections view: an
    entity's mentions for a relabel or a reject, those that change entity for a merge or a split,
    the occurrences an add found, one for a mention's relabel that applies."""
    state = corrected_fold(store)
    _document_rows(store, state)
    changes = dict(state.changes)
    for (_, _, _), mention in state.mention_labels.items():
        changes[mention.seq] = 1
    found = dict(store.db.execute("SELECT text, count(*) FROM corrected_mentions GROUP BY text"))
    for added in state.added.values():
        changes[added.seq] = int(found.get(added.text, 0))
    return changes


def rejected_entity_ids(store: CorpusStore) -> list[int]:
    """The per-document entities (the `entities` table's ids) whose every name is one of a
    rejected entity's and of no other: what the per-document questions (the charts' connections)
    leave out."""
    return [entity for (entity,) in store.db.execute(
        "WITH gone AS (SELECT ra.alias_key FROM corrected_pieces p JOIN resolved_aliases ra"
        " ON ra.resolved = p.resolved AND ra.alias = p.text WHERE p.entity IS NULL"
        " AND NOT EXISTS (SELECT 1 FROM final_aliases f WHERE f.alias_key = ra.alias_key))"
        " SELECT DISTINCT a.entity FROM aliases a WHERE a.alias_key IN gone AND NOT EXISTS"
        " (SELECT 1 FROM aliases b WHERE b.entity = a.entity AND b.alias_key NOT IN gone)")]
