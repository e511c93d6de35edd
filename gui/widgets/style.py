"""The application's stylesheet (visible focus frames) and icon, applied in one place."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from gui.core.resource_files import resource_path

STYLESHEET = "seedview.qss"
ICON_FILE = "seedview.svg"


def apply_style(app: QApplication) -> None:
    """Give the application Seedview's stylesheet."""
    app.setStyleSheet(resource_path(STYLESHEET).read_text(encoding="utf-8"))


def set_application_icon(app: QApplication) -> None:
    """Give every window Seedview's (scalable) icon, and tell Wayland which desktop entry is ours."""
    app.setWindowIcon(QIcon(str(resource_path(ICON_FILE))))
    app.setDesktopFileName("seedview")
