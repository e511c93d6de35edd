"""Reading a brat corpus's own entity types (annotation.conf, visual.conf) without freezing the
window: a small configuration is read at once, so the first document shows in its colours; a big
one is read in a daemon thread, and its names and colours arrive a moment later."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from gui.core.corpus.corpus import Corpus
from gui.core.formats.brat.brat_config import read_type_config, type_config_bytes
from gui.core.session.events import TypesRead

# Configuration files bigger than this (both together) are read in the background. A real one is a
# few kilobytes; a file this size already declares thousands of types.
BACKGROUND_CONFIG_BYTES = 64_000


class TypeConfigReader(QObject):
    """Reads the brat configuration of a corpus; `typesRead` carries a TypesRead, at once for small
    files, from a thread for big ones (the receiver drops it if another corpus was opened since)."""

    typesRead = Signal(object)  # TypesRead

    def read(self, corpus: Corpus) -> None:
        """Read the types of a corpus opened without them (`Corpus.open(..., read_types=False)`)."""
        folder = corpus.root
        if not folder.is_dir():  # a JSON Lines file: its types come with its records
            self.typesRead.emit(TypesRead(corpus, (), ()))
            return
        if type_config_bytes(folder) <= BACKGROUND_CONFIG_BYTES:
            self._read(corpus)
            return
        # Meanwhile the corpus has no types of its own: none of the last corpus's linger.
        self.typesRead.emit(TypesRead(corpus, (), ()))
        threading.Thread(target=self._read, args=(corpus,), name="type-config", daemon=True).start()

    def _read(self, corpus: Corpus) -> None:
        types, problems = read_type_config(corpus.root)
        self.typesRead.emit(TypesRead(corpus, tuple(types), tuple(problems)))
