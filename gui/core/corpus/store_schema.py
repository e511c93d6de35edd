"""The corpus store's tables: documents, their bodies and full-text index, mentions and entities,
and the corpus-level resolution of those entities (store_resolution.py).

One SQLite file per corpus. A document is a file of a folder (`name` holds its file name's exact
bytes, `record` is -1) or a record of a JSON Lines file (`record` is its line's byte offset).
"""

from __future__ import annotations

import sqlite3
import weakref
import zlib

from gui.core.model.sqlite_files import statements

# Raised whenever a table or its meaning changes: a store of another version is rebuilt.
SCHEMA_VERSION = 15

# Tables every store of this version has (a store without them is rebuilt).
TABLES = ("documents", "texts", "bodies", "mention_spans", "entities", "aliases", "entity_documents",
          "resolved", "resolved_aliases", "resolved_texts", "resolved_exceptions", "resolved_documents",
          "document_entities", "corrected",
          "corrected_aliases", "corrected_pieces", "corrected_documents", "corrected_mentions",
          "corrected_signatures", "corrected_scans", "label_documents", "document_names")
# Facts an update leaves (store_upkeep): the digest of the listing the documents match, and the
# folder's own stamp then. Writing a document's row forgets them.
LISTING_FACT = "listing"
FOLDER_FACT = "folder"
# A fact the resolution leaves (store_resolution): its tables match the mentions. Adding, removing
# or filling in a document forgets it, and the resolution is then stale until it runs again.
RESOLUTION_FACT = "resolution"
# A fact the corrections leave (store_corrections): the stamp of the desk's active corrections and
# of the resolution their tables were built from.
CORRECTIONS_FACT = "corrections"
# A fact the corrections leave beside it: what the mentions relabelled alone changed in
# label_documents, as JSON [[label, document, change], ...] (store_corrected_tables), taken back
# before the next apply puts in its own. A store without it has not counted them yet.
RELABELS_FACT = "label_relabels"

SCHEMA = """
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    name BLOB NOT NULL,               -- the file name's bytes, exactly as the file system gives them
    record INTEGER NOT NULL,          -- a JSON Lines record's byte offset; -1 for a file
    doc_id TEXT NOT NULL,             -- the corpus's id for it (file stem, record id)
    size INTEGER NOT NULL,            -- the file's stamp when it was read:
    mtime_ns INTEGER NOT NULL,
    ann_size INTEGER NOT NULL,        -- its brat .ann's (-1 for none)
    ann_mtime_ns INTEGER NOT NULL,
    text_sha256 BLOB NOT NULL,        -- the body's SHA-256 (the entity cache's key), as 32 bytes
    date TEXT,                        -- ISO date, or NULL
    title TEXT,                       -- the source's own; NULL: the body's first sentence (make_title)
    entity_source TEXT NOT NULL,      -- brat, jsonl, engine, or pending (not known yet)
    notices TEXT NOT NULL,            -- what was odd about it, one per line
    UNIQUE (name, record)
);
CREATE INDEX documents_by_date ON documents (date);
CREATE INDEX documents_by_doc_id ON documents (doc_id);
-- The ids of many documents at once (an entity's), without reading their rows.
CREATE INDEX documents_ids ON documents (id, doc_id);
CREATE INDEX documents_pending ON documents (entity_source) WHERE entity_source = 'pending';
-- The order of a query without words (newest first, undated last): its first page is read from
-- here, where sorting every match of a broad filter (`type:PERSON`) took most of its time.
CREATE INDEX documents_by_recency ON documents (date IS NULL, date DESC, id);

-- The bodies, stored once, compressed (packed_body: they were over a third of a store); the
-- full-text index reads them through plain_texts (external content). The views call functions
-- every connection to a store registers (register_functions): another program reading the file
-- (the sqlite3 shell) finds the tables, but not the views' columns that unpack a body.
CREATE TABLE texts (id INTEGER PRIMARY KEY, body NOT NULL);
CREATE VIEW plain_texts AS SELECT id, plain_body(body) AS body FROM texts;
CREATE VIRTUAL TABLE bodies USING fts5(
    body, content='plain_texts', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);

-- What quick open (Ctrl+P) matches of each document: its title as the listing shows it, a space
-- and its file name, folded as gui/core/search/fuzzy folds (store_writes.quick_open_names). The
-- titles the body gives are stored here alone (documents.title holds the source's own only).
CREATE TABLE document_names (id INTEGER PRIMARY KEY, names TEXT NOT NULL);

-- Every span of every document, in text order: `entity` is its corpus entity. A span's label is
-- its entity's and its text is the body's between its offsets, so neither is stored twice (they
-- were a third of a store of short documents): the view `mentions` reads them back.
CREATE TABLE mention_spans (
    document INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    entity INTEGER NOT NULL,
    PRIMARY KEY (document, seq)
) WITHOUT ROWID;
-- LEFT JOINs on primary keys: SQLite leaves out the one a query reads nothing of. span_text
-- reads and unpacks a body once for the mentions of it that come one after another; a reader of
-- every mention of the corpus reads each body once itself (store_resolution.mention_texts).
CREATE VIEW mentions AS SELECT m.document, m.seq, m.start, m."end", e.label,
    span_text(d.text_sha256, m.document, m.start, m."end") AS text, m.entity
    FROM mention_spans m LEFT JOIN entities e ON e.id = m.entity LEFT JOIN documents d ON d.id = m.document;

-- A corpus entity: a (label, normalised casefolded name) key, as the mention grouping makes
-- per document; its counts are kept up to date as documents come and go.
CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    key TEXT NOT NULL,
    name TEXT NOT NULL,               -- the most complete form seen
    documents INTEGER NOT NULL,
    mentions INTEGER NOT NULL,
    UNIQUE (label, key)
);
CREATE INDEX entities_by_documents ON entities (documents DESC);
CREATE INDEX entities_by_label ON entities (label, documents DESC);

-- The forms an entity is mentioned by ("Khalifa Haftar", "Haftar"), keyed casefolded.
CREATE TABLE aliases (
    entity INTEGER NOT NULL,
    alias TEXT NOT NULL,
    alias_key TEXT NOT NULL,
    PRIMARY KEY (entity, alias)
) WITHOUT ROWID;
CREATE INDEX aliases_by_key ON aliases (alias_key);

-- Which documents mention which entity, and how often.
CREATE TABLE entity_documents (
    entity INTEGER NOT NULL,
    document INTEGER NOT NULL,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (entity, document)
) WITHOUT ROWID;
-- A document's rows are found through its mention spans (store_writes), not an index of their own.
-- The same, a row per document: its entities' ids as little-endian 32-bit integers (written by
-- store_writes.entity_ids_blob), and its count of mentions. The charts count the entities and
-- mentions of thousands of documents at once (a period's, an entity's, the corpus's): they read
-- a row per document, not one per document and entity.
CREATE TABLE document_entities (
    document INTEGER PRIMARY KEY,
    entities BLOB NOT NULL,
    mentions INTEGER NOT NULL
);

-- The corpus-level resolution (gui/core/entities/resolution.py), rewritten whole by
-- store_resolution.resolve_store; current while the facts hold 'resolution'. The per-document
-- entities above stay as they are: they are kept up to date document by document, this is not.
-- A real-world entity across the corpus: "Tony Blair", with "Blair" and "Mr Blair" in it.
CREATE TABLE resolved (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,         -- the casefolded canonical name
    name TEXT NOT NULL,
    label TEXT NOT NULL,              -- the majority of its mentions' labels
    label_counts TEXT NOT NULL,       -- JSON [[label, mentions], ...], most mentions first
    mentions INTEGER NOT NULL,
    documents INTEGER NOT NULL
);
CREATE INDEX resolved_by_documents ON resolved (documents DESC);

-- The texts it is mentioned by ("Mr Blair's"), keyed casefolded, and why each joined it.
CREATE TABLE resolved_aliases (
    resolved INTEGER NOT NULL,
    alias TEXT NOT NULL,
    alias_key TEXT NOT NULL,
    why TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    documents INTEGER NOT NULL,
    PRIMARY KEY (resolved, alias)
) WITHOUT ROWID;
CREATE INDEX resolved_aliases_by_key ON resolved_aliases (alias_key);

-- Which entity a mention's text means: wherever it appears (texts), but in the documents where
-- it means another (exceptions: "Blair" beside "Cherie Blair" alone).
CREATE TABLE resolved_texts (text TEXT PRIMARY KEY, resolved INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE resolved_exceptions (
    document INTEGER NOT NULL,
    text TEXT NOT NULL,
    resolved INTEGER NOT NULL,
    PRIMARY KEY (document, text)
) WITHOUT ROWID;

-- Which documents mention which resolved entity, and how often.
CREATE TABLE resolved_documents (
    resolved INTEGER NOT NULL,
    document INTEGER NOT NULL,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (resolved, document)
) WITHOUT ROWID;

-- The desk's active entity corrections applied to the resolution (store_corrections), for the
-- resolved entities they touch alone: rewritten when the corrections or the resolution change,
-- never by a resolution of their own. Readers see the resolution through the final_* views: its
-- rows, but a touched entity's from here. A touched entity keeps its id; a new one is < 0.
CREATE TABLE corrected (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    label TEXT NOT NULL,
    label_counts TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    documents INTEGER NOT NULL
);
CREATE TABLE corrected_aliases (
    resolved INTEGER NOT NULL,        -- the corrected entity
    alias TEXT NOT NULL,
    alias_key TEXT NOT NULL,
    why TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    documents INTEGER NOT NULL,
    PRIMARY KEY (resolved, alias)
) WITHOUT ROWID;
CREATE INDEX corrected_aliases_by_key ON corrected_aliases (alias_key);
-- Each text of a touched resolved entity, and the corrected entity it now means (NULL: rejected).
CREATE TABLE corrected_pieces (
    resolved INTEGER NOT NULL,
    text TEXT NOT NULL,
    entity INTEGER,
    PRIMARY KEY (resolved, text)
) WITHOUT ROWID;
CREATE TABLE corrected_documents (
    resolved INTEGER NOT NULL,        -- the corrected entity
    document INTEGER NOT NULL,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (resolved, document)
) WITHOUT ROWID;
-- What each corrected entity's rows were written from (its pieces, label, names, the mentions
-- relabelled alone and the texts added to it): a new correction rewrites only the entities whose
-- signature it changes.
CREATE TABLE corrected_signatures (entity INTEGER PRIMARY KEY, signature TEXT NOT NULL);
-- The mentions of a resolved entity's text, by document and label, counted once for a split (the
-- resolution's alone decides them: kept until it is written again). A row of document -1 says
-- the text was counted.
CREATE TABLE corrected_scans (
    resolved INTEGER NOT NULL,
    text TEXT NOT NULL,
    document INTEGER NOT NULL,
    label TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (resolved, text, document, label)
) WITHOUT ROWID;
-- The mentions an `add` correction found (occurrences of its text no mention covers).
CREATE TABLE corrected_mentions (
    document INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    label TEXT NOT NULL,
    text TEXT NOT NULL,
    entity INTEGER NOT NULL,
    PRIMARY KEY (document, start)
) WITHOUT ROWID;
CREATE VIEW final_entities AS
    SELECT id, key, name, label, label_counts, mentions, documents FROM resolved
    WHERE id NOT IN (SELECT resolved FROM corrected_pieces)
    UNION ALL SELECT id, key, name, label, label_counts, mentions, documents FROM corrected;
CREATE VIEW final_aliases AS
    SELECT resolved, alias, alias_key, why, mentions, documents FROM resolved_aliases
    WHERE resolved NOT IN (SELECT resolved FROM corrected_pieces)
    UNION ALL SELECT resolved, alias, alias_key, why, mentions, documents FROM corrected_aliases;
CREATE VIEW final_documents AS
    SELECT resolved, document, mentions FROM resolved_documents
    WHERE resolved NOT IN (SELECT resolved FROM corrected_pieces)
    UNION ALL SELECT resolved, document, mentions FROM corrected_documents;

-- The labels of the final entities (those of the final_* views) in each document, with how many
-- entities of each: what `type:LABEL` reads (from the views, it read a row per document of every
-- entity of the label: a long pause for the broadest). Written whole after each resolution,
-- and for the entities a correction rewrites, by store_corrected_tables. An entity counts under
-- each label its mentions in the document have: its own, unless every one of them there was
-- relabelled alone, and each label one was given alone (RELABELS_FACT).
CREATE TABLE label_documents (
    label TEXT NOT NULL COLLATE NOCASE,
    document INTEGER NOT NULL,
    entities INTEGER NOT NULL,
    PRIMARY KEY (label, document)
) WITHOUT ROWID;

-- What the store is of (for people reading the file), and what it knows of it.
CREATE TABLE facts (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

-- Whatever writes a document's row, the store no longer knows which listing it matches; one
-- added, removed or given its entities leaves the resolution stale.
CREATE TRIGGER documents_added AFTER INSERT ON documents BEGIN
    DELETE FROM facts WHERE name IN ('listing', 'folder', 'resolution');
END;
CREATE TRIGGER documents_removed AFTER DELETE ON documents BEGIN
    DELETE FROM facts WHERE name IN ('listing', 'folder', 'resolution');
END;
CREATE TRIGGER documents_filled_in AFTER UPDATE OF entity_source ON documents BEGIN
    DELETE FROM facts WHERE name = 'resolution';
END;
CREATE TRIGGER documents_restamped AFTER UPDATE OF name, record, size, mtime_ns, ann_size, ann_mtime_ns
ON documents BEGIN
    DELETE FROM facts WHERE name IN ('listing', 'folder');
END;
"""


# Bodies shorter than this (in UTF-8 bytes) are stored as text: deflate saves nothing on them.
PACKED_FROM_BYTES = 64
_LEVEL = 6  # zlib's default: level 9 packs these bodies no smaller, 1 packs them 3% larger


def packed_body(body: str) -> str | bytes:
    """A body as texts.body holds it: its UTF-8 as raw deflate (no zlib header: a body is always
    unpacked whole, by plain_body), or the text itself when short."""
    data = body.encode()
    if len(data) < PACKED_FROM_BYTES:
        return body
    return zlib.compress(data, _LEVEL, wbits=-15)


def plain_body(stored: str | bytes) -> str:
    """The body texts.body holds (what packed_body made of it)."""
    if isinstance(stored, str):
        return stored
    return zlib.decompress(stored, wbits=-15).decode()


class StoreConnection(sqlite3.Connection):
    """A connection to a store (sqlite3.connect(..., factory=StoreConnection)). Unlike a plain
    sqlite3.Connection it can be referred to weakly, as register_functions' span_text does: a
    function that held its own connection made a cycle no collection frees (SQLite holds the
    function), and a store dropped without close() kept its files open."""


def register_functions(db: StoreConnection) -> None:
    """Give a connection to a store the functions its views call: plain_body(stored), and
    span_text(sha256, document, start, end), a mention's text: the code points start to end of
    the document's body, whose SHA-256 (documents.text_sha256) is given. span_text keeps the
    last body it read, by its hash: the mentions of one document, read one after the other,
    read and unpack its body once (it is not an argument: SQLite would copy it for each).

    Python cannot mark its functions innocuous, so a connection whose SQLite does not trust the
    schema (trusted_schema off, as some builds default to) would refuse the views that call
    them: the store is Seedview's own file, in its own cache, and its schema is trusted."""
    last: list[tuple[object, str]] = [(None, "")]
    connection = weakref.ref(db)

    def span_text(sha256: bytes | None, document: int, start: int, end: int) -> str | None:
        kept, body = last[0]
        if sha256 is None or sha256 != kept:
            db = connection()
            if db is None:  # cannot be: SQLite calls it within one of the connection's statements
                return None
            # In the statement's own read transaction: the body of the row the hash was read from.
            found = db.execute("SELECT body FROM texts WHERE id = ?", (document,)).fetchone()
            if found is None:
                return None
            body = plain_body(found[0])
            last[0] = (sha256, body)
        return body[start:end]

    db.execute("PRAGMA trusted_schema = ON")
    db.create_function("plain_body", 1, plain_body, deterministic=True)
    db.create_function("span_text", 4, span_text)


# Every occurrence of every term of the full-text index (term, doc, col, offset), made by each
# connection in its own temporary schema (make_instances): a plain word's hits in many documents
# are counted from it, not from their bodies (gui/core/insight/timeline).
INSTANCES = "temp.body_instances"


def make_instances(db: sqlite3.Connection) -> None:
    """Make INSTANCES on a connection to a store."""
    db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {INSTANCES} USING fts5vocab(main, 'bodies', 'instance')")


def drop_statements(names: list[tuple[str, str]]) -> list[str]:
    """Statements that drop every table, index and view listed as (type, name) from
    sqlite_master, the full-text index first (its shadow tables go with it)."""
    virtual = ['DROP TABLE IF EXISTS "bodies"'] if ("table", "bodies") in names else []
    others = [
        f'DROP {kind.upper()} IF EXISTS "{name}"'
        for kind, name in names
        if kind in ("table", "index", "view") and name != "bodies"
        and not name.startswith(("bodies_", "sqlite_"))
    ]
    return virtual + others


def schema_statements() -> list[str]:
    """SCHEMA's statements, one by one (run inside the caller's transaction)."""
    return statements(SCHEMA)
