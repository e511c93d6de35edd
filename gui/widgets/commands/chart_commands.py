"""The commands that open the charts (gui/widgets/charts), each a function of a command context:
the timeline of the entity in focus or of a search, its connections and the network, the
corpus overview. The chart dock is made the first time one of them runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from gui.core.entities.mentions import group_at
from gui.core.model.display_text import isolate
from gui.core.search.query import EntityFilter, unparse
from gui.widgets.commands import entity_commands as entities

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from gui.widgets.charts.chart_dock import ChartDock
    from gui.widgets.commands.command_context import CommandContext

# Bidirectional isolates that isolate() may wrap a shown name in: not part of the name.
_ISOLATES = "\u2066\u2067\u2068\u2069"


def charts_of(window: CommandContext) -> ChartDock:
    """The window's chart dock (made now if it was not)."""
    return window.charts


def make_chart_dock(window: CommandContext) -> ChartDock:
    """A chart dock for the window, at its bottom, wired to its document list and status line,
    hidden until a chart opens in it."""
    from gui.widgets.charts.chart_dock import ChartDock  # only once a chart is asked for

    dock = ChartDock(window.store, window.entity_palette, window.main_window)
    dock.hide()  # until a chart is opened in it (a dock added to a shown window would show)
    window.main_window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    dock.documentsChosen.connect(lambda ids, why: list_documents(window, ids, why))
    dock.said.connect(lambda text: window.say(text, 5000))
    window.storeChanged.connect(dock.refresh_soon)
    return dock


def list_documents(window: CommandContext, ids: frozenset[str], description: str) -> None:
    """List only these documents (a period's, a link's), with a chip that says why."""
    window.session.entity_filter = None  # the store's updates must not put an entity filter back
    description += entities.still_coming(window)
    window.document_pane.set_entity_filter(ids, description)
    window.say(f"{description}; Esc in the list shows all", 5000)


def _entity_name(window: CommandContext) -> str | None:
    """The name of the entity the user points at: the panel's current row, else the caret's."""
    panel = window.entity_panel
    group = panel.current_group() if panel.hasFocus() else None
    if group is None:
        location = window.jumps.location()
        group = group_at(entities.current_groups(window), location.position) if location else None
    return group.name if group is not None else None


def entity_query(name: str) -> str:
    """The query of the documents that mention an entity by any of its names."""
    return unparse(EntityFilter(name.replace('"', "").strip(_ISOLATES)))


def show_timeline(window: CommandContext) -> None:
    """The timeline of the entity at the caret or in the panel (else of the last queries)."""
    name = _entity_name(window)
    charts_of(window).show_timeline(entity_query(name) if name else None)
    if name:
        window.say(f"The timeline of {isolate(name)}: the arrows choose periods, Enter lists them", 5000)


def add_to_timeline(window: CommandContext) -> None:
    """Chart the entity at the caret or in the panel beside the timeline's queries."""
    name = _entity_name(window)
    if name is None:
        window.say(entities.NO_ENTITY, 3000)
        return
    charts_of(window).show_timeline(entity_query(name), add=True)


def show_connections(window: CommandContext) -> None:
    """The entities that share documents with the one at the caret or in the panel, and the network."""
    charts_of(window).show_connections(_entity_name(window))


def show_overview(window: CommandContext) -> None:
    """The corpus at a glance: documents over time, top entities per type, entity sources."""
    charts_of(window).show_overview()


def _newest_open(window: CommandContext, kind: type[QDialog]) -> QDialog | None:
    shown = [dialog for dialog in window.main_window.findChildren(kind) if dialog.isVisible()]
    return shown[-1] if shown else None


def show_corpus_search(window: CommandContext) -> None:
    """The search of every document, whose query one key charts on the timeline."""
    from gui.widgets.commands.actions import add_dialog_actions
    from gui.widgets.panels.corpus_search import CorpusSearchDialog

    entities.show_corpus_search(window)
    dialog = _newest_open(window, CorpusSearchDialog)
    if dialog is not None:
        add_dialog_actions(dialog, "search box", window)


def show_corpus_entities(window: CommandContext) -> None:
    """The table of the folder's entities, whose current row one key charts on the timeline."""
    from gui.widgets.commands.actions import add_dialog_actions
    from gui.widgets.panels.corpus_entities import CorpusEntitiesDialog

    entities.show_corpus_entities(window)
    dialog = _newest_open(window, CorpusEntitiesDialog)
    if dialog is not None:
        add_dialog_actions(dialog, "entity table", window)


def timeline_of_search(window: CommandContext, dialog: QDialog) -> None:
    """The timeline of the query typed in the search box (which closes)."""
    from gui.widgets.panels.corpus_search import CorpusSearchDialog

    assert isinstance(dialog, CorpusSearchDialog)
    text = dialog.edit.text().strip()
    dialog.reject()
    charts_of(window).show_timeline(text)


def _table_entity(dialog: QDialog) -> str | None:
    from gui.widgets.panels.corpus_entities import CorpusEntitiesDialog

    assert isinstance(dialog, CorpusEntitiesDialog)
    index = dialog.table.currentIndex()
    if not index.isValid():
        return None
    name = index.siblingAtColumn(0).data(Qt.ItemDataRole.DisplayRole)
    return str(name).strip(_ISOLATES) if name else None


def timeline_of_table_entity(window: CommandContext, dialog: QDialog) -> None:
    """The timeline of the entity of the entity table's current row (which closes)."""
    name = _table_entity(dialog)
    if name is None:
        return
    dialog.reject()
    charts_of(window).show_timeline(entity_query(name))


def connections_of_table_entity(window: CommandContext, dialog: QDialog) -> None:
    """The connections of the entity of the entity table's current row (which closes)."""
    name = _table_entity(dialog)
    if name is None:
        return
    dialog.reject()
    charts_of(window).show_connections(name)
