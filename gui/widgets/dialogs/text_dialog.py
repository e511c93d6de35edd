"""A dialog that shows plain text to read and copy by keyboard: a heading, a read-only text box
(focused, so that the arrows scroll it and Ctrl+A, Ctrl+C copy it) and a Close button."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget


class TextDialog(QDialog):
    """`heading` above `text`, both plain text (they may quote files), the box named for screen
    readers by `accessible_name`."""

    def __init__(
        self,
        title: str,
        heading: str,
        text: str,
        accessible_name: str,
        minimum: tuple[int, int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        label = QLabel(heading, self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        self.text = QPlainTextEdit(text, self)
        self.text.setReadOnly(True)
        self.text.setAccessibleName(accessible_name)
        self.text.setMinimumSize(*minimum)
        label.setBuddy(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.text.setFocus()
