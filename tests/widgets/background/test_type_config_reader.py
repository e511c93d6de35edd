"""A brat folder's own types: a small configuration is read as the folder opens, a big one off the
UI thread, capped, with a word on what was left out."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from gui.core.colours.palette import TypeDisplay
from gui.core.formats.brat.brat_config import MAX_TYPES, read_type_config
from gui.core.session.events import TypesRead
from gui.widgets.background import type_config_reader
from gui.widgets.background.type_config_reader import BACKGROUND_CONFIG_BYTES
from gui.widgets.window.main_window import MainWindow

TEXT = "Acme makes proteins.\n"
ANN = "T1\tType_00001 0 4\tAcme\n"


@pytest.fixture
def reading_threads(monkeypatch: pytest.MonkeyPatch) -> list[threading.Thread]:
    """The thread each brat configuration is read in."""
    threads: list[threading.Thread] = []

    def recorded(folder: Path) -> tuple[list[TypeDisplay], list[str]]:
        threads.append(threading.current_thread())
        return read_type_config(folder)

    monkeypatch.setattr(type_config_reader, "read_type_config", recorded)
    return threads


def test_a_big_configuration_is_read_in_the_background_and_capped(
    make_window: Callable[..., MainWindow],
    write_corpus: Callable[[dict[str, str | bytes]], Path],
    qtbot: QtBot,
    reading_threads: list[threading.Thread],
) -> None:
    declared = [f"Type_{number:05d}" for number in range(30_000)]
    conf = "[entities]\n" + "\n".join(declared) + "\n"
    assert len(conf) > BACKGROUND_CONFIG_BYTES
    folder = write_corpus({"acme.txt": TEXT, "acme.ann": ANN, "annotation.conf": conf})
    window = make_window()

    def with_types(read: TypesRead) -> bool:
        return bool(read.types)

    with qtbot.waitSignal(window.type_reader.typesRead, check_params_cb=with_types, timeout=30_000):
        assert window.open_path(folder)

    assert reading_threads and threading.main_thread() not in reading_threads
    corpus = window.corpus
    assert corpus is not None and len(corpus.types) == MAX_TYPES
    assert window.entity_palette.labels[:MAX_TYPES] == declared[:MAX_TYPES]
    assert any("so 29,000 are ignored" in problem for problem in corpus.problems)
    qtbot.waitUntil(lambda: window.legend_model.rowCount() == 1, timeout=60_000)
    assert window.legend_model.index(0).data() == "Type_00001  1"


def test_a_small_configuration_is_read_as_the_folder_opens(
    make_window: Callable[..., MainWindow],
    write_corpus: Callable[[dict[str, str | bytes]], Path],
    reading_threads: list[threading.Thread],
) -> None:
    folder = write_corpus(
        {
            "acme.txt": TEXT,
            "acme.ann": ANN,
            "annotation.conf": "[entities]\nType_00001\n",
            "visual.conf": "[drawing]\nType_00001\tbgColor:#1f3a93\n",
        }
    )
    window = make_window()
    assert window.open_path(folder)
    # At once: the first document is shown in the corpus's colours, not repainted a moment later.
    assert reading_threads == [threading.main_thread()]
    assert window.entity_palette.labels[0] == "Type_00001"
    assert window.entity_palette.style("Type_00001").background == "#1f3a93"
