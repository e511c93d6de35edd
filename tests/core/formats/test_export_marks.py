"""The reader's marks in the exports: JSON Lines carries "read", "starred", "tags" and "note" per
document; HTML shows them (the note as escaped text) on each page and in the index."""

from __future__ import annotations

import io
import json
from pathlib import Path

from gui.core.colours.palette import Palette
from gui.core.formats.exporting import export_documents
from gui.core.formats.jsonl.export_jsonl import write_jsonl
from gui.core.model.document import Document
from gui.core.model.document_marks import DocumentMarks

MARKED = DocumentMarks(True, True, ("Libya", "to <check>"), "Call <b>back</b>.\nTwice.")


def documents() -> list[Document]:
    return [
        Document(Path("/corpus/a.txt"), "a", None, "Tripoli.", ()),
        Document(Path("/corpus/b.txt"), "b", None, "Benghazi.", ()),
    ]


def marks_of(document: Document) -> DocumentMarks:
    return MARKED if document.id == "a" else DocumentMarks()


def test_json_lines_carry_the_marks_of_every_document() -> None:
    stream = io.StringIO()
    write_jsonl(documents(), stream, marks_of)
    records = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [(r["read"], r["starred"], r["tags"], r["note"]) for r in records] == [
        (True, True, ["Libya", "to <check>"], "Call <b>back</b>.\nTwice."),
        (False, False, [], ""),
    ]


def test_json_lines_without_a_desk_keep_displacys_shape() -> None:
    stream = io.StringIO()
    write_jsonl(documents(), stream)
    assert "read" not in json.loads(stream.getvalue().splitlines()[0])


def test_html_pages_and_index_show_the_marks_and_the_note_as_text(tmp_path: Path) -> None:
    export_documents(documents(), "html", tmp_path / "out", Palette.load(), "Corpus", whole_corpus=True,
                     marks=marks_of)
    page = (tmp_path / "out" / "a.html").read_text(encoding="utf-8")
    assert '<p class="review">Read · ★ Starred · #Libya · #to &lt;check&gt;</p>' in page
    assert '<p class="note-text">Call &lt;b&gt;back&lt;/b&gt;.\nTwice.</p>' in page
    other = (tmp_path / "out" / "b.html").read_text(encoding="utf-8")
    assert '<p class="review">Unread</p>' in other
    assert 'class="note-text"' not in other
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert '<span class="review">Read · ★ Starred · #Libya · #to &lt;check&gt;</span>' in index
    assert '<span class="review">Unread</span>' in index


def test_jsonl_export_to_a_file_carries_them(tmp_path: Path) -> None:
    export_documents(documents(), "jsonl", tmp_path / "out.jsonl", Palette.load(), "Corpus", marks=marks_of)
    first = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["starred"] is True and first["tags"] == ["Libya", "to <check>"]
