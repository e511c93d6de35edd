"""The window's engine in worker processes: the same entities as in this process, texts split
into contiguous chunks of about equal length, and a model that cannot load said in words."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gui.core.engine.annotation_runners import ProcessEngine, split_by_length
from gui.core.engine.annotator import Annotator
from gui.core.engine.cache import EntityCache
from gui.core.engine.engine import Engine, EngineError, SpacyEngine
from gui.core.model.document import Entity
from gui.core.model.worker_processes import BACKGROUND_NICENESS

TEXTS = [
    "Angela Merkel met Emmanuel Macron in Paris on Monday.",
    "The State Department said Khalifa Haftar's forces had reached Tripoli.",
    "David Schenker spoke to reporters. Schenker said Russia was involved.",
    "Apple is looking at buying U.K. startup for $1 billion.",
    "",
    "NATO ministers gathered in Brussels.",
]


def unloadable_engine() -> Engine:
    """A loader for worker processes whose model cannot load (module level: picklable)."""
    raise EngineError("The model files are missing.")


@given(st.lists(st.text(max_size=30), max_size=40), st.integers(min_value=1, max_value=6))
def test_chunks_keep_every_text_in_order_and_none_is_empty(texts: list[str], parts: int) -> None:
    chunks = split_by_length(texts, parts)
    assert [text for chunk in chunks for text in chunk] == texts
    assert len(chunks) <= parts
    assert all(chunks)


def test_chunks_share_the_text_about_equally() -> None:
    texts = ["x" * 100] * 10 + ["y" * 1000]
    assert [sum(map(len, chunk)) for chunk in split_by_length(texts, 2)] == [1000, 1000]
    assert split_by_length(["a", "b", "c", "d"], 2) == [["a", "b"], ["c", "d"]]


def test_two_worker_processes_find_what_the_engine_finds_here(engine: SpacyEngine) -> None:
    in_processes = ProcessEngine(2)
    try:
        assert in_processes.pipeline == engine.pipeline
        found = list(in_processes.annotate(TEXTS))
        assert list(in_processes.annotate([])) == []
    finally:
        in_processes.close()
    assert found == list(engine.annotate(TEXTS))
    assert any(entity.label == "PERSON" for entity in found[0])


def test_a_model_that_cannot_load_is_an_engine_error_at_once() -> None:
    with pytest.raises(EngineError, match="The model files are missing"):
        ProcessEngine(1, unloadable_engine)


def niceness_engine() -> Engine:
    """A loader that reports the worker's scheduling niceness as its pipeline name."""
    import os

    class Niceness:
        pipeline = f"niceness {os.nice(0)}"

        def annotate(self, texts: Iterable[str]) -> Iterator[tuple[Entity, ...]]:
            return iter([() for _ in texts])

    return Niceness()


def test_the_workers_give_way_to_the_window() -> None:
    import os

    in_processes = ProcessEngine(1, niceness_engine)
    try:
        assert in_processes.pipeline == f"niceness {os.nice(0) + BACKGROUND_NICENESS}"
    finally:
        in_processes.close()


def dying_engine() -> Engine:
    """A loader whose engine's process dies on the text "die" (module level: picklable)."""
    import os

    class Dying:
        pipeline = "dying"

        def annotate(self, texts: Iterable[str]) -> Iterator[tuple[Entity, ...]]:
            for text in texts:
                if text == "die":
                    os._exit(1)
                yield ()

    return Dying()


def test_after_a_worker_dies_the_next_texts_get_new_workers(tmp_path: Path) -> None:
    loads: list[ProcessEngine] = []

    def load() -> Engine:
        loads.append(ProcessEngine(1, dying_engine))
        return loads[-1]

    annotator = Annotator(EntityCache(tmp_path / "cache.sqlite3", "dying"), load)
    try:
        with pytest.raises(EngineError, match="stopped"):
            annotator.run_engine(["die"])
        assert annotator.run_engine(["fine"]) == [()]  # a new engine, in new processes
        assert len(loads) == 2
    finally:
        annotator.close()
