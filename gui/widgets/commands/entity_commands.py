"""The commands that follow entities, each a function of a command context: mentions, same-type
steps, the entity filter, the corpus search and the corpus's entities."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from gui.core.entities.mentions import EntityKey, MentionGroup, group_at, next_mention
from gui.core.model.display_text import isolate
from gui.core.model.offsets import OffsetMap
from gui.widgets.panels.legend import LabelRole as LegendLabelRole

if TYPE_CHECKING:
    from gui.core.search.text_search import SearchHit
    from gui.widgets.commands.command_context import CommandContext

NO_ENTITY = "Put the caret on an entity first"
NO_CHOSEN_TYPE = "Choose a type in the legend first (Ctrl+3)"


def _message(window: CommandContext, text: str, timeout_ms: int = 3000) -> None:
    window.say(text, timeout_ms)


def current_groups(window: CommandContext) -> tuple[MentionGroup, ...]:
    """The mention groups of the entities on screen (none until they are known)."""
    shown = window.session.shown
    return shown.annotation.groups if shown and shown.annotation else ()


def select_next_mention(window: CommandContext, group: MentionGroup) -> None:
    """Select the mention of `group` after the caret, cycling (the panel's Enter)."""
    current = window.session.current
    if current is None:
        return
    view = window.view
    cursor = view.textCursor()
    offsets = OffsetMap(current.body)
    start = offsets.to_code_point(cursor.selectionStart())
    end = offsets.to_code_point(cursor.selectionEnd())
    on_mention = any((m.start, m.end) == (start, end) for m in group.mentions)
    # From a selected mention to the next one; from anywhere else to the first at the caret.
    mention = next_mention(group, start if on_mention else start - 1)
    view.select_range(offsets.to_utf16(mention.start), offsets.to_utf16(mention.end))
    position = group.mentions.index(mention) + 1
    _message(window, f"{isolate(group.name)}: mention {position} of {group.count}", 4000)


def _group_in_focus(window: CommandContext) -> MentionGroup | None:
    """The entity the user points at: the panel's current row, else the one at the caret."""
    panel = window.entity_panel
    if panel.hasFocus() and panel.current_group() is not None:
        return panel.current_group()
    location = window.jumps.location()
    return group_at(current_groups(window), location.position) if location else None


def _step(window: CommandContext, label: str | None, forward: bool, missing: str) -> None:
    if label is None:
        _message(window, missing)
    elif window.view.select_next_entity(forward, label) is None:
        _message(window, f"No highlighted {label} entities in this document")


def _type_at_caret(window: CommandContext) -> str | None:
    span = window.view.span_at_caret()
    return span.label if span else None


def _chosen_type(window: CommandContext) -> str | None:
    label = window.legend.currentIndex().data(LegendLabelRole)
    return label if isinstance(label, str) else None


def go_next_same_type(window: CommandContext) -> None:
    """Select the next entity of the type at the caret."""
    _step(window, _type_at_caret(window), True, NO_ENTITY)


def go_previous_same_type(window: CommandContext) -> None:
    """Select the previous entity of the type at the caret."""
    _step(window, _type_at_caret(window), False, NO_ENTITY)


def go_next_chosen_type(window: CommandContext) -> None:
    """Select the next entity of the type chosen in the legend."""
    _step(window, _chosen_type(window), True, NO_CHOSEN_TYPE)


def go_previous_chosen_type(window: CommandContext) -> None:
    """Select the previous entity of the type chosen in the legend."""
    _step(window, _chosen_type(window), False, NO_CHOSEN_TYPE)


def filter_by_entity_at_caret(window: CommandContext) -> None:
    """List only the documents that mention the entity at the caret (or the panel's)."""
    group = _group_in_focus(window)
    if group is None:
        _message(window, "Put the caret on an entity, or choose one in the panel")
    else:
        filter_by_entity(window, group.key)


def filter_by_entity(window: CommandContext, key: EntityKey) -> None:
    """List only the documents that mention an entity, with a chip to remove the filter.

    A person is followed by full name and bare surname alike ("Khalifa Haftar", "Haftar").
    """
    window.session.entity_filter = key
    count, name = _apply_filter(window, key)
    verb = "mentions" if count == 1 else "mention"
    _message(window, f"{_documents(count)} {verb} {isolate(name)}; Esc in the list shows all", 5000)


def _apply_filter(window: CommandContext, key: EntityKey) -> tuple[int, str]:
    index = window.indexes.entity_index
    keys = index.same_person(key)
    documents = index.documents_for_any(keys)
    names = [index.name_for(k) or k.name for k in sorted(keys, key=lambda k: -len(k.name))]
    name, label = isolate(names[0]), isolate(key.label)
    description = f"Mentioning {name} ({label}): {_documents(len(documents))}"
    if not window.indexes.complete():
        description += " so far (still annotating)"
    window.document_pane.set_entity_filter(
        frozenset(doc_id for doc_id, _ in documents), description
    )
    return len(documents), names[0]


def refresh_filter(window: CommandContext, doc_id: str) -> None:
    """A document was indexed: the entity filter takes it in if it mentions the entity."""
    # The filter fills in as more documents are annotated and indexed; only a document that
    # mentions the entity changes it, so the list is not re-filtered for every other one.
    key = window.session.entity_filter
    if key is None or not window.document_pane.has_entity_filter():
        return
    index = window.indexes.entity_index
    # The last document also refreshes it, to drop "so far (still annotating)".
    if index.same_person(key) & index.entities_of(doc_id).keys() or window.indexes.complete():
        _apply_filter(window, key)


def clear_entity_filter(window: CommandContext) -> None:
    """Show every document again after an entity filter."""
    window.session.entity_filter = None
    if not window.document_pane.clear_entity_filter():
        _message(window, "No entity filter to clear", 2000)


def show_corpus_search(window: CommandContext) -> None:
    """Search the text of every document of the folder."""
    corpus = window.session.corpus
    if corpus is None:
        return
    from gui.widgets.panels.corpus_search import CorpusSearchDialog  # dialogs: kept off the start-up path

    dialog = CorpusSearchDialog(window.indexes.text_index, corpus, window.main_window)
    dialog.hitChosen.connect(lambda hit: _open_hit(window, hit))
    window.indexes.documentIndexed.connect(dialog.search_soon)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()


def _open_hit(window: CommandContext, hit: SearchHit) -> None:
    if window.jumps.jump_to(hit.doc_id, hit.start, hit.end):
        window.view.setFocus(Qt.FocusReason.OtherFocusReason)


def show_corpus_entities(window: CommandContext) -> None:
    """The most mentioned entities of the folder, by type; Enter filters the list by one."""
    from gui.widgets.panels.corpus_entities import CorpusEntitiesDialog  # kept off the start-up path

    dialog = CorpusEntitiesDialog(window.indexes.entity_index, window.entity_palette, window.main_window)
    dialog.entityChosen.connect(lambda key: filter_by_entity(window, key))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()


def _documents(count: int) -> str:
    return f"{count} document" if count == 1 else f"{count} documents"
