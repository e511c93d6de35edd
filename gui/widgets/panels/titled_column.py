"""A column of panes, each under a title that names it for the keyboard (its buddy)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


def titled_column(parent: QWidget, panes: tuple[tuple[str, QWidget, int], ...]) -> QWidget:
    """A widget holding each (title, pane, stretch) as a title above its pane."""
    column = QWidget(parent)
    layout = QVBoxLayout(column)
    layout.setContentsMargins(0, 4, 4, 4)
    for title, pane, stretch in panes:
        label = QLabel(title, column)
        label.setBuddy(pane)
        layout.addWidget(label)
        layout.addWidget(pane, stretch)
    return column
