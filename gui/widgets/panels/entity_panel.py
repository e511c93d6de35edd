"""The entity panel: the document's entities grouped by type, each once with its mention count."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget

from gui.core.colours.palette import Palette
from gui.core.entities.mentions import EntityKey, MentionGroup
from gui.core.model.display_text import isolate
from gui.widgets.sidebar.model_index import AnyIndex
from gui.widgets.text.plain_tooltip import plain_tooltip

GroupRole = Qt.ItemDataRole.UserRole + 1
LabelRole = Qt.ItemDataRole.UserRole + 2

_TOP = 0  # internal id of a type row; an entity row's id is its type row's number plus one


class EntityPanelModel(QAbstractItemModel):
    """Two levels: entity types (palette order), then their entities (most mentioned first)."""

    def __init__(self, palette: Palette, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._palette = palette
        self._types: list[tuple[str, list[MentionGroup]]] = []
        self._documents: dict[EntityKey, int] = {}  # how many documents of the folder mention each
        # The corpus entity each one is part of where its label counts disagree: "Yukos is PERSON
        # in the corpus (PERSON 182 · ORG 12)", for the tooltips.
        self._consensus: dict[EntityKey, str] = {}
        # The reader's notes on entities, by the entity's key name (gui/widgets/desk gives them).
        self.notes: Mapping[str, str] = {}

    def set_groups(self, groups: Sequence[MentionGroup]) -> None:
        """Show these mention groups (one document's)."""
        order = {label: i for i, label in enumerate(self._palette.labels)}
        by_label: dict[str, list[MentionGroup]] = {}
        for group in groups:
            by_label.setdefault(group.label, []).append(group)
        self.beginResetModel()
        self._documents = {}
        self._consensus = {}
        self._types = [
            (label, sorted(members, key=lambda g: (-g.count, g.name.casefold())))
            for label, members in sorted(
                by_label.items(), key=lambda item: (order.get(item[0], len(order)), item[0])
            )
        ]
        self.endResetModel()

    def set_corpus_counts(self, documents: dict[EntityKey, int]) -> None:
        """How many documents of the folder mention entities (the corpus store's answer), for the
        tooltips of those shown."""
        self._documents.update(documents)
        for type_row, (_label, members) in enumerate(self._types):
            if members:
                roles = [Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole]
                self.dataChanged.emit(self.createIndex(0, 0, type_row + 1),
                                      self.createIndex(len(members) - 1, 0, type_row + 1), roles)

    def notes_changed(self) -> None:
        """The reader's notes on entities changed: the entities' rows say so."""
        roles = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole]
        for type_row, (_label, members) in enumerate(self._types):
            if members:
                self.dataChanged.emit(self.createIndex(0, 0, type_row + 1),
                                      self.createIndex(len(members) - 1, 0, type_row + 1), roles)

    def set_consensus(self, consensus: dict[EntityKey, str]) -> None:
        """What the corpus says of entities whose mentions the model labelled several ways (a
        sentence each, for the tooltips of those shown)."""
        self._consensus.update(consensus)
        self.set_corpus_counts({})  # the tooltips again

    def group_index(self, group: MentionGroup) -> QModelIndex:
        """The index of a group's row, or an invalid index."""
        for type_row, (_label, members) in enumerate(self._types):
            for row, member in enumerate(members):
                if member.key == group.key:
                    return self.createIndex(row, 0, type_row + 1)
        return QModelIndex()

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        """Qt override: type rows at the top, entity rows under them."""
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, _TOP) if row < len(self._types) else QModelIndex()
        if parent.internalId() != _TOP or parent.row() >= len(self._types):
            return QModelIndex()
        members = self._types[parent.row()][1]
        return self.createIndex(row, 0, parent.row() + 1) if row < len(members) else QModelIndex()

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        """Qt override: an entity row's parent is its type row."""
        if not index.isValid() or index.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(int(index.internalId()) - 1, 0, _TOP)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Qt override: types at the top, entities under a type."""
        if not parent.isValid():
            return len(self._types)
        if parent.internalId() == _TOP and parent.row() < len(self._types):
            return len(self._types[parent.row()][1])
        return 0

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Qt override: one column."""
        return 1

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override: names, counts and the type's colours."""
        if not index.isValid():
            return None
        if index.internalId() == _TOP:
            label, members = self._types[index.row()]
            style = self._palette.style(label)
            mentions = sum(group.count for group in members)
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{isolate(self._palette.display_name(label))}  {len(members)}"
            if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
                text = f"{label}: {style.description}; {len(members)} entities, {mentions} mentions"
                return plain_tooltip(text) if role == Qt.ItemDataRole.ToolTipRole else text
            if role == Qt.ItemDataRole.BackgroundRole:
                return QColor(style.background)
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor(style.text)
            if role == LabelRole:
                return label
            return None
        label, members = self._types[int(index.internalId()) - 1]
        group = members[index.row()]
        note = self.notes.get(group.key.name, "")
        if role == Qt.ItemDataRole.DisplayRole:
            shown = f"{group.name}  ×{group.count}" if group.count > 1 else group.name
            return f"{shown}  ✎" if note else shown
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            noun = "mention" if group.count == 1 else "mentions"
            text = f"{group.name} ({label}), {group.count} {noun}"
            if (documents := self._documents.get(group.key)) is not None:
                text += f"; in {documents:,} document{'s' if documents != 1 else ''} of the folder"
            if (consensus := self._consensus.get(group.key)) is not None:
                text += f"; {consensus}"
            text += ": Enter selects the next one"
            if note:
                text += f"\nYour note (Ctrl+Shift+N): {note}"
            return plain_tooltip(text) if role == Qt.ItemDataRole.ToolTipRole else text
        if role == GroupRole:
            return group
        if role == LabelRole:
            return label
        return None


class EntityPanel(QTreeView):
    """The panel's tree; Enter or a double click on an entity asks for its next mention."""

    groupActivated = Signal(object)  # the MentionGroup

    def __init__(self, model: EntityPanelModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("entityPanel")
        self.setAccessibleName("Entities in this document")
        self.setModel(model)
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setExpandsOnDoubleClick(False)
        model.modelReset.connect(self.expandAll)
        self.activated.connect(self._on_activated)

    def current_group(self) -> MentionGroup | None:
        """The entity on the current row, if the current row is an entity."""
        group = self.currentIndex().data(GroupRole)
        return group if isinstance(group, MentionGroup) else None

    def _on_activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        group = index.data(GroupRole)
        if isinstance(group, MentionGroup):
            self.groupActivated.emit(group)
        else:
            self.setExpanded(index, not self.isExpanded(index))
