"""One background thread at a time for heavy Python work over a long text.

Background threads and the UI thread share one interpreter. With two busy background threads the
UI thread waits for it far longer than with one: the interpreter often passes from one of them to
the other, not to the UI thread that asked for it. So the threads that work over a big document
as it loads (the loader making its spans, the annotation worker grouping its mentions and
finding its words) take turns.
"""

from __future__ import annotations

import threading

TAKING_TURNS = threading.Lock()
