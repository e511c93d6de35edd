"""Which of the window's panes are shown: the document list and the entity column beside the
text, and the docked panes (the charts, and any other dock). Each is hidden and shown by key; the
reading mode hides them all; on a narrow window they give way to the text.

Below NARROW_BELOW_PX of window width the side panes step aside on their own: the text keeps the
width, and a pane opened by key there takes at most NARROW_PANE_SHARE of it (and closes the other
side's). Docks on the window's left or right step aside too, and below SHORT_BELOW_PX of height
those above or below the text (the charts). Widening the window gives back the layout it had, and
the panes the user had chosen; Alt+3 brings the docks back at any size. What the user chose for a
wide window, and the reading mode, are remembered across restarts (window/window_state.py).
"""

from __future__ import annotations

import weakref

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import QDockWidget, QMainWindow, QSplitter, QWidget

from gui.widgets.runtime import settings as keys

NARROW_BELOW_PX = 900  # of window width: the side panes give way below it
NARROW_PANE_SHARE = 0.35  # of the window's width, at most, for the side pane opened on a narrow window
UNBOUNDED = 16_777_215  # Qt's QWIDGETSIZE_MAX: no maximum width

DOCUMENTS = "documents"  # the document list, left of the text
ENTITIES = "entities"  # the entity types and the document's entities, right of the text
SHORT_BELOW_PX = 560  # of window height: the docks above and below the text give way below it
_SIDE_DOCK_AREAS = (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea)
_END_DOCK_AREAS = (Qt.DockWidgetArea.TopDockWidgetArea, Qt.DockWidgetArea.BottomDockWidgetArea)


class PaneLayout(QObject):
    """The splitter of the document list, the text and the entity column, and which panes and
    docks are shown (a child of the window, which owns it)."""

    readingChanged = Signal(bool)  # the reading mode went on (True) or off

    def __init__(self, window: QMainWindow, documents: QWidget, text: QWidget, entities: QWidget) -> None:
        super().__init__(window)
        self._window = weakref.ref(window)  # the window owns this
        self.splitter = QSplitter(Qt.Orientation.Horizontal, window)
        self.splitter.setObjectName("splitter")
        for pane in (documents, text, entities):
            self.splitter.addWidget(pane)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)  # the text never goes
        self.splitter.setSizes([300, 700, 220])
        self.sides = {DOCUMENTS: documents, ENTITIES: entities}
        self.text = text  # the column of the header, the text and the find bar
        self.wanted = {DOCUMENTS: True, ENTITIES: True}  # the user's choice for a wide window
        self.reading = False
        self.narrow = False
        self._opened_narrow: str | None = None  # the side pane opened by key on a narrow window
        self._wide_state = QByteArray()  # the splitter's sizes when the window was last wide
        self._stowed: list[QDockWidget] = []  # docks hidden by the key, to show again
        self._stowed_reading: list[QDockWidget] = []  # docks hidden by the reading mode
        self._stowed_narrow: list[QDockWidget] = []  # side docks hidden on a narrow window
        self.short = False
        self._stowed_short: list[QDockWidget] = []  # top and bottom docks hidden on a short window
        window.installEventFilter(self)

    @property
    def window(self) -> QMainWindow:
        """The window whose panes these are."""
        window = self._window()
        assert window is not None, "the window is gone"
        return window

    # What is shown ---------------------------------------------------------------------------

    def shown(self, side: str) -> bool:
        """Whether a side pane (DOCUMENTS or ENTITIES) is shown, and not dragged shut."""
        pane = self.sides[side]
        return not pane.isHidden() and self.splitter.sizes()[self.splitter.indexOf(pane)] > 0

    def docks(self) -> list[QDockWidget]:
        """The window's docked panes, made so far (the charts' and any other)."""
        window = self.window
        return [dock for dock in window.findChildren(QDockWidget) if dock.parent() is window]

    def docks_shown(self) -> bool:
        """Whether any docked pane is shown."""
        return any(not dock.isHidden() for dock in self.docks())

    def text_share(self) -> float:
        """The share of the window's width that the text column has."""
        return self.text.width() / max(self.window.width(), 1)

    # Changing it -----------------------------------------------------------------------------

    def toggle(self, side: str) -> bool:
        """Hide a shown side pane, or show a hidden one (leaving the reading mode); whether it is
        shown now."""
        if self.shown(side):
            self._set(side, False)
        else:
            self.reveal(side)
        return self.shown(side)

    def reveal(self, side: str) -> None:
        """Show a side pane if it is hidden (a key that focuses it, say)."""
        if self.shown(side):
            return
        if self.reading:
            self.set_reading(False)
        self._set(side, True)
        index = self.splitter.indexOf(self.sides[side])
        sizes = self.splitter.sizes()
        if sizes[index] == 0:  # dragged shut: open it at a usable width
            sizes[index] = max(self.sides[side].sizeHint().width(), 200)
            self.splitter.setSizes(sizes)

    def _set(self, side: str, shown: bool) -> None:
        if self.narrow:
            if shown:
                self._opened_narrow = side
            elif self._opened_narrow == side:
                self._opened_narrow = None
        else:
            self.wanted[side] = shown
        self.apply()

    def toggle_docks(self) -> bool:
        """Hide every docked pane shown, or show again those the key hid; whether any is shown."""
        shown = [dock for dock in self.docks() if not dock.isHidden()]
        if shown:
            self._stowed = shown
            for dock in shown:
                dock.hide()
            return False
        if self.reading:
            self.set_reading(False)
        for dock in self._stowed or self.docks():  # or those closed by their own button
            dock.show()
        self._stowed = []
        return self.docks_shown()

    def set_reading(self, reading: bool) -> None:
        """Show only the text (True), or the panes again as they were."""
        if reading == self.reading:
            return
        self.reading = reading
        if reading:
            self._stowed_reading = [dock for dock in self.docks() if not dock.isHidden()]
            for dock in self._stowed_reading:
                dock.hide()
        else:
            for dock in self._stowed_reading:
                dock.show()
            self._stowed_reading = []
        self.apply()
        self.readingChanged.emit(reading)

    def apply(self) -> None:
        """Show and hide the side panes as the choices, the reading mode and the width say."""
        for side, pane in self.sides.items():
            if self.reading:
                shown = False
            elif self.narrow:
                shown = side == self._opened_narrow
            else:
                shown = self.wanted[side]
            pane.setMaximumWidth(self._narrow_width() if self.narrow else UNBOUNDED)
            pane.setVisible(shown)
        if self.narrow and self._opened_narrow is not None:
            # The pane opened takes its share, the text the rest (the splitter would keep the
            # pane's wide size, cut short by its maximum, and leave the difference empty).
            sizes = [0, 0, 0]
            sizes[self.splitter.indexOf(self.sides[self._opened_narrow])] = self._narrow_width()
            sizes[1] = self.window.width() - self._narrow_width()
            self.splitter.setSizes(sizes)

    def _narrow_width(self) -> int:
        return int(self.window.width() * NARROW_PANE_SHARE)

    def _follow_size(self) -> None:
        self._follow_height()
        narrow = self.window.width() < NARROW_BELOW_PX
        if narrow == self.narrow:
            if narrow:
                self.apply()  # the open pane's share follows the width
            return
        self.narrow = narrow
        if narrow:
            self._wide_state = self.splitter.saveState()
            self._opened_narrow = None
            self._stowed_narrow = self._stow(_SIDE_DOCK_AREAS)
            self.apply()
        else:
            self.apply()
            self.splitter.restoreState(self._wide_state)
            self._stowed_narrow = self._unstow(self._stowed_narrow)

    def _follow_height(self) -> None:
        short = self.window.height() < SHORT_BELOW_PX
        if short != self.short:
            self.short = short
            if short:
                self._stowed_short = self._stow(_END_DOCK_AREAS)
            else:
                self._stowed_short = self._unstow(self._stowed_short)

    def _stow(self, areas: tuple[Qt.DockWidgetArea, ...]) -> list[QDockWidget]:
        """Hide the docks shown in these areas of the window (not floating), and list them."""
        stowed = [
            dock for dock in self.docks()
            if not dock.isHidden() and not dock.isFloating() and self.window.dockWidgetArea(dock) in areas
        ]
        for dock in stowed:
            dock.hide()
        return stowed

    @staticmethod
    def _unstow(stowed: list[QDockWidget]) -> list[QDockWidget]:
        for dock in stowed:
            dock.show()
        return []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt override: follow the window's size; let every event through."""
        if event.type() == QEvent.Type.Resize and watched is self._window():
            self._follow_size()
        return False

    # Across sessions ---------------------------------------------------------------------------

    def restore(self, settings: QSettings) -> None:
        """Take the splitter's sizes, the panes chosen and the reading mode of the last session."""
        state = keys.SPLITTER_STATE.read(settings)
        if not state.isEmpty():
            self.splitter.restoreState(state)
        self.wanted = {
            DOCUMENTS: keys.DOCUMENT_LIST_SHOWN.read(settings),
            ENTITIES: keys.ENTITY_PANEL_SHOWN.read(settings),
        }
        self.set_reading(keys.READING_MODE.read(settings))
        self._follow_size()
        self.apply()

    def save(self, settings: QSettings) -> None:
        """Remember the splitter's sizes on a wide window, the panes chosen and the reading mode."""
        keys.SPLITTER_STATE.write(settings, self._wide_state if self.narrow else self.splitter.saveState())
        keys.DOCUMENT_LIST_SHOWN.write(settings, self.wanted[DOCUMENTS])
        keys.ENTITY_PANEL_SHOWN.write(settings, self.wanted[ENTITIES])
        keys.READING_MODE.write(settings, self.reading)
