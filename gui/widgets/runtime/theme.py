"""Light and dark themes: the window's colours and the entity palette that reads on them.

The theme follows the system's colour scheme unless the user overrides it (View ▸ Switch Theme),
and the entity highlights come from a palette tuned for the page they sit on (the dark palettes
pass the same WCAG AA check on their own page). The colour-blind-safe palettes are the other axis.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from gui.widgets.runtime.style import apply_style

THEMES = ("system", "light", "dark")
THEME_NAMES = {"system": "follow the system", "light": "light", "dark": "dark"}

# The dark page the dark palettes are checked against (resources/palette-dark.json).
DARK_COLOURS = {
    QPalette.ColorRole.Window: "#2b2d30",
    QPalette.ColorRole.WindowText: "#e6e6e6",
    QPalette.ColorRole.Base: "#1e1f22",
    QPalette.ColorRole.AlternateBase: "#26282b",
    QPalette.ColorRole.Text: "#e6e6e6",
    QPalette.ColorRole.Button: "#35373b",
    QPalette.ColorRole.ButtonText: "#e6e6e6",
    QPalette.ColorRole.ToolTipBase: "#35373b",
    QPalette.ColorRole.ToolTipText: "#f2f2f2",
    QPalette.ColorRole.PlaceholderText: "#9a9da3",
    QPalette.ColorRole.Highlight: "#3d6fb4",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#8ab4f8",
    QPalette.ColorRole.BrightText: "#ffffff",
}
DISABLED_TEXT = "#7c7f86"


def system_is_dark() -> bool:
    """Whether the desktop asks for a dark colour scheme."""
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def is_dark(theme: str) -> bool:
    """Whether a theme setting means dark colours now."""
    return theme == "dark" or (theme == "system" and system_is_dark())


def next_theme(theme: str, system_dark: bool) -> str:
    """The theme after this one: follow the system, then the look it does not have, then the one
    it has, and round again. Light right after following a light desktop would change nothing
    on screen, and the first press would seem to do nothing."""
    order = ("system", "light", "dark") if system_dark else ("system", "dark", "light")
    return order[(order.index(theme) + 1) % len(order)] if theme in order else order[0]


def dark_palette() -> QPalette:
    """Qt colours for the dark theme."""
    palette = QPalette()
    for role, colour in DARK_COLOURS.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(DISABLED_TEXT))
    return palette


def apply_window_colours(app: QApplication, theme: str) -> None:
    """Give the application a theme's colours: the dark ones; the style's own light ones for
    "light" (whatever the desktop's); the desktop's own while following a light system, if they
    are light. (Asking for the style, which only "light" needs, creates QStyle's Python class and
    enums, which a start that follows the system does without.)"""
    dark = is_dark(theme)
    if dark:
        app.setPalette(dark_palette())
    else:
        if theme != "light":
            app.setPalette(QPalette())  # no colour of our own: the desktop's, as if none was set
        if theme == "light" or QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128:
            # Asked for, or a desktop whose colours are dark though it does not say it is: the
            # stylesheet and the highlights are the light ones, so the window is too.
            app.setPalette(app.style().standardPalette())
    apply_style(app, dark)
