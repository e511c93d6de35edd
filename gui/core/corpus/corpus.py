"""A corpus: a folder of seed-format `.txt` documents (each maybe with a brat `.ann` beside it), one
such file, or a JSON Lines file of records; listed from first bytes, read on demand."""

from __future__ import annotations

import bisect
import codecs
import datetime as dt
import itertools
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import NamedTuple, TypeVar

from gui.core.colours.palette import TypeDisplay
from gui.core.corpus.list_order import ListOrder
from gui.core.formats.brat.brat_config import read_type_config
from gui.core.model import regular_file
from gui.core.model.corpus_entry import JSONL_SUFFIXES as JSONL_SUFFIXES
from gui.core.model.corpus_entry import CorpusError as CorpusError
from gui.core.model.corpus_entry import DocumentEntry as DocumentEntry
from gui.core.model.corpus_entry import search_text_of, sort_key_of
from gui.core.model.corpus_entry import sort_key as sort_key
from gui.core.model.document import (
    EMPTY_NOTICE,
    Document,
    decode_bytes,
    make_title,
    parse_document,
    split_header,
)
from gui.core.model.document_size import read_capped, size_problem

# Told a document's text as soon as it is read, before its entities (see `load_entry`).
TextRead = Callable[[Document], None]

DOCUMENT_SUFFIX = ".txt"
ANNOTATION_SUFFIX = ".ann"  # brat standoff: `name.ann` annotates `name.txt`
# Enough of a file to read its date header and its first sentence without reading the body.
PREFIX_BYTES = 2048
# DocumentEntry's fields after `path`, in order (id, date, title, problem, notice, record, stamp,
# search text): plain data, which a worker process sends back cheaply (see listing_workers).
T = TypeVar("T")
EntryFields = tuple[str, dt.date | None, str, str | None, str | None, None, tuple[int, ...], str, str]


def trim_partial_utf8(prefix: bytes) -> bytes:
    """Drop a UTF-8 sequence cut off at the end of a prefix, so it does not look like bad bytes."""
    for back in range(1, min(4, len(prefix)) + 1):
        byte = prefix[-back]
        if byte & 0xC0 == 0x80:
            continue  # a continuation byte: look further back for the lead byte
        if byte & 0xC0 == 0xC0:
            length = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return prefix[:-back] if length > back else prefix
        return prefix
    return prefix


def read_entry(path: Path) -> DocumentEntry:
    """Describe one file from its first bytes; an unreadable file gives an entry with a problem."""
    return DocumentEntry(path, *entry_fields(path))


def entry_fields(path: Path) -> EntryFields:
    """What a file's first bytes tell of it: DocumentEntry's fields after its path."""
    try:
        prefix, stamp = read_prefix(path)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return (path.stem, None, path.name, f"Cannot read {path.name}: {reason}.", None, None, (), "", "")
    name = path.name
    if len(prefix) == PREFIX_BYTES and not prefix.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        prefix = trim_partial_utf8(prefix)
    text, decode_notices = decode_bytes(prefix)
    date, body, header_notices = split_header(text)
    title = make_title(body) or name
    problem = decode_notices[0] if decode_notices and not text else None
    if (too_large := size_problem(stamp[1])) is not None:
        problem = f"{name} {too_large}"
    if len(prefix) < PREFIX_BYTES and problem is None and not body.strip():
        problem = EMPTY_NOTICE  # nothing but whitespace, or only a date header
    notice = None
    if decode_notices or header_notices:
        notices = [n for n in (*decode_notices, *header_notices) if n != problem]
        notice = notices[0] if notices else None
    return (path.stem, date, title, problem, notice, None, stamp, search_text_of(title, name, date),
            sort_key_of(date, name))


def _prepared(
    entries: Sequence[DocumentEntry], field: str, work_out: Callable[[DocumentEntry], str]
) -> list[str]:
    """Each entry's string prepared where it was read (read in C), or worked out if one is not."""
    found = list(map(attrgetter(field), entries))
    return found if all(found) else [work_out(entry) for entry in entries]


def _in_order(items: list[T], order: list[int]) -> list[T]:
    """`items` at the positions `order` lists, picked in C (a list comprehension over 100,000
    positions holds the UI thread each time a big listing grows)."""
    return list(itemgetter(*order)(items)) if len(order) > 1 else [items[at] for at in order]


class Listing(NamedTuple):
    """A corpus's listing as it stands: its order, each entry's key in it, the entries, the
    filter's texts and the ids, in that order, and the entries by id. A corpus never changes these in place
    (each change makes new ones), so another thread may merge a batch into one (`merged`) while
    the window shows it."""

    order: ListOrder
    keys: list[str]
    entries: list[DocumentEntry]
    texts: list[str]
    ids: list[str]
    by_id: dict[str, DocumentEntry]

    def merged(self, entries: Sequence[DocumentEntry]) -> Listing:
        """This listing with `entries` added in its order (new lists; this one is left as it is).
        A big folder's lister merges each batch so, in its own thread: on 100,000 entries a merge
        is a pause of Python, which held the window's thread at each batch."""
        keys = self.keys + self.order.keys(entries)
        # Sorting positions by string keys keeps the comparisons in C (the listing is one sorted
        # run, and the batch a few more: the lister sorts its chunks), and never compares entries.
        order = sorted(range(len(keys)), key=keys.__getitem__)
        texts = self.texts + _prepared(entries, "prepared_search_text", attrgetter("search_text"))
        added = list(map(attrgetter("id"), entries))
        by_id = dict(self.by_id)
        by_id.update(zip(added, entries, strict=True))
        return Listing(self.order, _in_order(keys, order), _in_order(self.entries + list(entries), order),
                       _in_order(texts, order), _in_order(self.ids + added, order), by_id)


def read_entries(paths: Iterable[Path]) -> list[DocumentEntry]:
    """Describe files from their first bytes (for a listing done in the background)."""
    return [read_entry(path) for path in paths]


def read_prefix(path: Path) -> tuple[bytes, tuple[int, ...]]:
    """A file's first PREFIX_BYTES bytes and its stamp: the modification time and size of the
    file and of its .ann file, if it has one. The listing does this for every file of a folder:
    an unbuffered read, and no Path made on the way. Only a regular file is read (see
    regular_file): a named pipe put in a listed file's place would block the read for good."""
    with regular_file.open_regular(path, buffering=0) as handle:
        prefix = handle.read(PREFIX_BYTES)
        stat = os.stat(path)
        # One read gives the whole prefix from a local disk; some file systems give less.
        wanted = min(stat.st_size, PREFIX_BYTES)
        while len(prefix) < wanted and (more := handle.read(wanted - len(prefix))):
            prefix += more
    return prefix, (stat.st_mtime_ns, stat.st_size, *sidecar_stamp(path))


def sidecar_stamp(path: Path) -> tuple[int, ...]:
    """The modification time and size of a document's .ann file, or nothing if it has none."""
    name = os.fspath(path)
    # Slicing the string spares a Path per file of a 100,000-document listing.
    sidecar = name[: -len(DOCUMENT_SUFFIX)] + ANNOTATION_SUFFIX if name.endswith(DOCUMENT_SUFFIX) else None
    try:
        stat = os.stat(sidecar if sidecar is not None else path.with_suffix(ANNOTATION_SUFFIX))
    except OSError:
        return ()
    return (stat.st_mtime_ns, stat.st_size)


def iter_document_paths(folder: Path) -> Iterator[Path]:
    """The `.txt` files directly in `folder`, lazily, in no particular order. Each is made as
    `folder / name`, which shares the folder's parts (a path parsed whole has its own copy of each
    of them: 8 MB more for 100,000 files, and slower to make before the window's first paint)."""
    with os.scandir(folder) as entries:
        for item in entries:
            if item.name.endswith(DOCUMENT_SUFFIX) and not item.name.startswith("."):
                try:
                    if item.is_file():
                        yield folder / item.name
                except OSError:
                    # A symlink loop, say: listed, so that the reader learns why it cannot be read.
                    yield folder / item.name


class Corpus:
    """The documents of a folder, a file or a JSON Lines file, newest first unless `reorder`ed;
    bodies are read only on demand. `root` is the folder (a single file's own folder), or the JSON
    Lines file itself; `source` is the path that was opened: the folder, the `.txt` file or the
    JSON Lines file."""

    def __init__(
        self,
        root: Path,
        entries: Iterable[DocumentEntry],
        types: Iterable[TypeDisplay] = (),
        problems: Iterable[str] = (),
        source: Path | None = None,
    ) -> None:
        self.root = root
        self.source = source if source is not None else root
        self.order = ListOrder()  # the listing's order (by date unless reordered)
        keyed = [(sort_key(entry), entry) for entry in entries]
        # Stable on equal keys (a JSON Lines file's records of one day), never comparing entries.
        keyed.sort(key=itemgetter(0))
        self._keys = [key for key, _ in keyed]  # each entry's key in `order`, in order
        self.entries: list[DocumentEntry] = [entry for _, entry in keyed]
        self._by_id = {entry.id: entry for entry in self.entries}
        self._search_texts: list[str] | None = None  # made on first need, then kept in step
        self._ids: list[str] | None = None  # the same
        self.types = tuple(types)  # the corpus's own entity types (brat's configuration files)
        self.problems = tuple(problems)  # what was wrong with those files
        # Files found but not read yet: a big folder is listed in the background (`add_entries`).
        self.pending: list[Path] = []

    @classmethod
    def open(cls, path: Path, read_at_most: int | None = None, read_types: bool = True) -> Corpus:
        """List a folder's `.txt` documents, a JSON Lines file's records, or wrap a single file;
        raise CorpusError if the path is none of these.

        A folder with more than `read_at_most` documents is only scanned for file names: its
        entries stay `pending`, for the caller to read (`read_entries`) and add in the background.
        Without `read_types`, the brat configuration is left for the caller to read
        (`read_type_config(corpus.root)`, in the background if it is big).
        """
        try:
            path = path.expanduser()
        except RuntimeError as error:  # `~user` of a user this computer does not have
            raise CorpusError(f"Cannot open {path}: its '~' names no home folder here.") from error
        if path.is_dir():
            types, problems = read_type_config(path) if read_types else ([], [])
            found: list[Path] = []
            try:
                found.extend(iter_document_paths(path))
            except OSError as error:
                reason = error.strerror or type(error).__name__
                if not found:
                    raise CorpusError(f"Cannot list the folder {path}: {reason}.") from error
                # A listing that fails halfway (a network folder going away) keeps what it found.
                problems.append(
                    f"Listing the folder {path.name} stopped after {len(found)} documents: {reason}. "
                    "Some documents may be missing; open the folder again to retry."
                )
            if read_at_most is not None and len(found) > read_at_most:
                corpus = cls(path, (), types, problems)
                corpus.pending = found  # for the caller to read in the background
                return corpus
            return cls(path, read_entries(found), types, problems)
        if path.is_file() and path.suffix.lower() in JSONL_SUFFIXES:
            from gui.core.formats.jsonl.jsonl_corpus import (
                list_jsonl,  # only for JSON Lines: not in every start
            )

            return cls(path, list_jsonl(path))
        if path.is_file():
            types, problems = read_type_config(path.parent) if read_types else ([], [])
            return cls(path.parent, [read_entry(path)], types, problems, source=path)
        raise CorpusError(f"{path} does not exist or is not a folder or a file.")

    @property
    def listing(self) -> Listing:
        """The listing as it stands (its lists are replaced, never changed, as it grows or is
        reordered: a thread may merge into it meanwhile)."""
        return Listing(self.order, self._keys, self.entries, self.search_texts, self.ids, self._by_id)

    def listed_as(self, listing: Listing) -> bool:
        """Whether the corpus is listed as `listing` (the same lists, in the same order)."""
        return listing.keys is self._keys and listing.entries is self.entries and listing.order == self.order

    def add_entries(
        self, entries: Sequence[DocumentEntry], merged: tuple[Listing, Listing] | None = None
    ) -> None:
        """Add the entries of the first `len(entries)` pending files (read in the background,
        in the order they are pending) to the listing, in its order. `merged`: a listing and the
        same with these entries merged in, made elsewhere (`Listing.merged`): taken as it is if
        the corpus is still listed as the first, else the entries are merged here."""
        if merged is not None and self.listed_as(merged[0]):
            listing = merged[1]
        else:
            # The filter's texts move with their entries, so that the first keystroke after a big
            # listing does not make 100,000 of them.
            listing = self.listing.merged(entries)
        self._keys, self.entries, self._search_texts = listing.keys, listing.entries, listing.texts
        self._ids = listing.ids
        self._by_id = listing.by_id
        del self.pending[: len(entries)]

    def reorder(self, order: ListOrder) -> None:
        """List the entries in another order (the sort the user chose, with the counts or ranks
        it sorts by); the entries still pending are added in it."""
        if order == self.order:
            return  # already so (a listing is made in the date order)
        keys = order.keys(self.entries)
        ordered = sorted(range(len(keys)), key=keys.__getitem__)  # stable: ties keep their order
        self.order = order
        self._keys = _in_order(keys, ordered)
        self.entries = _in_order(self.entries, ordered)
        if self._search_texts is not None:
            self._search_texts = _in_order(self._search_texts, ordered)
        if self._ids is not None:
            self._ids = _in_order(self._ids, ordered)

    @property
    def search_texts(self) -> list[str]:
        """Each entry's `search_text`, in the listing's order (what the sidebar's filter reads)."""
        if self._search_texts is None:
            self._search_texts = [entry.search_text for entry in self.entries]
        return self._search_texts

    @property
    def ids(self) -> list[str]:
        """Each entry's id, in the listing's order: a new list whenever the listing changes (never
        changed in place), so that rows worked out from one can be checked against it."""
        if self._ids is None:
            self._ids = list(map(attrgetter("id"), self.entries))
        return self._ids

    @property
    def complete(self) -> bool:
        """Whether every document found has been listed."""
        return not self.pending

    @property
    def single_document(self) -> bool:
        """Whether the corpus is one `.txt` file opened on its own, not a folder or JSON Lines."""
        return self.source != self.root

    @property
    def name(self) -> str:
        """The folder's or the JSON Lines file's name."""
        return self.root.name or str(self.root)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[DocumentEntry]:
        return iter(self.entries)

    def ids_listed(self, start: int = 0) -> list[str]:
        """The ids of the documents listed, in the order they were listed (a big folder's batches
        one after the other, not the list's order) from the `start`th on: those listed since."""
        return list(itertools.islice(self._by_id, start, None))

    def entry(self, doc_id: str) -> DocumentEntry | None:
        """The entry with this id, if the corpus has it."""
        return self._by_id.get(doc_id)

    def index_of(self, doc_id: str) -> int:
        """The position of a document in the listing, or -1."""
        entry = self._by_id.get(doc_id)
        if entry is None:
            return -1
        key = self.order.key(entry)
        # Entries with the same key (records of one JSON Lines file and day) sit together.
        start = bisect.bisect_left(self._keys, key)
        end = bisect.bisect_right(self._keys, key, start)
        return next(at for at in range(start, end) if self.entries[at] is entry)

    def load(self, entry: DocumentEntry) -> Document:
        """Read and parse a document; a file that cannot be read becomes a document with a notice."""
        return load_entry(entry)


class CorpusChange(NamedTuple):
    """What changed between two listings of the same corpus."""

    added: tuple[DocumentEntry, ...] = ()
    changed: tuple[DocumentEntry, ...] = ()  # the new entries of documents whose stamp changed
    removed: frozenset[str] = frozenset()  # ids

    @classmethod
    def between(cls, old: Corpus, new: Corpus) -> CorpusChange:
        """Compare two listings by document id and stamp."""
        added = tuple(entry for entry in new if old.entry(entry.id) is None)
        changed = tuple(
            entry
            for entry in new
            if (before := old.entry(entry.id)) is not None and before.stamp != entry.stamp
        )
        removed = frozenset(entry.id for entry in old if new.entry(entry.id) is None)
        return cls(added, changed, removed)

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def summary(self) -> str:
        """'1 added, 2 changed, 1 removed'."""
        parts = [
            f"{len(items)} {word}"
            for items, word in ((self.added, "added"), (self.changed, "changed"), (self.removed, "removed"))
            if items
        ]
        return ", ".join(parts)


def load_entry(
    entry: DocumentEntry, on_text: TextRead | None = None, on_head: TextRead | None = None
) -> Document:
    """Read a listed document, whatever holds it: a JSON Lines record, or a `.txt` file (with the
    entities of its brat `.ann` file if it has one). `on_text` is told the text as soon as it is
    read when entities are still to be read after it (a brat `.ann`); `on_head` then the text with
    the entities of the `.ann`'s first lines, if they could be read ahead of the rest."""
    if entry.record is not None:
        from gui.core.formats.jsonl.jsonl_corpus import load_record

        return load_record(entry.path, entry.record, entry.id)
    return load_document(entry.path, on_text, on_head)


def load_document(path: Path, on_text: TextRead | None = None, on_head: TextRead | None = None) -> Document:
    """Read and parse one `.txt` file, with the entities of its `.ann` file if there is one; read
    errors become a notice on an empty document. `on_text` and `on_head` as for `load_entry`."""
    sidecar = path.with_suffix(ANNOTATION_SUFFIX)
    if sidecar.is_file():
        from gui.core.formats.brat.brat_reader import (
            load_brat_document,  # only a folder with .ann files needs it
        )

        return load_brat_document(path, sidecar, on_text=on_text, on_head=on_head)
    return read_document(path)


def read_document(path: Path) -> Document:
    """Read and parse one `.txt` file on its own; read errors become a notice on an empty document."""
    try:
        data, too_large = read_capped(path)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return Document(path, path.stem, None, "", (), (f"Cannot read {path.name}: {reason}.",))
    if too_large is not None:
        return Document(path, path.stem, None, "", (), (too_large,))
    return parse_document(path, data)
