"""What the corpus store's tests share: a runner that "annotates" known names (so no spaCy is
needed), a private entity cache, and the annotation function `seedview index` composes."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from pathlib import Path

from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_upkeep import Annotate, update
from gui.core.engine.annotate_corpus import annotate_corpus
from gui.core.engine.annotation_runners import ChunkFuture, DoneFuture
from gui.core.engine.cache import EntityCache
from gui.core.model.document import Document, Entity

PIPELINE = "test-pipeline"
NAMES = {
    "Angela Merkel": "PERSON", "Merkel": "PERSON", "Emmanuel Macron": "PERSON", "Paris": "GPE",
    "Berlin": "GPE", "Barack Obama": "PERSON", "Obama": "PERSON", "Tony Blair": "PERSON",
    "Blair": "PERSON", "London": "GPE", "Reuters": "ORG", "Ana Lopez": "PERSON", "Lima": "GPE",
}  # fmt: skip
_PATTERN = re.compile("|".join(sorted(map(re.escape, NAMES), key=len, reverse=True)))


def find_names(text: str) -> tuple[Entity, ...]:
    """The known names in a text, as an engine would give them."""
    return tuple(Entity(m.start(), m.end(), NAMES[m.group()]) for m in _PATTERN.finditer(text))


class NameRunner:
    """A chunk runner that finds NAMES: it counts the texts it is sent."""

    slots = 1

    def __init__(self) -> None:
        self.texts: list[str] = []

    def submit(self, texts: list[str]) -> ChunkFuture:
        self.texts.extend(texts)
        return DoneFuture((PIPELINE, [find_names(text) for text in texts]))

    def close(self) -> None:
        """Nothing to stop."""


def annotation(cache: EntityCache, runner: NameRunner) -> Annotate:
    """What `seedview index` does: the cache first, the runner for the rest."""

    def annotate(documents: Iterable[Document]) -> Iterable[Document]:
        return annotate_corpus(documents, cache, runner)

    return annotate


def fingerprint(folder: Path) -> str:
    """A hash of every name, mode, modification time and byte under `folder`."""
    digest = hashlib.sha256()
    for path in sorted([folder, *folder.rglob("*")]):
        info = path.lstat()
        digest.update(os.fsencode(path.relative_to(folder)))
        digest.update(f"{info.st_mode}:{info.st_mtime_ns}".encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def stored_corpus(tmp_path: Path, files: dict[str, str]) -> CorpusStore:
    """A folder of `files` (name: text) under `tmp_path`, in a store made and brought up to date
    in `tmp_path / "cache"`, its names annotated by NameRunner. The caller closes it."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    store = CorpusStore.for_corpus(tmp_path / "cache", folder)
    cache = EntityCache(None, PIPELINE)
    try:
        update(store, folder, annotation(cache, NameRunner()))
    finally:
        cache.close()
    return store
