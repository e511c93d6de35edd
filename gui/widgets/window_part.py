"""The base of the objects that hold a part of a window's work (its jumps, exports, folder
listing): they reach the window, or the command context it is, through a weak reference."""

from __future__ import annotations

import weakref
from typing import Generic, TypeVar

W = TypeVar("W")


class WindowPart(Generic[W]):
    """Holds its window weakly: the window owns the part, and a cycle through a Qt window would
    leave its destruction to the garbage collector, at a moment Qt does not expect."""

    def __init__(self, window: W) -> None:
        self._window_ref = weakref.ref(window)

    @property
    def window_alive(self) -> bool:
        """Whether the window still exists (a signal may outlive it)."""
        return self._window_ref() is not None

    @property
    def _window(self) -> W:
        window = self._window_ref()
        assert window is not None, "the window is gone"
        return window
