"""The window's read-only view of its reading session and corpus store, by the names the tests,
the benchmarks and the screenshot use: what is open, shown and known."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings

    from gui.core.colours.palette import Palette
    from gui.core.corpus.corpus import Corpus
    from gui.core.entities.mentions import MentionGroup
    from gui.core.model.document import Document
    from gui.core.session.annotation_store import Annotation
    from gui.core.session.reading_session import ReadingSession
    from gui.widgets.background.store_link import StoreLink


class SessionQueries:
    """Answers about the session and the store of a window (a mixin of MainWindow)."""

    session: ReadingSession
    store: StoreLink
    _palette: Palette
    _settings: QSettings

    @property
    def settings(self) -> QSettings:
        """The window's settings (the user's, or a test's file)."""
        return self._settings

    @property
    def corpus(self) -> Corpus | None:
        """The open corpus, if any."""
        return self.session.corpus

    @property
    def current_document(self) -> Document | None:
        """The document on screen, with its entities once they are known."""
        return self.session.current

    @property
    def shown_document(self) -> Document | None:
        """The document on screen with the entities highlighted now (the engine's while comparing)."""
        return self.session.shown.document if self.session.shown else None

    @property
    def entities_known(self) -> bool:
        """Whether the entities of the document on screen are known (and highlighted)."""
        return self.session.shown is not None and self.session.shown.annotation is not None

    @property
    def shown_groups(self) -> tuple[MentionGroup, ...]:
        """The mention groups of the entities highlighted now (the engine's while comparing)."""
        shown = self.session.shown
        return shown.annotation.groups if shown and shown.annotation else ()

    @property
    def engine_problem(self) -> str:
        """Why the engine cannot run, once it has failed; else ''."""
        return self.session.engine_problem

    @property
    def entity_palette(self) -> Palette:
        """The entity colours (QWidget.palette stays Qt's)."""
        return self._palette

    def annotations_snapshot(self) -> dict[str, Annotation]:
        """The annotations of the open corpus by document id (a copy)."""
        return self.session.annotations.snapshot()

    def indexing_done(self) -> bool:
        """Whether every document of the open folder is in the corpus store with its entities."""
        return self.session.corpus is not None and self.store.complete()

    def shows(self, name: str) -> bool:
        """Whether the document on screen has this id or file name."""
        return self.session.shows(name)

    def _chosen_id(self) -> str | None:
        chosen = self.session.chosen
        return chosen.id if chosen is not None else None
