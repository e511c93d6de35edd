"""Writing the store's `corrected*` tables (store_corrections.apply_corrections): the rows of the
entities the corrections touch, counted again from the resolution's tables, and the mentions
`add` corrections find.

Only what changed is written again. Each corrected entity's rows carry a signature of what they
were counted from (its pieces, label and names, the mentions relabelled alone in it, the texts
added to it); an entity whose signature is the one stored keeps its rows, so a new correction
costs what it touches, whatever the number of corrections before it.

What counting an entity costs: a resolved entity that went whole to it (relabelled, rejected,
merged) is counted from its resolution rows; one whose texts went to several (split) gives the
texts that left it counted from their mentions, in the documents whose full-text index has their
words (once, kept in corrected_scans; SQLite sums them from there into each entity's documents),
and the rest is its resolution rows less those; an added text's occurrences are looked for in
the documents whose full-text index has its words.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from gui.core.corpus.store import CorpusStore
from gui.core.desk.corrected_entities import CorrectedEntities, CorrectedEntity
from gui.core.desk.correction_overlay import CorrectionOverlay
from gui.core.desk.corrections import DocumentKey
from gui.core.entities.name_forms import read_mention
from gui.core.entities.resolved_entities import consensus

# Each table of an entity's rows, with the column naming the entity.
ROWS = {"corrected": "id", "corrected_aliases": "resolved", "corrected_documents": "resolved",
        "corrected_mentions": "entity", "corrected_signatures": "entity"}
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
    # Resolved entities whose documents it has all of, the texts of resolved entities it has
    # from their mentions (corrected_scans), and those that left the resolved entities it has
    # whole: (resolved, texts). Their documents are summed by SQLite, never read here.
    whole: list[int] = field(default_factory=list)
    moved_in: list[tuple[int, list[str]]] = field(default_factory=list)
    left: list[tuple[int, list[str]]] = field(default_factory=list)

    def alias(self, text: str, key: str, why: str) -> _Alias:
        found = self.aliases.get(text)
        if found is None:
            found = self.aliases[text] = _Alias(key, why)
        return found


@dataclass
class _Relabelled:
    """A mention relabelled alone that applies: its entity, the model's label and its own."""

    owner: int
    place: tuple[DocumentKey, int, int]
    model: str
    label: str


# Added occurrences labelled other than their entity (drawn so): entity, document, label, count.
ADDED_APART = ("SELECT m.entity, m.document, m.label, count(*) FROM corrected_mentions m JOIN corrected e"
               " ON e.id = m.entity WHERE upper(m.label) != upper(e.label) GROUP BY 1, 2, 3")
# Where each kind of entity's label and documents are read.
_LABEL_SOURCES = {"resolved": ("resolved", "resolved_documents"),
                  "corrected": ("corrected", "corrected_documents")}


class LabelChanges:
    """Changes to label_documents, gathered while entities are written again and applied at once:
    one taken out and put back alike (renamed, or written again unchanged) writes nothing."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        # Summed as they come, in the order of label_documents' key, which they are written in.
        db.execute("CREATE TEMP TABLE IF NOT EXISTS label_changes (label TEXT NOT NULL COLLATE NOCASE,"
                   " document INTEGER NOT NULL, change INTEGER NOT NULL, PRIMARY KEY (label, document))"
                   " WITHOUT ROWID")
        db.execute("DELETE FROM temp.label_changes")

    def take_out(self, kind: str, ids: Iterable[int]) -> None:
        """The entities' rows as they are now, to be taken out (before they are rewritten)."""
        self._gather(kind, ids, -1)

    def put_in(self, kind: str, ids: Iterable[int]) -> None:
        """The entities' rows as they are now, to be put in (after they were written)."""
        self._gather(kind, ids, 1)

    def _gather(self, kind: str, ids: Iterable[int], sign: int) -> None:
        entities, documents = _LABEL_SOURCES[kind]
        chosen = sorted(ids)
        for first in range(0, len(chosen), _CHUNK):
            listed = ",".join(str(int(entity)) for entity in chosen[first : first + _CHUNK])
            self._db.execute(f"INSERT INTO temp.label_changes SELECT e.label, d.document, {sign}"
                             f" FROM {documents} d JOIN {entities} e ON e.id = d.resolved"
                             f" WHERE d.resolved IN ({listed}) ORDER BY 1, 2"
                             " ON CONFLICT DO UPDATE SET change = change + excluded.change")

    def change(self, changes: Iterable[tuple[str, int, int]]) -> None:
        """(label, document, change) to sum with the rest (those of the mentions relabelled alone)."""
        self._db.executemany("INSERT INTO temp.label_changes VALUES (?, ?, ?)"
                             " ON CONFLICT DO UPDATE SET change = change + excluded.change", changes)

    def apply(self) -> None:
        """Write the changes gathered into label_documents."""
        db = self._db
        db.execute("INSERT INTO label_documents SELECT label, document, change FROM temp.label_changes"
                   " WHERE change != 0 ON CONFLICT (label, document)"
                   " DO UPDATE SET entities = entities + excluded.entities")
        db.execute("DELETE FROM label_documents WHERE entities <= 0 AND label IN"
                   " (SELECT DISTINCT label FROM temp.label_changes WHERE change < 0)")
        db.execute("DELETE FROM temp.label_changes")


def write_label_documents(db: sqlite3.Connection) -> None:
    """Write label_documents whole, from the final_* views (after a resolution)."""
    db.execute("DELETE FROM label_documents")
    db.execute("INSERT INTO label_documents SELECT e.label, d.document, count(*) FROM final_documents d"
               " JOIN final_entities e ON e.id = d.resolved GROUP BY e.label COLLATE NOCASE, d.document")


def relabel_changes(
    store: CorpusStore, relabelled: Iterable[tuple[int, int, str]]
) -> list[tuple[str, int, int]]:
    """What the mentions relabelled alone that apply, (final entity, document, label) as
    store_corrections.relabelled_owners gives them, and the added occurrences labelled other
    than the entity they joined, change in label_documents: (label, document, change), in its
    key's order. A document loses an entity's label (-1) if every mention of it there has another,
    and gains each other one (+1): the entity counts once per label."""
    given: dict[tuple[int, int], Counter[str]] = {}  # (entity, document) -> labels given alone
    for owner, row, label in relabelled:
        given.setdefault((owner, row), Counter())[label] += 1
    for entity, row, label, count in store.db.execute(ADDED_APART):
        given.setdefault((entity, row), Counter())[label] += count
    changes: Counter[tuple[str, int]] = Counter()
    for (entity, row), labels in given.items():
        found = store.db.execute(
            "SELECT e.label, d.mentions FROM corrected e JOIN corrected_documents d ON d.resolved = e.id"
            " WHERE e.id = ? AND d.document = ?", (entity, row)).fetchone()
        if found is None:
            continue  # no mention of it counted there
        own, mentions = found
        away = {label: count for label, count in labels.items() if label.upper() != own.upper()}
        if sum(away.values()) >= mentions:
            changes[own.upper(), row] -= 1
        for label in {label.upper() for label in away}:
            changes[label, row] += 1
    return [(label, row, change) for (label, row), change in sorted(changes.items()) if change]


def write_corrected(
    store: CorpusStore,
    state: CorrectedEntities,
    overlay: CorrectionOverlay,
    documents: dict[DocumentKey, int],
    labels: LabelChanges | None = None,
) -> None:
    """Bring the corrected tables to `state` (in the caller's transaction), rewriting only the
    entities whose signature changed; their labels by document are told to `labels`."""
    db = store.db
    live = {entity.id: entity for entity in state.live()}
    relabelled = _relabelled_mentions(store, state, documents, live)
    signatures = {entity_id: _signature(state, entity, relabelled) for entity_id, entity in live.items()}
    old = dict(db.execute("SELECT entity, signature FROM corrected_signatures"))
    gone = [entity_id for entity_id, signature in old.items() if signatures.get(entity_id) != signature]
    if labels is not None:
        labels.take_out("corrected", gone)
    for first in range(0, len(gone), _CHUNK):
        chunk = gone[first : first + _CHUNK]
        for table, column in ROWS.items():
            db.execute(f"DELETE FROM {table} WHERE {column} IN ({','.join('?' * len(chunk))})", chunk)
    db.execute("DELETE FROM corrected_pieces")
    db.executemany("INSERT INTO corrected_pieces VALUES (?, ?, ?)",
                   ((rid, text, owner if owner in live else None)
                    for (rid, text), owner in state.owner.items()))
    fresh = [entity_id for entity_id, signature in signatures.items() if old.get(entity_id) != signature]
    if not fresh:
        return
    tallies = {entity_id: _Tally() for entity_id in fresh}
    for rid in sorted({rid for entity_id in fresh for rid, _ in live[entity_id].pieces}):
        _count_resolved(store, state, rid, tallies)
    for mention in relabelled:
        tally = tallies.get(mention.owner)
        if tally is not None:
            tally.alone[mention.label] += 1
            tally.alone_from[mention.model] += 1
    _find_added(store, state, overlay, tallies)
    _write_rows(store, state, tallies, signatures)
    if labels is not None:
        labels.put_in("corrected", fresh)


def _signature(state: CorrectedEntities, entity: CorrectedEntity, relabelled: list[_Relabelled]) -> str:
    """What an entity's rows are counted from, as a short digest."""
    split_from = state.entities[entity.split_from].name if entity.split_from is not None else None
    added = sorted((added.text, added.label) for added in state.added.values() if added.entity == entity.id)
    # Added texts are found where no span covers them: the rejected spans that may have covered
    # one (sharing a word with it) matter to them.
    words = {word for text, _ in added for word in _words(text)}
    rejected = sorted(piece for piece, owner in state.owner.items()
                      if words and state.entities[owner].rejected and words & _words(piece[1]))
    parts = [entity.key, entity.name, entity.override, sorted(entity.pieces), split_from, added, rejected,
             sorted((str(m.place), m.model, m.label) for m in relabelled if m.owner == entity.id)]
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:24]


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def _count_resolved(
    store: CorpusStore, state: CorrectedEntities, rid: int, tallies: dict[int, _Tally]
) -> None:
    """Count a resolved entity's mentions for the corrected entities among `tallies` that hold
    its texts: the texts that left its main part counted from their mentions, the main part as
    its resolution rows less those."""
    forms = state.touched[rid].aliases
    owners = {alias.text: state.owner[rid, alias.text] for alias in forms}
    shares: Counter[int] = Counter()
    for alias in forms:
        shares[owners[alias.text]] += alias.mentions
    main = max(shares, key=lambda owner: (shares[owner], owner == rid))
    # The texts that left the main part: all of them are counted if it is written again, else
    # only those of the entities that are.
    left = [alias.text for alias in forms if owners[alias.text] != main
            and (main in tallies or owners[alias.text] in tallies)]
    if left:
        _scan(store, rid, left)
    db = store.db
    marks = ",".join("?" * len(left))
    # What left, by text and label, and in how many documents each text is: a few rows, where
    # its mentions by document are as many as the documents of a surname (summed in SQL).
    moved = db.execute(
        "SELECT text, label, sum(mentions) FROM corrected_scans WHERE resolved = ?"
        f" AND text IN ({marks}) AND document >= 0 GROUP BY text, label", [rid, *left]).fetchall()
    spread = dict(db.execute(
        "SELECT text, count(DISTINCT document) FROM corrected_scans WHERE resolved = ?"
        f" AND text IN ({marks}) AND document >= 0 GROUP BY text", [rid, *left]))
    whys = dict(db.execute("SELECT alias, why FROM resolved_aliases WHERE resolved = ?", (rid,)))
    keys = {alias.text: alias.key for alias in forms}
    main_tally = tallies.get(main)
    if main_tally is not None:
        (counts,) = db.execute("SELECT label_counts FROM resolved WHERE id = ?", (rid,)).fetchone()
        for label, count in json.loads(counts):
            main_tally.labels[label] += count
        main_tally.whole.append(rid)
        for text, key, why, mentions, documents in db.execute(
            "SELECT alias, alias_key, why, mentions, documents FROM resolved_aliases WHERE resolved = ?",
            (rid,),
        ):
            if owners.get(text, main) == main:
                kept = main_tally.alias(text, key, state.why_joined(rid, main, why))
                kept.mentions += mentions
                kept.documents += documents
        for _text, label, count in moved:  # what left it
            main_tally.labels[label] -= count
        if left:
            main_tally.left.append((rid, left))
    gone_to: dict[int, list[str]] = {}
    for text, label, count in moved:
        tally = tallies.get(owners[text])
        if tally is None:
            continue  # rejected, or not written again
        tally.labels[label] += count
        gone = tally.alias(text, keys[text], state.why_joined(rid, owners[text], whys.get(text, "")))
        if text not in gone_to.setdefault(owners[text], []):
            gone_to[owners[text]].append(text)
            gone.documents += spread.get(text, 0)
        gone.mentions += count
    for owner, texts in gone_to.items():
        tallies[owner].moved_in.append((rid, texts))


def _scan(store: CorpusStore, rid: int, texts: list[str]) -> None:
    """Count the mentions with these texts that mean the resolved entity `rid` by document and
    label, once (`_count_texts`), into corrected_scans, where they are kept."""
    db = store.db
    counted = {text for (text,) in db.execute(
        "SELECT text FROM corrected_scans WHERE resolved = ? AND document = -1", (rid,))}
    missing = [text for text in texts if text not in counted]
    if missing:
        found = _count_texts(store, rid, missing)
        db.executemany("INSERT OR REPLACE INTO corrected_scans VALUES (?, ?, ?, ?, ?)",
                       [*((rid, text, document, label, count) for document, text, label, count in found),
                        *((rid, text, -1, "", 0) for text in missing)])


def _count_texts(store: CorpusStore, rid: int, texts: list[str]) -> list[tuple[int, str, str, int]]:
    """(document, text, label, count) of the mentions with these texts that mean the resolved
    entity `rid`, in the documents of it whose full-text index has their words."""
    db = store.db
    means = dict(db.execute(
        f"SELECT text, resolved FROM resolved_texts WHERE text IN ({','.join('?' * len(texts))})", texts))
    candidates: set[int] = set()
    for text in texts:
        phrase = '"' + text.replace('"', '""') + '"'
        try:
            candidates.update(row for (row,) in db.execute(
                "SELECT rowid FROM bodies WHERE bodies MATCH ? INTERSECT"
                " SELECT document FROM resolved_documents WHERE resolved = ?", (phrase, rid)))
        except sqlite3.OperationalError:  # no words: every document of the entity
            candidates.update(row for (row,) in db.execute(
                "SELECT document FROM resolved_documents WHERE resolved = ?", (rid,)))
    wanted = set(texts)
    # Only the spans of the per-document entities these texts were grouped in are read.
    keys = sorted({read_mention(text).form_key for text in texts})
    grouped = ",".join(str(entity) for (entity,) in db.execute(  # ints of the store's own
        f"SELECT DISTINCT entity FROM aliases WHERE alias_key IN ({','.join('?' * len(keys))})", keys))
    # ... and of those, only the spans as long as one of the texts (a document's body is read
    # once, for the first: a row of texts is one page).
    lengths = ",".join(str(length) for length in sorted({len(text) for text in texts}))
    found: Counter[tuple[int, str, str]] = Counter()
    rows = sorted(candidates) if grouped else []
    for first in range(0, len(rows), _CHUNK):
        chunk = rows[first : first + _CHUNK]
        marks = ",".join("?" * len(chunk))
        elsewhere = {(document, text): resolved for document, text, resolved in db.execute(
            f"SELECT document, text, resolved FROM resolved_exceptions WHERE document IN ({marks})", chunk)}
        for document, text, label in db.execute(
            f"SELECT document, text, label FROM mentions WHERE document IN ({marks})"
            f' AND entity IN ({grouped}) AND "end" - start IN ({lengths})', chunk
        ):
            if text in wanted and elsewhere.get((document, text), means.get(text)) == rid:
                found[document, text, label] += 1
    return [(document, text, label, count) for (document, text, label), count in found.items()]


def _relabelled_mentions(
    store: CorpusStore,
    state: CorrectedEntities,
    documents: dict[DocumentKey, int],
    live: Mapping[int, CorrectedEntity],
) -> list[_Relabelled]:
    """The mentions relabelled alone that apply (their text unchanged), with their entity."""
    found = []
    for place, mention in state.mention_labels.items():
        key, start, end = place
        row = documents.get(key)
        hit = None if row is None else store.db.execute(
            f'SELECT m.text, m.label, {RESOLVED_OF_MENTION} FROM mentions m WHERE m.document = ?'
            ' AND m.start = ? AND m."end" = ?', (row, start, end)).fetchone()
        if hit is None or (mention.text and hit[0] != mention.text):
            continue
        text, label, rid = hit
        owner = state.owner.get((rid, text))
        if owner is not None and owner in live and mention.label != (state.entities[owner].label or label):
            found.append(_Relabelled(owner, place, label, mention.label))
    return found


def _find_added(
    store: CorpusStore, state: CorrectedEntities, overlay: CorrectionOverlay, tallies: dict[int, _Tally]
) -> None:
    """The occurrences of the texts added to the entities of `tallies` that no mention covers, in
    the documents that have their words, as mentions of their entities."""
    texts = [added.text for added in state.added.values() if added.entity in tallies]
    candidates: set[int] = set()
    for text in texts:
        phrase = '"' + text.replace('"', '""') + '"'
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
        spans: dict[int, list[tuple[int, int]]] = {row: [] for row in chunk}
        for document, start, end in store.db.execute(
            f'SELECT document, start, "end" FROM mentions WHERE document IN ({marks})', chunk
        ):
            spans[document].append((start, end))
        for row, name, doc_id, body in store.db.execute(
            f"SELECT d.id, d.name, d.doc_id, t.body FROM documents d JOIN plain_texts t ON t.id = d.id"
            f" WHERE d.id IN ({marks})", chunk
        ):
            for span in overlay.added_in((bytes(name), doc_id), body, sorted(spans[row])):
                text = body[span.start : span.end]
                entity = overlay.added_entity(text)
                if entity is not None and entity.id in tallies:
                    found.append((row, span.start, span.end, span.label, text, entity.id))
    store.db.executemany("INSERT OR IGNORE INTO corrected_mentions VALUES (?, ?, ?, ?, ?, ?)", found)
    seen: set[tuple[int, str, int]] = set()
    for row, _start, _end, label, text, entity_id in found:
        tally = tallies[entity_id]
        tally.labels[label] += 1
        tally.documents[row] += 1
        alias = tally.alias(text, read_mention(text).form_key, "added by a correction")
        alias.mentions += 1
        if (entity_id, text, row) not in seen:
            seen.add((entity_id, text, row))
            alias.documents += 1


def _labels(entity: CorrectedEntity, tally: _Tally, mentions: int) -> dict[str, int]:
    """An entity's mentions by label: all its correction's label if it gives one, but those
    relabelled alone; else the model's, less those relabelled alone, and theirs."""
    if entity.label is not None:
        own = Counter({entity.label: mentions - sum(tally.alone.values())})
    else:
        own = tally.labels.copy()
        own.subtract(tally.alone_from)
    own.update(tally.alone)
    return {label: count for label, count in own.items() if count > 0}


def _write_rows(
    store: CorpusStore, state: CorrectedEntities, tallies: dict[int, _Tally], signatures: dict[int, str]
) -> None:
    db = store.db
    for entity_id, tally in tallies.items():
        db.execute("INSERT INTO corrected_signatures VALUES (?, ?)", (entity_id, signatures[entity_id]))
        entity = state.entities[entity_id]
        mentions = sum(count for count in tally.labels.values() if count > 0)
        if mentions <= 0:
            continue
        labels = _labels(entity, tally, mentions)
        label = entity.label or consensus(labels)
        ranked = sorted(labels.items(), key=lambda item: (-item[1], item[0]))
        documents = _write_documents(store, entity_id, tally)
        row = (entity_id, entity.key, entity.name, label, json.dumps(ranked), mentions, documents)
        db.execute("INSERT INTO corrected VALUES (?, ?, ?, ?, ?, ?, ?)", row)
        db.executemany("INSERT INTO corrected_aliases VALUES (?, ?, ?, ?, ?, ?)",
                       ((entity_id, text, alias.key, alias.why, alias.mentions, alias.documents)
                        for text, alias in tally.aliases.items() if alias.mentions > 0))


def _write_documents(store: CorpusStore, entity_id: int, tally: _Tally) -> int:
    """Write an entity's documents with its mentions in each; how many. Those of the resolved
    entities it has whole, and of the texts it has or lost from their counted mentions, are summed
    by SQLite, never read here (the most mentioned has a row in most documents, a surname split
    off it in most of those)."""
    db = store.db
    if not tally.whole and not tally.moved_in:
        db.executemany("INSERT INTO corrected_documents VALUES (?, ?, ?)",
                       _positive(entity_id, tally.documents))
        return sum(1 for count in tally.documents.values() if count > 0)
    # One INSERT of every source's rows summed by document (those that left negative): a row
    # is written once, where adding each source and then taking off what left rewrote most.
    sources: list[str] = []
    parameters: list[object] = [entity_id]
    if tally.whole:  # ints of the store's own
        sources.append("SELECT document, mentions FROM resolved_documents WHERE resolved IN"
                       f" ({','.join(str(int(rid)) for rid in tally.whole)})")
    for sign, scanned in (("", tally.moved_in), ("-", tally.left)):
        for rid, texts in scanned:
            sources.append(f"SELECT document, {sign}mentions FROM corrected_scans WHERE resolved = ?"
                           f" AND text IN ({','.join('?' * len(texts))}) AND document >= 0")
            parameters += [rid, *texts]
    db.execute("INSERT INTO corrected_documents SELECT ?, document, sum(mentions) FROM"
               f" ({' UNION ALL '.join(sources)}) GROUP BY document HAVING sum(mentions) > 0", parameters)
    db.executemany("INSERT INTO corrected_documents VALUES (?, ?, ?) ON CONFLICT (resolved, document)"
                   " DO UPDATE SET mentions = mentions + excluded.mentions",
                   _positive(entity_id, tally.documents))
    (documents,) = db.execute("SELECT count(*) FROM corrected_documents WHERE resolved = ?", (entity_id,))
    return int(documents[0])


def _positive(entity_id: int, documents: Counter[int]) -> Iterable[tuple[int, int, int]]:
    return ((entity_id, document, count) for document, count in documents.items() if count > 0)
