"""The document list's view: a QListView that repaints, rather than lays out, when counts change."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QListView

from gui.widgets.sidebar.document_list_model import EntityCountRole

# Roles whose change leaves every row its size (rows are all one size).
_REPAINT_ONLY_ROLES = frozenset({int(EntityCountRole), int(Qt.ItemDataRole.AccessibleTextRole.value)})


class DocumentListView(QListView):
    """Lists documents; an entity count that arrives repaints its row and nothing more."""

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
