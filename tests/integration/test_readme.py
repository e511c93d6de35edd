"""The README's shortcut table is the command table: it may not drift from the F1 list."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from gui.widgets.commands.actions import shortcut_rows

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_shortcut_table_matches_the_commands(qapp: QApplication) -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index("| Menu | Command | Keys |") + 2
    table = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        table.append(tuple(cell.strip() for cell in line.strip("|").split(" | ")))
    assert table == shortcut_rows()


def test_readme_quick_start_has_exactly_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    quick_start = text.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in quick_start.strip().splitlines()]
    assert commands == ["make run", "make test"]
