"""The base of the objects that hold a part of the window's commands (entity commands, export,
comparison, the plain commands): they reach the window through a weak reference."""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gui.widgets.main_window import MainWindow


class WindowPart:
    """Holds its window weakly: the window owns the part, and a cycle through a Qt window would
    leave its destruction to the garbage collector, at a moment Qt does not expect."""

    def __init__(self, window: MainWindow) -> None:
        self._window_ref = weakref.ref(window)

    @property
    def window_alive(self) -> bool:
        """Whether the window still exists (a signal may outlive it)."""
        return self._window_ref() is not None

    @property
    def _window(self) -> MainWindow:
        window = self._window_ref()
        assert window is not None, "the window is gone"
        return window
