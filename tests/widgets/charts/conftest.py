"""A small dated news corpus with entities of its own (no engine needed), and a window over it
whose corpus store has taken every document."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from gui.widgets.window.main_window import MainWindow

# (date, text): Blair in January and March, Brown in January and February, one undated.
ARTICLES = (
    ("2004-01-05", "Tony Blair met Gordon Brown in London."),
    ("2004-01-20", "Tony Blair spoke to Labour in Leeds."),
    ("2004-02-11", "Gordon Brown set the budget for Labour."),
    ("2004-03-02", "Tony Blair flew to Paris."),
    ("2004-03-30", "Tony Blair and Gordon Brown visited Paris with Labour."),
    (None, "Tony Blair was asked about Labour."),
)
LABELS = {"Tony Blair": "PERSON", "Gordon Brown": "PERSON", "Labour": "ORG", "London": "GPE",
          "Leeds": "GPE", "Paris": "GPE"}


def record(number: int, date: str | None, text: str) -> dict[str, object]:
    """A JSON Lines record with its entities, found by name."""
    ents = []
    for name, label in LABELS.items():
        start = text.find(name)
        if start >= 0:
            ents.append({"start": start, "end": start + len(name), "label": label})
    found: dict[str, object] = {"id": f"doc{number}", "text": text, "ents": ents}
    if date is not None:
        found["date"] = date
    return found


@pytest.fixture
def news_file(tmp_path: Path) -> Path:
    """The articles as one JSON Lines file."""
    path = tmp_path / "news.jsonl"
    lines = [json.dumps(record(number, date, text)) for number, (date, text) in enumerate(ARTICLES)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def news_window(make_window: Callable[..., MainWindow], news_file: Path, qtbot: QtBot) -> MainWindow:
    """A window on the news file, its store complete, its actions made and the text focused."""
    window = make_window()
    with qtbot.waitSignal(window.highlightsShown, timeout=60_000):
        window.open_path(news_file)
    window.actions_by_id  # noqa: B018  # made now: the keys below need them
    qtbot.waitUntil(lambda: window.store.complete() and not window.store.answering, timeout=60_000)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window
