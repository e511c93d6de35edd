"""The notes pane: the plain-text note of the document shown and that of an entity, each kept in
the desk as it is typed (when the typing pauses, and at once when the note's owner changes)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QDockWidget, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from gui.widgets.background.single_shot_timer import single_shot_timer

SAVE_AFTER_MS = 600  # a note is kept this long after the typing pauses


class NoteEdit(QPlainTextEdit):
    """A note's editor: says when the focus leaves it, so that what was typed is kept then."""

    focusLeft = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """Qt override: keep the note when the focus goes elsewhere."""
        super().focusOutEvent(event)
        self.focusLeft.emit()


class NoteField(QWidget):
    """A titled note editor for one owner at a time (a document, an entity), which hands what is
    typed to `keep(owner, text)` when typing pauses, when the focus leaves, or before another
    owner's note is shown."""

    def __init__(self, name: str, keep: Callable[[object, str], None], parent: QWidget) -> None:
        super().__init__(parent)
        self._keep = keep
        self.owner: object | None = None
        self._dirty = False
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.edit = NoteEdit(self)
        self.edit.setObjectName(name)
        self.edit.setTabChangesFocus(True)
        self.edit.setPlaceholderText("No note yet: type one here.")
        self.title.setBuddy(self.edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.edit, 1)
        self._timer = single_shot_timer(self, SAVE_AFTER_MS, self.flush)
        self.edit.textChanged.connect(self._typed)
        self.edit.focusLeft.connect(self.flush)

    def show_note(self, owner: object | None, title: str, note: str) -> None:
        """Edit the note of `owner` (None: nothing to note, the editor is disabled)."""
        if owner == self.owner and self._dirty:
            return  # the note being typed is newer than the desk's
        self.flush()
        self.owner = owner
        self.title.setText(title)
        self.edit.setAccessibleName(title)
        self.edit.blockSignals(True)
        self.edit.setPlainText(note)
        self.edit.blockSignals(False)
        self.edit.setEnabled(owner is not None)

    def _typed(self) -> None:
        self._dirty = True
        self._timer.start()

    def flush(self) -> None:
        """Keep what was typed, now."""
        self._timer.stop()
        if self._dirty and self.owner is not None:
            self._dirty = False
            self._keep(self.owner, self.edit.toPlainText())
        self._dirty = False


class NotesDock(QDockWidget):
    """A dock with the note of the document shown above the note of the entity chosen."""

    def __init__(
        self,
        keep_document_note: Callable[[object, str], None],
        keep_entity_note: Callable[[object, str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Notes", parent)
        self.setObjectName("notes")
        self.setAccessibleName("Notes")
        # Closable, movable and floatable: a QDockWidget's own features.
        body = QWidget(self)
        self.document_note = NoteField("documentNote", keep_document_note, body)
        self.entity_note = NoteField("entityNote", keep_entity_note, body)
        self.entity_note.show_note(
            None, "Note on an entity: Ctrl+Shift+N on one in the text or the entity panel", "")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.document_note, 3)
        layout.addWidget(self.entity_note, 2)
        self.setWidget(body)
        if parent is not None:  # the window closing keeps what was just typed, before its store goes
            parent.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt override: keep the notes as typed when the window closes; let every event through."""
        if event.type() == QEvent.Type.Close:
            self.flush()
        return False

    @property
    def editors(self) -> tuple[QPlainTextEdit, QPlainTextEdit]:
        """The two note editors, for the focus to go through (F6)."""
        return self.document_note.edit, self.entity_note.edit

    def flush(self) -> None:
        """Keep both notes as typed, now."""
        self.document_note.flush()
        self.entity_note.flush()
