"""The application's stylesheet (visible focus frames) and icon, applied in one place."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from gui.core.model.resource_files import resource_path

STYLESHEET = "seedview.qss"
DARK_STYLESHEET = "seedview-dark.qss"  # what differs on a dark page, applied after the above
ICON_FILE = "seedview.svg"


def apply_style(app: QApplication, dark: bool = False) -> None:
    """Give the application Seedview's stylesheet, for a light or a dark page.

    Also after a palette change: widgets resolve the stylesheet's palette() colours when it is set.
    """
    sheets = [STYLESHEET, DARK_STYLESHEET] if dark else [STYLESHEET]
    app.setStyleSheet("\n".join(resource_path(name).read_text(encoding="utf-8") for name in sheets))


def set_desktop_file_name(app: QApplication) -> None:
    """Tell Wayland which desktop entry is ours (before any window is shown: it names the app)."""
    app.setDesktopFileName("seedview")


def set_application_icon(app: QApplication) -> None:
    """Give every window, shown already or not, Seedview's (scalable) icon."""
    from PySide6.QtGui import QIcon  # its enums take a while to make: not before the first paint

    app.setWindowIcon(QIcon(str(resource_path(ICON_FILE))))
