"""The commands of the document list's view, each a function of a command context: its order
(the chooser above the list), a search's documents listed by relevance, and saved views (the
list's filter, its narrowing and its order under a name, in the desk; gui/core/desk/views.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QLineEdit

from gui.core.corpus.list_order import SortBy
from gui.core.desk.views import SavedView, clean_name, delete_view, save_view, saved_views
from gui.core.entities.mentions import EntityKey
from gui.core.model.display_text import isolate
from gui.core.search.query import QueryError, parse_query
from gui.widgets.commands.entity_commands import still_coming

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from gui.core.corpus.store import CorpusStore
    from gui.core.session.events import StoreAnswer
    from gui.widgets.commands.command_context import CommandContext


def show_quick_open(window: CommandContext) -> None:
    """Quick open (Ctrl+P), which lists the saved views too: Enter on one shows the list so."""
    from gui.widgets.commands.window_commands import show_quick_open as show_documents
    from gui.widgets.panels.quick_open import NamedView, QuickOpenDialog

    show_documents(window)
    dialogs = window.main_window.findChildren(QuickOpenDialog)
    if not dialogs:
        return
    dialog = dialogs[-1]  # the one just opened

    def listed(reply: StoreAnswer) -> None:
        if isinstance(reply.result, list):
            dialog.set_views([NamedView(name, view) for name, view in reply.result])

    def chosen() -> None:
        item = dialog.chosen_item()
        if isinstance(item, NamedView):
            restore_view(window, item.name, item.view)

    dialog.accepted.connect(chosen)
    window.store.ask(lambda store: saved_views(store.db), listed, dialog)


def forget_view_prompt(window: CommandContext) -> None:
    """List the saved views to choose one to forget (Enter forgets it; Esc forgets none)."""
    if window.session.corpus is None:
        return
    from gui.widgets.panels.quick_open import VIEW_PREFIX, NamedView, QuickOpenDialog

    dialog = QuickOpenDialog((), window.main_window)
    dialog.setObjectName("forgetView")
    dialog.setWindowTitle("Forget a Saved View")
    dialog.edit.setText(VIEW_PREFIX)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def listed(reply: StoreAnswer) -> None:
        if isinstance(reply.result, list):
            dialog.set_views([NamedView(name, view) for name, view in reply.result])

    def forgotten(name: str, reply: StoreAnswer) -> None:
        if reply.problem:
            window.say(f"The view could not be forgotten: {reply.problem}", 8000)
        else:
            window.say(f"Forgot the view “{isolate(name)}”", 5000)

    def chosen() -> None:
        item = dialog.chosen_item()
        if isinstance(item, NamedView):
            name = item.name
            window.store.ask(lambda store: delete_view(store.db, name), lambda reply: forgotten(name, reply))

    dialog.accepted.connect(chosen)
    dialog.open()
    window.store.ask(lambda store: saved_views(store.db), listed, dialog)


def choose_sort(window: CommandContext) -> None:
    """Focus the chooser of the list's order: Up and Down sort at once, Enter goes to the list."""
    window.document_pane.sort_chooser.setFocus(Qt.FocusReason.ShortcutFocusReason)
    window.say("Up and Down change the order (F4 lists them); Enter goes back to the list", 5000)


def list_search(
    window: CommandContext, text: str, then_sort: SortBy | None = None, quiet: bool = False
) -> None:
    """List only the documents `text` (a query) matches, best first, with a chip that says so;
    `then_sort`: in that order instead, once they are listed (a saved view's). `quiet`: the store
    took documents, and the search listed is listed again as it now stands, in the list's order,
    its current row and the focus kept, nothing said (corpus_search.ListedSearchUpkeep)."""
    from gui.core.corpus.store_query import ranked_ids
    from gui.widgets.panels.corpus_search import ListedSearchUpkeep

    try:
        query = parse_query(text)
    except QueryError as error:
        if not quiet:
            window.say(f"⚠ {error}", 5000)
        return
    pane = window.document_pane
    if not quiet:
        window.session.entity_filter = None  # the store's updates must not put an entity filter back
        if window.main_window.findChild(ListedSearchUpkeep) is None:
            ListedSearchUpkeep(window)  # a child of the window, which keeps it

    def listed(reply: StoreAnswer) -> None:
        if quiet and (pane.listed_search != text or not pane.has_entity_filter()):
            return  # another listing meanwhile
        if reply.problem or not isinstance(reply.result, list):
            if not quiet:
                window.say(reply.problem or "The search could not be listed", 8000)
            return
        ranked: list[str] = reply.result
        if quiet and frozenset(ranked) == pane.filter_model.allowed_ids:
            return  # nothing new to list
        count = len(ranked)
        noun = "document" if count == 1 else "documents"
        description = f"Matching {isolate(text)}: {count:,} {noun}{still_coming(window)}"
        order = pane.sort_by if quiet and pane.sort_by is not SortBy.RELEVANCE else then_sort
        # Listed again as the store changed: the document shown stays, as for an entity filter.
        pane.set_entity_filter(frozenset(ranked), description, ranked, search=text, keep_shown=quiet)
        if order is not None:
            pane.set_sort(order)
        if not quiet:
            window.say(f"{description}, best first; Esc in the list shows all", 5000)

    window.store.ask(lambda store: ranked_ids(store, query), listed, kind="listed search")


def list_search_documents(window: CommandContext, dialog: QDialog) -> None:
    """In the search box: list the documents its query matches, by relevance (the box closes)."""
    from gui.widgets.panels.corpus_search import CorpusSearchDialog

    assert isinstance(dialog, CorpusSearchDialog)
    text = dialog.edit.text().strip()
    if not text:
        return
    dialog.reject()
    list_search(window, text)
    window.document_pane.focus_list()


def current_view(window: CommandContext) -> SavedView:
    """What the list shows now, as a view to save."""
    pane, session = window.document_pane, window.session
    filter_text, sort = pane.filter_edit.text(), pane.sort_by.value
    review = window.review_filter.review.setting if window.made("review_filter") else "all"
    if not pane.has_entity_filter():
        return SavedView(filter_text, sort, review=review)
    if pane.listed_search:
        return SavedView(filter_text, sort, search=pane.listed_search, review=review)
    key = session.entity_filter
    if key is not None:
        named = session.entity_filter_name
        return SavedView(filter_text, sort, entity=(key.label, key.name), description=named, review=review)
    ids = pane.filter_model.allowed_ids or frozenset()
    return SavedView(filter_text, sort, documents=tuple(sorted(ids)), description=pane.chip_label.text(),
                     review=review)


def save_view_prompt(window: CommandContext) -> None:
    """Ask for a name, then save what the list shows under it (Ctrl+P lists it)."""
    if window.session.corpus is None:
        return
    view = current_view(window)
    dialog = QInputDialog(window.main_window)
    dialog.setObjectName("saveView")
    dialog.setWindowTitle("Save the View")
    dialog.setLabelText(f"Save the list ({view.summary()}) as:")
    dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
    dialog.setOkButtonText("Save")
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.textValueSelected.connect(lambda name: _save(window, name, view))
    dialog.open()


def _save(window: CommandContext, name: str, view: SavedView) -> None:
    name = clean_name(name)
    if not name:
        window.say("A saved view needs a name: nothing was saved", 5000)
        return

    def save(store: CorpusStore) -> bool:
        replaced = any(kept == name for kept, _ in saved_views(store.db))
        save_view(store.db, name, view)
        return replaced

    def saved(reply: StoreAnswer) -> None:
        if reply.problem:
            window.say(f"The view could not be saved: {reply.problem}", 8000)
        else:
            verb = "Replaced" if reply.result else "Saved"
            window.say(f"{verb} the view “{isolate(name)}”: Ctrl+P lists it", 5000)

    window.store.ask(save, saved)


def restore_view(window: CommandContext, name: str, view: SavedView) -> None:
    """Show the list as the view saved it: its filter words, its narrowing (asked of the store
    again for an entity or a search), its reading filter and its order."""
    from gui.core.desk.review_filter import ReviewFilter
    from gui.widgets.commands.entity_commands import filter_by_entity

    pane = window.document_pane
    window.session.entity_filter = None
    pane.clear_entity_filter()
    pane.filter_edit.setText(view.filter_text)
    sort = SortBy.parse(view.sort)
    pane.set_sort(sort)
    review = ReviewFilter.parse(view.review)
    if review.on or window.made("review_filter"):
        window.review_filter.choose(review, say=False)
    if view.entity is not None:
        filter_by_entity(window, EntityKey(*view.entity))
    elif view.search is not None:
        list_search(window, view.search, then_sort=sort)
    elif view.documents is not None:
        corpus = window.session.corpus
        listed = frozenset(doc_id for doc_id in view.documents if corpus is not None and corpus.entry(doc_id))
        pane.set_entity_filter(listed, view.description or f"{len(listed):,} documents")
    window.say(f"The view “{isolate(name)}”: {isolate(view.summary())}", 5000)
    pane.focus_list()
