"""Comparing a file's entities with the engine's (Ctrl+K): the command that switches it.

The reading session keeps the comparison's state and decides what is shown (see
gui/core/session/comparison.py); this part only switches it and redraws.
"""

from __future__ import annotations

from gui.widgets.window_part import WindowPart


class EngineComparison(WindowPart):
    """The 'compare with the engine' command of one window."""

    def toggle_engine_comparison(self) -> None:
        """Switch between the file's entities and the engine's, for every document from a file."""
        window = self._window
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
