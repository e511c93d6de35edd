"""Every notice about the document shown (bad lines of its .ann file, repaired bytes…), readable
and copyable by keyboard: the header lists only the first few."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QWidget

from gui.core.model.display_text import isolate
from gui.widgets.dialogs.text_dialog import TextDialog


class NoticesDialog(TextDialog):
    """Lists a document's notices in a read-only text box (plain text: they quote the files)."""

    def __init__(self, name: str, notices: Sequence[str], parent: QWidget | None = None) -> None:
        count = len(notices)
        heading = f"{count} {'problem' if count == 1 else 'problems'} with {isolate(name)}:"
        super().__init__(f"Problems with {isolate(name)}", heading, "\n".join(notices),
                         "Problems with the document", (620, 240), parent)
