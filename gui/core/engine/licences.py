"""What Seedview is made of, and under which licences, for Help ▸ About: read from the installed
packages' own metadata (and the model's meta.json, which names the data it was trained on), so
that it says what is installed rather than what was once typed."""

from __future__ import annotations

import importlib.util
import json
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

from gui.core.engine.engine import MODEL_DISTRIBUTION, MODEL_PACKAGE

SEEDVIEW_DISTRIBUTION = "seedview"
SPACY_DISTRIBUTION = "spacy"
QT_DISTRIBUTION = "PySide6_Essentials"  # Qt's libraries and Qt for Python, as installed here


class Component(NamedTuple):
    """One piece of what runs: its name, version (None if not installed) and licence."""

    name: str
    version: str | None
    licence: str


def distribution(name: str, shown_as: str | None = None) -> Component:
    """A Python distribution's version and licence, from its metadata (newer packages give an SPDX
    `License-Expression`, older ones `License`)."""
    try:
        found = metadata.metadata(name)
    except metadata.PackageNotFoundError:
        return Component(shown_as or name, None, "not installed")
    licence = _header(found, "License-Expression") or _header(found, "License") or "licence not stated"
    return Component(shown_as or _header(found, "Name") or name, _header(found, "Version"), licence)


def _header(found: metadata.PackageMetadata, name: str) -> str | None:
    """A metadata header, or None: found[name] is None for a missing one in the standard
    library's metadata, but a KeyError in importlib_metadata's, which the distributions come from
    once a dependency has imported it."""
    values = found.get_all(name)
    return str(values[0]) if values else None


def model_training_data() -> list[str]:
    """The data the entity model was trained on, each with its licence, from its meta.json."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        return []
    try:
        meta = json.loads((Path(spec.origin).parent / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    sources = meta.get("sources") if isinstance(meta, dict) else None
    found = []
    for source in sources if isinstance(sources, list) else []:
        if isinstance(source, dict) and isinstance(source.get("name"), str):
            licence = source.get("license")
            found.append(f"{source['name']} — {licence}" if isinstance(licence, str) else source["name"])
    return found


def components() -> list[Component]:
    """Seedview, its entity model, spaCy and Qt for Python, as installed."""
    return [
        distribution(SEEDVIEW_DISTRIBUTION, "Seedview"),
        distribution(MODEL_DISTRIBUTION, f"Entity model {MODEL_DISTRIBUTION}"),
        distribution(SPACY_DISTRIBUTION, "spaCy"),
        distribution(QT_DISTRIBUTION, "Qt for Python (PySide6)"),
    ]


def about_text(qt_version: str = "") -> str:
    """The About box's text: each component on a line with its version and licence, what the
    model was trained on, and how Qt is used (`qt_version`: the Qt libraries' own version)."""
    lines = []
    for component in components():
        version = f" {component.version}" if component.version else ""
        with_qt = f" with Qt {qt_version}" if qt_version and component.name.startswith("Qt for") else ""
        lines.append(f"{component.name}{version}{with_qt}: {component.licence}")
    lines.append("Seedview uses Qt and Qt for Python under the GNU LGPL v3, as shared libraries that "
                 "can be replaced.")
    data = model_training_data()
    if data:
        lines.append(f"The entity model was trained on: {'; '.join(data)}.")
    return "\n".join(lines)
