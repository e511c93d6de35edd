"""`python -m gui` in a folder that holds modules named like the standard library's runs none of them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture
def viewed_folder(tmp_path: Path) -> Path:
    """A folder with one document, whose entities come from its brat .ann file."""
    folder = tmp_path / "viewed"
    folder.mkdir()
    (folder / "one.txt").write_text("Angela Merkel visited Paris.\n", encoding="utf-8")
    (folder / "one.ann").write_text("T1\tPERSON 0 13\tAngela Merkel\n", encoding="utf-8")
    return folder


def plant(folder: Path, module: str) -> Path:
    """Put `module`.py in the folder; if it is ever run it leaves a mark (returned) and exits with 99."""
    mark = folder.parent / f"{module}-ran"
    (folder / f"{module}.py").write_text(f"open({str(mark)!r}, 'w').close()\nraise SystemExit(99)\n",
                                         encoding="utf-8")
    return mark


def run_module_in(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m gui ARGS`, started in `folder`, with private cache and config folders."""
    home = folder.parent / "home"
    env = dict(os.environ, XDG_CACHE_HOME=str(home / "cache"), XDG_CONFIG_HOME=str(home / "config"),
               QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "gui", *args], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=300)


def test_help_in_a_folder_with_a_planted_argparse_runs_none_of_it(viewed_folder: Path) -> None:
    mark = plant(viewed_folder, "argparse")  # what every command line is read with
    result = run_module_in(viewed_folder, "export", "--help")
    assert (result.returncode, mark.exists()) == (0, False), result.stderr
    assert "usage:" in result.stdout


def test_an_export_in_a_folder_with_a_planted_sqlite3_runs_none_of_it(viewed_folder: Path) -> None:
    marks = [plant(viewed_folder, module) for module in ("sqlite3", "json")]  # the cache; the export
    result = run_module_in(viewed_folder, "export", "one.txt")
    assert (result.returncode, [mark.name for mark in marks if mark.exists()]) == (0, []), result.stderr
    (record,) = map(json.loads, result.stdout.splitlines())
    found = [(entity["start"], entity["end"], entity["label"]) for entity in record["ents"]]
    assert found == [(0, 13, "PERSON")]
