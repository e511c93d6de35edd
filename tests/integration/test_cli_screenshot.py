"""`seedview --screenshot` opens the real window offscreen, waits for highlights, saves a PNG."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.conftest import SEED_NAME, SEEDS


def run_seedview(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, XDG_CACHE_HOME=str(home / "cache"), XDG_CONFIG_HOME=str(home / "config"))
    env.pop("DISPLAY", None)
    env["QT_QPA_PLATFORM"] = "offscreen"
    return subprocess.run(
        [sys.executable, "-m", "gui", *args], env=env, capture_output=True, text=True, timeout=300
    )


def test_screenshot_of_a_chosen_document(tmp_path: Path, write_corpus: Callable[..., Path]) -> None:
    folder = write_corpus(
        {SEED_NAME: (SEEDS / SEED_NAME).read_bytes(), "later.txt": "date 2024-05-01\nNothing here."}
    )
    # A saved session that hides GPE, zooms and shows another document must not change the picture.
    saved = tmp_path / "config" / "Seedview" / "Seedview.ini"
    saved.parent.mkdir(parents=True)
    saved.write_text(
        f"[corpus]\nlastFolder={folder}\nlastDocument=later\n[view]\nhiddenTypes=GPE\nzoomSteps=-3\n",
        encoding="utf-8",
    )
    out = tmp_path / "shot.png"
    result = run_seedview(["--screenshot", str(out), str(folder), "--document", SEED_NAME], tmp_path)
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert not image.isNull()
    assert image.width() >= 640 and image.height() >= 400
    # The GPE highlight colour is on screen: the highlights were painted before the grab.
    gpe = "#ffd960"
    found = any(
        image.pixelColor(x, y).name() == gpe
        for x in range(0, image.width(), 3)
        for y in range(0, image.height(), 3)
    )
    assert found
    assert saved.read_text(encoding="utf-8").startswith("[corpus]\nlastFolder=")  # left alone


def test_screenshot_of_an_unknown_document_fails_clearly(tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    result = run_seedview(["--screenshot", str(out), str(SEEDS), "--document", "nope.txt"], tmp_path)
    assert result.returncode == 2
    assert "no document named 'nope.txt'" in result.stderr


def test_a_missing_path_on_the_command_line_exits_2(tmp_path: Path) -> None:
    result = run_seedview([str(tmp_path / "nowhere")], tmp_path)
    assert result.returncode == 2
    assert "nowhere does not exist" in result.stderr


def test_screenshot_of_a_document_whose_file_name_is_not_utf8(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    # The window's signals carried the id "caf\udce9" as a QString, which drops the surrogate: the
    # screenshot never saw its document highlighted, and waited for its timeout.
    Path(os.fsdecode(os.fsencode(folder) + b"/caf\xe9.txt")).write_text(
        "date 2024-05-01\nAngela Merkel flew to Paris on Monday.\n", encoding="utf-8"
    )
    out = tmp_path / "shot.png"
    result = run_seedview(["--screenshot", str(out), str(folder)], tmp_path)
    assert result.returncode == 0, result.stderr
    assert not QImage(str(out)).isNull()


def test_screenshot_at_a_chosen_size(tmp_path: Path) -> None:
    out = tmp_path / "small.png"
    result = run_seedview(["--screenshot", str(out), "--size", "640x400", str(SEEDS)], tmp_path)
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (640, 400)
    # The side panes gave way: the highlights are on the left half too, where the list would be.
    gpe = "#ffd960"
    assert any(
        image.pixelColor(x, y).name() == gpe for x in range(0, 320, 2) for y in range(0, 400, 2)
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--size", "wide"], "must be WIDTHxHEIGHT in pixels, such as 1400x900, not 'wide'"),
        (["--size", "320x200"], "must be from 640x400 (the window's smallest size) to 7680x4320"),
        (["--size", "99999x900"], "not 99999x900"),
    ],
)
def test_a_bad_size_is_explained(tmp_path: Path, args: list[str], message: str) -> None:
    result = run_seedview(["--screenshot", str(tmp_path / "shot.png"), *args], tmp_path)
    assert result.returncode == 2
    assert "usage: seedview" in result.stderr and message in result.stderr
    assert not (tmp_path / "shot.png").exists()


def test_size_goes_with_screenshot(tmp_path: Path) -> None:
    result = run_seedview(["--size", "800x600", str(SEEDS)], tmp_path)
    assert result.returncode == 2
    assert "--size goes with --screenshot" in result.stderr
