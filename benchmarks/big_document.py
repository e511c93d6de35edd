"""Target 3, a 5 MB document with about 100,000 entities (a brat `.ann` file beside it, so the
engine never runs): the time from `open_path` to the painted, highlighted first screen against a
bare `QPlainTextEdit.setPlainText` and paint of the same text; the event loop's longest stall
(a 5 ms timer's largest gap) while it loads and while PgDown pages through it from top to bottom;
and how long F8 (next entity) and a find-in-document keystroke take to paint on it.

Everything runs in one child process with the real main window, offscreen.
Run: `.venv/bin/python benchmarks/big_document.py [--quick]`.
"""

from __future__ import annotations

import re
import resource
import statistics
import sys
import tempfile
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a file: find `benchmarks`

from benchmarks.child_runs import CHILD_FLAG, private_env, report, run_child
from benchmarks.english_text import ArticleWriter
from benchmarks.table import Row, measured, median, print_table, run_count

CHARACTERS = 5_000_000
TARGET_RATIO = 2.0
STALL_LIMIT_S = 0.100
INSTANT_S = 0.100
F8_PRESSES = 20
FIND_QUERY = "Schenker said"
# Names and numbers stand in for the engine's entities: capitalised runs of words, and numbers.
NAME_OR_NUMBER = re.compile(
    r"\b[A-Z][\w’'-]*[a-z][\w’'-]*(?: [A-Z][\w’'-]*[a-z][\w’'-]*)*|\b\d[\d,.]*\d\b|\b\d\b"
)
LABELS = ("PERSON", "ORG", "GPE", "NORP", "LOC", "EVENT", "PRODUCT")


def write_big_document(folder: Path) -> tuple[Path, int]:
    """A 5 MB seed-format document and its brat `.ann` file; the path and the entity count."""
    folder.mkdir(parents=True, exist_ok=True)
    header = "date 2019-11-27\n"
    body = ArticleWriter(seed=3, news_share=0.7).body(CHARACTERS)
    lines = []
    for number, match in enumerate(NAME_OR_NUMBER.finditer(body), start=1):
        text = match.group()
        # The same name always gets the same type, as an engine's would.
        label = "CARDINAL" if text[0].isdigit() else LABELS[zlib.crc32(text.encode()) % len(LABELS)]
        # brat counts offsets in the file as stored: after the date line.
        start, end = match.start() + len(header), match.end() + len(header)
        lines.append(f"T{number}\t{label} {start} {end}\t{text}\n")
    path = folder / "big_document.txt"
    path.write_text(header + body, encoding="utf-8")
    path.with_suffix(".ann").write_text("".join(lines), encoding="utf-8")
    return path, len(lines)


def child(path: Path, home: Path, runs: int) -> dict[str, object]:
    """In the child: open, page, F8 and find on the big document; the measurements."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QPlainTextEdit

    from benchmarks.qt_probes import (
        TickGaps,
        application,
        bench_window,
        seconds_until_painted,
        spin,
        wait_until,
    )
    from gui.core.corpus.corpus import load_document

    application()
    window = bench_window(home)
    view = window.view
    small = ArticleWriter(seed=4).write_articles(home / "small", 1, 2_000, 3_000)
    body = load_document(path).body
    bare = QPlainTextEdit()
    bare.resize(view.size())
    seconds_until_painted(bare.viewport(), bare.show)
    gaps = TickGaps()

    def big_one_highlighted() -> bool:
        """Every entity of the big document read: it is the current document, with entities."""
        document = window.current_document
        return document is not None and document.path == path and window.entities_known

    def top_highlighted() -> bool:
        """The big document's text on screen with highlights: those of the `.ann`'s first lines
        while it is still being read (no current document meanwhile), or all of them."""
        document = window.current_document
        return bool(view.spans) and (document is None or document.path == path)

    opened: list[float] = []
    complete: list[float] = []
    set_plain: list[float] = []
    load_stalls: list[float] = []
    for _ in range(runs):
        spin(0.2)
        seconds = seconds_until_painted(bare.viewport(), lambda: bare.setPlainText(body))
        assert seconds is not None
        set_plain.append(seconds)
        bare.setPlainText("")
        window.open_path(small)  # start from another document, as a reader would
        spin(0.2)
        gaps.start()
        started: list[float] = []

        def open_big(started: list[float] = started) -> None:
            started.append(time.time())
            window.open_path(path)

        seconds = seconds_until_painted(view.viewport(), open_big, top_highlighted)
        if seconds is None or not view.spans:
            raise SystemExit("the big document was not shown with its highlights within a minute")
        opened.append(seconds)
        read = wait_until(big_one_highlighted, timeout_s=60)
        if read is None:
            raise SystemExit("the big document's entities were not all read within a minute")
        complete.append(read - started[0])
        # Loading ends when the document is in the corpus indexes too; then a moment of quiet.
        wait_until(window.indexing_done, timeout_s=120)
        spin(0.3)
        load_stalls.append(gaps.stop())
    bare.close()
    entities = len(view.spans)
    window.activateWindow()  # the bare editor was a window of its own; window shortcuts need this one
    wait_until(window.isActiveWindow, timeout_s=5)

    # Page from top to bottom with the keyboard.
    view.setFocus()
    view.moveCursor(QTextCursor.MoveOperation.Start)
    spin(0.3)
    bar = view.verticalScrollBar()
    pages: list[float] = []
    gaps.start()
    while bar.value() < bar.maximum() and not view.textCursor().atEnd() and len(pages) < 100_000:
        seconds = seconds_until_painted(
            view.viewport(), lambda: QTest.keyClick(view, Qt.Key.Key_PageDown), timeout_s=10
        )
        if seconds is None:
            break  # nothing left to paint: the last page
        pages.append(seconds)
    scroll_stall = gaps.stop()
    reached_end = bar.value() == bar.maximum() or view.textCursor().atEnd()

    # F8 from places spread through the text.
    length = len(view.toPlainText())
    presses: list[float] = []
    for number in range(F8_PRESSES):
        position = length * number // F8_PRESSES
        view.select_range(position, position)
        spin(0.05)

        seconds = seconds_until_painted(  # the caret had no selection: F8 selects an entity
            view.viewport(), lambda: QTest.keyClick(view, Qt.Key.Key_F8),
            lambda: view.textCursor().hasSelection(), timeout_s=10,
        )
        if seconds is None:
            raise SystemExit(f"F8 at {position} selected nothing")
        presses.append(seconds)

    # Find in document, typed a key at a time from the top.
    view.moveCursor(QTextCursor.MoveOperation.Start)
    QTest.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    spin(0.1)
    if not window.find_bar.edit.hasFocus():
        raise SystemExit("Ctrl+F did not open the find bar")
    keystrokes: list[float] = []
    matches: list[int] = []
    for character in FIND_QUERY:

        def type_key(character: str = character) -> None:
            QTest.keyClicks(window.find_bar.edit, character)

        seconds = seconds_until_painted(view.viewport(), type_key, timeout_s=10)
        if seconds is None:
            raise SystemExit(f"typing {character!r} in the find bar painted nothing")
        keystrokes.append(seconds)
        matches.append(window.find_bar.match_count)
    window.close()
    return {
        "opened": opened, "complete": complete, "set_plain": set_plain, "load_stalls": load_stalls,
        "entities": entities,
        "pages": pages, "scroll_stall": scroll_stall, "reached_end": reached_end, "f8": presses,
        "find": keystrokes, "matches": matches,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main(quick: bool = False) -> list[Row]:
    """Measure the big document in a child process; return the rows."""
    runs = run_count(quick)
    with tempfile.TemporaryDirectory(prefix="seedview-bench-big-document-") as tmp:
        home = Path(tmp)
        path, written = write_big_document(home / "big")
        megabytes = path.stat().st_size / 1e6
        _, result = run_child(Path(__file__), [str(path), str(home), str(runs)], private_env(home))
    opened, stalls, pages = result["opened"], result["load_stalls"], result["pages"]
    f8, find, matches = result["f8"], result["find"], result["matches"]
    about = f"{megabytes:.1f} MB, {result['entities']:,} entities highlighted ({written:,} in the .ann)"
    paged = f"{len(pages)} pages" + ("" if result["reached_end"] else " (the end was NOT reached)")
    return [
        measured("5 MB document: open to painted highlights", median(opened),
                 baseline=median(result["set_plain"]), max_ratio=TARGET_RATIO,
                 note=f"{about}; the first screen, highlighted with the entities of the .ann's first "
                 f"lines while the rest is read; runs: {', '.join(f'{t * 1000:.0f}' for t in opened)} ms; "
                 f"baseline: a bare QPlainTextEdit's setPlainText and paint of the same text; peak RSS "
                 f"{result['peak_mb']:.0f} MB"),
        measured("5 MB document: open to every entity read", median(result["complete"]),
                 baseline=median(result["set_plain"]),
                 note="until the window has the whole .ann (the entity panel, the counts, F8 past the "
                 "top); runs: " + ", ".join(f"{t * 1000:.0f}" for t in result["complete"]) + " ms"),
        measured("5 MB document: longest event-loop stall while loading", median(stalls),
                 limit=STALL_LIMIT_S,
                 note=f"largest gap of a 5 ms timer from open_path until indexed; per run: "
                 f"{', '.join(f'{t * 1000:.0f}' for t in stalls)} ms"),
        measured("5 MB document: longest event-loop stall paging with PgDown", result["scroll_stall"],
                 limit=STALL_LIMIT_S,
                 note=f"top to bottom, {paged}; a page paints in {statistics.median(pages) * 1000:.1f} ms "
                 f"(median), {max(pages) * 1000:.0f} ms at most" if pages else paged),
        measured(f"5 MB document: F8 to painted selection (slowest of {len(f8)})", max(f8),
                 limit=INSTANT_S, note=f"median {statistics.median(f8) * 1000:.1f} ms, from "
                 f"{len(f8)} places spread through the text"),
        measured(f"5 MB document: find keystroke to painted matches (slowest of {len(find)})", max(find),
                 limit=INSTANT_S,
                 note=f"typing {FIND_QUERY!r} a key at a time; median {statistics.median(find) * 1000:.1f} "
                 f"ms; matches after each key: {', '.join(f'{m:,}' for m in matches)}"),
    ]


if __name__ == "__main__":
    if sys.argv[1:2] == [CHILD_FLAG]:
        document, home, runs = sys.argv[2:5]
        report(child(Path(document), Path(home), int(runs)))
    else:
        print_table("A 5 MB document with 100,000 entities", main(quick="--quick" in sys.argv))
