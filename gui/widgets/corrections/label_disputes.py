"""The key to the mentions whose label disagrees with their entity's (issue 15, label consensus):
F7 selects the next mention in the document whose label (the model's, or a mention's own
correction) is not its corpus entity's label ("Yukos" as an ORG where the corpus's Yukos is a
PERSON, 182 to 12); past the document's last, the document list is narrowed to the documents
holding such mentions (the store says which) and the next one opens at its first.

From the entity panel (its entity chosen) or the corpus entity table, F7 follows that entity's
disagreements alone; from the text, every entity's, or the one the list was narrowed to.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog

from gui.core.model.display_text import isolate
from gui.core.model.offsets import OffsetMap

if TYPE_CHECKING:
    from gui.core.corpus.store import CorpusStore
    from gui.core.corpus.store_label_disputes import FinalEntity
    from gui.core.model.document import Entity
    from gui.core.session.events import StoreAnswer
    from gui.widgets.commands.command_context import CommandContext
    from gui.widgets.commands.entity_commands import ShowingWindow


class LabelDisputes(QObject):
    """Walks the mentions that disagree with their entity's label (see the module)."""

    def __init__(self, window: CommandContext) -> None:
        super().__init__(window.main_window)
        self.setObjectName("labelDisputes")
        self._window_ref = weakref.ref(window)
        self.only: tuple[int, ...] | None = None  # the entities followed (None: every one)
        self.only_name = ""
        self._listed = False  # whether the list is narrowed to the documents with disagreements
        self._waiting: str | None = None  # a document opened for its first disagreement
        self._waiting_forward = True
        self._hops = 0  # documents opened since the key was pressed: once round the list, it stops
        cast("ShowingWindow", window).highlightsShown.connect(self._on_highlights_shown)

    @property
    def _window(self) -> CommandContext:
        window = self._window_ref()
        assert window is not None, "the window is gone"
        return window

    def follow(self, entity_ids: tuple[int, ...] | None, name: str = "") -> None:
        """From now on, follow these entities' disagreements (None: every entity's)."""
        if entity_ids != self.only:
            self._listed = False
        self.only, self.only_name = entity_ids, name

    def press(self, forward: bool = True) -> None:
        """The key was pressed: the next (or previous) disagreeing mention, wherever it is."""
        self._hops = 0
        self.step(forward)

    def step(self, forward: bool = True, from_top: bool = False) -> None:
        """Select the next (or previous) disagreeing mention; past the document's last, open the
        next document that has one."""
        window = self._window
        shown, current = window.session.shown, window.session.current
        if shown is None or current is None:
            self._next_document(forward)
            return
        body, entities, doc_id = current.body, shown.document.entities, current.id
        key = window.session.document_key
        texts = {body[entity.start : entity.end] for entity in entities}
        cursor = window.view.textCursor()
        offsets = OffsetMap(body)
        selection = (offsets.to_code_point(cursor.selectionStart()),
                     offsets.to_code_point(cursor.selectionEnd()))

        def question(store: CorpusStore) -> dict[str, FinalEntity]:
            from gui.core.corpus.store_label_disputes import mention_entities

            return mention_entities(store, key, texts)

        def answer(reply: StoreAnswer) -> None:
            if window.session.current is None or window.session.current.id != doc_id:
                return  # another document meanwhile
            if reply.problem or not isinstance(reply.result, dict):
                window.say(reply.problem or "The corpus store could not say", 6000)
                return
            disputes = self._disputes(body, entities, reply.result)
            found = self._after(disputes, selection, forward, from_top)
            if found is None:
                self._next_document(forward)
                return
            mention, entity = found
            window.view.select_range(offsets.to_utf16(mention.start), offsets.to_utf16(mention.end))
            text = isolate(body[mention.start : mention.end])
            name, label = isolate(entity.name), isolate(entity.label)
            window.say(f"{text} is {isolate(mention.label)} here; {name} is {label} in the corpus"
                       f" ({entity.summary()}): F7 goes on", 8000)

        window.store.ask(question, answer)

    def _disputes(self, body: str, entities: tuple[Entity, ...],
                  found: dict[str, FinalEntity]) -> list[tuple[Entity, FinalEntity]]:
        disputes = []
        for mention in entities:
            entity = found.get(body[mention.start : mention.end])
            if entity is not None and entity.label != mention.label and (
                self.only is None or entity.id in self.only
            ):
                disputes.append((mention, entity))
        return disputes

    @staticmethod
    def _after(disputes: list[tuple[Entity, FinalEntity]], selection: tuple[int, int], forward: bool,
               from_top: bool) -> tuple[Entity, FinalEntity] | None:
        if not disputes:
            return None
        if from_top:
            return disputes[0] if forward else disputes[-1]
        start, end = selection
        if forward:
            later = [d for d in disputes if (d[0].start, d[0].end) > (start, end) and d[0].start >= start]
            return later[0] if later else None
        earlier = [d for d in disputes if (d[0].start, d[0].end) < (start, end)]
        return earlier[-1] if earlier else None

    def _next_document(self, forward: bool) -> None:
        """Narrow the list to the documents with disagreements (once), and open the next one."""
        window = self._window
        pane = window.document_pane
        if self._listed and pane.has_entity_filter():
            self._open_next(forward)
            return
        overlay = window.session.corrections
        relabelled = overlay.state.entities.values() if overlay is not None else ()
        settled = [entity.id for entity in relabelled if entity.label is not None]
        only = self.only

        def question(store: CorpusStore) -> list[str]:
            from gui.core.corpus.store_label_disputes import disputed_documents

            return disputed_documents(store, only, settled)

        def answer(reply: StoreAnswer) -> None:
            if reply.problem or not isinstance(reply.result, list):
                window.say(reply.problem or "The corpus store could not say", 6000)
                return
            documents = reply.result
            whose = f" of {isolate(self.only_name)}" if only is not None and self.only_name else ""
            if not documents:
                window.say(f"No mention{whose} has another label than its entity's", 6000)
                return
            count = len(documents)
            noun = "document" if count == 1 else "documents"
            current = window.session.current
            listed = current is not None and current.id in documents
            self._listed = True
            # Not listed: the list opens its first document, and its first disagreement then.
            self._waiting, self._waiting_forward = (None if listed else ""), True
            pane.set_entity_filter(frozenset(documents), f"Labels disagreeing{whose}: {count:,} {noun}")
            window.say(f"{count:,} {noun} with labels disagreeing{whose}: F7 goes through them", 6000)
            if listed:
                self._open_next(forward)

        window.store.ask(question, answer)

    def _open_next(self, forward: bool) -> None:
        window = self._window
        self._hops += 1
        if self._hops > max(1, window.document_pane.filter_model.rowCount()):
            # Round the list without one: the store's documents were a little more than those.
            self._waiting = None
            window.say("No other mention has a label that disagrees with its entity's", 6000)
            return
        before = window.session.current.id if window.session.current else None
        self._waiting, self._waiting_forward = "", forward
        window.document_pane.step(lambda row, rows: (row + (1 if forward else -1)) % rows)
        after = window.session.current.id if window.session.current else None
        if after == before and after is not None:
            self._waiting = None
            self.step(forward, from_top=True)  # the only document with disagreements: round again

    def _on_highlights_shown(self, doc_id: str) -> None:
        if self._waiting is not None:
            self._waiting = None
            self.step(self._waiting_forward, from_top=True)


def disputes_of(window: CommandContext) -> LabelDisputes:
    """The window's walk through the disagreeing labels (made when first used)."""
    found = window.main_window.findChild(LabelDisputes, "labelDisputes")
    return found if found is not None else LabelDisputes(window)


def next_label_dispute(window: CommandContext) -> None:
    """Select the next mention whose label is not its entity's, through the corpus."""
    _dispute_step(window, True)


def previous_label_dispute(window: CommandContext) -> None:
    """Select the previous mention whose label is not its entity's."""
    _dispute_step(window, False)


def _dispute_step(window: CommandContext, forward: bool) -> None:
    walker = disputes_of(window)
    panel, current = window.entity_panel, window.session.current
    group = panel.current_group() if panel.hasFocus() else None
    if group is None or current is None:
        if not window.document_pane.has_entity_filter():
            walker.follow(None)
        walker.press(forward)
        return
    key, text = window.session.document_key, current.body[group.mentions[0].start : group.mentions[0].end]

    def question(store: CorpusStore) -> FinalEntity | None:
        from gui.core.corpus.store_label_disputes import mention_entities

        return mention_entities(store, key, [text]).get(text)

    def answer(reply: StoreAnswer) -> None:
        from gui.core.corpus.store_label_disputes import FinalEntity

        entity = reply.result
        if reply.problem or not isinstance(entity, FinalEntity):
            window.say(reply.problem or f"{isolate(group.name)} is in no corpus entity yet", 6000)
            return
        walker.follow((entity.id,), entity.name)
        walker.press(forward)

    window.store.ask(question, answer)


def disputes_of_table_entity(window: CommandContext, dialog: QDialog) -> None:
    """The disagreeing labels of the entity table's current entity (the table closes)."""
    from gui.widgets.panels.corpus_entities import CorpusEntitiesDialog, KeyRole

    assert isinstance(dialog, CorpusEntitiesDialog)
    chosen = dialog.table.currentIndex().data(KeyRole)
    if chosen is None:
        return
    dialog.reject()
    walker = disputes_of(window)

    def question(store: CorpusStore) -> list[int]:
        from gui.core.corpus.store_label_disputes import final_ids

        return final_ids(store, chosen.name)

    def answer(reply: StoreAnswer) -> None:
        if isinstance(reply.result, list) and reply.result:
            walker.follow(tuple(reply.result), chosen.name)
            window.view.setFocus()
            walker.press(True)

    window.store.ask(question, answer)
