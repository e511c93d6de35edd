"""Help ▸ About says what is installed: versions and licences from the packages' own metadata."""

from __future__ import annotations

import email.message
from importlib import metadata

import pytest

from gui.core.engine import licences
from gui.core.engine.engine import MODEL_DISTRIBUTION, model_version
from gui.core.engine.licences import about_text, components, distribution, model_training_data


def test_each_component_has_its_installed_version_and_licence() -> None:
    found = {component.name: component for component in components()}
    assert found["Seedview"].licence == "MIT"
    model = found[f"Entity model {MODEL_DISTRIBUTION}"]
    assert model.version == model_version() and model.licence == "MIT"
    assert found["spaCy"].version == metadata.version("spacy") and found["spaCy"].licence == "MIT"
    assert found["Qt for Python (PySide6)"].licence.startswith("LGPL-3.0")


def test_the_model_names_the_data_it_was_trained_on() -> None:
    data = model_training_data()
    assert any(source.startswith("OntoNotes 5 — ") for source in data)
    assert "The entity model was trained on: OntoNotes 5" in about_text()


def test_a_package_that_is_not_installed_says_so() -> None:
    missing = distribution("no-such-package-for-seedview", "Something")
    assert missing == ("Something", None, "not installed")
    assert "with Qt" not in about_text() and " with Qt 6.9.1: LGPL-3.0" in about_text("6.9.1")


class StrictHeaders(email.message.Message):
    """Metadata as importlib_metadata 8 gives it: a missing header is a KeyError."""

    def __getitem__(self, name: str) -> str:
        found = self.get(name)
        if found is None:
            raise KeyError(name)
        return str(found)


def test_a_package_whose_metadata_raises_for_missing_headers_is_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    headers = StrictHeaders()
    headers["Name"], headers["Version"], headers["License"] = "spacy", "3.8.2", "MIT"
    monkeypatch.setattr(metadata, "metadata", lambda name: headers)
    assert distribution("spacy") == licences.Component("spacy", "3.8.2", "MIT")
