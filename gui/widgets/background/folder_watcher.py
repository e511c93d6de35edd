"""Watching the open folder: files that appear, change or disappear while Seedview shows them.

QFileSystemWatcher reports the folder's changes (files added, removed, renamed) and changes of
the watched files themselves (the document shown, its .ann, a JSON Lines file). Editors save in
bursts (write a temporary file, rename it over the old one), so reports are gathered for a moment
and the window re-lists once.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, Signal

from gui.core.corpus.corpus import ANNOTATION_SUFFIX, Corpus
from gui.widgets.background.single_shot_timer import single_shot_timer

SETTLE_MS = 400  # how long a burst of changes may last before the window looks again


class FolderWatcher(QObject):
    """Says (once per burst) that the open corpus's folder or files changed on disk."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._watcher = QFileSystemWatcher(self)
        self._timer = single_shot_timer(self, SETTLE_MS, self.changed)
        self._watcher.directoryChanged.connect(self._on_change)
        self._watcher.fileChanged.connect(self._on_change)
        self._corpus_paths: list[str] = []
        self._document_paths: list[str] = []

    def watch_corpus(self, corpus: Corpus) -> None:
        """Watch a newly opened corpus: its folder, or its JSON Lines file."""
        self._timer.stop()
        self._replace(self._corpus_paths, [str(corpus.source if corpus.source.is_file() else corpus.root)])
        if corpus.source.is_file() and corpus.source != corpus.root:  # a single .txt: its folder too
            self._add(self._corpus_paths, [str(corpus.root)])

    def watch_document(self, path: Path | None) -> None:
        """Watch the document shown and its .ann file: edits of existing files are not folder
        changes on every platform."""
        paths = [] if path is None else [str(path), str(path.with_suffix(ANNOTATION_SUFFIX))]
        self._replace(self._document_paths, [p for p in paths if Path(p).exists()])

    @property
    def watched(self) -> list[str]:
        """The paths watched now."""
        return self._watcher.files() + self._watcher.directories()

    def _replace(self, current: list[str], paths: list[str]) -> None:
        stale = [p for p in current if p not in paths and p not in self._other(current)]
        if stale:
            self._watcher.removePaths(stale)
        current.clear()
        self._add(current, paths)

    def _other(self, current: list[str]) -> list[str]:
        return self._document_paths if current is self._corpus_paths else self._corpus_paths

    def _add(self, current: list[str], paths: list[str]) -> None:
        current.extend(paths)
        fresh = [p for p in paths if p not in self.watched]
        if fresh:
            self._watcher.addPaths(fresh)  # paths that vanished meanwhile are skipped by Qt

    def _on_change(self, path: str) -> None:
        # A file replaced by a rename is no longer watched: watch the new one again.
        if Path(path).exists() and path not in self.watched:
            self._watcher.addPath(path)
        self._timer.start()
