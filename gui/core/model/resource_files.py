"""Find the bundled `resources/` and `seeds/` folders, installed or in a checkout."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[3]


def _package_folder(package: str, checkout_name: str) -> Path:
    # Installed (wheel or editable), the folders are the data packages gui.resources and gui.seeds;
    # run straight from a checkout without installing, they are beside the gui/ package.
    # They hold no __init__.py, so they are namespace packages: take their one search location.
    try:
        spec = importlib.util.find_spec(package)
    except ModuleNotFoundError:
        spec = None
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    return Path(locations[0]) if locations else _CHECKOUT / checkout_name


def resources_folder() -> Path:
    """The folder holding the palette, stylesheet, icons and desktop entry."""
    return _package_folder("gui.resources", "resources")


def resource_path(name: str) -> Path:
    """The path of one bundled resource file."""
    return resources_folder() / name


def seeds_folder() -> Path:
    """The bundled seed documents: the folder the app opens by default."""
    return _package_folder("gui.seeds", "seeds")
