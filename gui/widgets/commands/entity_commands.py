"""The commands that follow entities, each a function of a command context: mentions, same-type
steps, the entity filter, the corpus search and the corpus's entities."""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Protocol, cast

from PySide6.QtCore import QObject, Qt

from gui.core.entities.mentions import EntityKey, MentionGroup, group_at, next_mention
from gui.core.entities.postprocess import PERSON
from gui.core.model.display_text import isolate
from gui.core.model.offsets import OffsetMap
from gui.widgets.panels.legend import LabelRole as LegendLabelRole

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from gui.core.corpus.store import CorpusStore
    from gui.core.corpus.store_entities import Mentioning
    from gui.core.model.document import Entity
    from gui.core.session.events import StoreAnswer
    from gui.widgets.commands.command_context import CommandContext
    from gui.widgets.panels.corpus_search import ChosenHit

NO_ENTITY = "Put the caret on an entity first"
NO_CHOSEN_TYPE = "Choose a type in the legend first (Ctrl+3)"


# What a chip adds while the store's answer may still grow: the store is still taking the
# folder's documents (a new or rebuilt store, a folder changed on disk), or the engine is still
# finding entities for some of them.
STILL_INDEXING = " so far (still indexing)"
STILL_ANNOTATING = " so far (still annotating)"


def still_coming(window: CommandContext) -> str:
    """The chip's STILL_INDEXING or STILL_ANNOTATING while the store's answers may still grow,
    else nothing: a store that held every document from before (its entities from the cache)
    says no "annotating" once it has checked the folder. A resolution of the entities under way
    is not said: it adds no document, and the filter is asked again when it is done."""
    store = window.store
    if window.indexing_done() or window.session.corpus is None:
        return ""
    if not store.up_to_date:
        return STILL_INDEXING
    return STILL_ANNOTATING if store.pending else ""


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
        filter_by_entity(window, group.key, group.name)


def filter_by_entity(window: CommandContext, key: EntityKey, name: str = "") -> None:
    """List only the documents that mention an entity, with a chip to remove the filter; `name`:
    the entity's name as shown (the key's is case-folded), said until the store names it.

    A person is followed by full name and bare surname alike ("Khalifa Haftar", "Haftar"). The
    corpus store answers off the UI thread; the list is filtered when it has.
    """
    window.session.entity_filter, window.session.entity_filter_name = key, ""
    if window.main_window.findChild(FirstMentionOpening) is None:
        FirstMentionOpening(window)  # a child of the window, which keeps it
    _apply_filter(window, key, announce=True, name=name)


def _shown_mentions(window: CommandContext, key: EntityKey) -> bool:
    """Whether the document on screen mentions the entity, by its own entities."""
    return first_mention(current_groups(window), key) is not None


def _apply_filter(window: CommandContext, key: EntityKey, announce: bool = False, name: str = "") -> None:
    from gui.core.corpus.store_entities import mentioning

    # The list's rows that the documents are on are found in the store's thread too: a look-up
    # per row of a big folder would stall the window. The list of ids is the list model's own,
    # which it replaces rather than changes, and the sidebar uses the rows only while it is.
    model = window.document_pane.source_model
    listing = model.document_ids() if model is not None else []

    def question(store: CorpusStore) -> tuple[Mentioning, list[int]]:
        found = mentioning(store, key.label, key.name)
        ids = found.ids  # a name of this frame: looked up for each of the listing's rows
        return found, [row for row, doc_id in enumerate(listing) if doc_id in ids]

    def filtered(reply: StoreAnswer) -> None:
        if window.session.entity_filter != key:
            return  # another filter was chosen, or this one removed, meanwhile
        if reply.problem:
            _message(window, reply.problem, 8000)
            return
        found, rows = cast("tuple[Mentioning, list[int]]", reply.result)
        count, coming = found.count, still_coming(window)
        # The store names an entity it holds; one it holds no document of yet keeps the name shown.
        named = found.name if count else name or window.session.entity_filter_name or key.name
        window.session.entity_filter_name = named
        shown_name, label = isolate(named), isolate(key.label)
        what = _documents(count) if count or not coming else "none"
        description = f"Mentioning {shown_name} ({label}): {what}{coming}"
        pane = window.document_pane
        shown_id = pane.shown_id
        was_listed = shown_id is not None and shown_id in (pane.filter_model.allowed_ids or ())
        # The document shown stays when the same filter is asked again as the store changes
        # (it may be out of the answer for a moment, while it is indexed again), and when it
        # mentions the entity (the store may not hold it yet): the reader pressed Ctrl+E on it.
        # Otherwise the list shows its first document: a jump.
        keep = not announce or _shown_mentions(window, key)
        origin = window.jumps.location() if announce else None
        pane.set_entity_filter(found.ids, description, rows_in=(listing, rows), keep_shown=keep)
        out = shown_id is not None and shown_id not in found.ids and keep
        if coming:
            why = "not listed so far (the store is still taking it in)"
        else:
            why = "not listed: the store has it mentioning no name of the entity" if announce else (
                f"not listed: it no longer mentions {shown_name}")
        if announce:
            window.jumps.came_from(origin)
            if count or not coming:
                verb = "mentions" if count == 1 else "mention"
                said = f"{_documents(count)} {verb} {shown_name}{coming}"
            else:
                said = f"No document mentions {shown_name}{coming}"
            if out:
                said += f"; the document shown is {why}, and stays shown"
            _message(window, f"{said}; Esc in the list shows all", 8000 if out else 5000)
        elif out and was_listed:
            _message(window, f"The document shown is {why}; it stays shown (Esc in the list shows all)", 8000)

    window.store.ask(question, filtered, kind="entity filter")


class ShowingWindow(Protocol):
    """A command context that says when a document's text and its entities are on screen (the
    window's signals; the CommandContext Protocol does not list them)."""

    @property
    def documentShown(self) -> SignalInstance:
        """Emitted with a document's id once its text is on screen."""

    @property
    def highlightsShown(self) -> SignalInstance:
        """Emitted with a document's id once its entities are highlighted (maybe none)."""


class FirstMentionOpening(QObject):
    """Opens a document shown while the list is filtered by an entity with the entity's first
    mention selected, once the document's mentions are known (they may come after its text).
    A place the reader or a jump chose first is kept."""

    def __init__(self, window: CommandContext) -> None:
        super().__init__(window.main_window)
        self._window_ref = weakref.ref(window)  # the window owns this object: no cycle through it
        # The document waiting for its mentions, the entity, and where the caret was when shown.
        self._pending: tuple[str, EntityKey, tuple[int, int]] | None = None
        signals = cast("ShowingWindow", window)
        signals.documentShown.connect(self._on_document_shown)
        signals.highlightsShown.connect(self._on_highlights_shown)
        # The panel's rows come with the corpus's entities (every name of the entity) after the
        # highlights: the first mention may be known only then.
        window.entity_panel_model.modelReset.connect(self._on_panel_rows)

    def keep_place(self) -> None:
        """Leave the caret where it is: the reader or a jump chose the place."""
        self._pending = None

    def _on_document_shown(self, doc_id: str) -> None:
        window = self._window_ref()
        self._pending = None
        if window is None:
            return
        key = window.session.entity_filter
        if key is None or not window.document_pane.has_entity_filter():
            return
        cursor = window.view.textCursor()
        self._pending = (doc_id, key, (cursor.anchor(), cursor.position()))
        self._select_first_mention(window)

    def _on_highlights_shown(self, doc_id: str) -> None:
        window = self._window_ref()
        if window is not None and self._pending is not None and self._pending[0] == doc_id:
            self._select_first_mention(window)

    def _on_panel_rows(self) -> None:
        window = self._window_ref()
        if window is None or self._pending is None:
            return
        current = window.session.current
        if current is not None and current.id == self._pending[0]:
            self._select_first_mention(window)

    def _select_first_mention(self, window: CommandContext) -> None:
        assert self._pending is not None
        doc_id, key, caret = self._pending
        current, cursor = window.session.current, window.view.textCursor()
        if (
            current is None or current.id != doc_id or window.session.entity_filter != key
            or (cursor.anchor(), cursor.position()) != caret  # the reader has moved meanwhile
        ):
            self._pending = None
            return
        found = first_mention(current_groups(window), key)
        if found is None and not window.entity_panel_model.stale:
            # A name of the corpus entity the document alone does not group with it.
            found = first_mention(tuple(row.group for row in window.entity_panel_model.rows()), key)
        if found is None:
            return  # the mentions are not known yet (or not grouped yet): wait for them
        self._pending = None
        group, mention = found
        offsets = OffsetMap(current.body)
        window.view.select_range(offsets.to_utf16(mention.start), offsets.to_utf16(mention.end))
        _message(window, f"The first mention of {isolate(group.name)}", 4000)


def keep_place(window: CommandContext) -> None:
    """A jump chose the place in the document shown: no entity filter's first mention moves it."""
    opening = window.main_window.findChild(FirstMentionOpening)
    if opening is not None:
        opening.keep_place()


def first_mention(groups: tuple[MentionGroup, ...], key: EntityKey) -> tuple[MentionGroup, Entity] | None:
    """The first mention, in text order, of the entity `key` in a document's groups, under any
    of the names the entity filter follows (store_query.same_person's rule, within the document):
    a full PERSON name's bare surname, a bare surname's one full name."""
    names = [group for group in groups if group.key == key]
    words = key.name.split()
    if key.label == PERSON and words:
        surname = words[-1]
        people = [group for group in groups if group.label == PERSON and group.key != key]
        full = [group for group in people if " " in group.key.name and group.key.name.split()[-1] == surname]
        if len(words) > 1 and not full:
            # The document grouped a bare surname apart: it names this person unless another
            # full name here ends with it ("Clinton" beside Bill and Hillary Clinton).
            names += [group for group in people if group.key.name == surname]
        elif len(words) == 1 and len(full) == 1:
            names += full
    mentions = [(mention.start, group, mention) for group in names for mention in group.mentions]
    if not mentions:
        return None
    _, group, mention = min(mentions, key=lambda found: found[0])
    return group, mention


def refresh_filter(window: CommandContext) -> None:
    """The corpus store changed: the entity filter takes in the documents it now knows of."""
    key = window.session.entity_filter
    if key is not None and window.document_pane.has_entity_filter():
        _apply_filter(window, key)


def settle_chip(window: CommandContext) -> None:
    """Once every document has its entities, the chip stops saying annotation goes on. An entity
    filter or a listed search is asked again on the same change (and says its new count); a
    listing that is not (a chart's period or link) keeps its documents and says when it was made."""
    pane = window.document_pane
    said = pane.chip_label.text()
    suffix = next((end for end in (STILL_INDEXING, STILL_ANNOTATING) if said.endswith(end)), "")
    if not pane.has_entity_filter() or not suffix or still_coming(window) == suffix:
        return
    asked_again = window.session.entity_filter is not None or bool(pane.listed_search)
    said = said.removesuffix(suffix)
    ended = "indexing" if suffix == STILL_INDEXING else "annotation"
    pane.say_why_listed(
        said + still_coming(window) if asked_again else f"{said} (listed before {ended} ended)"
    )


def clear_entity_filter(window: CommandContext) -> None:
    """Show every document again after an entity filter."""
    window.session.entity_filter = None
    if not window.document_pane.clear_entity_filter():
        _message(window, "No entity filter to clear", 2000)


def show_corpus_search(window: CommandContext) -> None:
    """Search every document of the folder, in the query language (gui/core/search/query)."""
    corpus = window.session.corpus
    if corpus is None:
        return
    from gui.widgets.panels.corpus_search import CorpusSearchDialog  # dialogs: kept off the start-up path

    dialog = CorpusSearchDialog(window.store, corpus, window.main_window)
    dialog.hitChosen.connect(lambda hit: _open_hit(window, hit))
    window.storeChanged.connect(dialog.search_soon)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()


def _open_hit(window: CommandContext, hit: ChosenHit) -> None:
    if window.jumps.jump_to(hit.doc_id, hit.start, hit.end):
        window.view.setFocus(Qt.FocusReason.OtherFocusReason)


def show_corpus_entities(window: CommandContext) -> None:
    """The most mentioned entities of the folder, by type; Enter filters the list by one."""
    from gui.widgets.panels.corpus_entities import CorpusEntitiesDialog  # kept off the start-up path

    dialog = CorpusEntitiesDialog(window.store, window.entity_palette, window.main_window)
    dialog.entityChosen.connect(lambda key: filter_by_entity(window, key))
    window.storeChanged.connect(dialog.refresh_soon)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()


def _documents(count: int) -> str:
    return f"{count:,} document" if count == 1 else f"{count:,} documents"
