"""The document list's reading filter on the window's side (gui/core/desk/review_filter.py): every
document, the unread ones, the starred ones or those with a tag, chosen by keyboard, said by a bar
above the list, combined with the typed filter and the entity filter, and remembered in the
settings.

It composes with the other filters in the list's filter model (DocumentFilterModel.set_row_filter):
the entity filter and the typed words narrow the rows, and the reading filter keeps those of them
whose marks pass it. The marks are the reading desk's (reading_desk.py), as it has them.

The filter is applied when the reader chooses it and when another corpus's marks come from its
desk; the typed filter and the entity filter ask it again as they change, but between two
applications a document the reader has had on screen stays listed (it is held): a document read
while shown does not vanish from under the reader, nor does the list jump to another document
three seconds into reading one, which would defeat the very filter that lists what is left to read.
Choosing the filter again, or F5, lists only what passes it now (and the document on screen); the
bar counts the documents kept only as once shown, so that the reader knows F5 would drop them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from gui.core.desk.reading import MarksKey, listed_marks_keys, marks_key
from gui.core.desk.review_filter import ReviewFilter, passing_rows
from gui.core.model.display_text import isolate
from gui.core.model.document_marks import DocumentMarks
from gui.widgets.runtime import settings as keys
from gui.widgets.sidebar.document_list_model import DocumentListModel, ReviewRole
from gui.widgets.window_part import WindowPart

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings

    from gui.core.corpus.corpus import DocumentEntry
    from gui.widgets.commands.command_context import CommandContext

CYCLE_KEYS = "Ctrl+Alt+F"  # the round of filters (the command table's key, said on the bar)
AGAIN_KEY = "F5"  # the filter applied again (the command table's key, said on the bar)


class ReviewBar(QWidget):
    """The bar above the list that says a reading filter is on and how many documents it lists,
    with a button that shows all again."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewChip")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)  # for its rounded frame
        self.label = QLabel(self)
        self.label.setObjectName("reviewFilterText")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setToolTip(f"List all documents ({CYCLE_KEYS} goes round the filters)")
        self.close_button.setAccessibleName("Remove the reading filter")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 2, 2)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.close_button)
        self.setVisible(False)

    def show_filter(self, text: str) -> None:
        """Say the filter that is on (hidden with none)."""
        self.label.setText(text)
        self.setAccessibleName(text)
        self.setToolTip(f"{text}. {CYCLE_KEYS}: the next reading filter")
        self.setVisible(bool(text))


class ReviewFilterPart(WindowPart["CommandContext"]):
    """The window's reading filter: which one is on, the documents it holds, and its bar."""

    def __init__(self, window: CommandContext, settings: QSettings) -> None:
        super().__init__(window)
        self._settings = settings
        self.review = ReviewFilter()
        self._held: set[MarksKey] = set()  # documents on screen since it was applied: listed
        self._generation = window.session.generation  # the corpus the held documents are of
        self._keys: tuple[list[str] | None, list[MarksKey]] = (None, [])  # a listing's ids, their keys
        self._marks_seen: object = None  # the desk's marks the filter was last applied with
        pane = window.document_pane
        self.bar = ReviewBar(pane)
        self.bar.close_button.clicked.connect(lambda: self.choose(ReviewFilter()))
        pane.add_filter_bar(self.bar)
        pane.filter_model.modelReset.connect(self._show_bar)
        pane.filter_model.sourceModelChanged.connect(self._follow_list)
        window.documentShown.connect(self._on_shown)
        self._follow_list()
        self.choose(ReviewFilter.parse(keys.LIST_REVIEW.read(settings)), say=False)

    # Choosing ---------------------------------------------------------------------------------

    def choose(self, review: ReviewFilter, say: bool = True) -> None:
        """Apply a reading filter (again): the list keeps what passes it now, and the document on
        screen; remembered for the next session."""
        self.review = review
        keys.LIST_REVIEW.write(self._settings, review.setting)
        self._held.clear()
        chosen = self._window.session.chosen
        if chosen is not None:
            self._held.add(marks_key(chosen.path, chosen.id))
        self._apply()
        if say:
            words = f"{review.label}: {self._listed_words()}" if review.on else "Listing all documents"
            self._window.say(f"{words} ({CYCLE_KEYS}: the next filter)", 4000)

    def cycle(self) -> None:
        """The next filter of the keyboard's round: all, unread, starred, all."""
        self.choose(self.review.following())

    def apply_again(self) -> bool:
        """Apply the filter again: the documents read since it was applied (or unstarred, or
        untagged) leave the list, but the one on screen; whether a filter is on."""
        if self.review.on:
            self.choose(self.review)
        return self.review.on

    def hold(self, entry: DocumentEntry) -> bool:
        """List this document whatever its marks (one jumped to); whether the filter is on."""
        if not self.review.on:
            return False
        self._held.add(marks_key(entry.path, entry.id))
        self._apply()
        return True

    def _apply(self) -> None:
        desk = self._desk_marks()
        self._marks_seen = desk
        pane = self._window.document_pane
        pane.set_row_filter(self._rows_of if self.review.on else None)
        self._show_bar()

    # The rows it keeps --------------------------------------------------------------------------

    def _desk_marks(self) -> dict[MarksKey, DocumentMarks] | None:
        window = self._window
        if not window.made("reading_desk") or not window.reading_desk.loaded:
            return None
        return window.reading_desk.marks

    def _rows_of(self, model: DocumentListModel) -> Sequence[int]:
        """The rows of the list model that pass the filter, or are held."""
        ids = model.document_ids()
        if ids is not self._keys[0]:  # another listing or order: its keys, once
            self._keys = (ids, listed_marks_keys(ids, lambda row: model.entry_at(row).path))
        return passing_rows(self.review, self._keys[1], self._desk_marks() or {}, self._held)

    def _listed_words(self) -> str:
        pane = self._window.document_pane
        model = pane.source_model
        listed = model.rowCount() if model is not None else 0
        shown = pane.filter_model.rowCount()
        noun = "document" if listed == 1 else "documents"
        return f"{shown:,} of {listed:,} {noun}"

    def _show_bar(self) -> None:
        if not self.review.on:
            self.bar.show_filter("")
            return
        marks = self._desk_marks()
        waiting = "" if marks is not None else " (reading the marks…)"
        stale = self._held_left_out(marks or {})
        since = f" · {stale:,} {self.review.left_words} since: {AGAIN_KEY} lists again" if stale else ""
        self.bar.show_filter(f"{isolate(self.review.label)}: {self._listed_words()}{waiting}{since}")

    def _held_left_out(self, marks: dict[MarksKey, DocumentMarks]) -> int:
        """The documents listed only because they were on screen, but the one there now."""
        chosen = self._window.session.chosen
        shown = marks_key(chosen.path, chosen.id) if chosen is not None else None
        bare = DocumentMarks()
        return sum(key != shown and not self.review.keeps(marks.get(key, bare)) for key in self._held)

    # Following the window -------------------------------------------------------------------------

    def _follow_list(self) -> None:
        """A new list model (another corpus, or a new listing of it): follow its marks' changes;
        another corpus holds none of the last one's documents."""
        model = self._window.document_pane.source_model
        if model is not None:
            model.dataChanged.connect(self._on_marks_changed)
        generation = self._window.session.generation
        if generation != self._generation:
            self._generation = generation
            self._held.clear()

    def _on_marks_changed(self, _first: QModelIndex, _last: QModelIndex, roles: Sequence[int]) -> None:
        """Marks changed: the filter is applied again once the desk has given another corpus's
        marks (or its first); a mark the reader made leaves the list as it is (see the module)."""
        if ReviewRole not in roles or not self.review.on:
            return
        if self._desk_marks() is not self._marks_seen:
            self._apply()
        else:
            self._show_bar()

    def _on_shown(self, doc_id: object) -> None:
        """A document is on screen: it stays listed while the filter is on; one that was not
        listed (opened from elsewhere) is listed now if only this filter left it out."""
        window = self._window
        chosen = window.session.chosen
        if not self.review.on or chosen is None or chosen.id != doc_id:
            return
        if window.session.generation != self._generation:
            self._generation = window.session.generation
            self._held.clear()
        key = marks_key(chosen.path, chosen.id)
        pane = window.document_pane
        model = pane.source_model
        unlisted = key not in self._held and model is not None and not pane.is_listed(model.row_of(chosen.id))
        self._held.add(key)
        if unlisted:
            self._apply()
        else:
            self._show_bar()  # the document left may be one the filter keeps only as once shown
