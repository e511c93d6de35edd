"""The annotation worker's queue, without Qt and without a worker: what is taken next, how often a
document is counted, and which results are stale."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from gui.core.corpus.corpus import DocumentEntry, load_entry, read_entry
from gui.core.model.corpus_entry import listed_size
from gui.core.model.document import Document
from gui.core.session.annotation_queue import AnnotationQueue, Round


def entry(doc_id: str, size: int = 10) -> DocumentEntry:
    """A listed document of `size` bytes (its file is never read here)."""
    return DocumentEntry(Path(f"{doc_id}.txt"), doc_id, None, doc_id, stamp=(0, size))


def take_all(queue: AnnotationQueue, at_most: int = 2) -> list[Round]:
    """Every round the queue gives until nothing is pending."""
    rounds: list[Round] = []
    while queue.has_pending():
        round_ = queue.take(at_most, budget=1_000_000)
        assert round_ is not None
        rounds.append(round_)
    return rounds


def ids(rounds: list[Round]) -> list[str]:
    return [entry.id for round_ in rounds for entry in round_.entries]


@pytest.fixture
def documents(write_corpus: Callable[[dict[str, str | bytes]], Path]) -> list[DocumentEntry]:
    folder = write_corpus({f"{name}.txt": f"ACME news number {name}." for name in "abcde"})
    return [read_entry(path) for path in sorted(folder.glob("*.txt"))]


def test_documents_are_taken_in_queue_order_each_once() -> None:
    queue = AnnotationQueue()
    generation = queue.replace([entry("a"), entry("b"), entry("c")])
    queue.enqueue([entry("b"), entry("d")])  # b is queued already
    rounds = take_all(queue)
    assert ids(rounds) == ["a", "b", "c", "d"]
    assert all(round_.generation == generation and not round_.comparing for round_ in rounds)
    assert queue.total == 4 and queue.taken_ids == {"a", "b", "c", "d"}
    queue.enqueue([entry("a")])  # taken already: not again
    assert not queue.has_pending() and queue.total == 4


def test_a_prioritised_document_goes_first_and_alone() -> None:
    queue = AnnotationQueue()
    queue.replace([entry("a"), entry("b"), entry("c")])
    queue.prioritize(entry("c"))
    first = queue.take(at_most=3, budget=1_000_000)
    assert first == Round(queue.generation, (entry("c"),), comparing=False, urgent=True)
    rest = queue.take(at_most=3, budget=1_000_000)
    assert rest is not None and [e.id for e in rest.entries] == ["a", "b"] and not rest.urgent
    assert queue.total == 3  # counted once, though queued twice


def test_a_taken_document_is_prioritised_again_only_if_its_file_changed() -> None:
    queue = AnnotationQueue()
    queue.replace([entry("a")])
    take_all(queue)
    queue.prioritize(entry("a"))  # the user opens it again: its result is on its way already
    assert not queue.has_pending() and queue.total == 1
    queue.prioritize(entry("a"), again=True)  # its file changed
    assert queue.pending_ids == ["a"] and queue.total == 2


def test_documents_queued_again_are_taken_again() -> None:
    queue = AnnotationQueue()
    queue.replace([entry("a"), entry("b")])
    take_all(queue)
    queue.enqueue([entry("b")], again=True)  # changed on disk
    assert ids(take_all(queue)) == ["b"]


def test_a_file_changed_again_is_read_again_not_taken_from_the_window(
    documents: list[DocumentEntry],
) -> None:
    queue = AnnotationQueue()
    queue.replace([])
    queue.prioritize(documents[0], document=load_entry(documents[0]))
    queue.enqueue([documents[0]], again=True)  # its file changed on disk meanwhile
    assert not queue.holds_copy(documents[0].id)


def test_the_windows_copy_is_handed_over_once() -> None:
    queue = AnnotationQueue()
    queue.replace([])
    copy = Document(Path("a.txt"), "a", None, "Acme.")
    queue.prioritize(entry("a"), document=copy)
    assert queue.holds_copy("a")
    assert queue.take_copy("a") is copy
    assert queue.take_copy("a") is None


def test_a_round_holds_no_more_than_its_budget_but_at_least_one() -> None:
    queue = AnnotationQueue()
    queue.replace([entry("a", 25), entry("b", 25), entry("c", 25), entry("d", 100)])
    first = queue.take(at_most=10, budget=60)
    assert first is not None and [e.id for e in first.entries] == ["a", "b"]
    second = queue.take(at_most=10, budget=10)  # over the budget alone: it goes alone
    assert second is not None and [e.id for e in second.entries] == ["c"]
    third = queue.take(at_most=10, budget=10)
    assert third is not None and [e.id for e in third.entries] == ["d"]
    assert listed_size(entry("d", 100)) == 100


def test_a_new_generation_drops_the_old_queue_and_its_results() -> None:
    queue = AnnotationQueue()
    first = queue.replace([entry("a"), entry("b")])
    taken = queue.take(at_most=1, budget=1_000_000)
    second = queue.replace([entry("c")])
    assert second == first + 1 and taken is not None and taken.generation == first
    assert not queue.is_current(first) and queue.is_current(second)
    assert queue.count_done(first, 1) is None  # a result of the folder open before
    assert ids(take_all(queue)) == ["c"]  # a is no longer taken, b no longer pending
    assert queue.count_done(second, 1) == (1, 1)


def test_a_comparison_comes_before_anything_and_alone() -> None:
    queue = AnnotationQueue()
    generation = queue.replace([entry("a"), entry("b")])
    queue.prioritize(entry("b"))
    queue.compare(entry("c"))
    compared = queue.take(at_most=5, budget=1_000_000)
    assert compared == Round(generation, (entry("c"),), comparing=True, urgent=True)
    assert ids(take_all(queue)) == ["b", "a"]
    assert queue.total == 2  # a comparison is no document to annotate


def test_a_bulk_queue_is_taken_in_order_each_document_once_and_counted_once(
    documents: list[DocumentEntry],
) -> None:
    # Queued in bulk (as a big folder's whole listing is), then the same documents again, one
    # of them prioritised meanwhile: each is taken once, in queue order after the prioritised one.
    queue = AnnotationQueue(queue_at_once_at_most=2)
    generation = queue.replace(documents)
    assert not queue.pending_ids and queue.bulk_count == 5  # the queueing thread checked nothing
    queue.enqueue(documents[1:3])  # behind the bulk, however few
    queue.prioritize(documents[3])
    taken: list[str] = []
    while (round_ := queue.take(at_most=2, budget=1_000_000)) is not None and round_.entries:
        taken.extend(entry.id for entry in round_.entries)
        if not queue.has_pending():
            break
    assert taken == ["d", "a", "b", "c", "e"]
    assert queue.total == 5  # counted once each, the repeats and the prioritised one dropped
    assert queue.count_done(generation, len(taken)) == (5, 5)


def test_a_document_prioritised_while_queued_in_bulk_is_counted_once_all_along(
    documents: list[DocumentEntry],
) -> None:
    # A folder of more documents than are checked at once, its oldest document shown first (the
    # last one read): it is in the bulk already, and the total stays the folder's size.
    queue = AnnotationQueue(queue_at_once_at_most=2)
    generation = queue.replace(documents)
    queue.prioritize(documents[4])
    assert queue.total == 5
    done = 0
    while queue.has_pending():
        round_ = queue.take(at_most=2, budget=1_000_000)
        assert round_ is not None
        counted = queue.count_done(generation, len(round_.entries))
        assert counted is not None and counted[1] == 5
        done = counted[0]
    assert done == 5


def test_documents_shown_before_the_bulk_is_queued_are_counted_once_all_along(
    documents: list[DocumentEntry],
) -> None:
    # A folder listed in the background: a document is shown (and taken) while it is listed,
    # then the whole listing is queued in bulk.
    queue = AnnotationQueue(queue_at_once_at_most=2)
    generation = queue.replace([])
    queue.prioritize(documents[2])
    first = queue.take(at_most=2, budget=1_000_000)
    assert first is not None and queue.count_done(generation, len(first.entries)) == (1, 1)
    queue.prioritize(documents[3])  # shown, not taken yet
    queue.enqueue(documents)
    assert queue.total == 5
    taken = ids(take_all(queue))
    assert sorted(taken) == ["a", "b", "d", "e"] and queue.total == 5
    assert queue.count_done(generation, len(taken)) == (5, 5)


def test_a_document_shown_again_after_its_file_changed_counts_again_while_bulk_is_queued(
    documents: list[DocumentEntry],
) -> None:
    queue = AnnotationQueue(queue_at_once_at_most=2)
    queue.replace(documents)
    queue.prioritize(documents[4])
    assert queue.take(at_most=2, budget=1_000_000) is not None  # "e" taken
    queue.prioritize(documents[4], again=True)  # its file changed: annotated a second time
    assert queue.total == 6
    assert ids(take_all(queue)) == ["e", "a", "b", "c", "d"] and queue.total == 6


def test_a_document_prioritised_while_queued_in_bulk_but_not_in_it_is_counted_in_the_end(
    documents: list[DocumentEntry],
) -> None:
    queue = AnnotationQueue(queue_at_once_at_most=2)
    queue.replace(documents[:4])
    queue.prioritize(documents[4])  # a new file, not in the bulk
    assert ids(take_all(queue)) == ["e", "a", "b", "c", "d"] and queue.total == 5


def test_a_bulk_queue_is_checked_only_as_far_as_it_is_taken(documents: list[DocumentEntry]) -> None:
    queue = AnnotationQueue(queue_at_once_at_most=2)
    queue.replace(documents)
    round_ = queue.take(at_most=2, budget=1_000_000)
    assert round_ is not None and [e.id for e in round_.entries] == ["a", "b"]
    assert not queue.pending_ids and queue.bulk_count == 3


def test_a_bulk_queue_is_dropped_with_its_folder(documents: list[DocumentEntry]) -> None:
    queue = AnnotationQueue(queue_at_once_at_most=2)
    queue.replace(documents)
    queue.replace(documents[:1])  # another folder, small: queued at once
    assert queue.pending_ids == ["a"] and not queue.bulk_count and queue.total == 1
    queue.stop()
    assert not queue.has_pending()


def test_stopping_ends_a_take_that_waits() -> None:
    queue = AnnotationQueue()
    queue.replace([])
    rounds: list[Round | None] = []
    waiting = threading.Thread(target=lambda: rounds.append(queue.take(at_most=1, budget=1)))
    waiting.start()
    queue.stop()
    waiting.join(30)
    assert not waiting.is_alive() and rounds == [None]
    assert queue.stopping and queue.take(at_most=1, budget=1) is None


def test_a_take_that_waits_gets_the_next_document() -> None:
    queue = AnnotationQueue()
    queue.replace([])
    rounds: list[Round | None] = []
    waiting = threading.Thread(target=lambda: rounds.append(queue.take(at_most=1, budget=1)))
    waiting.start()
    queue.enqueue([entry("a")])
    waiting.join(30)
    assert [round_.entries for round_ in rounds if round_ is not None] == [(entry("a"),)]


def test_the_engine_loads_once_no_longer_deferred() -> None:
    queue = AnnotationQueue()
    assert queue.wait_for_engine()  # not deferred: at once
    queue.defer_engine(True)  # a big folder is being listed
    allowed: list[bool] = []
    waiting = threading.Thread(target=lambda: allowed.append(queue.wait_for_engine()))
    waiting.start()
    queue.defer_engine(False)  # the listing is done
    waiting.join(30)
    assert allowed == [True]


def test_stopping_releases_a_deferred_engine_without_loading_it() -> None:
    queue = AnnotationQueue()
    queue.defer_engine(True)
    allowed: list[bool] = []
    waiting = threading.Thread(target=lambda: allowed.append(queue.wait_for_engine()))
    waiting.start()
    queue.stop()
    waiting.join(30)
    assert allowed == [False]


def test_giving_up_drops_the_queue_and_ends_the_count() -> None:
    queue = AnnotationQueue()
    generation = queue.replace([entry("a"), entry("b"), entry("c")])
    queue.take(at_most=1, budget=1_000_000)
    assert queue.count_done(generation, 1) == (1, 3)
    assert queue.give_up() == (generation, 1)  # the engine cannot run: b and c never will be
    assert not queue.has_pending() and queue.total == 1
