"""Exports in every format, and the round trip through them: the same entities, exactly."""

from __future__ import annotations

import ast
import base64
import datetime as dt
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gui.core.colours.palette import Palette
from gui.core.corpus.corpus import Corpus
from gui.core.formats.brat.brat_writer import brat_losses
from gui.core.formats.exporting import ExportError, check_destination, export_documents
from gui.core.model.document import Document, Entity, split_header

BODY_CHARACTERS = st.sampled_from([*"ab Z.,’é\n😀<>&\"'d0-", "\u200b", "\u202e", "𝔘", "\ufeff", "\x00"])
# Any character but whitespace (which no reader keeps at the start) may begin a body, or what
# looks like a date header.
BODY_STARTS = st.characters(codec="utf-8").filter(lambda c: not c.isspace()) | st.sampled_from(
    ["date 2021-03-04 was when", "date 2021-13-45 ", "d", "7", "\ufeff"]
)


@st.composite
def documents(draw: st.DrawFn) -> list[Document]:
    """Documents as Seedview shows them: no leading whitespace, no CR; entities may overlap."""
    result = []
    for number in range(draw(st.integers(1, 3))):
        body = draw(BODY_STARTS) + draw(st.text(BODY_CHARACTERS, max_size=40))
        spans = draw(
            st.lists(
                st.tuples(
                    st.integers(0, len(body) - 1),
                    st.integers(1, 8),
                    st.sampled_from(["ORG", "Gene", "Cell type"]),
                ),
                max_size=6,
            )
        )
        entities = sorted(
            {Entity(start, min(start + length, len(body)), label) for start, length, label in spans}
        )
        date = draw(st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31))))
        result.append(Document(Path(f"doc{number}.txt"), f"doc{number}", date, body, tuple(entities)))
    return result


def read_back(path: Path) -> dict[str, tuple[dt.date | None, str, list[tuple[int, int, str]]]]:
    corpus = Corpus.open(path)
    loaded = {}
    for entry in corpus:
        document = corpus.load(entry)
        loaded[entry.id] = (
            document.date,
            document.body,
            [(e.start, e.end, e.label) for e in document.entities],
        )
    return loaded


# The kinds of loss a trip through brat may report, as brat_losses words them.
NUL_LOSS = "the text has NUL characters"
HEADER_LOSSES = ("the text begins like a date header", "the text begins with whitespace")
LABEL_LOSS = re.compile(r"the label ('[^']*'|\"[^\"]*\") is written as the brat type ('[^']*'|\"[^\"]*\") \(")


def what_the_losses_leave(
    document: Document, losses: list[str]
) -> tuple[dt.date | None, str, list[tuple[int, int, str]]]:
    """The date, body and entity spans a trip through brat gives back, predicted from the losses
    reported for the document alone: each loss changes what it says it changes, nothing else."""
    unknown = [
        loss for loss in losses
        if NUL_LOSS not in loss and not LABEL_LOSS.search(loss) and not any(k in loss for k in HEADER_LOSSES)
    ]
    assert not unknown, f"a loss this test cannot check: {unknown}"
    if any(NUL_LOSS in loss for loss in losses):
        # The .txt reads back as a binary file (these bodies are well within what the reader probes).
        return None, "", []
    types = {
        ast.literal_eval(match[1]): ast.literal_eval(match[2])
        for match in (LABEL_LOSS.search(loss) for loss in losses) if match
    }
    spans = [(e.start, e.end, types.get(e.label, e.label)) for e in document.entities]
    date, body = document.date, document.body
    if any(kind in loss for loss in losses for kind in HEADER_LOSSES):
        # What the .txt reader takes for a header goes, with the entities that begin in it.
        date, body, _ = split_header(body)
        cut = len(document.body) - len(body)
        spans = [(start - cut, end - cut, label) for start, end, label in spans if start >= cut]
    return date, body, spans


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(documents())
def test_jsonl_then_brat_then_jsonl_keeps_every_entity_or_says_what_it_lost(
    tmp_path_factory: pytest.TempPathFactory, docs: list[Document]
) -> None:
    folder = tmp_path_factory.mktemp("trip")
    palette = Palette.load()
    expected = {d.id: (d.date, d.body, [(e.start, e.end, e.label) for e in d.entities]) for d in docs}
    assert export_documents(docs, "jsonl", folder / "one.jsonl", palette, "trip") == len(docs)
    assert read_back(folder / "one.jsonl") == expected
    corpus = Corpus.open(folder / "one.jsonl")
    warnings: list[str] = []
    export_documents(
        (corpus.load(e) for e in corpus), "brat", folder / "brat", palette, "trip", warn=warnings.append
    )
    through_brat = read_back(folder / "brat")
    losses = {d.id: brat_losses(d) for d in docs}
    for document in docs:
        assert through_brat[document.id] == expected[document.id] or losses[document.id]
        # Every difference is one a loss reports, and every reported loss makes its difference.
        assert through_brat[document.id] == what_the_losses_leave(document, losses[document.id])
    # The corpus lists newest first: the order differs, not the sentences.
    assert sorted(warnings) == sorted(loss for document in docs for loss in losses[document.id])
    corpus = Corpus.open(folder / "brat")
    export_documents((corpus.load(e) for e in corpus), "jsonl", folder / "two.jsonl", palette, "trip")
    assert read_back(folder / "two.jsonl") == through_brat


def test_brat_losses_go_to_warn_and_other_formats_warn_of_nothing(tmp_path: Path) -> None:
    docs = [Document(Path("a.txt"), "a", None, "date 2021-03-04 was when", (Entity(0, 4, "Cell type"),))]
    outputs = {"jsonl": tmp_path / "a.jsonl", "html": tmp_path / "html", "brat": tmp_path / "brat"}
    for fmt, output in outputs.items():
        warnings: list[str] = []
        export_documents(docs, fmt, output, Palette.load(), "t", warn=warnings.append)
        assert warnings == (brat_losses(docs[0]) if fmt == "brat" else []), fmt
    assert len(brat_losses(docs[0])) == 2


def test_a_whole_corpus_exports_to_html_with_an_index_even_for_one_document(tmp_path: Path) -> None:
    docs = [Document(Path("a.txt"), "a", None, "One story.")]
    export_documents(docs, "html", tmp_path / "document", Palette.load(), "t")
    export_documents(docs, "html", tmp_path / "folder", Palette.load(), "t", whole_corpus=True)
    assert sorted(p.name for p in (tmp_path / "document").iterdir()) == ["a.html"]
    assert sorted(p.name for p in (tmp_path / "folder").iterdir()) == ["a.html", "index.html"]


def test_destinations_inside_the_folder_being_read_are_refused(tmp_path: Path) -> None:
    source = tmp_path / "corpus"
    source.mkdir()
    (source / "a.txt").write_text("A text.")
    for fmt, output in (("brat", source), ("html", source / "pages"), ("jsonl", source / "out.jsonl")):
        with pytest.raises(ExportError, match="the folder being read"):
            check_destination(fmt, output, source)
    (tmp_path / "file").write_text("x")
    with pytest.raises(ExportError, match="is a file"):
        check_destination("brat", tmp_path / "file", source)
    with pytest.raises(ExportError, match="is a folder"):
        check_destination("jsonl", tmp_path, source)
    check_destination("html", tmp_path / "pages", source)  # beside it is fine
    check_destination("jsonl", tmp_path / "out.jsonl", None)  # nothing being read


def test_beside_a_file_being_read_is_fine_but_not_over_it(tmp_path: Path) -> None:
    records = tmp_path / "records.jsonl"
    records.write_text('{"text": "A text."}\n')
    check_destination("jsonl", tmp_path / "out.jsonl", records)
    check_destination("brat", tmp_path / "brat", records)
    with pytest.raises(ExportError, match="is the file being read"):
        check_destination("jsonl", records, records)
    text = tmp_path / "story.txt"
    text.write_text("A story.")
    (tmp_path / "story.ann").write_text("")
    check_destination("jsonl", tmp_path / "story.jsonl", text)
    with pytest.raises(ExportError, match="is the file being read"):
        check_destination("jsonl", text, text)
    with pytest.raises(ExportError, match="the annotations of the file being read"):
        check_destination("jsonl", tmp_path / "story.ann", text)
    # A folder format into the file's own folder: refused, as it has files.
    with pytest.raises(ExportError, match="already has files"):
        check_destination("html", tmp_path, text)


def test_folder_formats_need_a_new_or_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "old.html").write_text("an earlier export")
    for fmt in ("brat", "html"):
        check_destination(fmt, tmp_path / "new", None)
        check_destination(fmt, tmp_path / "empty", None)
        with pytest.raises(ExportError, match=r"already has files; choose a new or empty folder"):
            check_destination(fmt, tmp_path / "used", None)
    check_destination("jsonl", tmp_path / "used" / "old.html", None)  # one file is replaced whole


def test_a_destination_that_cannot_be_resolved_is_refused_in_words(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="names no home folder"):
        check_destination("brat", Path("~no-such-user-of-seedview/out"), None)
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    for fmt in ("jsonl", "brat"):
        with pytest.raises(ExportError, match=r"Cannot use .* as the destination"):
            check_destination(fmt, tmp_path / "a" / "out", None)
    with pytest.raises(ExportError, match="as the source"):
        check_destination("jsonl", tmp_path / "out.jsonl", tmp_path / "a")


def test_a_failed_jsonl_export_leaves_no_half_file(tmp_path: Path) -> None:
    def documents_then_failure() -> Iterator[Document]:
        yield Document(Path("a.txt"), "a", None, "Text.", ())
        raise OSError("disk full")

    target = tmp_path / "out.jsonl"
    target.write_text("the previous export\n")
    with pytest.raises(OSError):
        export_documents(documents_then_failure(), "jsonl", target, Palette.load(), "t")
    assert target.read_text() == "the previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]
    with pytest.raises(ExportError):
        export_documents([], "xml", tmp_path / "x", Palette.load(), "t")


def test_a_failed_folder_export_leaves_nothing(tmp_path: Path) -> None:
    def documents_then_failure() -> Iterator[Document]:
        yield Document(Path("a.txt"), "a", None, "Text.", ())
        yield Document(Path("b.txt"), "b", None, "More text.", ())
        raise OSError("disk full")

    (tmp_path / "empty").mkdir()
    outputs = [("brat", tmp_path / "brat"), ("html", tmp_path / "html"), ("html", tmp_path / "empty")]
    for fmt, output in outputs:
        with pytest.raises(OSError, match="disk full"):
            export_documents(documents_then_failure(), fmt, output, Palette.load(), "t", whole_corpus=True)
    assert [path.name for path in tmp_path.iterdir()] == ["empty"]
    assert list((tmp_path / "empty").iterdir()) == []


def test_a_path_that_is_not_utf8_is_exported_readable_and_exact(tmp_path: Path) -> None:
    raw = b"/corpus/caf\xe9.txt"
    odd = Document(Path(os.fsdecode(raw)), "caf\udce9", None, "Text.", ())
    plain = Document(Path("/corpus/plain.txt"), "plain", None, "Text.", ())
    out = tmp_path / "out.jsonl"
    assert export_documents([odd, plain], "jsonl", out, Palette.load(), "t") == 2
    first, second = (json.loads(line) for line in out.read_text(encoding="utf-8").splitlines())
    assert first["path"] == "/corpus/caf\ufffd.txt"
    assert base64.b64decode(first["path_bytes"]) == raw
    assert second["path"] == "/corpus/plain.txt" and "path_bytes" not in second
    assert list(first) == ["id", "path", "date", "title", "text", "ents", "path_bytes"]

    pages = tmp_path / "pages"
    export_documents([odd, plain], "html", pages, Palette.load(), "t")
    assert sorted(path.name for path in pages.iterdir()) == ["caf\ufffd.html", "index.html", "plain.html"]
