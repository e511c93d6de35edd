"""An export job carries the reader's marks of each document it writes, keyed as the window keeps
them: two files whose names differ only in a byte that is not UTF-8 keep their own."""

from __future__ import annotations

from pathlib import Path

from gui.core.desk.reading import marks_key
from gui.core.model.document import Document
from gui.core.model.document_marks import DocumentMarks
from gui.widgets.background.export_job import ExportJob


def test_an_export_job_gives_each_document_its_own_marks(tmp_path: Path) -> None:
    e_acute, e_grave = tmp_path / "caf\udce9.txt", tmp_path / "caf\udce8.txt"
    starred = DocumentMarks(read=True, starred=True)
    job = ExportJob("jsonl", tmp_path / "out.jsonl", "out", marks={
        marks_key(e_acute, "caf\udce9"): starred, "plain": DocumentMarks(read=True)})
    assert job.marks_of(Document(e_acute, "caf\udce9", None, "Hello.")) == starred
    assert job.marks_of(Document(e_grave, "caf\udce8", None, "Hello.")) == DocumentMarks()
    assert job.marks_of(Document(tmp_path / "plain.txt", "plain", None, "Hi.")) == DocumentMarks(read=True)
