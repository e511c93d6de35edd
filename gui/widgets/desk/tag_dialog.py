"""The tags of a document, typed on one line with commas between them, each completed from the
tags the corpus already has (most used first)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

SEPARATOR = ","


def split_tags(text: str) -> list[str]:
    """The tags typed on the line: between commas, as typed."""
    return text.split(SEPARATOR)


def joined_tags(tags: Sequence[str]) -> str:
    """The line for tags: comma and space between them, and after the last, ready for another."""
    return "".join(f"{tag}{SEPARATOR} " for tag in tags)


class TagCompleter(QCompleter):
    """Completes the tag being typed (after the last comma), keeping those before it."""

    def __init__(self, tags: Sequence[str], edit: QLineEdit) -> None:
        super().__init__(edit)
        self.tags_model = QStringListModel(list(tags), self)  # owned here: Python would drop it
        self.setModel(self.tags_model)
        self._edit = edit
        # The line as typed: choosing in the popup sets the line to each completion it passes.
        self._typed = edit.text()
        edit.textEdited.connect(self._remember_typed)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setWidget(edit)

    def splitPath(self, path: str) -> list[str]:
        """Qt override: only the tag after the last comma is matched."""
        return [path.rsplit(SEPARATOR, 1)[-1].strip()]

    def _remember_typed(self, text: str) -> None:
        self._typed = text

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        """Qt override: the line with the tag being typed replaced by the one chosen."""
        typed = self._typed
        before = typed.rsplit(SEPARATOR, 1)[0] + f"{SEPARATOR} " if SEPARATOR in typed else ""
        return f"{before}{index.data()}{SEPARATOR} "


class TagDialog(QDialog):
    """Edit a document's tags: Enter keeps them, Esc leaves them as they were."""

    def __init__(
        self, title: str, tags: Sequence[str], corpus_tags: Sequence[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Tags")
        self.setObjectName("tagDialog")
        label = QLabel(f"Tags of “{title}”, with commas between them; the corpus's own are offered:", self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        self.edit = QLineEdit(joined_tags(tags), self)
        self.edit.setAccessibleName("Tags, with commas between them")
        self.edit.setPlaceholderText("to check, Libya, …")
        label.setBuddy(self.edit)
        self.completer = TagCompleter(corpus_tags, self.edit)
        self.edit.setCompleter(self.completer)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.edit)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())
        self.edit.setFocus()
        self.edit.end(False)

    def tags(self) -> list[str]:
        """The tags as typed (the desk cleans them)."""
        return split_tags(self.edit.text())
