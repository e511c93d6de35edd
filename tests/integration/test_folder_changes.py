"""Files that appear, change or disappear while the folder is open."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.widgets.commands import window_commands
from gui.widgets.window.main_window import MainWindow
from tests.widgets.conftest import searched, stored_counts

WAIT_MS = 10_000  # the watcher settles for a moment after a burst of changes


def listed(window: MainWindow) -> list[str]:
    model = window.filter_model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def touch_later(path: Path, text: str) -> None:
    """Rewrite a file so that its time stamp surely differs (some file systems count seconds)."""
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


def test_a_new_file_appears_and_a_removed_one_leaves_the_list(
    window: MainWindow, corpus_folder: Path, qtbot: QtBot
) -> None:
    before = window.filter_model.rowCount()
    with qtbot.waitSignal(window.corpusChanged, timeout=WAIT_MS) as changed:
        (corpus_folder / "zebra.txt").write_text("date 2030-01-01\nZebras crossed Nairobi on Monday.\n")
    assert changed.args == ["1 added"]
    assert window.filter_model.rowCount() == before + 1
    assert window.corpus is not None and window.corpus.entry("zebra") is not None
    # It is annotated like the others, and searchable.
    qtbot.waitUntil(lambda: window.annotations_snapshot().get("zebra") is not None, timeout=60_000)
    qtbot.waitUntil(window.indexing_done, timeout=60_000)
    assert searched(window, "zebras") == ["zebra"] and stored_counts(window)["zebra"] > 0
    assert searched(window, "apple") == ["apple"]
    (corpus_folder / "apple.txt").unlink()
    qtbot.waitUntil(lambda: window.filter_model.rowCount() == before, timeout=WAIT_MS)
    assert window.corpus.entry("apple") is None
    qtbot.waitUntil(lambda: not searched(window, "apple"), timeout=WAIT_MS)  # gone from the store too
    assert window.shows("merkel.txt")  # the document shown stays


def test_the_document_shown_is_re_read_when_it_changes(
    window: MainWindow, corpus_folder: Path, qtbot: QtBot
) -> None:
    assert window.shows("merkel.txt")
    touch_later(corpus_folder / "merkel.txt", "date 2020-01-05\nOlaf Scholz met Joe Biden in Berlin.\n")
    qtbot.waitUntil(lambda: "Olaf Scholz" in window.view.toPlainText(), timeout=WAIT_MS)
    # Re-annotated: the new text's entities, not the old ones.
    qtbot.waitUntil(
        lambda: any(window.view.text_between(s.start, s.end) == "Olaf Scholz" for s in window.view.spans),
        timeout=60_000,
    )
    assert window.header.title.text().startswith("Olaf Scholz met Joe Biden")


def test_removing_the_document_shown_says_so_and_the_rest_works(
    window: MainWindow, corpus_folder: Path, qtbot: QtBot
) -> None:
    assert window.shows("merkel.txt")
    (corpus_folder / "merkel.txt").unlink()
    qtbot.waitUntil(lambda: "was removed" in window.header.title.text(), timeout=WAIT_MS)
    assert window.current_document is None and window.view.toPlainText() == ""
    window_commands.go_first_document(window)
    assert window.current_document is not None and not window.shows("merkel.txt")


def test_removing_the_document_shown_empties_the_title_legend_and_panel(
    window: MainWindow, corpus_folder: Path, qtbot: QtBot
) -> None:
    assert window.shows("merkel.txt")
    qtbot.waitUntil(lambda: window.legend_model.rowCount() > 0 and window.entity_panel_model.rowCount() > 0,
                    timeout=60_000)
    (corpus_folder / "merkel.txt").unlink()
    qtbot.waitUntil(lambda: "was removed" in window.header.title.text(), timeout=WAIT_MS)
    # The title, the legend and the entity panel agree with the header: the document has gone.
    assert window.windowTitle().startswith("merkel.txt (removed)")
    assert window.legend_model.rowCount() == 0 and window.entity_panel_model.rowCount() == 0
    # The reader moves on by keyboard: the list's first document is shown, named in the title.
    window.sidebar.setFocus()
    qtbot.keyClick(window.sidebar, Qt.Key.Key_End)
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Home)
    qtbot.waitUntil(lambda: window.current_document is not None, timeout=WAIT_MS)
    assert not window.shows("merkel.txt") and "(removed)" not in window.windowTitle()
    qtbot.waitUntil(lambda: window.legend_model.rowCount() > 0, timeout=60_000)


def test_an_ann_file_that_changes_is_read_again(
    make_window: Callable[..., MainWindow],
    write_corpus: Callable[[dict[str, str | bytes]], Path],
    qtbot: QtBot,
) -> None:
    folder = write_corpus({"a.txt": "Ana Lopez visited Lima.\n", "a.ann": "T1\tPERSON 0 9\tAna Lopez\n"})
    window = make_window()
    with qtbot.waitSignal(window.highlightsShown, timeout=60_000):
        window.open_path(folder)
    assert [s.label for s in window.view.spans] == ["PERSON"]
    touch_later(folder / "a.ann", "T1\tPERSON 0 9\tAna Lopez\nT2\tGPE 18 22\tLima\n")
    qtbot.waitUntil(lambda: [s.label for s in window.view.spans] == ["PERSON", "GPE"], timeout=WAIT_MS)


def test_the_caret_keeps_its_place_far_down_a_long_document_that_changes(
    window: MainWindow, corpus_folder: Path, qtbot: QtBot
) -> None:
    line = "Angela Merkel spoke in Berlin about the budget for the coming year.\n"
    long_text = "date 2020-01-05\n" + line * 6_000  # about 400 KB: shown in slices
    touch_later(corpus_folder / "merkel.txt", long_text)
    qtbot.waitUntil(lambda: window.view.toPlainText().count("\n") >= 5_999, timeout=WAIT_MS)
    far = 5_000 * len(line)
    window.view.select_range(far, far)
    touch_later(corpus_folder / "merkel.txt", long_text + "One more line.\n")
    qtbot.waitUntil(lambda: "One more line." in window.view.toPlainText(), timeout=WAIT_MS)
    assert window.view.textCursor().position() == far


def test_a_document_shown_in_an_entity_filter_stays_shown_when_it_changes(
    make_window: Callable[..., MainWindow], write_corpus: Callable[..., Path], qtbot: QtBot
) -> None:
    folder = write_corpus({
        "a.txt": "date 2020-01-03\nAngela Merkel met Emmanuel Macron in Paris.\n",
        "b.txt": "date 2020-01-02\nAngela Merkel spoke in Berlin on Monday.\n",
        "c.txt": "date 2020-01-01\nAngela Merkel visited Rome with her ministers.\n",
        "d.txt": "date 2019-12-31\nApple opened a store in Berlin.\n",
    })
    window = make_window()
    with qtbot.waitSignal(window.highlightsShown, timeout=60_000):
        window.open_path(folder)
    qtbot.waitUntil(window.indexing_done, timeout=60_000)
    window.sidebar.setFocus()
    qtbot.keyClick(window.sidebar, Qt.Key.Key_End)
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Up)  # c.txt, the last of those mentioning her
    qtbot.waitUntil(lambda: window.shows("c.txt") and "Merkel" in window.view.toPlainText(), timeout=10_000)
    body = window.view.toPlainText()
    cursor = window.view.textCursor()
    cursor.setPosition(body.index("Merkel") + 1)
    window.view.setTextCursor(cursor)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.filter_model.rowCount() == 3, timeout=10_000)
    shown: list[str] = []
    window.documentShown.connect(shown.append)
    touch_later(folder / "c.txt", "date 2020-01-01\nAngela Merkel visited Rome with her ministers.\n"
                "Xi Jinping visited Beijing.\n")
    qtbot.waitUntil(lambda: "Xi Jinping" in window.view.toPlainText(), timeout=WAIT_MS)
    qtbot.waitUntil(window.indexing_done, timeout=60_000)
    qtbot.waitUntil(lambda: not window.store.answering, timeout=10_000)
    qtbot.wait(500)
    # Read again, and still the one shown and selected: never another of the filtered list.
    assert set(shown) == {"c"} and window.shows("c.txt")
    assert window.filter_model.rowCount() == 3
    current = window.sidebar.currentIndex()
    assert current.isValid() and window.corpus is not None
    assert window.filter_model.mapToSource(current).row() == window.corpus.index_of("c")
