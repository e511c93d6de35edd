"""The panels that follow the document on screen, the legend and the entity panel: filled with its
entities when the text is highlighted, or, before a shown window's first paint, right after it.

A start's first screen is the text with its highlights; the panels' rows (their models' data,
their delegates, the tree's expansion) would come before that paint, and are a moment later
instead. A window not shown yet (a test's, a screenshot's before `show`) fills them at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gui.widgets.background.single_shot_timer import single_shot_timer
from gui.widgets.window_part import WindowPart

if TYPE_CHECKING:
    from gui.core.session.reading_session import Shown
    from gui.widgets.window.main_window import MainWindow


class DocumentPanels(WindowPart["MainWindow"]):
    """Fills the window's legend and entity panel with the shown document's entities, then says
    `highlightsShown` (what reads the panels, such as the corrections' consensus, follows it)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._painted = False
        self._waiting: Shown | None = None  # drawn before the first paint: its panels after it
        self._fill_waiting = single_shot_timer(window, 0, self._fill_now)

    def show(self, shown: Shown) -> None:
        """Fill the panels for `shown`, or once the shown window is first painted."""
        if self._window.isVisible() and not self._painted:
            self._waiting = shown
        else:
            self._waiting = None
            self._fill(shown)

    def window_painted(self) -> None:
        """The window was painted (or its start came without a paint): fill what waited for it."""
        self._painted = True
        if self._waiting is not None:
            self._fill_waiting.start()

    def _fill_now(self) -> None:
        if self._waiting is not None and self.window_alive:
            shown, self._waiting = self._waiting, None
            self._fill(shown)

    def _fill(self, shown: Shown) -> None:
        window, annotation = self._window, shown.annotation
        window.entity_panel_model.set_groups(annotation.groups if annotation else ())
        if annotation is not None and annotation.groups:
            window.store_replies.ask_corpus_counts(annotation.groups)
        window.legend_model.set_counts(window.view.label_counts if annotation else {})
        if annotation is not None:
            window.highlightsShown.emit(shown.document.id)
