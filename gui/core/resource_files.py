"""Find the bundled `resources/` and `seeds/` folders, installed or in a checkout."""

from __future__ import annotations

import importlib.resources
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[2]


def _package_folder(package: str, checkout_name: str) -> Path:
    # Installed (wheel or editable), the folders are the data packages gui.resources and gui.seeds;
    # run straight from a checkout without installing, they are beside the gui/ package.
    try:
        folder = Path(str(importlib.resources.files(package)))
    except ModuleNotFoundError:
        folder = _CHECKOUT / checkout_name
    return folder


def resources_folder() -> Path:
    """The folder holding the palette, stylesheet, icons and desktop entry."""
    return _package_folder("gui.resources", "resources")


def resource_path(name: str) -> Path:
    """The path of one bundled resource file."""
    return resources_folder() / name


def seeds_folder() -> Path:
    """The bundled seed documents: the folder the app opens by default."""
    return _package_folder("gui.seeds", "seeds")
