"""Seedview's spawned worker processes: how a pool of them starts, and what each does first
(leave Ctrl+C to the parent, end when the parent does, and step back in the CPU scheduler's eyes
if its work is in the background).

A spawned process is a fresh interpreter run with `-c`, which puts the current folder first on its
module path: a `threading.py` in the folder being annotated would run in every worker. Workers are
started with PYTHONSAFEPATH=1, so they import only from the parent's path.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import multiprocessing
import multiprocessing.connection
import multiprocessing.context
import os
import signal
import threading
import weakref
from collections.abc import Callable, Iterator
from typing import Any

# What the spawned processes run with. PYTHONSAFEPATH: see above. PYTHONWARNINGS: a window
# ends at once when closed (gui.app.run), so its pools' queues are never finalized; the resource
# tracker then removes their semaphores, as it should, but also warns about each on the terminal.
_SPAWNED_ENVIRONMENT = {
    "PYTHONSAFEPATH": "1",
    "PYTHONWARNINGS": "ignore::UserWarning:multiprocessing.resource_tracker",
}
# os.environ is one for the whole process: two threads starting processes take turns.
_environment_lock = threading.Lock()


@contextlib.contextmanager
def _safe_path_environment() -> Iterator[None]:
    """_SPAWNED_ENVIRONMENT for the processes started in the block (the pool's workers, and the
    resource tracker its queues start), then the environment as it was."""
    with _environment_lock:
        before = {name: os.environ.get(name) for name in _SPAWNED_ENVIRONMENT}
        os.environ.update(_SPAWNED_ENVIRONMENT)
        try:
            yield
        finally:
            for name, value in before.items():
                if value is None:
                    del os.environ[name]
                else:
                    os.environ[name] = value


class _SafePathProcess(multiprocessing.context.SpawnProcess):
    """A spawned process that does not import from the current folder."""

    @staticmethod
    def _Popen(process_obj: Any) -> Any:
        with _safe_path_environment():
            return multiprocessing.context.SpawnProcess._Popen(process_obj)


class _SafePathContext(multiprocessing.context.SpawnContext):
    """The spawn start method, with processes that do not import from the current folder."""

    Process = _SafePathProcess


_pools: weakref.WeakSet[concurrent.futures.ProcessPoolExecutor] = weakref.WeakSet()


def process_pool(
    processes: int, initializer: Callable[..., object], initargs: tuple[Any, ...] = ()
) -> concurrent.futures.ProcessPoolExecutor:
    """A pool of `processes` spawned workers, none of which imports from the current folder.

    The pool starts its workers as they are needed, each through `_SafePathProcess`; the resource
    tracker that its queues start at once is a `-c` process too, hence the environment here.
    """
    with _safe_path_environment():
        pool = concurrent.futures.ProcessPoolExecutor(
            processes, mp_context=_SafePathContext(), initializer=initializer, initargs=initargs
        )
    _pools.add(pool)
    return pool


def end_worker_processes() -> None:
    """End every pool's workers now, their work under way dropped: for a process about to end
    at once (gui.app.run), which does not wait for its pools to wind down."""
    for pool in list(_pools):
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.terminate()


# How far the background's workers (annotation, listing, resolution) step back in the CPU
# scheduler's eyes: on a machine with as many workers as cores, the window's threads (a keystroke,
# a question to the store) would otherwise wait for a time slice.
BACKGROUND_NICENESS = 10


def start_worker_process(niceness: int = 0) -> None:
    """A worker process's first step (a pool's initializer, or the start of one): with a
    `niceness`, the process yields the CPU to others that are not as nice (the window's threads)."""
    # The parent stops the workers itself; without this each would print a KeyboardInterrupt.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if niceness and hasattr(os, "nice"):
        os.nice(niceness)
    parent = multiprocessing.parent_process()
    if parent is not None:
        # A worker holds both ends of its task queue, so it would wait forever for a parent that
        # was killed: it ends when the parent does.
        threading.Thread(target=_exit_with, args=(parent.sentinel,), name="parent-watch", daemon=True).start()


def _exit_with(parent_sentinel: int) -> None:
    multiprocessing.connection.wait([parent_sentinel])
    os._exit(1)
