"""What every spawned worker process of Seedview does first: leave Ctrl+C to the parent, and end
when the parent does."""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import signal
import threading


def start_worker_process() -> None:
    """A worker process's first step (a pool's initializer, or the start of one)."""
    # The parent stops the workers itself; without this each would print a KeyboardInterrupt.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None:
        # A worker holds both ends of its task queue, so it would wait forever for a parent that
        # was killed: it ends when the parent does.
        threading.Thread(target=_exit_with, args=(parent.sentinel,), name="parent-watch", daemon=True).start()


def _exit_with(parent_sentinel: int) -> None:
    multiprocessing.connection.wait([parent_sentinel])
    os._exit(1)
