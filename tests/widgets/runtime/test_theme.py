"""Dark mode and colour-blind-safe colours: the window, the text and the highlights follow."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gui.core.colours.palette import WCAG_AA_NORMAL_TEXT, contrast_ratio, load_variant
from gui.core.model.document import Entity
from gui.widgets.runtime.theme import apply_window_colours
from gui.widgets.window.main_window import MainWindow


@pytest.fixture(autouse=True)
def light_again(qapp: QApplication) -> Iterator[None]:
    """The application's colours are shared by every test: leave them light."""
    yield
    apply_window_colours(qapp, "light")


class NoEntities:
    """An engine that finds nothing, at once: these tests are about the window's colours."""

    pipeline = "no-entities"

    def annotate(self, texts: Iterable[str]) -> Iterator[tuple[Entity, ...]]:
        """No entities in any text."""
        for _ in texts:
            yield ()


def keys(window: MainWindow, qtbot: QtBot, key: Qt.Key) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.view.setFocus()
    qtbot.keyClick(window.view, key, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)


def highlight_colours(window: MainWindow) -> set[tuple[str, str]]:
    """The background and text colour of every highlighted run, as painted formats (the
    highlights are applied to the blocks being painted: paint first)."""
    window.view.viewport().repaint()
    block = window.view.document().firstBlock()
    found = set()
    while block.isValid():
        for run in block.layout().formats():
            if run.format.background().style() != Qt.BrushStyle.NoBrush:
                found.add((run.format.background().color().name(), run.format.foreground().color().name()))
        block = block.next()
    return found


def test_dark_theme_covers_the_window_the_text_and_the_highlights(
    window: MainWindow, make_window: Callable[..., MainWindow], corpus_folder: Path, qtbot: QtBot
) -> None:
    assert window.colours.theme == "system"
    keys(window, qtbot, Qt.Key.Key_T)  # system (light, offscreen) -> dark
    assert window.colours.theme == "dark"
    page = QApplication.palette().color(QPalette.ColorRole.Base).name()
    assert page == "#1e1f22"
    assert QApplication.palette().color(QPalette.ColorRole.Text).name() == "#e6e6e6"
    dark = load_variant(dark=True, colour_blind=False)
    colours = highlight_colours(window)
    assert colours and colours <= {
        (dark.style(label).background, dark.style(label).text) for label in dark.labels
    }
    for background, text in colours:
        assert contrast_ratio(background, text) >= WCAG_AA_NORMAL_TEXT
    window.close()

    again = make_window()
    again.open_path(corpus_folder)
    assert again.colours.theme == "dark"
    assert QApplication.palette().color(QPalette.ColorRole.Base).name() == "#1e1f22"
    keys(again, qtbot, Qt.Key.Key_T)  # dark -> light
    assert again.colours.theme == "light"
    keys(again, qtbot, Qt.Key.Key_T)  # light -> system
    assert again.colours.theme == "system"
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() > 200  # light again


def test_colour_blind_safe_colours_by_keyboard(window: MainWindow, qtbot: QtBot) -> None:
    usual = highlight_colours(window)
    keys(window, qtbot, Qt.Key.Key_B)
    assert window.actions_by_id["colour_blind"].isChecked()
    safe = load_variant(dark=False, colour_blind=True)
    colours = highlight_colours(window)
    assert colours != usual
    assert colours <= {(safe.style(label).background, safe.style(label).text) for label in safe.labels}
    # The legend's swatches follow too.
    legend_colour = window.legend_model.index(0).data(Qt.ItemDataRole.BackgroundRole).name()
    assert legend_colour in {safe.style(label).background for label in safe.labels}


def test_the_first_theme_switch_changes_what_the_screen_shows(window: MainWindow, qtbot: QtBot) -> None:
    # Offscreen, the desktop asks for no dark scheme: following it is light, so light comes last.
    page = QApplication.palette().color(QPalette.ColorRole.Base).name()
    seen = [page]
    for _ in range(3):
        keys(window, qtbot, Qt.Key.Key_T)
        seen.append(QApplication.palette().color(QPalette.ColorRole.Base).name())
    assert seen[1] != seen[0]  # the first press shows dark colours
    assert seen[2] == seen[0]  # then light
    assert window.colours.theme == "system"  # and following the system again
    assert window.statusBar().currentMessage() == "Theme: follow the system (light now)"


def test_switching_the_theme_keeps_the_zoom(window: MainWindow, qtbot: QtBot) -> None:
    normal = window.view.font().pointSizeF()
    keys(window, qtbot, Qt.Key.Key_T)  # the focus in the text, for the zoom's key too
    qtbot.keyClick(window.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)  # zoom in
    size = window.view.font().pointSizeF()
    assert size > normal
    keys(window, qtbot, Qt.Key.Key_T)
    keys(window, qtbot, Qt.Key.Key_T)
    assert window.view.font().pointSizeF() == size


def test_following_a_desktop_whose_colours_are_dark_though_it_does_not_say_so_stays_light(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gui.widgets.runtime.theme as theme

    assert not theme.system_is_dark()  # offscreen: no dark scheme asked for
    dark_desktop = theme.dark_palette()

    class DarkDesktop:
        @staticmethod
        def palette() -> QPalette:
            return dark_desktop

        @staticmethod
        def styleHints() -> object:
            return QGuiApplication.styleHints()

    monkeypatch.setattr(theme, "QGuiApplication", DarkDesktop)
    given: list[QPalette] = []
    monkeypatch.setattr(qapp, "setPalette", given.append)
    apply_window_colours(qapp, "system")
    # The desktop's colours were tried, then the style's light ones, as the stylesheet and the
    # highlights are the light ones.
    assert len(given) == 2 and given[0].resolveMask() == 0
    assert given[1] == qapp.style().standardPalette()


def test_switching_the_theme_keeps_the_document_shown_in_the_list_in_view(
    make_window: Callable[..., MainWindow],
    write_corpus: Callable[[dict[str, str | bytes]], Path],
    qtbot: QtBot,
) -> None:
    # Enough documents that the list is laid out in several batches after the restyle.
    folder = write_corpus(
        {f"n{number:04}.txt": f"Story number {number}.\n" for number in range(1_500)}
    )
    window = make_window(loader=NoEntities)
    with qtbot.waitSignal(window.highlightsShown):
        window.open_path(folder)
    view = window.sidebar
    qtbot.waitUntil(lambda: view.verticalScrollBar().maximum() > 0)
    window.document_pane.focus_list()
    qtbot.keyClick(view, Qt.Key.Key_End)
    for _ in range(20):
        qtbot.keyClick(view, Qt.Key.Key_PageUp)
    shown = view.currentIndex()
    laid_out = view.verticalScrollBar().maximum()

    def in_view() -> bool:
        return view.visualRect(view.currentIndex()).intersects(view.viewport().rect())

    assert shown.row() > 1_000 and in_view()
    for _ in range(3):  # round every theme
        keys(window, qtbot, Qt.Key.Key_T)
        qtbot.waitUntil(lambda: view.verticalScrollBar().maximum() == laid_out)
        assert view.currentIndex() == shown
        assert in_view()
