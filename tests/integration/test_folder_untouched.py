"""A whole reading session leaves the folder exactly as it was: the window writes only to its
cache, its settings and the export destinations the user typed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui import app
from gui.core.formats.exporting import FORMATS, writes_folder
from gui.widgets.panels.corpus_entities import CorpusEntitiesDialog
from gui.widgets.panels.corpus_search import CorpusSearchDialog
from gui.widgets.window.main_window import MainWindow
from tests.integration.test_annotation_files import export_with_dialog, open_and_wait
from tests.widgets.conftest import back_to, step_down

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
POLICE = "date 2020-01-03\r\nThe New York City Police Department thanked Ana Lopez.\r\n"
RECORDS = [
    {"id": "r1", "text": "Ana Lopez visited Lima.", "ents": [{"start": 0, "end": 9, "label": "PERSON"}]},
    {"id": "r2", "text": "ACME hired Bo.", "label": [[0, 4, "ORG"]]},
]
FOLDER = {
    "merkel.txt": "date 2020-01-05\nAngela Merkel met Emmanuel Macron in Paris.\n",
    "obama.txt": "date 2020-01-04\nBarack Obama visited Berlin on Monday.\n",
    "police.txt": POLICE,
    "police.ann": "T1\tORG 21 52\tNew York City Police Department\nT2\tPERSON 61 70\tAna Lopez\n",
    "annotation.conf": "[entities]\nORG\nGPE\nPERSON\n",
    "records.jsonl": "".join(json.dumps(record) + "\n" for record in RECORDS),
    "sub/nested.txt": "Nested text from Tokyo.",
}


def snapshot(folder: Path) -> dict[str, tuple[str, int, int]]:
    """Every file and folder under `folder`, itself included: a hash of its bytes (files), its
    mode and its modification time (a folder's changes whenever a file in it comes or goes)."""
    state = {}
    for path in sorted([folder, *folder.rglob("*")]):
        stat = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
        state[str(path.relative_to(folder))] = (digest, stat.st_mode, stat.st_mtime_ns)
    return state


def written_under(root: Path) -> set[str]:
    """Every path under `root`, relative to it."""
    return {str(path.relative_to(root)) for path in root.rglob("*")}


def test_a_full_session_leaves_the_folder_unchanged_and_writes_only_where_it_may(
    make_window: Callable[..., MainWindow], tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "corpus"
    for name, text in FOLDER.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8", newline="")
    exports = tmp_path / "exports"
    before, paths_before = snapshot(folder), written_under(tmp_path)
    window = make_window()

    # Open, read every document by keyboard and let the engine annotate them.
    open_and_wait(window, folder, qtbot)
    for _ in range(2):
        step_down(window, qtbot)
    assert window.windowTitle() == "police.txt — corpus — Seedview"
    qtbot.waitUntil(window.indexing_done, timeout=60_000)

    # Compare the .ann file's entities with the engine's, and back.
    back_to(window, qtbot)
    with qtbot.waitSignal(window.highlightsShown, timeout=60_000):
        qtbot.keyClick(window.view, Qt.Key.Key_K, CTRL)
    qtbot.keyClick(window.view, Qt.Key.Key_K, CTRL)

    # Find in the text, then filter the list by an entity and clear the filter.
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(window.find_bar.edit, "Lopez")
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Return)
    assert window.find_bar.match_count == 1
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Escape)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F8)
    qtbot.keyClick(window.view, Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(lambda: not window.store.answering, timeout=10_000)
    assert window.filter_model.rowCount() == 1
    window.sidebar.setFocus()
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Escape)
    assert window.filter_model.rowCount() == 3

    # Search every document in the query language, and list the corpus's entities.
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL_SHIFT)
    search = window.findChild(CorpusSearchDialog)
    assert search is not None
    qtbot.keyClicks(search.edit, 'entity:"Ana Lopez" OR berlin -tokyo date:2020')
    qtbot.waitUntil(lambda: search.model.rowCount() == 2, timeout=10_000)
    search.reject()
    back_to(window, qtbot)
    qtbot.keyClick(window.view, Qt.Key.Key_E, CTRL_SHIFT)
    table = window.findChild(CorpusEntitiesDialog)
    assert table is not None
    qtbot.keyClicks(table.filter_edit, "lopez")
    qtbot.waitUntil(lambda: table.proxy.rowCount() == 1, timeout=10_000)
    table.reject()
    back_to(window, qtbot)

    # Export the document shown and the whole folder in every format, elsewhere.
    for command in ("export_document", "export_folder"):
        for fmt in FORMATS:
            name = f"{command}-{fmt}" if writes_folder(fmt) else f"{command}.jsonl"
            export_with_dialog(window, command, fmt, exports / name, qtbot)
            back_to(window, qtbot)
    assert len(written_under(exports)) > 2 * len(FORMATS)

    # Zoom, theme and label cue, all by keyboard; then a JSON Lines file of the folder.
    qtbot.keyClick(window.view, Qt.Key.Key_Plus, CTRL)
    theme = window.colours.theme
    qtbot.keyClick(window.view, Qt.Key.Key_T, CTRL_SHIFT)
    assert window.colours.theme != theme
    qtbot.keyClick(window.view, Qt.Key.Key_L, CTRL_SHIFT)
    assert (window.view.zoom_steps, window.view.label_cue) == (1, True)
    assert window.statusBar().currentMessage() == "Entity labels shown"
    open_and_wait(window, folder / "records.jsonl", qtbot)
    step_down(window, qtbot)
    assert window.shows("r2")
    window.close()

    # The command line indexes and searches the folder, into its own cache folder.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache" / "command-line"))
    shown = str(folder)
    for arguments in (["index", shown, "--processes", "1"], ["search", shown, "lopez", "--json"],
                      ["entities", shown, "--json"]):
        assert app.main(arguments) == 0
    assert (tmp_path / "cache" / "command-line").is_dir()

    assert snapshot(folder) == before
    written = written_under(tmp_path) - paths_before
    assert {path.split("/")[0] for path in written} == {"exports", "cache", "settings.ini"}
