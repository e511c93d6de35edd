"""A big document with a brat `.ann`: its text shows first, then its highlights; the `.ann` is read
once for the window and the worker; a long text fills the view a slice at a time."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from gui.core.colours.palette import Palette
from gui.core.corpus import corpus as corpus_module
from gui.core.corpus.corpus import read_entry
from gui.core.engine.engine import Engine, EngineError
from gui.core.formats.brat import brat, brat_reader, brat_simple
from gui.core.model.document import Document, Entity, Source
from gui.core.model.offsets import OffsetMap
from gui.core.session.annotation_store import AnnotatedDocument
from gui.widgets.background.annotation_worker import AnnotationThread, AnnotationWorker
from gui.widgets.panels.legend import LabelRole
from gui.widgets.text import document_view
from gui.widgets.text.document_view import DocumentView
from gui.widgets.text.prepared_spans import PreparedSpans, prepare_spans
from gui.widgets.window.main_window import MainWindow

LINE = "Ana Lopez visited Lima.\n"


def no_engine() -> Engine:
    """The engine is never needed here: the entities come from the `.ann` file."""
    raise EngineError("not needed")


# The entities of an `.ann`'s first block when its blocks are a line each (the head a big
# document shows while the rest is read).
head_of_first_line = partial(brat_simple.read_simple_ann_head, block_chars=20)


@pytest.fixture
def big_folder(tmp_path: Path) -> Path:
    """A folder with one 1.2 MB document whose `.ann` marks a name on the first and the last line."""
    folder = tmp_path / "big"
    folder.mkdir()
    body = LINE * 50_000
    last = len(body) - len(LINE)
    (folder / "long.txt").write_text(body, encoding="utf-8")
    (folder / "long.ann").write_text(
        f"T1\tPERSON 0 9\tAna Lopez\nT2\tGPE {last + 18} {last + 22}\tLima\n", encoding="utf-8"
    )
    return folder


def highlighted(view: DocumentView, start: int, end: int) -> bool:
    """Whether the user sees a highlight over start..end (brought into view and painted)."""
    view.select_range(start, start)
    view.viewport().repaint()
    block = view.document().findBlock(start)
    offset = start - block.position()
    return any(
        r.start <= offset and end - block.position() <= r.start + r.length for r in block.layout().formats()
    )


def test_the_text_shows_first_then_the_top_highlights_then_all_of_them(
    make_window: Callable[..., MainWindow], big_folder: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    head_read, all_read = threading.Event(), threading.Event()
    read_all = brat_simple.read_simple_ann

    def head_on_its_way(ann: str, stored: str, has_bom: bool) -> list[Entity] | None:
        assert head_read.wait(30), "the test never let the first lines through"
        return head_of_first_line(ann, stored, has_bom)

    def the_rest_on_its_way(ann: str, stored: str, has_bom: bool) -> list[Entity] | None:
        assert all_read.wait(30), "the test never let the whole file through"
        return read_all(ann, stored, has_bom)

    monkeypatch.setattr(brat_reader, "read_simple_ann_head", head_on_its_way)
    monkeypatch.setattr(brat_reader, "read_simple_ann", the_rest_on_its_way)
    window = make_window(no_engine)
    window.open_path(big_folder)
    qtbot.waitUntil(lambda: window.view.document().characterCount() > 1, timeout=30_000)

    # The text, before any entity.
    assert window.view.toPlainText() == (big_folder / "long.txt").read_text(encoding="utf-8")
    assert window.header.title.text() == "Ana Lopez visited Lima."
    assert "reading long.ann…" in window.header.meta.text()
    assert window.view.spans == [] and not window.entities_known and window.current_document is None

    # The entities of the .ann's first line, while the rest is read.
    head_read.set()
    qtbot.waitUntil(lambda: bool(window.view.spans), timeout=30_000)
    assert [(s.start, s.end, s.label) for s in window.view.spans] == [(0, 9, "PERSON")]
    assert highlighted(window.view, 0, 9)
    assert "1 entity so far, reading long.ann…" in window.header.meta.text()
    assert not window.entities_known and window.current_document is None
    legend = window.legend_model  # it says what the colours are, so far
    assert [legend.index(row).data(LabelRole) for row in range(legend.rowCount())] == ["PERSON"]
    assert window.windowTitle().startswith("long.txt — ")

    # All of them.
    with qtbot.waitSignal(window.highlightsShown, timeout=30_000):
        all_read.set()
    assert [(s.start, s.end, s.label) for s in window.view.spans][:1] == [(0, 9, "PERSON")]
    assert len(window.view.spans) == 2
    assert window.current_document is not None and window.current_document.entity_source is Source.BRAT
    assert "2 entities" in window.header.meta.text()
    lima = window.view.spans[-1]
    assert highlighted(window.view, lima.start, lima.end)


def test_the_window_gets_the_top_highlights_even_when_the_worker_reads_the_document(
    make_window: Callable[..., MainWindow], big_folder: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(no_engine)
    heads: list[int] = []
    window.loader.headLoaded.connect(lambda read: heads.append(len(read.head.entities)))
    entry = read_entry(big_folder / "long.txt")
    reading = threading.Thread(target=window.loader.read, args=(entry,))  # as the worker reads
    all_read = threading.Event()
    read_all = brat_simple.read_simple_ann

    def the_rest_on_its_way(ann: str, stored: str, has_bom: bool) -> list[Entity] | None:
        all_read.wait(30)
        return read_all(ann, stored, has_bom)

    monkeypatch.setattr(brat_reader, "read_simple_ann", the_rest_on_its_way)
    monkeypatch.setattr(brat_reader, "read_simple_ann_head", head_of_first_line)
    reading.start()
    qtbot.waitUntil(lambda: window.loader.reading, timeout=30_000)  # it reads first
    window.open_path(big_folder)  # the window's loader waits for that reading
    qtbot.waitUntil(lambda: heads == [1], timeout=30_000)
    all_read.set()
    reading.join(30)
    qtbot.waitUntil(lambda: window.entities_known, timeout=30_000)
    assert len(window.view.spans) == 2


def test_the_ann_is_read_once_for_the_window_and_the_worker(
    make_window: Callable[..., MainWindow], big_folder: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[Path] = []
    load = brat.load_brat_document

    def counted(txt: Path, ann: Path, *args: object, **kwargs: object) -> Document:
        # The corpus store reads every document for its own index, in its own thread.
        if threading.current_thread().name != "store upkeep":
            reads.append(ann)
        return load(txt, ann, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(brat_reader, "load_brat_document", counted)  # where the corpus finds it
    window = make_window(no_engine)
    window.open_path(big_folder)
    qtbot.waitUntil(window.indexing_done, timeout=30_000)
    qtbot.waitUntil(lambda: window.entities_known, timeout=30_000)

    assert reads == [big_folder / "long.ann"]
    assert window.annotations_snapshot()["long"].entities  # the worker's report came from that reading
    assert len(window.view.spans) == 2


def test_the_worker_takes_a_document_the_window_has_read(
    tmp_path: Path, big_folder: Path, qtbot: QtBot
) -> None:
    entry = read_entry(big_folder / "long.txt")
    document = corpus_module.load_document(entry.path)

    def never(entry: object) -> Document:
        raise AssertionError("the worker read the document again")

    worker = AnnotationWorker(tmp_path / "cache.sqlite3", no_engine, read_entry=never)
    thread = AnnotationThread(worker)
    reports: list[AnnotatedDocument] = []
    worker.annotated.connect(lambda annotated: reports.extend(annotated.reports))  # a batch per signal
    worker.replace_queue([])
    worker.prioritize(entry, document=document)
    thread.start()
    try:
        qtbot.waitUntil(lambda: bool(reports), timeout=30_000)
    finally:
        thread.shutdown()
    assert reports[0].entities is document.entities


def test_a_long_text_fills_in_a_slice_at_a_time(qtbot: QtBot) -> None:
    # Slices of a few lines, so that lines are painted before the text after them arrives.
    view = DocumentView(Palette.load(), slice_chars=(2 * len(LINE), 2 * len(LINE)))
    qtbot.addWidget(view)
    view.resize(500, 400)
    view.show()
    qtbot.waitExposed(view)
    body = LINE * 12
    names = [Entity(i * len(LINE), i * len(LINE) + 9, "PERSON") for i in range(12)]

    view.show_text(body, names)

    assert view.filling and view.document().characterCount() - 1 < len(body)
    qtbot.waitUntil(lambda: not view.filling, timeout=10_000)
    assert view.document().characterCount() - 1 == len(body)
    assert all(highlighted(view, name.start, name.end) for name in names)
    view.show_text(body, names)
    assert view.toPlainText() == body  # asked for all of it: it is all there at once
    view.show_text(body, names)
    view.select_range(len(body) - 3, len(body) - 1)  # a jump past what has arrived brings it
    assert view.textCursor().selectedText() == "a."


def test_the_same_entities_again_are_not_laid_out_again(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = DocumentView(Palette.load())
    qtbot.addWidget(view)
    names = (Entity(0, 9, "PERSON"),)
    view.show_text(LINE, names)
    calls: list[object] = []
    monkeypatch.setattr(document_view, "prepare_spans", lambda *args: calls.append(args))

    view.set_entities(names)  # the worker's report of the entities already shown

    assert calls == [] and [(s.start, s.end) for s in view.spans] == [(0, 9)]
    assert view.label_counts == {"PERSON": 1}


def test_the_spans_of_the_top_come_first_and_all_of_them_follow(qtbot: QtBot) -> None:
    view = DocumentView(Palette.load())
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    body = LINE * 4
    names = tuple(Entity(i * len(LINE), i * len(LINE) + 9, "PERSON") for i in range(4))
    view.use_prepared(prepare_spans(names, body, top=names[:1]))

    view.show_text(body, names)

    assert [s.start for s in view.spans] == [0]  # the first screen's, for now
    assert view.label_counts == {"PERSON": 4}  # the legend counts them all already
    view.take_spans(prepare_spans(names[:2], body))  # for other entities: dropped
    assert [s.start for s in view.spans] == [0]
    view.take_spans(prepare_spans(names, body))
    assert [s.start for s in view.spans] == [0, 24, 48, 72]
    qtbot.waitUntil(lambda: highlighted(view, 72, 81), timeout=5_000)  # once painted


def test_a_failure_showing_the_top_early_does_not_cost_the_document(
    make_window: Callable[..., MainWindow], big_folder: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gui.widgets.background import document_loader

    monkeypatch.setattr(brat_reader, "read_simple_ann_head", head_of_first_line)  # then the rest
    prepare = prepare_spans
    calls: list[int] = []

    def fails_first(*args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == 1:  # the head's spans
            raise RuntimeError("a broken preview")
        return prepare(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(document_loader, "prepare_spans", fails_first)
    window = make_window(no_engine)
    with qtbot.waitSignal(window.highlightsShown, timeout=30_000):
        window.open_path(big_folder)
    assert len(window.view.spans) == 2 and window.entities_known


def test_a_big_document_shown_again_takes_the_spans_its_reading_made(
    make_window: Callable[..., MainWindow], big_folder: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Shown a third time, the document comes whole from the loader (kept since the second time,
    # when only the window read it): its spans, made in the loader's thread, must still be used,
    # not made again in the UI thread (0.17 s for 100,000 entities).
    (big_folder / "short.txt").write_text("Ana went home.\n", encoding="utf-8")
    (big_folder / "short.ann").write_text("T1\tPERSON 0 3\tAna\n", encoding="utf-8")
    window = make_window(no_engine)
    window.open_path(big_folder)
    qtbot.waitUntil(window.indexing_done, timeout=30_000)
    assert window.corpus is not None
    rows = {entry.name: row for row, entry in enumerate(window.corpus.entries)}
    made_here: list[int] = []
    original = prepare_spans

    def counted(entities: Sequence[Entity], body: str, *args: Any, **kwargs: Any) -> PreparedSpans:
        made_here.append(len(entities))
        return original(entities, body, *args, **kwargs)

    monkeypatch.setattr(document_view, "prepare_spans", counted)

    def shown(name: str) -> bool:
        current = window.current_document
        return window.entities_known and current is not None and current.path.name == name

    for _ in range(3):
        for name in ("short.txt", "long.txt"):
            window.document_pane.select_source_row(rows[name])
            qtbot.waitUntil(partial(shown, name), timeout=30_000)
    assert len(window.view.spans) == 2
    assert 2 not in made_here  # the long document's two entities: never made into spans here


def test_a_long_texts_offsets_are_mapped_once_for_its_spans(monkeypatch: pytest.MonkeyPatch) -> None:
    from gui.widgets.text import prepared_spans

    made: list[int] = []

    def counted(text: str) -> OffsetMap:
        made.append(len(text))
        return OffsetMap(text)

    monkeypatch.setattr(prepared_spans, "OffsetMap", counted)
    body = LINE * 10_000  # 240,000 characters
    entities = [Entity(0, 9, "PERSON"), Entity(len(body) - 6, len(body) - 2, "GPE")]
    head = prepare_spans(entities[:1], body)
    top = prepare_spans(entities, body, entities[:1])
    whole = prepare_spans(entities, body)
    assert made == [len(body)]  # the head's, the top's and all the spans: one map
    assert head.spans == top.spans == whole.spans[:1] and len(whole.spans) == 2
    prepare_spans(entities[:1], LINE * 10_001)
    assert len(made) == 2  # another text: its own map
