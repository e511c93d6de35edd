"""The chooser of the document list's order, above the list: date, title, file name, entity count,
and relevance while a search's documents are listed."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QWidget

from gui.core.corpus.list_order import SortBy
from gui.widgets.commands.widget_keys import OPEN_CHOOSER, ORDER_CHOSEN

_RELEVANCE_ROW = list(SortBy).index(SortBy.RELEVANCE)


class SortChooser(QComboBox):
    """One item per order (SortBy); `orderChosen` says which the user chose (not those set). Up
    and Down choose at once (Alt+Down opens the list); Enter or Esc says the user is done."""

    orderChosen = Signal(object)  # the SortBy chosen
    done = Signal()  # Enter or Esc while the list of orders is closed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sortChooser")
        self.setAccessibleName("Sort documents by")
        self.setToolTip("The order of the document list (Ctrl+Alt+O, then Up or Down)")
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)
        model = QStandardItemModel(self)
        for by in SortBy:
            item = QStandardItem(by.label)
            item.setData(by, Qt.ItemDataRole.UserRole)
            model.appendRow(item)
        self.setModel(model)
        self._items = model
        self.set_relevance_available(False)
        self.currentIndexChanged.connect(self._on_index_changed)

    @property
    def order(self) -> SortBy:
        """The order shown."""
        return list(SortBy)[max(self.currentIndex(), 0)]

    def show_order(self, by: SortBy) -> None:
        """Show `by` as the order, without saying it was chosen."""
        self.blockSignals(True)
        self.setCurrentIndex(list(SortBy).index(by))
        self.blockSignals(False)

    def set_relevance_available(self, available: bool) -> None:
        """Offer relevance (a search's documents are listed) or not."""
        item = self._items.item(_RELEVANCE_ROW)
        item.setEnabled(available)
        item.setToolTip("" if available else "List a search's documents first (Ctrl+Return in its box)")

    def event(self, event: QEvent) -> bool:
        """Qt override: Alt+Down (and F4) open the list here, before the window's shortcut for
        them (Alt+Down is also Next Document) takes them."""
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and OPEN_CHOOSER.matches(event)):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Qt override: Enter and Esc hand the focus back (the combo box would ignore them)."""
        if ORDER_CHOSEN.matches(event):
            self.done.emit()
            return
        super().keyPressEvent(event)

    def _on_index_changed(self, row: int) -> None:
        if row >= 0:
            self.orderChosen.emit(list(SortBy)[row])
