"""Commands are functions of a command context: they run against any object that has its names."""

from __future__ import annotations

from pathlib import Path

from gui.core.corpus.corpus import Corpus
from gui.core.session.reading_session import ReadingSession
from gui.widgets.commands import engine_comparison, window_commands
from gui.widgets.commands.actions import COMMANDS


class FakeView:
    """The text, as the comparison command sees it: asked to mark differences."""

    def set_difference_source(self, source: object) -> None:
        self.source = source


class FakeContext:
    """Just what the comparison command uses: a session, the text, the status line and a redraw."""

    def __init__(self, session: ReadingSession) -> None:
        self.session = session
        self.view = FakeView()
        self.said: list[str] = []
        self.redrawn = 0
        self.colours = window_commands.ColourChoice()

    def say(self, text: str, timeout_ms: int = 0) -> None:
        self.said.append(text)

    def refresh_entities(self) -> None:
        self.redrawn += 1


def test_a_command_runs_against_a_fake_context(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Angela Merkel spoke.\n", encoding="utf-8")
    session = ReadingSession()
    session.open(Corpus.open(tmp_path), generation=1)
    context = FakeContext(session)

    engine_comparison.toggle_engine_comparison(context)  # type: ignore[arg-type]
    assert session.comparison.active and context.redrawn == 1
    assert context.said == [
        "Comparison with the engine on: it applies to documents whose entities come from a file; "
        "this one's already come from the engine"
    ]
    assert engine_comparison.comparing(context)  # type: ignore[arg-type]
    engine_comparison.toggle_engine_comparison(context)  # type: ignore[arg-type]
    assert not session.comparison.active and context.redrawn == 2
    assert window_commands.colour_blind_safe(context) is False


def test_every_command_holds_a_function_and_every_on_off_command_reads_its_state() -> None:
    assert all(callable(command.run) for command in COMMANDS)
    assert {command.id for command in COMMANDS if command.checkable} == {
        "label_cue", "colour_blind", "compare_engine", "document_list", "entity_panel", "docked_panes",
        "reading_mode",
    }
    assert len({command.id for command in COMMANDS}) == len(COMMANDS)
