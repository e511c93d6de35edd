"""What the background threads tell the window: one immutable event type per signal.

The annotation worker, the folder lister, the big-document loader and the brat configuration
reader work off the UI thread and hand their results over through Qt signals. Each signal carries
exactly one of these events, so a receiver takes it typed and never has to check what it got.
Results of the annotation worker carry the generation of its queue they belong to: the session
drops those of a folder no longer open.

The events are NamedTuples, as the project's other value records are: typed and immutable like
frozen dataclasses, and much cheaper to define, which counts here since the module is imported
before the first paint.
"""

from __future__ import annotations

from typing import NamedTuple

from gui.core.colours.palette import TypeDisplay
from gui.core.corpus.corpus import Corpus, Listing
from gui.core.model.corpus_entry import DocumentEntry
from gui.core.model.document import Document
from gui.core.session.annotation_store import AnnotatedDocument


class DocumentsAnnotated(NamedTuple):
    """Documents the annotation worker annotated or found in the cache, in one generation of its
    queue: cached ones come by the handful, since each signal costs the UI thread."""

    generation: int
    reports: tuple[AnnotatedDocument, ...]


class EngineCompared(NamedTuple):
    """The engine's view of a document whose entities came from a file, asked for by `compare`."""

    generation: int
    report: AnnotatedDocument


class AnnotationProgress(NamedTuple):
    """How far the annotation worker is in one generation: documents done of those queued."""

    generation: int
    done: int
    total: int


class FolderListed(NamedTuple):
    """A batch of a big folder's entries, read in the background; `done` with the last batch.
    `merged`: the listing the lister merged them into and the listing it made of it (see
    Corpus.add_entries), or None for the window to merge them."""

    corpus: Corpus
    entries: tuple[DocumentEntry, ...]
    done: bool
    merged: tuple[Listing, Listing] | None = None


class TextRead(NamedTuple):
    """A big document's text, read before its entities (its .ann is being read)."""

    entry: DocumentEntry
    document: Document  # without entities yet


class TypesRead(NamedTuple):
    """A corpus's own types, read from its brat configuration, and what was wrong with the files."""

    corpus: Corpus
    types: tuple[TypeDisplay, ...]
    problems: tuple[str, ...]


class StoreOpened(NamedTuple):
    """The corpus store of a folder is open: in the cache folder, or in memory (with notices
    saying why); it holds `documents` from before, searchable at once."""

    generation: int
    in_memory: bool
    documents: int
    notices: tuple[str, ...]


class StoreUpdated(NamedTuple):
    """The store is up to date with the folder (what changed, in words), or stopped short
    (`problem` says why, for people); `pending` documents still wait for their entities."""

    generation: int
    summary: str
    documents: int
    pending: int
    problem: str


class ResolutionEnded(NamedTuple):
    """A resolution of the corpus's entities ended: `resolved` is what to tell of it, or None when
    there was nothing new to resolve (or it failed, or the folder was left)."""

    generation: int
    resolved: StoreUpdated | None


class StorePending(NamedTuple):
    """The store's upkeep found documents whose entities neither the cache nor a file knows: the
    engine is to find them."""

    generation: int
    doc_ids: tuple[str, ...]


class StoreFilled(NamedTuple):
    """Pending documents were given the entities the engine found."""

    generation: int
    doc_ids: tuple[str, ...]


class StoreAnswer(NamedTuple):
    """The answer to a question asked of the store (`token` says which), or why there is none."""

    generation: int
    token: int
    result: object
    problem: str
