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
# A text shorter than this is quick to handle: it does not wait for its turn.
LONG_TEXT_CHARS = 200_000
# The UI thread waits for the interpreter at most this long while other threads use it (the app
# sets it as it starts; Python's default is 25 times longer): with two busy background threads
# the UI thread otherwise stalls visibly while a big document loads. A shorter interval costs the
# threads a little throughput; the big-document benchmark measures both.
SWITCH_INTERVAL_S = 0.0002


def turn_for(text: str) -> AbstractContextManager[object]:
    """Wait for this thread's turn while working over `text`, if it is long."""
    return TAKING_TURNS if len(text) >= LONG_TEXT_CHARS else nullcontext()
