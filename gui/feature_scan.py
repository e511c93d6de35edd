"""Spares start-up PySide6's reading of every module's source.

Once PySide6.QtCore is imported, every `import` statement goes through PySide's own `__import__`,
which supports `from __feature__ import snake_case, true_property`. The first time it sees a
module name, it reads that module's whole source (`inspect.getsource`) to find out whether the
module mentions PySide6, and notes the answer in a table: 0 (uses PySide, no feature selected) or
-1 (ignore this module). Seedview's window imports about 120 names after PySide6: reading their
sources took about 15 ms of a 250 ms start.

Most answers are known without reading anything: the standard library never uses PySide6, nor does
`gui.core` (import-linter forbids it), and the `gui.widgets` modules do. `note_known_modules` writes
those answers in PySide's table, never over one it has, so PySide reads no source it has an answer
for. (A few widget modules do not mention PySide6 and are answered 0, not -1: in a program that
selects no feature, as Seedview does, both answers leave every Qt class as it is.) Where PySide is
not imported yet, or keeps no such table, it does nothing.
"""

from __future__ import annotations

import os
import sys

USES_PYSIDE = 0  # PySide's answer for a module that mentions PySide6: no feature selected
IGNORED = -1  # its answer for one that does not

_GUI_FOLDER = os.path.dirname(os.path.abspath(__file__))


def _feature_table() -> dict[str, int] | None:
    """PySide's table of answers, or None before PySide6 is imported (or if it keeps none)."""
    table = getattr(sys.modules.get("__feature__"), "pyside_feature_dict", None)
    return table if isinstance(table, dict) else None


def _package_modules(package: str) -> list[str]:
    """The package and its modules and subpackages, by their source files; just the package where
    it has no folder of sources (a zip or a frozen build): PySide then reads what it can, as before."""
    top = os.path.join(_GUI_FOLDER, package.rpartition(".")[2])
    names = [package]
    for folder, _, files in os.walk(top):
        prefix = ".".join([package, *os.path.relpath(folder, top).split(os.sep)]).removesuffix(".")
        names += [f"{prefix}.{name[:-3]}".replace("..", ".") for name in files
                  if name.endswith(".py") and name != "__init__.py"]
        if folder != top and "__init__.py" in files:
            names.append(prefix)
    return names


def known_answers() -> dict[str, int]:
    """What PySide's reading would answer, known without reading: the standard library's modules
    (its top-level names and every loaded one) and Seedview's core and widget modules."""
    answers = dict.fromkeys(sys.stdlib_module_names, IGNORED)
    for name in list(sys.modules):
        if name.partition(".")[0] in sys.stdlib_module_names:
            answers[name] = IGNORED
    answers["gui"] = IGNORED
    answers.update(dict.fromkeys(_package_modules("gui.core"), IGNORED))
    answers.update(dict.fromkeys(_package_modules("gui.widgets"), USES_PYSIDE))
    return answers


def note_known_modules() -> None:
    """Give PySide the known answers, if PySide6 is imported already."""
    table = _feature_table()
    if table is not None:
        for name, answer in known_answers().items():
            table.setdefault(name, answer)
