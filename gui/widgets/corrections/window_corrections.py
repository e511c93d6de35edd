"""The window's side of the user's entity corrections (issue 15): it writes them to the desk
through the store's thread, keeps the undo and redo steps, and hands the session the overlay the
store builds after each change, so that everything the window shows takes them at once.

Every change goes the same way: a question run on the store's thread adds corrections or turns
some on or off in the desk (gui/core/desk/correction_log) and answers with the new overlay; on
the UI thread the session takes it and the document is drawn again (highlights, panel, legend).
A second question applies them to the store's corrected tables (store_corrections.
apply_corrections, which touches only the entities they name); once it is answered,
`storeChanged` makes whatever shows corpus-wide answers ask again (the entity filter, the entity
table, the search, the panel's counts).

The document on screen shows a change first (the overlay is quick to fold from the desk); the
store's corrected tables, which every corpus-wide answer reads, are written next (their cost grows
with the entities a correction touches: a relabel of the most mentioned person rewrites its rows
for every document that names them), and then `storeChanged` asks again.

An undo step is the seqs a change turned on or off: undoing turns them back, redoing again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from PySide6.QtCore import QObject, Signal

from gui.core.model.display_text import isolate

if TYPE_CHECKING:
    from gui.core.corpus.store import CorpusStore
    from gui.core.corpus.store_corrections import Override
    from gui.core.desk.correction_overlay import CorrectionOverlay
    from gui.core.desk.corrections import Correction
    from gui.core.entities.mentions import EntityKey
    from gui.core.session.events import StoreAnswer
    from gui.widgets.commands.command_context import CommandContext
    from gui.widgets.commands.entity_commands import ShowingWindow

log = logging.getLogger(__name__)

UNDO_HINT = " (Ctrl+Z undoes it)"
T = TypeVar("T")


@dataclass(frozen=True)
class Step:
    """One change, as undo and redo see it: these corrections (seqs) were turned on (`active`)
    or off; `what` says it for people."""

    seqs: tuple[int, ...]
    active: bool
    what: str


@dataclass(frozen=True)
class Changed:
    """What the store did for a change: the overlay after it, the seqs it turned on (new ones) or
    off, and sentences about it (a name no entity has, a conflict)."""

    overlay: CorrectionOverlay
    seqs: tuple[int, ...]
    remarks: tuple[str, ...] = ()


def overrides_in_words(store: CorpusStore, overrides: list[Override]) -> list[str]:
    """An import's lines that override an earlier correction, as the window says corrections
    (store_desk.corrections_in_words), where the CLI's report gives offsets (its words are a contract)."""
    from gui.core.corpus.store_desk import corrections_in_words

    said = corrections_in_words(store, enumerate(item for override in overrides
                                                 for item in (override.correction, override.earlier)))
    return [f"line {override.line}: {said[2 * at]}, overriding "
            + (f"the file's line {override.earlier_line}" if override.earlier_line is not None
               else f"the earlier ‘{said[2 * at + 1]}’")
            for at, override in enumerate(overrides)]


def _overlay_after(seqs: tuple[int, ...], store: CorpusStore) -> Changed:
    """The overlay of the desk's active corrections, and what it says of these new ones."""
    from gui.core.corpus.store_corrections import correction_overlay
    from gui.core.corpus.store_desk import corrections_in_words
    from gui.core.desk.correction_log import active_corrections

    overlay = correction_overlay(store)
    remarks = [notice.message for notice in overlay.state.notices if notice.seq in seqs]
    overriding = {conflict.later for conflict in overlay.state.conflicts if conflict.later in seqs}
    if overriding:
        overriders = [(item.seq, item.correction) for item in active_corrections(store.db)
                      if item.seq in overriding]
        said = corrections_in_words(store, overriders)
        remarks += [f"{said[seq]}: it overrides an earlier correction" for seq in sorted(said)]
    return Changed(overlay, seqs, tuple(remarks))


def _add(corrections: list[Correction], store: CorpusStore) -> Changed:
    """Add corrections to the desk; the overlay after them (on the store's thread)."""
    from gui.core.desk.correction_log import add_corrections

    added = add_corrections(store.db, corrections)
    return _overlay_after(tuple(item.seq for item in added if not item.duplicate), store)


def _switch(seqs: tuple[int, ...], active: bool, store: CorpusStore) -> Changed:
    """Turn corrections on or off in the desk; the overlay after it (on the store's thread)."""
    from gui.core.desk.correction_log import set_active

    switched = tuple(seq for seq in seqs if set_active(store.db, seq, active))
    changed = _overlay_after(switched, store)
    return changed if active else Changed(changed.overlay, switched)  # remarks on those turned on alone


def _apply(store: CorpusStore) -> None:
    """Bring the store's corrected tables up to date with the desk (on the store's thread)."""
    from gui.core.corpus.store_corrections import apply_corrections, corrections_current

    if not corrections_current(store):
        apply_corrections(store)


def _current_overlay(store: CorpusStore) -> CorrectionOverlay | None:
    """The overlay of the desk's active corrections; None if there are none (no store work)."""
    if not store.db.execute("SELECT 1 FROM desk.corrections WHERE active LIMIT 1").fetchone():
        return None
    from gui.core.corpus.store_corrections import correction_overlay

    return correction_overlay(store)


class WindowCorrections(QObject):
    """The corrections of the window's open corpus: change them, undo, redo (see the module)."""

    shown = Signal()  # the document on screen shows a change of the corrections
    changed = Signal()  # the corrections changed (a Corrections view lists them again)
    applied = Signal()  # ...and the store's corpus-wide answers have it too (tests wait for it)

    def __init__(self, window: CommandContext) -> None:
        super().__init__(window.main_window)
        self.setObjectName("corrections")
        import weakref

        self._window_ref = weakref.ref(window)
        self.undo_steps: list[Step] = []
        self.redo_steps: list[Step] = []
        window.store.opened.connect(self._on_opened)
        window.store.updated.connect(self._reload)
        cast("ShowingWindow", window).highlightsShown.connect(self.ask_consensus)
        self.changed.connect(self._ask_entity_counts)

    @property
    def _window(self) -> CommandContext:
        window = self._window_ref()
        assert window is not None, "the window is gone"
        return window

    def _on_opened(self, _event: object) -> None:
        """A folder's store is open: its corrections are its own, and so are undo and redo."""
        self.undo_steps.clear()
        self.redo_steps.clear()
        self._reload()

    # Changes ------------------------------------------------------------------------------------

    def add(self, corrections: list[Correction], what: str) -> None:
        """Add corrections (one step of undo), and show them once the store has applied them."""
        self._ask(lambda store: _add(corrections, store), Step((), True, what), new=True)

    def remove(self, seqs: tuple[int, ...], what: str) -> None:
        """Turn corrections off (a Corrections view's Delete): one step of undo too."""
        self._ask(lambda store: _switch(seqs, False, store), Step(seqs, False, what), new=True)

    def undo(self) -> None:
        """Undo the last change of the corrections made in this window."""
        if not self.undo_steps:
            self._window.say("No correction to undo", 3000)
            return
        step = self.undo_steps.pop()
        self.redo_steps.append(step)
        back = Step(step.seqs, not step.active, f"Undone: {step.what}")
        self._ask(lambda store: _switch(step.seqs, not step.active, store), back)

    def redo(self) -> None:
        """Make again the last change undone."""
        if not self.redo_steps:
            self._window.say("No correction to redo", 3000)
            return
        step = self.redo_steps.pop()
        self.undo_steps.append(step)
        again = Step(step.seqs, step.active, f"Redone: {step.what}")
        self._ask(lambda store: _switch(step.seqs, step.active, store), again)

    def _ask(self, question: Callable[[CorpusStore], Changed], step: Step, new: bool = False) -> None:
        window = self._window

        def answer(reply: StoreAnswer) -> None:
            if reply.problem or not isinstance(reply.result, Changed):
                window.say(reply.problem or "The correction could not be written", 8000)
                return
            changed = reply.result
            if new:
                if not changed.seqs:
                    window.say(" ".join([f"Nothing changed: {step.what} is there already",
                                         *changed.remarks]), 6000)
                    self.applied.emit()
                    return
                self.undo_steps.append(Step(changed.seqs, step.active, step.what))
                self.redo_steps.clear()
            self._show(changed.overlay)
            remarks = "".join(f" ({isolate(remark)})" for remark in changed.remarks)
            window.say(f"{step.what}{remarks}{UNDO_HINT if new else ''}", 6000)
            self.shown.emit()
            window.store.ask(_apply, applied)

        def applied(reply: StoreAnswer) -> None:
            if reply.problem:
                window.say(reply.problem, 8000)
            self.changed.emit()
            window.storeChanged.emit()  # the filter, the entity table, the search, the counts ask again
            self.applied.emit()

        window.store.ask(question, answer)

    def _ask_entity_counts(self) -> None:
        """The list's entity counts again, now that the store's tables have the corrections (a
        rejected entity's mentions no longer count, an added text's do). Only a change of them
        asks: `storeChanged`, which every fill emits, does not ask this long question."""
        from gui.core.corpus.store_entities import mention_counts

        window = self._window

        def show(reply: StoreAnswer) -> None:
            if not reply.problem and isinstance(reply.result, dict):
                window.document_pane.set_entity_counts(reply.result)
                if (shown := window.session.shown_entity_count()) is not None:
                    window.document_pane.set_entity_count(*shown)  # as its header says

        window.store.ask(mention_counts, show, long=True)

    # The overlay --------------------------------------------------------------------------------

    def _reload(self, _event: object = None) -> None:
        """The store opened or changed (a resolution): ask it for the corrections' overlay."""

        def answer(reply: StoreAnswer) -> None:
            if reply.problem:
                log.warning("The corrections could not be read: %s", reply.problem)
                return
            overlay = reply.result
            session = self._window.session
            if overlay is None and session.corrections is None:
                return
            from gui.core.desk.correction_overlay import CorrectionOverlay

            self._show(overlay if isinstance(overlay, CorrectionOverlay) else None)

        self._window.store.ask(_current_overlay, answer)

    def _show(self, overlay: CorrectionOverlay | None) -> None:
        window = self._window
        window.session.corrections = None if overlay is None or overlay.empty else overlay
        window.refresh_entities()

    # Label consensus ------------------------------------------------------------------------------

    def ask_consensus(self, doc_id: str) -> None:
        """Ask what the corpus says of the entities of the document shown whose mentions the model
        labelled several ways: the panel's tooltips say it ("Yukos is PERSON in the corpus")."""
        window = self._window
        shown, current = window.session.shown, window.session.current
        if shown is None or shown.annotation is None or not shown.annotation.groups or current is None:
            return
        body, groups, key = current.body, shown.annotation.groups, window.session.document_key
        texts = {group.key: body[group.mentions[0].start : group.mentions[0].end] for group in groups}

        def question(store: CorpusStore) -> dict[EntityKey, str]:
            from gui.core.corpus.store_label_disputes import mention_entities

            found = mention_entities(store, key, set(texts.values()))
            said = {}
            for group_key, text in texts.items():
                entity = found.get(text)
                if entity is not None and (len(entity.label_counts) > 1 or entity.label != group_key.label):
                    said[group_key] = (f"{entity.name} is {entity.label} in the corpus ({entity.summary()});"
                                       " F7 goes to the mentions that disagree")
            return said

        def answer(reply: StoreAnswer) -> None:
            if isinstance(reply.result, dict) and window.session.current is current and reply.result:
                window.entity_panel_model.set_consensus(reply.result)

        window.store.ask(question, answer)

    # Files --------------------------------------------------------------------------------------

    def export_to(self, path: Path) -> None:
        """Write the active corrections to a JSON Lines file (as `seedview corrections export`);
        never into the folder being read."""
        from gui.core.formats.exporting import ExportError, check_destination

        window = self._window
        corpus = window.session.corpus
        try:
            check_destination("jsonl", path, corpus.source if corpus is not None else None)
        except ExportError as error:
            window.say(isolate(str(error)), 10_000)
            return

        def write(store: CorpusStore) -> str:
            from gui.core.desk.correction_files import write_corrections
            from gui.core.desk.correction_log import active_corrections

            with path.open("w", encoding="utf-8") as stream:
                count = write_corrections((item.correction for item in active_corrections(store.db)), stream)
            return f"Exported {count} correction{'s' if count != 1 else ''} to {path}"

        def answer(reply: StoreAnswer) -> None:
            window.say(isolate(reply.problem or str(reply.result)), 8000)

        window.store.ask(lambda store: _guarded(write, store, path), answer)

    def import_from(self, path: Path) -> None:
        """Add the corrections of a JSON Lines file (as `seedview corrections import`): bad lines
        and names no entity has are reported with their line numbers; the rest applies, as one
        step of undo."""
        window = self._window

        def read(store: CorpusStore) -> tuple[Changed, str] | str:
            from gui.core.corpus.store_corrections import correction_overlay, import_corrections
            from gui.core.desk.correction_files import read_corrections
            from gui.core.desk.correction_labels import checked_labels, known_labels
            from gui.core.desk.correction_log import active_corrections

            with path.open(encoding="utf-8", errors="replace") as stream:
                found = read_corrections(stream)
            corrections, unknown = checked_labels(found.corrections, known_labels(store.db))
            before = {item.seq for item in active_corrections(store.db)}
            report = import_corrections(store, corrections)
            new = tuple(item.seq for item in active_corrections(store.db) if item.seq not in before)
            notes = [f"line {bad.line}: {bad.message}" for bad in sorted([*found.bad, *unknown])]
            notes += [f"line {note.line}: {note.message}" for note in report.idle]
            notes += overrides_in_words(store, report.overrides)
            summary = f"Imported {report.added} correction{'s' if report.added != 1 else ''} from {path.name}"
            if report.already:
                summary += f"; {report.already} already there"
            if notes:
                summary += f"; {len(notes)} not applied or overriding: " + "; ".join(notes[:3])
            return Changed(correction_overlay(store), new), summary

        def answer(reply: StoreAnswer) -> None:
            result = reply.result
            if reply.problem or not isinstance(result, tuple):
                window.say(isolate(reply.problem or str(result)), 8000)
                return
            changed, summary = result
            if changed.seqs:
                self.undo_steps.append(Step(changed.seqs, True, f"import of {path.name}"))
                self.redo_steps.clear()
            self._show(changed.overlay)
            window.say(isolate(summary), 10_000)
            self.changed.emit()
            window.storeChanged.emit()
            self.applied.emit()

        window.store.ask(lambda store: _guarded(read, store, path), answer)


def _guarded(work: Callable[[CorpusStore], T], store: CorpusStore, path: Path) -> T | str:
    """Run a file's work, its OSError as a sentence for people."""
    try:
        return work(store)
    except OSError as error:
        return f"{path} could not be read or written: {error.strerror or error}"
    except UnicodeDecodeError as error:
        return f"{path} is not a text file: {error}"
