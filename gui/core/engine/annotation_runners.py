"""Where the engine runs for a headless annotation: in this process, in worker processes on this
computer, or on a Dask cluster. Each worker loads the engine once and returns only entities; the
process that reads the corpus keeps the cache (SQLite and many writers do not mix)."""

from __future__ import annotations

import concurrent.futures
import contextlib
import importlib
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol

from gui.core.engine.engine import Engine, EngineError, load_engine
from gui.core.model.document import Entity
from gui.core.model.worker_processes import BACKGROUND_NICENESS, process_pool, start_worker_process

EngineLoader = Callable[[], Engine]
# What a worker sends back for a chunk of texts: its pipeline's name (the cache key) and the raw
# engine entities of each text, in order.
ChunkResult = tuple[str, list[tuple[Entity, ...]]]
CLUSTER_INSTALL_HINT = "pip install 'seedview[cluster]'"


class RunnerError(Exception):
    """The workers cannot run; the message says why and what to do, for the user."""


class WorkersUnavailableError(RunnerError):
    """No worker process could be started here (a sandbox, a user without the right to): the
    engine can still run in this process."""


class ChunkFuture(Protocol):
    """A chunk on its way: `result()` waits for it and raises what the worker raised."""

    def result(self) -> ChunkResult:
        """The chunk's result, once it is done."""
        ...


class ChunkRunner(Protocol):
    """Runs `annotate_chunk` somewhere; `slots` is how many chunks can run at once."""

    @property
    def slots(self) -> int:
        """How many chunks run at the same time."""
        ...

    def submit(self, texts: list[str]) -> ChunkFuture:
        """Start annotating texts; the result comes through the returned future."""
        ...

    def close(self) -> None:
        """Stop the workers, if any were started."""
        ...


# The engines of this process, by loader: a worker process (or a Dask worker) loads once and
# keeps it for every chunk. The lock keeps a Dask worker's threads from sharing one spaCy
# pipeline at the same time (the GIL would serialise them anyway).
_engines: dict[EngineLoader, Engine] = {}
_failures: dict[EngineLoader, EngineError] = {}
_lock = threading.Lock()


def worker_engine(load: EngineLoader) -> Engine:
    """This process's engine from `load`, loaded on first use; a load failure is raised again."""
    if load in _failures:
        raise _failures[load]
    if load not in _engines:
        try:
            _engines[load] = load()
        except EngineError as error:
            _failures[load] = error
            raise
    return _engines[load]


def annotate_chunk(load: EngineLoader, texts: list[str]) -> ChunkResult:
    """In a worker: the pipeline name and the raw entities of texts, with this process's engine."""
    with _lock:
        return annotate_with(worker_engine(load), texts)


def annotate_with(engine: Engine, texts: list[str]) -> ChunkResult:
    """The pipeline name and the raw entities of texts; spaCy's refusals become an EngineError."""
    try:
        return engine.pipeline, list(engine.annotate(texts))
    except ValueError as error:  # spaCy refuses a text (its length limit is kept off by the engine's pieces)
        raise EngineError(f"The engine could not annotate a text: {error}") from error


def _start_worker_process(load: EngineLoader, niceness: int = 0) -> None:
    """A worker process's initializer: leave Ctrl+C to the parent, end with it, step back by
    `niceness` in the CPU scheduler's eyes, load the engine."""
    start_worker_process(niceness)
    # A load failure is remembered by worker_engine: the first chunk raises it, with its message.
    with _lock, contextlib.suppress(EngineError):
        worker_engine(load)


class DoneFuture:
    """A chunk annotated on the spot (or failed): what the in-process runner returns."""

    def __init__(self, result: ChunkResult | None, error: BaseException | None = None) -> None:
        self._result = result
        self._error = error

    def result(self) -> ChunkResult:
        """The result, or the error the chunk raised."""
        if self._error is not None:
            raise self._error
        assert self._result is not None
        return self._result


class InProcessRunner:
    """The engine in this process, loaded on the first chunk: no workers (`--processes 1`)."""

    slots = 1

    def __init__(self, load: EngineLoader = load_engine) -> None:
        self._load = load
        self._engine: Engine | None = None

    def submit(self, texts: list[str]) -> ChunkFuture:
        """Annotate texts now; errors are raised by the future's `result()`, as a worker's are."""
        try:
            if self._engine is None:
                self._engine = self._load()
            return DoneFuture(annotate_with(self._engine, texts))
        except EngineError as error:
            return DoneFuture(None, error)

    def close(self) -> None:
        """Nothing to stop."""


class _PoolFuture:
    """A worker process's future, with a dead pool said in words."""

    def __init__(self, future: concurrent.futures.Future[ChunkResult], runner: ProcessRunner) -> None:
        self._future = future
        self._runner = runner

    def result(self) -> ChunkResult:
        try:
            found = self._future.result()
        except BrokenProcessPool as error:
            raise self._runner.broken(error) from error
        self._runner.worked = True
        return found


class ProcessRunner:
    """`processes` worker processes on this computer, each loading the engine once.

    The pool starts on the first chunk, so a run that the cache answers starts no process. Workers
    are spawned, not forked: a fresh interpreter is safe whatever threads the parent has, and
    behaves the same on every platform.
    """

    def __init__(self, processes: int, load: EngineLoader = load_engine, niceness: int = 0) -> None:
        if processes < 1:
            raise ValueError(f"processes must be at least 1, not {processes}")
        self.slots = processes
        self._load = load
        self._niceness = niceness
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        self.worked = False  # whether a worker has answered: the pool started

    def submit(self, texts: list[str]) -> ChunkFuture:
        """Queue texts for the next free worker. Raises RunnerError if the workers cannot be
        started (a sandbox, a user without the right to) or have died."""
        try:
            if self._pool is None:
                self._pool = process_pool(self.slots, _start_worker_process, (self._load, self._niceness))
            return _PoolFuture(self._pool.submit(annotate_chunk, self._load, texts), self)
        except (BrokenProcessPool, OSError) as error:  # OSError: starting one, or its pipe
            raise self.broken(error) from error

    def broken(self, error: BaseException) -> RunnerError:
        """The pool's failure in words: its workers could not start (none ever answered), or one
        stopped (the computer may have run short of memory)."""
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        if not self.worked:
            return WorkersUnavailableError(f"The worker processes could not be started here ({reason}). "
                               "Try again with --processes 1, which runs the engine in this process.")
        return RunnerError(f"A worker process stopped unexpectedly ({reason}). If the computer ran short "
                           "of memory, try again with fewer --processes.")

    def close(self, wait: bool = True) -> None:
        """Stop the workers; chunks not yet started are dropped. Without `wait`, the chunks
        running are dropped too: their processes are ended at once."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if not wait:
            # The executor has no public way to end running work before Python 3.14; left alone,
            # a long chunk would keep the process alive after the window closed.
            for process in list(getattr(pool, "_processes", {}).values()):
                process.terminate()
        pool.shutdown(wait=wait, cancel_futures=True)


class ProcessEngine:
    """The engine in worker processes, behind the Engine protocol: what the window's annotation
    thread uses, so that spaCy runs on every core and never holds this process's interpreter.

    Creating one starts the workers and waits until the first has loaded its model, so a model
    that cannot load raises EngineError here, as `load_engine` would. Each call to `annotate` splits its
    texts into one contiguous chunk per worker, balanced by length, and returns the entities in order.
    """

    runs_apart = True  # `annotate` sends the texts at once; the caller waits only for results
    def __init__(self, processes: int, load: EngineLoader = load_engine) -> None:
        self._runner = ProcessRunner(processes, load, BACKGROUND_NICENESS)
        self.slots = self._runner.slots
        # An empty chunk per worker starts them all now (the pool starts one per waiting chunk),
        # so every worker loads its model while the first one is waited for. Raises
        # WorkersUnavailableError if none can start (then the engine may run in the caller's process).
        try:
            warm_ups = [self._runner.submit([]) for _ in range(self.slots)]
        except WorkersUnavailableError:
            self._runner.close(wait=False)
            raise
        try:
            self.pipeline, _ = warm_ups[0].result()
        except WorkersUnavailableError:
            self._runner.close(wait=False)
            raise
        except RunnerError as error:
            self._runner.close()
            raise EngineError(f"The engine's worker process could not start: {error}") from error
        except EngineError:
            self._runner.close()
            raise

    def annotate(self, texts: Iterable[str]) -> Iterator[tuple[Entity, ...]]:
        """The entities of each text, in order, from the workers. The texts are sent at once;
        iterating waits for their entities. A worker that died (out of memory, say) breaks the
        pool for good: that is an EngineError, and the caller should start another engine."""
        try:
            futures = [self._runner.submit(chunk) for chunk in split_by_length(list(texts), self.slots)]
        except (BrokenProcessPool, RuntimeError, RunnerError) as error:
            raise EngineError(f"The engine's worker processes stopped ({error}).") from error
        return self._results(futures)

    def _results(self, futures: list[ChunkFuture]) -> Iterator[tuple[Entity, ...]]:
        for future in futures:
            try:
                pipeline, found = future.result()
            except RunnerError as error:
                raise EngineError(str(error)) from error
            if pipeline != self.pipeline:  # cannot happen unless the model changed under us
                raise EngineError(f"A worker ran {pipeline}, not {self.pipeline}.")
            yield from found

    def close(self) -> None:
        """Stop the worker processes, without waiting for work under way (nobody wants it)."""
        self._runner.close(wait=False)


def split_by_length(texts: list[str], parts: int) -> list[list[str]]:
    """Texts in at most `parts` contiguous runs of about equal total length (none empty)."""
    total = sum(map(len, texts))
    if parts <= 1 or len(texts) <= 1 or total == 0:
        return [texts] if texts else []
    chunks: list[list[str]] = []
    chunk: list[str] = []
    filled = 0
    for text in texts:
        chunk.append(text)
        filled += len(text)
        # Close a chunk once it holds its share of what has been seen so far.
        if len(chunks) < parts - 1 and filled >= total * (len(chunks) + 1) / parts:
            chunks.append(chunk)
            chunk = []
    if chunk:
        chunks.append(chunk)
    return chunks


def dask_installed() -> bool:
    """Whether Dask's distributed scheduler can be imported (the `[cluster]` extra)."""
    try:
        _distributed()
    except ImportError:
        return False
    return True


def _distributed() -> Any:
    """Dask's `distributed` module, imported only when a cluster is used (an optional extra)."""
    return importlib.import_module("distributed")


class _DaskFuture:
    """A Dask future, with a cluster's failures said in words."""

    def __init__(self, future: Any, address: str) -> None:
        self._future = future
        self._address = address

    def result(self) -> ChunkResult:
        try:
            result: ChunkResult = self._future.result()
        except (_distributed().KilledWorker, concurrent.futures.CancelledError, OSError) as error:
            raise RunnerError(
                f"The Dask cluster at {self._address} could not annotate a chunk ({error}); check "
                "its workers' logs."
            ) from error
        finally:
            self._future.release()  # the result is no longer kept on the worker
        return result


class DaskRunner:
    """Chunks run as tasks on a Dask cluster; each worker process loads the engine once.

    The workers need Seedview installed (`pip install 'seedview[cluster]'`) with the same model,
    which the pipeline name each chunk returns lets the caller check. The client connects on the
    first chunk, so a run that the cache answers needs no cluster.
    """

    def __init__(self, address: str, load: EngineLoader = load_engine) -> None:
        if not dask_installed():
            raise RunnerError(
                f"--dask needs Dask's distributed scheduler, which is not installed: {CLUSTER_INSTALL_HINT}"
            )
        self.address = address
        self._load = load
        self._client: Any = None

    @property
    def slots(self) -> int:
        """The cluster's worker processes, asked afresh (workers may join or leave during a run).

        One chunk at a time per worker: a worker's threads would only queue for its engine.
        """
        return 1 if self._client is None else max(1, len(self._client.nthreads()))

    def _connect(self) -> Any:
        """A client of the scheduler at `address`, or a RunnerError saying it cannot be reached."""
        try:
            client = _distributed().Client(self.address, set_as_default=False)
        except (OSError, ValueError, TypeError) as error:
            raise RunnerError(
                f"Cannot reach the Dask scheduler at {self.address} ({error}); start one with "
                "'dask scheduler' and give its address, e.g. tcp://host:8786."
            ) from error
        return client

    def submit(self, texts: list[str]) -> ChunkFuture:
        """Send texts to the cluster as one task."""
        if self._client is None:
            self._client = self._connect()
        return _DaskFuture(self._client.submit(annotate_chunk, self._load, texts, pure=False), self.address)

    def close(self) -> None:
        """Disconnect from the cluster (the cluster itself keeps running)."""
        if self._client is not None:
            self._client.close()
            self._client = None
