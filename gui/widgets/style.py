"""The application's stylesheet (visible focus frames), applied in one place."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from gui.core.resource_files import resource_path

STYLESHEET = "seedview.qss"


def apply_style(app: QApplication) -> None:
    """Give the application Seedview's stylesheet."""
    app.setStyleSheet(resource_path(STYLESHEET).read_text(encoding="utf-8"))
