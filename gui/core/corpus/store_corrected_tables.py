"""Writing the store's `corrected*` tables (store_corrections.apply_corrections): the rows of the
entities the corrections touch, counted again from the resolution's tables, and the mentions
`add` corrections find.

What each source costs: a resolved entity that went whole to one corrected entity (relabelled,
rejected, merged) is counted from its resolution rows (its documents, label counts and aliases);
one whose texts went to several (split) is counted from its mentions, in its documents only; an
added text's occurrences are looked for in the documents whose full-text index has its words.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass, field

from gui.core.corpus.store import CorpusStore
from gui.core.desk.corrected_entities import CorrectedEntities
from gui.core.desk.correction_overlay import CorrectionOverlay
from gui.core.desk.corrections import DocumentKey
from gui.core.entities.name_forms import read_mention
from gui.core.entities.resolved_entities import consensus
from gui.core.model.document import Entity

TABLES = ("corrected", "corrected_aliases", "corrected_pieces", "corrected_documents", "corrected_mentions")
_CHUNK = 400
# Which resolved entity a mention (`m`) means: where its text means another in its document,
# else its text's (as store_resolution.RESOLVED_OF_MENTION).
RESOLVED_OF_MENTION = (
    "coalesce((SELECT x.resolved FROM resolved_exceptions x WHERE x.document = m.document"
    " AND x.text = m.text), (SELECT t.resolved FROM resolved_texts t WHERE t.text = m.text))"
)


@dataclass
class _Alias:
    key: str
    why: str
    mentions: int = 0
    documents: int = 0


@dataclass
class _Tally:
    """One corrected entity's counts."""

    labels: Counter[str] = field(default_factory=Counter)
    documents: Counter[int] = field(default_factory=Counter)  # document -> mentions
    aliases: dict[str, _Alias] = field(default_factory=dict)
    alone: Counter[str] = field(default_factory=Counter)  # mentions relabelled alone, by their label
    alone_from: Counter[str] = field(default_factory=Counter)  # ... by the model's label

    def alias(self, text: str, key: str, why: str) -> _Alias:
        found = self.aliases.get(text)
        if found is None:
            found = self.aliases[text] = _Alias(key, why)
        return found


def write_corrected(
    store: CorpusStore,
    state: CorrectedEntities,
    overlay: CorrectionOverlay,
    documents: dict[DocumentKey, int],
) -> None:
    """Rewrite the corrected tables for `state` (in the caller's transaction)."""
    db = store.db
    for table in TABLES:
        db.execute(f"DELETE FROM {table}")
    live = {entity.id for entity in state.live()}
    db.executemany("INSERT INTO corrected_pieces VALUES (?, ?, ?)",
                   ((rid, text, owner if owner in live else None)
                    for (rid, text), owner in state.owner.items()))
    tallies: dict[int, _Tally] = {}
    for rid, forms in state.touched.items():
        owners = {state.owner[rid, alias.text] for alias in forms.aliases}
        if not owners & live:
            continue
        if len(owners) == 1:
            _count_whole(store, rid, tallies.setdefault(owners.pop(), _Tally()), state)
        else:
            _count_split(store, rid, state, live, tallies)
    _count_relabelled_mentions(store, state, documents, tallies)
    _find_added(store, state, overlay, live, tallies)
    _write_rows(store, state, tallies)


def _why(state: CorrectedEntities, rid: int, owner: int, why: str) -> str:
    """Why a text of the resolved entity `rid` is an alias of the corrected entity `owner`."""
    entity = state.entities[owner]
    if owner == rid:
        return why
    if entity.split_from is not None and owner < 0:
        return f"split off {state.entities[entity.split_from].name} by a correction"
    return f"merged into {entity.name} by a correction"


def _count_whole(store: CorpusStore, rid: int, tally: _Tally, state: CorrectedEntities) -> None:
    """A resolved entity gone whole to one corrected entity: its resolution rows."""
    owner = state.owner[rid, state.touched[rid].aliases[0].text]
    (counts,) = store.db.execute("SELECT label_counts FROM resolved WHERE id = ?", (rid,)).fetchone()
    for label, count in json.loads(counts):
        tally.labels[label] += count
    for document, mentions in store.db.execute(
        "SELECT document, mentions FROM resolved_documents WHERE resolved = ?", (rid,)
    ):
        tally.documents[document] += mentions
    for text, key, why, mentions, documents in store.db.execute(
        "SELECT alias, alias_key, why, mentions, documents FROM resolved_aliases WHERE resolved = ?", (rid,)
    ):
        alias = tally.alias(text, key, _why(state, rid, owner, why))
        alias.mentions += mentions
        alias.documents += documents


def _count_split(
    store: CorpusStore, rid: int, state: CorrectedEntities, live: set[int], tallies: dict[int, _Tally]
) -> None:
    """A resolved entity whose texts went to several corrected entities: its mentions, counted."""
    whys = dict(store.db.execute("SELECT alias, why FROM resolved_aliases WHERE resolved = ?", (rid,)))
    texts = [alias.text for alias in state.touched[rid].aliases]
    keys = {alias.text: alias.key for alias in state.touched[rid].aliases}
    seen: set[tuple[int, str, int]] = set()
    for first in range(0, len(texts), _CHUNK):
        chunk = texts[first : first + _CHUNK]
        marks = ",".join("?" * len(chunk))
        rows = store.db.execute(
            "SELECT m.document, m.text, m.label, count(*) FROM resolved_documents rd JOIN mentions m"
            f" ON m.document = rd.document WHERE rd.resolved = ? AND m.text IN ({marks})"
            f" AND {RESOLVED_OF_MENTION} = ? GROUP BY m.document, m.text, m.label", [rid, *chunk, rid])
        for document, text, label, count in rows:
            owner = state.owner[rid, text]
            if owner not in live:
                continue
            tally = tallies.setdefault(owner, _Tally())
            tally.labels[label] += count
            tally.documents[document] += count
            alias = tally.alias(text, keys[text], _why(state, rid, owner, whys.get(text, "")))
            alias.mentions += count
            if (owner, text, document) not in seen:
                seen.add((owner, text, document))
                alias.documents += 1


def _count_relabelled_mentions(
    store: CorpusStore,
    state: CorrectedEntities,
    documents: dict[DocumentKey, int],
    tallies: dict[int, _Tally],
) -> None:
    """A mention relabelled alone moves one mention of its entity's label counts to its label."""
    for (key, start, end), mention in state.mention_labels.items():
        row = documents.get(key)
        found = None if row is None else store.db.execute(
            f'SELECT m.text, m.label, {RESOLVED_OF_MENTION} FROM mentions m WHERE m.document = ?'
            ' AND m.start = ? AND m."end" = ?', (row, start, end)).fetchone()
        if found is None or (mention.text and found[0] != mention.text):
            continue
        text, label, rid = found
        owner = state.owner.get((rid, text))
        tally = tallies.get(owner) if owner is not None else None
        if owner is None or tally is None:
            continue  # its entity is rejected
        if mention.label != (state.entities[owner].label or label):
            tally.alone[mention.label] += 1
            tally.alone_from[label] += 1


def _find_added(
    store: CorpusStore, state: CorrectedEntities, overlay: CorrectionOverlay, live: set[int],
    tallies: dict[int, _Tally],
) -> None:
    """The occurrences of added texts that no mention covers, in the documents that have their
    words, as mentions of their entities."""
    candidates: set[int] = set()
    for added in state.added.values():
        phrase = '"' + added.text.replace('"', '""') + '"'
        try:
            candidates.update(row for (row,) in store.db.execute(
                "SELECT rowid FROM bodies WHERE bodies MATCH ?", (phrase,)))
        except sqlite3.OperationalError:  # a text FTS5 cannot take (no words): looked for nowhere
            continue
    rows = sorted(candidates)
    found: list[tuple[int, int, int, str, str, int]] = []
    for first in range(0, len(rows), _CHUNK):
        chunk = rows[first : first + _CHUNK]
        marks = ",".join("?" * len(chunk))
        spans: dict[int, list[Entity]] = {row: [] for row in chunk}
        for document, start, end, label in store.db.execute(
            f'SELECT document, start, "end", label FROM mentions WHERE document IN ({marks})', chunk
        ):
            spans[document].append(Entity(start, end, label))
        for row, name, doc_id, body in store.db.execute(
            f"SELECT d.id, d.name, d.doc_id, t.body FROM documents d JOIN texts t ON t.id = d.id"
            f" WHERE d.id IN ({marks})", chunk
        ):
            key = (bytes(name), doc_id)
            kept = overlay.spans(key, body, sorted(spans[row]), add=False)
            for span in overlay.added_spans(body, kept):
                text = body[span.start : span.end]
                entity = overlay.added_entity(text)
                if entity is None or entity.id not in live:
                    continue
                found.append((row, span.start, span.end, span.label, text, entity.id))
    store.db.executemany("INSERT OR IGNORE INTO corrected_mentions VALUES (?, ?, ?, ?, ?, ?)", found)
    seen: set[tuple[int, str, int]] = set()
    for row, _start, _end, label, text, entity_id in found:
        tally = tallies.setdefault(entity_id, _Tally())
        tally.labels[label] += 1
        tally.documents[row] += 1
        alias = tally.alias(text, read_mention(text).form_key, "added by a correction")
        alias.mentions += 1
        if (entity_id, text, row) not in seen:
            seen.add((entity_id, text, row))
            alias.documents += 1


def _write_rows(store: CorpusStore, state: CorrectedEntities, tallies: dict[int, _Tally]) -> None:
    db = store.db
    for entity_id, tally in tallies.items():
        entity = state.entities[entity_id]
        mentions = sum(tally.labels.values())
        if mentions <= 0:
            continue
        # Every mention takes the entity's label if a correction gives one, but those relabelled alone.
        if entity.label is not None:
            own = Counter({entity.label: mentions - sum(tally.alone.values())})
        else:
            own = tally.labels.copy()
            own.subtract(tally.alone_from)
        own.update(tally.alone)
        labels = {label: count for label, count in own.items() if count > 0}
        label = entity.label or consensus(labels)
        ranked = sorted(labels.items(), key=lambda item: (-item[1], item[0]))
        row = (entity_id, entity.key, entity.name, label, json.dumps(ranked), mentions, len(tally.documents))
        db.execute("INSERT INTO corrected VALUES (?, ?, ?, ?, ?, ?, ?)", row)
        db.executemany("INSERT INTO corrected_aliases VALUES (?, ?, ?, ?, ?, ?)",
                       ((entity_id, text, alias.key, alias.why, alias.mentions, alias.documents)
                        for text, alias in tally.aliases.items() if alias.mentions > 0))
        db.executemany("INSERT INTO corrected_documents VALUES (?, ?, ?)",
                       ((entity_id, document, count) for document, count in tally.documents.items()))
