"""The annotation worker as the window holds it: documents queued before the worker exists are
annotated once it starts, its results come through the link's signals, and a link shut down
before it started never starts."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from gui.core.corpus.corpus import DocumentEntry, load_entry, read_entry
from gui.core.model.document import Entity
from gui.core.session.events import AnnotationProgress, DocumentsAnnotated
from gui.widgets.background.annotation_link import AnnotationLink


class OrgEngine:
    """Finds one ORG at the start of every text."""

    pipeline = "link-test-engine"

    def annotate(self, texts: Iterable[str]) -> Iterator[tuple[Entity, ...]]:
        for _ in texts:
            yield (Entity(0, 4, "ORG"),)


@pytest.fixture
def documents(write_corpus: Callable[[dict[str, str | bytes]], Path]) -> list[DocumentEntry]:
    folder = write_corpus({f"{name}.txt": f"ACME news number {name}." for name in "abc"})
    return [read_entry(path) for path in sorted(folder.glob("*.txt"))]


def test_documents_queued_before_the_worker_exists_are_annotated_once_it_starts(
    tmp_path: Path, documents: list[DocumentEntry], qtbot: QtBot
) -> None:
    link = AnnotationLink(tmp_path / "cache.sqlite3", OrgEngine, load_entry)
    annotated: list[str] = []
    progress: list[AnnotationProgress] = []

    def reported(event: DocumentsAnnotated) -> None:
        annotated.extend(report.doc_id for report in event.reports)

    link.annotated.connect(reported)
    link.progress.connect(progress.append)
    generation = link.queue.replace(documents)
    link.queue.prioritize(documents[2])
    assert not link.started
    link.start()
    assert link.started
    qtbot.waitUntil(lambda: sorted(annotated) == ["a", "b", "c"], timeout=30_000)
    assert annotated[0] == "c"  # the prioritised one first
    qtbot.waitUntil(lambda: bool(progress) and progress[-1] == (generation, 3, 3), timeout=5_000)
    link.shutdown()


def test_a_link_shut_down_before_it_started_never_starts(tmp_path: Path) -> None:
    link = AnnotationLink(tmp_path / "cache.sqlite3", OrgEngine, load_entry)
    link.shutdown()
    link.start()
    assert not link.started and link.queue.stopping
