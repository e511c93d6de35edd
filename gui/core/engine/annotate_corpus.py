"""Annotating a whole corpus headless, in corpus order: the cache answers what it can, a runner
(worker processes, a Dask cluster) the rest, a chunk at a time so memory stays flat.

The window, `seedview export` and this agree: the same engine, cache key and post-processing.
"""

from __future__ import annotations

import dataclasses
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from gui.core.engine.annotation_runners import ChunkFuture, ChunkRunner, RunnerError
from gui.core.engine.cache import EntityCache, text_key
from gui.core.engine.engine import BATCH_SIZE
from gui.core.entities.postprocess import postprocess
from gui.core.model.document import Document, Entity

# A chunk is what one worker annotates at a time. Its size in characters bounds a worker's
# memory (spaCy's grows with the text of a batch: about 300 MB at this size) and keeps the
# workers evenly busy to the end; its number of documents is at most the engine's batch.
CHUNK_DOCUMENTS = BATCH_SIZE
CHUNK_CHARACTERS = 40_000
# Chunks waiting or running per worker slot: one runs while the next one waits its turn.
CHUNKS_PER_SLOT = 2
PROGRESS_INTERVAL_S = 3.0


@dataclass
class AnnotationTally:
    """What a run has written so far, and where the entities came from."""

    documents: int = 0
    words: int = 0
    from_cache: int = 0
    from_engine: int = 0
    from_files: int = 0  # a brat .ann beside the .txt, or a JSON Lines record's own "ents"


def chunks(
    documents: Iterable[Document],
    max_documents: int = CHUNK_DOCUMENTS,
    max_characters: int = CHUNK_CHARACTERS,
) -> Iterator[list[Document]]:
    """Consecutive documents in groups of at most `max_documents` and (unless one alone is
    longer) `max_characters` of body text; read lazily, one group at a time."""
    chunk: list[Document] = []
    characters = 0
    for document in documents:
        if chunk and characters + len(document.body) > max_characters:
            yield chunk
            chunk, characters = [], 0
        chunk.append(document)
        characters += len(document.body)
        if len(chunk) == max_documents:
            yield chunk
            chunk, characters = [], 0
    if chunk:
        yield chunk


class _Chunk:
    """A chunk on its way: the cache's answers now, the engine's when its future is done."""

    def __init__(self, documents: list[Document], cache: EntityCache) -> None:
        self.documents = documents
        self.found: list[tuple[Entity, ...] | None] = [None] * len(documents)
        self.missing: list[int] = []  # positions of the documents the engine must annotate
        self.cached = 0
        self.future: ChunkFuture | None = None
        for i, document in enumerate(documents):
            if document.entity_source is not None or not document.body:
                continue  # entities of its own from a file; or no text, so none
            raw = cache.get(text_key(document.body))
            if raw is None:
                self.missing.append(i)
            else:
                self.found[i] = postprocess(document.body, raw)
                self.cached += 1

    @property
    def texts(self) -> list[str]:
        """The texts the cache did not know."""
        return [self.documents[i].body for i in self.missing]

    def finish(self, cache: EntityCache, tally: AnnotationTally) -> list[Document]:
        """Wait for the engine's entities, cache them, and return the documents with theirs."""
        if self.future is not None:
            pipeline, raw = self.future.result()
            if pipeline != cache.pipeline:
                raise RunnerError(
                    f"The workers run {pipeline} but this computer has {cache.pipeline}; "
                    "install the same Seedview and model on both."
                )
            texts = self.texts
            cache.put_many((text_key(text), spans) for text, spans in zip(texts, raw, strict=True))
            for i, text, spans in zip(self.missing, texts, raw, strict=True):
                self.found[i] = postprocess(text, spans)
        done = [
            document if document.entity_source is not None
            else dataclasses.replace(document, entities=entities or ())
            for document, entities in zip(self.documents, self.found, strict=True)
        ]
        tally.documents += len(done)
        tally.words += sum(len(document.body.split()) for document in done)
        tally.from_cache += self.cached
        tally.from_engine += len(self.missing)
        tally.from_files += sum(1 for document in done if document.entity_source is not None)
        return done


def annotate_corpus(
    documents: Iterable[Document],
    cache: EntityCache,
    runner: ChunkRunner,
    tally: AnnotationTally | None = None,
    *,
    max_documents: int = CHUNK_DOCUMENTS,
    max_characters: int = CHUNK_CHARACTERS,
) -> Iterator[Document]:
    """The documents with their entities, in the order given; those with entities from a file keep
    them. Cache misses go to `runner` a chunk at a time, with `CHUNKS_PER_SLOT` chunks per slot
    read ahead (no more: memory stays flat); their raw entities are cached here, in the caller's
    process. Raises EngineError or RunnerError, with a message, if the engine cannot run."""
    tally = tally if tally is not None else AnnotationTally()
    pending: deque[_Chunk] = deque()
    for documents_chunk in chunks(documents, max_documents, max_characters):
        while len(pending) >= CHUNKS_PER_SLOT * runner.slots:
            yield from pending.popleft().finish(cache, tally)
        chunk = _Chunk(documents_chunk, cache)
        if chunk.missing:
            chunk.future = runner.submit(chunk.texts)
        pending.append(chunk)
    while pending:
        yield from pending.popleft().finish(cache, tally)


def progress_line(done: int, total: int, words: int, seconds: float) -> str:
    """'annotated 1,200 of 5,000 documents, 850 words/s'."""
    rate = words / seconds if seconds > 0 else 0.0
    return f"annotated {done:,} of {total:,} documents, {rate:,.0f} words/s"


class ProgressReport:
    """Says how far a run is every `interval` seconds (and not more often), through `write`."""

    def __init__(
        self,
        total: int,
        write: Callable[[str], None],
        interval: float = PROGRESS_INTERVAL_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total = total
        self._write = write
        self._interval = interval
        self._clock = clock
        self.started = clock()
        self._last = self.started

    def update(self, tally: AnnotationTally) -> None:
        """Report the tally if the last report is `interval` seconds old."""
        now = self._clock()
        if now - self._last >= self._interval:
            self._last = now
            self._write(progress_line(tally.documents, self.total, tally.words, now - self.started))

    def elapsed(self) -> float:
        """Seconds since the run started."""
        return self._clock() - self.started
