"""`seedview [PATH]` is read without building the parser; what it reads must be the parser's."""

from __future__ import annotations

from pathlib import Path

import pytest

from gui.app import gui_options, gui_parser


@pytest.mark.parametrize("args", [[], ["folder"], ["my documents/one file.txt"], ["export.jsonl"]])
def test_a_plain_start_reads_as_the_parser_would(args: list[str]) -> None:
    assert vars(gui_options(args)) == vars(gui_parser().parse_args(args))


def test_options_go_through_the_parser() -> None:
    options = gui_options(["--document", "merkel.txt", "folder"])
    assert options.document == "merkel.txt" and options.path == Path("folder")
    with pytest.raises(SystemExit):
        gui_options(["--no-such-option"])
