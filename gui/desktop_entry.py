"""`seedview --install-desktop-entry`: the freedesktop menu entry and icon, for the current user.

The entry and icon ship in `resources/`; installing copies them under $XDG_DATA_HOME (by default
~/.local/share) with `Exec` pointing at this installation, so the desktop's application menu
starts the same Seedview that ran the command.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from gui.core.model.resource_files import resource_path

DESKTOP_FILE = "seedview.desktop"
ICON_FILE = "seedview.svg"


def data_home() -> Path:
    """$XDG_DATA_HOME, or ~/.local/share when it is unset or not absolute (the XDG rule)."""
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if value and Path(value).is_absolute() else Path.home() / ".local" / "share"


def launch_command() -> list[str]:
    """How to start this installation: its `seedview` script, else this Python with `-m gui`."""
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is not None and script.name == "seedview" and script.exists():
        return [str(script.resolve())]
    found = shutil.which("seedview", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "gui"]


def _quoted(argument: str) -> str:
    # The desktop entry spec quotes arguments with double quotes and backslash-escapes ", `, $, \.
    if not any(c in argument for c in " \t\n\"'\\><~|&;$*?#()`"):
        return argument
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in argument)
    return f'"{escaped}"'


def desktop_entry_text(command: list[str]) -> str:
    """The bundled entry with Exec and TryExec set to `command`."""
    lines = []
    for line in resource_path(DESKTOP_FILE).read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            line = "Exec=" + " ".join(_quoted(part) for part in command) + " %f"
        elif line.startswith("TryExec="):
            line = "TryExec=" + command[0]
        lines.append(line)
    return "\n".join(lines) + "\n"


def install_desktop_entry(home: Path | None = None, command: list[str] | None = None) -> list[Path]:
    """Install the entry and the icon for the current user; return the files written."""
    home = home or data_home()
    entry = home / "applications" / DESKTOP_FILE
    icon = home / "icons" / "hicolor" / "scalable" / "apps" / ICON_FILE
    entry.parent.mkdir(parents=True, exist_ok=True)
    icon.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(resource_path(ICON_FILE), icon)
    entry.write_text(desktop_entry_text(command or launch_command()), encoding="utf-8")
    # Menus pick the entry up by themselves; refreshing the caches makes it immediate where the
    # tools exist. Their absence or failure changes nothing about the installed files.
    for tool in (
        ["update-desktop-database", str(entry.parent)],
        ["gtk-update-icon-cache", "-q", "-t", str(home / "icons" / "hicolor")],
    ):
        if shutil.which(tool[0]):
            subprocess.run(tool, check=False, capture_output=True, timeout=30)
    return [entry, icon]


def describe_command(command: list[str]) -> str:
    """The command as a shell would show it."""
    return shlex.join(command)
