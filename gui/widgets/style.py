"""The application's stylesheet (visible focus frames) and icon, applied in one place."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from gui.core.resource_files import resource_path

STYLESHEET = "seedview.qss"
DARK_STYLESHEET = "seedview-dark.qss"  # what differs on a dark page, applied after the above
ICON_FILE = "seedview.svg"


def apply_style(app: QApplication, dark: bool = False) -> None:
    """Give the application Seedview's stylesheet, for a light or a dark page.

    Also after a palette change: widgets resolve the stylesheet's palette() colours when it is set.
    """
    sheets = [STYLESHEET, DARK_STYLESHEET] if dark else [STYLESHEET]
    app.setStyleSheet("\n".join(resource_path(name).read_text(encoding="utf-8") for name in sheets))


def set_application_icon(app: QApplication) -> None:
    """Give every window Seedview's (scalable) icon, and tell Wayland which desktop entry is ours."""
    app.setWindowIcon(QIcon(str(resource_path(ICON_FILE))))
    app.setDesktopFileName("seedview")
