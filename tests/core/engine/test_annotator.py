"""The annotator asks the cache first and loads the engine only for texts it has never seen."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from gui.core.engine.annotator import Annotator, Source, annotate_documents
from gui.core.engine.cache import EntityCache, text_key
from gui.core.engine.engine import EngineError
from gui.core.model.document import Document, Entity

PIPELINE = "fake:ner"
TEXT = "David Schenker spoke. Schenker left."
# What a model returns for TEXT: the bare surname mislabelled, as en_core_web_sm does.
RAW = (Entity(0, 14, "PERSON"), Entity(22, 30, "ORG"))
CORRECTED = (Entity(0, 14, "PERSON"), Entity(22, 30, "PERSON"))


class FakeEngine:
    """Tags capitalised words as GPE (and knows TEXT); records the batches it is given."""

    pipeline = PIPELINE

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def annotate(self, texts: Iterable[str]) -> Iterator[tuple[Entity, ...]]:
        batch = list(texts)
        self.batches.append(batch)
        for text in batch:
            if text == TEXT:
                yield RAW
            else:
                yield tuple(Entity(m.start(), m.end(), "GPE") for m in re.finditer(r"[A-Z]\w+", text))


class Loader:
    """Loads a FakeEngine (or fails with `error`), counting the calls."""

    def __init__(self, error: EngineError | None = None) -> None:
        self.calls = 0
        self.error = error
        self.engine = FakeEngine()

    def __call__(self) -> FakeEngine:
        self.calls += 1
        if self.error is not None:
            raise self.error
        return self.engine


@pytest.fixture
def cache() -> Iterator[EntityCache]:
    cache = EntityCache(None, PIPELINE)
    yield cache
    cache.close()


def test_a_cache_hit_does_not_load_the_engine(cache: EntityCache) -> None:
    cache.put_many([(text_key(TEXT), RAW)])
    loader = Loader(EngineError("must not be loaded"))
    annotator = Annotator(cache, loader)
    assert annotator.annotate([TEXT]) == [(CORRECTED, Source.CACHE)]
    assert annotator.cached(TEXT) == CORRECTED
    assert loader.calls == 0
    assert not annotator.engine_loaded


def test_a_text_cached_with_no_entities_is_a_hit(cache: EntityCache) -> None:
    cache.put_many([(text_key("nothing to see here."), ())])
    loader = Loader(EngineError("must not be loaded"))
    assert Annotator(cache, loader).annotate(["nothing to see here."]) == [((), Source.CACHE)]
    assert loader.calls == 0


def test_a_miss_loads_the_engine_once_and_stores_raw_entities(cache: EntityCache) -> None:
    loader = Loader()
    annotator = Annotator(cache, loader)
    assert annotator.cached(TEXT) is None
    assert annotator.annotate([TEXT]) == [(CORRECTED, Source.ENGINE)]
    assert annotator.annotate(["Paris"]) == [((Entity(0, 5, "GPE"),), Source.ENGINE)]
    assert annotator.annotate([TEXT]) == [(CORRECTED, Source.CACHE)]
    assert loader.calls == 1
    assert annotator.engine_loaded
    # The cache keeps what the model said, so a changed rule applies without re-running it.
    assert cache.get(text_key(TEXT)) == RAW


def test_only_misses_go_to_the_engine_and_order_is_kept(cache: EntityCache) -> None:
    cache.put_many([(text_key("Cached Text"), (Entity(0, 6, "ORG"),))])
    loader = Loader()
    annotator = Annotator(cache, loader)
    results = annotator.annotate(["Paris", "Cached Text", "in Berlin"])
    assert results == [
        ((Entity(0, 5, "GPE"),), Source.ENGINE),
        ((Entity(0, 6, "ORG"),), Source.CACHE),
        ((Entity(3, 9, "GPE"),), Source.ENGINE),
    ]
    assert loader.engine.batches == [["Paris", "in Berlin"]]


def test_an_engine_error_propagates_and_is_remembered(cache: EntityCache) -> None:
    error = EngineError("The language model is not installed.")
    loader = Loader(error)
    annotator = Annotator(cache, loader)
    with pytest.raises(EngineError) as first:
        annotator.annotate(["Paris"])
    with pytest.raises(EngineError) as second:
        annotator.engine()
    assert first.value is error and second.value is error
    assert loader.calls == 1
    # Cached texts are still served without the engine.
    cache.put_many([(text_key(TEXT), RAW)])
    assert annotator.annotate([TEXT]) == [(CORRECTED, Source.CACHE)]
    assert cache.get(text_key("Paris")) is None  # nothing was stored for the failure


def test_a_real_cache_file_is_shared_across_annotators(cache_path: Path) -> None:
    first = EntityCache(cache_path, PIPELINE)
    Annotator(first, Loader()).annotate([TEXT])
    first.close()
    second = EntityCache(cache_path, PIPELINE)
    loader = Loader(EngineError("must not be loaded"))
    assert Annotator(second, loader).annotate([TEXT]) == [(CORRECTED, Source.CACHE)]
    second.close()


def documents(count: int) -> Iterator[Document]:
    for i in range(count):
        yield Document(Path(f"/corpus/{i}.txt"), str(i), None, f"Story {i} from Paris")


def test_annotate_documents_batches(cache: EntityCache) -> None:
    loader = Loader()
    annotated = list(annotate_documents(Annotator(cache, loader), documents(5), batch_size=2))
    assert [len(batch) for batch in loader.engine.batches] == [2, 2, 1]
    assert [d.id for d in annotated] == ["0", "1", "2", "3", "4"]
    assert annotated[3].entities == (Entity(0, 5, "GPE"), Entity(13, 18, "GPE"))
    assert annotated[3].body == "Story 3 from Paris"


def test_annotate_documents_is_lazy(cache: EntityCache) -> None:
    loader = Loader()
    pulled: list[str] = []

    def tracked() -> Iterator[Document]:
        for document in documents(10):
            pulled.append(document.id)
            yield document

    stream = annotate_documents(Annotator(cache, loader), tracked(), batch_size=3)
    assert next(stream).id == "0"
    assert pulled == ["0", "1", "2"]
    assert len(loader.engine.batches) == 1


def test_cached_many_equals_cached_one_text_at_a_time(cache: EntityCache) -> None:
    cache.put_many([(text_key(TEXT), RAW), (text_key("Paris"), ())])
    annotator = Annotator(cache, Loader(EngineError("must not be loaded")))
    texts = [TEXT, "never seen", "Paris", TEXT]
    assert annotator.cached_many(texts) == [annotator.cached(text) for text in texts]
    assert annotator.cached_many(texts) == [CORRECTED, None, (), CORRECTED]
    assert not annotator.engine_loaded
