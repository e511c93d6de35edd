"""One background thread at a time for heavy Python work over a long text.

Background threads and the UI thread share one interpreter. With two busy background threads the
UI thread waits for it far longer than with one: the interpreter often passes from one of them to
the other, not to the UI thread that asked for it. So the threads that work over a big document
as it loads (the loader making its spans, the annotation worker grouping its mentions and
finding its words) take turns.
"""

from __future__ import annotations

import threading
from contextlib import AbstractContextManager, nullcontext

TAKING_TURNS = threading.Lock()
# A text shorter than this takes a few milliseconds at most: it does not wait for its turn.
LONG_TEXT_CHARS = 200_000
# The UI thread waits for the interpreter at most this long while other threads use it (Python's
# default is 5 ms): with two busy background threads it waited a tenth of a second and more while
# a 5 MB document loaded. Every 0.2 ms costs them a little throughput; with the turns above, the
# longest stall while the 5 MB document loads went from about 75 ms to about 45 ms.
SWITCH_INTERVAL_S = 0.0002


def turn_for(text: str) -> AbstractContextManager[object]:
    """Wait for this thread's turn while working over `text`, if it is long."""
    return TAKING_TURNS if len(text) >= LONG_TEXT_CHARS else nullcontext()
