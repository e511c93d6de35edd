"""Comparing a file's entities with the engine's: a toggle that shows what spaCy finds instead.

Documents whose entities come from a file (a brat sidecar, a JSON Lines record) are not given to
the engine. With the toggle on, the window asks the worker for the engine's entities of such a
document, shows them in place of the file's, and says how the two sets differ.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gui.core.annotation_store import AnnotatedDocument, Annotation
from gui.core.cache import text_key
from gui.core.document import Document, Entity
from gui.widgets.window_part import WindowPart

if TYPE_CHECKING:
    from gui.widgets.main_window import MainWindow


def difference_summary(file_entities: tuple[Entity, ...], engine: tuple[Entity, ...], source: str) -> str:
    """'10 in both, 4 only found by the engine, 2 only in name.ann' (same span and type)."""
    ours = {(e.start, e.end, e.label) for e in file_entities}
    theirs = {(e.start, e.end, e.label) for e in engine}
    return (
        f"{len(ours & theirs)} in both, {len(theirs - ours)} only found by the engine, "
        f"{len(ours - theirs)} only in {source}"
    )


class EngineComparison(WindowPart):
    """The window's 'compare with the engine' state and the engine's results it has received."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.active = False
        self._results: dict[str, Annotation] = {}

    def reset(self) -> None:
        """Forget the results (another folder was opened); the toggle stays as it is."""
        self._results.clear()

    def toggle_engine_comparison(self) -> None:
        """Switch between the file's entities and the engine's, for every document from a file."""
        self.active = not self.active
        window = self._window
        current = window.current_document
        if current is None or current.entity_source is None:
            state = "on" if self.active else "off"
            window.statusBar().showMessage(
                f"Comparison with the engine {state}: it applies to documents whose entities come "
                "from a file; this one's already come from the engine",
                5000,
            )
        window.refresh_entities()

    def result_for(self, document: Document) -> Annotation | None:
        """The engine's annotation of this text of a document read from a file, if it came."""
        result = self._results.get(document.id)
        return result if result is not None and result.key == text_key(document.body) else None

    def wanted(self, document: Document) -> bool:
        """Whether the document should be shown with the engine's entities instead of its own."""
        return self.active and document.entity_source is not None

    def on_compared(self, generation: int, report: object) -> None:
        """The worker's answer to a comparison request: keep it, and show it if still wanted."""
        assert isinstance(report, AnnotatedDocument)
        window = self._window
        if generation != window.annotation_generation:
            return
        self._results[report.doc_id] = Annotation(report.key, report.entities, report.source, report.groups)
        current = window.current_document
        if current is not None and current.id == report.doc_id and self.wanted(current):
            window.refresh_entities()
