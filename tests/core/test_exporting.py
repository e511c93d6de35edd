"""Exports in every format, and the round trip through them: the same entities, exactly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gui.core.corpus import Corpus
from gui.core.document import Document, Entity
from gui.core.exporting import ExportError, check_destination, export_documents
from gui.core.palette import Palette

BODY_CHARACTERS = st.sampled_from([*"ab Z.,’é\n😀<>&\"'", "\u200b", "\u202e", "𝔘"])


@st.composite
def documents(draw: st.DrawFn) -> list[Document]:
    """Documents as Seedview shows them: no leading whitespace, no CR; entities may overlap."""
    result = []
    for number in range(draw(st.integers(1, 3))):
        body = "W" + draw(st.text(BODY_CHARACTERS, max_size=40))
        spans = draw(
            st.lists(
                st.tuples(st.integers(0, len(body) - 1), st.integers(1, 8), st.sampled_from(["ORG", "Gene"])),
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


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(documents())
def test_jsonl_then_brat_then_jsonl_keeps_every_entity(
    tmp_path_factory: pytest.TempPathFactory, docs: list[Document]
) -> None:
    folder = tmp_path_factory.mktemp("trip")
    palette = Palette.load()
    expected = {d.id: (d.date, d.body, [(e.start, e.end, e.label) for e in d.entities]) for d in docs}
    assert export_documents(docs, "jsonl", folder / "one.jsonl", palette, "trip") == len(docs)
    assert read_back(folder / "one.jsonl") == expected
    corpus = Corpus.open(folder / "one.jsonl")
    export_documents((corpus.load(e) for e in corpus), "brat", folder / "brat", palette, "trip")
    assert read_back(folder / "brat") == expected
    corpus = Corpus.open(folder / "brat")
    export_documents((corpus.load(e) for e in corpus), "jsonl", folder / "two.jsonl", palette, "trip")
    assert read_back(folder / "two.jsonl") == expected


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
    # A JSON Lines corpus's folder is the folder being read.
    with pytest.raises(ExportError):
        check_destination("jsonl", tmp_path / "corpus" / "x.jsonl", source / "records.jsonl")


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
