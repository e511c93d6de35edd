"""The document list's view: a QListView that repaints, rather than lays out, when counts change,
and keeps its place when a new style or font lays its rows out again."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyleOptionViewItem

from gui.widgets.sidebar.document_list_model import EntityCountRole, ReviewRole

# Events after which the view lays out every row again (a theme switch restyles every widget).
_RELAYOUT_EVENTS = frozenset({QEvent.Type.StyleChange, QEvent.Type.FontChange})

# Roles whose change leaves every row its size (rows are all one size): the counts, the reader's
# marks (bold, a star, tags on the detail line) and what a screen reader says of them.
_REPAINT_ONLY_ROLES = frozenset(
    {int(EntityCountRole), int(ReviewRole), int(Qt.ItemDataRole.AccessibleTextRole.value)}
)


class DocumentListView(QListView):
    """Lists documents; an entity count or a mark that arrives repaints its row and nothing more, and a
    restyle leaves the same row at the top."""

    def event(self, event: QEvent) -> bool:
        """Qt override: a new style or font lays the rows out again. In batches (the sidebar's
        mode, for quick filtering) the scroll range shrinks to the first batch meanwhile and the
        scroll position is cut down to it, so the list would end up somewhere unrelated: lay them
        out in one pass instead (rare, and cheap with rows of one size) and put the row that was
        at the top back there."""
        if event.type() not in _RELAYOUT_EVENTS:
            return super().event(event)
        top = QPersistentModelIndex(self.indexAt(QPoint(0, 0)))
        current = QPersistentModelIndex(self.currentIndex())
        current_seen = self.visualRect(self.currentIndex()).intersects(self.viewport().rect())
        mode = self.layoutMode()
        self.setLayoutMode(QListView.LayoutMode.SinglePass)
        try:
            handled = super().event(event)
            self.doItemsLayout()  # a new font only asks for a layout later, in batches
        finally:
            self.setLayoutMode(mode)
        if top.isValid():
            self.scrollTo(top, QAbstractItemView.ScrollHint.PositionAtTop)
        if current_seen and current.isValid():  # rows of another height: keep it in view all the same
            self.scrollTo(current)
        return handled

    def doItemsLayout(self) -> None:
        """Qt override: lay the rows out on a grid of the rows' own size (the delegate's, the
        same for every row). Off a grid, Qt's list view asks the model for each row's index twice
        per layout, the second time for the row's size even when every row has one size: through
        the filter model's index(), a Python call each, that was half of laying out 100,000 rows."""
        delegate = self.itemDelegate()
        if delegate is not None and self.uniformItemSizes():
            option = QStyleOptionViewItem()
            self.initViewItemOption(option)
            size = delegate.sizeHint(option, QModelIndex())
            if size.isValid() and size != self.gridSize():
                self.setGridSize(size)  # the layout below is the one this asks for
        super().doItemsLayout()

    def dataChanged(
        self,
        top_left: QModelIndex | QPersistentModelIndex,
        bottom_right: QModelIndex | QPersistentModelIndex,
        roles: Sequence[int] = (),
    ) -> None:
        """Qt override: QListView lays out every row again on any change of data (slow for
        thousands of rows, and counts arrive by the thousand); a count changes no row's size, so
        the item view's own handling (repaint, accessibility notice) is enough."""
        if roles and all(int(role) in _REPAINT_ONLY_ROLES for role in roles):
            QAbstractItemView.dataChanged(self, top_left, bottom_right, roles)
        else:
            super().dataChanged(top_left, bottom_right, roles)
