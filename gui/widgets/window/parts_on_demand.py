"""The window's parts that its first screen does without, made the first time they are used: the
find bar, the jumps between documents, the exports, the chart dock, and what shows a folder's
overview first. The actions, made after the first paint, ask for the find bar; a command or the
opening of a folder asks for the others. Until then their modules are not imported."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow, QVBoxLayout

    from gui.widgets.charts.chart_dock import ChartDock
    from gui.widgets.commands.command_context import CommandContext
    from gui.widgets.commands.desktop_commands import Desktop
    from gui.widgets.commands.export_commands import Exports
    from gui.widgets.commands.jumps import Jumps
    from gui.widgets.desk.reading_desk import ReadingDesk
    from gui.widgets.desk.review_filter import ReviewFilterPart
    from gui.widgets.text.document_view import DocumentView
    from gui.widgets.text.find_bar import FindBar
    from gui.widgets.window.overview_first import OverviewFirst


class TextColumn(Protocol):
    """A window with a column for the text, where the find bar goes under the view."""

    view: DocumentView
    text_column: QVBoxLayout

    @property
    def main_window(self) -> QMainWindow:
        """The window itself."""


class PartsOnDemand:
    """Makes a window's find bar, jumps, exports and charts when first asked for (a mixin of
    MainWindow)."""

    # The documents quick open ranks in memory, at most: it asks the store about a bigger folder
    # (None: quick open's RANKED_HERE_AT_MOST). A window may be given another number.
    quick_open_ranked_here_at_most: int | None = None

    def made(self, part: str) -> bool:
        """Whether the part of this name has been made (one not made has nothing to update)."""
        return part in vars(self)

    @cached_property
    def find_bar(self: TextColumn) -> FindBar:
        """The bar that finds a phrase in the shown text, under the text."""
        from gui.widgets.text.find_bar import FindBar

        bar = FindBar(self.view, self.main_window)
        self.text_column.addWidget(bar, 0)
        return bar

    @cached_property
    def jumps(self: CommandContext) -> Jumps:
        """Jumps between documents and places in them, with the way back."""
        from gui.widgets.commands.jumps import Jumps

        return Jumps(self)

    @cached_property
    def exports(self: CommandContext) -> Exports:
        """The window's exports: the thread that writes them, one waiting for annotation."""
        from gui.widgets.commands.export_commands import Exports

        return Exports(self)

    @cached_property
    def desktop(self: CommandContext) -> Desktop:
        """The file manager, the printer and PDF files, as the window uses them."""
        from gui.widgets.commands.desktop_commands import Desktop

        return Desktop(self)

    @cached_property
    def overview_first(self) -> OverviewFirst:
        """What opens the corpus overview for a folder opened with no document chosen."""
        from gui.widgets.window.main_window import MainWindow
        from gui.widgets.window.overview_first import OverviewFirst

        assert isinstance(self, MainWindow)  # it follows the window's signals
        return OverviewFirst(self)

    def show_overviews_first(self) -> None:
        """From now on, a folder opened with no document chosen shows its overview first (the
        app asks for it before it opens its first folder). What does it is made once the window
        has started, not before its first paint: it looks at the folder opened meanwhile."""
        from gui.widgets.window.main_window import MainWindow

        assert isinstance(self, MainWindow)
        if self.worker_started:
            self.overview_first  # noqa: B018  # made now, it follows the window's openings
        else:
            self.startedUp.connect(self._make_overview_first)

    def _make_overview_first(self) -> None:
        self.overview_first  # noqa: B018

    @cached_property
    def charts(self: CommandContext) -> ChartDock:
        """The dock of the timeline, the connections and the overview, at the window's bottom."""
        from gui.widgets.commands.chart_commands import make_chart_dock

        return make_chart_dock(self)

    @cached_property
    def reading_desk(self) -> ReadingDesk:
        """The reader's marks on the open corpus, the notes pane and the reading progress (made
        when the store first opens, or when a review command first runs)."""
        from gui.widgets.desk.reading_desk import ReadingDesk
        from gui.widgets.runtime.settings import MARK_READ_AFTER_MS
        from gui.widgets.window.main_window import MainWindow

        assert isinstance(self, MainWindow)  # it follows the window's signals and settings
        return ReadingDesk(self, MARK_READ_AFTER_MS.read(self.settings))

    @cached_property
    def review_filter(self) -> ReviewFilterPart:
        """The list's reading filter: all, unread, starred or tagged documents (made when the
        window is restored with one on, or when a command first chooses one)."""
        from gui.widgets.desk.review_filter import ReviewFilterPart
        from gui.widgets.window.main_window import MainWindow

        assert isinstance(self, MainWindow)  # it follows the window's signals and settings
        return ReviewFilterPart(self, self.settings)
