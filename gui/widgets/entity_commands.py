"""The commands that follow entities: mentions, same-type steps, the entity filter, the corpus
dialogs. They act on the main window's parts; the command table names them like its own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from gui.core.display_text import isolate
from gui.core.mentions import EntityKey, MentionGroup, group_at, next_mention
from gui.core.offsets import OffsetMap
from gui.widgets.legend import LabelRole as LegendLabelRole
from gui.widgets.window_part import WindowPart

if TYPE_CHECKING:
    from gui.core.text_search import SearchHit
    from gui.widgets.main_window import MainWindow

NO_ENTITY = "Put the caret on an entity first"
NO_CHOSEN_TYPE = "Choose a type in the legend first (Ctrl+3)"


class EntityCommands(WindowPart):
    """Slots for the entity commands of one window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        window.documentIndexed.connect(self._refresh_filter)

    def _message(self, text: str, timeout_ms: int = 3000) -> None:
        self._window.say(text, timeout_ms)

    def current_groups(self) -> tuple[MentionGroup, ...]:
        """The mention groups of the entities on screen (none until they are known)."""
        return self._window.shown_groups

    def select_next_mention(self, group: MentionGroup) -> None:
        """Select the mention of `group` after the caret, cycling (the panel's Enter)."""
        current = self._window.current_document
        if current is None:
            return
        view = self._window.view
        cursor = view.textCursor()
        offsets = OffsetMap(current.body)
        start = offsets.to_code_point(cursor.selectionStart())
        end = offsets.to_code_point(cursor.selectionEnd())
        on_mention = any((m.start, m.end) == (start, end) for m in group.mentions)
        # From a selected mention to the next one; from anywhere else to the first at the caret.
        mention = next_mention(group, start if on_mention else start - 1)
        view.select_range(offsets.to_utf16(mention.start), offsets.to_utf16(mention.end))
        position = group.mentions.index(mention) + 1
        self._message(f"{isolate(group.name)}: mention {position} of {group.count}", 4000)

    def _group_in_focus(self) -> MentionGroup | None:
        """The entity the user points at: the panel's current row, else the one at the caret."""
        panel = self._window.entity_panel
        if panel.hasFocus() and panel.current_group() is not None:
            return panel.current_group()
        location = self._window.jumps.location()
        return group_at(self.current_groups(), location.position) if location else None

    def _step(self, label: str | None, forward: bool, missing: str) -> None:
        if label is None:
            self._message(missing)
        elif self._window.view.select_next_entity(forward, label) is None:
            self._message(f"No highlighted {label} entities in this document")

    def _type_at_caret(self) -> str | None:
        span = self._window.view.span_at_caret()
        return span.label if span else None

    def _chosen_type(self) -> str | None:
        label = self._window.legend.currentIndex().data(LegendLabelRole)
        return label if isinstance(label, str) else None

    def go_next_same_type(self) -> None:
        """Select the next entity of the type at the caret."""
        self._step(self._type_at_caret(), True, NO_ENTITY)

    def go_previous_same_type(self) -> None:
        """Select the previous entity of the type at the caret."""
        self._step(self._type_at_caret(), False, NO_ENTITY)

    def go_next_chosen_type(self) -> None:
        """Select the next entity of the type chosen in the legend."""
        self._step(self._chosen_type(), True, NO_CHOSEN_TYPE)

    def go_previous_chosen_type(self) -> None:
        """Select the previous entity of the type chosen in the legend."""
        self._step(self._chosen_type(), False, NO_CHOSEN_TYPE)

    def filter_by_entity_at_caret(self) -> None:
        """List only the documents that mention the entity at the caret (or the panel's)."""
        group = self._group_in_focus()
        if group is None:
            self._message("Put the caret on an entity, or choose one in the panel")
        else:
            self.filter_by_entity(group.key)

    def filter_by_entity(self, key: EntityKey) -> None:
        """List only the documents that mention an entity, with a chip to remove the filter.

        A person is followed by full name and bare surname alike ("Khalifa Haftar", "Haftar").
        """
        self._window.session.entity_filter = key
        count, name = self._apply_filter(key)
        verb = "mentions" if count == 1 else "mention"
        self._message(f"{_documents(count)} {verb} {isolate(name)}; Esc in the list shows all", 5000)

    def _apply_filter(self, key: EntityKey) -> tuple[int, str]:
        index = self._window.entity_index
        keys = index.same_person(key)
        documents = index.documents_for_any(keys)
        names = [index.name_for(k) or k.name for k in sorted(keys, key=lambda k: -len(k.name))]
        name, label = isolate(names[0]), isolate(key.label)
        description = f"Mentioning {name} ({label}): {_documents(len(documents))}"
        if not self._window.indexing_done():
            description += " so far (still annotating)"
        self._window.document_pane.set_entity_filter(
            frozenset(doc_id for doc_id, _ in documents), description
        )
        return len(documents), names[0]

    def _refresh_filter(self, doc_id: str) -> None:
        # The filter fills in as more documents are annotated and indexed; only a document that
        # mentions the entity changes it, so the list is not re-filtered for every other one.
        key = self._window.session.entity_filter
        if key is None or not self._window.document_pane.has_entity_filter():
            return
        index = self._window.entity_index
        # The last document also refreshes it, to drop "so far (still annotating)".
        if index.same_person(key) & index.entities_of(doc_id).keys() or self._window.indexing_done():
            self._apply_filter(key)

    def clear_entity_filter(self) -> None:
        """Show every document again after an entity filter."""
        self._window.session.entity_filter = None
        if not self._window.document_pane.clear_entity_filter():
            self._message("No entity filter to clear", 2000)

    def show_corpus_search(self) -> None:
        """Search the text of every document of the folder."""
        corpus = self._window.corpus
        if corpus is None:
            return
        from gui.widgets.corpus_search import CorpusSearchDialog  # dialogs: kept off the start-up path

        dialog = CorpusSearchDialog(self._window.text_index, corpus, self._window)
        dialog.hitChosen.connect(self._open_hit)
        self._window.documentIndexed.connect(dialog.search_soon)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _open_hit(self, hit: SearchHit) -> None:
        if self._window.jumps.jump_to(hit.doc_id, hit.start, hit.end):
            self._window.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_corpus_entities(self) -> None:
        """The most mentioned entities of the folder, by type; Enter filters the list by one."""
        from gui.widgets.corpus_entities import CorpusEntitiesDialog  # kept off the start-up path

        window = self._window
        dialog = CorpusEntitiesDialog(window.entity_index, window.entity_palette, window)
        dialog.entityChosen.connect(self.filter_by_entity)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()


def _documents(count: int) -> str:
    return f"{count} document" if count == 1 else f"{count} documents"
