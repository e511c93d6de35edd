"""Every notice about the document shown (bad lines of its .ann file, repaired bytes…), readable
and copyable by keyboard: the header lists only the first few."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from gui.core.model.display_text import isolate


class NoticesDialog(QDialog):
    """Lists a document's notices in a read-only text box (plain text: they quote the files)."""

    def __init__(self, name: str, notices: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Problems with {isolate(name)}")
        count = len(notices)
        heading = QLabel(f"{count} {'problem' if count == 1 else 'problems'} with {isolate(name)}:", self)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        self.text = QPlainTextEdit("\n".join(notices), self)
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Problems with the document")
        self.text.setMinimumSize(620, 240)
        heading.setBuddy(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.text.setFocus()
