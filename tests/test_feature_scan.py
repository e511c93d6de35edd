"""gui.feature_scan: PySide6's per-module source reading is answered beforehand, and rightly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gui.feature_scan import IGNORED, USES_PYSIDE, known_answers

GUI = Path(__file__).resolve().parents[1] / "gui"

# In a fresh interpreter: PySide6 first (as the start-up benchmark does), then the window's
# modules; count the modules whose source PySide reads.
COUNT_READS = """
import sys
import PySide6.QtCore
feature = sys.modules["__feature__"]
read = []
original = feature._mod_uses_pyside
def counting(module):
    read.append(module.__name__)
    return original(module)
feature._mod_uses_pyside = counting
import gui.app
import gui.widgets.main_window
print(len(read), " ".join(read))
"""


def _source(module: str) -> str:
    relative = module.split(".")[1:] or ["__init__"]
    path = GUI.joinpath(*relative)
    return (path / "__init__.py" if path.is_dir() else path.with_suffix(".py")).read_text("utf-8")


def test_the_core_is_answered_as_pyside_would_from_its_source() -> None:
    answers = known_answers()
    core = [name for name in answers if name == "gui" or name.startswith("gui.core")]
    assert len(core) > 30
    for name in core:
        assert "PySide6" not in _source(name), name
        assert answers[name] == IGNORED


def test_widget_modules_that_mention_pyside_are_answered_uses_pyside() -> None:
    answers = known_answers()
    widgets = [name for name in answers if name.startswith("gui.widgets.")]
    mentioning = [name for name in widgets if "PySide6" in _source(name)]
    assert len(mentioning) > 30
    assert all(answers[name] == USES_PYSIDE for name in mentioning)


def test_loaded_standard_library_modules_are_answered_ignored_and_do_not_mention_pyside() -> None:
    import json  # noqa: F401  (a package with loaded submodules)

    answers = known_answers()
    assert answers["json.decoder"] == IGNORED and answers["sqlite3"] == IGNORED
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None) or ""
        if name.partition(".")[0] in sys.stdlib_module_names and path.endswith(".py"):
            assert answers[name] == IGNORED
            assert "PySide6" not in Path(path).read_text("utf-8", errors="replace"), name


def test_pyside_reads_few_sources_when_the_window_is_imported() -> None:
    result = subprocess.run([sys.executable, "-c", COUNT_READS], capture_output=True, text=True,
                            timeout=120, check=True)
    count, _, names = result.stdout.strip().partition(" ")
    # About 120 without the answers; what is left are standard submodules loaded on the way.
    assert int(count) < 25, names
    assert not [name for name in names.split() if name.startswith("gui.")
                and name.partition(".")[2].partition(".")[0] in ("core", "widgets")]


def test_an_answer_pyside_already_has_is_kept() -> None:
    import PySide6.QtCore  # noqa: F401

    from gui.feature_scan import note_known_modules

    table = sys.modules["__feature__"].pyside_feature_dict
    table["gui.core.document"] = 7
    try:
        note_known_modules()
        assert table["gui.core.document"] == 7
    finally:
        table["gui.core.document"] = IGNORED


def test_without_a_folder_of_sources_only_the_packages_are_answered(monkeypatch: pytest.MonkeyPatch) -> None:
    import gui.feature_scan as feature_scan

    monkeypatch.setattr(feature_scan, "_GUI_FOLDER", "/nonexistent/frozen.zip/gui")
    answers = feature_scan.known_answers()
    assert answers["gui.core"] == IGNORED and answers["gui.widgets"] == USES_PYSIDE
    assert not [name for name in answers if name.startswith(("gui.core.", "gui.widgets."))]
