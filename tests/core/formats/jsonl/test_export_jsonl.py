"""JSON Lines export: one displaCy-shaped record per document, offsets in code points."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from spacy import displacy

from gui.core.engine.annotator import Annotator, annotate_documents
from gui.core.engine.cache import EntityCache
from gui.core.engine.engine import SpacyEngine
from gui.core.formats.jsonl.export_jsonl import document_record, write_jsonl
from gui.core.model.document import Document, Entity, parse_document
from tests.conftest import SEED_NAME, SEEDS

EMOJI_BODY = "😀🎉 Angela Merkel flew to Paris 😀 on Monday."
EMOJI_DOCUMENT = Document(
    Path("/corpus/emoji.txt"),
    "emoji",
    dt.date(2024, 5, 1),
    EMOJI_BODY,
    (Entity(3, 16, "PERSON"), Entity(25, 30, "GPE"), Entity(36, 42, "DATE")),
)


# displaCy's markup for one entity: the covered text, then its label.
MARK = re.compile(r"<mark [^>]*>\s*(.*?)\s*<span [^>]*>(\w+)</span>\s*</mark>", re.DOTALL)


def render(record: dict[str, Any]) -> str:
    # displaCy sorts the record's "ents" in place: give it a copy.
    html = displacy.render(copy.deepcopy(record), style="ent", manual=True, jupyter=False)
    assert isinstance(html, str)
    return html


def marked(html: str) -> list[tuple[str, str]]:
    """(text, label) of each highlighted entity in displaCy's HTML."""
    return MARK.findall(html)


def test_record_fields() -> None:
    record = document_record(EMOJI_DOCUMENT)
    assert record == {
        "id": "emoji",
        "path": "/corpus/emoji.txt",
        "date": "2024-05-01",
        "title": "😀🎉 Angela Merkel flew to Paris 😀 on Monday.",
        "text": EMOJI_BODY,
        "ents": [
            {"start": 3, "end": 16, "label": "PERSON", "text": "Angela Merkel"},
            {"start": 25, "end": 30, "label": "GPE", "text": "Paris"},
            {"start": 36, "end": 42, "label": "DATE", "text": "Monday"},
        ],
    }


def test_undated_document_without_entities() -> None:
    record = document_record(Document(Path("/c/plain.txt"), "plain", None, "Nothing here."))
    assert record["date"] is None
    assert record["ents"] == []


def test_entity_id_and_note_only_when_present() -> None:
    document = Document(
        Path("/corpus/brat.txt"),
        "brat",
        None,
        "Angela Merkel flew to Paris.",
        (Entity(0, 13, "PERSON", ref="T1", note="Q567"), Entity(22, 27, "GPE", ref="T2"), Entity(0, 6, "X")),
    )
    assert document_record(document)["ents"] == [
        {"start": 0, "end": 13, "label": "PERSON", "text": "Angela Merkel", "id": "T1", "note": "Q567"},
        {"start": 22, "end": 27, "label": "GPE", "text": "Paris", "id": "T2"},
        {"start": 0, "end": 6, "label": "X", "text": "Angela"},
    ]
    # displaCy ignores the extra keys.
    assert marked(render(document_record(document)))[-1] == ("Paris", "GPE")


def test_write_jsonl_one_line_per_document() -> None:
    plain = Document(Path("/c/plain.txt"), "plain", None, "Line one.\nLine two.")
    stream = io.StringIO()
    assert write_jsonl([EMOJI_DOCUMENT, plain], stream) == 2
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2  # the body's newline is escaped inside its line
    assert "😀" in lines[0]  # written as UTF-8 text, not \\u escapes
    records = [json.loads(line) for line in lines]
    assert records == [document_record(EMOJI_DOCUMENT), document_record(plain)]


def test_displacy_renders_the_record() -> None:
    html = render(document_record(EMOJI_DOCUMENT))
    assert "<h2" in html  # the record's title becomes displaCy's heading
    # Each highlight covers exactly its entity: displaCy read the offsets as code points.
    assert marked(html) == [("Angela Merkel", "PERSON"), ("Paris", "GPE"), ("Monday", "DATE")]


@pytest.fixture(scope="module")
def seed_record(engine: SpacyEngine) -> dict[str, Any]:
    document = parse_document(SEEDS / SEED_NAME, (SEEDS / SEED_NAME).read_bytes())
    cache = EntityCache(None, engine.pipeline)
    (annotated,) = annotate_documents(Annotator(cache, lambda: engine), [document])
    cache.close()
    return document_record(annotated)


def test_seed_record_offsets_cover_their_text(seed_record: dict[str, Any]) -> None:
    assert set(seed_record) == {"id", "path", "date", "title", "text", "ents"}
    assert len(seed_record["ents"]) > 20
    for ent in seed_record["ents"]:
        assert set(ent) == {"start", "end", "label", "text"}
        assert seed_record["text"][ent["start"] : ent["end"]] == ent["text"]
    assert {"text": "Khalifa Haftar", "label": "PERSON"}.items() <= next(
        ent for ent in seed_record["ents"] if ent["text"] == "Khalifa Haftar"
    ).items()


def test_displacy_renders_the_seed_record(seed_record: dict[str, Any]) -> None:
    html = render(json.loads(json.dumps(seed_record)))  # as a reader of the file would get it
    highlights = marked(html)
    assert highlights == [(ent["text"], ent["label"]) for ent in seed_record["ents"]]
    assert ("Khalifa Haftar", "PERSON") in highlights
    assert ("the Wagner Group", "ORG") in highlights
