"""Comparing a file's entities with the engine's (Ctrl+K): the command that switches it.

The reading session keeps the comparison's state and decides what is shown (see
gui/core/session/comparison.py); the command only switches it and redraws.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gui.widgets.commands.command_context import CommandContext


def toggle_engine_comparison(window: CommandContext) -> None:
    """Switch between the file's entities and the engine's, for every document from a file."""
    active = window.session.comparison.toggle()
    current = window.session.current
    if current is None or current.entity_source is None:
        state = "on" if active else "off"
        window.say(
            f"Comparison with the engine {state}: it applies to documents whose entities come "
            "from a file; this one's already come from the engine",
            5000,
        )
    window.refresh_entities()


def comparing(window: CommandContext) -> bool:
    """Whether documents from a file are shown with the engine's entities."""
    return window.session.comparison.active
