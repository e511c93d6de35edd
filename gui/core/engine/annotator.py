"""Entities for texts: from the cache when it has them, else from the engine, then post-processed.

The window's background worker and `seedview export` both go through this, so they agree.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from gui.core.engine.cache import EntityCache, text_key
from gui.core.engine.engine import BATCH_SIZE, Engine, EngineError, pipeline_name
from gui.core.entities.postprocess import postprocess
from gui.core.model.document import Document, Entity, Source

__all__ = ["Annotator", "CacheLookUp", "Source", "annotate_documents"]


class Annotator:
    """Looks texts up in the cache and runs the engine, loaded on first need, on the misses."""

    def __init__(self, cache: EntityCache, load_engine: Callable[[], Engine]) -> None:
        self.cache = cache
        self._load_engine = load_engine
        self._engine: Engine | None = None
        self._engine_error: EngineError | None = None

    @property
    def engine_loaded(self) -> bool:
        """Whether the engine has been loaded (a cache-only session never loads it)."""
        return self._engine is not None

    @property
    def engine_runs_apart(self) -> bool:
        """Whether the engine works in other processes, so that `start_engine` returns at once."""
        return bool(getattr(self._engine, "runs_apart", False))

    def engine(self) -> Engine:
        """The engine, loaded once; a load failure is remembered and raised again."""
        if self._engine_error is not None:
            raise self._engine_error
        if self._engine is None:
            try:
                self._engine = self._load_engine()
            except EngineError as error:
                self._engine_error = error
                raise
        return self._engine

    def close(self) -> None:
        """Let the engine go, stopping its worker processes if it has any."""
        if self._engine is not None:
            self._let_go(self._engine)

    def _let_go(self, engine: Engine) -> None:
        """Stop using `engine` (it failed while annotating, or we are done): the next texts that
        need one load another. A failure to load is still remembered."""
        if self._engine is engine:
            self._engine = None
        close = getattr(engine, "close", None)
        if close is not None:
            close()

    def cached(self, text: str) -> tuple[Entity, ...] | None:
        """Post-processed entities of `text` if the cache has them, else None."""
        return self.cached_many([text])[0]

    def cached_many(self, texts: Sequence[str]) -> list[tuple[Entity, ...] | None]:
        """`cached` for each text, looked up together (one query for many texts)."""
        keys = [text_key(text) for text in texts]
        raw = self.cache.get_many(keys)
        return [
            None if (spans := raw.get(key)) is None else postprocess(text, spans)
            for text, key in zip(texts, keys, strict=True)
        ]

    def run_engine(self, texts: Sequence[str]) -> list[tuple[Entity, ...]]:
        """Post-processed entities of texts the cache does not have; the raw ones are cached.

        Raises EngineError if the engine cannot be loaded.
        """
        return self.start_engine(texts)()

    def start_engine(self, texts: Sequence[str]) -> Callable[[], list[tuple[Entity, ...]]]:
        """Set the engine to work on texts the cache does not have, and return a function that
        waits for its entities, caches the raw ones and returns them post-processed.

        An engine in worker processes starts at once, so the caller can prepare what comes next
        meanwhile; one in this process does the work when the function is called. Raises
        EngineError if the engine cannot be loaded; the function raises it if the engine fails.
        """
        if not texts:
            return list
        engine = self.engine()
        try:
            pending = engine.annotate(texts)
        except EngineError:
            self._let_go(engine)
            raise

        def finish() -> list[tuple[Entity, ...]]:
            try:
                found = list(pending)
            except EngineError:
                self._let_go(engine)
                raise
            self.cache.put_many((text_key(text), spans) for text, spans in zip(texts, found, strict=True))
            return [postprocess(text, spans) for text, spans in zip(texts, found, strict=True)]

        return finish

    def annotate(self, texts: Sequence[str]) -> list[tuple[tuple[Entity, ...], Source]]:
        """Entities and their source for each text, running the engine only on cache misses.

        Raises EngineError if some text is not cached and the engine cannot be loaded.
        """
        results: list[tuple[tuple[Entity, ...], Source] | None] = []
        misses: list[int] = []
        for i, cached in enumerate(self.cached_many(texts)):
            results.append(None if cached is None else (cached, Source.CACHE))
            if cached is None:
                misses.append(i)
        for i, entities in zip(misses, self.run_engine([texts[i] for i in misses]), strict=True):
            results[i] = (entities, Source.ENGINE)
        return [result for result in results if result is not None]


def annotate_documents(
    annotator: Annotator, documents: Iterable[Document], batch_size: int = BATCH_SIZE
) -> Iterator[Document]:
    """The documents with their entities, annotated `batch_size` at a time (memory stays flat);
    those whose entities came from a file keep them."""
    batch: list[Document] = []
    for document in documents:
        batch.append(document)
        if len(batch) == batch_size:
            yield from _with_entities(annotator, batch)
            batch = []
    if batch:
        yield from _with_entities(annotator, batch)


def _with_entities(annotator: Annotator, batch: list[Document]) -> Iterator[Document]:
    # Documents whose entities were read from a file keep them; the others go to the annotator.
    wanted = [document for document in batch if document.entity_source is None]
    found = iter(annotator.annotate([document.body for document in wanted]))
    for document in batch:
        if document.entity_source is None:
            entities, _source = next(found)
            yield dataclasses.replace(document, entities=entities, entity_source=None)
        else:
            yield document


class CacheLookUp:
    """Post-processed entities of a text from the entity cache, never from the engine: the cache
    is opened read-only when first asked, so another thread's cache can keep writing to it."""

    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._annotator: Annotator | None = None

    def __call__(self, text: str) -> tuple[Entity, ...] | None:
        """The cached entities of `text`, or None if the cache does not have them (or is none)."""
        return self.many([text])[0]

    def many(self, texts: Sequence[str]) -> list[tuple[Entity, ...] | None]:
        """The cached entities of each text (None where the cache lacks them), looked up together."""
        if self._annotator is None and self._path is not None:
            cache = EntityCache.read_only(self._path, pipeline_name())
            self._annotator = Annotator(cache, _no_engine) if cache else None
        return self._annotator.cached_many(texts) if self._annotator else [None] * len(texts)

    def close(self) -> None:
        """Close the cache, and look nothing up any more."""
        if self._annotator is not None:
            self._annotator.cache.close()
        self._annotator, self._path = None, None


def _no_engine() -> Engine:
    """The engine of cache look-ups, which never run one."""
    raise EngineError("Cache look-ups never run the engine.")
