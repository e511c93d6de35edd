"""The panels that follow the document on screen, the legend and the entity panel: filled with its
entities when the text is highlighted, or, before a shown window's first paint, right after it.

The entity panel groups the mentions by the corpus's entities (gui/core/session/final_groups) once
the corpus store has said what each of the document's texts means there, asked off the UI thread;
until it has, the document's own grouping shows, and the store's answer replaces it when it comes.
The answer is kept for the document shown: a correction regroups the rows from it at once (with
the corrections' overlay), and the store is asked again when it has written the correction (or
resolved the corpus again: `storeChanged`). An answer from before the store changed may still be
drawn, but it is never taken as the store's last word: the document is asked again whenever it is
shown, until an answer asked since comes (the question asked at the change may have been dropped
by the reader's next document).

A document shown for the first time has no answer yet: the panel waits for it a moment
(WAIT_FOR_STORE_MS, its rows of the document before marked stale meanwhile) and shows the
document's own grouping only if none comes by then, so that a quick answer (most are) is shown
directly, without the own rows first ("Mr Blair" as a row of its own) and the swap.
Most documents come with their answer, asked ahead: once the document shown has its rows, the
store is asked, as the last of the reader's questions, for the documents next and before it in
the list (`prefetch`), and the question of a document shown, or a change of the store, drops
that one if it is still not answered. Their answers are kept with the others.

A start's first screen is the text with its highlights; the panels' rows (their models' data,
their delegates, the tree's expansion) would come before that paint, and are a moment later
instead. A window not shown yet (a test's, a screenshot's before `show`) fills them at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gui.widgets.background.single_shot_timer import single_shot_timer
from gui.widgets.window_part import WindowPart

if TYPE_CHECKING:
    from gui.core.corpus.store import CorpusStore
    from gui.core.desk.corrections import DocumentKey
    from gui.core.insight.document_entities import DocumentEntities
    from gui.core.session.events import StoreAnswer
    from gui.core.session.reading_session import Shown
    from gui.widgets.window.main_window import MainWindow


KEPT_ANSWERS = 32  # documents whose entities the panel keeps what the store said of
# How long a document shown without an answer waits for the store's before its own grouping
# shows: two frames at 60 Hz, long enough for most answers on a first visit (benchmarks/entity_panel
# times the store's), short enough that a slow one does not leave the panel on the document before.
WAIT_FOR_STORE_MS = 35
PREFETCH = "panel entities ahead"  # the kind of the question asked ahead of the reader


class DocumentPanels(WindowPart["MainWindow"]):
    """Fills the window's legend and entity panel with the shown document's entities, then says
    `highlightsShown` (what reads the panels, such as the corrections' consensus, follows it)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._painted = False
        self._waiting: Shown | None = None  # drawn before the first paint: its panels after it
        self._fill_waiting = single_shot_timer(window, 0, self._fill_now)
        self._late = single_shot_timer(window, WAIT_FOR_STORE_MS, self._fall_back)  # no answer yet
        # What the store said of the last documents shown, by their desk key, with the store's
        # generation it was asked in: going back to one shows its corpus entities at once.
        # Forgotten when the store changes (a resolution numbers the entities anew), but for the
        # document shown, which is asked again.
        self._answers: dict[DocumentKey, tuple[int, DocumentEntities]] = {}
        self._generation = 0  # how many times the store changed (or was opened): answers' age
        window.storeChanged.connect(self._store_changed)
        window.store.opened.connect(self._store_opened)

    @property
    def answer(self) -> DocumentEntities | None:
        """What the store said of the document shown (its last answer), if it has."""
        session = self._window.session
        if session.chosen is None and session.current is None:
            return None
        kept = self._answers.get(session.document_key)
        return kept[1] if kept is not None else None

    def _store_opened(self, _opened: object) -> None:
        self._generation += 1
        self._answers.clear()  # another folder's (or the same, opened again)

    def _store_changed(self) -> None:
        self._generation += 1
        self._window.store.drop(PREFETCH)  # its answers would be of the store before
        shown = self.answer
        self._answers.clear()
        if shown is not None:  # drawn meanwhile, but not fresh: asked again
            self._answers[shown.document] = (self._generation - 1, shown)
        self.ask_entities()

    def show(self, shown: Shown) -> None:
        """Fill the panels for `shown`, or once the shown window is first painted."""
        if self._window.isVisible() and not self._painted:
            self._waiting = shown
        else:
            self._waiting = None
            self._fill(shown)

    def window_painted(self) -> None:
        """The window was painted (or its start came without a paint): fill what waited for it."""
        self._painted = True
        if self._waiting is not None:
            self._fill_waiting.start()

    def _fill_now(self) -> None:
        if self._waiting is not None and self.window_alive:
            shown, self._waiting = self._waiting, None
            self._fill(shown)

    def _fill(self, shown: Shown) -> None:
        window, annotation = self._window, shown.annotation
        self._late.stop()
        final = self._show_rows(shown)
        asking = annotation is not None and self._askable(shown) and not (final and self._exact(shown))
        if not final:
            if asking:  # its rows once the store answers, or its own in a moment
                window.entity_panel_model.stale = True
                self._late.start()
            else:
                self._own_rows(shown)
        if annotation is not None and annotation.groups:
            window.store_replies.ask_corpus_counts(annotation.groups)
        window.legend_model.set_counts(window.view.label_counts if annotation else {})
        if annotation is not None:
            window.highlightsShown.emit(shown.document.id)
            if asking:
                self.ask_entities()
            elif final:
                self.prefetch()

    def _fall_back(self) -> None:
        """The store has not answered in time: the document's own grouping shows meanwhile."""
        shown = self._window.session.shown
        if self.window_alive and shown is not None and not self._show_rows(shown):
            self._own_rows(shown)

    def _own_rows(self, shown: Shown) -> None:
        """The document's own grouping in the panel (its mentions grouped by themselves)."""
        annotation = shown.annotation
        self._window.entity_panel_model.set_groups(annotation.groups if annotation else (), _key(shown))

    def settled(self) -> bool:
        """Whether the entity panel lists what the store says of the document shown, with the
        corrections it is shown with (or there is nothing to ask): for tests and benchmarks."""
        shown = self._window.session.shown
        if shown is None or shown.annotation is None or not shown.document.entities:
            return True
        return self._exact(shown) and not self._window.store.answering

    def _exact(self, shown: Shown) -> bool:
        """Whether the answer kept is about the document as shown, asked of the store as it is,
        and says what each of its texts means."""
        return self._fits(shown) and self._fresh(self._window.session.document_key) and self._complete(shown)

    def _fits(self, shown: Shown) -> bool:
        from gui.core.session.final_groups import answer_fits

        annotation, session = shown.annotation, self._window.session
        return annotation is not None and answer_fits(self.answer, session.document_key, annotation.key)

    def _complete(self, shown: Shown) -> bool:
        """Whether the answer says what each text shown means: one asked ahead of the reader, of
        the texts the store holds, lacks those a correction added (their rows are exact at once,
        from the corrections' overlay, but the store is asked of them again)."""
        answer, current = self.answer, self._window.session.current
        return answer is not None and current is not None and answer.covers(self._texts(shown))

    def _fresh(self, key: DocumentKey) -> bool:
        """Whether the answer kept for a document was asked of the store as it is now, and has the
        corrections the documents are shown with."""
        kept, overlay = self._answers.get(key), self._window.session.corrections
        if kept is None or kept[0] != self._generation:
            return False
        answer = kept[1]
        return answer.stamp == overlay.stamp if overlay is not None else not answer.corrected

    def _show_rows(self, shown: Shown) -> bool:
        """Show the entities of the store's answer in the panel, if it is about this document as
        shown (and it is not too big to group here); False if not."""
        session = self._window.session
        annotation, current = shown.annotation, session.current
        if annotation is None or current is None or not self._fits(shown):
            return False
        spans = shown.document.entities
        if len(spans) > session.group_here_at_most:
            return False
        from gui.core.session.final_groups import document_rows

        model = {(entity.start, entity.end): entity.label for entity in current.entities}
        rows = document_rows(current.body, spans, self.answer, session.corrections, session.document_key,
                             annotation.key, model)
        self._window.entity_panel_model.set_rows(rows, _key(shown))
        return True

    def _keep(self, answer: DocumentEntities, generation: int) -> None:
        """Keep an answer asked in the store's `generation`."""
        self._answers.pop(answer.document, None)
        self._answers[answer.document] = (generation, answer)
        while len(self._answers) > KEPT_ANSWERS:
            del self._answers[next(iter(self._answers))]

    def _askable(self, shown: Shown) -> bool:
        """Whether the store is asked of the document (it has entities, not too many to group here)."""
        session = self._window.session
        if shown.annotation is None or session.current is None or not shown.document.entities:
            return False
        return len(shown.document.entities) <= session.group_here_at_most  # else: its own groups

    def ask_entities(self) -> None:
        """Ask the store which corpus entity each text of the document shown means (off the UI
        thread); the panel shows them when it answers, if the document is still shown."""
        window = self._window
        session, shown = window.session, window.session.shown
        current = session.current
        if shown is None or current is None or not self._askable(shown):
            return
        key, texts, generation = session.document_key, self._texts(shown), self._generation

        def question(store: CorpusStore) -> DocumentEntities:
            from gui.core.insight.document_entities import document_entities

            return document_entities(store, key, texts)

        def answer(reply: StoreAnswer) -> None:
            from gui.core.insight.document_entities import DocumentEntities

            if reply.problem or not isinstance(reply.result, DocumentEntities):
                return
            self._keep(reply.result, generation)  # for when the document is shown again, if it is not now
            now = window.session.shown
            if now is not None and window.session.current is not None and window.session.document_key == key:
                self._late.stop()
                if self._show_rows(now):
                    self.prefetch()
                elif window.entity_panel_model.stale:  # the store cannot say: its own rows at once
                    self._fall_back()

        window.store.drop(PREFETCH)  # asked ahead: this one first
        window.store.ask(question, answer, kind="panel entities")

    def _texts(self, shown: Shown) -> set[str]:
        """The texts of the document's mentions, the model's and those shown (corrected)."""
        current = self._window.session.current
        assert current is not None
        body = current.body
        return {body[e.start : e.end] for e in (*current.entities, *shown.document.entities)}

    def prefetch(self) -> None:
        """Ask the store, after the reader's other questions, what the documents next and before
        the one shown in the list mean, unless their answers are kept: Down or Up shows their rows
        at once. A newer prefetch, or the question of a document shown, drops it."""
        from gui.core.desk.reading import document_key

        window = self._window
        wanted = [document_key(entry.path, entry.id) for entry in window.document_pane.neighbours()
                  if entry.problem is None]
        wanted = [key for key in wanted if not self._fresh(key)]
        if not wanted:
            return
        generation = self._generation

        def question(store: CorpusStore) -> list[DocumentEntities]:
            from gui.core.insight.document_entities import stored_document_entities

            return stored_document_entities(store, wanted)

        def answer(reply: StoreAnswer) -> None:
            if not reply.problem and isinstance(reply.result, list) and generation == self._generation:
                for found in reply.result:
                    if found.asked:  # none: the store has no mentions of it yet (the engine's to find)
                        self._keep(found, generation)

        window.store.ask(question, answer, kind=PREFETCH)


def _key(shown: Shown) -> DocumentKey:
    """The desk's key of a document shown: the panel's rows say which document they are of."""
    from gui.core.desk.reading import document_key

    return document_key(shown.document.path, shown.document.id)
