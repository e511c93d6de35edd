"""The wheel carries the resources, the seeds and the `seedview` command; the core needs no Qt."""

from __future__ import annotations

import configparser
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
# Build from a copy so the build leaves no build/ or egg-info behind in the checkout.
NOT_SOURCES = shutil.ignore_patterns(
    ".venv", ".git", "build", "dist", "*.egg-info", ".*_cache", ".hypothesis", "__pycache__"
)


def test_wheel_contains_resources_seeds_and_the_command(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(REPOSITORY, source, ignore=NOT_SOURCES)
    wheels = tmp_path / "wheels"
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
         "-w", str(wheels), str(source)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    (wheel,) = wheels.glob("seedview-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert {
            "gui/resources/palette.json",
            "gui/resources/seedview.qss",
            "gui/seeds/000_d9f4b74fadeab39f.txt",
            "gui/core/model/document.py",
            "gui/app.py",
        } <= names
        assert json.loads(archive.read("gui/resources/palette.json"))["types"]["GPE"]
        # Every module of the package travels: a package left out of pyproject's list is missing
        # only from an installed (not editable) copy, where its first import fails.
        modules = {path.relative_to(REPOSITORY).as_posix() for path in (REPOSITORY / "gui").rglob("*.py")}
        assert modules - names == set()
        (entry_points_name,) = (name for name in names if name.endswith(".dist-info/entry_points.txt"))
        entry_points = configparser.ConfigParser()
        entry_points.read_string(archive.read(entry_points_name).decode())
    assert entry_points["console_scripts"]["seedview"] == "gui.app:run"
    assert not any(name.startswith("tests/") for name in names)

    # Installed (not editable), the package finds its own resources and seeds.
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(site),
         str(wheel)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    code = (
        f"import sys; sys.path.insert(0, {str(site)!r}); "
        "from gui.core.model.resource_files import resources_folder, seeds_folder; "
        "print(resources_folder()); print(seeds_folder())"
    )
    # -S: no site-packages, so the checkout's editable install cannot answer instead.
    found = subprocess.run(
        [sys.executable, "-S", "-c", code], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    assert Path(found[0]) == site / "gui" / "resources"
    assert (Path(found[0]) / "palette.json").is_file()
    assert (Path(found[1]) / "000_d9f4b74fadeab39f.txt").is_file()


CHECK_CORE_IMPORTS = """
import importlib, json, pkgutil, sys
import gui.core
found = [info.name for info in pkgutil.walk_packages(gui.core.__path__, "gui.core.")]
for name in found:
    importlib.import_module(name)
modules = sorted(name.rpartition(".")[2] for name in found)  # by their own names, in every package
loaded = sorted({name.split(".")[0] for name in sys.modules} & {"PySide6", "spacy"})
for extra in sys.argv[1:]:
    importlib.import_module(extra)
after = sorted({name.split(".")[0] for name in sys.modules} & {"PySide6", "spacy"})
print(json.dumps({"modules": modules, "loaded": loaded, "after": after}))
"""


def core_imports(*extra_modules: str) -> dict[str, list[str]]:
    result = subprocess.run(
        [sys.executable, "-c", CHECK_CORE_IMPORTS, *extra_modules],
        cwd=REPOSITORY, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report: dict[str, list[str]] = json.loads(result.stdout)
    return report


def test_the_core_imports_neither_qt_nor_spacy() -> None:
    report = core_imports("gui.widgets.runtime.settings")
    assert {"document", "corpus", "engine", "cache", "annotator", "palette"} <= set(report["modules"])
    assert report["loaded"] == []  # spaCy too is imported only when the engine loads
    # The check does see Qt when a module pulls it in: the settings are Qt's side of the line.
    assert report["after"] == ["PySide6"]


def test_the_window_code_does_not_import_spacy() -> None:
    # spaCy takes about a second to import: it belongs to the annotation thread, never to the
    # path from launch to the first painted window.
    code = (
        "import sys; import gui.app, gui.widgets.window.main_window, gui.widgets.window.screenshot; "
        "print('spacy' in sys.modules, 'numpy' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]
