"""Help ▸ About: Seedview's version, its entity model and the licences of what it is made of, as
installed (gui/core/engine/licences.py), in plain text that can be selected and copied."""

from __future__ import annotations

from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from gui import APP_NAME, __version__
from gui.core.engine.licences import about_text


class AboutDialog(QDialog):
    """Names Seedview and its version above the components and their licences."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_NAME}")
        heading = QLabel(
            f"{APP_NAME} {__version__}\nA viewer of news articles with their named entities highlighted.\n\n"
            "Made of:", self
        )
        heading.setTextFormat(Qt.TextFormat.PlainText)
        self.text = QPlainTextEdit(about_text(qVersion()), self)
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Components and licences")
        self.text.setMinimumSize(560, 200)
        heading.setBuddy(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.text.setFocus()
