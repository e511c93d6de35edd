"""Keeping a corpus store up to date: stat the corpus's files, and read again only what was added,
changed (size or modification time, of the file or of its brat `.ann`) or removed.

Each batch of documents goes in with one transaction, so a process killed mid-way leaves a store
that opens, holding whole documents only; the next update reads what is still missing. Inside its
transaction a batch checks each document again, so two processes updating one store at once
neither fail nor count a document twice.

After an update the store remembers a digest of the listing it matches, and the folder's own stamp
then: the next update with the same listing reads nothing from the store, and a command that only
asks (`seedview search`) may trust a folder whose own stamp is unchanged (`unchanged_folder`). Any
write to the documents' rows forgets both (a trigger of the schema).
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import sqlite3
import stat as stat_module
import time
from array import array
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_schema import FOLDER_FACT, LISTING_FACT
from gui.core.corpus.store_writes import (
    Transaction,
    delete_document,
    drop_unmentioned_entities,
    insert_document,
)
from gui.core.model.corpus_entry import JSONL_SUFFIXES, DocumentEntry
from gui.core.model.document import Document

# Documents per transaction: few enough that a reader waits little, many enough to be quick.
BATCH_DOCUMENTS = 500
# A document's key (its file name's bytes, its JSON Lines record's offset or -1) and stamp (size
# and modification time of the file, then of its .ann, -1 for none).
Key = tuple[bytes, int]
Stamp = tuple[int, int, int, int]


class Pending(NamedTuple):
    """A document whose entities are not known yet: stored without them, to be filled in
    (`store_writes.fill_in_entities`) once the engine has found them."""

    document: Document


# Gives the documents their entities (from the cache or the engine), in the order given; those
# with entities of their own keep them. `annotate_corpus` with a runner is one; the window's
# look-up in the entity cache leaves what the cache lacks Pending.
Annotate = Callable[[Iterable[Document]], Iterable[Document | Pending]]
Annotated = tuple[Key, Document | Pending]  # a document to write, with its key
Progress = Callable[[int, int], None]  # (documents written, documents to write)
NO_FILE = -1
# A folder changed this recently may change again within its file system's clock tick (a second,
# two on FAT) without its stamp showing it: its stamp is not remembered.
RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class UpkeepSummary:
    """What an update did."""

    added: int
    changed: int
    removed: int
    unchanged: int

    @property
    def documents(self) -> int:
        """How many documents the corpus has now."""
        return self.added + self.changed + self.unchanged

    def line(self) -> str:
        """'2,000 documents: 10 added, 1 changed, 0 removed'."""
        noun = "document" if self.documents == 1 else "documents"
        return (f"{self.documents:,} {noun}: {self.added:,} added, {self.changed:,} changed, "
                f"{self.removed:,} removed")


@dataclass
class Listing:
    """A corpus's documents as found on disk: their stamps by key, and how to read each."""

    root: Path  # the folder the names are in
    stamps: dict[Key, Stamp]
    records: dict[Key, DocumentEntry]  # a JSON Lines file's entries, by key
    jsonl: bool = False


def _stamp(info: os.stat_result, ann: os.stat_result | None) -> Stamp:
    if ann is None:
        return (info.st_size, info.st_mtime_ns, NO_FILE, NO_FILE)
    return (info.st_size, info.st_mtime_ns, ann.st_size, ann.st_mtime_ns)


_UNREADABLE: Stamp = (NO_FILE, NO_FILE, NO_FILE, NO_FILE)


def list_folder(folder: Path) -> Listing:
    """The `.txt` files directly in `folder` (hidden ones left out, as the corpus listing does),
    stamped from one scan: a `.ann` is stat'ed only if the scan found one."""
    # The corpus's readers (and their formats' modules) are imported only when listing is due:
    # a command that finds its store up to date needs none of them.
    from gui.core.corpus.corpus import ANNOTATION_SUFFIX, DOCUMENT_SUFFIX

    txt, ann = DOCUMENT_SUFFIX.encode(), ANNOTATION_SUFFIX.encode()
    # Names only, stat'ed after the scan: a scan's entries, each with its stat kept, held three
    # times the memory of the stamps (70 MB more, for a moment, on 100,000 files).
    texts: list[bytes] = []
    sidecars: set[bytes] = set()
    with os.scandir(os.fsencode(folder)) as entries:
        for item in entries:
            name = item.name
            if name.endswith(txt):
                if not name.startswith(b"."):
                    texts.append(name)
            elif name.endswith(ann) and not name.startswith(b"."):
                sidecars.add(name[: -len(ann)])
    stamps: dict[Key, Stamp] = {}
    with _folder_stat(folder) as stat:
        for name in texts:
            try:
                info = stat(name)
            except OSError:
                stamps[(name, NO_FILE)] = _UNREADABLE  # listed, so that its reader says why
                continue
            if not stat_module.S_ISREG(info.st_mode):
                continue
            if name[: -len(txt)] not in sidecars:
                stamps[(name, NO_FILE)] = (info.st_size, info.st_mtime_ns, NO_FILE, NO_FILE)
                continue
            try:
                ann_info: os.stat_result | None = stat(name[: -len(txt)] + ann)
            except OSError:
                ann_info = None
            stamps[(name, NO_FILE)] = _stamp(info, ann_info)
    return Listing(folder, stamps, {})


@contextlib.contextmanager
def _folder_stat(folder: Path) -> Iterator[Callable[[bytes], os.stat_result]]:
    """A function that stats a file of `folder` by name: relative to the open folder where the
    system can (no path to make and walk for each of 100,000 files)."""
    if os.stat not in os.supports_dir_fd:
        place = os.fsencode(folder)
        yield lambda name: os.stat(os.path.join(place, name))
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        yield lambda name: os.stat(name, dir_fd=descriptor)
    finally:
        os.close(descriptor)


def list_source(source: Path, stored: dict[Key, Stamp]) -> Listing:
    """The listing of a folder, a `.txt` file or a JSON Lines file. A JSON Lines file whose stamp
    the store already has for its records is not read again."""
    source = source.expanduser().resolve()
    if source.is_dir():
        return list_folder(source)
    name = os.fsencode(source.name)
    info = os.stat(source)
    if source.suffix.lower() in JSONL_SUFFIXES:
        stamp = _stamp(info, None)
        if stored and all(key[0] == name and known == stamp for key, known in stored.items()):
            return Listing(source.parent, dict(stored), {}, jsonl=True)
        from gui.core.formats.jsonl.jsonl_corpus import list_jsonl

        entries = [e for e in list_jsonl(source) if e.record is not None and not e.problem]
        records = {(name, e.record): e for e in entries if e.record is not None}
        return Listing(source.parent, {key: stamp for key in records}, records, jsonl=True)
    from gui.core.corpus.corpus import ANNOTATION_SUFFIX

    try:
        ann_info: os.stat_result | None = os.stat(source.with_suffix(ANNOTATION_SUFFIX))
    except OSError:
        ann_info = None
    return Listing(source.parent, {(name, NO_FILE): _stamp(info, ann_info)}, {})


def stored_stamps(store: CorpusStore) -> dict[Key, Stamp]:
    """The stamps of the documents the store holds, by key."""
    rows = store.db.execute("SELECT name, record, size, mtime_ns, ann_size, ann_mtime_ns FROM documents")
    return {(bytes(name), record): (size, mtime, ann_size, ann_mtime)
            for name, record, size, mtime, ann_size, ann_mtime in rows}


def read_document(listing: Listing, key: Key) -> Document:
    """Read one listed document (a `.txt` with its `.ann` if any, or a JSON Lines record)."""
    name, record = key
    path = listing.root / os.fsdecode(name)
    if record != NO_FILE:
        from gui.core.formats.jsonl.jsonl_corpus import load_record

        return load_record(path, record, listing.records[key].id)
    from gui.core.corpus.corpus import load_document

    return load_document(path)


def listing_digest(stamps: dict[Key, Stamp]) -> str:
    """A digest of a listing's keys and stamps, in their order (a listing of the same files in
    another order has another digest: it is then compared file by file)."""
    digest = hashlib.blake2b(b"\0".join(name for name, _ in stamps), digest_size=16)
    digest.update(array("q", (record for _, record in stamps)).tobytes())
    digest.update(array("q", itertools.chain.from_iterable(stamps.values())).tobytes())
    return digest.hexdigest()


def folder_stamp(folder: Path) -> str:
    """A folder's own stamp: it changes when a file in it is added, removed or renamed (or
    replaced by a rename, as editors save), not when a file is written in place."""
    return _folder_stamp(os.stat(folder))


def _folder_stamp(info: os.stat_result) -> str:
    return f"{info.st_dev}:{info.st_ino}:{info.st_mtime_ns}:{info.st_ctime_ns}"


def _facts(store: CorpusStore) -> dict[str, str]:
    return dict(store.db.execute("SELECT name, value FROM facts WHERE name IN (?, ?)",
                                 (LISTING_FACT, FOLDER_FACT)).fetchall())


def unchanged_folder(store: CorpusStore, source: Path) -> bool:
    """Whether `source` is a folder whose own stamp is the one it had when the store last matched
    every file's stamp, with no document written since. Cheap (one stat), and blind to a file
    written in place: an update (`seedview index`) stats every file."""
    try:
        folder = source.expanduser().resolve()
        if not folder.is_dir():
            return False
        stamp = folder_stamp(folder)
    except (OSError, RuntimeError):
        return False
    facts = _facts(store)
    return LISTING_FACT in facts and facts.get(FOLDER_FACT) == stamp


def _remember(store: CorpusStore, digest: str, folder: str | None, known: dict[str, str]) -> None:
    """Remember the listing the store now matches, and the folder's stamp if it is worth trusting."""
    wanted = {LISTING_FACT: digest, **({FOLDER_FACT: folder} if folder is not None else {})}
    if known == wanted:
        return
    with Transaction(store.db):
        store.db.execute("DELETE FROM facts WHERE name IN (?, ?)", (LISTING_FACT, FOLDER_FACT))
        store.db.executemany("INSERT INTO facts VALUES (?, ?)", wanted.items())


def update(
    store: CorpusStore,
    source: Path,
    annotate: Annotate,
    progress: Progress | None = None,
    batch_documents: int = BATCH_DOCUMENTS,
) -> UpkeepSummary:
    """Bring the store of `source` (a folder, a `.txt` or a JSON Lines file) up to date: remove
    what is gone, read and annotate what is new or changed, in batched transactions. Raises
    OSError if the source cannot be listed, and what `annotate` raises. Each transaction writes
    `batch_documents` documents at the most."""
    checked_ns = time.time_ns()
    resolved = source.expanduser().resolve()
    folder: str | None = None
    if resolved.is_dir():
        # Stamped before the scan: a file added during it changes the folder's stamp.
        info = os.stat(resolved)
        folder = _folder_stamp(info) if checked_ns - info.st_mtime_ns >= RACY_NS else None
        listing, stored = list_folder(resolved), None
    else:
        stored = stored_stamps(store)
        listing = list_source(resolved, stored)
    on_disk = listing.stamps
    digest = listing_digest(on_disk)
    known = _facts(store)
    if known.get(LISTING_FACT) == digest:
        _remember(store, digest, folder, known)
        return UpkeepSummary(0, 0, 0, len(on_disk))
    if stored is None:
        stored = stored_stamps(store)
    removed = [key for key in stored if key not in on_disk]
    changed = sorted(key for key, stamp in on_disk.items() if key in stored and stored[key] != stamp)
    added = sorted(key for key in on_disk if key not in stored)
    for first in range(0, len(removed), batch_documents):
        with Transaction(store.db):
            for key in removed[first : first + batch_documents]:
                found = _stored_id(store.db, key)
                if found is not None:
                    delete_document(store.db, found[0])
    wanted = changed + added
    if wanted:
        _write(store, listing, wanted, annotate, progress, batch_documents)
    if removed or changed:
        with Transaction(store.db):
            drop_unmentioned_entities(store.db)
    _remember(store, digest, folder, {})
    return UpkeepSummary(len(added), len(changed), len(removed), len(on_disk) - len(changed) - len(added))


def _write(
    store: CorpusStore,
    listing: Listing,
    wanted: list[Key],
    annotate: Annotate,
    progress: Progress | None,
    batch_documents: int,
) -> None:
    """Read, annotate and write the wanted documents, a batch per transaction."""
    keys: deque[Key] = deque()  # the keys of documents read and not yet written, in order

    def documents() -> Iterator[Document]:
        for key in wanted:
            keys.append(key)
            yield read_document(listing, key)

    written = 0
    batch: list[Annotated] = []
    for document in annotate(documents()):
        batch.append((keys.popleft(), document))
        if len(batch) == batch_documents:
            written += _write_batch(store.db, listing, batch)
            batch = []
            if progress is not None:
                progress(written, len(wanted))
    if batch:
        written += _write_batch(store.db, listing, batch)
        if progress is not None:
            progress(written, len(wanted))


def _write_batch(db: sqlite3.Connection, listing: Listing, batch: list[Annotated]) -> int:
    """Write a batch of documents in one transaction; one another process wrote meanwhile with
    the same stamp is left as it is."""
    with Transaction(db):
        for key, document in batch:
            stamp = listing.stamps[key]
            found = _stored_id(db, key)
            if found is not None:
                if found[1] == stamp:
                    continue
                delete_document(db, found[0])
            if isinstance(document, Pending):
                insert_document(db, key, stamp, document.document, pending=True)
            else:
                insert_document(db, key, stamp, document)
    return len(batch)


def _stored_id(db: sqlite3.Connection, key: Key) -> tuple[int, Stamp] | None:
    row = db.execute(
        "SELECT id, size, mtime_ns, ann_size, ann_mtime_ns FROM documents WHERE name = ? AND record = ?", key
    ).fetchone()
    return None if row is None else (row[0], tuple(row[1:]))
