"""The window annotates with spaCy in worker processes: the window's own process never imports
spaCy, and the entities it shows are the engine's. Run in a fresh interpreter, since this test
process has spaCy loaded for other tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from gui.core.engine.engine import SpacyEngine
from gui.core.entities.postprocess import postprocess

WINDOW = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from gui.app import engine_in_processes
from gui.widgets.window.main_window import MainWindow
from gui.widgets.runtime.settings import open_settings

if __name__ == "__main__":
    app = QApplication([])
    window = MainWindow(open_settings(), Path(sys.argv[2]), engine_in_processes)
    window.remember_session = False
    window.show()
    window.open_path(Path(sys.argv[1]))
    timer = QTimer()
    timer.timeout.connect(lambda: window.indexing_done() and app.quit())
    timer.start(20)
    QTimer.singleShot(120_000, app.quit)
    app.exec()
    found = {doc_id: [[e.start, e.end, e.label] for e in a.entities]
             for doc_id, a in window.annotations_snapshot().items()}
    print(json.dumps({"spacy": "spacy" in sys.modules, "problem": window.engine_problem, "found": found}))
    window.close()
"""


def test_the_window_runs_the_engine_in_worker_processes(
    write_corpus: Callable[[dict[str, str | bytes]], Path], tmp_path: Path, engine: SpacyEngine
) -> None:
    texts: dict[str, str | bytes] = {
        "a.txt": "Angela Merkel met Emmanuel Macron in Paris on Monday.",
        "b.txt": "The State Department said Khalifa Haftar's forces had reached Tripoli.",
        "c.txt": "NATO ministers gathered in Brussels.",
    }
    folder = write_corpus(texts)
    script = tmp_path / "window.py"
    script.write_text(WINDOW, encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"))
    done = subprocess.run(
        [sys.executable, str(script), str(folder), str(tmp_path / "entities.sqlite")],
        env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["problem"] == ""
    assert result["spacy"] is False  # spaCy ran in the workers only
    for name, text in texts.items():
        assert isinstance(text, str)
        expected = postprocess(text, next(engine.annotate([text])))
        assert result["found"][Path(name).stem] == [[e.start, e.end, e.label] for e in expected]


def test_the_window_runs_the_engine_in_its_own_process_where_workers_cannot_start(
    write_corpus: Callable[[dict[str, str | bytes]], Path], tmp_path: Path
) -> None:
    """Where no worker process can start (a sandbox, uid 65534), the window's engine runs in its
    own process, as when starting one fails at once: entities found, no problem shown."""
    folder = write_corpus({"a.txt": "Angela Merkel met Emmanuel Macron in Paris on Monday."})
    script = tmp_path / "window.py"
    script.write_text(WINDOW, encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(
        'import os, sys\nif "--multiprocessing-fork" in sys.argv:\n    os._exit(1)\n', encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"),
               PYTHONPATH=os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")])))
    done = subprocess.run(
        [sys.executable, str(script), str(folder), str(tmp_path / "entities.sqlite")],
        env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["problem"] == "" and result["spacy"] is True  # here, in the window's process
    text = "Angela Merkel met Emmanuel Macron in Paris on Monday."
    names = [text[start:end] for start, end, label in result["found"]["a"] if label in ("PERSON", "GPE")]
    assert names == ["Angela Merkel", "Emmanuel Macron", "Paris"]
    assert "Traceback" not in done.stderr, done.stderr
