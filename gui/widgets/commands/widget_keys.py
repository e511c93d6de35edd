"""The keys that widgets handle themselves rather than through the command table's QActions (the
entity panel's tree, the search box's history, a box over a list of results, the sort chooser),
declared once: the widgets that handle a key by hand test it with `WidgetKey.matches`, and the F1
list and the README list every row (gui/widgets/commands/actions.shortcut_rows). Keys a Qt widget
handles on its own (the tree's Right and Enter, a combo box's Alt+Down) are declared here too, so
that the help says them; the tests check that the widgets do what the rows say.

Keys are portable QKeySequence strings; `words` stands for what no key sequence says (a click,
every arrow)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent, QKeySequence


def key_names(keys: Iterable[str | QKeySequence]) -> str:
    """Keys as F1 and the README say them, in the platform's notation ("Esc", "PgDown"): every
    row's keys go through here, so that one key has one spelling whoever declared it."""
    from PySide6.QtGui import QKeySequence

    return ", ".join(QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText) for key in keys)


@dataclass(frozen=True)
class WidgetKey:
    """Keys of one widget: the menu F1 lists them under, what they do, the widget (as F1 names
    it) and the keys, or words in their place."""

    menu: str
    text: str
    where: str
    keys: tuple[str, ...] = ()
    words: str = ""

    def matches(self, event: QKeyEvent) -> bool:
        """Whether the key pressed is one of these keys (the keypad's Enter is Enter)."""
        # Imported here: the sort chooser above the list is made before the first paint, which
        # makes no key sequence (tests/integration/test_first_paint.py).
        from PySide6.QtCore import QKeyCombination, Qt
        from PySide6.QtGui import QKeySequence

        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        pressed = QKeySequence(QKeyCombination(modifiers, Qt.Key(event.key())))
        return any(QKeySequence(key).matches(pressed) == QKeySequence.SequenceMatch.ExactMatch
                   for key in self.keys)

    def row(self) -> tuple[str, str, str]:
        """(menu, command (where), keys) as F1 and the README list it; keys in the platform's notation."""
        return self.menu, f"{self.text} (in the {self.where})", self.words or key_names(self.keys)


COPY_TEXT = WidgetKey("Edit", "Copy the Selection", "text", ("Ctrl+C",))
DOCUMENT_STEP = WidgetKey("Go", "Previous or Next Document", "document list", ("Up", "Down"))
MOVE_CARET = WidgetKey("Go", "Move the Caret, Select Text", "text", words="Arrows, Shift+Arrows")
# The entity panel's tree: Qt's own keys for a tree and its `activated` signal.
ENTITY_NAMES = WidgetKey("Go", "Show an Entity's Names in the Document, or Hide Them", "entity panel",
                         ("Right", "Left"))
NEXT_MENTION = WidgetKey("Go", "Select the Next Mention of the Entity or Name",
                         "entity panel", ("Return", "Enter"))
# A box over a list of results: the search box (Ctrl+Shift+F), quick open (Ctrl+P), the entity
# table's name box and choosers (Ctrl+Shift+E), and the connections' entity box and order chooser
# (Ctrl+R; Enter in its entity box asks for the entity typed).
RESULTS_MOVE = WidgetKey("Go", "Move in the Results Below",
                         "search box, quick open, entity table or connections",
                         ("Up", "Down", "PgUp", "PgDown"))
RESULTS_CHOOSE = WidgetKey("Go", "Open the Result Chosen", "search box, quick open or entity table",
                           ("Return", "Enter"))
OLDER_SEARCH = WidgetKey("Search", "Recall an Earlier Search, into an Empty Box", "search box",
                         ("Up",))
NEWER_SEARCH = WidgetKey("Search", "Recall a Later Search", "search box", ("Down",))
# A combo box's own keys, left to it where the arrows move in the results (the entity table, the
# connections) or do nothing (the timeline's Bars: a chart below, no list).
OPEN_CHOOSER = WidgetKey("Search", "Open a Chooser's List (Type, Sort By, Bars)",
                         "sort chooser, entity table, connections or timeline", ("Alt+Down", "F4"))
# A spin box's own keys: it has no list to open, and the list below is not its (Tab from the
# entity box goes to the list without passing it).
STEP_TOP = WidgetKey("Search", "More or Fewer Entities in the Network", "connections' Top box",
                     ("Up", "Down", "PgUp", "PgDown"))
CHOOSE_ORDER = WidgetKey("View", "Choose the List's Order", "sort chooser", ("Up", "Down"))
ORDER_CHOSEN = WidgetKey("View", "Back to the Document List", "sort chooser", ("Return", "Enter", "Escape"))
LEGEND_CLICK = WidgetKey("View", "Hide or Show a Type", "legend", words="Click")

WIDGET_KEYS: tuple[WidgetKey, ...] = (
    COPY_TEXT, DOCUMENT_STEP, MOVE_CARET, ENTITY_NAMES, NEXT_MENTION, RESULTS_MOVE, RESULTS_CHOOSE,
    OLDER_SEARCH, NEWER_SEARCH, OPEN_CHOOSER, STEP_TOP, CHOOSE_ORDER, ORDER_CHOSEN, LEGEND_CLICK,
)
