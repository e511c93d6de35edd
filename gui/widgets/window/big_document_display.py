"""A big document as it is read off the UI thread: its text first, then the entities of its
`.ann`'s first lines for the top of the text, then the whole document."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gui.core.model.display_text import isolate
from gui.core.session.events import TextRead
from gui.widgets.background.document_loader import DocumentRead, HeadRead
from gui.widgets.window_part import WindowPart

if TYPE_CHECKING:
    from gui.widgets.window.main_window import MainWindow


class BigDocumentDisplay(WindowPart["MainWindow"]):
    """Shows what the loader has read of the chosen big document, while it is still chosen."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)

    def on_text_read(self, read: TextRead) -> None:
        """A big document's text has been read, and its .ann is being read: show the text."""
        window = self._window
        entry, document = read.entry, read.document
        if window.session.being_read(entry):
            window.show_title(entry, document)
            ann = isolate(entry.path.with_suffix(".ann").name)
            window.header.set_entity_summary(None, None, f"reading {ann}…")
            window.view.show_text(document.body)

    def on_head_read(self, read: HeadRead) -> None:
        """The entities of a big document's first `.ann` lines, while the rest is read: highlight
        the top of the text with them (the whole document follows in `on_read`)."""
        window = self._window
        entry, head = read.entry, read.head
        if window.session.being_read(entry) and window.view.shows(head.body):
            window.view.use_prepared(read.spans)
            window.view.set_entities(head.entities, more_to_come=True)
            window.legend_model.set_counts(window.view.label_counts)  # so far, as the header says
            ann = isolate(entry.path.with_suffix(".ann").name)
            noun = "entity" if len(head.entities) == 1 else "entities"
            so_far = f"{len(head.entities):,} {noun} so far, reading {ann}…"
            window.header.set_entity_summary(None, None, so_far)

    def on_read(self, read: DocumentRead) -> None:
        """A big document has been read: show it, if it is still the one chosen."""
        window = self._window
        if window.session.being_read(read.entry):
            window.view.use_prepared(read.spans)  # worked out in the loader's thread
            window.display(read.entry, read.document)
