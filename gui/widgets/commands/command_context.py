"""What a command may use: the reading session, the window's panes and views, and the status line.

Every command of the table (gui/widgets/commands/actions.py) is a function of such a context. The window is
one; a test can run a command against any object with these names.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QMainWindow, QWidget

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from gui.core.colours.palette import Palette
    from gui.core.session.reading_session import ReadingSession
    from gui.widgets.background.store_link import StoreLink
    from gui.widgets.charts.chart_dock import ChartDock
    from gui.widgets.commands.desktop_commands import Desktop
    from gui.widgets.commands.export_commands import Exports
    from gui.widgets.commands.jumps import Jumps
    from gui.widgets.commands.window_commands import ColourChoice
    from gui.widgets.desk.reading_desk import ReadingDesk
    from gui.widgets.desk.review_filter import ReviewFilterPart
    from gui.widgets.panels.entity_panel import EntityPanel, EntityPanelModel
    from gui.widgets.panels.legend import LegendModel, LegendView
    from gui.widgets.panels.pane_layout import PaneLayout
    from gui.widgets.sidebar.document_sidebar import DocumentSidebar
    from gui.widgets.text.document_view import DocumentView
    from gui.widgets.text.find_bar import FindBar


class CommandContext(Protocol):
    """The parts of a window that commands act on."""

    session: ReadingSession
    store: StoreLink
    cache_path: Path | None  # the entity cache
    document_pane: DocumentSidebar
    view: DocumentView
    legend: LegendView
    legend_model: LegendModel
    entity_panel: EntityPanel
    entity_panel_model: EntityPanelModel
    panes: list[QWidget]
    pane_layout: PaneLayout
    colours: ColourChoice
    quick_open_ranked_here_at_most: int | None  # more are ranked by the store or a thread (None: the default)

    # The find bar, the jumps, the exports and the charts are made when first used (read-only here).
    @property
    def find_bar(self) -> FindBar:
        """The bar that finds a phrase in the shown text."""

    @property
    def jumps(self) -> Jumps:
        """Jumps between documents and places in them, with the way back."""

    @property
    def exports(self) -> Exports:
        """The window's exports."""

    @property
    def desktop(self) -> Desktop:
        """The file manager, the printer and PDF files, as the window uses them."""

    @property
    def charts(self) -> ChartDock:
        """The chart dock: timelines, connections and the overview."""

    @property
    def reading_desk(self) -> ReadingDesk:
        """The reader's marks on the open corpus (read, starred, tags, notes) and the notes pane."""

    @property
    def review_filter(self) -> ReviewFilterPart:
        """The list's reading filter (all, unread, starred, tagged) and the bar that says it."""

    @property
    def main_window(self) -> QMainWindow:
        """The window itself, as the parent of dialogs and the owner of the focus."""

    @property
    def entity_palette(self) -> Palette:
        """The entity colours."""

    def say(self, text: str, timeout_ms: int = 0) -> None:
        """Show a message in the status bar."""

    def made(self, part: str) -> bool:
        """Whether a part made when first used (find_bar, jumps, exports, charts) has been made."""

    def open_path(self, path: Path, document_name: str | None = None) -> bool:
        """Open a folder, a .txt file or a JSON Lines file."""

    def refresh_entities(self) -> None:
        """Draw the entities of the document on screen again."""

    def indexing_done(self) -> bool:
        """Whether every document of the folder is annotated and in the corpus store."""

    @property
    def storeChanged(self) -> SignalInstance:
        """Emitted when the corpus store took documents or entities."""

    @property
    def documentShown(self) -> SignalInstance:
        """Emitted with a document's id when its text is on screen."""
