"""Bad files in the folder, as the reader meets them: each is listed or shown with a sentence that
says what is wrong, and the other documents keep working, by keyboard."""

from __future__ import annotations

import codecs
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.core.model import regular_file
from gui.widgets.commands import window_commands
from gui.widgets.sidebar.document_list_model import ProblemRole
from gui.widgets.window.main_window import MainWindow
from tests.core.model.test_document_size import sparse_file
from tests.integration.test_annotation_files import open_and_wait
from tests.widgets.conftest import step_down, tooltip_lines, visit_every_entity

WriteCorpus = Callable[[dict[str, str | bytes]], Path]


def listed(window: MainWindow) -> dict[str, str | None]:
    """Each row's file name and the problem it is listed with, in list order."""
    rows = (window.filter_model.index(row, 0) for row in range(window.filter_model.rowCount()))
    return {tooltip_lines(row)[0]: row.data(ProblemRole) for row in rows}


@pytest.fixture
def lock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path], None]]:
    """Make files unreadable: by their mode, or, for root (who reads them anyway), by refusing
    their opening the way the kernel would."""
    locked: list[Path] = []
    real_open = regular_file.open_regular

    def refusing_open(path: Path, buffering: int = -1) -> Any:
        if path in locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, buffering)

    if os.geteuid() == 0:
        monkeypatch.setattr(regular_file, "open_regular", refusing_open)

    def lock_file(path: Path) -> None:
        locked.append(path)
        path.chmod(0)

    yield lock_file
    for path in locked:
        path.chmod(0o644)


def test_a_200_mb_file_is_listed_with_its_reason_and_the_rest_still_shows(
    make_window: Callable[..., MainWindow], write_corpus: WriteCorpus, qtbot: QtBot
) -> None:
    folder = write_corpus({"small.txt": "date 2020-01-01\nAngela Merkel visited Paris.\n"})
    sparse_file(folder / "big.txt", b"date 2021-05-05\nA huge dump. " + b"More words. " * 200)
    too_big = "big.txt is 200 MB; Seedview opens documents up to 64 MB."
    window = make_window()

    window.open_path(folder)

    # The newest, so shown first: its reason instead of its text.
    assert listed(window) == {"big.txt": too_big, "small.txt": None}
    assert window.windowTitle() == "big.txt — corpus — Seedview"
    assert window.header.notice.text() == f"⚠ {too_big}"
    assert window.view.toPlainText() == ""
    with qtbot.waitSignal(window.highlightsShown, timeout=60_000, check_params_cb=lambda i: i == "small"):
        qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)
    assert window.view.toPlainText() == "Angela Merkel visited Paris.\n"
    assert visit_every_entity(window, qtbot) == ["Angela Merkel", "Paris"]


def test_a_one_megabyte_line_shows_and_f8_reaches_an_entity_at_its_end(
    make_window: Callable[..., MainWindow], write_corpus: WriteCorpus, qtbot: QtBot
) -> None:
    body = "Ana Lopez wrote this. " + "word " * 200_000 + "It ends in Lima."
    lima = body.rindex("Lima")
    ann = f"T1\tPERSON 0 9\tAna Lopez\nT2\tGPE {lima} {lima + 4}\tLima\n"
    folder = write_corpus({"long.txt": body, "long.ann": ann})
    window = make_window()

    open_and_wait(window, folder, qtbot)

    assert window.view.toPlainText() == body
    assert visit_every_entity(window, qtbot) == ["Ana Lopez", "Lima"]
    assert window.view.textCursor().selectionStart() == lima
    assert window.caret_label.text().startswith("GPE")


def test_encodings_line_endings_and_an_impossible_date_show_as_text_with_aligned_highlights(
    make_window: Callable[..., MainWindow], write_corpus: WriteCorpus, qtbot: QtBot
) -> None:
    folder = write_corpus(
        {
            "utf16.txt": "date 2020-01-05\r\nAngela Merkel met Emmanuel Macron.\r\n".encode("utf-16"),
            "bom.txt": codecs.BOM_UTF8 + b"date 2020-01-04\nBarack Obama visited Berlin.\n",
            "crlf.txt": "date 2020-01-03\r\nThe talks in London ended.\r\nTheresa May spoke in Paris.\r\n",
            "cr.txt": "date 2020-01-02\rA note from Tokyo.\rShinzo Abe spoke in Osaka.\r",
            "baddate.txt": "date 2019-13-45\nJoe Biden visited Madrid.\n",
        }
    )
    window = make_window()
    open_and_wait(window, folder, qtbot)
    seen = {}
    for row in range(5):
        if row:
            step_down(window, qtbot)
        document = window.shown_document
        assert document is not None
        text = window.view.toPlainText()
        assert text == document.body and "\r" not in text and "\ufeff" not in text
        # Each F8 selects exactly the words of its entity, whatever the file's bytes were.
        assert document.entities
        assert visit_every_entity(window, qtbot) == [document.entity_text(e) for e in document.entities]
        seen[document.path.name] = (window.header.meta.text().split(" · ")[0], window.header.notice.text())
    assert seen == {
        "utf16.txt": ("Sunday 5 January 2020", "⚠ Decoded as UTF-16 (byte order mark)."),
        "bom.txt": ("Saturday 4 January 2020", ""),
        "crlf.txt": ("Friday 3 January 2020", ""),
        "cr.txt": ("Thursday 2 January 2020", ""),
        "baddate.txt": ("Undated", "⚠ The header date '2019-13-45' is not a real date; it is ignored."),
    }


def test_a_folder_whose_listing_fails_halfway_shows_what_was_listed_and_says_so(
    make_window: Callable[..., MainWindow],
    write_corpus: WriteCorpus,
    listing_fails_after: Callable[[int], None],
) -> None:
    folder = write_corpus({"a.txt": "Alpha spoke.", "b.txt": "Beta spoke.", "c.txt": "Gamma spoke."})
    listing_fails_after(2)
    window = make_window()

    assert window.open_path(folder)

    assert window.filter_model.rowCount() == 2
    assert window.view.toPlainText().endswith("spoke.")
    assert window.statusBar().currentMessage() == (
        "Listing the folder corpus stopped after 2 documents: Input/output error. "
        "Some documents may be missing; open the folder again to retry."
    )


def test_a_folder_that_cannot_be_listed_at_all_says_so(
    make_window: Callable[..., MainWindow],
    write_corpus: WriteCorpus,
    listing_fails_after: Callable[[int], None],
) -> None:
    folder = write_corpus({"a.txt": "Alpha spoke."})
    listing_fails_after(0)
    window = make_window()

    assert not window.open_path(folder)

    assert window.header.title.text() == (
        f"Cannot list the folder {folder}: Input/output error. Press Ctrl+O to open a folder."
    )


def test_unreadable_files_and_symlink_loops_are_listed_with_their_reason(
    make_window: Callable[..., MainWindow],
    write_corpus: WriteCorpus,
    lock: Callable[[Path], None],
    qtbot: QtBot,
) -> None:
    folder = write_corpus({"good.txt": "date 2020-01-01\nAna Lopez visited Lima.\n", "locked.txt": "Secret."})
    (folder / "a.txt").symlink_to("b.txt")
    (folder / "b.txt").symlink_to("a.txt")
    lock(folder / "locked.txt")
    loop = "Too many levels of symbolic links"
    window = make_window()

    open_and_wait(window, folder, qtbot)

    assert listed(window) == {
        "good.txt": None,  # dated, so first; the others cannot say their date
        "a.txt": f"Cannot read a.txt: {loop}.",
        "b.txt": f"Cannot read b.txt: {loop}.",
        "locked.txt": "Cannot read locked.txt: Permission denied.",
    }
    assert window.view.toPlainText() == "Ana Lopez visited Lima.\n"
    for problem in list(listed(window).values())[1:]:
        step_down(window, qtbot)
        assert (window.view.toPlainText(), window.header.notice.text()) == ("", f"⚠ {problem}")
    window_commands.go_first_document(window)
    assert window.view.toPlainText() == "Ana Lopez visited Lima.\n"


@pytest.mark.parametrize("damage", ["corrupt file", "unwritable folder"])
def test_a_broken_cache_still_gives_highlights(
    damage: str, make_window: Callable[..., MainWindow], corpus_folder: Path, cache_path: Path, qtbot: QtBot
) -> None:
    if damage == "corrupt file":
        cache_path.parent.mkdir(parents=True)
        cache_path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4080)
    else:
        cache_path.parent.write_text("a file where the cache folder should be", encoding="utf-8")
    window = make_window()

    open_and_wait(window, corpus_folder, qtbot)

    assert visit_every_entity(window, qtbot)[:2] == ["Angela Merkel", "Emmanuel Macron"]
    if damage != "corrupt file":  # a corrupt file is rebuilt; a folder that cannot be made is said
        qtbot.waitUntil(lambda: "cannot be written" in window.status.cache_problem, timeout=10_000)
