"""How a file's entities and the engine's differ: the same span and type is the same entity; the
user's corrections apply to both sides."""

from __future__ import annotations

from pathlib import Path

from gui.core.desk.corrections import Add, Reject, Relabel
from gui.core.entities.mentions import group_mentions
from gui.core.model.document import Entity, Source
from gui.core.session.annotation_store import AnnotatedDocument
from gui.core.session.comparison import BOTH_CORRECTED, difference_summary, span_differences
from tests.core.session import test_corrected_shown as corrected_shown


def test_differences_are_each_sides_own_entities_in_reading_order() -> None:
    file_entities = (Entity(20, 22, "PERSON", "T3"), Entity(0, 4, "ORG", "T1"), Entity(15, 19, "LOC", "T2"))
    engine = (Entity(0, 4, "ORG"), Entity(15, 19, "GPE"), Entity(35, 40, "GPE"), Entity(35, 40, "GPE"))
    differences = span_differences(file_entities, engine)
    assert differences.only_file == (Entity(15, 19, "LOC", "T2"), Entity(20, 22, "PERSON", "T3"))
    assert differences.only_engine == (Entity(15, 19, "GPE"), Entity(35, 40, "GPE"))  # once each
    assert differences.both == 1
    assert difference_summary(file_entities, engine, "a.ann") == (
        "1 in both, 2 only found by the engine, 2 only in a.ann"
    )


def test_the_corrections_apply_to_both_sides_of_a_comparison(tmp_path: Path) -> None:
    # The file marks Yukos a PERSON, as the model did; the engine finds it an ORG, and Moscow.
    body = corrected_shown.BODY
    (tmp_path / "yukos.txt").write_text(body, encoding="utf-8")
    (tmp_path / "yukos.ann").write_text("".join(
        f"T{number}\tPERSON {entity.start} {entity.end}\t{body[entity.start:entity.end]}\n"
        for number, entity in enumerate(corrected_shown.ENTITIES, 1)), encoding="utf-8")
    engine = (*(entity._replace(label="ORG") if body[entity.start:entity.end] == "Yukos" else entity
                for entity in corrected_shown.ENTITIES), Entity(48, 54, "GPE"))
    session = corrected_shown.displayed_yukos(tmp_path)
    session.comparison.toggle()
    groups = tuple(group_mentions(body, engine))
    shown = session.accept_comparison(1, AnnotatedDocument("yukos", body, engine, Source.ENGINE, groups))
    assert shown is not None
    assert shown.detail == "compared: 2 in both, 3 only found by the engine, 2 only in yukos.ann"

    session.corrections = corrected_shown.overlay(Relabel("Yukos", "ORG"))
    shown = session.refresh()
    assert shown is not None  # Yukos is an ORG on both sides now: Moscow alone differs
    assert shown.detail == ("compared: 4 in both, 1 only found by the engine, 0 only in yukos.ann"
                            f" ({BOTH_CORRECTED})")
    assert session.current is not None and shown.annotation is not None
    raw = session.comparison.result_for(session.current)
    assert raw is not None and raw.entities == engine  # kept as the engine gave them
    ours, theirs, corrected = session.compared_sides(raw)
    assert corrected and theirs.entities == shown.annotation.entities
    differences = span_differences(ours, theirs.entities)
    assert [(e.start, e.end, e.label) for e in differences.only_engine] == [(48, 54, "GPE")]

    session.corrections = corrected_shown.overlay(Reject("Yukos"), Add("Moscow", "GPE"))
    shown = session.refresh()
    assert shown is not None and [body[e.start:e.end] for e in shown.document.entities] == [
        "Tony Blair", "Mr Blair", "Moscow"]  # the engine's, corrected: no Yukos
    assert shown.detail == ("compared: 3 in both, 0 only found by the engine, 0 only in yukos.ann"
                            f" ({BOTH_CORRECTED})")
