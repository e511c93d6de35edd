"""The user's entity corrections over what the session shows and exports (issue 15), without Qt
and without a store: an overlay folded over a resolution in memory."""

from __future__ import annotations

from pathlib import Path

from gui.core.corpus.corpus import Corpus, load_entry
from gui.core.desk.corrected_entities import ResolutionIndex, fold
from gui.core.desk.correction_overlay import CorrectionOverlay
from gui.core.desk.corrections import Add, Correction, Reject, Relabel, RelabelMention
from gui.core.desk.reading import document_key
from gui.core.entities.mentions import group_mentions
from gui.core.entities.resolution import resolve
from gui.core.model.document import Entity, Source
from gui.core.session.annotation_store import AnnotatedDocument
from gui.core.session.corrected_shown import MODEL_SAID
from gui.core.session.reading_session import ReadingSession

BODY = "Yukos met Tony Blair. Mr Blair and Yukos met in Moscow.\n"
ENTITIES = (Entity(0, 5, "PERSON"), Entity(10, 20, "PERSON"), Entity(22, 30, "PERSON"),
            Entity(35, 40, "PERSON"))  # fmt: skip


def overlay(*corrections: Correction) -> CorrectionOverlay:
    """The overlay of these corrections over the resolution of BODY's mentions."""
    rows = [("yukos", "Yukos", "PERSON", 2), ("yukos", "Tony Blair", "PERSON", 1),
            ("yukos", "Mr Blair", "PERSON", 1)]  # fmt: skip
    resolution = resolve(rows)
    state = fold(list(enumerate(corrections, 1)), ResolutionIndex(resolution))
    texts = {text: rid + 1 for rid, entity in enumerate(resolution.entities)
             for text in (alias.text for alias in entity.aliases)}  # fmt: skip
    return CorrectionOverlay(state, texts, {})


def displayed_yukos(folder: Path) -> ReadingSession:
    """A session on `folder` (written already) showing its document yukos."""
    session = ReadingSession()
    session.open(Corpus.open(folder), generation=1)
    assert session.corpus is not None
    entry = session.corpus.entry("yukos")
    assert entry is not None
    session.choose(entry)
    session.display(entry, load_entry(entry))
    return session


def shown_session(tmp_path: Path) -> ReadingSession:
    (tmp_path / "yukos.txt").write_text(BODY, encoding="utf-8")
    session = displayed_yukos(tmp_path)
    groups = tuple(group_mentions(BODY, ENTITIES))
    session.accept(1, AnnotatedDocument("yukos", BODY, ENTITIES, Source.ENGINE, groups))
    return session


def test_a_relabel_shows_everywhere_with_the_models_label_in_the_note(tmp_path: Path) -> None:
    session = shown_session(tmp_path)
    session.corrections = overlay(Relabel("Yukos", "ORG"))
    shown = session.refresh()
    assert shown is not None and shown.annotation is not None
    labels = [(BODY[e.start:e.end], e.label) for e in shown.document.entities]
    assert labels == [("Yukos", "ORG"), ("Tony Blair", "PERSON"), ("Mr Blair", "PERSON"), ("Yukos", "ORG")]
    assert shown.document.entities[0].note == MODEL_SAID + "PERSON"
    assert {group.key.label for group in shown.annotation.groups if group.name == "Yukos"} == {"ORG"}
    exported = session.document_to_export()
    assert not isinstance(exported, str)
    assert [e.label for e in exported.entities] == ["ORG", "PERSON", "PERSON", "ORG"]
    assert all(not e.note for e in exported.entities)  # the note is for the screen only


def test_reject_drops_add_finds_and_a_mention_relabel_is_one_mention(tmp_path: Path) -> None:
    session = shown_session(tmp_path)
    key = document_key(tmp_path / "yukos.txt", "yukos")
    mention = RelabelMention(key, 10, 20, "NORP", "Tony Blair")
    session.corrections = overlay(Reject("Yukos"), Add("Moscow", "GPE"), mention)
    shown = session.refresh()
    assert shown is not None
    assert [(BODY[e.start:e.end], e.label) for e in shown.document.entities] == [
        ("Tony Blair", "NORP"), ("Mr Blair", "PERSON"), ("Moscow", "GPE")]
    # Undone: the empty overlay shows the model's entities again.
    session.corrections = overlay()
    shown = session.refresh()
    assert shown is not None and shown.document.entities == ENTITIES


def test_a_document_too_big_to_group_here_keeps_its_groups(tmp_path: Path) -> None:
    session = shown_session(tmp_path)
    session.group_here_at_most = 2  # fewer than the document's four entities
    groups = session.shown.annotation.groups if session.shown and session.shown.annotation else ()
    session.corrections = overlay(Relabel("Yukos", "ORG"))
    shown = session.refresh()
    assert shown is not None and shown.annotation is not None
    assert [e.label for e in shown.document.entities] == ["ORG", "PERSON", "PERSON", "ORG"]
    assert shown.annotation.groups == groups


def test_a_reported_documents_entity_count_is_the_corrected_one(tmp_path: Path) -> None:
    session = shown_session(tmp_path)
    report = AnnotatedDocument("yukos", BODY, ENTITIES, Source.ENGINE, ())
    assert session.entity_count(report) == 4  # no corrections: the engine's
    session.corrections = overlay(Reject("Yukos"), Add("Moscow", "GPE"))
    assert session.entity_count(report) == 3  # Tony Blair, Mr Blair, Moscow
    unlisted = AnnotatedDocument("gone", BODY, ENTITIES, Source.ENGINE, ())
    assert session.entity_count(unlisted) == 4  # not in the folder: nothing to key corrections by
