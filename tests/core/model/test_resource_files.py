"""Bundled files are found through the package, installed or from a checkout."""

from __future__ import annotations

from gui.core.model.resource_files import resource_path, resources_folder, seeds_folder
from tests.conftest import SEED_NAME


def test_resources_are_found() -> None:
    assert (resources_folder() / "palette.json").is_file()
    assert resource_path("seedview.qss").is_file()
    assert resource_path("seedview.qss").parent == resources_folder()


def test_seeds_are_found() -> None:
    assert (seeds_folder() / SEED_NAME).is_file()
