"""Help ▸ About: Seedview's version, its entity model and the licences of what it is made of, as
installed (gui/core/engine/licences.py), in plain text that can be selected and copied."""

from __future__ import annotations

from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QWidget

from gui import APP_NAME, __version__
from gui.core.engine.licences import about_text
from gui.widgets.dialogs.text_dialog import TextDialog


class AboutDialog(TextDialog):
    """Names Seedview and its version above the components and their licences."""

    def __init__(self, parent: QWidget | None = None) -> None:
        heading = (
            f"{APP_NAME} {__version__}\nA viewer of news articles with their named entities highlighted.\n\n"
            "Made of:"
        )
        super().__init__(f"About {APP_NAME}", heading, about_text(qVersion()), "Components and licences",
                         (560, 200), parent)
