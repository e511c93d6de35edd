"""The reader's desk with file names that are not UTF-8: two names that differ only in a Latin-1
byte (café and cafè) read alike once made readable (caf\N{REPLACEMENT CHARACTER}), yet each keeps
its own marks, and the status bar counts both."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.widgets.window.main_window import MainWindow
from tests.integration.test_reading_desk import CTRL, marks, opened, progress, written

E_ACUTE = os.fsdecode(b"caf\xe9")  # Latin-1 bytes: no UTF-8 reads them
E_GRAVE = os.fsdecode(b"caf\xe8")


def test_names_that_are_not_utf8_keep_their_own_marks_and_are_counted(
    make_window: Callable[..., MainWindow], settings_path: Path, write_corpus: Callable[..., Path],
    qtbot: QtBot,
) -> None:
    folder = write_corpus({
        f"{E_ACUTE}.txt": "date 2020-03-01\nVladimir Putin spoke in Moscow.\n",
        f"{E_GRAVE}.txt": "date 2020-02-01\nKhalifa Haftar spoke in Benghazi.\n",
        "plain.txt": "date 2020-01-01\nAngela Merkel spoke in Berlin.\n",
    })
    assert sorted(os.listdir(os.fsencode(folder))) == [b"caf\xe8.txt", b"caf\xe9.txt", b"plain.txt"]
    window = opened(make_window, settings_path, folder, qtbot, read_after_ms=60_000)
    assert window.shows(E_ACUTE)
    qtbot.keyClick(window.view, Qt.Key.Key_M, CTRL)
    assert marks(window, E_ACUTE).read
    assert not marks(window, E_GRAVE).read  # the other café is not read with it
    qtbot.waitUntil(lambda: progress(window) == "1 of 3 read", timeout=5_000)
    qtbot.keyClick(window.view, Qt.Key.Key_PageDown, CTRL)
    qtbot.waitUntil(lambda: window.shows(E_GRAVE), timeout=5_000)
    qtbot.keyClick(window.view, Qt.Key.Key_M, CTRL)
    qtbot.waitUntil(lambda: progress(window) == "2 of 3 read", timeout=5_000)
    # In a filter that lists both: both are counted there too.
    window.filter_edit.setFocus()
    qtbot.keyClicks(window.filter_edit, "spoke in")
    qtbot.keyClicks(window.filter_edit, " b")  # Benghazi, Berlin
    qtbot.waitUntil(lambda: progress(window) == "1 of 2 read in this filter · 2 of 3 read", timeout=5_000)
    written(window, qtbot)
    window.close()

    again = opened(make_window, settings_path, folder, qtbot, read_after_ms=60_000)
    assert [marks(again, doc_id).read for doc_id in (E_ACUTE, E_GRAVE, "plain")] == [True, True, False]
    qtbot.waitUntil(lambda: progress(again) == "2 of 3 read", timeout=5_000)
    qtbot.keyClick(again.view, Qt.Key.Key_PageDown, CTRL)  # to cafè, read: Ctrl+Shift+M unreads it alone
    qtbot.waitUntil(lambda: again.shows(E_GRAVE), timeout=5_000)
    qtbot.keyClick(again.view, Qt.Key.Key_M, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert [marks(again, doc_id).read for doc_id in (E_ACUTE, E_GRAVE)] == [True, False]
    qtbot.waitUntil(lambda: progress(again) == "1 of 3 read", timeout=5_000)
