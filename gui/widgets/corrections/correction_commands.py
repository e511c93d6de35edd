"""The correction commands (issue 15), each a function of a command context: relabel an entity
everywhere or one mention, merge two entities, split an alias off its entity, reject an entity,
add every occurrence of a text, undo and redo, the Corrections view and its files.

The entity a command acts on is the one chosen in the entity panel while it has the focus, else
the one at the caret; a mention, the one at the caret; an added text, the text's selection.
Labels and the entity a merge joins are chosen in a keyboard dialog (choice_dialog).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from gui.core.entities.mentions import MentionGroup, group_at
from gui.core.model.display_text import isolate
from gui.core.model.offsets import OffsetMap
from gui.widgets.corrections.window_corrections import WindowCorrections

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from gui.core.corpus.store import CorpusStore
    from gui.core.desk.corrections import Correction
    from gui.core.session.events import StoreAnswer
    from gui.widgets.commands.command_context import CommandContext
    from gui.widgets.corrections.choice_dialog import ChoiceDialog

NO_ENTITY = "Put the caret on an entity, or choose one in the entity panel (Ctrl+4)"
NAMES_AT_MOST = 200  # entity names offered at once while typing the one a merge joins
ASK_NAMES_AFTER_MS = 120  # after the last key typed


def corrections_of(window: CommandContext) -> WindowCorrections:
    """The window's corrections (made with the window's store replies; here if not yet)."""
    found = window.main_window.findChild(WindowCorrections, "corrections")
    return found if found is not None else WindowCorrections(window)


def _say(window: CommandContext, text: str) -> None:
    window.say(text, 4000)


def entity_in_focus(window: CommandContext) -> MentionGroup | None:
    """The entity chosen in the panel while it has the focus, else the one at the caret."""
    panel = window.entity_panel
    if panel.hasFocus() and panel.current_group() is not None:
        return panel.current_group()
    shown, current = window.session.shown, window.session.current
    if shown is None or shown.annotation is None or current is None:
        return None
    caret = OffsetMap(current.body).to_code_point(window.view.textCursor().selectionStart())
    return group_at(shown.annotation.groups, caret)


def _mention_at_caret(window: CommandContext) -> tuple[int, int, str, str] | None:
    """The mention at the caret: its offsets (code points), its text and label as shown."""
    current = window.session.current
    span = window.view.span_at_caret()
    if current is None or span is None:
        return None
    offsets = OffsetMap(current.body)
    start, end = offsets.to_code_point(span.start), offsets.to_code_point(span.end)
    return start, end, current.body[start:end], span.label


def _labels(window: CommandContext, but: str = "") -> list[str]:
    """The labels to choose from: the palette's (the model's and the corpus's own)."""
    return [label for label in window.entity_palette.labels if label != but]


def _choose(window: CommandContext, title: str, prompt: str, choices: list[str],
            free_text: bool = False) -> ChoiceDialog:
    from gui.widgets.corrections.choice_dialog import ChoiceDialog  # kept off the start-up path

    dialog = ChoiceDialog(title, prompt, choices, window.main_window, free_text)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def _add(window: CommandContext, correction: Correction, line: int | None = None) -> None:
    from gui.core.desk.corrections import in_words

    corrections_of(window).add([correction], in_words(correction, line))


# The corrections ---------------------------------------------------------------------------------


def relabel_entity(window: CommandContext) -> None:
    """Relabel the entity in focus everywhere in the corpus, every name of it (a label chosen)."""
    group = entity_in_focus(window)
    if group is None:
        _say(window, NO_ENTITY)
        return
    from gui.core.desk.corrections import Relabel

    dialog = _choose(window, "Relabel Everywhere", f"{group.name} ({group.label}) is, everywhere, a:",
                     _labels(window, group.label))
    dialog.chosen.connect(lambda label: _add(window, Relabel(group.name, label)))


def relabel_mention(window: CommandContext) -> None:
    """Relabel the mention at the caret only (a label chosen)."""
    mention = _mention_at_caret(window)
    if mention is None:
        _say(window, "Put the caret on a mention first")
        return
    start, end, text, label = mention
    from gui.core.desk.corrections import RelabelMention, line_of

    key = window.session.document_key
    current = window.session.current
    line = line_of(current.body, start) if current is not None else None
    dialog = _choose(window, "Relabel This Mention", f"This “{text}” ({label}) is a:", _labels(window, label))
    dialog.chosen.connect(lambda chosen: _add(window, RelabelMention(key, start, end, chosen, text), line))


def reject_entity(window: CommandContext) -> None:
    """The entity in focus is never an entity ("he", "Tuesday's"): its mentions go, corpus-wide."""
    group = entity_in_focus(window)
    if group is None:
        _say(window, NO_ENTITY)
        return
    from gui.core.desk.corrections import Reject

    _add(window, Reject(group.name))


def add_text(window: CommandContext) -> None:
    """Every occurrence of the selected text is an entity of a label chosen (what the model
    missed), corpus-wide."""
    current = window.session.current
    cursor = window.view.textCursor()
    if current is None or not cursor.hasSelection():
        _say(window, "Select the text that is an entity first (Shift+Arrows)")
        return
    offsets = OffsetMap(current.body)
    start, end = offsets.to_code_point(cursor.selectionStart()), offsets.to_code_point(cursor.selectionEnd())
    text = " ".join(current.body[start:end].split())
    if not text:
        _say(window, "Select the text that is an entity first (Shift+Arrows)")
        return
    from gui.core.desk.corrections import Add

    dialog = _choose(window, "Add Everywhere", f"Every “{text}” is a:", _labels(window))
    dialog.chosen.connect(lambda label: _add(window, Add(text, label)))


def merge_entities(window: CommandContext) -> None:
    """Merge the entity in focus with another, chosen by typing its name (the corpus's names)."""
    group = entity_in_focus(window)
    if group is None:
        _say(window, NO_ENTITY)
        return
    dialog = _choose(window, "Merge Entities", f"{group.name} is the same as:", [], free_text=True)
    first = group.name

    def ask_names(text: str) -> None:
        def question(store: CorpusStore) -> list[str]:
            from gui.core.corpus.store_entities import entities

            found = entities(store, containing=text.strip(), top=NAMES_AT_MOST, by_mentions=True)
            return [entity.name for entity in found]

        def answer(reply: StoreAnswer) -> None:
            if isinstance(reply.result, list) and dialog.edit.text() == text:
                dialog.set_choices([name for name in reply.result if name.casefold() != first.casefold()])

        window.store.ask(question, answer, dialog)

    from gui.widgets.background.single_shot_timer import single_shot_timer

    # The store is asked once the typing pauses: each question waits for those before it.
    soon = single_shot_timer(dialog, ASK_NAMES_AFTER_MS, lambda: ask_names(dialog.edit.text()))
    dialog.edit.textChanged.connect(lambda _text: soon.start())
    ask_names("")
    from gui.core.desk.corrections import Merge

    dialog.chosen.connect(lambda second: _add(window, Merge((first, second))))


def split_alias(window: CommandContext) -> None:
    """Split the name at the caret ("Mr Blair"), or the panel's, off the corpus entity it joined
    ("Tony Blair"): it becomes an entity of its own."""
    panel, current = window.entity_panel, window.session.current
    group = panel.current_group() if panel.hasFocus() else None
    if group is not None and current is not None:
        text = current.body[group.mentions[0].start : group.mentions[0].end]
    elif (mention := _mention_at_caret(window)) is not None:
        text = mention[2]
    else:
        _say(window, "Put the caret on a mention of the name to split off")
        return
    key = window.session.document_key

    def question(store: CorpusStore) -> str | None:
        from gui.core.corpus.store_label_disputes import mention_entities

        found = mention_entities(store, key, [text]).get(text)
        return None if found is None else found.name

    def answer(reply: StoreAnswer) -> None:
        from gui.core.desk.corrections import Split, name_key
        from gui.core.entities.mentions import normalise_mention

        entity = reply.result
        alias = normalise_mention(text) or text
        if reply.problem or not isinstance(entity, str):
            _say(window, reply.problem or f"{isolate(text)} is in no corpus entity yet (still resolving?)")
        elif name_key(entity) == name_key(alias):
            _say(window, f"{isolate(alias)} is the name of its entity: split another of its names off it")
        else:
            _add(window, Split(entity, alias))

    window.store.ask(question, answer)


# Undo, redo, the view and files ----------------------------------------------------------------


def undo_correction(window: CommandContext) -> None:
    """Undo the last correction (or removal, or import) made in this window."""
    corrections_of(window).undo()


def redo_correction(window: CommandContext) -> None:
    """Make the last correction undone again."""
    corrections_of(window).redo()


def show_corrections(window: CommandContext) -> None:
    """The Corrections view: every correction, how many mentions it changes; Delete removes."""
    from gui.widgets.corrections.corrections_view import CorrectionsView  # kept off the start-up path

    existing = window.main_window.findChild(CorrectionsView)
    if existing is not None:
        existing.raise_()
        existing.activateWindow()
        return
    view = CorrectionsView(window, corrections_of(window))
    view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    view.open()


def remove_chosen_correction(_window: CommandContext, dialog: QDialog) -> None:
    """Remove the correction chosen in the Corrections view (Ctrl+Z brings it back)."""
    from gui.widgets.corrections.corrections_view import CorrectionsView

    assert isinstance(dialog, CorrectionsView)
    dialog.remove_current()


def import_corrections(window: CommandContext) -> None:
    """Add the corrections of a JSON Lines file (`seedview corrections export` writes them)."""
    from PySide6.QtWidgets import QFileDialog

    dialog = QFileDialog(window.main_window, "Import Corrections", "", "Corrections (*.jsonl);;All files (*)")
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.fileSelected.connect(lambda name: corrections_of(window).import_from(Path(name)))
    dialog.open()


def export_corrections(window: CommandContext) -> None:
    """Write the corpus's corrections to a JSON Lines file, to share them."""
    from PySide6.QtWidgets import QFileDialog

    corpus = window.session.corpus
    suggested = f"{corpus.name}-corrections.jsonl" if corpus is not None else "corrections.jsonl"
    dialog = QFileDialog(window.main_window, "Export Corrections", suggested, "Corrections (*.jsonl)")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix("jsonl")
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.fileSelected.connect(lambda name: corrections_of(window).export_to(Path(name)))
    dialog.open()
