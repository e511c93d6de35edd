"""Comparing a file's entities with the engine's (Ctrl+K): the command that switches it, the
differences it marks in the text, and stepping through them.

The reading session keeps the comparison's state and decides what is shown (see
gui/core/session/comparison.py); the command switches it and redraws, and the text asks
`DifferenceMarking` how what it shows differs from the file each time its entities change. Both
sides are compared as the user's entity corrections leave them (gui/core/session/comparison.py
says why), and the header's legend says so when the corrections change the document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gui.core.model.display_text import isolate
from gui.core.session.comparison import BOTH_CORRECTED, span_differences
from gui.widgets.text.difference_marks import ShownDifferences
from gui.widgets.text.document_header import DocumentHeader

if TYPE_CHECKING:
    from gui.widgets.commands.command_context import CommandContext


class DifferenceMarking:
    """How the engine's entities shown differ from the file's, for the text to mark, and the
    header's line saying what the marks mean (none while not comparing)."""

    def __init__(self, window: CommandContext) -> None:
        self._window = window

    def __call__(self) -> ShownDifferences | None:
        """The differences of the document on screen, if its file's entities are compared with
        the engine's and those have come."""
        session = self._window.session
        shown, current = session.shown, session.current
        found: ShownDifferences | None = None
        corrected = False
        if current is not None and shown is not None and shown.annotation is not None:
            engine = session.comparison.result_for(current)
            if session.comparison.wanted(current) and engine is not None:
                entry = session.corpus.entry(current.id) if session.corpus else None
                from_brat = entry is not None and entry.record is None
                source = current.path.with_suffix(".ann").name if from_brat else "the file"
                # Both sides as the corrections leave them (gui/core/session/comparison.py says why).
                ours, theirs, corrected = session.compared_sides(engine)
                differences = span_differences(ours, theirs.entities)
                found = ShownDifferences(current.body, differences, source)
        header = self._window.main_window.findChild(DocumentHeader)
        if header is not None:
            header.show_comparison_legend(legend(found.source, corrected) if found is not None else "")
        return found


def legend(source: str, corrected: bool = False) -> str:
    """The header's line on what a comparison's marks mean (and that both sides are corrected,
    when the user's corrections change the document)."""
    both = f" {BOTH_CORRECTED[0].upper()}{BOTH_CORRECTED[1:]}." if corrected else ""
    return (
        f"Highlighted: the engine's entities. Dashed frame: found only by the engine. "
        f"Wavy underline: only in {isolate(source)}.{both}"
    )


def toggle_engine_comparison(window: CommandContext) -> None:
    """Switch between the file's entities and the engine's, for every document from a file."""
    window.view.set_difference_source(DifferenceMarking(window))
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


def go_next_difference(window: CommandContext) -> None:
    """Select the next entity that only the file or only the engine has."""
    _step_difference(window, forward=True)


def go_previous_difference(window: CommandContext) -> None:
    """Select the previous entity that only the file or only the engine has."""
    _step_difference(window, forward=False)


def _step_difference(window: CommandContext, forward: bool) -> None:
    differences = window.view.differences
    if differences is None:
        window.say("No differences to step through: compare a document's file with the engine (Ctrl+K)", 4000)
        return
    if window.view.select_next_difference(forward) is None:
        window.say(f"The engine and {isolate(differences.source)} agree on every entity", 4000)
