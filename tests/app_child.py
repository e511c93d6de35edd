"""Run `seedview FOLDER` in a fresh offscreen interpreter, with a test's hook on its window.

A test gives the body of `on_window(app, window)`, run just before the event loop starts; it
prints what the test checks and quits the app when it has seen enough. The script is the
benchmarks' (benchmarks/app_child), which start their window children alike.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from benchmarks.app_child import app_child_script

REPOSITORY = Path(__file__).resolve().parents[1]


def one_document_folder(home: Path, text: str = "Nothing to see here.\n", ann: str | None = None) -> Path:
    """A folder under `home` with one short document (one.txt, of `text`), its brat `.ann` if
    given, and nothing else."""
    folder = home / "folder"
    folder.mkdir()
    (folder / "one.txt").write_text(text, encoding="utf-8")
    if ann is not None:
        (folder / "one.ann").write_text(ann, encoding="utf-8")
    return folder


def run_app_child(hook: str, folder: Path, home: Path) -> subprocess.CompletedProcess[str]:
    """Start seedview on `folder` with settings and cache under `home`, `hook` defining
    `on_window(app, window)`; the finished process (it must exit by itself)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(home / "config"),
               XDG_CACHE_HOME=str(home / "cache"))
    return subprocess.run([sys.executable, "-c", app_child_script(hook), str(folder)], env=env,
                          cwd=REPOSITORY, capture_output=True, text=True, timeout=120, check=False)
