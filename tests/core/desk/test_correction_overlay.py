"""The overlay over one document's spans: relabelled and rejected entities with all their
aliases, a mention relabelled alone, added texts where no span covers them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gui.core.desk.corrected_entities import ResolutionIndex, fold
from gui.core.desk.correction_overlay import EMPTY_OVERLAY, CorrectionOverlay
from gui.core.desk.corrections import Add, Correction, Reject, Relabel, RelabelMention, Split
from gui.core.entities.resolution import resolve
from gui.core.model.document import Entity

TEXT = "Tony Blair met Yukos. Mr Blair said Yukos owes. On Tuesday, Blair left; Tuesdays are long."
DOC = (b"a.txt", "a")
OTHER = (b"b.txt", "b")


def spans(text: str = TEXT) -> list[Entity]:
    found: list[Entity] = []
    for name, label in (("Tony Blair", "PERSON"), ("Mr Blair", "PERSON"), ("Yukos", "PERSON"),
                        ("Blair", "PERSON")):
        at = text.find(name)
        while at != -1:
            if not any(span.start <= at < span.end for span in found):
                found.append(Entity(at, at + len(name), label))
            at = text.find(name, at + 1)
    return sorted(found)


def overlay(*corrections: Correction) -> CorrectionOverlay:
    rows = [("a", text, label, 1) for text, label in
            {(TEXT[s.start:s.end], s.label) for s in spans()}]
    resolution = resolve(rows)
    state = fold(enumerate(corrections, start=1), ResolutionIndex(resolution))
    by_text = {text: index + 1 for text, index in resolution.by_text.items()}
    return CorrectionOverlay(state, by_text, {})


def labelled(found: tuple[Entity, ...]) -> list[tuple[str, str]]:
    return [(TEXT[span.start:span.end], span.label) for span in found]


def test_no_corrections_give_the_spans_back() -> None:
    assert EMPTY_OVERLAY.empty
    assert EMPTY_OVERLAY.spans(DOC, TEXT, spans()) == tuple(spans())


def test_a_relabel_changes_every_alias() -> None:
    found = overlay(Relabel("Blair", "NORP")).spans(DOC, TEXT, spans())
    assert labelled(found) == [("Tony Blair", "NORP"), ("Yukos", "PERSON"), ("Mr Blair", "NORP"),
                               ("Yukos", "PERSON"), ("Blair", "NORP")]


def test_a_reject_removes_the_mentions() -> None:
    found = overlay(Reject("Yukos")).spans(DOC, TEXT, spans())
    assert [text for text, _ in labelled(found)] == ["Tony Blair", "Mr Blair", "Blair"]


def test_a_mention_relabelled_alone_changes_in_its_document_only() -> None:
    second_yukos = TEXT.find("Yukos", TEXT.find("Yukos") + 1)
    made = overlay(RelabelMention(DOC, second_yukos, second_yukos + 5, "ORG", "Yukos"))
    assert labelled(made.spans(DOC, TEXT, spans()))[3] == ("Yukos", "ORG")
    assert labelled(made.spans(DOC, TEXT, spans()))[1] == ("Yukos", "PERSON")
    assert made.spans(OTHER, TEXT, spans()) == tuple(spans())


def test_a_mention_whose_text_changed_is_not_relabelled() -> None:
    made = overlay(RelabelMention(DOC, 0, 10, "ORG", "Gordon Brown"))
    assert made.spans(DOC, TEXT, spans())[0].label == "PERSON"


def test_an_added_text_is_found_at_word_boundaries_where_no_span_covers_it() -> None:
    made = overlay(Add("Tuesday", "DATE"), Add("Blair", "PERSON"))
    found = made.spans(DOC, TEXT, spans())
    assert [(TEXT[s.start:s.end], s.label) for s in found if s.label == "DATE"] == [("Tuesday", "DATE")]
    assert len(found) == len(spans()) + 1  # not "Tuesdays", and every Blair has a span already


def test_the_entity_of_a_mention_follows_the_corrections() -> None:
    made = overlay(Split("Tony Blair", "Mr Blair"), Add("Tuesday", "DATE"))
    split = made.entity_of(DOC, "Mr Blair")
    assert split is not None and split.name == "Mr Blair" and split.id < 0
    kept = made.entity_of(DOC, "Blair")
    assert kept is not None and kept.name == "Tony Blair"
    assert made.entity_of(DOC, "Yukos") is None  # untouched: the resolution's
    added = made.entity_of(DOC, "Tuesday")
    assert added is not None and added.name == "Tuesday"


WORDS = ["Tuesday", "Tuesdays", "Yukos", "Blair", "said", "Mr", "on", "New", "York"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from([" ", ", ", "'s ", "-"]), st.booleans()),
                min_size=1, max_size=25),
       st.lists(st.sampled_from(["Tuesday", "New York", "York", "Blair said", "Mr"]), min_size=1, max_size=3),
       st.booleans())
def test_added_occurrences_are_the_same_from_the_model_spans_and_from_the_corrected_ones(
    pieces: list[tuple[str, str, bool]], added: list[str], reject: bool
) -> None:
    """The store's search for added texts (added_in, over the model's spans) finds what the
    window draws (added_spans over the spans once corrected)."""
    body, spans = "", []
    for word, gap, marked in pieces:
        if marked:
            spans.append(Entity(len(body), len(body) + len(word), "PERSON"))
        body += word + gap
    rows = [("a", body[span.start:span.end], "PERSON", 1) for span in spans]
    rows = rows or [("a", "Nobody", "PERSON", 1)]
    resolution = resolve(rows)
    corrections: list[Correction] = [Add(text, "MISC") for text in added]
    if reject and spans:
        corrections.append(Reject(body[spans[0].start:spans[0].end]))
    state = fold(enumerate(corrections, start=1), ResolutionIndex(resolution))
    made = CorrectionOverlay(state, {text: index + 1 for text, index in resolution.by_text.items()}, {})
    kept = made.spans(DOC, body, spans, add=False)
    model = [(span.start, span.end) for span in spans]
    assert made.added_in(DOC, body, model) == made.added_spans(body, kept)
