"""The entity panel: the document's entities grouped by type, each once with its mention count.

Each row is an entity of the corpus as the store resolved and the corrections left it, with every
mention of it here ("Mr Blair" is a mention of Tony Blair), once the store has said which
(gui/core/session/final_groups); until then, or for a document the store does not know, the
document's own grouping. An entity named several ways here lists those names under it (collapsed:
Right shows them), each with why it is a name of the entity: Enter on one selects its mentions,
Ctrl+Alt+U splits it off.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget

from gui.core.colours.palette import Palette
from gui.core.entities.mentions import EntityKey, MentionGroup
from gui.core.model.display_text import isolate
from gui.widgets.sidebar.model_index import AnyIndex
from gui.widgets.text.plain_tooltip import plain_tooltip

if TYPE_CHECKING:  # the rows' module is imported when the panel is first filled, after the first paint
    from gui.core.session.final_groups import AliasSeen, EntityRow

GroupRole = Qt.ItemDataRole.UserRole + 1
LabelRole = Qt.ItemDataRole.UserRole + 2

_TOP = 0  # internal id of a type row; an entity row's id is its type row's number plus one
_SPAN = 1 << 24  # a name row's id is (its entity row's number + 1) * _SPAN + its type row's id


def _counted(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _said(counts: Sequence[tuple[str, int]]) -> str:
    return ", ".join(f"{label} ×{count}" for label, count in counts)


class EntityPanelModel(QAbstractItemModel):
    """Three levels: entity types (palette order), their entities (most mentioned first), and
    the names an entity has here when they are not just its own."""

    def __init__(self, palette: Palette, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._palette = palette
        self._types: list[tuple[str, list[EntityRow]]] = []
        self._documents: dict[EntityKey, int] = {}  # how many documents of the folder mention each
        # The corpus entity each one is part of where its label counts disagree: "Yukos is PERSON
        # in the corpus (PERSON 182 · ORG 12)", for the tooltips (of the document's own groups).
        self._consensus: dict[EntityKey, str] = {}
        # The reader's notes on entities, by the entity's key name (gui/widgets/desk gives them).
        self.notes: Mapping[str, str] = {}
        # Whether the rows are still the document shown before (the window waits a moment for the
        # store's rows of the one shown now, gui/widgets/window/document_panels): not for offsets,
        # so the panel acts on none of them meanwhile (Enter, the commands on its current row).
        self.stale = False
        # Which document the rows are of (the window's key of it): the row chosen is chosen again
        # when the same document's rows replace them, never matched in another's.
        self.document: Hashable = None

    def set_groups(self, groups: Sequence[MentionGroup], document: Hashable = None) -> None:
        """Show these mention groups (one document's own grouping)."""
        from gui.core.session.final_groups import EntityRow

        self.set_rows([EntityRow(group) for group in groups], document)

    def set_rows(self, rows: Sequence[EntityRow], document: Hashable = None) -> None:
        """Show these rows (of `document`'s entities); nothing happens if they are those shown."""
        self.stale = False
        order = {label: i for i, label in enumerate(self._palette.labels)}
        by_label: dict[str, list[EntityRow]] = {}
        for row in rows:
            by_label.setdefault(row.group.label, []).append(row)
        labels = sorted(by_label, key=lambda label: (order.get(label, len(order)), label))
        types = [(label, sorted(by_label[label], key=lambda r: (-r.group.count, r.group.name.casefold())))
                 for label in labels]
        if types == self._types:
            self.document = document
            return
        self.beginResetModel()
        self._documents = {}
        self._consensus = {}
        self._types = types
        self.document = document
        self.endResetModel()

    def rows(self) -> list[EntityRow]:
        """The entity rows shown, type by type."""
        return [row for _label, members in self._types for row in members]

    def _all_entities_changed(self, roles: list[int]) -> None:
        for type_row, (_label, members) in enumerate(self._types):
            if members:
                self.dataChanged.emit(self.createIndex(0, 0, type_row + 1),
                                      self.createIndex(len(members) - 1, 0, type_row + 1), roles)

    def set_corpus_counts(self, documents: dict[EntityKey, int]) -> None:
        """How many documents of the folder mention entities (the corpus store's answer), for the
        tooltips of those shown."""
        self._documents.update(documents)
        self._all_entities_changed([Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole])

    def notes_changed(self) -> None:
        """The reader's notes on entities changed: the entities' rows say so."""
        self._all_entities_changed(
            [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole])

    def set_consensus(self, consensus: dict[EntityKey, str]) -> None:
        """What the corpus says of entities whose mentions the model labelled several ways (a
        sentence each, for the tooltips of those shown)."""
        self._consensus.update(consensus)
        self.set_corpus_counts({})  # the tooltips again

    def group_index(self, group: MentionGroup) -> QModelIndex:
        """The index of a group's row (an entity's, else one of its names'), or an invalid index."""
        for type_row, (_label, members) in enumerate(self._types):
            for row, member in enumerate(members):
                if member.group.key == group.key:
                    return self.createIndex(row, 0, type_row + 1)
        for type_row, (_label, members) in enumerate(self._types):
            for row, member in enumerate(members):
                for name_row, alias in enumerate(self._names(member)):
                    if alias.group.key == group.key:
                        return self.createIndex(name_row, 0, (row + 1) * _SPAN + type_row + 1)
        return QModelIndex()

    @staticmethod
    def _names(row: EntityRow) -> tuple[AliasSeen, ...]:
        return row.aliases if row.shows_names else ()

    def _entity(self, internal_id: int, row: int) -> EntityRow:
        return self._types[internal_id - 1][1][row]

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        """Qt override: type rows at the top, entity rows under them, names under an entity."""
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, _TOP) if row < len(self._types) else QModelIndex()
        parent_id = int(parent.internalId())
        if parent_id == _TOP:
            if parent.row() >= len(self._types):
                return QModelIndex()
            members = self._types[parent.row()][1]
            return self.createIndex(row, 0, parent.row() + 1) if row < len(members) else QModelIndex()
        if parent_id < _SPAN:
            names = self._names(self._entity(parent_id, parent.row()))
            if row >= len(names):
                return QModelIndex()
            return self.createIndex(row, 0, (parent.row() + 1) * _SPAN + parent_id)
        return QModelIndex()

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        """Qt override: an entity row's parent is its type row, a name's its entity."""
        if not index.isValid() or index.internalId() == _TOP:
            return QModelIndex()
        internal_id = int(index.internalId())
        if internal_id < _SPAN:
            return self.createIndex(internal_id - 1, 0, _TOP)
        return self.createIndex(internal_id // _SPAN - 1, 0, internal_id % _SPAN)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Qt override: types at the top, entities under a type, names under an entity."""
        if not parent.isValid():
            return len(self._types)
        parent_id = int(parent.internalId())
        if parent_id == _TOP:
            return len(self._types[parent.row()][1]) if parent.row() < len(self._types) else 0
        if parent_id < _SPAN:
            return len(self._names(self._entity(parent_id, parent.row())))
        return 0

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Qt override: one column."""
        return 1

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override: names, counts and the type's colours."""
        if not index.isValid():
            return None
        internal_id = int(index.internalId())
        if internal_id == _TOP:
            return self._type_data(index.row(), role)
        if internal_id >= _SPAN:
            entity = self._entity(internal_id % _SPAN, internal_id // _SPAN - 1)
            return self._name_data(entity, self._names(entity)[index.row()], role)
        return self._entity_data(self._entity(internal_id, index.row()), role)

    def _type_data(self, row: int, role: int) -> Any:
        label, members = self._types[row]
        style = self._palette.style(label)
        mentions = sum(member.group.count for member in members)
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

    def _entity_data(self, entity: EntityRow, role: int) -> Any:
        group = entity.group
        note = self.notes.get(group.key.name, "")
        if role == Qt.ItemDataRole.DisplayRole:
            shown = f"{group.name}  ×{group.count}" if group.count > 1 else group.name
            return f"{shown}  ✎" if note else shown
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            text = self._entity_tooltip(entity)
            if note:
                text += f"\nYour note (Ctrl+Shift+N): {note}"
            return plain_tooltip(text) if role == Qt.ItemDataRole.ToolTipRole else text
        if role == GroupRole:
            return group
        if role == LabelRole:
            return group.label
        return None

    def _entity_tooltip(self, entity: EntityRow) -> str:
        group, label = entity.group, entity.group.label
        text = f"{group.name} ({label}), {_counted(group.count, 'mention')}"
        documents = entity.documents if entity.entity is not None else self._documents.get(group.key)
        if documents is not None:
            text += f"; in {documents:,} document{'s' if documents != 1 else ''} of the folder"
        if entity.entity is None and (consensus := self._consensus.get(group.key)) is not None:
            text += f"; {consensus}"
        text += ": Enter selects the next one"
        if entity.shows_names:
            text += "\nNames here (Right lists them):"
            for alias in entity.aliases:
                text += f"\n  {alias.group.name} ×{alias.group.count}"
                text += f": {alias.why}" if alias.why else ""
                if alias.model_labels:
                    text += f" (the model said {_said(alias.model_labels)})"
                if alias.relabelled:
                    text += f" (relabelled {_said(alias.relabelled)} here by a correction)"
        else:
            from gui.core.entities.alias_reasons import OWN_NAME_WHY  # with the store's names, not at start

            whys = {alias.why for alias in entity.aliases} - {"", OWN_NAME_WHY}
            text += "".join(f"\n{why[:1].upper()}{why[1:]}" for why in sorted(whys))
            if entity.model_labels:
                text += f"\nThe model said {_said(entity.model_labels)} here"
            relabelled = [alias.relabelled for alias in entity.aliases if alias.relabelled]
            if relabelled:
                text += f"\nRelabelled {_said(relabelled[0])} here by a correction"
        if len(entity.label_counts) > 1 or entity.model_labels:
            counts = " · ".join(f"{name} {count}" for name, count in entity.label_counts)
            text += f"\n{group.name} is {label} in the corpus" + (f" ({counts})" if counts else "")
            text += "; F7 goes to the mentions that disagree"
        if not entity.exact:
            text += "\n(The corpus store is writing the correction: its counts follow.)"
        return text

    def _name_data(self, entity: EntityRow, alias: AliasSeen, role: int) -> Any:
        group = alias.group
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{group.name}  ×{group.count}" if group.count > 1 else group.name
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            text = f"{group.name}, a name of {entity.group.name} here, {_counted(group.count, 'mention')}"
            if alias.why:
                text += f": {alias.why}"
            if alias.model_labels:
                text += f"; the model said {_said(alias.model_labels)}"
            if alias.relabelled:
                text += f"; relabelled {_said(alias.relabelled)} here by a correction"
            text += "\nEnter selects the next one; Ctrl+Alt+U splits the name off its entity"
            return plain_tooltip(text) if role == Qt.ItemDataRole.ToolTipRole else text
        if role == GroupRole:
            return group
        if role == LabelRole:
            return group.label
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
        self._model = model
        # The row chosen before the rows were replaced (the store's entities come after the
        # document's own grouping): its first mention, its key (a name's row?) and its document.
        self._was: tuple[int, int, EntityKey, Hashable] | None = None
        # The entities whose names were open, and the types closed, before then (same document).
        self._opened: tuple[Hashable, set[EntityKey], set[object]] | None = None
        model.modelAboutToBeReset.connect(self._remember_current)
        model.modelReset.connect(self._after_reset)
        self.activated.connect(self._on_activated)

    def _remember_current(self) -> None:
        model, opened, closed = self._model, set(), set()
        for type_row in range(model.rowCount()):
            top = model.index(type_row, 0)
            if not self.isExpanded(top):
                closed.add(top.data(LabelRole))
            for row in range(model.rowCount(top)):
                entity = model.index(row, 0, top)
                if self.isExpanded(entity):
                    opened.add(entity.data(GroupRole).key)
        self._opened = (model.document, opened, closed)
        group = self.current_group()
        self._was = None
        if group is not None and group.mentions:
            self._was = (group.mentions[0].start, group.mentions[0].end, group.key, self._model.document)

    def _after_reset(self) -> None:
        """The types open, their entities' names closed; the row chosen before chosen again: the
        entity of its first mention, or that entity's name of the same key (what was the
        document's own "Mr Blair" is Tony Blair's name "Mr Blair"), if the rows are of the same
        document (another's mention at the same offsets is another entity). Regrouped (after a
        correction, or the store's rows after the document's own), the entities whose names were
        open stay open and the types closed stay closed."""
        self.expandToDepth(0)
        opened, self._opened = self._opened, None
        if opened is not None and opened[0] == self._model.document:
            self._reopen(opened[1], opened[2])
        was, self._was = self._was, None
        if was is None or was[3] != self._model.document:
            return
        start, end, key, _document = was
        model = self._model
        for type_row in range(model.rowCount()):
            top = model.index(type_row, 0)
            for row in range(model.rowCount(top)):
                entity = model.index(row, 0, top)
                if not any((m.start, m.end) == (start, end) for m in entity.data(GroupRole).mentions):
                    continue
                chosen = entity
                for name_row in range(model.rowCount(entity)):
                    alias = model.index(name_row, 0, entity)
                    if entity.data(GroupRole).key != key and alias.data(GroupRole).key == key:
                        self.expand(entity)
                        chosen = alias
                self.setCurrentIndex(chosen)
                return

    def _reopen(self, opened: set[EntityKey], closed: set[object]) -> None:
        model = self._model
        for type_row in range(model.rowCount()):
            top = model.index(type_row, 0)
            if top.data(LabelRole) in closed:
                self.collapse(top)
            for row in range(model.rowCount(top)):
                entity = model.index(row, 0, top)
                if entity.data(GroupRole).key in opened:
                    self.expand(entity)

    def current_group(self) -> MentionGroup | None:
        """The entity on the current row, if the current row is an entity of the document shown
        (None while the rows are still the document's before: their offsets are not its)."""
        group = self.currentIndex().data(GroupRole)
        return group if isinstance(group, MentionGroup) and not self._model.stale else None

    def _on_activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if self._model.stale:  # the document's before: its mentions are not in the text shown
            return
        group = index.data(GroupRole)
        if isinstance(group, MentionGroup):
            self.groupActivated.emit(group)
        else:
            self.setExpanded(index, not self.isExpanded(index))
