"""The reading session's decisions, without Qt and without spaCy."""

from __future__ import annotations

from pathlib import Path

import pytest

from gui.core.corpus.corpus import Corpus, load_entry
from gui.core.entities.mentions import group_mentions
from gui.core.model.document import Entity, Source
from gui.core.session.annotation_store import AnnotatedDocument
from gui.core.session.reading_session import ReadingSession, row_of_name

BLAIR = "date 2005-03-01\nTony Blair met Gordon Brown in London.\n"
BODY = "Tony Blair met Gordon Brown in London.\n"
ENTITIES = (Entity(0, 10, "PERSON"), Entity(15, 27, "PERSON"), Entity(31, 37, "GPE"))


def report(doc_id: str, body: str, entities: tuple[Entity, ...] = ENTITIES) -> AnnotatedDocument:
    groups = tuple(group_mentions(body, entities))
    return AnnotatedDocument(doc_id, body, entities, Source.ENGINE, groups)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "blair.txt").write_text(BLAIR, encoding="utf-8")
    (tmp_path / "other.txt").write_text("date 2005-01-01\nNothing here.\n", encoding="utf-8")
    return tmp_path


def opened(folder: Path, cached: dict[str, tuple[Entity, ...]] | None = None) -> ReadingSession:
    session = ReadingSession(cached_entities=(cached or {}).get)
    session.open(Corpus.open(folder), generation=3)
    return session


def show(session: ReadingSession, doc_id: str):
    assert session.corpus is not None
    entry = session.corpus.entry(doc_id)
    assert entry is not None
    session.choose(entry)
    return entry, session.display(entry, load_entry(entry))


def test_an_unknown_document_is_shown_without_entities_and_given_to_the_worker(folder: Path) -> None:
    session = opened(folder)
    _, displayed = show(session, "blair")
    assert displayed.shown.annotation is None
    assert displayed.shown.document.entities == ()
    assert displayed.annotate and not displayed.again
    assert session.shows("blair") and session.shows("blair.txt")


def test_a_cached_document_is_shown_with_its_entities_at_once(folder: Path) -> None:
    session = opened(folder, {BODY: ENTITIES})
    _, displayed = show(session, "blair")
    assert displayed.shown.annotation is not None
    assert displayed.shown.annotation.source is Source.CACHE
    assert displayed.shown.document.entities == ENTITIES
    assert [group.name for group in displayed.shown.annotation.groups] == [
        "Tony Blair", "Gordon Brown", "London"
    ]
    assert displayed.annotate  # the worker still fills the indexes and the list's counts


def test_the_worker_result_for_the_document_on_screen_is_drawn(folder: Path) -> None:
    session = opened(folder)
    show(session, "blair")
    accepted = session.accept(3, report("blair", BODY))
    assert accepted.stored and accepted.reread is None
    assert accepted.shown is not None and accepted.shown.document.entities == ENTITIES
    assert session.shown == accepted.shown


def test_a_result_for_the_folder_open_before_is_refused(folder: Path) -> None:
    session = opened(folder)
    show(session, "blair")
    assert session.accept(2, report("blair", BODY)) == (False, None, None)
    assert session.shown is not None and session.shown.annotation is None


def test_a_result_for_another_version_of_the_text_asks_for_it_again(folder: Path) -> None:
    session = opened(folder)
    entry, _ = show(session, "blair")
    accepted = session.accept(3, report("blair", "An older text.\n", ()))
    assert accepted.stored and accepted.reread == entry and accepted.shown is None


def test_a_result_already_shown_from_the_cache_draws_nothing_again(folder: Path) -> None:
    session = opened(folder, {BODY: ENTITIES})
    show(session, "blair")
    cached = session.shown
    assert cached is not None and cached.annotation is not None
    same = report("blair", BODY)._replace(source=Source.CACHE, groups=cached.annotation.groups)
    assert session.accept(3, same) == (True, None, None)


def test_a_brat_document_shows_its_file_and_comparing_asks_the_engine(folder: Path) -> None:
    (folder / "blair.ann").write_text("T1\tPERSON 16 26\tTony Blair\n", encoding="utf-8")
    session = opened(folder)
    entry, displayed = show(session, "blair")
    assert displayed.shown.annotation is not None
    assert displayed.shown.annotation.source is Source.BRAT
    assert displayed.shown.document.entities == (Entity(0, 10, "PERSON", "T1"),)

    session.comparison.toggle()
    asked = session.refresh()
    assert asked is not None and asked.ask_engine == entry and asked.annotation is None
    assert asked.detail == "the engine's entities are on their way…"

    answer = session.accept_comparison(3, report("blair", BODY))
    assert answer is not None and answer.document.entities == ENTITIES
    assert answer.detail == "compared: 1 in both, 2 only found by the engine, 0 only in blair.ann"

    session.comparison.toggle()
    back = session.refresh()
    assert back is not None and back.document.entities == (Entity(0, 10, "PERSON", "T1"),)


def test_comparing_says_why_when_the_engine_cannot_run(folder: Path) -> None:
    (folder / "blair.ann").write_text("T1\tPERSON 16 26\tTony Blair\n", encoding="utf-8")
    session = opened(folder)
    show(session, "blair")
    session.engine_problem = "spaCy is not installed"
    session.comparison.toggle()
    shown = session.refresh()
    assert shown is not None and shown.ask_engine is None
    assert shown.detail == "the engine is unavailable: spaCy is not installed"


def test_a_big_document_being_read_is_dropped_once_another_is_chosen(folder: Path) -> None:
    session = opened(folder)
    assert session.corpus is not None
    first, second = session.corpus.entry("blair"), session.corpus.entry("other")
    assert first is not None and second is not None
    session.choose(first)
    assert session.being_read(first)
    session.choose(second)
    assert not session.being_read(first) and session.being_read(second)


def test_the_document_on_screen_removed_from_disk(folder: Path) -> None:
    session = opened(folder)
    show(session, "blair")
    (folder / "blair.txt").unlink()
    changed = session.corpus_changed(Corpus.open(folder))
    assert changed is not None and changed.change.removed == frozenset({"blair"})
    assert changed.removed is not None and changed.removed.id == "blair"
    assert session.current is None and session.shown is None


def test_the_documents_said_ready_are_those_in_the_folder_after_a_rename(folder: Path) -> None:
    session = opened(folder)
    show(session, "other")
    assert session.accept(3, report("blair", BODY)).stored
    assert session.annotations.summary().startswith("Entities ready for 1 document:")
    (folder / "blair.txt").rename(folder / "blair_renamed.txt")  # one document still: removed, added
    changed = session.corpus_changed(Corpus.open(folder))
    assert changed is not None and changed.change.removed == frozenset({"blair"})
    assert not session.annotations.has("blair") and len(session.annotations) == 0
    assert session.accept(3, report("blair_renamed", BODY)).stored
    assert session.annotations.summary().startswith("Entities ready for 1 document:")


def test_the_document_on_screen_changed_on_disk_is_shown_again(folder: Path) -> None:
    session = opened(folder)
    show(session, "blair")
    (folder / "blair.txt").write_text(BLAIR + "More text.\n", encoding="utf-8")
    changed = session.corpus_changed(Corpus.open(folder))
    assert changed is not None and changed.reread is not None and changed.reread.id == "blair"


def test_a_new_listing_without_changes_means_nothing(folder: Path) -> None:
    session = opened(folder)
    show(session, "blair")
    assert session.corpus_changed(Corpus.open(folder)) is None


def test_opening_another_corpus_forgets_the_last(
    folder: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    session = opened(folder)
    show(session, "blair")
    session.accept(3, report("blair", BODY))
    other = tmp_path_factory.mktemp("other")
    (other / "a.txt").write_text("A text.\n", encoding="utf-8")
    session.open(Corpus.open(other), generation=4)
    assert session.current is None and session.shown is None and len(session.annotations) == 0
    assert session.location(0) is None
    assert not session.accept(3, report("blair", BODY)).stored


def test_what_an_export_of_the_document_on_screen_writes(folder: Path) -> None:
    session = opened(folder)
    assert session.document_to_export() == "No document to export"
    show(session, "blair")
    assert session.document_to_export() == (
        "This document's entities are not known yet: export it once it is highlighted"
    )
    session.accept(3, report("blair", BODY))
    exported = session.document_to_export()
    assert not isinstance(exported, str) and exported.entities == ENTITIES


def test_a_brat_document_exports_its_own_entities_even_while_compared(folder: Path) -> None:
    (folder / "blair.ann").write_text("T1\tPERSON 16 26\tTony Blair\n", encoding="utf-8")
    session = opened(folder)
    show(session, "blair")
    session.comparison.toggle()
    session.refresh()
    session.accept_comparison(3, report("blair", BODY))
    exported = session.document_to_export()
    assert not isinstance(exported, str) and exported.entities == (Entity(0, 10, "PERSON", "T1"),)


def test_what_a_change_on_disk_asks_of_the_open_corpus(folder: Path, tmp_path: Path) -> None:
    session = ReadingSession()
    assert session.relisting() == "none"
    session.open(Corpus.open(folder), generation=1)
    assert session.relisting() == "relist"
    records = tmp_path / "records.jsonl"
    records.write_text('{"id": "a", "text": "Tony Blair spoke."}\n', encoding="utf-8")
    session.open(Corpus.open(records), generation=2)
    assert session.relisting() == "reopen"


def test_types_read_for_the_open_corpus_are_taken_and_those_of_another_dropped(
    folder: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from gui.core.colours.palette import TypeDisplay
    from gui.core.session.events import TypesRead

    session = opened(folder)
    assert session.corpus is not None
    earlier = session.corpus
    persons = (TypeDisplay("Person", "Person", "#ffcc00"),)
    assert session.types_read(TypesRead(earlier, persons, ("annotation.conf: 1 type ignored",)))
    assert earlier.types == persons and "annotation.conf: 1 type ignored" in earlier.problems
    other = tmp_path_factory.mktemp("other")
    (other / "a.txt").write_text("A text.\n", encoding="utf-8")
    session.open(Corpus.open(other), generation=4)
    assert not session.types_read(TypesRead(earlier, (), ()))
    assert session.corpus is not None and session.corpus.types != persons


def test_the_document_shown_while_a_big_folder_is_listed(folder: Path) -> None:
    session = opened(folder)
    assert session.corpus is not None
    newest = session.corpus.entries[0]
    # Nothing asked for: the newest listed so far stands in while the rest come.
    assert session.listed(done=False, reader_moved=False) == 0
    session.choose(newest)
    assert session.listed(done=False, reader_moved=False) is None  # chosen already
    # All listed: the newest replaces the stand-in, unless the reader has moved in it.
    assert session.listed(done=True, reader_moved=True) is None
    session.open(session.corpus, generation=4)
    assert session.listed(done=False, reader_moved=False) == 0
    session.choose(newest)
    assert session.listed(done=True, reader_moved=False) == 0


def test_the_document_asked_for_is_shown_as_soon_as_it_is_listed(folder: Path) -> None:
    session = ReadingSession()
    corpus = Corpus.open(folder)
    session.open(corpus, generation=1, wanted="other.txt")
    assert session.first_row() == corpus.index_of("other")
    assert session.listed(done=False, reader_moved=False) == corpus.index_of("other")
    session.open(corpus, generation=2, wanted="missing")
    assert session.first_row() == 0
    assert session.listed(done=False, reader_moved=False) is None  # not listed yet: wait
    assert session.listed(done=True, reader_moved=False) == 0  # never listed: the newest


def test_a_document_is_found_by_id_or_file_name_at_once_and_other_names_by_a_scan(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    for name in ("b.txt", "a.txt", "c.txt"):
        (folder / name).write_text(f"Text of {name}.\n", encoding="utf-8")
    records = tmp_path / "records.jsonl"
    records.write_text('{"id": "r1", "text": "One."}\n{"id": "r2", "text": "Two."}\n', encoding="utf-8")
    corpus = Corpus.open(folder)
    for name in ("b", "b.txt", "c.txt"):
        row = row_of_name(corpus, name, scan=False)  # found without a scan of every entry
        assert corpus.entries[row].name == name.removesuffix(".txt") + ".txt"
    assert row_of_name(corpus, "nothing.txt") == -1
    lines = Corpus.open(records)
    assert row_of_name(lines, "r2", scan=False) == lines.index_of("r2")
    # The JSON Lines file's own name names its first record, found by the scan only.
    assert row_of_name(lines, "records.jsonl", scan=False) == -1
    assert row_of_name(lines, "records.jsonl") == 0
