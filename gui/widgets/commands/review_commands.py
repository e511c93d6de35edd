"""The review commands, each a function of a command context: mark the document shown read or
unread, star it, tag it, write notes on it and on its entities, and list only the unread, starred
or tagged documents (gui/widgets/desk)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from gui.core.entities.mentions import MentionGroup, group_at
from gui.core.model.display_text import isolate
from gui.widgets.commands import entity_commands as entities

if TYPE_CHECKING:
    from gui.core.corpus.corpus import DocumentEntry
    from gui.core.session.events import StoreAnswer
    from gui.widgets.commands.command_context import CommandContext
    from gui.widgets.desk.tag_dialog import TagDialog


def _shown(window: CommandContext) -> DocumentEntry | None:
    """The document on screen, or None with a message."""
    entry = window.session.chosen
    if entry is None or window.session.current is None:
        window.say("No document is shown to mark", 3000)
        return None
    return entry


def mark_read(window: CommandContext) -> None:
    """Mark the document shown as read."""
    if (entry := _shown(window)) is not None:
        window.reading_desk.set_read(entry, True)
        window.say(f"Marked read: {isolate(entry.title)}", 3000)


def mark_unread(window: CommandContext) -> None:
    """Mark the document shown as unread (it stays so while it is shown)."""
    if (entry := _shown(window)) is not None:
        window.reading_desk.set_read(entry, False)
        window.say(f"Marked unread: {isolate(entry.title)}", 3000)


def toggle_star(window: CommandContext) -> None:
    """Star the document shown, or take its star away."""
    if (entry := _shown(window)) is None:
        return
    desk = window.reading_desk
    starred = not desk.marks_of(entry).starred
    desk.set_starred(entry, starred)
    window.say(f"{'Starred' if starred else 'Star taken away'}: {isolate(entry.title)}", 3000)


def edit_tags(window: CommandContext) -> None:
    """Edit the tags of the document shown, completed from the corpus's own tags."""
    if (entry := _shown(window)) is None:
        return
    from gui.core.desk.reading import corpus_tags

    def open_dialog(reply: StoreAnswer) -> None:
        from gui.widgets.desk.tag_dialog import TagDialog  # dialogs: kept off the start-up path

        known = [tag for tag, _uses in reply.result] if isinstance(reply.result, list) else []
        desk = window.reading_desk
        dialog = TagDialog(entry.title, desk.marks_of(entry).tags, known, window.main_window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: _keep_tags(window, entry, dialog))
        dialog.open()

    window.store.ask(lambda store: corpus_tags(store.db), open_dialog, window.main_window)


def _keep_tags(window: CommandContext, entry: DocumentEntry, dialog: TagDialog) -> None:
    kept = window.reading_desk.set_tags(entry, dialog.tags())
    shown = ", ".join(map(isolate, kept)) if kept else "none"
    window.say(f"Tags of {isolate(entry.title)}: {shown}", 5000)


def toggle_notes(window: CommandContext) -> None:
    """Show the notes pane and write in the note of the document shown; from there, hide it."""
    desk = window.reading_desk
    dock = desk.notes
    if dock.isVisible() and dock.isAncestorOf(window.main_window.focusWidget()):
        dock.flush()
        dock.hide()
        window.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return
    dock.show()
    dock.raise_()
    dock.document_note.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)


def note_on_entity(window: CommandContext) -> None:
    """Write a note on the entity in the entity panel (when it has the focus) or at the caret."""
    group = _chosen_entity(window)
    if group is None:
        window.say("Put the caret on an entity, or choose one in the entity panel (Ctrl+4)", 4000)
        return
    dock = window.reading_desk.notes
    dock.show()
    dock.raise_()
    window.reading_desk.show_entity_note(group, focus=True)


def _chosen_entity(window: CommandContext) -> MentionGroup | None:
    panel = window.entity_panel
    group = panel.current_group() if panel.hasFocus() else None
    if group is None:
        location = window.jumps.location()
        group = group_at(entities.current_groups(window), location.position) if location else None
    return group


def cycle_review_filter(window: CommandContext) -> None:
    """List the unread documents only, then the starred ones only, then all of them again."""
    window.review_filter.cycle()


def apply_review_filter_again(window: CommandContext) -> None:
    """Apply the reading filter again: the documents read since it was (unstarred, untagged)
    leave the list, but the one on screen."""
    if not (window.made("review_filter") and window.review_filter.apply_again()):
        window.say("No reading filter is on: Ctrl+Alt+F lists the unread documents only", 4000)


def list_tagged(window: CommandContext) -> None:
    """List only the documents with a tag, chosen among the corpus's own tags (none: all)."""
    from gui.core.desk.reading import corpus_tags

    def open_dialog(reply: StoreAnswer) -> None:
        from PySide6.QtWidgets import QInputDialog  # dialogs: kept off the start-up path

        tags = [tag for tag, _uses in reply.result] if isinstance(reply.result, list) else []
        if not tags:
            window.say("No document has a tag yet: Ctrl+J tags the document shown", 5000)
            return
        dialog = QInputDialog(window.main_window)
        dialog.setWindowTitle("List Documents Tagged")
        dialog.setLabelText("List only the documents tagged (Up and Down choose, Enter lists them):")
        dialog.setComboBoxItems(tags)
        dialog.setComboBoxEditable(True)  # typing a tag completes it
        current = window.review_filter.review if window.made("review_filter") else None
        if current is not None and current.tag in tags:
            dialog.setTextValue(current.tag)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(lambda tag: _list_tag(window, tag))
        dialog.open()

    window.store.ask(lambda store: corpus_tags(store.db), open_dialog, window.main_window)


def _list_tag(window: CommandContext, tag: str) -> None:
    from gui.core.desk.review_filter import ReviewFilter, ReviewState

    tag = " ".join(tag.split())
    window.review_filter.choose(ReviewFilter(ReviewState.TAGGED, tag) if tag else ReviewFilter())
    window.document_pane.focus_list()
