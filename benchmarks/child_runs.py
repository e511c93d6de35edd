"""Measurements in fresh child processes: private settings and cache, results as one JSON line."""

from __future__ import annotations

import compileall
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.app_child import app_child_script

CHILD_FLAG = "--child"
_compiled: list[bool] = []


def compile_bytecode() -> None:
    """Compile the package's bytecode once, as `pip install` does: with PYTHONDONTWRITEBYTECODE
    (which this machine's environment sets) a checkout's children would otherwise compile every
    module again at each start, which no installed copy does (about 90 ms)."""
    if not _compiled:
        compileall.compile_dir(Path(__file__).resolve().parents[1] / "gui", quiet=1)
        _compiled.append(True)


def peak_mb(who: int) -> float:
    """The peak resident memory of this process, or of the largest of its ended children."""
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def private_env(home: Path) -> dict[str, str]:
    """The environment for a child: its own cache and settings under `home`, no display needed."""
    env = dict(os.environ, XDG_CACHE_HOME=str(home / "cache"), XDG_CONFIG_HOME=str(home / "config"))
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def run_child(
    script: Path, args: list[str], env: dict[str, str], timeout_s: float = 900
) -> tuple[float, dict[str, Any]]:
    """Run `script --child ARGS` and return the wall-clock time just before it started and the
    JSON object it printed last. Raises RuntimeError, with the child's last words, if it failed."""
    compile_bytecode()
    started = time.time()
    done = subprocess.run(
        [sys.executable, str(script), CHILD_FLAG, *args],
        env=env, capture_output=True, text=True, timeout=timeout_s, check=False,
    )
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        tail = "\n".join(done.stderr.strip().splitlines()[-15:])
        raise RuntimeError(f"{script.name} {' '.join(args)} failed ({done.returncode}):\n{tail}")
    result: dict[str, Any] = json.loads(lines[-1])
    return started, result


def report(result: dict[str, Any]) -> None:
    """Print a child's result for `run_child` (the last line of its output)."""
    print(json.dumps(result), flush=True)


# The head of a window child (`window_figures`): its imports, and a 5 ms timer whose longest gap
# (ticks["worst"]) is the UI thread's longest stall. The script defines `on_window(app, window)`
# after it, which starts `timer` when it wants and prints its figures as one JSON line.
WINDOW_CHILD_HEAD = """
import json, resource, sys, time
from PySide6.QtCore import QTimer

ticks = {"last": time.perf_counter(), "worst": 0.0}


def tick():
    now = time.perf_counter()
    ticks["worst"] = max(ticks["worst"], now - ticks["last"])
    ticks["last"] = now


def stall_timer():
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    return timer
"""


def window_figures(
    body: str, folder: Path, args: list[str], home: Path, timeout_s: float
) -> dict[str, float]:
    """The figures a window child prints: the app opened on `folder` as `seedview FOLDER` does,
    `body` (which defines `on_window(app, window)`, after WINDOW_CHILD_HEAD) run on its window, with
    `args` after the folder in sys.argv and its cache, settings and desks under `home`."""
    compile_bytecode()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CACHE_HOME=str(home),
               XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"))
    script = app_child_script(WINDOW_CHILD_HEAD + body)  # started as the tests start theirs
    done = subprocess.run([sys.executable, "-c", script, str(folder), *args], env=env,
                          cwd=Path(__file__).resolve().parents[1], capture_output=True, text=True,
                          timeout=timeout_s, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise SystemExit(f"the window run failed:\n{done.stderr[-3000:]}")
    figures: dict[str, float] = json.loads(lines[-1])
    return figures
