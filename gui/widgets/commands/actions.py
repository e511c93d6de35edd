"""The command table: every user command declared once, with its text, shortcuts and function.

Menus, the window's QActions and the F1 shortcut list are all generated from COMMANDS (and the
dialogs' DIALOG_COMMANDS); the F1 list adds the keys widgets handle themselves (widget_keys) and the
charts' (chart_keys), each declared where it is handled.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QWidget

from gui.widgets.charts.chart_keys import CHART_KEY_ROWS
from gui.widgets.commands import chart_commands as charts
from gui.widgets.commands import desktop_commands as desktop
from gui.widgets.commands import engine_comparison as compare
from gui.widgets.commands import entity_commands as entities
from gui.widgets.commands import export_commands as exports
from gui.widgets.commands import jumps
from gui.widgets.commands import layout_commands as layout
from gui.widgets.commands import review_commands as review
from gui.widgets.commands import view_commands as views
from gui.widgets.commands import window_commands as plain
from gui.widgets.commands.command_context import CommandContext
from gui.widgets.commands.menus import MENUS as MENUS
from gui.widgets.commands.widget_keys import WIDGET_KEYS as WIDGET_KEYS
from gui.widgets.commands.widget_keys import key_names
from gui.widgets.corrections import correction_commands as correct
from gui.widgets.corrections import label_disputes as disputes

Key = QKeySequence.StandardKey
Shortcut = QKeySequence.StandardKey | str

# Where a command's shortcut works: the whole window, or only while one named widget has focus.
WINDOW = "window"


@dataclass(frozen=True)
class Command:
    """One user command: what it is called, where it is listed, its keys and the function it runs."""

    id: str
    text: str
    menu: str
    shortcuts: tuple[Shortcut, ...]
    run: Callable[[CommandContext], object]
    scope: str | tuple[str, ...] = WINDOW  # WINDOW, or the widgets whose focus enables the keys
    tip: str = ""
    # An on/off setting, shown with a check mark in its menu: whether it is on, as things stand.
    checked: Callable[[CommandContext], bool] | None = None
    # Whether its keys work, as things stand (always if None): a key that only sometimes means
    # something, Esc in the text say, is left to the widgets otherwise.
    enabled: Callable[[CommandContext], bool] | None = None

    @property
    def checkable(self) -> bool:
        """Whether the command is an on/off setting."""
        return self.checked is not None

    def widgets(self) -> tuple[str, ...]:
        """The names of the widgets the keys are limited to; none for window-wide keys."""
        if self.scope == WINDOW:
            return ()
        return (self.scope,) if isinstance(self.scope, str) else self.scope

    def key_sequences(self) -> list[QKeySequence]:
        """Platform bindings of standard keys first, then the documented ones, without repeats."""
        sequences: list[QKeySequence] = []
        for shortcut in self.shortcuts:
            found = (
                QKeySequence.keyBindings(shortcut)
                if isinstance(shortcut, QKeySequence.StandardKey)
                else [QKeySequence(shortcut)]
            )
            sequences.extend(s for s in found if not s.isEmpty() and s not in sequences)
        return sequences


COMMANDS: tuple[Command, ...] = (
    Command("open_folder", "&Open Folder…", "&File", (Key.Open, "Ctrl+O"), plain.open_folder_dialog),
    Command("open_file", "Open &File…", "&File", ("Ctrl+Shift+O",), plain.open_file_dialog,
            tip="Open one .txt document, or a JSON Lines file of documents"),
    Command("export_document", "&Export Document…", "&File", ("Ctrl+S",), exports.export_document,
            tip="Save the document shown, with its entities, as JSON Lines, brat or HTML"),
    Command("export_folder", "Export &All Documents…", "&File", ("Ctrl+Shift+S",), exports.export_folder,
            tip="Save every document of the folder, with its entities, as JSON Lines, brat or HTML"),
    Command("export_pdf", "Export as P&DF…", "&File", ("Ctrl+Alt+P",), desktop.export_pdf,
            tip="Save the document shown as PDF, with its highlights"),
    Command("print", "&Print…", "&File", ("Ctrl+Shift+P",), desktop.print_document,
            tip="Print the document shown, with its highlights (Ctrl+P is Quick Open)"),
    Command("show_folder", "Show in File &Manager", "&File", ("Ctrl+Alt+R",), desktop.show_folder,
            tip="Open the folder of the document shown in the system's file manager"),
    Command("quit", "&Quit", "&File", (Key.Quit, "Ctrl+Q"), plain.close_window),
    Command("copy_text", "&Copy as Plain Text", "&Edit", ("Ctrl+Shift+C",), desktop.copy_as_text,
            tip="Copy the selection, or the whole document if nothing is selected, as plain text"),
    Command("next_document", "&Next Document", "&Go", ("Ctrl+PgDown", "Alt+Down"), plain.go_next_document),
    Command("previous_document", "&Previous Document", "&Go", ("Ctrl+PgUp", "Alt+Up"),
            plain.go_previous_document),
    Command("first_document", "&First Document", "&Go", ("Alt+Home",), plain.go_first_document),
    Command("last_document", "&Last Document", "&Go", ("Alt+End",), plain.go_last_document),
    Command("quick_open", "&Quick Open…", "&Go", ("Ctrl+P",), views.show_quick_open,
            tip="Open a document by typing letters of its title or file name, or a saved view by its name"),
    Command("save_view", "Sa&ve the List as a View…", "&Go", ("Ctrl+Alt+V",), views.save_view_prompt,
            tip="Keep the list's filter, its entity, search or chart documents and its order under a name,"
            " for Ctrl+P"),
    Command("forget_view", "Forget a Saved View…", "&Go", ("Ctrl+Alt+Shift+V",), views.forget_view_prompt,
            tip="Choose a saved view to forget"),
    Command("back", "&Back", "&Go", ("Alt+Left",), jumps.go_back,
            tip="Back to where the last jump came from"),
    Command("forward", "&Forward", "&Go", ("Alt+Right",), jumps.go_forward),
    Command("next_entity", "Next &Entity", "&Go", ("F8",), plain.go_next_entity,
            tip="Select the next highlighted entity in the text"),
    Command("previous_entity", "Previous E&ntity", "&Go", ("Shift+F8",), plain.go_previous_entity,
            tip="Select the previous highlighted entity in the text"),
    Command("next_same_type", "Next Entity of the &Same Type", "&Go", ("Ctrl+F8",),
            entities.go_next_same_type, tip="The next entity of the type at the caret"),
    Command("previous_same_type", "Previous Entity of the Same Type", "&Go", ("Ctrl+Shift+F8",),
            entities.go_previous_same_type),
    Command("next_chosen_type", "Next Entity of the &Chosen Type", "&Go", ("Alt+F8",),
            entities.go_next_chosen_type, tip="The next entity of the type chosen in the legend"),
    Command("previous_chosen_type", "Previous Entity of the Chosen Type", "&Go", ("Alt+Shift+F8",),
            entities.go_previous_chosen_type),
    Command("focus_next_pane", "Focus Next Pane", "&Go", ("F6",), plain.focus_next_pane),
    Command("focus_previous_pane", "Focus Previous Pane", "&Go", ("Shift+F6",),
            plain.focus_previous_pane),
    Command("focus_filter", "Filter &Documents", "&Go", ("Ctrl+L",), layout.focus_filter),
    Command("filter_to_list", "Go to the Document List", "&Go", ("Down", "Return", "Enter"),
            plain.go_to_list, scope="filter", tip="In the filter box: move to the matching documents"),
    Command("clear_filter", "Clear the Filter", "&Go", ("Escape",), plain.clear_filter, scope="filter",
            tip="In the filter box: show every document again"),
    Command("focus_sidebar", "Focus Document &List", "&Go", ("Ctrl+1",), layout.focus_document_list),
    Command("focus_text", "Focus &Text", "&Go", ("Ctrl+2",), plain.focus_text),
    Command("focus_legend", "Focus Le&gend", "&Go", ("Ctrl+3",), layout.focus_legend),
    Command("focus_entities", "Focus the &Entity Panel", "&Go", ("Ctrl+4",), layout.focus_entities),
    Command("find", "&Find in Document…", "&Search", (Key.Find, "Ctrl+F"), plain.open_find,
            tip="Find a word or phrase in the document; every match is framed"),
    Command("find_next", "Find &Next", "&Search", (Key.FindNext, "F3"), plain.find_next),
    Command("find_previous", "Find &Previous", "&Search", (Key.FindPrevious, "Shift+F3"),
            plain.find_previous),
    Command("find_next_in_bar", "Next Match", "&Search", ("Return", "Enter"), plain.find_next,
            scope="find bar"),
    Command("find_previous_in_bar", "Previous Match", "&Search", ("Shift+Return", "Shift+Enter"),
            plain.find_previous, scope="find bar"),
    Command("close_find", "Close the Find Bar", "&Search", ("Escape",), plain.close_find,
            scope="find bar"),
    Command("search_corpus", "&Search All Documents…", "&Search", ("Ctrl+Shift+F",),
            charts.show_corpus_search, tip="Search the text of every document of the folder"),
    Command("mentioning_documents", "Documents &Mentioning This Entity", "&Search", ("Ctrl+E",),
            entities.filter_by_entity_at_caret,
            tip="List only the documents that mention the entity at the caret or in the panel"),
    Command("clear_entity_filter", "Clear the Entity Filter", "&Search", ("Escape",),
            entities.clear_entity_filter, scope=("document list", "entity panel")),
    Command("corpus_entities", "&Entities of All Documents…", "&Search", ("Ctrl+Shift+E",),
            charts.show_corpus_entities, tip="The most mentioned entities of the folder, by type"),
    Command("timeline", "&Timeline…", "&Search", ("Ctrl+T",), charts.show_timeline,
            tip="Documents per day, week, month or year of the entity at the caret or in the panel"),
    Command("add_to_timeline", "&Add the Entity to the Timeline", "&Search", ("Ctrl+Shift+A",),
            charts.add_to_timeline, tip="Chart the entity at the caret beside the timeline's queries"),
    Command("connections", "&Connections and Network…", "&Search", ("Ctrl+R",), charts.show_connections,
            tip="The entities that share documents with the one at the caret, and the network of the top"
            " ones"),
    Command("overview", "Corpus &Overview", "&Search", ("Ctrl+Shift+V",), charts.show_overview,
            tip="The folder's documents over time, its top entities per type and their sources"),
    Command("mark_read", "Mark as &Read", "&Review", ("Ctrl+M",), review.mark_read,
            tip="Mark the document shown as read (it is, too, once shown for a few seconds)"),
    Command("mark_unread", "Mark as &Unread", "&Review", ("Ctrl+Shift+M",), review.mark_unread,
            tip="Mark the document shown as unread: its title is bold in the list again"),
    Command("star", "&Star or Unstar", "&Review", ("Ctrl+B",), review.toggle_star,
            tip="Star the document shown (is:starred finds it), or take its star away"),
    Command("tags", "&Tags…", "&Review", ("Ctrl+J",), review.edit_tags,
            tip="Tag the document shown, from the corpus's own tags or new ones (tag:NAME finds it)"),
    Command("notes", "&Notes", "&Review", ("Ctrl+N",), review.toggle_notes,
            tip="Show the notes pane and write in the document's note; from the pane, hide it"),
    Command("entity_note", "Note on the &Entity", "&Review", ("Ctrl+Shift+N",), review.note_on_entity,
            tip="Write a note on the entity at the caret, or the one chosen in the entity panel"),
    Command("review_filter", "&List Unread, Starred or All", "&Review", ("Ctrl+Alt+F",),
            review.cycle_review_filter,
            tip="The document list keeps the unread documents only, then the starred ones only, then"
            " all of them again; the document on screen stays listed"),
    Command("review_filter_again", "Apply the Reading Filter &Again", "&Review", ("F5",),
            review.apply_review_filter_again,
            tip="The documents read (unstarred, untagged) since the reading filter was applied leave the"
            " list, but the one on screen"),
    Command("list_tagged", "List Ta&gged…", "&Review", ("Ctrl+Alt+J",), review.list_tagged,
            tip="The document list keeps only the documents with a tag, chosen among the corpus's"),
    Command("relabel_entity", "&Relabel the Entity Everywhere…", "&Correct", ("F2",),
            correct.relabel_entity,
            tip="Give the entity at the caret (or the panel's) another label, every name of it, everywhere"),
    Command("relabel_mention", "Relabel This &Mention Only…", "&Correct", ("Shift+F2",),
            correct.relabel_mention, tip="Give the mention at the caret another label, here only"),
    Command("merge_entities", "&Merge with Another Entity…", "&Correct", ("Ctrl+Alt+M",),
            correct.merge_entities, tip="The entity at the caret and another, chosen by its name, are one"),
    Command("split_alias", "&Split This Name off Its Entity", "&Correct", ("Ctrl+Alt+U",),
            correct.split_alias,
            tip="The name at the caret ('Mr Blair') is not the entity it joined, but one of its own"),
    Command("reject_entity", "Re&ject: Never an Entity", "&Correct", ("Ctrl+Alt+X",),
            correct.reject_entity,
            tip="The entity at the caret ('he', 'Tuesday's') is no entity: its mentions go everywhere"),
    Command("add_text", "&Add the Selection Everywhere…", "&Correct", ("Ctrl+Alt+A",), correct.add_text,
            tip="Every occurrence of the selected text is an entity of a label chosen (the model missed it)"),
    Command("undo_correction", "&Undo the Last Correction", "&Correct", ("Ctrl+Z",), correct.undo_correction,
            tip="Undo the last correction, removal or import (in a text box, Ctrl+Z undoes the typing)"),
    Command("redo_correction", "Re&do the Correction", "&Correct", ("Ctrl+Shift+Z", "Ctrl+Y"),
            correct.redo_correction),
    Command("next_label_dispute", "&Next Disagreeing Label", "&Correct", ("F7",),
            disputes.next_label_dispute,
            tip="The next mention whose label is not its entity's (Yukos as ORG, the corpus's a PERSON),"
            " through the documents that have one; from the entity panel, that entity's only"),
    Command("previous_label_dispute", "&Previous Disagreeing Label", "&Correct", ("Shift+F7",),
            disputes.previous_label_dispute),
    Command("show_corrections", "&Corrections…", "&Correct", ("Ctrl+Alt+C",), correct.show_corrections,
            tip="Every correction of the corpus, with how many mentions it changes; Delete removes one"),
    Command("import_corrections", "&Import Corrections…", "&Correct", ("Ctrl+Alt+I",),
            correct.import_corrections,
            tip="Add the corrections of a JSON Lines file (seedview corrections export writes them)"),
    Command("export_corrections", "&Export Corrections…", "&Correct", ("Ctrl+Alt+E",),
            correct.export_corrections, tip="Write the corpus's corrections to a JSON Lines file, to share"),
    Command("zoom_in", "Zoom &In", "&View", (Key.ZoomIn, "Ctrl++", "Ctrl+="), plain.zoom_in),
    Command("zoom_out", "Zoom &Out", "&View", (Key.ZoomOut, "Ctrl+-"), plain.zoom_out),
    Command("zoom_reset", "&Reset Zoom", "&View", ("Ctrl+0",), plain.zoom_reset),
    Command("toggle_type_at_caret", "&Hide or Show the Type at the Caret", "&View", ("Ctrl+H",),
            plain.toggle_type_at_caret),
    Command("show_all_types", "Show &All Entity Types", "&View", ("Ctrl+Shift+H",),
            plain.show_all_types),
    Command("show_notices", "Problems with This &Document…", "&View", ("Ctrl+I",), plain.show_notices,
            tip="Every problem found in the document shown and its annotation file"),
    Command("label_cue", "Show Entity &Labels", "&View", ("Ctrl+Shift+L",), plain.toggle_label_cue,
            tip="Write each entity's type after it, so the highlights never rely on colour alone",
            checked=plain.label_cue_shown),
    Command("switch_theme", "Switch &Theme", "&View", ("Ctrl+Shift+T",), plain.switch_theme,
            tip="Follow the system's light or dark colours, or choose light or dark"),
    Command("colour_blind", "Colour-&Blind-Safe Colours", "&View", ("Ctrl+Shift+B",),
            plain.toggle_colour_blind, tip="Entity colours that stay apart for every kind of colour vision",
            checked=plain.colour_blind_safe),
    Command("compare_engine", "&Compare with the Engine", "&View", ("Ctrl+K",),
            compare.toggle_engine_comparison,
            tip="For documents with entities from a file: show the engine's entities instead, and "
            "how they differ", checked=compare.comparing),
    Command("next_difference", "&Next Difference", "&View", ("Alt+K",), compare.go_next_difference,
            tip="While comparing (Ctrl+K): select the next entity only the file or only the engine has"),
    Command("previous_difference", "Pre&vious Difference", "&View", ("Alt+Shift+K",),
            compare.go_previous_difference),
    Command("document_list", "Docu&ment List", "&View", ("Alt+1",), layout.toggle_document_list,
            tip="Hide or show the document list beside the text", checked=layout.document_list_shown),
    Command("entity_panel", "&Entity Panel", "&View", ("Alt+2",), layout.toggle_entity_panel,
            tip="Hide or show the entity types and the document's entities beside the text",
            checked=layout.entity_panel_shown),
    Command("docked_panes", "Docked &Panes", "&View", ("Alt+3",), layout.toggle_docks,
            tip="Hide or show the charts and any other docked pane", checked=layout.docks_shown),
    Command("reading_mode", "Readin&g Mode", "&View", ("F9",), layout.toggle_reading_mode,
            tip="Only the text, every pane hidden; F9 or Esc shows them again", checked=layout.reading),
    Command("leave_reading_mode", "Leave Reading Mode", "&View", ("Escape",), layout.leave_reading_mode,
            scope="text", enabled=layout.reading),
    Command("sort_list", "&Sort the Document List…", "&View", ("Ctrl+Alt+O",), views.choose_sort,
            tip="By date, title, file name, entity count, or relevance while a search's documents are"
            " listed"),
    Command("toggle_legend_type", "Hide or Show the Selected Type", "&View", ("Space",),
            plain.toggle_selected_legend_type, scope="legend",
            tip="In the legend: hide or show the highlighted type"),
    Command("show_shortcuts", "&Keyboard Shortcuts", "&Help", (Key.HelpContents, "F1"),
            plain.show_shortcuts),
    Command("about", "&About Seedview", "&Help", ("Shift+F1",), desktop.show_about,
            tip="Seedview's version, its entity model and the licences of what it is made of"),
)


@dataclass(frozen=True)
class DialogCommand:
    """A command of a dialog (the corpus search, the entity table): its keys work while the
    dialog is open, and it runs on the window and the dialog."""

    id: str
    text: str
    menu: str
    shortcuts: tuple[str, ...]
    run: Callable[[CommandContext, QDialog], object]
    scope: str  # the dialog's name, as F1 and the README say it


DIALOG_COMMANDS: tuple[DialogCommand, ...] = (
    DialogCommand("search_timeline", "Timeline of the Query", "&Search", ("Ctrl+T",),
                  charts.timeline_of_search, "search box"),
    DialogCommand("search_list", "List the Matching Documents, Best First", "&Search", ("Ctrl+Return",),
                  views.list_search_documents, "search box"),
    DialogCommand("table_timeline", "Timeline of the Entity", "&Search", ("Ctrl+T",),
                  charts.timeline_of_table_entity, "entity table"),
    DialogCommand("table_connections", "Connections of the Entity", "&Search", ("Ctrl+R",),
                  charts.connections_of_table_entity, "entity table"),
    DialogCommand("table_disputes", "Disagreeing Labels of the Entity", "&Correct", ("F7",),
                  disputes.disputes_of_table_entity, "entity table"),
    DialogCommand("remove_correction", "Remove the Correction", "&Correct", ("Delete", "Backspace"),
                  correct.remove_chosen_correction, "Corrections view"),
)


def add_dialog_actions(dialog: QDialog, scope: str, context: CommandContext) -> dict[str, QAction]:
    """The QActions of the dialog commands of `scope` on an open dialog, by command id."""
    actions: dict[str, QAction] = {}
    for command in DIALOG_COMMANDS:
        if command.scope != scope:
            continue
        action = QAction(command.text.replace("&", ""), dialog)
        action.setObjectName(command.id)
        action.setShortcuts([QKeySequence(key) for key in command.shortcuts])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False, run=command.run: run(context, dialog))
        dialog.addAction(action)
        actions[command.id] = action
    return actions


def create_actions(
    parent: QWidget, trigger: Callable[[Command], Callable[[], object]], scopes: Mapping[str, QWidget]
) -> dict[str, QAction]:
    """One QAction per command, its shortcuts set and `trigger(command)` connected to it.

    Window-wide actions are added to `parent`; scoped ones to their widget with a widget shortcut.
    """
    actions: dict[str, QAction] = {}
    for command in COMMANDS:
        widgets = command.widgets()
        owner: QObject = scopes[widgets[0]] if widgets else parent
        action = QAction(command.text, owner)
        action.setObjectName(command.id)
        action.setCheckable(command.checkable)
        action.setShortcuts(command.key_sequences())
        if command.tip:
            action.setStatusTip(command.tip)
        if not widgets:
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            parent.addAction(action)
        else:
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            for name in widgets:
                scopes[name].addAction(action)
        action.triggered.connect(trigger(command))
        actions[command.id] = action
    return actions


def is_typeable(sequence: QKeySequence) -> bool:
    """False for dedicated hardware keys (Help, Open, Zoom In…) that platform bindings add."""
    key = sequence[0].key()  # type: ignore[index]  # the stubs miss QKeySequence.operator[]
    return key != Qt.Key.Key_Help and not Qt.Key.Key_Back.value <= key.value < Qt.Key.Key_unknown.value


def shortcut_rows() -> list[tuple[str, str, str]]:
    """(menu, command, keys) for every command, for the F1 list; keys in the platform's notation."""
    rows = []
    for command in COMMANDS:
        keys = key_names(s for s in command.key_sequences() if is_typeable(s))
        widgets = command.widgets()
        where = f" (in the {' or '.join(widgets)})" if widgets else ""
        rows.append((command.menu.replace("&", ""), command.text.replace("&", "") + where, keys))
    rows += [(command.menu.replace("&", ""), f"{command.text} (in the {command.scope})",
              key_names(command.shortcuts)) for command in DIALOG_COMMANDS]
    rows += [key.row() for key in WIDGET_KEYS]
    return rows + [(menu, text, key_names(keys)) for menu, text, keys in CHART_KEY_ROWS]
