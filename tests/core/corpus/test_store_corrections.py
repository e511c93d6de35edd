"""The desk's corrections in the corpus store: the corrected tables the store's questions read
(the entity table, its label counts, `entity:` and its hits, the entity filter), rebuilt for
what they touch alone, after each resolution too; an import that is idempotent."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_corrections import (
    apply_corrections,
    corpus_overlay,
    correction_changes,
    correction_overlay,
    corrections_current,
    final_mention_spans,
    import_corrections,
)
from gui.core.corpus.store_entities import (
    CorpusEntity,
    document_counts,
    entities,
    entity_documents,
    labels,
    mentioning,
)
from gui.core.corpus.store_query import search
from gui.core.corpus.store_resolution import final_documents_of, resolve_store
from gui.core.corpus.store_writes import Transaction, insert_document
from gui.core.desk.correction_log import add_correction, logged_corrections, set_active
from gui.core.desk.corrections import Add, Correction, Merge, Reject, Relabel, RelabelMention, Split
from gui.core.insight.timeline import Count, timeline
from gui.core.model.document import Document
from gui.core.search.query import EntityFilter, TypeFilter, parse_query
from tests.core.corpus.test_store_resolution import DOCUMENTS, found, put

EXTRA = {"tuesday": ("On Tuesday Yukos met. Tuesday again, and Tuesdays.", "ORG")}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CorpusStore]:
    made = CorpusStore.for_corpus(tmp_path / "cache", tmp_path / "corpus")
    for doc_id, (text, label) in {**DOCUMENTS, **EXTRA}.items():
        put(made, doc_id, text, label)
    assert resolve_store(made)
    yield made
    made.close()


def table(store: CorpusStore) -> dict[str, CorpusEntity]:
    return {entity.name: entity for entity in entities(store)}


def correct(store: CorpusStore, *corrections: Correction) -> None:
    for correction in corrections:
        add_correction(store.db, correction)
    apply_corrections(store)


def matches(store: CorpusStore, name: str) -> set[str]:
    return {match.id for match in search(store, EntityFilter(name), limit=50)}


def test_without_corrections_the_table_is_the_resolutions(store: CorpusStore) -> None:
    before = table(store)
    apply_corrections(store)
    assert table(store) == before
    assert corrections_current(store)


def test_a_relabel_shows_in_the_table_its_counts_and_labels(store: CorpusStore) -> None:
    assert table(store)["Yukos"].label_counts == (("PERSON", 3), ("ORG", 2))
    correct(store, Relabel("yukos", "ORG"))
    yukos = table(store)["Yukos"]
    assert (yukos.label, yukos.label_counts, yukos.mentions, yukos.documents) == ("ORG", (("ORG", 5),), 5, 3)
    assert not yukos.disputed


def test_a_reject_takes_the_entity_out_of_the_table_the_filter_and_the_queries(store: CorpusStore) -> None:
    correct(store, Reject("Cherie Blair"))
    assert "Cherie Blair" not in table(store)
    assert matches(store, "Cherie Blair") == set()
    assert entity_documents(store, "PERSON", "cherie blair").documents == ()


def test_a_split_and_a_merge_change_what_entity_finds_with_its_hits(store: CorpusStore) -> None:
    assert matches(store, "Tony Blair") == {"tony", "pm"}
    correct(store, Split("Tony Blair", "Mr Blair"))
    assert matches(store, "Tony Blair") == {"tony"}
    assert matches(store, "Mr Blair") == {"tony", "pm"}
    assert table(store)["Mr Blair"].why == ("split off Tony Blair by a correction",)
    (tony,) = search(store, EntityFilter("Tony Blair"))
    text = DOCUMENTS["tony"][0]
    assert [text[hit.start:hit.end] for hit in tony.hits] == ["Tony Blair", "Blair"]

    correct(store, Merge(("Yukos", "Cherie Blair")))
    assert matches(store, "Cherie Blair") == {"cherie", "tax", "shares", "tuesday"}
    merged = table(store)["Yukos"]
    assert set(merged.aliases) == {"Yukos", "Cherie Blair", "Mrs Blair"}
    assert entity_documents(store, "ORG", "mrs blair").name == "Yukos"


def test_an_added_text_is_an_entity_with_its_documents_and_hits(store: CorpusStore) -> None:
    correct(store, Add("Tuesday", "DATE"))
    tuesday = table(store)["Tuesday"]
    assert (tuesday.label, tuesday.mentions, tuesday.documents) == ("DATE", 2, 1)
    assert "DATE" in labels(store)
    (match,) = search(store, EntityFilter("Tuesday"))
    assert [hit.match for hit in match.hits] == ["Tuesday", "Tuesday"]  # not "Tuesdays"


def typed(store: CorpusStore, label: str) -> set[str]:
    return {match.id for match in search(store, TypeFilter(label), limit=50)}


def test_type_finds_the_entities_by_their_corrected_label(store: CorpusStore) -> None:
    # Yukos is PERSON by consensus (3 to 2), so type: finds it as one before it is relabelled.
    assert typed(store, "ORG") == set()
    assert typed(store, "PERSON") == {"tony", "cherie", "pm", "tax", "shares", "tuesday"}
    correct(store, Relabel("Yukos", "ORG"))
    assert typed(store, "org") == {"tax", "shares", "tuesday"}
    assert typed(store, "PERSON") == {"tony", "cherie", "pm"}


def test_type_leaves_out_a_rejected_entity_and_finds_an_added_text(store: CorpusStore) -> None:
    correct(store, Reject("Cherie Blair"), Add("Tuesday", "DATE"))
    assert "cherie" not in typed(store, "PERSON")
    assert typed(store, "DATE") == {"tuesday"}
    set_active(store.db, 2, False)  # the add undone
    apply_corrections(store)
    assert typed(store, "DATE") == set()


def test_type_finds_a_mention_relabelled_alone(store: CorpusStore) -> None:
    correct(store, RelabelMention((b"tax.txt", "tax"), 0, 5, "NORP", "Yukos"))
    assert typed(store, "norp") == {"tax"}
    set_active(store.db, 1, False)
    apply_corrections(store)
    assert typed(store, "NORP") == set()


def test_type_leaves_a_document_whose_only_mention_of_it_was_relabelled_away(store: CorpusStore) -> None:
    """Yukos stays a PERSON (three to two), but "shares" had only the one mention of it."""
    correct(store, RelabelMention((b"shares.txt", "shares"), 0, 5, "GPE", "Yukos"))
    assert typed(store, "PERSON") == {"tony", "cherie", "pm", "tax", "tuesday"}
    assert typed(store, "GPE") == {"shares"}
    correct(store, RelabelMention((b"shares.txt", "shares"), 0, 5, "PERSON", "Yukos"))  # the last wins
    assert typed(store, "PERSON") == {"tony", "cherie", "pm", "tax", "shares", "tuesday"}
    assert typed(store, "GPE") == set()
    set_active(store.db, 2, False)
    apply_corrections(store)
    assert typed(store, "GPE") == {"shares"}
    assert "shares" not in typed(store, "PERSON")


def test_a_mention_of_a_rejected_entity_relabelled_alone_stays_rejected(store: CorpusStore) -> None:
    """As the highlights and the exports drop it (the overlay), and the panel does not list it."""
    text = DOCUMENTS["cherie"][0]
    cherie = RelabelMention((b"cherie.txt", "cherie"), 0, 12, "GPE", "Cherie Blair")
    correct(store, Reject("Cherie Blair"), cherie)
    assert typed(store, "GPE") == set()
    corrected = correction_overlay(store).spans((b"cherie.txt", "cherie"), text, found(text, "PERSON"))
    assert [text[span.start:span.end] for span in corrected] == []
    set_active(store.db, 1, False)  # the reject undone: the mention is a GPE of its own
    apply_corrections(store)
    assert typed(store, "GPE") == {"cherie"}


def test_an_added_texts_occurrences_are_of_its_label_where_they_join_an_entity_of_another(
    store: CorpusStore,
) -> None:
    """"Yukos" added as a GPE where the model missed it: it joins Yukos, a PERSON (three to two),
    but is drawn as a GPE, and `type:` and the timeline find it so."""
    text = "Gazprom and Yukos met."
    with Transaction(store.db):
        insert_document(store.db, (b"missed.txt", -1), (1, 1, -1, -1),
                        Document(Path("missed.txt"), "missed", None, text, ()))
    assert resolve_store(store)
    correct(store, Add("Yukos", "GPE"))
    drawn = correction_overlay(store).spans((b"missed.txt", "missed"), text, ())
    assert [span.label for span in drawn] == ["GPE"]
    assert table(store)["Yukos"].label == "PERSON"
    assert typed(store, "GPE") == {"missed"}
    assert "missed" not in typed(store, "PERSON")
    assert timeline(store, parse_query("type:GPE")).undated == Count(None, 1, 1)
    assert timeline(store, parse_query("type:PERSON")).undated == Count(None, 6, 11)


def test_the_panels_document_counts_are_the_corrected_entities(store: CorpusStore) -> None:
    asked = [("ORG", "yukos"), ("PERSON", "tony blair"), ("PERSON", "cherie blair")]
    assert document_counts(store, asked) == {("ORG", "yukos"): 2, ("PERSON", "tony blair"): 1,
                                             ("PERSON", "cherie blair"): 1}
    correct(store, Relabel("Yukos", "ORG"), Merge(("Tony Blair", "Cherie Blair")))
    assert document_counts(store, asked) == {("ORG", "yukos"): 3, ("PERSON", "tony blair"): 3,
                                             ("PERSON", "cherie blair"): 3}


def test_a_mention_relabelled_alone_moves_one_of_its_entitys_label_counts(store: CorpusStore) -> None:
    text = DOCUMENTS["tax"][0]
    correct(store, RelabelMention((b"tax.txt", "tax"), 0, 5, "ORG", "Yukos"))
    assert table(store)["Yukos"].label_counts == (("ORG", 3), ("PERSON", 2))
    corrected = correction_overlay(store).spans((b"tax.txt", "tax"), text, found(text, "PERSON"))
    assert [span.label for span in corrected] == ["ORG", "PERSON", "PERSON"]


def test_undoing_a_correction_brings_the_resolution_back(store: CorpusStore) -> None:
    before = table(store)
    correct(store, Reject("Yukos"), Merge(("Tony Blair", "Cherie Blair")))
    assert not corrections_current(store) or table(store) != before
    for item in logged_corrections(store.db):
        set_active(store.db, item.seq, False)
    assert not corrections_current(store)
    apply_corrections(store)
    assert table(store) == before


def test_a_new_resolution_keeps_the_corrections(store: CorpusStore) -> None:
    correct(store, Relabel("Yukos", "ORG"), Split("Tony Blair", "Mr Blair"))
    put(store, "more", "Yukos shares rose. Mr Blair smiled.", "PERSON")
    assert resolve_store(store)
    found_now = table(store)
    assert found_now["Yukos"].label == "ORG" and found_now["Yukos"].documents == 4
    assert found_now["Mr Blair"].documents == 3


def test_the_changes_each_correction_makes_are_counted(store: CorpusStore) -> None:
    correct(store, Relabel("Yukos", "ORG"), Add("Tuesday", "DATE"), Split("Tony Blair", "Mr Blair"),
            RelabelMention((b"tax.txt", "tax"), 0, 5, "ORG", "Yukos"))
    seqs = [item.seq for item in logged_corrections(store.db)]
    assert correction_changes(store) == dict(zip(seqs, [5, 2, 2, 1], strict=True))


def test_an_export_finds_the_overlay_by_the_corpus_path(tmp_path: Path, store: CorpusStore) -> None:
    assert corpus_overlay(tmp_path / "cache", tmp_path / "corpus") is None  # no correction yet
    correct(store, Reject("Yukos"))
    overlay = corpus_overlay(tmp_path / "cache", tmp_path / "corpus")
    assert overlay is not None and not overlay.empty
    assert corpus_overlay(tmp_path / "other-cache", tmp_path / "corpus") is None


CORRECTIONS = st.one_of(
    st.builds(Relabel, st.sampled_from(["Yukos", "Blair", "Mr Blair", "Nobody"]),
              st.sampled_from(["ORG", "GPE"])),
    st.builds(Reject, st.sampled_from(["Yukos", "Cherie Blair", "Mrs Blair"])),
    st.builds(Add, st.sampled_from(["Tuesday", "shares"]), st.sampled_from(["DATE", "MISC"])),
    st.builds(Merge, st.lists(st.sampled_from(["Yukos", "Tony Blair", "Cherie Blair", "Tuesday"]), min_size=2,
                              max_size=3, unique=True).map(tuple)),
    st.builds(Split, st.sampled_from(["Tony Blair", "Cherie Blair"]),
              st.sampled_from(["Blair", "Mr Blair", "Mrs Blair"])),
    # A mention relabelled alone: the only one of its document ("shares"), one of three ("tax"),
    # one of the entity a Reject takes out ("cherie"); to the entity's label or another.
    st.builds(RelabelMention, st.sampled_from([(b"shares.txt", "shares"), (b"tax.txt", "tax")]),
              st.just(0), st.just(5), st.sampled_from(["GPE", "ORG", "PERSON"]), st.just("Yukos")),
    st.builds(RelabelMention, st.just((b"cherie.txt", "cherie")), st.just(0), st.just(12),
              st.sampled_from(["GPE", "PERSON"]), st.just("Cherie Blair")),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(CORRECTIONS, max_size=8))
def test_importing_twice_changes_nothing(tmp_path_factory: pytest.TempPathFactory,
                                         corrections: list[Correction]) -> None:
    folder = tmp_path_factory.mktemp("import")
    made = CorpusStore.for_corpus(folder / "cache", folder / "corpus")
    try:
        for doc_id, (text, label) in {**DOCUMENTS, **EXTRA}.items():
            put(made, doc_id, text, label)
        assert resolve_store(made)
        lines = list(enumerate(corrections, start=1))
        import_corrections(made, lines)
        after_one = (table(made), logged_corrections(made.db))
        again = import_corrections(made, lines)
        assert again.added == 0
        assert (table(made), logged_corrections(made.db)) == after_one
    finally:
        made.close()


def dump(store: CorpusStore) -> dict[str, list[tuple[object, ...]]]:
    return {table: sorted(store.db.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            for table in ("corrected", "corrected_aliases", "corrected_documents", "corrected_mentions",
                          "corrected_pieces")}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(CORRECTIONS, st.booleans()), max_size=8))
def test_applying_one_correction_at_a_time_writes_what_applying_all_at_once_does(
    tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[Correction, bool]]
) -> None:
    """Each apply rewrites only the entities whose signature changed: the tables are the same as
    if every row were written again, after any sequence of corrections made and undone."""
    folder = tmp_path_factory.mktemp("steps")
    made = CorpusStore.for_corpus(folder / "cache", folder / "corpus")
    try:
        for doc_id, (text, label) in {**DOCUMENTS, **EXTRA}.items():
            put(made, doc_id, text, label)
        assert resolve_store(made)
        for correction, undo in steps:
            added = add_correction(made.db, correction)
            apply_corrections(made)
            if undo:
                set_active(made.db, added.seq, False)
                apply_corrections(made)
        stepwise = dump(made)
        apply_corrections(made, anew=True)
        assert dump(made) == stepwise
    finally:
        made.close()


def test_a_text_meaning_two_people_is_corrected_where_it_means_the_one_corrected(store: CorpusStore) -> None:
    both = "Cherie Blair met voters. Blair smiled."  # here "Blair" is Cherie, in "tony" Tony
    put(store, "both", both, "PERSON")
    assert resolve_store(store)
    correct(store, Reject("Cherie Blair"))
    overlay = correction_overlay(store)
    assert overlay.spans((b"both.txt", "both"), both, found(both, "PERSON")) == ()
    tony = DOCUMENTS["tony"][0]
    kept = overlay.spans((b"tony.txt", "tony"), tony, found(tony, "PERSON"))
    assert [tony[span.start:span.end] for span in kept] == ["Tony Blair", "Mr Blair", "Blair"]
    assert matches(store, "Cherie Blair") == set()


def final_labels(store: CorpusStore) -> list[tuple[str, int, int]]:
    """The final entities' labels by document, as the final_* views and the desk give them: an
    entity counts in a document under each label its mentions there have, the one a mention was
    relabelled alone to (the desk's last active relabel of it, its text unchanged), an added
    text's occurrence its add's (as the overlay draws it), else the entity's own."""
    added = {(document, start, end): label for document, start, end, label in store.db.execute(
        'SELECT document, start, "end", label FROM corrected_mentions')}
    alone: dict[tuple[tuple[bytes, str], int, int], RelabelMention] = {}
    for logged in logged_corrections(store.db, active_only=True):
        if isinstance(logged.correction, RelabelMention):
            given = logged.correction
            alone[given.document, given.start, given.end] = given
    counts: Counter[tuple[str, int]] = Counter()
    for entity, document, label, name, doc_id, body in store.db.execute(
        "SELECT d.resolved, d.document, e.label, r.name, r.doc_id, t.body FROM final_documents d"
        " JOIN final_entities e ON e.id = d.resolved JOIN documents r ON r.id = d.document"
        " JOIN plain_texts t ON t.id = d.document"
    ).fetchall():
        own = set()
        for _, start, end in final_mention_spans(store, [document], [entity]):
            mention = alone.get(((bytes(name), doc_id), start, end))
            # Its own label (or its add's) unless relabelled alone, its text unchanged.
            if mention is None or (mention.text and body[start:end] != mention.text):
                own.add(added.get((document, start, end), label).upper())
            else:
                own.add(mention.label.upper())
        for each in own:
            counts[each, document] += 1
    return sorted((label, document, count) for (label, document), count in counts.items())


def kept_labels(store: CorpusStore) -> list[tuple[str, int, int]]:
    return sorted(store.db.execute("SELECT upper(label), document, entities FROM label_documents").fetchall())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(CORRECTIONS, st.booleans()), max_size=8))
def test_the_labels_type_reads_follow_each_correction_made_and_undone(
    tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[Correction, bool]]
) -> None:
    """`type:` reads label_documents, which each apply changes for the entities it rewrites
    alone and the mentions relabelled alone: after every step it is what the final_* views and
    the desk's mention relabels say, and what `type:` finds is too."""
    folder = tmp_path_factory.mktemp("labels")
    made = CorpusStore.for_corpus(folder / "cache", folder / "corpus")
    try:
        for doc_id, (text, label) in {**DOCUMENTS, **EXTRA}.items():
            put(made, doc_id, text, label)
        assert resolve_store(made)
        assert kept_labels(made) == final_labels(made) != []
        for correction, undo in steps:
            added = add_correction(made.db, correction)
            apply_corrections(made)
            assert kept_labels(made) == final_labels(made)
            if undo:
                set_active(made.db, added.seq, False)
                apply_corrections(made)
                assert kept_labels(made) == final_labels(made)
        doc_ids = dict(made.db.execute("SELECT id, doc_id FROM documents"))
        for label in ("PERSON", "ORG", "GPE", "DATE", "MISC"):
            views = {doc_ids[document] for found, document, _ in final_labels(made) if found == label}
            assert views == typed(made, label)
    finally:
        made.close()


def test_type_finds_the_broadest_label_newest_first(store: CorpusStore) -> None:
    """A `type:` page comes in the order of dates (undated last), through the store's index."""
    found = [match.date for match in search(store, TypeFilter("PERSON"), limit=50)]
    dated = [date for date in found if date is not None]
    assert dated == sorted(dated, reverse=True)
    assert found == dated + [None] * (len(found) - len(dated))


def test_the_entity_filter_reads_the_final_documents_as_the_view_gives_them(store: CorpusStore) -> None:
    def view_rows(ids: list[int]) -> list[tuple[int, int, int]]:
        marks = ",".join("?" * len(ids))
        sql = f"SELECT resolved, document, mentions FROM final_documents WHERE resolved IN ({marks})"
        return store.db.execute(sql, ids).fetchall()

    def filtered(label: str, key: str) -> set[str]:
        return {doc_id for doc_id, _ in entity_documents(store, label, key).documents}

    steps: list[tuple[Correction, ...]] = [
        (), (Split("Tony Blair", "Mr Blair"),), (Merge(("Yukos", "Cherie Blair")),), (Reject("Blair"),),
        (Add("Tuesday", "DATE"),),
    ]
    for corrections in steps:
        correct(store, *corrections)
        every = [row for (row,) in store.db.execute("SELECT id FROM final_entities ORDER BY id")]
        touched = {row for (row,) in store.db.execute("SELECT resolved FROM corrected_pieces")}
        assert every and (touched or not corrections)
        for ids in [[row] for row in every] + [every, [every[0], every[-1]]]:
            sql, parameters = final_documents_of(store, ids)
            assert store.db.execute(sql, parameters).fetchall() == view_rows(ids)
        for entity in entities(store):
            listed = mentioning(store, entity.label, entity.key)
            assert listed.ids == filtered(entity.label, entity.key)
            assert listed.count == len(listed.ids) == entity.documents
