"""File ▸ Open Recent: the folders (and JSON Lines files) opened lately, newest first, each opened
on the document last read there."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMenu

from gui.core.model.display_text import isolate
from gui.widgets.runtime import settings as keys
from gui.widgets.window.window_state import reading_place

MAX_RECENT = 8


class RecentFolders:
    """Keeps the list in the settings and the menu in step with it."""

    def __init__(
        self, settings: QSettings, menu: QMenu, open_path: Callable[[Path, str | None], object]
    ) -> None:
        self._settings = settings
        self.menu = menu
        self._open_path = open_path
        self.menu.aboutToShow.connect(self._fill)  # filled as it opens, not before

    @property
    def paths(self) -> list[Path]:
        """The recent paths, newest first."""
        return [Path(item) for item in keys.RECENT_FOLDERS.read(self._settings) if item]

    def remember(self, path: Path) -> None:
        """Put a path at the top of the list (once), keeping at most MAX_RECENT."""
        resolved = str(path.expanduser().resolve())
        kept = [str(p) for p in self.paths if str(p) != resolved]
        keys.RECENT_FOLDERS.write(self._settings, [resolved, *kept][:MAX_RECENT])
        self._refill_if_open()

    def _fill(self) -> None:
        # Rebuilt each time it opens: a folder removed since is shown disabled, not offered.
        self.menu.clear()
        paths = self.paths
        for number, path in enumerate(paths, start=1):
            name = isolate(path.name or str(path))
            label = f"&{number} {name}" if number < 10 else name
            action = self.menu.addAction(f"{label}  ({isolate(str(path.parent))})")
            action.setToolTip(str(path))
            exists = path.exists()
            action.setEnabled(exists)
            if not exists:
                action.setText(f"{label}  (no longer there)")
            action.triggered.connect(lambda _checked=False, target=path: self.open_recent(target))
        if not paths:
            self.menu.addAction("No recent folders").setEnabled(False)
        else:
            self.menu.addSeparator()
            self.menu.addAction("&Clear the List", self.clear)

    def open_recent(self, path: Path) -> None:
        """Open a recent folder on the document last read there (the window scrolls it back to
        where the reader was), or on its newest."""
        place = reading_place(self._settings, path)
        self._open_path(path, place.doc_id if place is not None else None)

    def clear(self) -> None:
        """Forget every recent path."""
        keys.RECENT_FOLDERS.write(self._settings, [])
        self._refill_if_open()

    def _refill_if_open(self) -> None:
        if self.menu.isVisible():
            self._fill()
